"""The learning target: a smoothed save rate, relative to the creator's own baseline.

Raw saves/views is noisy for low-view posts (3 saves on 200 views is not a 15/1k post),
so each post's rate is shrunk towards the creator's pooled rate by ``PRIOR_SAVES``
pseudo-saves: a beta-binomial posterior mean. The model learns ``log(smoothed/baseline)``,
which makes effects multiplicative ("a save CTA lifts saves by 40%"), as creators say them.
"""

from __future__ import annotations

import numpy as np

PRIOR_SAVES = 5.0
_FLOOR_PER_1K = 0.01


def baseline_saves_per_1k(saves: np.ndarray, views: np.ndarray) -> float:
    """The creator's pooled save rate per 1,000 views (all saves over all views)."""
    total_views = float(np.sum(views))
    if total_views <= 0:
        return _FLOOR_PER_1K
    return max(1000.0 * float(np.sum(saves)) / total_views, _FLOOR_PER_1K)


def smoothed_saves_per_1k(saves: np.ndarray, views: np.ndarray, baseline_per_1k: float) -> np.ndarray:
    """Each post's save rate per 1k views, shrunk towards the baseline by PRIOR_SAVES pseudo-saves."""
    saves = np.asarray(saves, dtype=float)
    views = np.asarray(views, dtype=float)
    pseudo_views = PRIOR_SAVES * 1000.0 / baseline_per_1k
    return 1000.0 * (saves + PRIOR_SAVES) / (views + pseudo_views)


def relative_log_rate(saves: np.ndarray, views: np.ndarray, baseline_per_1k: float) -> np.ndarray:
    """The regression target: log of the smoothed rate over the baseline."""
    return np.log(smoothed_saves_per_1k(saves, views, baseline_per_1k) / baseline_per_1k)


def to_saves_per_1k(relative_log: np.ndarray | float, baseline_per_1k: float) -> np.ndarray | float:
    """Back from the model's scale to saves per 1,000 views."""
    return baseline_per_1k * np.exp(relative_log)
