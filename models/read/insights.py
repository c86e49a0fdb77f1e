"""Insights: what drives this creator's saves, read off their fitted model and history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from models.core.levers import LEVERS, MARKS
from models.core.pair_order import PairOrder
from models.core.records import SYNTHETIC_WARNING
from models.fit.clock import time_words
from models.fit.features import WEEKDAYS
from models.fit.history_stats import COUNTED, MIN_EVIDENCE
from models.fit.quality import UNTESTED, ModelCheck, TimelinePoint
from models.read.evidence import block_label, model_lever_split
from models.read.hashtag_rates import HashtagRate, hashtag_rates
from models.read.posting_times import (
    MIN_WINDOW_EFFECT,
    MIN_WINDOW_POSTS,
    RatedCell,
    best_windows,
    hours_known,
    posting_windows,
    window_name,
)

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel
    from models.fit.store import ModelMeta

MIN_DRIVER_EFFECT = 0.02  # a driver under ±2% is not worth a creator's attention

# What insights call each column they name: the levers and the marks (``models.core.levers``).
LABELS = {**{lever.name: lever.label for lever in LEVERS}, **{mark.name: mark.label for mark in MARKS}}
# Nested levers: every post with the mark also has the lever it shows (a "?" invites replies). When
# both hold the same posts they are one fact about those posts: one driver, their joint effect.
NESTED_LEVERS = tuple((mark, lever.name) for lever in LEVERS for mark in lever.also if mark in COUNTED)


class Driver(msgspec.Struct, frozen=True, kw_only=True):
    feature: str
    label: str
    effect_relative: float  # model's change in save rate when on vs off, e.g. 0.3 = +30%
    effect_low: float  # its 80% interval across the model's bootstrap members, same scale
    effect_high: float
    posts_with: int
    posts_without: int


class Window(msgspec.Struct, frozen=True, kw_only=True):
    weekday: str
    hours: str
    posts: int
    # The model's estimate for the time slot itself (weekday and hours, shrunk like every
    # effect), against the creator's average posting time: what windows are ranked by.
    effect_relative: float
    relative_save_rate: float  # raw: this window's posts against the creator's posts at other times
    saves_per_1k: float  # median of the posts in this window
    # The raw rate shrunk towards 1x like the hashtags' (``models.read.shrinkage``): what the window's own
    # posts say once their number is weighed. The best-time tip quotes this, not the raw rate.
    estimate_relative: float = 1.0


class Theme(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # the words that set the theme's captions apart, in their language ("" when none do)
    posts: int
    relative_save_rate: float
    saves_per_1k: float
    examples: list[str]


class Timeline(msgspec.Struct, frozen=True, kw_only=True):
    """The chart of saves per 1k over time: training posts, then held-out posts beside the model's predictions."""

    points: list[TimelinePoint]
    # The creator-mean guess the model is tested against: the average of the posts it learned
    # from, not "your average" (``Insights.baseline_saves_per_1k``, over every post).
    creator_mean_saves_per_1k: float
    held_out_from: str | None  # date of the first held-out post


