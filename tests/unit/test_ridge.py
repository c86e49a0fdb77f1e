import numpy as np
from numpy.testing import assert_allclose
from sklearn.linear_model import Ridge

from models.fit.ridge import GramRidge, fit_ridge


def _data(n=80, p=30, seed=0):
    rng = np.random.default_rng(seed)
    Z = rng.normal(size=(n, p))
    y = Z[:, 0] - 2 * Z[:, 1] + rng.normal(size=n)
    return Z, y


def test_fit_ridge_matches_sklearn():
    Z, y = _data()
    coef, intercept = fit_ridge(Z, y, alpha=3.0)
    reference = Ridge(alpha=3.0).fit(Z, y)
    assert_allclose(coef, reference.coef_, atol=1e-8)
    assert_allclose(intercept, reference.intercept_, atol=1e-8)


def test_fit_ridge_counts_equal_repeated_rows():
    Z, y = _data()
    counts = np.random.default_rng(1).multinomial(len(y), np.full(len(y), 1 / len(y))).astype(float)
    idx = np.repeat(np.arange(len(y)), counts.astype(int))
    coef, intercept = fit_ridge(Z, y, alpha=10.0, sample_weight=counts)
    reference = Ridge(alpha=10.0).fit(Z[idx], y[idx])
    assert_allclose(coef, reference.coef_, atol=1e-8)
    assert_allclose(intercept, reference.intercept_, atol=1e-8)


def test_gram_path_matches_sklearn_for_every_alpha_and_weighting():
    Z, y = _data(n=40, p=60)  # more columns than rows, as with embeddings on a short history
    gram = GramRidge(Z, y)
    weights = np.r_[np.ones(30), np.full(30, 0.3)]
    for alpha, (coef, intercept) in zip((1.0, 30.0), gram.path(weights, (1.0, 30.0)), strict=True):
        reference = Ridge(alpha=alpha).fit(Z * weights, y)
        assert_allclose(coef, reference.coef_, atol=1e-7)
        assert_allclose(intercept, reference.intercept_, atol=1e-7)
