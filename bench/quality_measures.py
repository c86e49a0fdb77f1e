"""What bench.quality measures per creator, and how it summarises creators: plain functions on arrays.

Three ranking measures of one creator's test posts (predicted against actual saves per 1,000 views):

- ``spearman``: over the whole test window (the product's headline figure);
- ``pairs_right``: the share of post pairs at most ``max_days`` apart that are ordered right
  (a tie in the prediction counts half), which is what choosing between this week's drafts needs;
- ``local_spearman``: Spearman against each post's rate over its local level (the median of the
  10 posts around it in the whole history), which takes out a creator's drift over months.

Creators fall in two fixed halves by a hash of their id (``half_of``): choices are made on
``tune`` and kept only where ``confirm`` agrees (``paired_difference``, with its range).
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from datetime import datetime

import numpy as np

from models.fit.estimator import spearman

HALVES = ("tune", "confirm")
LOCAL_WINDOW = 10  # posts around a post whose median is its local level
PAIR_DAYS = 14.0
BOOTSTRAP = 2000


def half_of(creator_id: str) -> str:
    """A creator's fixed half: the same id always lands in the same one, whatever else is in the set."""
    return HALVES[zlib.crc32(creator_id.encode()) % 2]


def cut_at(n_posts: int, origin: float) -> int:
    """How many of the earliest posts train at this origin (rounded down), the rest test."""
    return int(n_posts * origin)


def pairs_right(
    predicted: np.ndarray, actual: np.ndarray, times: Sequence[datetime], max_days: float = PAIR_DAYS
) -> float:
    """Share of pairs at most ``max_days`` apart (and of different actual rates) ordered right; nan without pairs."""
    p, a = np.asarray(predicted, dtype=float), np.asarray(actual, dtype=float)
    t = np.array([x.timestamp() for x in times]) / 86400.0
    i, j = np.triu_indices(len(a), k=1)
    keep = (np.abs(t[i] - t[j]) <= max_days) & (a[i] != a[j])
    if not keep.any():
        return float("nan")
    i, j = i[keep], j[keep]
    agree = np.sign(p[i] - p[j]) * np.sign(a[i] - a[j])
    return float(np.mean(np.where(agree == 0, 0.5, agree > 0)))


def local_level(rates: np.ndarray, window: int = LOCAL_WINDOW) -> np.ndarray:
    """Each post's local level: the median rate of the ``window`` posts nearest it in time order (not itself).

    Half before and half after where the history allows; at its ends the window shifts inwards.
    """
    r = np.asarray(rates, dtype=float)
    n = len(r)
    out = np.empty(n)
    for k in range(n):
        start = min(max(0, k - window // 2), max(0, n - 1 - window))
        around = [x for x in range(start, min(n, start + window + 1)) if x != k][:window]
        out[k] = np.median(r[around]) if around else r[k]
    return out


def local_spearman(predicted: np.ndarray, rates: np.ndarray, test_start: int) -> float:
    """Spearman of the test posts' predictions against their rate over the local level.

    ``rates`` is the whole history in time order (training posts too: they are the level's
    neighbours), ``test_start`` where the test posts begin. A rate of 0 over a level of 0 is 1.
    """
    level = local_level(rates)
    r = np.asarray(rates, dtype=float)
    relative = np.log((r + 0.05) / (level + 0.05))  # a small floor: a post with no saves still ranks lowest
    return spearman(np.asarray(predicted, dtype=float), relative[test_start:])


def measures(predicted: np.ndarray, rates: np.ndarray, times: Sequence[datetime], test_start: int) -> dict[str, float]:
    """The three measures for one creator; ``rates`` and ``times`` cover the whole history in time order."""
    actual = np.asarray(rates, dtype=float)[test_start:]
    return {
        "spearman": spearman(predicted, actual),
        "pairs14": pairs_right(predicted, actual, times[test_start:]),
        "local": local_spearman(predicted, rates, test_start),
    }


def median_range(values: Sequence[float], seed: int = 0) -> tuple[float, float]:
    """80% bootstrap range of the median over creators (nan values left out)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v):
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    medians = np.median(v[rng.integers(0, len(v), size=(BOOTSTRAP, len(v)))], axis=1)
    return float(np.percentile(medians, 10)), float(np.percentile(medians, 90))


def mean_range(values: Sequence[float], seed: int = 0) -> tuple[float, float]:
    """80% bootstrap range of the mean over creators (nan values left out)."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v):
        return float("nan"), float("nan")
    rng = np.random.default_rng(seed)
    means = v[rng.integers(0, len(v), size=(BOOTSTRAP, len(v)))].mean(axis=1)
    return float(np.percentile(means, 10)), float(np.percentile(means, 90))


def describe(values: Sequence[float]) -> dict:
    """Median with its 80% range and mean over creators, rounded for a report."""
    v = np.asarray(values, dtype=float)
    v = v[~np.isnan(v)]
    if not len(v):
        return {"creators": 0}
    low, high = median_range(v)
    return {
        "median": round(float(np.median(v)), 3),
        "median_80": [round(low, 3), round(high, 3)],
        "mean": round(float(np.mean(v)), 3),
        "creators": len(v),
    }


def paired_difference(after: Sequence[float], before: Sequence[float]) -> dict:
    """``after - before`` per creator: mean and median with their 80% bootstrap ranges, and the share improved."""
    a, b = np.asarray(after, dtype=float), np.asarray(before, dtype=float)
    keep = ~(np.isnan(a) | np.isnan(b))
    d = a[keep] - b[keep]
    if not len(d):
        return {"creators": 0}
    m_low, m_high = mean_range(d)
    low, high = median_range(d)
    return {
        "mean": round(float(np.mean(d)), 3),
        "mean_80": [round(m_low, 3), round(m_high, 3)],
        "median": round(float(np.median(d)), 3),
        "median_80": [round(low, 3), round(high, 3)],
        "better": round(float(np.mean(d > 0)), 3),
        "creators": len(d),
    }
