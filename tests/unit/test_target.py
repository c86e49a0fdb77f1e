import numpy as np
from numpy.testing import assert_allclose

from models.fit.target import (
    PRIOR_SAVES,
    baseline_saves_per_1k,
    relative_log_rate,
    smoothed_saves_per_1k,
    to_saves_per_1k,
)


def test_baseline_is_pooled_rate():
    assert baseline_saves_per_1k(np.array([10, 30]), np.array([1000, 3000])) == 10.0


def test_smoothing_shrinks_low_view_posts_more():
    base = 10.0
    small = smoothed_saves_per_1k(np.array([3]), np.array([100]), base)[0]  # raw 30/1k
    large = smoothed_saves_per_1k(np.array([3000]), np.array([100_000]), base)[0]  # raw 30/1k
    assert base < small < large < 30.0 + 1e-9


def test_smoothing_is_beta_binomial_mean():
    base = 20.0
    got = smoothed_saves_per_1k(np.array([7]), np.array([500]), base)[0]
    assert_allclose(got, 1000 * (7 + PRIOR_SAVES) / (500 + PRIOR_SAVES * 1000 / base))


def test_relative_log_rate_round_trips():
    saves, views = np.array([5, 50, 0]), np.array([1000, 2000, 800])
    base = baseline_saves_per_1k(saves, views)
    y = relative_log_rate(saves, views, base)
    assert_allclose(to_saves_per_1k(y, base), smoothed_saves_per_1k(saves, views, base))
