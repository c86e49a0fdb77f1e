"""Insights: what drives this creator's saves, read off their fitted model and history."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import msgspec
import numpy as np

from models.evidence import block_label, model_lever_split
from models.features import N_BLOCKS, WEEKDAYS
from models.fit_cache import once_per_fit
from models.history_stats import COUNTED, MIN_EVIDENCE, TimeCell
from models.quality import UNTESTED, ModelCheck, TimelinePoint
from models.records import SYNTHETIC_WARNING

if TYPE_CHECKING:  # the best-time tip reads the windows; it is loaded while creator_model and the store are
    from models.creator_model import CreatorModel
    from models.store import ModelMeta

MIN_DRIVER_EFFECT = 0.02  # a driver under ±2% is not worth a creator's attention
# A posting window (weekday x 3 hours) is only advised where the creator has really posted, and
# often enough that its own posts carry weight. Measured on the 27 real creators of vn-long
# (a post's log save rate varies by 0.65 around its creator's, median over creators): a window
# of n posts with no real time effect still reads, 80% of the time, between 0.54x and 1.78x of
# the other posts at n = 2, 0.67-1.48x at 5, 0.72-1.39x at 8, 0.74-1.35x at 10; real windows
# differ by far less (spread 0.14 in log rate, which makes k about 23 in the shrinkage below).
# At 8 posts a window's own posts carry a quarter of its shrunk estimate (8 / (8 + 23)); 23 of
# the 27 creators still have such a window (median 5), at 10 posts 19 do, at 15 only 10.
MIN_WINDOW_POSTS = 8
MIN_WINDOW_EFFECT = 0.02  # ...and where the model rates the slot at least 2% above their usual times
# A hashtag's (or a posting window's) rate is shrunk towards 1x as if k average posts also
# carried it (empirical Bayes): k is the creator's post-to-post noise over the spread of their
# tags' (windows') real effects, estimated from their own and kept within these bounds. Two
# lucky posts then count for little against eighty steady ones.
HASHTAG_PRIOR_POSTS = (10.0, 100.0)
Z_80 = 1.2816  # one side of an 80% normal interval
TIME_NAMES = (*(f"block={b}" for b in range(N_BLOCKS)), *(f"weekday={d}" for d in range(7)))

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


# Nested levers: every post with the first also has the second (a "?" invites comments). When
# both hold the same posts they are one fact about those posts: one driver, their joint effect.
NESTED_LEVERS = (("question", "engage"), ("has_mentions", "collab"), ("number_list", "informative"))


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
    # The raw rate shrunk towards 1x like the hashtags' (``_shrinkage``): what the window's own
    # posts say once their number is weighed. The best-time tip quotes this, not the raw rate.
    estimate_relative: float = 1.0


class HashtagRate(msgspec.Struct, frozen=True, kw_only=True):
    hashtag: str
    posts: int
    # The raw rate shrunk towards 1x (empirical Bayes, see ``_hashtag_shrinkage``): two lucky
    # posts count for little. Tags are ranked by the low end of its 80% range.
    estimate_relative: float
    relative_save_rate: float  # raw: posts with the tag against the others
    saves_per_1k: float
    estimate_low: float = 1.0  # the estimate's 80% range (what the relevant-hashtags tip is held to)
    estimate_high: float = 1.0


class Theme(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # the words that set the theme's captions apart, in their language ("" when none do)
    posts: int
    relative_save_rate: float
    saves_per_1k: float
    examples: list[str]


class Timeline(msgspec.Struct, frozen=True, kw_only=True):
    """The chart of saves per 1k over time: training posts, then held-out posts beside the model's predictions."""

    points: list[TimelinePoint]
    creator_mean_saves_per_1k: float  # the creator-mean guess the model is tested against
    held_out_from: str | None  # date of the first held-out post


class Insights(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    model_version: str
    n_posts: int
    baseline_saves_per_1k: float
    median_saves_per_1k: float
    low_history: bool
    model_check: ModelCheck = UNTESTED  # did the model beat every simple guess on their latest posts?
    warnings: list[str] = []  # sentences for people: a model a simple guess matched, a thin history
    top_drivers: list[Driver]  # only effects that matter: big enough, and their interval excludes zero
    best_windows: list[Window]  # ranked by the model's effect; the best-time tip advises the first
    windows_note: str | None = None  # why the first window is not the one with the highest raw rate
    heatmap: list[Window]  # every weekday x 3-hour cell the creator has posted in
    hashtags: list[HashtagRate]
    themes: list[Theme]
    timeline: Timeline | None = None  # saves per 1k over time, with the time-split predictions
    quality: dict


def top_drivers(model: CreatorModel) -> list[Driver]:
    """The levers whose effect matters: seen on at least MIN_EVIDENCE posts with and without,
    at least MIN_DRIVER_EFFECT either way, with an 80% interval (across the bootstrap members)
    that excludes no effect; largest first."""
    effects = model.estimator.effects()
    members = model.estimator.effect_members()
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
                label=_LEVER_LABELS[same.get(name, name)],
                effect_relative=round(effect, 4),
                effect_low=round(low, 4),
                effect_high=round(high, 4),
                posts_with=with_,
                posts_without=without,
            )
        )
    return sorted(drivers, key=lambda d: -abs(d.effect_relative))


