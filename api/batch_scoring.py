"""Score a file of drafts that may belong to many creators: one model load and one
encoder pass per creator, rows kept in the file's order, creators in parallel.

The drafts are read by ``api.drafts``; this groups the rows it kept by creator and scores
each creator's drafts in one call to ``models.read.scoring.score_drafts``, on the same executors
as training (``training.executors``: this process, local worker processes or Ray tasks;
many small creators per batch). It trains nothing, so it lives beside the command that
scores drafts files. A row without a creator, or whose creator has no usable model, is
refused with its row number rather than failing the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from api.drafts import DraftRow
from models.core.records import RejectedRow
from models.core.results import Score
from training.executors import (
    BatchResult,
    CreatorTask,
    Outcome,
    StepSettings,
    default_workers,
    make_batches,
    make_executor,
    peak_rss_mb,
)


def score_by_creator(
    rows: Sequence[DraftRow],
    default_creator: str | None,
    models_dir: Path,
    *,
    no_creator: str = "no creator_id",
    workers: int | None = 1,
    use_ray: bool = False,
    ray_address: str | None = None,
) -> tuple[list[tuple[DraftRow, Score]], list[RejectedRow]]:
    """(row, score) for every scored row in the rows' order, and the rows refused (by row number).

    A row's own ``creator_id`` wins, else ``default_creator``; a row with neither is refused
    with the reason ``no_creator`` (the caller says how to name one). ``workers`` processes
    (None: one per core, never more than there are creators) or Ray tasks score the
    creators; with one creator or one worker everything runs here, since starting a worker
    and loading its encoder costs more than it saves.
    """
    groups: dict[str, list[DraftRow]] = {}
    rejected: list[RejectedRow] = []
    for row in rows:
        owner = row.creator_id or default_creator
        if owner:
            groups.setdefault(owner, []).append(row)
        else:
            rejected.append(RejectedRow(row=row.row, column="creator_id", reason=no_creator))
    tasks: list[CreatorTask[DraftRow]] = [
        CreatorTask(creator_id=owner, records=members) for owner, members in groups.items()
    ]
    n = min(workers or default_workers(), len(tasks))
    if tasks and (use_ray or n > 1):
        # Only workers need the encoder named up front (they load it before their first batch).
        encoder = _encoder_of(models_dir, groups)
        settings = StepSettings(models_dir=str(Path(models_dir).resolve()), encoder=encoder)
        with make_executor(n, encoder, ray_address=ray_address, use_ray=use_ray) as executor:
            results = list(executor.run(score_batch, make_batches(tasks, executor.workers), settings))
    else:
        settings = StepSettings(models_dir=str(Path(models_dir).resolve()), encoder="")  # each model names its own
        results = [score_batch(tasks, settings)]

    scored: dict[int, tuple[DraftRow, Score]] = {}
    by_owner = {t.creator_id: t.records for t in tasks}
    for batch in results:
        for outcome in batch.outcomes:
            members = by_owner[outcome.creator_id]
            if outcome.failed:
                reason = outcome.failed.replace(settings.models_dir, str(models_dir))  # the path as the user gave it
                rejected += [
                    RejectedRow(row=m.row, column="creator_id", value=outcome.creator_id, reason=reason)
                    for m in members
                ]
            else:
                scored.update((m.row, (m, result)) for m, result in zip(members, outcome.value, strict=True))
    rejected.sort(key=lambda r: r.row)
    return [scored[r.row] for r in rows if r.row in scored], rejected


def _encoder_of(models_dir: Path, groups) -> str:
    """The encoder the first creator's model uses: what worker processes load before the first batch."""
    from models.fit.store import ModelFileError, ModelNotFound, load_model
    from models.text.encoders import default_encoder_name

    for owner in groups:
        try:
            return load_model(Path(models_dir), owner)[0].encoder_name  # an array file: milliseconds
        except (ModelNotFound, ModelFileError, ValueError):
            continue
    return default_encoder_name()


def score_batch(tasks: Sequence[CreatorTask[DraftRow]], settings: StepSettings) -> BatchResult[list[Score]]:
    """The map step of scoring: each creator's drafts (``records``) scored with its current model.

    A creator without a usable model comes back failed, with the reason its rows are refused.
    """
    import contextlib
    import os

    from models.fit.store import ModelFileError, ModelNotFound, load_model
    from models.read.scoring import score_drafts
    from models.read.track_record import priced, remember_scores

    outcomes: list[Outcome[list[Score]]] = []
    for task in tasks:
        try:
            model, meta = load_model(Path(settings.models_dir), task.creator_id)
        except ModelNotFound:
            outcomes.append(Outcome(creator_id=task.creator_id, failed=f"no trained model in {settings.models_dir}"))
            continue
        except (ModelFileError, ValueError) as exc:
            outcomes.append(Outcome(creator_id=task.creator_id, failed=str(exc)))
            continue
        drafts = [m.draft for m in task.records]
        scores = score_drafts(model, meta.version, drafts)
        with contextlib.suppress(OSError):  # a failure to remember never fails the scores
            remember_scores(Path(settings.models_dir), task.creator_id, meta.version, priced(drafts, scores))
        outcomes.append(Outcome(creator_id=task.creator_id, value=scores))
    return BatchResult(outcomes=outcomes, pid=os.getpid(), peak_rss_mb=peak_rss_mb())
