"""The trending-sound tip: use a trending sound that suits the topic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.core.results import Signal
from models.core.words import plural
from models.fit.features import PostInput
from models.read.tips.change import Change, evidence

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel


def trending_sound(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    if post.sound == "trending":
        yield Signal(id="trending-sound", label="Trending sound")
        return
    n_trending = model.sound_counts_.get("trending", 0)
    n_known = sum(model.sound_counts_.values())
    yield Change(
        "trending-sound",
        msgspec.structs.replace(post, sound="trending"),
        "Use a trending sound that suits the topic" + (f" instead of {post.sound} audio" if post.sound else ""),
        evidence(
            n_trending,
            n_known - n_trending,
            f"{n_trending} of {plural(n_known, 'post')} with known audio used a trending sound",
        ),
        apply={"sound": "trending"},
    )
