"""Tiny hand-made histories for tests that need a fitted model but no planted effects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from models.core.records import PostRecord
from models.fit.population import LinearPrior, PopulationFitter
from models.fit.population_stats import CreatorStats
from models.fit.store import stored_population_stats

TOPICS = ("rice bowls", "overnight oats", "tofu stir fry", "lentil soup", "banana bread", "pasta salad")


def small_history(n: int = 40, *, seed: int = 0, creator_id: str | None = "small") -> list[PostRecord]:
    rng = np.random.default_rng(seed)
    start = datetime(2025, 1, 1, 12, tzinfo=UTC)
    posts = []
    for i in range(n):
        cta = rng.random() < 0.4
        views = int(rng.integers(800, 20_000))
        rate = 0.012 * (1.8 if cta else 1.0) * float(rng.lognormal(0, 0.2))
        caption = f"{TOPICS[i % len(TOPICS)]} day {i}" + (" Save this for later!" if cta else "")
        posts.append(
            PostRecord(
                post_id=f"p{i}",
                created_at=start + timedelta(hours=int(30 * i + rng.integers(0, 12))),
                caption=caption + " #mealprep",
                hashtags=("mealprep",),
                views=views,
                saves=min(views, int(rng.poisson(views * rate))),
                duration_s=float(rng.integers(10, 60)),
                creator_id=creator_id,
            )
        )
    return posts


def fail_training_of(monkeypatch, creator_id: str, message: str) -> None:
    """``train_creator`` raises ``RuntimeError(message)`` for one creator; the others train for real."""
    import training.steps

    real = training.steps.train_creator

    def fragile(records, owner, *args, **kwargs):
        if owner == creator_id:
            raise RuntimeError(message)
        return real(records, owner, *args, **kwargs)

    monkeypatch.setattr(training.steps, "train_creator", fragile)


# -- the population, as tests build it from statistics in memory --------------------------------


def fit_population(stats: Sequence[CreatorStats], *, random_state: int = 0) -> LinearPrior | None:
    """The within-creator ridge over every creator's statistics; None with too few creators."""
    return PopulationFitter(random_state=random_state).fit(stats).prior()


def population_without(stats: Mapping[str, CreatorStats], creator_id: str, encoder: str) -> LinearPrior | None:
    """The population of every other creator with statistics from the same encoder."""
    others = [s for cid, s in sorted(stats.items()) if cid != creator_id and s.encoder == encoder]
    return fit_population(others)


def population_fitter(stats: Mapping[str, CreatorStats], encoder: str) -> PopulationFitter:
    """One fitter over every creator with statistics from ``encoder``: ``prior(without=creator)`` per creator."""
    return PopulationFitter().fit([s for _, s in sorted(stats.items()) if s.encoder == encoder])


def load_population_stats(models_dir: Path, encoder: str) -> dict[str, CreatorStats]:
    """Every stored creator's population statistics for ``encoder``, all in memory; unreadable files are skipped."""
    return {s.creator_id: s for s in stored_population_stats(models_dir, encoder) if s.n}