class Insights(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    model_version: str
    n_posts: int
    baseline_saves_per_1k: float  # "your average" wherever it is said: all their saves ÷ all their views
    median_saves_per_1k: float
    low_history: bool
    model_check: ModelCheck = UNTESTED  # did the model beat every simple guess on their latest posts?
    # How well it ranks this creator: the share of their latest post pairs (at most 14 days apart) its
    # time-split test ordered right, with an 80% range and in words; None for a model stored before.
    pairs_ordered_right: PairOrder | None = None
    warnings: list[str] = []  # sentences for people: a model a simple guess matched, a thin history
    top_drivers: list[Driver]  # only effects that matter: big enough, and their interval excludes zero
    best_windows: list[Window]  # ranked by the model's effect; the best-time tip advises the first
    windows_note: str | None = None  # why the first window is not the one with the highest raw rate
    heatmap: list[Window]  # every weekday x 3-hour cell the creator has posted in (by posts with a time)
    # What the windows' and heatmap's hours are in: "your time, Asia/Ho_Chi_Minh", or "UTC, as your
    # history gives no time zone: set yours ..." (``models.fit.clock.time_words``).
    clock: str = ""
    timezone: str | None = None  # the creator's IANA zone, when one was given
    hashtags: list[HashtagRate]
    themes: list[Theme]
    timeline: Timeline | None = None  # saves per 1k over time, with the time-split predictions
    quality: dict


def top_drivers(model: CreatorModel) -> list[Driver]:
    """The levers whose effect matters: seen on at least MIN_EVIDENCE posts with and without,
    at least MIN_DRIVER_EFFECT either way, with an 80% interval (across the bootstrap members)
    that excludes no effect; largest first."""
    effects = model.estimator_.effects()
    members = model.estimator_.effect_members()
    # The broader lever of a nested pair holding the same posts carries the narrower one's
    # effect too (turning one on turns both on), under the narrower one's more exact name.
    same = {
        broad: narrow
        for narrow, broad in NESTED_LEVERS
        if {narrow, broad} <= effects.keys() and model_lever_split(model, narrow) == model_lever_split(model, broad)
    }
    drivers = []
    for name in COUNTED:
        if name not in effects or name in same.values():
            continue
        with_, without = model_lever_split(model, name)
        if min(with_, without) < MIN_EVIDENCE:
            continue  # too few posts on one side: what the model holds there is its prior, not this creator
        log_effect, log_members = effects[name], members[name]
        if name in same:
            log_effect, log_members = log_effect + effects[same[name]], log_members + members[same[name]]
        effect = float(np.expm1(log_effect))
        low, high = (float(v) for v in np.expm1(np.quantile(log_members, [0.1, 0.9])))
        low, high = min(low, effect), max(high, effect)
        if abs(effect) < MIN_DRIVER_EFFECT or low <= 0.0 <= high:
            continue  # too small to act on, or the data cannot tell its sign
        drivers.append(
            Driver(
                feature=same.get(name, name),
                label=LABELS[same.get(name, name)],
                effect_relative=round(effect, 4),
                effect_low=round(low, 4),
                effect_high=round(high, 4),
                posts_with=with_,
                posts_without=without,
            )
        )
    return sorted(drivers, key=lambda d: -abs(d.effect_relative))


def windows_note(model: CreatorModel, best: Sequence[RatedCell]) -> str | None:
    """A short sentence when no window has enough posts to judge, or when the best window by the
    model is not the one whose own posts saved most (their shrunk rate)."""
    what = "window" if hours_known(model) else "day"
    rated = posting_windows(model)
    used = [c for c in rated if c.cell.posts >= MIN_WINDOW_POSTS]
    if not used:
        if not rated:
            return None
        busiest = max(rated, key=lambda c: c.cell.posts)
        return (
            f"No {what} of yours has {MIN_WINDOW_POSTS} posts yet (the most, {window_name(model, busiest.cell)}, "
            f"has {busiest.cell.posts}): too few to tell a good time from a lucky one."
        )
    top = max(used, key=lambda c: (c.estimate_relative, c.cell.posts))
    if top.estimate_relative < 1.0 + MIN_WINDOW_EFFECT:
        return None  # no window's posts saved enough more to be worth a sentence
    if best and best[0].cell == top.cell:
        return None
    cell = top.cell
    raw = (
        f"By save rate alone your best {what} is {window_name(model, cell)}: its {cell.posts} posts earned about "
        f"{top.estimate_relative:.2f}× the saves of your others ({cell.relative_save_rate:.2f}× as posted, "
        "shrunk towards your usual rate since a few posts swing it)"
    )
    if not best:
        return (
            f"{raw}, but once what you posted is held equal no time of yours stands out: the figure mostly "
            "reflects which posts happened to go out then."
        )
    return (
        f"{raw}, but the ranking here is the model's estimate of the time itself, holding what you posted "
        "equal; a save rate also carries which posts went out then."
    )


def _timeline(model: CreatorModel) -> Timeline | None:
    report = model.evaluation_
    if not report.get("timeline"):
        return None
    points = msgspec.convert(report["timeline"], list[TimelinePoint])
    held_out = [p for p in points if p.predicted_saves_per_1k is not None]
    return Timeline(
        points=points,
        creator_mean_saves_per_1k=float(report.get("creator_mean_saves_per_1k", 0.0)),
        held_out_from=held_out[0].at if held_out else None,
    )


def build_insights(model: CreatorModel, meta: ModelMeta, *, max_items: int = 10) -> Insights:
    """The creator's top save drivers, posting windows, hashtags and themes, with counts."""
    by_hours = hours_known(model)

    def window(rated: RatedCell) -> Window:
        cell = rated.cell
        return Window(
            weekday=WEEKDAYS[cell.weekday],
            hours=block_label(cell.block) if by_hours else "unknown",
            posts=cell.posts,
            effect_relative=round(rated.effect_relative, 4),
            relative_save_rate=round(cell.relative_save_rate, 4),
            saves_per_1k=round(cell.saves_per_1k, 3),
            estimate_relative=round(rated.estimate_relative, 4),
        )

    best = best_windows(model)
    check = model.check
    warnings = [SYNTHETIC_WARNING] if model.synthetic else []
    # The figures behind a weak model, said once: scores and plans carry only its one-line warning.
    warnings += [check.summary] if check.warning else []
    if model.low_history:
        warnings.append(f"These insights rest on only {model.n_posts_} posts; read them as first hints, not findings.")
    quality = {k: v for k, v in model.evaluation_.items() if k != "timeline"} or meta.quality
    return Insights(
        creator_id=model.creator_id,
        model_version=meta.version,
        n_posts=model.n_posts_,
        baseline_saves_per_1k=round(model.baseline_per_1k_, 3),
        median_saves_per_1k=round(model.median_per_1k_, 3),
        low_history=model.low_history,
        model_check=check,
        pairs_ordered_right=check.pairs_ordered_right,
        warnings=warnings,
        top_drivers=top_drivers(model)[:max_items],
        best_windows=[window(c) for c in best[:max_items]],
        windows_note=windows_note(model, best),
        heatmap=[window(c) for c in posting_windows(model)],
        clock=time_words(model),
        timezone=getattr(model, "timezone_", None),
        hashtags=hashtag_rates(model, max_items * 2),
        themes=[
            Theme(
                name=t.name,
                posts=t.posts,
                relative_save_rate=round(t.relative_save_rate, 4),
                saves_per_1k=round(t.saves_per_1k, 3),
                examples=list(t.examples),
            )
            for t in model.themes_
        ],
        timeline=_timeline(model),
        quality=quality,
    )
