"""Pricing drafts: the one place a model turns posts into predicted save rates.

Scoring, compare and the planner all price through here, so a draft gets the same point,
members, interval and posts-like-this-one wherever it is asked about, alone or in a batch
of any size or order (the predictor's ``settled`` grid and the neighbours' exact search
see to the batch; this module sees that there is one sequence to keep right).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.core.records import Draft
from models.core.results import Interval
from models.fit.creator_model import CreatorModel
from models.fit.features import PostInput, meaning_texts
from models.fit.target import to_saves_per_1k
from models.read.uncertainty import chance_higher_beats_lower, interval_factors
from models.text.embeddings import embed_texts


@dataclass(frozen=True)
class Prices:
    """Rows priced by one model: log scale (relative to the creator's baseline) and saves per 1k."""

    point_log: np.ndarray  # (n,)
    members_log: np.ndarray | None  # (B, n), when asked for
    nearest_log: np.ndarray | None  # (E,): each embedding row's most similar earlier posts, when the model has them
    baseline_per_1k: float
    interval_factors: tuple[float, float]  # the 80% interval's ends as factors of the point
    residual_quantiles: tuple[float, float] = (0.0, 0.0)  # the model's 10th and 90th residual percentiles (log)

    def chance(self, higher: int, lower: int) -> float:
        """The chance that row ``higher`` really saves more per view than row ``lower``, the outcome's
        noise included (``models.read.uncertainty``); needs the members."""
        if self.members_log is None:
            raise ValueError("these prices were made without the bootstrap members")
        diff = float(self.point_log[higher] - self.point_log[lower])
        sign = 1.0 if diff >= 0 else -1.0
        members = sign * (self.members_log[:, higher] - self.members_log[:, lower])
        chance = float(chance_higher_beats_lower(abs(diff), members, self.residual_quantiles))
        return chance if diff >= 0 else 1.0 - chance

    @property
    def rates(self) -> np.ndarray:
        """Predicted saves per 1,000 views (n,)."""
        return np.asarray(to_saves_per_1k(self.point_log, self.baseline_per_1k))

    @property
    def members(self) -> np.ndarray:
        """Each bootstrap member's saves per 1,000 views (B, n)."""
        if self.members_log is None:
            raise ValueError("these prices were made without the bootstrap members")
        return np.asarray(to_saves_per_1k(self.members_log, self.baseline_per_1k))

    def interval(self, rate: float) -> Interval:
        """The 80% interval around a rounded or unrounded predicted rate."""
        low, high = self.interval_factors
        return Interval(low=round(rate * low, 3), high=round(rate * high, 3))


def price_rows(
    model: CreatorModel,
    posts: Sequence[PostInput],
    embeddings: np.ndarray,
    *,
    embedding_rows: np.ndarray | None = None,
    members: bool = True,
) -> Prices:
    """Price model rows already built (a draft's tip variants, a plan's windows) on given embeddings.

    ``embedding_rows[i]`` names the row of ``embeddings`` that post ``i`` reads (default: its own).
    """
    estimator = model.estimator_
    parts = estimator.predict_parts(posts, embeddings, members=members, embedding_rows=embedding_rows)
    return Prices(
        point_log=parts.point,
        members_log=parts.members,
        nearest_log=parts.nearest,
        baseline_per_1k=model.baseline_per_1k_,
        # Widened: out-of-fold residuals are nearer the training posts than a later post is (models.read.uncertainty).
        interval_factors=interval_factors(estimator.residual_quantiles_),
        residual_quantiles=tuple(float(q) for q in estimator.residual_quantiles_),
    )


@dataclass(frozen=True)
class PricedDrafts:
    """Drafts as the model reads them, their caption vectors, and their prices (one row each)."""

    posts: list[PostInput]
    embeddings: np.ndarray
    prices: Prices


def price(model: CreatorModel, drafts: Sequence[Draft], *, members: bool = True) -> PricedDrafts:
    """Price drafts as posted (their planned time, views and caption), one row each, input order kept."""
    posts = [model.post_for(d) for d in drafts]
    embeddings = embed_texts(meaning_texts(posts), encoder=model.encoder_name)
    return PricedDrafts(posts, embeddings, price_rows(model, posts, embeddings, members=members))


def expected_saves(rate: float, draft: Draft) -> float | None:
    """Saves the draft's expected views would bring at ``rate`` (None without expected views)."""
    return None if draft.expected_views is None else round(rate * draft.expected_views / 1000.0, 1)
