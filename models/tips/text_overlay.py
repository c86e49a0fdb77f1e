"""The text-overlay tip: put the key point or each step on screen."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.features import PostInput
from models.results import Signal
from models.tips.change import Change, lever_evidence

if TYPE_CHECKING:
    from models.creator_model import CreatorModel


def text_overlay(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    if post.text_overlay:
        yield Signal(id="text-overlay", label="Text overlay on the video")
        return
    yield Change(
        "text-overlay",
        msgspec.structs.replace(post, text_overlay=True),
        "Put the key point or each step as on-screen text, so the value shows without sound",
        lever_evidence(model, "text_overlay", "had a text overlay"),
        apply={"text_overlay": True},
    )
