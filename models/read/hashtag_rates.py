"""A creator's hashtags by what their own posts show: each tag's raw rate shrunk towards 1x, with its 80% range.

One estimate per tag: insights list these, and the relevant-hashtags tip advises from them and
is held to them. Beside the estimate each tag says whether a creator could reuse it: a tag that
ran for a campaign (all its posts within a couple of months), that names a brand account its
captions mention, or that the creator excluded is listed but never advised.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import msgspec

from models.core.words import plural
from models.read.shrinkage import shrinkage, shrunk

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

# A tag a creator keeps using is spread over their history; a sponsor's or a campaign's runs for
# a few weeks, or comes back for one more (vn-long's #nuoctuongchinsu: 7 posts within 5 weeks;
# #meizan: 6 posts in two months a year apart; their own #anhdaubep: 32 posts in 12 months).
# Used in fewer distinct calendar months than this, or over fewer days: a campaign, unless the
# whole history covers fewer (then: fewer than half its days).
MIN_TAG_MONTHS = 3
MIN_TAG_DAYS = 90
# A tag on at least this share of the creator's posts is theirs whatever its run (vn-long's
# meo99814: #meotiktok on 84 of 152 posts, all within three months).
MIN_OWN_SHARE = 0.25


class HashtagRate(msgspec.Struct, frozen=True, kw_only=True):
    hashtag: str
    posts: int
    # The raw rate shrunk towards 1x (empirical Bayes, ``models.read.shrinkage``): two lucky
    # posts count for little. Tags are ranked by the low end of its 80% range.
    estimate_relative: float
    relative_save_rate: float  # raw: posts with the tag against the others
    saves_per_1k: float
    estimate_low: float = 1.0  # the estimate's 80% range (what the relevant-hashtags tip is held to)
    estimate_high: float = 1.0
    # Whether the creator could reuse it; when not, why in a few words ("a short run: used in only
    # 2 months of your history", "names @brand, …", "excluded by you"). Only reusable tags are advised.
    reusable: bool = True
    not_reusable: str | None = None


def _history_span(model: CreatorModel) -> tuple[int, int]:
    """The calendar months the history touches, and the days from its first post to its last."""
    first, last = datetime.fromisoformat(model.first_post_at_), datetime.fromisoformat(model.last_post_at_)
    return (last.year - first.year) * 12 + last.month - first.month + 1, (last - first).days


def not_reusable(model: CreatorModel, tag: str, posts: int, *, excluded: bool = True) -> str | None:
    """Why a creator could not reuse ``tag`` (None: they could); ``excluded=False``: leave their
    own exclusions out (a tip caches the rest per fit and reads those per draft)."""
    if excluded and tag in excluded_hashtags(model):
        return "excluded by you"
    usage = getattr(model, "hashtag_usage_", {}).get(tag)
    if usage is None:  # a model trained before tags' usage was kept: no tag is called a short run
        return None
    months, span, brand = usage
    if brand:
        return f"names {brand}, an account its posts mention"
    if posts >= MIN_OWN_SHARE * model.n_posts_:
        return None  # on this many of their posts the tag is the creator's own, however short its run
    history_months, history_days = _history_span(model)
    # Said as what was seen, not as a guess at why (a topical #food can run short too).
    if months < min(MIN_TAG_MONTHS, history_months):
        return f"a short run: used in only {plural(months, 'month')} of your history"
    if span < min(MIN_TAG_DAYS, history_days / 2):
        return f"a short run: its {posts} posts fall within {plural(span + 1, 'day')}"
    return None


def excluded_hashtags(model: CreatorModel) -> frozenset[str]:
    """The tags the creator asked never to be advised (stored beside their models, ``models.fit.store``)."""
    return frozenset(getattr(model, "excluded_hashtags_", ()))


def _hashtag_shrinkage(model: CreatorModel) -> tuple[float, float]:
    return shrinkage(model.hashtag_stats_, model)


def shrunk_hashtags(model: CreatorModel) -> list[HashtagRate]:
    """Every hashtag used at least twice, reusable ones first, each part by the low end of its
    shrunk rate's 80% range (``HashtagRate``).

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
        why = not_reusable(model, s.hashtag, s.posts)
        rate = HashtagRate(
            hashtag=s.hashtag,
            posts=s.posts,
            estimate_relative=round(estimate, 4),
            relative_save_rate=round(s.relative_save_rate, 4),
            saves_per_1k=round(s.saves_per_1k, 3),
            estimate_low=round(low, 4),
            estimate_high=round(high, 4),
            reusable=why is None,
            not_reusable=why,
        )
        ranked.append((low, rate))
    ranked.sort(key=lambda pair: (not pair[1].reusable, -pair[0], -pair[1].posts))
    return [rate for _, rate in ranked]


def hashtag_rates(model: CreatorModel, limit: int) -> list[HashtagRate]:
    """The first ``limit`` of ``shrunk_hashtags``."""
    return shrunk_hashtags(model)[:limit]
