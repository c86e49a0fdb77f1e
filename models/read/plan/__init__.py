"""Plan a week: put each draft in a posting slot so that the week's expected saves are highest.

Slots come from the creator's own posting windows (weekday x 3-hour block on their clock)
that have at least ``posting_times.MIN_WINDOW_POSTS`` posts behind them, on the days asked for,
minus avoided weekdays. A history known by dates only (or one where no 3-hour window has
enough posts) is planned by days alone, and the plan says why.

Every placement is priced by the model itself: a draft planned in a window is the draft with
``planned_at`` set there, so its weekday, hour block and cadence (the gap since the post
before it, a feature the model already prices) all count. The price of a draft in a window
does not depend on the date, so the model prices drafts x windows once; the gap's part is
priced by the model for each gap a plan can have (slots fall on whole 3-hour steps) and
added, which is the model's own arithmetic (it is linear in the log save rate). The search:
a greedy start, then moving single drafts and swapping pairs while the week's total rises,
under the constraints (per day, minimum gap). The final placements are priced again, each
as one model row, and each says what the best alternative (a move or a swap) would cost,
and whether the model's bootstrap members agree that it costs (else: within the noise).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property
from typing import Literal

import msgspec
import numpy as np

from models.core.records import Draft
from models.core.results import Interval, Out
from models.core.words import joined, plural
from models.fit.clock import offset_text, time_words
from models.fit.creator_model import CreatorModel
from models.fit.features import HOUR_BLOCK, WEEKDAYS, meaning_texts
from models.fit.quality import SIMPLE_GUESSES
from models.read import posting_times
from models.read.evidence import block_label
from models.read.pricing import expected_saves, price_rows
from models.read.scoring import model_warnings
from models.read.uncertainty import VERDICT_LIKELY, chance_higher_beats_lower
from models.text.embeddings import embed_texts

MAX_PLAN_DRAFTS = 200
MAX_PLAN_DAYS = 31
MAX_PER_DAY = 24
MAX_MIN_GAP_HOURS = 168.0
# A move costs something the model can tell only when the chance that the planned slot really beats the
# alternative (the post's own noise included, models.read.uncertainty) is at least compare's "likely".
BEYOND_NOISE = VERDICT_LIKELY
MAX_ROUNDS = 60  # search rounds (moves and swaps); a week converges in a few
EPS = 1e-9
SAME_DAY_STEP_H = 1e-3  # days-only plans: the day's 2nd, 3rd... post sorts just after the first
_DAY_NAMES = {name.casefold(): i for i, name in enumerate(WEEKDAYS)} | {
    name[:3].casefold(): i for i, name in enumerate(WEEKDAYS)
}


class PlanError(ValueError):
    """Constraints a plan cannot meet (more drafts than slots, every day avoided, ...): a 422."""


def parse_weekdays(values: Sequence[str] | str) -> tuple[int, ...]:
    """ "sun,sat", ["Saturday"], "Mon Tue" -> weekday numbers (0 = Monday); an unknown name is an error."""
    if isinstance(values, str):
        values = [values]
    days = []
    for value in values:
        for part in value.replace(",", " ").split():
            day = _DAY_NAMES.get(part.strip().casefold())
            if day is None:
                raise PlanError(f"unknown weekday {part!r}: use names like mon, tue or Saturday")
            days.append(day)
    return tuple(sorted(set(days)))


class PlanConstraints(msgspec.Struct, frozen=True, kw_only=True):
    start: date  # the first day, on the creator's clock
    days: int = 7
    per_day: int | None = None  # None: the creator's usual rhythm (``usual_per_day``)
    min_gap_hours: float = 0.0
    avoid: tuple[int, ...] = ()  # weekdays, 0 = Monday


class PlanWindow(Out):
    """A posting window the plan may use, with the model's estimate of the slot itself."""

    weekday: str
    hours: str | None  # None: the plan is by days only
    posts: int  # the creator's posts in this window (at least ``MIN_WINDOW_POSTS``)
    effect_relative: float  # the slot against the creator's usual times (1.1 = 10% more saves)
    effect_low: float  # its 80% range across the model's bootstrap members
    effect_high: float
    within_noise: bool  # the range holds 1× (or the effect is under 2%): no advantage worth ranking
    used: int  # drafts the plan put here


class Move(Out):
    """Moving a draft to its best free slot (the others staying), or when none is free its best
    swap with another draft, and what that would cost."""

    to: str  # e.g. "Sat 13 Dec 18:00–21:00", or "swap with draft 3 (Fri 12 Dec 12:00–15:00)"
    cost: float  # what the week loses, in the plan's ``cost_unit``
    agreement: float  # share of bootstrap members that agree the move loses, 0-1 (the model's doubt only)
    # The chance the draft really does better where it is planned than after the move, the post's own
    # noise included (as compare's chance); within_noise when it is under compare's "likely" (0.6).
    chance: float
    within_noise: bool


