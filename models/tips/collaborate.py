"""The collaborate tip: make the post a collaboration, naming creators this one has worked with."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.features import PostInput, lever_flags
from models.results import Signal
from models.tips.change import Change, lever_evidence

if TYPE_CHECKING:
    from models.creator_model import CreatorModel


def collaborate(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    if lever_flags(post)["collab"]:
        yield Signal(id="collaborate", label="Collaboration or mention")
        return
    who = ", ".join(f"@{m}" for m in model.top_mentions_[:2])
    advice = "Make it a collaboration and tag the other creator"
    advice += f" (you have worked with {who})" if who else " with @their_name"
    yield Change(
        "collaborate",
        msgspec.structs.replace(post, force=(*post.force, "collab")),
        advice,
        lever_evidence(model, "collab", "were collaborations or mentioned someone"),
    )
