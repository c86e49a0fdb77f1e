"""Background training through a bounded queue: scoring never waits, and uploads never pile up processes.

A job is a directory ``<jobs_dir>/<job_id>/`` with the uploaded bytes and ``state.json``
(written atomically). Jobs wait as ``queued`` (with their ``position``) until one of
``workers`` threads takes them; each job then trains in its own process (``training.worker``,
~600 MB and a core), which moves the state to ``running`` and then ``succeeded`` or
``failed``. So ten uploads in a second are ten queued jobs and at most ``workers``
processes, not ten.

* A creator with a job still waiting gets that job back, its upload replaced by the newer
  one (latest wins, as if both had run), instead of a second job.
* The queue is the jobs directory: on start, jobs still ``queued`` are queued again in
  their original order; a job that was ``running`` when its process died (kill -9, a
  restart) is marked failed, and the previous model keeps serving, since a model only
  becomes current once fully written.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import msgspec

from api.schemas import JobState
from models.core.atomic_files import atomic_write
from training.job_state import ACTIVE, Job, now, read_state, write_state

log = logging.getLogger("saveworthy.api")


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
    def __init__(
        self,
        jobs_dir: Path,
        models_dir: Path,
        on_finish: Callable[[Job], None] | None = None,
        *,
        workers: int = 1,
    ):
        self.jobs_dir = Path(jobs_dir)
        self.models_dir = Path(models_dir)
        self.on_finish = on_finish
        self.workers = max(1, workers)
        self.jobs_dir.mkdir(parents=True, exist_ok=True)
        self._queue: list[str] = []  # job ids waiting, oldest first
        self._changed = threading.Condition()
        self._threads: list[threading.Thread] = []
        self._stopping = False
        self._running: set[int] = set()  # pids of training processes this manager started and waits on

    def training_in_progress(self) -> bool:
        return bool(self._running)

    # ---- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        """Recover the jobs directory, then start the workers."""
        self.recover()
        self._stopping = False
        for i in range(self.workers):
            thread = threading.Thread(target=self._work, name=f"training-worker-{i}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Idle workers leave; a job already training finishes in its own process and records its end."""
        with self._changed:
            self._stopping = True
            self._changed.notify_all()
        self._threads.clear()

    def recover(self) -> int:
        """Fail jobs whose process is gone and queue again the ones still waiting; returns how many failed."""
        failed, waiting = 0, []
        for job_dir in self.jobs_dir.iterdir():
            if not (job_dir / "state.json").is_file():
                continue
            if self._reap_if_dead(job_dir):
                failed += 1
                continue
            try:
                job = read_state(job_dir)
            except (OSError, msgspec.DecodeError):
                continue
            if job.state == "queued":
                waiting.append((job.seq, job.created_at, job.job_id))
        with self._changed:
            known = set(self._queue)
            self._queue.extend(job_id for *_, job_id in sorted(waiting) if job_id not in known)
            self._changed.notify_all()
        return failed

    def _reap_if_dead(self, job_dir: Path) -> bool:
        try:
            job = read_state(job_dir)
        except (OSError, msgspec.DecodeError):
            return False
        if job.state == "running" and not _alive(job.pid):
            error = "training was interrupted (the process stopped); the previous model is still serving"
            write_state(job_dir, job.finished("failed", error=error))
            return True
        return False

    # ---- queue ----------------------------------------------------------------------
    def submit(self, creator_id: str, data: bytes, fmt: str = "auto", timezone: str | None = None) -> JobState:
        """Queue a training job, or hand back the creator's job still waiting (with this upload)."""
        with self._changed:
            for job_id in self._queue:
                job_dir = self.jobs_dir / job_id
                job = read_state(job_dir)
                if job.creator_id == creator_id:
                    atomic_write(job_dir / "upload.bin", data)
                    job = msgspec.structs.replace(job, format=fmt, timezone=timezone, uploads=job.uploads + 1)
                    write_state(job_dir, job)
                    return self._public(job)
            job_id = uuid.uuid4().hex
            job_dir = self.jobs_dir / job_id
            job_dir.mkdir(parents=True)
            atomic_write(job_dir / "upload.bin", data)
            job = Job(
                job_id=job_id,
                creator_id=creator_id,
                state="queued",
                format=fmt,
                timezone=timezone,
                created_at=now(),
                seq=time.time_ns(),
            )
            write_state(job_dir, job)
            self._queue.append(job_id)
            self._changed.notify()
            return self._public(job)

    def _work(self) -> None:
        while True:
            with self._changed:
                while not self._queue and not self._stopping:
                    self._changed.wait()
                if self._stopping:
                    return
                job_id = self._queue.pop(0)
            try:
                self._run(self.jobs_dir / job_id)
            except Exception:  # a worker must outlive any one job
                log.exception("training job %s could not be run", job_id)

    def _run(self, job_dir: Path) -> None:
        # The runner's output goes to a file: a pipe nobody reads would block it once full.
        with (job_dir / "runner.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "training.worker", str(job_dir), str(self.models_dir)],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                env={**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"},
            )
            self._running.add(process.pid)
            try:
                process.wait()
            finally:
                self._running.discard(process.pid)
        job = read_state(job_dir)
        if job.state in ACTIVE:  # the runner died without saying how
            job = job.finished(
                "failed", error="the training process stopped unexpectedly; the previous model is still serving"
            )
            write_state(job_dir, job)
        if self.on_finish:
            self.on_finish(job)

    # ---- reading --------------------------------------------------------------------
    def _public(self, job: Job) -> JobState:
        """What a caller sees of a job: its place in the queue, never the pid or the sequence number."""
        with self._changed:
            queue = list(self._queue)
        return JobState(
            job_id=job.job_id,
            creator_id=job.creator_id,
            state=job.state,
            format=job.format,
            created_at=job.created_at,
            started_at=job.started_at,
            finished_at=job.finished_at,
            report=job.report,
            error=job.error,
            position=queue.index(job.job_id) + 1 if job.job_id in queue else None,
            uploads=job.uploads,
            timezone=job.timezone,
        )

    def get(self, job_id: str) -> JobState | None:
        if not job_id.isalnum():
            return None
        job_dir = self.jobs_dir / job_id
        if not (job_dir / "state.json").is_file():
            return None
        self._reap_if_dead(job_dir)
        return self._public(read_state(job_dir))