class Placement(Out):
    index: int  # the draft's position in the request (0-based)
    label: str  # its id, else "draft N" (1-based), or the label the caller gave
    id: str | None
    caption: str
    date: str
    weekday: str
    hours: str | None  # the window, e.g. "18:00–21:00"; None by days only
    at: str | None  # suggested time, ISO 8601 with the creator's offset; None by days only
    predicted_saves_per_1k: float
    interval: Interval
    percentile: float
    expected_saves: float | None
    slot_effect_relative: float
    slot_within_noise: bool
    move: Move | None  # None: no other slot or draft to trade with


class PlanDay(Out):
    date: str
    weekday: str
    avoided: bool
    slots: int  # slots the creator's windows offer that day
    placed: list[int]  # positions in ``placements`` planned that day, in time order


class Plan(Out):
    creator_id: str
    model_version: str
    start: str
    days: int
    per_day: int
    min_gap_hours: float
    avoid: list[str]
    utc_offset: str  # the creator's clock, e.g. "+07:00" (their zone's offset on the first day)
    by_hours: bool  # False: days only (see ``notes``)
    min_window_posts: int
    placements: list[Placement]  # time order
    calendar: list[PlanDay]
    windows: list[PlanWindow]  # real advantages (best first), then those within the noise, then real disadvantages
    total_saves_per_1k: float
    total_expected_saves: float | None  # when every draft has expected_views
    # Moves cost expected saves when any draft has expected views (the others are taken to get
    # their average), else saves per 1,000 views summed over the week.
    cost_unit: Literal["saves", "saves per 1k"]
    notes: list[str]
    warnings: list[str]
    model_beats_mean: bool | None
    history_posts: int
    low_history: bool
    # What the plan's times are in, as a person reads it: "your time, Asia/Ho_Chi_Minh", or "UTC: your
    # history gives no time zone: set yours ..." (``models.fit.clock.time_words``).
    clock: str = ""
    timezone: str | None = None  # the creator's IANA zone, when one was given


# -- windows and slots -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Window:
    weekday: int
    block: int | None  # None: a whole day
    posts: int
    log_effect: float  # against the creator's usual times
    member_logs: np.ndarray  # (B,)

    @property
    def relative(self) -> float:
        return math.exp(self.log_effect)

    @cached_property
    def bounds(self) -> tuple[float, float]:
        low, high = np.exp(np.quantile(self.member_logs, [0.1, 0.9]))
        return float(min(low, self.relative)), float(max(high, self.relative))

    @cached_property
    def within_noise(self) -> bool:
        """No advantage worth ranking: the 80% range holds 1×, or the effect is under a window's 2%."""
        low, high = self.bounds
        return low <= 1.0 <= high or abs(self.relative - 1.0) < posting_times.MIN_WINDOW_EFFECT

    @property
    def order(self) -> tuple[int, float]:
        """Real advantages first (best first), then the windows within the noise, then real disadvantages."""
        group = 1 if self.within_noise else (0 if self.log_effect > 0 else 2)
        return group, -self.log_effect

    @property
    def hours(self) -> str | None:
        return None if self.block is None else block_label(self.block)


@dataclass(frozen=True)
class _Slot:
    window: int
    day_index: int
    day: date
    at: datetime  # on the creator's clock
    hours: float  # ``at`` in hours since the epoch (sorting and gaps)


def min_window_posts() -> int:
    """The posts a window needs behind it, as insights and the best-time tip rule it (read when a plan is made)."""
    return int(posting_times.MIN_WINDOW_POSTS)


def _time_effects(model: CreatorModel) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    estimator = model.estimator
    effects = estimator.effects(only=posting_times.TIME_NAMES)
    members = estimator.effect_members()
    n = len(next(iter(members.values()))) if members else 1
    zero = np.zeros(n)
    return effects, {name: members.get(name, zero) for name in posting_times.TIME_NAMES}


def plan_windows(model: CreatorModel, *, every_day: bool = False) -> tuple[list[_Window], str | None]:
    """The windows a plan may use (enough posts behind them), and why the plan is by days, if it is.

    By days, every day of the week the creator has posted on is a window, its posts its evidence
    (few posts: the model's estimate for the day, which the plan marks within the noise when the
    members disagree); ``every_day`` adds the days they never posted on, for a week that needs them.
    """
    effects, members = _time_effects(model)
    needed = min_window_posts()
    cells = model.time_stats_
    if posting_times.hours_known(model):
        windows = _rated(
            [(c.weekday, c.block, c.posts) for c in cells],
            lambda d, b: effects.get(f"weekday={d}", 0.0) + effects.get(f"block={b}", 0.0),
            lambda d, b: members[f"weekday={d}"] + members[f"block={b}"],
        )
        eligible = [w for w in windows if w.posts >= needed]
        if eligible:
            return eligible, None
        why = (
            f"no 3-hour window of yours has {needed} posts behind it yet, so this plan picks days only "
            "(post at a time that suits you)"
        )
    else:
        why = (
            "your history has dates but no times of day, so this plan picks days only (the model cannot tell "
            "hours apart; post at your usual time)"
        )
    by_day: dict[int, int] = dict.fromkeys(range(7), 0) if every_day else {}
    for c in cells:
        by_day[c.weekday] = by_day.get(c.weekday, 0) + c.posts
    days = _rated(
        [(d, None, n) for d, n in sorted(by_day.items())],
        lambda d, _: effects.get(f"weekday={d}", 0.0),
        lambda d, _: members[f"weekday={d}"],
    )
    return days, why


