"""Insights: what drives this creator's saves, read off their fitted model and history."""

from __future__ import annotations

import msgspec
import numpy as np

from models.creator_model import CreatorModel
from models.features import HOUR_BLOCK, LEVERS, WEEKDAYS

_LEVER_LABELS = {
    "save_cta": "Asking viewers to save",
    "informative": "Tutorial / tips / how-to",
    "solves_problem": "Solving a stated problem",
    "engage": "Question or invitation to comment",
    "collab": "Collaboration or mention",
    "text_overlay": "Text overlay",
    "question": "A question in the caption",
    "number_list": 'A numbered list ("5 tips")',
    "has_emoji": "Emoji in the caption",
    "has_mentions": "Mentions another account",
}


class Driver(msgspec.Struct, frozen=True, kw_only=True):
    feature: str
    label: str
    effect_relative: float  # model's change in save rate when on vs off, e.g. 0.3 = +30%
    posts_with: int
    posts_without: int


class Window(msgspec.Struct, frozen=True, kw_only=True):
    weekday: str
    hours: str
    posts: int
    relative_save_rate: float  # against the creator's posts at other times
    saves_per_1k: float  # median of the posts in this window


class HashtagRate(msgspec.Struct, frozen=True, kw_only=True):
    hashtag: str
    posts: int
    relative_save_rate: float
    saves_per_1k: float


class Theme(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # the words that set the theme's captions apart, in their language ("" when none do)
    posts: int
    relative_save_rate: float
    saves_per_1k: float
    examples: list[str]


class Insights(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    model_version: str
    n_posts: int
    baseline_saves_per_1k: float
    median_saves_per_1k: float
    low_history: bool
    top_drivers: list[Driver]
    best_windows: list[Window]
    heatmap: list[Window]  # every weekday x 3-hour cell the creator has posted in
    hashtags: list[HashtagRate]
    themes: list[Theme]
    quality: dict


def _lever_count(model: CreatorModel, name: str) -> tuple[int, int]:
    total = model.lever_counts_["text_overlay_known"] if name == "text_overlay" else model.n_posts_
    return model.lever_counts_[name], total - model.lever_counts_[name]


def build_insights(model: CreatorModel, meta: dict, *, max_items: int = 10) -> Insights:
    """The creator's top save drivers, posting windows, hashtags and themes, with counts."""
    effects = model.estimator.effects()
    base = model.baseline_per_1k_
    drivers = []
    for name in (*LEVERS, "question", "number_list", "has_emoji", "has_mentions"):
        if name not in effects:
            continue
        with_, without = _lever_count(model, name)
        if with_ == 0 or without == 0:
            continue  # never varied in this history: nothing was learned about it
        drivers.append(
            Driver(
                feature=name,
                label=_LEVER_LABELS[name],
                effect_relative=round(float(np.expm1(effects[name])), 4),
                posts_with=with_,
                posts_without=without,
            )
        )
    drivers.sort(key=lambda d: -abs(d.effect_relative))

    # A history known by dates only puts every post at midnight: it says nothing about hours.
    hours_known = len({c["block"] for c in model.time_stats_}) > 1

    def window(cell: dict) -> Window:
        block = cell["block"]
        return Window(
            weekday=WEEKDAYS[cell["weekday"]],
            hours=f"{block * HOUR_BLOCK:02d}:00–{(block + 1) * HOUR_BLOCK:02d}:00" if hours_known else "unknown",
            posts=cell["posts"],
            relative_save_rate=round(cell["relative_save_rate"], 4),
            saves_per_1k=round(cell["saves_per_1k"], 3),
        )

    heatmap = [window(c) for c in model.time_stats_]
    best = sorted((w for w in heatmap if w.posts >= 2), key=lambda w: -w.relative_save_rate)[:max_items]
    tags = sorted((s for s in model.hashtag_stats_ if s["posts"] >= 2), key=lambda s: -s["relative_save_rate"])[
        : max_items * 2
    ]
    return Insights(
        creator_id=model.creator_id,
        model_version=meta.get("version", ""),
        n_posts=model.n_posts_,
        baseline_saves_per_1k=round(base, 3),
        median_saves_per_1k=round(model.median_per_1k_, 3),
        low_history=model.low_history,
        top_drivers=drivers[:max_items],
        best_windows=best,
        heatmap=heatmap,
        hashtags=[
            HashtagRate(
                hashtag=s["hashtag"],
                posts=s["posts"],
                relative_save_rate=round(s["relative_save_rate"], 4),
                saves_per_1k=round(s["saves_per_1k"], 3),
            )
            for s in tags
        ],
        themes=[
            Theme(
                name=t["name"],
                posts=t["posts"],
                relative_save_rate=round(t["relative_save_rate"], 4),
                saves_per_1k=round(t["saves_per_1k"], 3),
                examples=list(t["examples"]),
            )
            for t in model.themes_
        ],
        quality=meta.get("quality", {}),
    )
