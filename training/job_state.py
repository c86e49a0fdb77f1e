"""A training job's state file (``<jobs-dir>/<job>/state.json``), shared by the API's queue and the worker.

Written atomically (a temporary file renamed into place), so a reader never sees half a state.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from models.atomic_files import atomic_write


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def write_state(job_dir: Path, state: dict) -> None:
    atomic_write(job_dir / "state.json", json.dumps(state, indent=2).encode())


def read_state(job_dir: Path) -> dict:
    return json.loads((job_dir / "state.json").read_text())
