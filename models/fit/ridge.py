"""Ridge regression through the Gram matrix: one eigendecomposition prices every penalty.

Time-ordered CV tries several penalties and block weights per fold, and the bootstrap
refits the chosen one 30 times. Refitting ``sklearn.linear_model.Ridge`` for each was
most of training time; here a fold costs one Gram matrix, block weights rescale it
(``G * outer(w, w)``), and each penalty is a diagonal solve in the eigenbasis.
``test_ridge`` checks the results against scikit-learn's Ridge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.linalg import eigh, solve


class GramRidge:
    """Centred sufficient statistics of a design matrix, for many penalties and weightings."""

    def __init__(self, Z: np.ndarray, y: np.ndarray):
        self.x_mean = Z.mean(axis=0)
        self.y_mean = float(y.mean())
        Zc = Z - self.x_mean
        self.gram = Zc.T @ Zc
        self.cross = Zc.T @ (y - self.y_mean)

    def path(self, weights: np.ndarray, alphas: Sequence[float]) -> list[tuple[np.ndarray, float]]:
        """(coef, intercept) per alpha for the design ``Z * weights``; coef applies to ``Z * weights``."""
        gram = self.gram * np.outer(weights, weights)
        cross = self.cross * weights
        eigenvalues, vectors = eigh(gram)
        projected = vectors.T @ cross
        out = []
        for alpha in alphas:
            coef = vectors @ (projected / (np.clip(eigenvalues, 0.0, None) + alpha))
            out.append((coef, self.y_mean - float((self.x_mean * weights) @ coef)))
        return out


def fit_ridge(Z: np.ndarray, y: np.ndarray, alpha: float, sample_weight: np.ndarray | None = None):
    """(coef, intercept) of a ridge with intercept, optionally with per-row weights (bootstrap counts)."""
    w = np.ones(len(y)) if sample_weight is None else sample_weight
    total = w.sum()
    x_mean = (w @ Z) / total
    y_mean = float(w @ y) / total
    Zc = Z - x_mean
    gram = Zc.T @ (Zc * w[:, None])
    gram[np.diag_indices_from(gram)] += alpha
    coef = solve(gram, Zc.T @ (w * (y - y_mean)), assume_a="pos")
    return coef, y_mean - float(x_mean @ coef)
