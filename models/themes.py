"""Themes: clusters of caption meaning, and how each one saves for this creator."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.cluster import KMeans

MIN_THEME_POSTS = 3


def find_themes(
    captions: Sequence[str], embeddings: np.ndarray, relative_log: np.ndarray, rates: np.ndarray, *, seed: int = 0
) -> list[dict]:
    """Cluster captions by meaning; per theme its size, save rate (median, and vs other posts) and examples.

    Sorted by save rate, best first. The centroid is kept so a draft can be matched to a theme.
    """
    n = len(captions)
    # Never more clusters than distinct captions (duplicates are common in real histories).
    k = min(int(np.clip(n // 15, 2, 8)), len(np.unique(np.round(embeddings, 5), axis=0)))
    if n < 2 * MIN_THEME_POSTS or k < 2:
        return []
    km = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(embeddings)
    themes = []
    for label in range(k):
        members = np.flatnonzero(km.labels_ == label)
        if len(members) < MIN_THEME_POSTS or len(members) == n:
            continue  # too small to say anything, or every post: nothing to compare it with
        centre = km.cluster_centers_[label]
        # Examples: the members nearest the centre, best-saving first among those.
        nearest = members[np.argsort(-(embeddings[members] @ centre))[:5]]
        examples = [captions[i] for i in nearest[np.argsort(-relative_log[nearest])]][:3]
        themes.append(
            {
                "posts": len(members),
                "relative_save_rate": float(
                    np.exp(relative_log[members].mean() - np.delete(relative_log, members).mean())
                ),
                "saves_per_1k": float(np.median(rates[members])),
                "examples": [c[:200] for c in examples if c.strip()],
                "centroid": (centre / (np.linalg.norm(centre) or 1.0)).astype(np.float32),
            }
        )
    return sorted(themes, key=lambda t: -t["relative_save_rate"])
