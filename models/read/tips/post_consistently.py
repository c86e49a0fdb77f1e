"""The post-consistently tip: keep the creator's usual gap between posts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from models.core.results import Signal
from models.core.words import plural
from models.fit.features import PostInput
from models.read.tips.change import Change, evidence

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel


def post_consistently(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    if post.gap_hours is None or model.median_gap_hours_ is None:
        return
    usual = model.median_gap_hours_
    if post.gap_hours <= 1.5 * usual:
        yield Signal(
            id="post-consistently", label="On your usual rhythm", detail=f"{post.gap_hours:.0f} h since last post"
        )
        return
    n_regular = int(np.sum(model.gaps_hours_ <= 1.5 * usual))
    yield Change(
        "post-consistently",
        msgspec.structs.replace(post, gap_hours=usual),
        f"This would go out {post.gap_hours / 24:.1f} days after your last post; your usual gap is "
        f"{usual / 24:.1f} days. Post sooner to keep the rhythm",
        evidence(
            n_regular,
            len(model.gaps_hours_) - n_regular,
            f"{plural(n_regular, 'post')} followed the previous within {1.5 * usual:.0f} h",
        ),
    )
