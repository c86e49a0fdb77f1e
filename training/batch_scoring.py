"""Score a file of drafts that may belong to many creators: one model load and one
encoder pass per creator, rows kept in the file's order.

The drafts are read by ``training.importers.drafts``; this groups the rows it kept by
creator, loads each creator's current model once and scores that creator's drafts in one
call to ``models.scoring.score_drafts``. A row without a creator, or whose creator has no
usable model, is refused with its row number rather than failing the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from models.records import RejectedRow
from models.results import Score
from models.scoring import score_drafts
from models.store import ModelFileError, ModelNotFound, load_model
from training.importers.drafts import DraftRow


def score_by_creator(
    rows: Sequence[DraftRow], default_creator: str | None, models_dir: Path, *, no_creator: str = "no creator_id"
) -> tuple[list[tuple[DraftRow, Score]], list[RejectedRow]]:
    """(row, score) for every scored row in the rows' order, and the rows refused (by row number).

    A row's own ``creator_id`` wins, else ``default_creator``; a row with neither is refused
    with the reason ``no_creator`` (the caller says how to name one).
    """
    groups: dict[str, list[DraftRow]] = {}
    rejected: list[RejectedRow] = []
    for row in rows:
        owner = row.creator_id or default_creator
        if owner:
            groups.setdefault(owner, []).append(row)
        else:
            rejected.append(RejectedRow(row=row.row, column="creator_id", reason=no_creator))
    scored: dict[int, tuple[DraftRow, Score]] = {}
    for owner, members in groups.items():
        try:
            model, meta = load_model(models_dir, owner)
        except (ModelNotFound, ModelFileError, ValueError) as exc:
            reason = f"no trained model in {models_dir}" if isinstance(exc, ModelNotFound) else str(exc)
            rejected += [RejectedRow(row=m.row, column="creator_id", value=owner, reason=reason) for m in members]
            continue
        results = score_drafts(model, meta.version, [m.draft for m in members])
        scored.update((m.row, (m, result)) for m, result in zip(members, results, strict=True))
    rejected.sort(key=lambda r: r.row)
    return [scored[r.row] for r in rows if r.row in scored], rejected
