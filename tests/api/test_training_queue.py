"""Training under many uploads: a bounded queue of jobs, never a process per upload.

Twelve uploads at once (the issue's case) run on the real training processes; the queue's
order, positions, de-duplication and restart are checked on the jobs directory alone.
"""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

import msgspec
import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.jobs import JobManager
from api.settings import Settings
from tests.api.conftest import ADMIN
from training.importers import canonical_csv_text
from training.job_state import read_state, write_state
from training.sample_data import generate_history

BAD = b"post_id,created_at,caption,views,saves\nx,,hi,10,1\n"


def _csv(n: int, creator: str, seed: int) -> bytes:
    return canonical_csv_text(generate_history(n, seed=seed, creator_id=creator)).encode()


def test_jobs_wait_in_order_with_positions_and_a_waiting_creator_gets_its_job_back(tmp_path):
    jobs = JobManager(tmp_path / "jobs", tmp_path / "models")  # not started: nothing is taken off the queue
    first = [jobs.submit(c, b"v1 " + c.encode()) for c in ("ann", "ben", "cat")]
    assert [j.state for j in first] == ["queued"] * 3
    assert [j.position for j in first] == [1, 2, 3]
    again = jobs.submit("ben", b"v2 ben", "jsonl")
    assert again.job_id == first[1].job_id and again.uploads == 2 and again.position == 2
    job_dir = tmp_path / "jobs" / again.job_id
    assert (job_dir / "upload.bin").read_bytes() == b"v2 ben" and read_state(job_dir).format == "jsonl"
    assert len(list((tmp_path / "jobs").iterdir())) == 3
    # A waiting job has no process, and reading it must not fail it.
    assert jobs.get(first[0].job_id).state == "queued"

    restarted = JobManager(tmp_path / "jobs", tmp_path / "models")
    assert restarted.recover() == 0
    assert [restarted.get(j.job_id).position for j in first] == [1, 2, 3]
    assert restarted.submit("cat", b"v2 cat").job_id == first[2].job_id


def test_a_job_running_when_the_server_died_fails_and_the_queue_moves_on(tmp_path):
    jobs_dir = tmp_path / "jobs"
    jobs = JobManager(jobs_dir, tmp_path / "models")
    dead = jobs.submit("ann", BAD)
    state = read_state(jobs_dir / dead.job_id)
    write_state(jobs_dir / dead.job_id, msgspec.structs.replace(state, state="running", pid=2**22 + 12345))
    waiting = jobs.submit("ben", BAD)

    restarted = JobManager(jobs_dir, tmp_path / "models")
    restarted.start()
    try:
        assert restarted.get(dead.job_id).state == "failed"
        deadline = time.monotonic() + 120
        while restarted.get(waiting.job_id).state != "failed" and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        restarted.stop()
    finished = restarted.get(waiting.job_id)
    assert finished.state == "failed" and "no usable post" in finished.error  # it ran after the restart


def _as_the_old_code_wrote(job_dir: Path, state: dict) -> None:
    """A state file as written before the job state was a Struct: a dict through json.dumps."""
    job_dir.mkdir(parents=True)
    (job_dir / "state.json").write_text(json.dumps(state, indent=2))


def test_jobs_written_before_the_typed_state_are_read_after_the_upgrade(tmp_path):
    jobs_dir = tmp_path / "jobs"
    common = {"format": "auto", "started_at": None, "finished_at": None, "report": None, "error": None}
    queued = {
        **common,
        "job_id": "queued1",
        "creator_id": "ann",
        "state": "queued",
        "format": "csv",
        "created_at": "2026-11-20T10:00:00+00:00",
        "seq": 5,
        "uploads": 2,
        "pid": None,
    }
    report = {"version": "v1", "posts": 24, "rejected_rows": [], "quality": {"model": {"spearman": float("nan")}}}
    done = {
        **common,
        "job_id": "done1",
        "creator_id": "ben",
        "state": "succeeded",
        "created_at": "2026-11-20T09:00:00+00:00",
        "seq": 3,
        "uploads": 1,
        "started_at": "2026-11-20T09:00:01+00:00",
        "finished_at": "2026-11-20T09:01:00+00:00",
        "report": report,  # json.dumps writes the NaN as NaN, which is not JSON
        "pid": 4321,
    }
    # From before jobs had a sequence number or counted uploads, left running by a server that died.
    dead = {**common, "job_id": "dead1", "creator_id": "cat", "state": "running", "created_at": "x", "pid": 2**22 + 1}
    for state in (queued, done, dead):
        _as_the_old_code_wrote(jobs_dir / state["job_id"], state)

    jobs = JobManager(jobs_dir, tmp_path / "models")
    assert jobs.recover() == 1  # the running job whose process is gone
    # Each reads as the old code showed it: the state without pid and seq, with the queue position.
    assert msgspec.to_builtins(jobs.get("queued1")) == {
        **{k: v for k, v in queued.items() if k not in ("pid", "seq")},
        "position": 1,
        "timezone": None,  # given with an upload since issue 30; none before
    }
    shown = msgspec.json.decode(msgspec.json.encode(jobs.get("done1")))  # as the API sends it: NaN is null
    assert shown == {
        **{k: v for k, v in done.items() if k not in ("pid", "seq")},
        "report": {**report, "quality": {"model": {"spearman": None}}},
        "position": None,
        "timezone": None,
    }
    failed = jobs.get("dead1")
    assert failed.state == "failed" and "interrupted" in failed.error and failed.uploads == 1
    assert failed.finished_at and failed.position is None

    # A waiting job takes a newer upload as before, and its file keeps the old keys (json.loads reads it).
    assert jobs.submit("ann", b"v3").job_id == "queued1"
    rewritten = json.loads((jobs_dir / "queued1" / "state.json").read_text())
    assert rewritten == {**queued, "uploads": 3, "format": "auto", "timezone": None}


