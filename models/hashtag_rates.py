"""A creator's hashtags by what their own posts show: each tag's raw rate shrunk towards 1x, with its 80% range.

One estimate per tag: insights list these, and the relevant-hashtags tip advises from them and
is held to them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from models.shrinkage import shrinkage, shrunk

if TYPE_CHECKING:
    from models.creator_model import CreatorModel


class HashtagRate(msgspec.Struct, frozen=True, kw_only=True):
    hashtag: str
    posts: int
    # The raw rate shrunk towards 1x (empirical Bayes, ``models.shrinkage``): two lucky
    # posts count for little. Tags are ranked by the low end of its 80% range.
    estimate_relative: float
    relative_save_rate: float  # raw: posts with the tag against the others
    saves_per_1k: float
    estimate_low: float = 1.0  # the estimate's 80% range (what the relevant-hashtags tip is held to)
    estimate_high: float = 1.0


def _hashtag_shrinkage(model: CreatorModel) -> tuple[float, float]:
    return shrinkage(model.hashtag_stats_, model)


def shrunk_hashtags(model: CreatorModel) -> list[HashtagRate]:
    """Every hashtag used at least twice, by the low end of its shrunk rate's 80% range (``HashtagRate``).

    Ranking by the low end rather than the estimate itself puts what the creator's posts
    show surely before what a couple of posts merely hint at. Insights list these, and the
    relevant-hashtags tip advises from them and is held to them: one estimate per tag.
    """
    k, sigma2 = _hashtag_shrinkage(model)
    ranked = []
    for s in model.hashtag_stats_:
        if s.posts < 2:
            continue
        estimate, low, high = shrunk(s, k, sigma2)
        rate = HashtagRate(
            hashtag=s.hashtag,
            posts=s.posts,
            estimate_relative=round(estimate, 4),
            relative_save_rate=round(s.relative_save_rate, 4),
            saves_per_1k=round(s.saves_per_1k, 3),
            estimate_low=round(low, 4),
            estimate_high=round(high, 4),
        )
        ranked.append((low, rate))
    ranked.sort(key=lambda pair: (-pair[0], -pair[1].posts))
    return [rate for _, rate in ranked]


def hashtag_rates(model: CreatorModel, limit: int) -> list[HashtagRate]:
    """The first ``limit`` of ``shrunk_hashtags``."""
    return shrunk_hashtags(model)[:limit]
