"""SaveRateModel: a ridge regression of the relative save rate, chosen by time-ordered CV.

Linear on purpose: with 20 to 20,000 posts per creator, a regularised linear model over
the guide's levers plus caption meaning is what the evidence supports, its effects read
as "this lever moves saves by x%", and a bootstrap ensemble of it prices a counterfactual
tip in one matrix product. The penalty and how much weight caption meaning gets are
chosen by cross-validation that only ever predicts later posts from earlier ones.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import spearmanr
from sklearn.base import BaseEstimator, RegressorMixin
from sklearn.model_selection import TimeSeriesSplit
from sklearn.preprocessing import StandardScaler
from sklearn.utils import check_random_state
from sklearn.utils.validation import check_is_fitted

from models.embeddings import embed_texts
from models.features import PostFeaturizer, PostInput, meaning_texts
from models.ridge import GramRidge, fit_ridge

MIN_POSTS_FOR_CV = 30


def spearman(a: np.ndarray, b: np.ndarray) -> float:
    """Spearman's rho, 0.0 where it is undefined (a constant side)."""
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return 0.0
    return float(spearmanr(a, b).statistic)


class SaveRateModel(RegressorMixin, BaseEstimator):
    """Predicts ``log(smoothed save rate / creator baseline)`` for PostInputs in time order.

    Parameters are the search space; the chosen values land in ``alpha_`` and
    ``embedding_weight_``, the per-fold scores in ``cv_results_``.
    """

    def __init__(
        self,
        alphas: Sequence[float] = (3.0, 30.0, 300.0, 3000.0),
        embedding_weights: Sequence[float] = (0.0, 0.3, 1.0),
        n_splits: int = 4,
        n_bootstrap: int = 30,
        min_hashtag_posts: int = 2,
        random_state: int | None = 0,
    ):
        self.alphas = alphas
        self.embedding_weights = embedding_weights
        self.n_splits = n_splits
        self.n_bootstrap = n_bootstrap
        self.min_hashtag_posts = min_hashtag_posts
        self.random_state = random_state

    # -- fitting -------------------------------------------------------------------
    def fit(self, X: Sequence[PostInput], y: np.ndarray, embeddings: np.ndarray | None = None):
        """Fit on posts in time order. ``embeddings`` (rows of X) may be passed to skip the encoder."""
        y = np.asarray(y, dtype=np.float64)
        if len(X) != len(y):
            raise ValueError(f"X has {len(X)} posts but y has {len(y)} targets")
        if len(X) < 2:
            raise ValueError("at least two posts are needed to fit")
        rng = check_random_state(self.random_state)
        if embeddings is None:
            embeddings = embed_texts(meaning_texts(X))
        self.n_train_ = len(X)
        self._select(X, y, embeddings)

        self.featurizer_ = PostFeaturizer(min_hashtag_posts=self.min_hashtag_posts).fit(X, embeddings=embeddings)
        Z = self._fit_scale(self.featurizer_.transform(X, embeddings))
        self.coef_, self.intercept_ = fit_ridge(Z, y, self.alpha_)

        # A bootstrap ensemble of the same ridge: the spread of a counterfactual's effect.
        # Resampling is expressed as row counts, which is the same fit without copying rows.
        n = len(y)
        coefs, intercepts = [], []
        for _ in range(self.n_bootstrap):
            counts = rng.multinomial(n, np.full(n, 1.0 / n)).astype(np.float64)
            coef, intercept = fit_ridge(Z, y, self.alpha_, sample_weight=counts)
            coefs.append(coef)
            intercepts.append(intercept)
        self.boot_coef_ = np.array(coefs) if coefs else self.coef_[None, :]
        self.boot_intercept_ = np.array(intercepts) if intercepts else np.array([self.intercept_])

        # 80% prediction interval from honest (out-of-fold, time-ordered) residuals where we
        # have them; in-sample residuals understate error, so they are widened.
        residuals = (
            self.oof_residuals_ if len(self.oof_residuals_) >= 10 else 1.5 * (y - Z @ self.coef_ - self.intercept_)
        )
        self.residual_quantiles_ = np.quantile(residuals, [0.1, 0.9])
        return self

    def _select(self, X: Sequence[PostInput], y: np.ndarray, embeddings: np.ndarray) -> None:
        """Choose the penalty and meaning weight by forward-chaining CV (train on past, score on future)."""
        grid = [(a, w) for w in self.embedding_weights for a in self.alphas]
        n_splits = min(self.n_splits, max(2, len(X) // 25))
        if len(X) < MIN_POSTS_FOR_CV:
            # Too few posts to compare candidates honestly: a strong prior towards the mean.
            self.alpha_, self.embedding_weight_ = max(self.alphas), min(self.embedding_weights)
            self.cv_results_ = {}
            self.oof_residuals_ = np.array([])
            self.cv_spearman_ = None
            return
        scores = {cfg: [] for cfg in grid}
        oof = {cfg: [] for cfg in grid}
        truth = []
        for train, test in TimeSeriesSplit(n_splits=n_splits).split(np.arange(len(X))):
            X_train = [X[i] for i in train]
            featurizer = PostFeaturizer(min_hashtag_posts=self.min_hashtag_posts)
            featurizer.fit(X_train, embeddings=embeddings[train])
            F_train = featurizer.transform(X_train, embeddings[train])
            scaler = StandardScaler().fit(F_train)
            Z_train = scaler.transform(F_train)
            Z_test = scaler.transform(featurizer.transform([X[i] for i in test], embeddings[test]))
            truth.append(y[test])
            gram = GramRidge(Z_train, y[train])  # one Gram matrix per fold serves the whole grid
            for weight in self.embedding_weights:
                w = _block_weights(featurizer, Z_train.shape[1], weight)
                for alpha, (coef, intercept) in zip(self.alphas, gram.path(w, self.alphas), strict=True):
                    pred = (Z_test * w) @ coef + intercept
                    scores[(alpha, weight)].append(spearman(pred, y[test]))
                    oof[(alpha, weight)].append(pred)
        mean_score = {cfg: float(np.mean(s)) for cfg, s in scores.items()}
        # One-standard-error rule: the simplest candidate (less meaning weight, then more
        # penalty) within one fold-to-fold standard error of the best. Small differences
        # between candidates are noise, and the simpler model generalises and explains better.
        top = max(grid, key=lambda cfg: mean_score[cfg])
        tolerance = float(np.std(scores[top], ddof=1) / np.sqrt(n_splits)) if n_splits > 1 else 0.0
        eligible = [cfg for cfg in grid if mean_score[cfg] >= mean_score[top] - tolerance]
        best = min(eligible, key=lambda cfg: (cfg[1], -cfg[0]))
        self.alpha_, self.embedding_weight_ = best
        self.cv_results_ = {f"alpha={a:g},embedding_weight={w:g}": mean_score[(a, w)] for a, w in grid}
        self.cv_spearman_ = mean_score[best]
        self.oof_residuals_ = np.concatenate(truth) - np.concatenate(oof[best])

    def _fit_scale(self, F: np.ndarray) -> np.ndarray:
        self.scaler_ = StandardScaler().fit(F)
        self.column_weight_ = _block_weights(self.featurizer_, F.shape[1], self.embedding_weight_)
        return self.scaler_.transform(F) * self.column_weight_

    # -- prediction ----------------------------------------------------------------
    def design(self, X: Sequence[PostInput], embeddings: np.ndarray | None = None) -> np.ndarray:
        """The scaled, weighted design matrix the ridge sees (rows of X)."""
        check_is_fitted(self, "coef_")
        # StandardScaler.transform, minus its input validation: this is the scoring hot path.
        F = self.featurizer_.transform(X, embeddings)
        F -= self.scaler_.mean_
        F *= self.column_weight_ / self.scaler_.scale_
        return F

    def predict(self, X: Sequence[PostInput], embeddings: np.ndarray | None = None) -> np.ndarray:
        return self.design(X, embeddings) @ self.coef_ + self.intercept_

    def predict_ensemble(self, Z: np.ndarray) -> np.ndarray:
        """Bootstrap members' predictions for a design matrix: shape (n_members, n_rows)."""
        return self.boot_coef_ @ Z.T + self.boot_intercept_[:, None]

    def effects(self) -> dict[str, float]:
        """Each named (non-embedding) feature's coefficient per unit of its raw value."""
        check_is_fitted(self, "coef_")
        names = self.featurizer_.feature_names_
        text_start = self.featurizer_.meaning_slice().start
        per_unit = self.coef_ * self.column_weight_ / self.scaler_.scale_
        return {name: float(per_unit[i]) for i, name in enumerate(names[:text_start])}


def _block_weights(featurizer: PostFeaturizer, n_columns: int, embedding_weight: float) -> np.ndarray:
    """Per-column multipliers: 1 for the named features, the chosen weight for caption meaning."""
    weights = np.ones(n_columns)
    weights[featurizer.meaning_slice()] = embedding_weight
    return weights
