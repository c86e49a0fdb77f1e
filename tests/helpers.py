"""Tiny hand-made histories for tests that need a fitted model but no planted effects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from models.core.records import PostRecord

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
