"""How well a model orders a creator's posts: the share of post pairs it put in the right order.

A planner's question is "which of these two drafts will do better?", so the figure is the
share of pairs of real posts, at most ``PAIR_DAYS`` apart (the choices a planner really
weighs), whose predicted order matched what they really saved (tied predictions count half;
pairs that saved alike are left out). Its 80% range resamples the *posts*, not the pairs:
pairs that share a post are not independent, and a range over pairs would be too narrow.

The time-split test (``training.evaluate``) computes it on the creator's latest posts at fit
time; the track record (``models.read.track_record``) on drafts scored before they were posted.
Scores, compares, insights, the CLI and the page all say it in the same plain words.
"""

from __future__ import annotations

import msgspec
import numpy as np

PAIR_DAYS = 14
MIN_PAIRS_FOR_RANGE = 10  # fewer pairs than this: the share alone, and the sentence says it is too early
RESAMPLES = 400
COIN = 0.5


class PairOrder(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """The share of post pairs ordered right, its 80% range, what it rests on, and the sentence."""

    share: float | None  # None: no pair to judge
    low: float | None  # 80% range; None below MIN_PAIRS_FOR_RANGE pairs
    high: float | None
    pairs: int  # post pairs at most PAIR_DAYS apart that saved differently
    posts: int  # the posts they are made of
    verdict: str  # "a strong edge", "a real edge", "a weak but real edge", "about a coin flip", ...
    sentence: str


def pairs_within(times_s: np.ndarray, actual: np.ndarray, days: float = PAIR_DAYS) -> tuple[np.ndarray, np.ndarray]:
    """Indices (i, j), i < j, of the posts at most ``days`` apart whose actual values differ."""
    n = len(actual)
    if n < 2:
        return np.empty(0, dtype=int), np.empty(0, dtype=int)
    i, j = np.triu_indices(n, k=1)
    keep = (np.abs(times_s[i] - times_s[j]) <= days * 86400.0) & (actual[i] != actual[j])
    return i[keep], j[keep]


def verdict_of(share: float | None, low: float | None, high: float | None) -> str:
    """The figure in words: only a range wholly above a coin flip is an edge."""
    if share is None:
        return "not measured"
    if low is None:
        return "too few pairs to tell"
    if low > COIN:
        return "a strong edge" if share >= 0.7 else "a real edge" if share >= 0.6 else "a weak but real edge"
    if high < COIN:
        return "worse than a coin flip"
    return "about a coin flip"


def pair_order(
    times_s,
    predicted,
    actual,
    *,
    days: float = PAIR_DAYS,
    seed: int = 0,
    resamples: int = RESAMPLES,
    whose: str = "your",
) -> PairOrder:
    """The share of post pairs (at most ``days`` apart) ``predicted`` orders as ``actual`` did, with an 80% range."""
    times_s, predicted, actual = (np.asarray(a, dtype=float) for a in (times_s, predicted, actual))
    i, j = pairs_within(times_s, actual, days)
    posts = len(np.union1d(i, j))
    if not len(i):
        return PairOrder(
            share=None,
            low=None,
            high=None,
            pairs=0,
            posts=0,
            verdict="not measured",
            sentence=f"No two of {whose} latest posts within {days:g} days saved differently, so the order "
            "the model gives them is not measured.",
        )
    right = (np.sign(predicted[i] - predicted[j]) * np.sign(actual[i] - actual[j]) + 1.0) / 2.0
    share = float(right.mean())
    low = high = None
    if len(i) >= MIN_PAIRS_FOR_RANGE:
        rng = np.random.default_rng(seed)
        n = len(actual)
        shares = []
        for _ in range(resamples):
            weight = np.bincount(rng.integers(0, n, n), minlength=n).astype(float)
            w = weight[i] * weight[j]
            if w.sum() > 0:
                shares.append(float((w * right).sum() / w.sum()))
        low, high = (float(q) for q in np.quantile(shares, [0.1, 0.9]))
    verdict = verdict_of(share, low, high)
    of = f"{len(i):,} pairs of {whose} latest posts at most {days:g} days apart"
    if low is None:
        sentence = f"Orders {share:.0%} of {whose} post pairs right, but on only {of}: too few to tell."
    else:
        sentence = f"Orders {share:.0%} of {whose} post pairs right, {low:.0%}–{high:.0%} (80% range, {of}): {verdict}."
    return PairOrder(
        share=round(share, 3),
        low=None if low is None else round(low, 3),
        high=None if high is None else round(high, 3),
        pairs=len(i),
        posts=int(posts),
        verdict=verdict,
        sentence=sentence,
    )


def read_pair_order(report: dict | None) -> PairOrder | None:
    """The figure a stored time-split report carries (None for a model stored before it was measured)."""
    stored = (report or {}).get("pairs_ordered_right")
    if not stored:
        return None
    try:
        return msgspec.convert(stored, PairOrder)
    except msgspec.ValidationError:
        return None
