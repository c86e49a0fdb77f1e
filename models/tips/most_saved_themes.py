"""The most-saved-themes tip: angle the draft towards the creator's most-saved theme of meaning."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from models.features import PostInput
from models.readable_captions import clean_caption
from models.results import Signal
from models.signals import strip_for_meaning
from models.tips.change import Change, evidence, times

if TYPE_CHECKING:
    from models.creator_model import CreatorModel


def most_saved_themes(
    post: PostInput, model: CreatorModel, embedding: np.ndarray, meaning: str | None = None
) -> Iterator[Change | Signal]:
    """``meaning``: the draft's meaning text where the caller has it (scoring does), else read here."""
    if not model.themes_:
        return
    top = model.themes_[0]
    if top.relative_save_rate <= 1.0:
        return
    nearest = max(model.themes_, key=lambda theme: float(embedding @ theme.centroid))
    if meaning is None:
        meaning = strip_for_meaning(post.caption)
    if nearest is top and meaning:  # an empty caption is on no theme
        yield Signal(id="most-saved-themes", label="On your most-saved theme")
        return
    # Named by its words where some set it apart, shown by one example cut between words.
    called = f"“{top.name}”, " if top.name else ""
    example = f' looks like: "{clean_caption(top.examples[0], 90)}".' if top.examples else "."
    yield Change(
        "most-saved-themes",
        post,
        f"Your most-saved theme ({called}{top.posts} posts, {times(top.relative_save_rate)} the saves of your "
        f"others){example} Angle this post towards it",
        evidence(top.posts, model.n_posts_ - top.posts, f"{top.posts} posts in your most-saved theme"),
        embedding=top.centroid,
    )
