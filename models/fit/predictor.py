"""A fitted save-rate model as scoring sees it: plain arrays and numpy, no scikit-learn.

Training fits a ``SaveRateModel`` (``models.fit.estimator``), a scikit-learn estimator that
chooses its penalty, meaning weight and prior weight by time-ordered CV. Everything it
learns is a numpy array or a number, and predicting from them is the methods here. The
estimator inherits them, and a stored model is loaded as a bare ``SaveRatePredictor``
(``models.fit.store``): a pre-post check then never imports scikit-learn or scipy, which cost
about 1.5 s of every fresh process.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

from models.core.fit_cache import once_per_fit
from models.fit.features import META_NAMES, NotFittedError, PostInput, meaning_texts
from models.text.embeddings import embed_texts

MAX_DESIGN_VALUE = 10.0  # standardised feature values are clipped here: no single column can explode


class Prediction(NamedTuple):
    """One pricing of some posts: log scale, relative to the creator's baseline."""

    point: np.ndarray  # (n,)
    members: np.ndarray | None  # (B, n): each bootstrap member's, when asked for
    nearest: np.ndarray | None  # (E,): per embedding row, its most similar earlier posts' mean, when asked for


class SaveRatePredictor:
    """Prediction from a fitted save-rate model's learned attributes.

    Reads ``featurizer_`` (a fitted ``PostFeaturizer``), ``center_`` and ``scale_`` (the
    standardisation of its columns), ``column_weight_``, ``coef_``/``intercept_`` and the
    bootstrap's ``boot_coef_``/``boot_intercept_``, ``prior_`` with ``prior_weight_`` (its
    levers and metadata) and ``meaning_prior_weight_`` (its caption-meaning block),
    ``neighbours_`` with ``neighbour_weight_`` (posts like this one), ``bounds_`` and ``encoder_``.
    """

    # Models stored before these existed lack them: they predict as they did.
    neighbours_ = None
    neighbour_weight_ = 0.0
    meaning_prior_weight_: float | None = None

    def _check_fitted(self) -> None:
        if not hasattr(self, "coef_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted yet; call fit first")

    def _prior_offsets(self, F: np.ndarray, embeddings: np.ndarray, embedding_rows: np.ndarray | None = None):
        """The weighted prior's contribution per row: point (n,) and per bootstrap member (B, n).

        The prior is linear in the shared row (metadata, then the raw caption embedding), so
        its two blocks are priced apart: each has its own weight (a population's levers may
        carry over to a creator whose themes are nothing like the others'), and where rows
        share embeddings (a draft's tip variants, ``embedding_rows``) the meaning block is
        priced once per distinct row.
        """
        n_meta = len(META_NAMES)  # the shared row's metadata columns, as in ``shared_rows``
        coef, boot_coef = self.prior_.coef, self.prior_.boot_coef
        meta = F[:, :n_meta]
        embeddings = np.asarray(embeddings, dtype=np.float64)
        rows = slice(None) if embedding_rows is None else embedding_rows
        levers, meaning = self.prior_weight_, self.meaning_prior_weight
        point = levers * (meta @ coef[:n_meta]) + meaning * (embeddings @ coef[n_meta:])[rows]
        members = levers * (boot_coef[:, :n_meta] @ meta.T) + meaning * (boot_coef[:, n_meta:] @ embeddings.T)[:, rows]
        return point, members

    @property
    def meaning_prior_weight(self) -> float:
        """How much of the prior's caption-meaning block is kept (models before it existed: the one weight)."""
        return self.prior_weight_ if self.meaning_prior_weight_ is None else self.meaning_prior_weight_

    def design(self, X: Sequence[PostInput], embeddings: np.ndarray | None = None) -> np.ndarray:
        """The scaled, weighted design matrix the own ridge sees (rows of X)."""
        self._check_fitted()
        return self._design(self.featurizer_.transform(X, embeddings))

    def _design(self, F: np.ndarray) -> np.ndarray:
        Z = (F - self.center_) / self.scale_
        np.clip(Z, -MAX_DESIGN_VALUE, MAX_DESIGN_VALUE, out=Z)
        Z *= self.column_weight_
        return Z

    def predict(self, X: Sequence[PostInput], embeddings: np.ndarray | None = None) -> np.ndarray:
        return self.predict_with_members(X, embeddings, members=False)[0]

    def predict_with_members(
        self,
        X: Sequence[PostInput],
        embeddings: np.ndarray | None = None,
        *,
        members: bool = True,
        embedding_rows: np.ndarray | None = None,
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """Point predictions (n,) and, with ``members``, each bootstrap member's (B, n); all bounded.

        With ``embedding_rows``, post ``i`` reads row ``embedding_rows[i]`` of ``embeddings``
        (a draft and its tip variants share one): the meaning's share of the prior is then
        priced once per distinct row instead of once per post.
        """
        parts = self.predict_parts(X, embeddings, members=members, embedding_rows=embedding_rows, nearest=False)
        return parts.point, parts.members

    def predict_parts(
        self,
        X: Sequence[PostInput],
        embeddings: np.ndarray | None = None,
        *,
        members: bool = True,
        embedding_rows: np.ndarray | None = None,
        nearest: bool = True,
    ) -> Prediction:
        """``predict_with_members``, and with ``nearest`` what each embedding row's most similar
        earlier posts saved (relative, log scale), from the one neighbour search the prediction made."""
        self._check_fitted()
        if embeddings is None:
            embeddings = embed_texts(meaning_texts(X), encoder=self.encoder_)
        F = self.featurizer_.transform(X, embeddings, embedding_rows)
        offset, member_offsets = self._prior_offsets(F, embeddings, embedding_rows)
        near, near_members = self._nearest(embeddings, members, wanted=nearest)
        rows = slice(None) if embedding_rows is None else embedding_rows
        weight = self.neighbour_weight_ if near is not None else 0.0
        Z = self._design(F)
        alike = weight * near[rows] if weight else 0.0
        point = settled(np.clip(np.nan_to_num(Z @ self.coef_ + self.intercept_ + offset + alike), *self.bounds_))
        if not members:
            return Prediction(point, None, near if nearest else None)
        ensemble = self.boot_coef_ @ Z.T + self.boot_intercept_[:, None]
        n_members = min(len(ensemble), len(member_offsets))
        ensemble = ensemble[:n_members] + member_offsets[:n_members]
        if weight and near_members is not None:
            n_members = min(n_members, len(near_members))
            ensemble = ensemble[:n_members] + weight * near_members[:n_members][:, rows]
        return Prediction(point, settled(np.clip(np.nan_to_num(ensemble), *self.bounds_)), near if nearest else None)

    def _nearest(self, embeddings: np.ndarray, members: bool, *, wanted: bool):
        """The mean of each embedding row's most similar earlier posts (E,) and per member (B, E).

        One search per distinct embedding (a draft's tip variants share their draft's row), and
        none when nothing reads it: the prediction leaves the neighbours out and no caller asked.
        """
        if self.neighbours_ is None or not (self.neighbour_weight_ or wanted):
            return None, None
        if not members or not self.neighbour_weight_:
            return self.neighbours_.mean_of_nearest(embeddings), None
        return self.neighbours_.mean_and_members_of_nearest(embeddings)

    def effects(self, only: Sequence[str] | None = None) -> dict[str, float]:
        """Each named (non-embedding) feature's effect per unit of its raw value, prior included.

        ``only`` limits it to these names (those the model has): the scoring path asks for a few.
        """
        self._check_fitted()
        every = self._all_effects()
        if only is None:
            return dict(every)
        return {name: every[name] for name in only if name in every}

    # Computed once per fit: tips read the effects for every draft (1,000 times in a batch).
    @once_per_fit(lambda predictor: predictor.coef_)
    def _all_effects(self) -> dict[str, float]:
        names = self.featurizer_.feature_names_
        text_start = self.featurizer_.meaning_slice().start
        per_unit = self.coef_ * self.column_weight_ / self.scale_
        prior = dict(zip(self.prior_.names, self.prior_.coef.tolist(), strict=True))
        return {
            name: float(per_unit[i]) + self.prior_weight_ * prior.get(name, 0.0)
            for i, name in enumerate(names[:text_start])
        }

    def effect_members(self) -> dict[str, np.ndarray]:
        """Each named feature's effect per unit in every bootstrap member (B,): the spread of ``effects``."""
        self._check_fitted()
        names = self.featurizer_.feature_names_
        text_start = self.featurizer_.meaning_slice().start
        per_unit = self.boot_coef_[:, :text_start] * (self.column_weight_ / self.scale_)[:text_start]
        prior_names = list(self.prior_.names)
        n = min(len(per_unit), len(self.prior_.boot_coef))
        out = {}
        for i, name in enumerate(names[:text_start]):
            prior = self.prior_.boot_coef[:n, prior_names.index(name)] if name in prior_names else 0.0
            out[name] = per_unit[:n, i] + self.prior_weight_ * prior
        return out


SETTLED_DECIMALS = 9


def settled(log_rates: np.ndarray) -> np.ndarray:
    """Log-scale predictions on a grid of 1e-9: far finer than any figure shown, far coarser than
    the last-bit differences BLAS kernels leave depending on a row's place in a matrix. So a draft
    prices the same alone, in any batch and on any machine, and two identical drafts tie exactly
    (a tip that changes nothing moves no member, and an agreement share never counts noise)."""
    return np.round(log_rates, SETTLED_DECIMALS)