def _rated(cells, point, member) -> list[_Window]:
    """Windows with their effect against the creator's usual times (the posts-weighted average)."""
    if not cells:
        return []
    logs = [point(d, b) for d, b, _ in cells]
    member_logs = [np.asarray(member(d, b), dtype=float) for d, b, _ in cells]
    weights = np.array([n for *_, n in cells], dtype=float)
    if not weights.sum():
        return []
    usual = float(np.dot(weights, logs) / weights.sum())
    usual_members = sum(w * m for w, m in zip(weights, member_logs, strict=True)) / weights.sum()
    return [
        _Window(weekday=d, block=b, posts=n, log_effect=v - usual, member_logs=m - usual_members)
        for (d, b, n), v, m in zip(cells, logs, member_logs, strict=True)
    ]


def usual_per_day(model: CreatorModel) -> int:
    """Posts a day at the creator's usual rhythm: a post every 8 h is 3 a day; every 2 days is 1."""
    gap = model.median_gap_hours_
    if not gap or gap <= 0:
        return 1
    return int(min(8, max(1, round(24.0 / gap))))


def _clock(model: CreatorModel) -> tzinfo:
    return model.clock


def _slots(model, windows: list[_Window], constraints: PlanConstraints, per_day: int) -> list[_Slot]:
    clock = _clock(model)
    by_hours_history = posting_times.hours_known(model)
    slots = []
    for i in range(constraints.days):
        day = constraints.start + timedelta(days=i)
        if day.weekday() in constraints.avoid:
            continue
        for w_index, window in enumerate(windows):
            if window.weekday != day.weekday():
                continue
            if window.block is not None:
                at = datetime.combine(day, time(window.block * HOUR_BLOCK + 1), tzinfo=clock)
                slots.append(_Slot(w_index, i, day, at, at.timestamp() / 3600.0))
                continue
            # By days: midnight as a date-only history records its posts; else midday.
            at = datetime.combine(day, time(0 if not by_hours_history else 12), tzinfo=clock)
            for k in range(per_day):  # the day holds up to per_day posts
                slots.append(_Slot(w_index, i, day, at, at.timestamp() / 3600.0 + k * SAME_DAY_STEP_H))
    slots.sort(key=lambda s: s.hours)
    return slots


# -- pricing -----------------------------------------------------------------------------------


@dataclass
class _Prices:
    """What the search reads, all on the model's log scale (relative to the creator's baseline)."""

    window_log: np.ndarray  # (D, W): the draft in the window, gap unknown
    window_members: np.ndarray  # (B, D, W)
    first_gap: np.ndarray  # (S,): the gap's part when the slot is the week's first post
    first_gap_members: np.ndarray  # (B, S)
    step_gap: np.ndarray  # (H+1,): the gap's part for a gap of h whole hours after the post before
    step_gap_members: np.ndarray  # (B, H+1)
    weight: np.ndarray  # (D,): expected views / 1000 (or 1)


def _base_posts(model: CreatorModel, drafts: Sequence[Draft]):
    return [model.post_for(msgspec.structs.replace(d, planned_at=None)) for d in drafts]


def _price(model: CreatorModel, drafts, windows: list[_Window], slots: list[_Slot], by_hours: bool) -> _Prices:
    base = _base_posts(model, drafts)
    embeddings = embed_texts(meaning_texts(base), encoder=model.encoder_name)
    rows, embedding_rows = [], []
    for d, post in enumerate(base):
        for window in windows:
            hour = None if (window.block is None or not by_hours) else window.block * HOUR_BLOCK + 1
            rows.append(msgspec.structs.replace(post, weekday=window.weekday, hour=hour, gap_hours=None))
            embedding_rows.append(d)
    windows_priced = price_rows(model, rows, embeddings, embedding_rows=np.asarray(embedding_rows, dtype=np.intp))
    point, members = windows_priced.point_log, windows_priced.members_log
    D, W = len(base), len(windows)
    window_log = point.reshape(D, W)
    window_members = members.reshape(len(members), D, W)

    # The gap's part, priced by the model on one reference row (the first draft in the first window).
    last = model.last_post_datetime.timestamp() / 3600.0
    first_gaps = [s.hours - last for s in slots]
    # As ``post_for`` rules: a gap longer than the history makes plausible is unknown (a stale history).
    first_gaps = [g if 0 <= g <= model.max_known_gap_hours_ else None for g in first_gaps]
    span = math.ceil(max(s.hours for s in slots) - min(s.hours for s in slots)) + 1 if slots else 1
    steps = list(range(span + 1))
    reference = rows[0]
    gap_rows = [msgspec.structs.replace(reference, gap_hours=g) for g in (None, *first_gaps, *steps)]
    gaps_priced = price_rows(model, gap_rows, embeddings[:1], embedding_rows=np.zeros(len(gap_rows), dtype=np.intp))
    g_point, g_members = gaps_priced.point_log, gaps_priced.members_log
    g_point, g_members = g_point - g_point[0], g_members - g_members[:, :1]
    S = len(slots)
    views = [d.expected_views for d in drafts]
    known = [v for v in views if v is not None]
    fill = (sum(known) / len(known)) if known else 1000.0
    return _Prices(
        window_log=window_log,
        window_members=window_members,
        first_gap=g_point[1 : 1 + S],
        first_gap_members=g_members[:, 1 : 1 + S],
        step_gap=g_point[1 + S :],
        step_gap_members=g_members[:, 1 + S :],
        weight=np.array([(v if v is not None else fill) / 1000.0 for v in views]),
    )


