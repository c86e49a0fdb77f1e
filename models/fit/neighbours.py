"""Posts like this one: what a creator's most similar earlier posts by caption meaning saved.

A creator's posts about the same thing tend to save alike (a recipe series, a kind of
tip), in ways a linear model over a few meaning components misses. ``CaptionNeighbours``
keeps the creator's own caption vectors and relative save rates, and answers, for a
caption vector, the mean relative rate of its ``k`` nearest earlier posts (cosine
similarity; the vectors are unit length). The model adds it, with a weight chosen by its
time-ordered CV, to its linear prediction; a draft's tips never change its caption meaning,
so they never change this part either.

Fitting and reading are numpy only: a stored model answers without scikit-learn.
"""

from __future__ import annotations

import numpy as np

N_NEIGHBOURS = 10
MAX_POSTS = 3000  # the most recent posts kept: a long history's older posts say least about its next ones


class CaptionNeighbours:
    """The ``k`` nearest of a creator's posts by caption meaning, and their mean relative save rate."""

    def __init__(self, k: int = N_NEIGHBOURS):
        self.k = k

    def fit(
        self, embeddings: np.ndarray, y: np.ndarray, *, n_members: int = 0, random_state: int = 0
    ) -> CaptionNeighbours:
        """``embeddings`` (unit rows) and targets of posts in time order; targets are kept centred.

        ``n_members`` bootstrap members each resample the ``k`` neighbours (by their rank), so
        the spread of a mean of ten noisy posts shows in intervals and agreement shares.
        """
        embeddings = np.asarray(embeddings)[-MAX_POSTS:]
        y = np.asarray(y, dtype=np.float64)[-MAX_POSTS:]
        # Half precision: cosine ranks need no more, and it halves what a model file carries.
        self.vectors_ = embeddings.astype(np.float16)
        self.values_ = (y - y.mean()).astype(np.float32)
        k = max(1, min(self.k, len(y)))
        rng = np.random.default_rng(random_state)
        self.member_counts_ = rng.multinomial(k, np.full(k, 1.0 / k), size=n_members).astype(np.float32)
        return self

    def mean_of_nearest(self, embeddings: np.ndarray) -> np.ndarray:
        """Per row of ``embeddings``: the mean centred target of its ``k`` most similar posts (n,)."""
        return _mean(self._nearest_values(embeddings))

    def mean_and_members_of_nearest(self, embeddings: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``mean_of_nearest`` and the same in every bootstrap member (B, n), from one search.

        Each member averages its resample of the neighbours, so the spread of a mean of ten
        noisy posts shows in intervals and agreement shares.
        """
        values = self._nearest_values(embeddings)
        counts = self.member_counts_[:, : values.shape[1]]
        members = (counts @ values.T / np.maximum(counts.sum(axis=1, keepdims=True), 1.0)).astype(np.float64)
        return _mean(values), members

    def _nearest_values(self, embeddings: np.ndarray) -> np.ndarray:
        """The centred targets of each row's ``k`` nearest posts, nearest first: (n, k).

        The same for a row whatever else is in the batch, on any machine: queries are rounded
        to the stored vectors' half precision and the dot products summed in double, where the
        sum of half-precision products is exact (each is a multiple of 2**-48 below 2), so no
        BLAS kernel's summation order can move a similarity; equal similarities (a repeated
        caption) go to the earlier post.
        """
        queries = np.asarray(embeddings, dtype=np.float32).astype(np.float16).astype(np.float64)
        k = min(self.k, len(self.values_))
        if not len(queries) or k < 1:
            return np.zeros((len(queries), max(k, 0)), dtype=np.float32)
        similarity = queries @ self.vectors_.T.astype(np.float64)
        nearest = np.argsort(-similarity, axis=1, kind="stable")[:, :k]
        return self.values_[nearest]


def _mean(values: np.ndarray) -> np.ndarray:
    """The mean of each row's neighbour values (n, k): (n,)."""
    return values.mean(axis=1).astype(np.float64)
