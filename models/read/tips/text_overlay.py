"""The text-overlay tip: put the key point or each step on screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.core.levers import lever
from models.core.results import Evidence, Signal
from models.fit.features import PostInput
from models.read.evidence import model_lever_split
from models.read.tips.change import Change, evidence, lever_evidence

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

_OVERLAY = lever("text_overlay")


def text_overlay(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    if post.text_overlay:
        yield Signal(id=_OVERLAY.tip_id, label=_OVERLAY.label)
        return
    yield Change(
        _OVERLAY.tip_id,
        msgspec.structs.replace(post, text_overlay=True),
        _OVERLAY.advice,
        _overlay_evidence(model),
        apply={"text_overlay": True},
    )


def _overlay_evidence(model: CreatorModel) -> Evidence:
    if sum(model_lever_split(model, _OVERLAY.name)) == 0:
        # Not "0 of your 0 posts": the history simply has no such column.
        return evidence(0, 0, "your history does not record text overlays (no text_overlay column)")
    return lever_evidence(model, _OVERLAY.name, _OVERLAY.evidence)
