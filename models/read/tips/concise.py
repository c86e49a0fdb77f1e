"""The concise tip: cut a long caption towards 30 words and a long video towards 30 seconds."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from models.core.results import Signal
from models.core.words import plural
from models.fit.features import PostInput
from models.read.tips.change import Change, evidence
from models.text.signals import detect_signals

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

CONCISE_WORDS = 30
CONCISE_DURATION_S = 45.0


def concise(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    n_words = detect_signals(post.caption).n_words
    long_caption = n_words > CONCISE_WORDS
    long_video = post.duration_s is not None and post.duration_s > CONCISE_DURATION_S
    if not (long_caption or long_video):
        if n_words:  # a caption-less draft is not "concise", it has no caption
            yield Signal(id="concise", label="Concise", detail=plural(n_words, "word"))
        return
    variant, parts = post, []
    if long_caption:
        words = post.caption.split()
        short = " ".join(words[:CONCISE_WORDS])
        tags = " ".join(f"#{t}" for t in post.hashtags if f"#{t}" not in short.casefold())
        variant = msgspec.structs.replace(variant, caption=f"{short} {tags}".strip())
        parts.append(f"cut the caption from {n_words} to about {CONCISE_WORDS} words")
    if long_video:
        variant = msgspec.structs.replace(variant, duration_s=30.0)
        parts.append(f"trim the video from {post.duration_s:.0f}s towards 30s")
    n_short = int(np.sum(model.caption_words_ <= CONCISE_WORDS))
    yield Change(
        "concise",
        variant,
        "Get to the point: " + " and ".join(parts),
        evidence(
            n_short, model.n_posts_ - n_short, f"{n_short} of your posts had captions of {CONCISE_WORDS} words or fewer"
        ),
    )
