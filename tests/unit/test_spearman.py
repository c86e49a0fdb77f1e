"""The CV's rank correlation is scipy's Spearman, without scipy on the hot path."""

import numpy as np
import pytest
from scipy.stats import spearmanr

from models.fit.estimator import spearman


@pytest.mark.parametrize("seed", range(20))
def test_spearman_matches_scipy_with_and_without_ties(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(3, 200))
    a = rng.integers(0, int(rng.integers(2, 30)), n).astype(float)  # many ties
    b = np.round(rng.normal(size=n), 1) if seed % 2 else rng.normal(size=n)
    if np.ptp(a) == 0 or np.ptp(b) == 0:
        a[0], b[0] = a.max() + 1, b.max() + 1
    assert spearman(a, b) == pytest.approx(spearmanr(a, b).statistic, abs=1e-12)


def test_spearman_is_zero_where_undefined():
    assert spearman(np.array([1.0]), np.array([2.0])) == 0.0
    assert spearman(np.ones(5), np.arange(5.0)) == 0.0
    assert spearman(np.arange(5.0), np.arange(5.0)[::-1]) == pytest.approx(-1.0)
