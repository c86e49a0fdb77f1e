"""Long work visible and stoppable: progress lines without a terminal; SIGTERM stops a 2-worker `train` whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from models.fit.store import load_model
from training.importers import write_canonical_csv
from training.progress import ProgressLines
from training.sample_data import generate_history

ROOT = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    """Every live descendant of ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z":
                parents[int(entry.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize(
    ("signum", "runner"),
    [
        (signal.SIGTERM, "local"),
        (signal.SIGINT, "local"),  # Ctrl-C: a terminal sends it to the whole process group
        pytest.param(signal.SIGTERM, "ray", marks=pytest.mark.slow),  # Ray's processes are the command's children
    ],
)
def test_a_stop_signal_ends_every_worker_and_removes_the_scratch_folder(tmp_path, signum, runner):
    if runner == "ray":
        pytest.importorskip("ray", reason="Ray is not installed (optional extra: pip install '.[ray]')")
    history = tmp_path / "history.csv"
    posts = [p for i in range(8) for p in generate_history(150, seed=40 + i, creator_id=f"c{i}")]
    write_canonical_csv(posts, history)
    models = tmp_path / "models"
    log = tmp_path / "stderr.log"
    command = [sys.executable, "-m", "api.cli", "train", str(history), "--models-dir", str(models), "--workers", "2"]
    command += ["--ray"] if runner == "ray" else []
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 240
        # Wait until both workers exist and the first creator is through (a progress line, stderr not a terminal).
        # Ray's runtime (its server, raylet and task workers) are the command's descendants too.
        while "captions and statistics: 1/8 creators" not in log.read_text() or len(_children(process.pid)) < 2:
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        workers = _children(process.pid)
        assert list(models.glob(".run-*")), "the run's scratch folder exists while it runs"
        if signum == signal.SIGINT:
            os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the workers get it too
        else:
            process.send_signal(signal.SIGTERM)
        stopped_at = time.monotonic()
        code = process.wait(timeout=30)
        took = time.monotonic() - stopped_at
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    text = log.read_text()
    assert code == 128 + signum, text
    assert "interrupted" in text and took < 15
    time.sleep(0.5)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # never leave them running, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, "a worker outlived the command"
    assert not list(models.glob(".run-*")), "the scratch folder was left behind"
    assert not list(models.rglob("*.tmp")), "a half-written file was left behind"
    for creator in (d for d in models.iterdir() if (d / "current.json").exists()):
        load_model(models, creator.name)  # every stored model is whole


def test_progress_lines_say_done_total_rate_and_time_left():
    lines: list[str] = []
    now = [0.0]
    progress = ProgressLines(lines.append, 10, every_s=5, clock=lambda: now[0])
    for i in range(10):
        now[0] = 2.0 * (i + 1)
        progress("statistics", f"c{i}", "ok")
    assert lines[0] == "captions and statistics: 1/10 creators"
    assert "4/10 creators, 30.0 creators/min, about 12 s left" in lines[1]
    assert lines[-1] == "captions and statistics: 10/10 creators, done in 18 s"
    assert len(lines) == 4  # the first, every 5 s (at 8 and 14 s) and the end (20 s); not every creator
    now[0] = 100.0
    progress("training", "c0", "ok")
    assert lines[-1] == "evaluating and storing: 1/10 creators"
