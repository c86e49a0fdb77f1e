"""The relevant-hashtags tip: add one of the creator's hashtags that the model and their saves both favour.

One estimate per hashtag: the tip advises from the shrunk rates insights list (``shrunk_hashtags``),
quotes them, and may promise no more than the top of their 80% range. Each candidate tag is a
change of its own, bounded so (``Change.at_most_relative``); the ranking keeps the one the
model prices highest within its bound, and its confidence is no higher than the low end of
that range allows (``evidence_confidence``). (The top of the range, not the estimate itself:
where most of a creator's tags do nothing, the shrinkage also pulls a real effect down, and
the model, holding the rest equal, can be the nearer of the two; 240 posts with a planted
x1.2 tag: estimate 1.12x, 80% range 1.07-1.17x, the model +16%.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.core.fit_cache import once_per_fit
from models.core.results import Signal
from models.fit.features import PostInput
from models.read.hashtag_rates import HashtagRate, excluded_hashtags, not_reusable, shrunk_hashtags
from models.read.tips.change import Change, evidence, times
from models.read.tips.ranking import HIGH_CONFIDENCE_MIN_LIFT, MEDIUM_CONFIDENCE_MIN_LIFT

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

MIN_TAG_POSTS = 5  # a hashtag is advised, or praised, only once this many of the creator's posts carried it
# Praised as "a high-save hashtag" only when insights show it saving at least this much more
# (shrunk): a tag insights list at 1.00x is no high-save tag.
MIN_TAG_EFFECT = 0.02
MAX_CANDIDATES = 3  # tags priced per draft; the best within its bound is advised


def evidence_confidence(rate: HashtagRate) -> str:
    """What a tag's shrunk estimate allows, by the low end of its 80% range: the same
    thresholds as a tip's own interval ("high": +10% even at the low end)."""
    if rate.estimate_low - 1.0 >= HIGH_CONFIDENCE_MIN_LIFT:
        return "high"
    if rate.estimate_low - 1.0 >= MEDIUM_CONFIDENCE_MIN_LIFT:
        return "medium"
    return "low"


def relevant_hashtags(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    favoured, candidates = _hashtag_facts(model)
    excluded = excluded_hashtags(model)  # read per draft: a creator may change the list between fits
    have = set(post.hashtags)
    for tag in dict.fromkeys(post.hashtags):  # in the draft's order: a set's would change from run to run
        if tag in favoured and tag not in excluded:
            yield Signal(
                id="relevant-hashtags", label="Uses a high-save hashtag", detail=f"#{tag}", matches=[f"#{tag}"]
            )
    for rate in [r for r in candidates if r.hashtag not in have | excluded][:MAX_CANDIDATES]:
        tag = rate.hashtag
        hashtags = [*post.hashtags, tag]
        # ``apply`` is the draft's whole new hashtag list, exactly what was priced: sent as the
        # draft's ``hashtags`` it re-scores to the stated impact (a draft's list replaces the
        # tags in its caption, so the tag alone would drop those).
        yield Change(
            "relevant-hashtags",
            msgspec.structs.replace(post, hashtags=tuple(hashtags)),
            f"Add #{tag}: your {rate.posts} posts with it earned about {times(rate.estimate_relative)} the saves "
            f"of your others (80% range {times(rate.estimate_low)} to {times(rate.estimate_high)})",
            evidence(
                rate.posts,
                model.n_posts_ - rate.posts,
                f"#{tag} is on {rate.posts} of your posts, which earned {times(rate.relative_save_rate)} the saves "
                f"of the others as posted, about {times(rate.estimate_relative)} once shrunk for chance",
            ),
            apply={"hashtags": hashtags},
            at_most_relative=rate.estimate_high - 1.0,
            max_confidence=evidence_confidence(rate),
        )


@once_per_fit(lambda model: model.estimator_.coef_)
def _hashtag_facts(model: CreatorModel) -> tuple[frozenset[str], tuple[HashtagRate, ...]]:
    """Per fit, not per draft: the tags both the model and their shrunk rate favour (on MIN_TAG_POSTS
    posts or more, MIN_TAG_EFFECT above 1x as insights show them), and of those the ones a creator
    could reuse (``HashtagRate.reusable``: no campaign or brand tag), in insights' order."""
    effects = model.estimator_.effects()
    columns = model.estimator_.featurizer_.hashtags_
    favoured = [
        rate
        for rate in shrunk_hashtags(model)
        if rate.hashtag in columns
        and effects.get(f"#{rate.hashtag}", 0.0) > 0
        and rate.posts >= MIN_TAG_POSTS
        and rate.estimate_relative >= 1.0 + MIN_TAG_EFFECT
    ]
    # Exclusions are read per draft (``relevant_hashtags``); campaign and brand tags per fit.
    candidates = tuple(
        rate for rate in favoured if not_reusable(model, rate.hashtag, rate.posts, excluded=False) is None
    )
    return frozenset(r.hashtag for r in favoured), candidates
