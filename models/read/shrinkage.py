"""A group of a creator's posts, its raw rate shrunk towards 1x by how few posts it has (empirical Bayes).

Hashtags (``models.read.hashtag_rates``) and posting windows (``models.read.posting_times``) are such
groups: a few posts say how they saved loudly and by chance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

# A hashtag's (or a posting window's) rate is shrunk towards 1x as if k average posts also
# carried it (empirical Bayes): k is the creator's post-to-post noise over the spread of their
# tags' (windows') real effects, estimated from their own and kept within these bounds. Two
# lucky posts then count for little against eighty steady ones.
HASHTAG_PRIOR_POSTS = (10.0, 100.0)
Z_80 = 1.2816  # one side of an 80% normal interval


class Group(Protocol):
    """A set of the creator's posts (a hashtag's, a posting window's) and its raw rate against the others."""

    posts: int
    relative_save_rate: float


def shrinkage(groups: Sequence[Group], model: CreatorModel) -> tuple[float, float]:
    """(k, sigma^2): how many average posts a group's own rate is shrunk with, and the post noise.

    Empirical Bayes by the method of moments over the creator's groups (hashtags, or posting
    windows) of at least two posts: a group's raw log rate varies by its real effect (variance
    tau^2) plus noise (sigma^2 / n); what the spread of raw rates holds beyond the noise is
    tau^2, and k = sigma^2 / tau^2, kept within ``HASHTAG_PRIOR_POSTS``.
    """
    low, high = HASHTAG_PRIOR_POSTS
    groups = [g for g in groups if g.posts >= 2]
    rates = np.log(np.maximum(model.post_rates_, 1e-9) / max(model.baseline_per_1k_, 1e-9))
    sigma2 = float(np.var(rates)) if len(rates) > 1 else 0.0
    if not groups or sigma2 <= 0:
        return high, sigma2
    raw = np.log([g.relative_save_rate for g in groups])
    noise = sigma2 / np.array([g.posts for g in groups], dtype=float)
    tau2 = float(np.mean(raw**2 - noise))
    return (high if tau2 <= 0 else float(np.clip(sigma2 / tau2, low, high))), sigma2


def shrunk(group: Group, k: float, sigma2: float) -> tuple[float, float, float]:
    """A group's raw rate shrunk towards 1x with ``k`` prior posts: (estimate, 80% low, 80% high)."""
    n = group.posts
    estimate = n / (n + k) * float(np.log(max(group.relative_save_rate, 1e-9)))
    half = Z_80 * float(np.sqrt(sigma2 / (n + k)))
    return float(np.exp(estimate)), float(np.exp(estimate - half)), float(np.exp(estimate + half))
