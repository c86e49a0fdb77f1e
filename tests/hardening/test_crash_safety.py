"""kill -9 mid-training and mid-upload: the previous model still serves, the job says failed."""

from __future__ import annotations

import os
import signal
import time

from api.jobs import JobManager
from models.fit.store import load_model
from tests.helpers import ALICE
from training.importers import write_canonical_csv
from training.job_state import read_state
from training.sample_data import generate_history


def _history_bytes(tmp_path, n=2000):
    path = tmp_path / "big.csv"
    write_canonical_csv(generate_history(n, seed=5, creator_id="alice"), path)
    return path.read_bytes()


def test_kill_9_during_training_keeps_previous_model_and_fails_the_job(client, settings, tmp_path):
    before = load_model(settings.models_dir, "alice")[1].version
    job = client.post("/v1/creators/alice/history", content=_history_bytes(tmp_path), headers=ALICE).json()
    job_dir = settings.resolved_jobs_dir / job["job_id"]
    deadline = time.monotonic() + 60
    while read_state(job_dir).state != "running" and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(read_state(job_dir).pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        state = client.get(f"/v1/jobs/{job['job_id']}", headers=ALICE).json()
        if state["state"] == "failed":
            break
        time.sleep(0.2)
    assert state["state"] == "failed" and "previous model" in state["error"]
    _model, meta = load_model(settings.models_dir, "alice")  # still loadable, still the old version
    assert meta.version == before
    assert (
        client.post("/v1/creators/alice/score", json={"caption": "x"}, headers=ALICE).json()["model_version"] == before
    )
    assert not list((settings.models_dir / "alice").glob("*.tmp"))


def test_job_left_running_by_a_dead_server_is_failed_on_restart(settings):
    jobs = JobManager(settings.resolved_jobs_dir, settings.models_dir)
    job_dir = settings.resolved_jobs_dir / "deadbeef"
    job_dir.mkdir(parents=True)
    from training.job_state import Job, write_state

    write_state(
        job_dir,
        Job(
            job_id="deadbeef",
            creator_id="alice",
            state="running",
            format="auto",
            created_at="x",
            started_at="x",
            finished_at=None,
            report=None,
            error=None,
            pid=2**22 + 12345,
        ),
    )  # no such process
    assert jobs.recover() == 1
    assert read_state(job_dir).state == "failed"


def test_kill_9_mid_save_leaves_last_good_model(settings, tmp_path):
    """A training process killed while writing its model file leaves only a temp file behind."""
    import subprocess
    import sys

    before = load_model(settings.models_dir, "alice")[1].version
    script = (
        "import os, signal, sys\n"
        "import models.core.atomic_files as atomic_files\n"
        "import models.fit.store as store\n"
        "from models.fit.creator_model import CreatorModel\n"
        "from training.sample_data import generate_history\n"
        "real_replace = atomic_files.os.replace\n"
        "def die(src, dst):\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "atomic_files.os.replace = die\n"
        "m = CreatorModel('alice').fit(generate_history(40, seed=3, creator_id='alice'))\n"
        f"store.save_model(m, {str(settings.models_dir)!r})\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=False)
    assert proc.returncode == -signal.SIGKILL
    assert load_model(settings.models_dir, "alice")[1].version == before
