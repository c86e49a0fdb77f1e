"""One training job, run in its own process: ``python -m training.worker JOB_DIR MODELS_DIR``.

The API's queue (``api/jobs.py``) starts it; it trains through the one pipeline,
``training.train.train_history``, like the CLI.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import msgspec

from training.job_state import now, read_state, write_state


def _yield_to_serving() -> None:
    """Training shares the machine with the server: one core and a lower priority, so scoring stays fast.

    Thread counts are set through the environment before any numeric library loads (the
    e5 engine's OpenMP, BLAS, and torch if the MiniLM encoder is chosen), so the default
    path never pays for importing torch.
    """
    os.nice(10)
    from training.executors import THREAD_VARS

    os.environ.update(dict.fromkeys(THREAD_VARS, "1"))


def group_rejected(rows: list[dict], examples: int = 3) -> list[dict]:
    """Rejected rows with the same column and reason as one entry: a count and a few examples.

    A file of another creator's 204 rows reads as one line with 204, not 204 identical lines.
    Largest groups first; within a group, examples in row order.
    """
    groups: dict[tuple[str | None, str], list[dict]] = {}
    for row in rows:
        groups.setdefault((row.get("column"), row["reason"]), []).append(row)
    return [
        {
            "column": column,
            "reason": reason,
            "count": len(members),
            "examples": [{"row": m["row"], "value": m.get("value")} for m in members[:examples]],
        }
        for (column, reason), members in sorted(groups.items(), key=lambda item: -len(item[1]))
    ]


def _rejected_report(rejected) -> dict:
    rows = [msgspec.to_builtins(r) for r in rejected]
    return {"rejected_rows": rows, "rejected_groups": group_rejected(rows)}


def run(job_dir: Path, models_dir: Path) -> int:
    _yield_to_serving()
    from models.fit.creator_model import HistoryTooShort
    from training.importers import HistoryImportError, NoUsableRows, read_history
    from training.train import train_history

    job = read_state(job_dir)
    creator = job.creator_id
    # The runner records its own pid with "running": the server can then tell a live job from a dead one.
    job = msgspec.structs.replace(job, state="running", started_at=now(), pid=os.getpid())
    write_state(job_dir, job)
    try:
        history = read_history(
            (job_dir / "upload.bin").read_bytes(),
            fmt=job.format or "auto",
            timezone=job.timezone,
            creator_id=creator,
            only_creator=creator,  # another creator's rows are rejected, each with its row number
        )
        summary = train_history(history, models_dir, creator_id=creator)
        if summary.failed:  # caught inside the pipeline; the reason is for the log, not the caller
            raise RuntimeError(summary.failed[0].reason)
        if not summary.trained:
            raise HistoryTooShort("; ".join(summary.skipped) or f"no usable posts for {creator}")
        (result,) = summary.trained
        job = job.finished(
            "succeeded",
            report={
                "version": result.version,
                "posts": result.n_posts,
                "encoder": result.encoder,
                "shrunk_towards": result.shrunk_towards,
                "population_creators": result.population_creators,
                "synthetic": result.synthetic,  # pooled only with other synthetic histories; its scores say so
                **_rejected_report(history.rejected),
                "repaired_rows": [msgspec.to_builtins(r) for r in history.repaired],
                "timezone": history.timezone,
                "date_readings": list(history.date_readings),
                "foreign_rows": sum("belongs to another creator" in r.reason for r in history.rejected),
                "quality": msgspec.to_builtins(result.quality) if result.quality else {"error": result.quality_error},
            },
        )
    except NoUsableRows as exc:
        job = job.finished("failed", error=str(exc), report=_rejected_report(exc.rejected))
    except (HistoryTooShort, HistoryImportError, ValueError) as exc:
        job = job.finished("failed", error=str(exc))
    except Exception:
        traceback.print_exc()
        job = job.finished("failed", error="training failed unexpectedly; the previous model is still serving")
    write_state(job_dir, job)
    return 0 if job.state == "succeeded" else 1


if __name__ == "__main__":
    sys.exit(run(Path(sys.argv[1]), Path(sys.argv[2])))