def _runner_processes(jobs_dir: Path) -> list[tuple[int, int]]:
    """(pid, RSS in bytes) of every training process working on a job under ``jobs_dir``."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
            if b"training.worker" not in cmdline or not any(str(jobs_dir).encode() in part for part in cmdline):
                continue
            status = (proc / "status").read_text().splitlines()
            # Only the server's own children: a runner's momentary fork (a library starting a
            # helper program) carries the runner's command line until it execs.
            if next(int(line.split()[1]) for line in status if line.startswith("PPid")) != os.getpid():
                continue
            rss_kb = next(int(line.split()[1]) for line in status if line.startswith("VmRSS"))
        except (OSError, StopIteration):
            continue
        found.append((int(proc.name), rss_kb * 1024))
    return found


@pytest.mark.slow
def test_twelve_uploads_at_once_never_run_more_than_the_configured_workers(settings):
    workers = 2
    bounded = Settings(**{**settings.__dict__, "training_workers": workers})
    uploads = {f"c{i:02d}": _csv(24, f"c{i:02d}", seed=i) for i in range(6)}  # trainable
    uploads["c00"] = (
        _csv(24, "c00", seed=0)
        + b"".join(  # plus 204 rows of another creator
            line + b"\r\n" for line in _csv(204, "someone-else", seed=99).splitlines()[1:]
        )
    )
    uploads |= {f"c{i:02d}": BAD for i in range(6, 9)}  # no usable row
    uploads |= {f"c{i:02d}": _csv(2, f"c{i:02d}", seed=i) for i in range(9, 12)}  # too few posts

    peak = {"processes": 0, "rss": 0}
    done = threading.Event()

    def watch() -> None:
        while not done.is_set():
            running = _runner_processes(bounded.resolved_jobs_dir)
            peak["processes"] = max(peak["processes"], len(running))
            peak["rss"] = max(peak["rss"], sum(rss for _, rss in running))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    with TestClient(app=create_app(bounded)) as client:
        watcher.start()
        accepted = [
            client.post(f"/v1/creators/{creator}/history", content=data, headers=ADMIN)
            for creator, data in uploads.items()
        ]
        assert [r.status_code for r in accepted] == [202] * 12
        jobs = [r.json() for r in accepted]
        assert max(j["position"] or 0 for j in jobs) >= 12 - workers - 1  # the later ones wait, with a place

        states, scored = {}, 0
        deadline = time.monotonic() + 600
        while len(states) < 12 and time.monotonic() < deadline:
            score = client.post("/v1/creators/alice/score", json={"caption": "Save this: 3 tips"}, headers=ADMIN)
            assert score.status_code == 200  # scoring goes on while the queue trains
            scored += 1
            for job in jobs:
                state = client.get(f"/v1/jobs/{job['job_id']}", headers=ADMIN).json()
                if state["state"] in ("succeeded", "failed"):
                    states[job["creator_id"]] = state
            time.sleep(0.3)
        done.set()
    watcher.join()

    assert len(states) == 12, f"unfinished: {sorted(set(uploads) - set(states))}"
    assert 1 <= peak["processes"] <= workers, peak
    assert peak["rss"] < workers * 1.2e9, peak  # each process ~600 MB; twelve at once would be ~7 GB
    assert scored >= 3
    assert {c for c, s in states.items() if s["state"] == "succeeded"} == {f"c{i:02d}" for i in range(6)}
    for creator, state in states.items():
        assert state["state"] == "succeeded" or state["error"], (creator, state)

    report = states["c00"]["report"]
    assert report["posts"] == 24 and report["foreign_rows"] == 204
    foreign = [r for r in report["rejected_rows"] if r["column"] == "creator_id"]
    assert len(foreign) == 204 and all(isinstance(r["row"], int) for r in foreign)
    assert [r["row"] for r in foreign] == list(range(26, 230))  # header row 1, 24 own rows first
    (group,) = [g for g in report["rejected_groups"] if g["column"] == "creator_id"]
    assert group["count"] == 204 and [e["row"] for e in group["examples"]] == [26, 27, 28]
    assert "another creator" in group["reason"] and group["examples"][0]["value"] == "someone-else"
