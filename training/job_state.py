"""A training job's state file (``<jobs-dir>/<job>/state.json``), shared by the API's queue and the worker.

One ``Job`` Struct from end to end: the queue (``api/jobs.py``) creates it, the worker
(``training/worker.py``) moves it to running and then to its end, and the queue reads it
back and shows callers its public part (``api.schemas.JobState``; the pid and the queue's
sequence number stay on the server). The file is indented JSON with the same keys the
untyped state dict had, so a file written before the Struct reads as it did; fields it
lacks take their defaults (``seq`` 0, ``uploads`` 1, ``pid`` None), keys it has that the
Struct does not are ignored.

Written atomically (a temporary file renamed into place), so a reader never sees half a state.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import msgspec

from models.core.atomic_files import atomic_write

JobPhase = Literal["queued", "running", "succeeded", "failed"]
ACTIVE: tuple[JobPhase, ...] = ("queued", "running")


class Job(msgspec.Struct, frozen=True, kw_only=True):
    """A training job as its state file holds it (fields in the file's order)."""

    job_id: str
    creator_id: str
    state: JobPhase
    format: str = "auto"
    timezone: str | None = None  # the creator's IANA zone given with the upload (``read_history``)
    created_at: str
    seq: int = 0  # created_at has whole seconds; this keeps the order of a burst of uploads
    uploads: int = 1  # the uploads this job stands for (a newer one replaces a waiting upload)
    started_at: str | None = None
    finished_at: str | None = None
    report: dict[str, Any] | None = None
    error: str | None = None
    pid: int | None = None  # the training process, recorded by the worker itself with "running"

    def finished(self, state: JobPhase, **changes: Any) -> Job:
        """This job at its end (``state``), stamped with the time it finished."""
        return msgspec.structs.replace(self, state=state, finished_at=now(), **changes)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_state(job_dir: Path, job: Job) -> None:
    atomic_write(job_dir / "state.json", msgspec.json.format(msgspec.json.encode(job), indent=2))


def read_state(job_dir: Path) -> Job:
    """The job's state; ``msgspec.DecodeError`` if the file is not a job's state, ``OSError`` if unreadable."""
    data = (job_dir / "state.json").read_bytes()
    try:
        return msgspec.json.decode(data, type=Job)
    except msgspec.ValidationError:
        raise
    except msgspec.DecodeError:
        # Files written before the Struct came from json.dumps, which spells a float that is not
        # a number NaN (not JSON): read those as json.loads does. The next write stores null.
        try:
            return msgspec.convert(json.loads(data), type=Job)
        except ValueError as exc:
            raise msgspec.DecodeError(f"not a job's state: {exc}") from None
