"""The certainties a score and a compare state, calibrated so that they hold on real later posts.

Two numbers, both measured by ``bench.calibration`` on real creators' later posts (vn-long and
jp-long, each set's creators split in halves: fitted on one half, checked on the other):

* **The 80% interval.** A model's time-ordered out-of-fold residuals are still nearer to the
  training posts than a draft planned next week is to them: intervals built from their 10th and
  90th percentiles held about 61% of later posts. Scoring widens them by ``INTERVAL_WIDENING``
  (on the log scale, around the prediction).
* **The chance that one draft really saves more than another.** The bootstrap members'
  agreement is the model's doubt about its own parameters, not about the post: two posts a
  model orders apart still land in either order because each post's saves are noisy. The
  chance is a normal probability that the higher-priced draft saves more: the predicted log
  difference over the spread of a difference of two posts (the creator's residual spread,
  twice, plus the members' spread), scaled by ``CHANCE_SCALE``, and held under
  ``CHANCE_CEILING``: on real later posts even the tenth of pairs a model separates most widely
  were in its order only 61-71% of the time (drift, outliers), so a plain normal chance would promise
  near-certainty where there is none. Verdict words follow the chance: *clear* from
  ``VERDICT_CLEAR``, *likely* from ``VERDICT_LIKELY``; with a ceiling below ``VERDICT_CLEAR``
  no step is called clear, which is what the data support.
"""

from __future__ import annotations

import math

import numpy as np

# Measured by bench.calibration (bench/README.md, "Stated certainties"): unwidened, the interval held a median
# 70% (vn-long) and 67% (jp-long) of a creator's later posts; fitted on half of a set's creators the
# widening came out 1.25-1.6, and 1.4 holds 75-86% on every half of both sets.
INTERVAL_WIDENING = 1.4
# The chance's scale and ceiling: the pair with the least worst-half Brier over both sets' halves.
CHANCE_SCALE = 0.5
CHANCE_CEILING = 0.74
VERDICT_CLEAR = 0.8
VERDICT_LIKELY = 0.6
_Z80 = 1.2815515655446004  # the 90th percentile of a standard normal: an 80% interval's half-width in sds


def interval_factors(residual_quantiles, widening: float = INTERVAL_WIDENING) -> tuple[float, float]:
    """(low, high) multipliers of a predicted rate: its 80% interval, widened."""
    low, high = (float(q) for q in residual_quantiles)
    return math.exp(widening * low), math.exp(widening * high)


def residual_sd(residual_quantiles) -> float:
    """The creator's residual spread (log scale) read off the 10th and 90th percentiles of its residuals."""
    low, high = (float(q) for q in residual_quantiles)
    return max(high - low, 1e-6) / (2.0 * _Z80)


def chance_higher_beats_lower(
    diff, member_diffs, residual_quantiles, scale: float | None = None, ceiling: float | None = None
):
    """The chance that the draft priced higher really saves more per view than the one priced lower.

    ``diff``: the predicted log difference (higher − lower, ≥ 0); ``member_diffs``: the
    bootstrap members' differences of the same pair (last axis); ``residual_quantiles``: the
    model's (10th, 90th) residual percentiles. Arrays work row-wise. ``scale`` and
    ``ceiling`` default to the product's (``CHANCE_SCALE``, ``CHANCE_CEILING``).
    """
    scale = CHANCE_SCALE if scale is None else scale
    ceiling = CHANCE_CEILING if ceiling is None else ceiling
    z = separation(diff, member_diffs, residual_quantiles)
    return 0.5 + (ceiling - 0.5) * _erf(scale * z / math.sqrt(2.0))


def separation(diff, member_diffs, residual_quantiles):
    """How far apart a pair is priced, in standard deviations of the difference of two posts' outcomes."""
    diff = np.asarray(diff, dtype=float)
    member_diffs = np.asarray(member_diffs, dtype=float)
    q = np.asarray(residual_quantiles, dtype=float)
    sd = np.maximum(q[..., 1] - q[..., 0], 1e-6) / (2.0 * _Z80)
    return diff / np.sqrt(2.0 * sd**2 + member_diffs.var(axis=-1))


def members_agreement(member_diffs):
    """The share of bootstrap members that order the pair as the point prediction does (ties half)."""
    member_diffs = np.asarray(member_diffs, dtype=float)
    return (member_diffs > 0).mean(axis=-1) + 0.5 * (member_diffs == 0).mean(axis=-1)


def _erf(x):
    x = np.asarray(x, dtype=float)
    return np.vectorize(math.erf, otypes=[float])(x) if x.ndim else math.erf(float(x))
