"""One training job, run in its own process: ``python -m api.job_runner JOB_DIR MODELS_DIR``."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import msgspec

from api.jobs import _now, read_state, write_state


def _yield_to_serving() -> None:
    """Training shares the machine with the server: one core and a lower priority, so scoring stays fast."""
    import os

    import torch

    os.nice(10)
    torch.set_num_threads(1)


def run(job_dir: Path, models_dir: Path) -> int:
    _yield_to_serving()
    from models.creator_model import HistoryTooShort
    from training.importers import ImportError_, NoUsableRows, read_history
    from training.train import train_creator

    state = read_state(job_dir)
    creator = state["creator_id"]
    state.update(state="running", started_at=_now())
    write_state(job_dir, state)
    try:
        history = read_history(
            (job_dir / "upload.bin").read_bytes(), fmt=state.get("format") or "auto", creator_id=creator
        )
        mine = [r for r in history.records if r.creator_id == creator]
        foreign = len(history.records) - len(mine)
        rejected = [msgspec.to_builtins(r) for r in history.rejected]
        rejected += [
            {
                "row": None,
                "column": "creator_id",
                "value": r.creator_id,
                "reason": f"belongs to another creator, not {creator!r}",
            }
            for r in history.records
            if r.creator_id != creator
        ][:1000]
        result = train_creator(mine, creator, models_dir)
        state.update(
            state="succeeded",
            finished_at=_now(),
            report={
                "version": result.version,
                "posts": result.n_posts,
                "rejected_rows": rejected,
                "repaired_rows": [msgspec.to_builtins(r) for r in history.repaired],
                "foreign_rows": foreign,
                "quality": msgspec.to_builtins(result.quality) if result.quality else {"error": result.quality_error},
            },
        )
    except NoUsableRows as exc:
        state.update(
            state="failed",
            finished_at=_now(),
            error=str(exc),
            report={"rejected_rows": [msgspec.to_builtins(r) for r in exc.rejected]},
        )
    except (HistoryTooShort, ImportError_, ValueError) as exc:
        state.update(state="failed", finished_at=_now(), error=str(exc))
    except Exception:
        traceback.print_exc()
        state.update(
            state="failed",
            finished_at=_now(),
            error="training failed unexpectedly; the previous model is still serving",
        )
    write_state(job_dir, state)
    return 0 if state["state"] == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2])))
