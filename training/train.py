"""Training: one creator's history in, one model file out.

``train_creator`` is a pure step (records and a directory in, a stored version and its
report out) so many creators can fan out across processes or machines (e.g. one Ray task
per creator) with nothing shared but the models directory.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from models.creator_model import CreatorModel
from models.records import HistoryRead, PostRecord
from models.store import save_model, validate_creator_id
from training.evaluate import EvaluationReport, evaluate_creator


class TrainResult(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    version: str
    n_posts: int
    quality: EvaluationReport | None
    quality_error: str | None = None


class MissingCreator(ValueError):
    """Rows carry no creator id and none was given."""


def group_by_creator(records: Sequence[PostRecord], creator_id: str | None = None) -> dict[str, list[PostRecord]]:
    """Records per creator: the row's own ``creator_id``, else the one given, else an error."""
    groups: dict[str, list[PostRecord]] = defaultdict(list)
    for record in records:
        owner = record.creator_id or creator_id
        if owner is None:
            raise MissingCreator("the history has no creator_id column; name the creator with --creator ID")
        groups[validate_creator_id(owner)].append(record)
    return dict(groups)


def train_creator(
    records: Sequence[PostRecord], creator_id: str, models_dir: Path, *, show_progress: bool = False
) -> TrainResult:
    """Evaluate on a time split, then fit on everything and store a new current version.

    The evaluation runs first so that a history which cannot be evaluated still trains
    (its report says why) and a crash in either leaves the previous version serving.
    """
    validate_creator_id(creator_id)
    quality, error = None, None
    try:
        quality = evaluate_creator(records, creator_id, show_progress=show_progress)
    except ValueError as exc:  # too short to split honestly: train anyway, say so
        error = str(exc)
    model = CreatorModel(creator_id).fit(records, show_progress=show_progress)
    report = msgspec.to_builtins(quality) if quality else {"error": error}
    version = save_model(model, models_dir, quality=report)
    return TrainResult(
        creator_id=creator_id, version=version, n_posts=len(records), quality=quality, quality_error=error
    )


def train_history(
    history: HistoryRead,
    models_dir: Path,
    *,
    creator_id: str | None = None,
    on_creator: Callable[[str, int], None] | None = None,
    show_progress: bool = False,
) -> list[TrainResult]:
    """Train every creator in a history, one after the other; ``on_creator`` reports progress."""
    results = []
    for owner, records in group_by_creator(history.records, creator_id).items():
        if on_creator:
            on_creator(owner, len(records))
        results.append(train_creator(records, owner, models_dir, show_progress=show_progress))
    return results
