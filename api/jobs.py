"""Background training jobs: each upload trains in its own process, so scoring never waits.

A job is a directory ``<jobs_dir>/<job_id>/`` with the uploaded bytes and ``state.json``
(written atomically). The runner process (``api.job_runner``) moves the state from
``queued`` to ``running`` to ``succeeded`` or ``failed``. A job that was running when its
process died (kill -9, a restart) is marked failed the next time the server starts or
the job is read; the previous model keeps serving, since a model only becomes current
once fully written.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import uuid
from datetime import UTC, datetime
from pathlib import Path

ACTIVE = ("queued", "running")
_RUNNING: set[int] = set()  # pids of training processes this server started and still waits on


def training_in_progress() -> bool:
    return bool(_RUNNING)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_state(job_dir: Path, state: dict) -> None:
    fd, tmp = tempfile.mkstemp(dir=job_dir, prefix=".state.", suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        json.dump(state, fh, indent=2)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, job_dir / "state.json")


def read_state(job_dir: Path) -> dict:
    return json.loads((job_dir / "state.json").read_text())


def _alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:  # a finished child we have not reaped yet is not alive
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


class JobManager:
    def __init__(self, jobs_dir: Path, models_dir: Path, on_finish=None):
        self.jobs_dir = Path(jobs_dir)
        self.models_dir = Path(models_dir)
        self.on_finish = on_finish
        self.jobs_dir.mkdir(parents=True, exist_ok=True)

    def recover(self) -> int:
        """Mark jobs whose process is gone as failed; returns how many."""
        failed = 0
        for job_dir in self.jobs_dir.iterdir():
            if (job_dir / "state.json").is_file() and self._reap_if_dead(job_dir):
                failed += 1
        return failed

    def _reap_if_dead(self, job_dir: Path) -> bool:
        try:
            state = read_state(job_dir)
        except (OSError, json.JSONDecodeError):
            return False
        if state["state"] in ACTIVE and not _alive(state.get("pid")):
            state.update(
                state="failed",
                finished_at=_now(),
                error="training was interrupted (the process stopped); the previous model is still serving",
            )
            write_state(job_dir, state)
            return True
        return False

    def submit(self, creator_id: str, data: bytes, fmt: str = "auto") -> dict:
        job_id = uuid.uuid4().hex
        job_dir = self.jobs_dir / job_id
        job_dir.mkdir(parents=True)
        (job_dir / "upload.bin").write_bytes(data)
        state = {
            "job_id": job_id,
            "creator_id": creator_id,
            "state": "queued",
            "format": fmt,
            "created_at": _now(),
            "started_at": None,
            "finished_at": None,
            "report": None,
            "error": None,
            "pid": None,
        }
        write_state(job_dir, state)
        process = subprocess.Popen(
            [sys.executable, "-m", "api.job_runner", str(job_dir), str(self.models_dir)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env={**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"},
        )
        state["pid"] = process.pid
        _RUNNING.add(process.pid)
        current = read_state(job_dir)
        if current["state"] == "queued":
            current["pid"] = process.pid
            write_state(job_dir, current)
        threading.Thread(target=self._watch, args=(process, job_dir), daemon=True).start()
        return self.get(job_id)

    def _watch(self, process: subprocess.Popen, job_dir: Path) -> None:
        process.wait()
        _RUNNING.discard(process.pid)
        state = read_state(job_dir)
        if state["state"] in ACTIVE:  # the runner died without saying how
            state.update(
                state="failed",
                finished_at=_now(),
                error="the training process stopped unexpectedly; the previous model is still serving",
            )
            write_state(job_dir, state)
        if self.on_finish:
            self.on_finish(state)

    def get(self, job_id: str) -> dict | None:
        if not job_id.isalnum():
            return None
        job_dir = self.jobs_dir / job_id
        if not (job_dir / "state.json").is_file():
            return None
        self._reap_if_dead(job_dir)
        state = read_state(job_dir)
        state.pop("pid", None)
        return state
