"""The collaborate tip: make the post a collaboration, naming creators this one has worked with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.core.levers import lever
from models.core.results import Signal
from models.fit.features import PostInput, lever_flags
from models.read.tips.change import Change, lever_evidence

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

_COLLAB = lever("collab")


def collaborate(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    if lever_flags(post)[_COLLAB.name]:
        yield Signal(id=_COLLAB.tip_id, label=_COLLAB.label)
        return
    who = ", ".join(f"@{m}" for m in model.top_mentions_[:2])
    advice = _COLLAB.advice + (f" (you have worked with {who})" if who else " with @their_name")
    yield Change(
        _COLLAB.tip_id,
        msgspec.structs.replace(post, force=(*post.force, _COLLAB.name)),
        advice,
        lever_evidence(model, _COLLAB.name, _COLLAB.evidence),
    )