# -- search ------------------------------------------------------------------------------------


def earliest_slots(slots: list[_Slot], per_day: int, min_gap: float, n: int) -> list[int]:
    """Up to ``n`` slots taken earliest first under the per-day cap and the minimum gap. Taking the
    earliest allowed slot never leaves room for fewer, so with ``n`` = all slots this counts the
    most drafts the constraints can hold."""
    taken: list[int] = []
    per_day_taken: dict[int, int] = {}
    last = -math.inf
    for s in sorted(range(len(slots)), key=lambda i: slots[i].hours):
        if len(taken) == n:
            break
        slot = slots[s]
        if per_day_taken.get(slot.day_index, 0) < per_day and slot.hours - last >= min_gap - EPS:
            taken.append(s)
            per_day_taken[slot.day_index] = per_day_taken.get(slot.day_index, 0) + 1
            last = slot.hours
    return taken


class _Search:
    """Drafts to slots, one draft a slot, under the per-day cap and the minimum gap.

    The week's value is the sum over drafts of weight x exp(price in its window + the part of its
    gap after the post before it). Moves re-price only what they touch: the moved draft and the
    post after each end of the move.
    """

    def __init__(self, prices: _Prices, slots: list[_Slot], per_day: int, min_gap: float, baseline: float):
        self.p = prices
        self.slots = slots
        self.hours = np.array([s.hours for s in slots])
        self.window_of = np.array([s.window for s in slots], dtype=np.intp)
        self.day_of = np.array([s.day_index for s in slots], dtype=np.intp)
        self.per_day = per_day
        self.min_gap = min_gap
        self.baseline = baseline
        self.n_days = int(self.day_of.max()) + 1 if slots else 0
        self.slot_log = prices.window_log[:, self.window_of]  # (D, S)

    # values -----------------------------------------------------------------------------------
    def _step(self, gap_hours: np.ndarray) -> np.ndarray:
        return self.p.step_gap[np.clip(np.rint(gap_hours).astype(np.intp), 0, len(self.p.step_gap) - 1)]

    def _gap_parts(self, order_slots: np.ndarray, members: bool = False) -> np.ndarray:
        """The gap's part for each slot of a time-ordered sequence (the first counts from the history)."""
        if members:
            first, step = self.p.first_gap_members, self.p.step_gap_members
        else:
            first, step = self.p.first_gap, self.p.step_gap
        if not len(order_slots):
            return np.zeros((first.shape[0], 0)) if members else np.zeros(0)
        gaps = np.diff(self.hours[order_slots])
        index = np.clip(np.rint(gaps).astype(np.intp), 0, step.shape[-1] - 1)
        if members:
            return np.concatenate([first[:, order_slots[:1]], step[:, index]], axis=1)
        return np.concatenate([first[order_slots[:1]], step[index]])

    def values(self, slot_of: np.ndarray) -> np.ndarray:
        """Each draft's value in the plan (weight x relative rate), by draft."""
        order = np.argsort(self.hours[slot_of], kind="stable")
        parts = np.empty(len(slot_of))
        parts[order] = self._gap_parts(slot_of[order])
        drafts = np.arange(len(slot_of))
        return self.p.weight * np.exp(self.slot_log[drafts, slot_of] + parts)

    def total(self, slot_of: np.ndarray) -> float:
        return float(self.values(slot_of).sum())

    def member_totals(self, slot_of: np.ndarray) -> np.ndarray:
        order = np.argsort(self.hours[slot_of], kind="stable")
        parts = np.empty((self.p.first_gap_members.shape[0], len(slot_of)))
        parts[:, order] = self._gap_parts(slot_of[order], members=True)
        drafts = np.arange(len(slot_of))
        logs = self.p.window_members[:, drafts, self.window_of[slot_of]] + parts
        return (self.p.weight * np.exp(logs)).sum(axis=1)

    # one draft placed among the others --------------------------------------------------------
    def insert_totals(self, draft: int, others: np.ndarray, others_slots: np.ndarray) -> np.ndarray:
        """The week's total with ``draft`` in each slot, the ``others`` (drafts) staying in theirs;
        -inf where the constraints forbid it."""
        S = len(self.slots)
        order = np.argsort(self.hours[others_slots], kind="stable")
        o_drafts, o_slots = others[order], others_slots[order]
        o_hours = self.hours[o_slots]
        if len(o_slots):
            o_vals = self.p.weight[o_drafts] * np.exp(self.slot_log[o_drafts, o_slots] + self._gap_parts(o_slots))
        else:
            o_vals = np.zeros(0)
        base_total = float(o_vals.sum())
        k = np.searchsorted(o_hours, self.hours, side="right")  # where each slot would go
        last = np.concatenate([[np.nan], o_hours])[k]  # the post before (nan: none in the plan)
        own_gap = np.where(k > 0, self._step(np.nan_to_num(self.hours - last)), self.p.first_gap)
        total = base_total + self.p.weight[draft] * np.exp(self.slot_log[draft] + own_gap)
        has_next = k < len(o_slots)
        nxt = np.minimum(k, max(len(o_slots) - 1, 0))
        if len(o_slots):
            next_gap = self._step(o_hours[nxt] - self.hours)
            new_next = self.p.weight[o_drafts[nxt]] * np.exp(self.slot_log[o_drafts[nxt], o_slots[nxt]] + next_gap)
            total = total + np.where(has_next, new_next - o_vals[nxt], 0.0)
        allowed = np.ones(S, dtype=bool)
        allowed[o_slots] = False
        counts = np.bincount(self.day_of[o_slots], minlength=self.n_days)
        allowed &= counts[self.day_of] < self.per_day
        if self.min_gap > 0 and len(o_slots):
            before = np.where(k > 0, self.hours - np.nan_to_num(last, nan=-np.inf), np.inf)
            after = np.where(has_next, o_hours[nxt] - self.hours, np.inf)
            allowed &= (before >= self.min_gap - EPS) & (after >= self.min_gap - EPS)
        return np.where(allowed, total, -np.inf)

    def _others(self, slot_of: np.ndarray, draft: int):
        mask = np.ones(len(slot_of), dtype=bool)
        mask[draft] = False
        return np.flatnonzero(mask), slot_of[mask]

    def swap_gains(self, slot_of: np.ndarray) -> np.ndarray:
        """(n, n): what swapping the slots of drafts i and j adds to the week (gaps stay: same slots)."""
        order = np.argsort(self.hours[slot_of], kind="stable")
        parts = np.empty(len(slot_of))
        parts[order] = self._gap_parts(slot_of[order])
        drafts = np.arange(len(slot_of))
        current = self.p.weight * np.exp(self.slot_log[drafts, slot_of] + parts)
        # there[i, j]: draft i in draft j's slot, with that slot's gap
        there = self.p.weight[:, None] * np.exp(self.slot_log[:, slot_of] + parts[None, :])
        gains = there + there.T - current[:, None] - current[None, :]
        np.fill_diagonal(gains, 0.0)
        return gains

    # the search -------------------------------------------------------------------------------
    def start(self, n: int) -> np.ndarray:
        """Greedy: the drafts with the most to gain first, each to its best allowed slot; when the
        constraints leave a draft no slot that way, the earliest feasible slots instead."""
        slot_of = np.full(n, -1, dtype=np.intp)
        for draft in np.argsort(-self.slot_log.max(axis=1), kind="stable"):
            placed = np.flatnonzero(slot_of >= 0)
            totals = self.insert_totals(int(draft), placed, slot_of[placed])
            best = int(np.argmax(totals))
            if not np.isfinite(totals[best]):
                return self._by_rearrangement(earliest_slots(self.slots, self.per_day, self.min_gap, n))
            slot_of[draft] = best
        return slot_of

    def random_start(self, rng: np.random.Generator, n: int) -> np.ndarray | None:
        """Slots taken in a random order while the constraints allow, drafts matched to them by value."""
        taken: list[int] = []
        for s in rng.permutation(len(self.slots)):
            if len(taken) == n:
                break
            others = np.asarray(taken, dtype=np.intp)
            if self._allowed(int(s), others):
                taken.append(int(s))
        return self._by_rearrangement(taken) if len(taken) == n else None

    def _allowed(self, slot: int, others: np.ndarray) -> bool:
        if slot in others:
            return False
        if np.sum(self.day_of[others] == self.day_of[slot]) >= self.per_day:
            return False
        return bool(np.all(np.abs(self.hours[others] - self.hours[slot]) >= self.min_gap - EPS))

    def best_plan(self, n: int, *, seed: int = 0) -> np.ndarray:
        """The greedy start and a few random ones, each improved by moves and swaps; the best of them.

        Moves and swaps stop where no single change helps; under a minimum gap a better week can need
        two changes at once, which another start reaches. How many starts: as many as about 4,000
        draft-slot pairs of work allow, between 2 and 16 (deterministic: seeded).
        """
        rng = np.random.default_rng(seed)
        starts = int(np.clip(4000 // max(1, n * len(self.slots)), 2, 16))
        best = self.improve(self.start(n))
        best_total = self.total(best)
        for _ in range(starts - 1):
            begin = self.random_start(rng, n)
            if begin is None:
                continue
            found = self.improve(begin)
            total = self.total(found)
            if total > best_total * (1 + EPS):
                best, best_total = found, total
        return best

    def _by_rearrangement(self, slots: list[int]) -> np.ndarray:
        slots = np.asarray(slots, dtype=np.intp)
        drafts = np.argsort(-self.slot_log.mean(axis=1), kind="stable")
        ranked = slots[np.argsort(-self.slot_log[:, slots].mean(axis=0), kind="stable")]
        slot_of = np.empty(len(drafts), dtype=np.intp)
        slot_of[drafts] = ranked
        return slot_of

    def improve(self, slot_of: np.ndarray) -> np.ndarray:
        slot_of = slot_of.copy()
        for _ in range(MAX_ROUNDS):
            improved = False
            for _ in range(len(slot_of) ** 2):
                gains = self.swap_gains(slot_of)
                i, j = np.unravel_index(int(np.argmax(gains)), gains.shape)
                if gains[i, j] <= EPS * max(1.0, self.total(slot_of)):
                    break
                slot_of[i], slot_of[j] = slot_of[j], slot_of[i]
                improved = True
            for draft in range(len(slot_of)):
                current = self.total(slot_of)
                others, others_slots = self._others(slot_of, draft)
                totals = self.insert_totals(draft, others, others_slots)
                best = int(np.argmax(totals))
                if totals[best] > current + EPS * max(1.0, current) and best != slot_of[draft]:
                    slot_of[draft] = best
                    improved = True
            if not improved:
                break
        return slot_of

    def best_alternative(self, slot_of: np.ndarray, draft: int) -> tuple[np.ndarray, int | None] | None:
        """The plan with this draft moved to its best free slot, the others staying (what a planner
        asks when a slot stops suiting them); when no free slot is allowed, its best swap instead."""
        others, others_slots = self._others(slot_of, draft)
        totals = self.insert_totals(draft, others, others_slots)
        totals[slot_of[draft]] = -np.inf
        alternative = slot_of.copy()
        if len(totals) and np.isfinite(totals.max()):
            alternative[draft] = int(np.argmax(totals))
            return alternative, None
        gains = self.swap_gains(slot_of)[draft]
        gains[draft] = -np.inf
        if len(gains) < 2:
            return None
        other = int(np.argmax(gains))
        alternative[draft], alternative[other] = slot_of[other], slot_of[draft]
        return alternative, other


# -- the plan ----------------------------------------------------------------------------------


def draft_label(draft: Draft, index: int) -> str:
    return draft.id or f"draft {index + 1}"


def _slot_name(slot: _Slot, window: _Window) -> str:
    day = f"{WEEKDAYS[slot.day.weekday()][:3]} {slot.day.day} {slot.day.strftime('%b')}"
    return day if window.block is None else f"{day} {window.hours}"


def _first_offset(model: CreatorModel, start: date) -> float:
    """Minutes east of UTC of the creator's clock at noon on the plan's first day (a zone's changes with DST)."""
    return datetime.combine(start, time(12), tzinfo=model.clock).utcoffset().total_seconds() // 60


def check_constraints(drafts: Sequence[Draft], constraints: PlanConstraints) -> None:
    if not drafts:
        raise PlanError("give at least one draft to plan")
    if len(drafts) > MAX_PLAN_DRAFTS:
        raise PlanError(f"a plan takes at most {MAX_PLAN_DRAFTS} drafts, not {len(drafts)}")
    if not 1 <= constraints.days <= MAX_PLAN_DAYS:
        raise PlanError(f"days must be 1 to {MAX_PLAN_DAYS}, not {constraints.days}")
    if constraints.per_day is not None and not 1 <= constraints.per_day <= MAX_PER_DAY:
        raise PlanError(f"per day must be 1 to {MAX_PER_DAY}, not {constraints.per_day}")
    if not 0 <= constraints.min_gap_hours <= MAX_MIN_GAP_HOURS:
        raise PlanError(f"the minimum gap must be 0 to {MAX_MIN_GAP_HOURS:.0f} hours, not {constraints.min_gap_hours}")
    if any(not 0 <= d <= 6 for d in constraints.avoid):
        raise PlanError("avoided days are weekdays 0 (Monday) to 6 (Sunday)")
    days = {(constraints.start + timedelta(days=i)).weekday() for i in range(constraints.days)}
    if days <= set(constraints.avoid):
        raise PlanError("every day of the plan is an avoided day; plan more days or avoid fewer")
    ids = [d.id for d in drafts if d.id]
    if len(set(ids)) < len(ids):
        raise PlanError("two drafts have the same id; give each its own (or none)")


def plan_week(
    model: CreatorModel,
    model_version: str,
    drafts: Sequence[Draft],
    constraints: PlanConstraints,
    *,
    labels: Sequence[str] | None = None,
) -> Plan:
    """Place every draft in a slot of the days asked for, so the week's expected saves are highest.

    ``labels`` name the drafts in sentences (default: each draft's id, else "draft N").
    """
    check_constraints(drafts, constraints)
    labels = list(labels) if labels is not None else [draft_label(d, i) for i, d in enumerate(drafts)]
    if len(labels) != len(drafts):
        raise ValueError("one label per draft")
    windows, days_only_why = plan_windows(model)
    needed = min_window_posts()
    by_hours = days_only_why is None
    per_day = constraints.per_day or usual_per_day(model)
    slots = _slots(model, windows, constraints, per_day)
    capacity = len(earliest_slots(slots, per_day, constraints.min_gap_hours, len(slots)))
    if not by_hours and capacity < len(drafts):
        # By days, a week the days they posted on cannot hold takes the others too, and says so.
        windows, _ = plan_windows(model, every_day=True)
        slots = _slots(model, windows, constraints, per_day)
        capacity = len(earliest_slots(slots, per_day, constraints.min_gap_hours, len(slots)))
    if not windows:
        raise PlanError(
            f"no posting window of yours has {needed} posts behind it "
            f"yet ({plural(model.n_posts_, 'post')} in your history), so there is nothing to plan from"
        )
    if capacity < len(drafts):
        raise PlanError(_too_few_slots(len(drafts), capacity, constraints, per_day, len(slots)))

    prices = _price(model, drafts, windows, slots, by_hours)
    search = _Search(prices, slots, per_day, constraints.min_gap_hours, model.baseline_per_1k_)
    slot_of = search.best_plan(len(drafts))

    placements = _placements(model, drafts, labels, windows, slots, search, slot_of, by_hours)
    order = sorted(range(len(placements)), key=lambda i: slots[slot_of[placements[i].index]].hours)
    placements = [placements[i] for i in order]
    used: dict[int, int] = {}
    for s in slot_of:
        used[slots[s].window] = used.get(slots[s].window, 0) + 1
    plan_windows_out = [
        PlanWindow(
            weekday=WEEKDAYS[w.weekday],
            hours=w.hours,
            posts=w.posts,
            effect_relative=round(w.relative, 4),
            effect_low=round(w.bounds[0], 4),
            effect_high=round(w.bounds[1], 4),
            within_noise=w.within_noise,
            used=used.get(i, 0),
        )
        for i, w in sorted(enumerate(windows), key=lambda pair: pair[1].order)
    ]
    calendar = []
    for i in range(constraints.days):
        day = constraints.start + timedelta(days=i)
        calendar.append(
            PlanDay(
                date=day.isoformat(),
                weekday=WEEKDAYS[day.weekday()],
                avoided=day.weekday() in constraints.avoid,
                slots=sum(1 for s in slots if s.day_index == i),
                placed=[k for k, p in enumerate(placements) if p.date == day.isoformat()],
            )
        )
    total = sum(p.predicted_saves_per_1k for p in placements)
    all_views = all(d.expected_views is not None for d in drafts)
    return Plan(
        creator_id=model.creator_id,
        model_version=model_version,
        start=constraints.start.isoformat(),
        days=constraints.days,
        per_day=per_day,
        min_gap_hours=constraints.min_gap_hours,
        avoid=[WEEKDAYS[d] for d in constraints.avoid],
        utc_offset=offset_text(int(_first_offset(model, constraints.start))),
        clock=time_words(model),
        timezone=getattr(model, "timezone_", None),
        by_hours=by_hours,
        min_window_posts=needed,
        placements=placements,
        calendar=calendar,
        windows=plan_windows_out,
        total_saves_per_1k=round(total, 3),
        total_expected_saves=round(sum(p.expected_saves or 0.0 for p in placements), 1) if all_views else None,
        cost_unit="saves" if any(d.expected_views is not None for d in drafts) else "saves per 1k",
        notes=_notes(model, constraints, per_day, windows, placements, days_only_why, drafts, slots, slot_of),
        warnings=model_warnings(model),  # the sentences every score of this model carries
        model_beats_mean=model.check.beats_mean,
        history_posts=model.n_posts_,
        low_history=model.low_history,
    )


def _too_few_slots(n: int, capacity: int, constraints: PlanConstraints, per_day: int, n_slots: int) -> str:
    windows = f"your posting windows give {plural(n_slots, 'slot')} in these days"
    if capacity == n_slots:
        return f"{plural(n, 'draft')} but room for only {capacity}: {windows}. Plan more days, or fewer drafts"
    limits = [f"{plural(constraints.days, 'day')}", f"at most {per_day} a day"]
    if constraints.min_gap_hours:
        limits.append(f"at least {constraints.min_gap_hours:g} h apart")
    if constraints.avoid:
        limits.append("avoiding " + ", ".join(WEEKDAYS[d] for d in constraints.avoid))
    return (
        f"{plural(n, 'draft')} but room for only {capacity}: {windows}, and the constraints "
        f"({'; '.join(limits)}) leave {capacity}. Plan more days, allow more a day, shorten the minimum gap, "
        "avoid fewer days, or plan fewer drafts"
    )


def _placements(model, drafts, labels, windows, slots, search: _Search, slot_of, by_hours) -> list[Placement]:
    """Each draft priced once more as one model row, exactly as planned, with its best alternative."""
    order = np.argsort(search.hours[slot_of], kind="stable")
    last = model.last_post_datetime
    gaps = {}
    previous = None
    for d in order:
        slot = slots[slot_of[d]]
        planned = msgspec.structs.replace(drafts[d], planned_at=slot.at)
        post = model.post_for(planned)  # weekday, hour and the gap from the history's last post
        if previous is not None:
            post = msgspec.structs.replace(post, gap_hours=max(slot.hours - previous, 0.0))
        elif slot.at < last:
            post = msgspec.structs.replace(post, gap_hours=None)
        if not by_hours:
            post = msgspec.structs.replace(post, hour=None)
        gaps[int(d)] = post
        previous = slot.hours
    posts = [gaps[d] for d in range(len(drafts))]
    embeddings = embed_texts(meaning_texts(posts), encoder=model.encoder_name)
    prices = price_rows(model, posts, embeddings, members=False)
    point = prices.rates
    current_members = search.member_totals(slot_of)
    current = search.total(slot_of)
    quantiles = model.estimator.residual_quantiles_
    out = []
    for d, draft in enumerate(drafts):
        slot = slots[slot_of[d]]
        window = windows[slot.window]
        rate = float(point[d])
        out.append(
            Placement(
                index=d,
                label=labels[d],
                id=draft.id,
                caption=draft.caption,
                date=slot.day.isoformat(),
                weekday=WEEKDAYS[slot.day.weekday()],
                hours=window.hours if by_hours else None,
                at=slot.at.isoformat() if by_hours else None,
                predicted_saves_per_1k=round(rate, 3),
                interval=prices.interval(rate),
                percentile=round(model.percentile(rate), 1),
                expected_saves=expected_saves(rate, draft),
                slot_effect_relative=round(window.relative, 4),
                slot_within_noise=window.within_noise,
                move=_move(search, slots, windows, labels, slot_of, d, current, current_members, quantiles),
            )
        )
    return out


def _move(search: _Search, slots, windows, labels, slot_of, d, current, current_members, quantiles) -> Move | None:
    found = search.best_alternative(slot_of, d)
    if found is None:
        return None
    alternative, swapped = found
    target = slots[alternative[d]]
    where = _slot_name(target, windows[target.window])
    to = where if swapped is None else f"swap with {labels[swapped]} ({where})"
    members = search.member_totals(alternative)
    agreement = float(np.mean(current_members > members) + 0.5 * np.mean(current_members == members))
    cost = (current - search.total(alternative)) * search.baseline  # in the plan's ``cost_unit``
    # The week's difference over the moved draft's own value: about the log difference the move makes to
    # that post, which is what its outcome's noise is measured against.
    value = float(search.values(slot_of)[d])
    diff, member_diffs = (current - search.total(alternative)) / value, (current_members - members) / value
    sign = 1.0 if diff >= 0 else -1.0
    chance = float(chance_higher_beats_lower(abs(diff), sign * member_diffs, quantiles))
    chance = chance if diff >= 0 else 1.0 - chance
    return Move(
        to=to,
        cost=round(max(cost, 0.0), 3),
        agreement=round(agreement, 3),
        chance=round(chance, 3),
        within_noise=chance < BEYOND_NOISE,
    )


def _guesses_not_beaten(model: CreatorModel) -> list[str]:
    """The simple guesses that did as well as the model or better on the creator's latest posts,
    by ``models.fit.quality``'s one rule (every guess, on error and on ranking), in its words."""
    return [SIMPLE_GUESSES.get(key, key) for key in model.check.better_guesses]


def _notes(model, constraints, per_day, windows, placements, days_only_why, drafts, slots, slot_of) -> list[str]:
    notes = []
    if days_only_why:
        notes.append(days_only_why[0].upper() + days_only_why[1:] + ".")
        used_days = [windows[w] for w in dict.fromkeys(slots[s].window for s in slot_of)]
        never = [WEEKDAYS[w.weekday] for w in used_days if not w.posts]
        thin = [f"{WEEKDAYS[w.weekday]} {w.posts}" for w in used_days if 0 < w.posts < min_window_posts()]
        if never:
            notes.append(
                f"This week needs days you have never posted on ({joined(never)}): the model knows nothing of "
                "them from you, so they are placed as average days."
            )
        if thin:
            notes.append(
                f"Fewer than {min_window_posts()} of your posts stand behind some days ({joined(thin)}): "
                "what the plan says of them rests mostly on the model, not on those posts."
            )
    if model.check.beats_mean is None:
        notes.append(
            "Your history was too short to test the model on your latest posts, so this plan is the model's "
            "best guess, untested."
        )
    elif not model.check.beats_mean:
        missed = _guesses_not_beaten(model)
        who = f" ({joined(missed)} did as well or better)" if missed else ""
        notes.append(
            f"On your latest posts the model did not beat every simple guess{who}, so the order of drafts and "
            "slots here is a weak guess: read it as a tidy spread of the week, not a forecast."
        )
    used = {slots[s].window for s in slot_of}
    if all(windows[w].within_noise for w in used):
        notes.append(
            "None of the slots used stands out from your usual times beyond the noise: the model cannot tell "
            "them apart with confidence, so moving drafts between them changes little."
        )
    elif any(windows[w].within_noise for w in used):
        notes.append("Slots marked 'within the noise' are not reliably better or worse than your usual times.")
    if constraints.per_day is None:
        gap = model.median_gap_hours_
        rhythm = f"a post every {gap:.0f} h" if gap else "too few posts to tell"
        notes.append(f"At most {per_day} a day: your usual rhythm ({rhythm}); set per day to change it.")
    first = min(slots[s].hours for s in slot_of)
    last = model.last_post_datetime.timestamp() / 3600.0
    if first - last > model.max_known_gap_hours_:
        notes.append(
            f"Your history ends on {model.last_post_datetime.date().isoformat()}, long before this plan: the model "
            "does not count the gap since then, only the gaps between the planned posts."
        )
    if any(d.expected_views is None for d in drafts):
        notes.append("Expected saves treat every draft as getting the same views; give expected views to weigh them.")
    return notes