def hours_known(model: CreatorModel) -> bool:
    """A history known by dates only puts every post at midnight: it says nothing about hours."""
    return len({c.block for c in model.time_stats_}) > 1


class RatedCell(msgspec.Struct, frozen=True, kw_only=True):
    """A time cell of the history with the model's estimate for the slot itself."""

    cell: TimeCell
    effect_relative: float  # the slot's effect against the creator's average posting time
    estimate_relative: float = 1.0  # the cell's raw rate shrunk towards 1x (``_shrinkage``)


def posting_windows(model: CreatorModel) -> list[RatedCell]:
    """Every weekday x 3-hour cell the creator has posted in, with the model's effect of the slot.

    The one rule both insights and the best-time tip use. A slot's effect is the model's
    weekday and hour-block effects together (shrunk by its penalty like every effect),
    against the creator's average posting time; beside it stay the raw counts and rates.
    """
    effects = model.estimator.effects(only=TIME_NAMES)
    by_hours = hours_known(model)

    def log_effect(cell: TimeCell) -> float:
        hour_part = effects.get(f"block={cell.block}", 0.0) if by_hours else 0.0
        return effects.get(f"weekday={cell.weekday}", 0.0) + hour_part

    cells = model.time_stats_
    if not cells:
        return []
    # Plain Python: at most 56 cells.
    logs = [log_effect(c) for c in cells]
    usual = sum(v * c.posts for v, c in zip(logs, cells, strict=True)) / sum(c.posts for c in cells)
    k, sigma2 = _shrinkage(cells, model)
    return [
        RatedCell(cell=c, effect_relative=math.exp(v - usual), estimate_relative=shrunk(c, k, sigma2)[0])
        for c, v in zip(cells, logs, strict=True)
    ]


@once_per_fit(lambda model: model.estimator.coef_)
def best_windows(model: CreatorModel) -> tuple[RatedCell, ...]:
    """Windows used at least MIN_WINDOW_POSTS times whose slot the model rates MIN_WINDOW_EFFECT above
    the creator's usual times, and whose own posts (shrunk) saved no less than their others, best
    first: insights list them, the best-time tip advises the first.

    Once per fit: the best-time tip asks for every scored draft."""
    cells = [
        c
        for c in posting_windows(model)
        if c.cell.posts >= MIN_WINDOW_POSTS
        and c.effect_relative >= 1.0 + MIN_WINDOW_EFFECT
        and c.estimate_relative >= 1.0
    ]
    return tuple(sorted(cells, key=lambda c: (-c.effect_relative, -c.cell.posts)))


def window_name(model: CreatorModel, cell: TimeCell) -> str:
    day = WEEKDAYS[cell.weekday]
    return f"{day} {block_label(cell.block)}" if hours_known(model) else day


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


class _Group(Protocol):
    posts: int
    relative_save_rate: float


def _shrinkage(groups: Sequence[_Group], model: CreatorModel) -> tuple[float, float]:
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


def _hashtag_shrinkage(model: CreatorModel) -> tuple[float, float]:
    return _shrinkage(model.hashtag_stats_, model)


def shrunk(group: _Group, k: float, sigma2: float) -> tuple[float, float, float]:
    """A group's raw rate shrunk towards 1x with ``k`` prior posts: (estimate, 80% low, 80% high)."""
    n = group.posts
    estimate = n / (n + k) * float(np.log(max(group.relative_save_rate, 1e-9)))
    half = Z_80 * float(np.sqrt(sigma2 / (n + k)))
    return float(np.exp(estimate)), float(np.exp(estimate - half)), float(np.exp(estimate + half))


def shrunk_hashtags(model: CreatorModel) -> list[HashtagRate]:
    """Every hashtag used at least twice, by the low end of its shrunk rate's 80% range (``HashtagRate``).

    Ranking by the low end rather than the estimate itself puts what the creator's posts
    show surely before what a couple of posts merely hint at. Insights list these, and the
    relevant-hashtags tip advises from them and is held to them: one estimate per tag.
    """
    k, sigma2 = _hashtag_shrinkage(model)
    ranked = []
    for s in model.hashtag_stats_:
        if s.posts < 2:
            continue
        estimate, low, high = shrunk(s, k, sigma2)
        rate = HashtagRate(
            hashtag=s.hashtag,
            posts=s.posts,
            estimate_relative=round(estimate, 4),
            relative_save_rate=round(s.relative_save_rate, 4),
            saves_per_1k=round(s.saves_per_1k, 3),
            estimate_low=round(low, 4),
            estimate_high=round(high, 4),
        )
        ranked.append((low, rate))
    ranked.sort(key=lambda pair: (-pair[0], -pair[1].posts))
    return [rate for _, rate in ranked]


def hashtag_rates(model: CreatorModel, limit: int) -> list[HashtagRate]:
    """The first ``limit`` of ``shrunk_hashtags``."""
    return shrunk_hashtags(model)[:limit]


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
    warnings += [check.warning] if check.warning else []
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
        warnings=warnings,
        top_drivers=top_drivers(model)[:max_items],
        best_windows=[window(c) for c in best[:max_items]],
        windows_note=windows_note(model, best),
        heatmap=[window(c) for c in posting_windows(model)],
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
