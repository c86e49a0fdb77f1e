"""The most-saved-themes tip: angle the draft towards the creator's most-saved theme of meaning.

Only a theme with a name (the words that set its captions apart, ``models.fit.themes``) is advised: a
creator cannot angle a post towards a cluster nothing describes. Where the most-saved
theme has none, the tip is about the best-saving theme that has one, and says so.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import numpy as np

from models.core.results import Signal
from models.fit.features import PostInput
from models.read.tips.change import Change, evidence, times
from models.text.readable_captions import clean_caption
from models.text.signals import strip_for_meaning

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel
    from models.fit.themes import ThemeStat

EXAMPLE_CHARS = 90  # the example quoted in the advice, cut between words


def _example(theme: ThemeStat) -> str:
    """The theme's first example, cut short where the cut keeps one of its name's words (else whole)."""
    example = theme.examples[0]
    short = clean_caption(example, EXAMPLE_CHARS)
    words = [term.casefold() for term in theme.name.split(", ")]
    return short if any(w in short.casefold() for w in words) else example


def most_saved_themes(
    post: PostInput, model: CreatorModel, embedding: np.ndarray, meaning: str | None = None
) -> Iterator[Change | Signal]:
    """``meaning``: the draft's meaning text where the caller has it (scoring does), else read here."""
    named = [theme for theme in model.themes_ if theme.name]
    if not named:
        return
    top = named[0]  # themes are sorted best-saving first
    if top.relative_save_rate <= 1.0:
        return
    first = top is model.themes_[0]
    nearest = max(model.themes_, key=lambda theme: float(embedding @ theme.centroid))
    if meaning is None:
        meaning = strip_for_meaning(post.caption)
    if nearest is top and meaning:  # an empty caption is on no theme
        label = "On your most-saved theme" if first else "On your best-saving named theme"
        yield Signal(id="most-saved-themes", label=label, detail=top.name)
        return
    which = "Your most-saved theme" if first else "Your best-saving theme that words describe"
    example = f' looks like: "{_example(top)}".' if top.examples else "."
    yield Change(
        "most-saved-themes",
        post,
        f"{which} (“{top.name}”, {top.posts} posts, {times(top.relative_save_rate)} the saves of your "
        f"others){example} Angle this post towards it",
        evidence(top.posts, model.n_posts_ - top.posts, f"{top.posts} posts in that theme"),
        embedding=top.centroid,
    )
