"""The windows a plan may use (the creator's own, with enough posts behind them) and the slots they
offer on the days asked for, on the creator's clock.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from functools import cached_property

import numpy as np

from models.fit.creator_model import CreatorModel
from models.fit.features import HOUR_BLOCK, WEEKDAYS
from models.read import posting_times
from models.read.evidence import block_label
from models.read.plan.constraints import PlanConstraints

SAME_DAY_STEP_H = 1e-3  # days-only plans: the day's 2nd, 3rd... post sorts just after the first


@dataclass(frozen=True)
class Window:
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
class Slot:
    window: int
    day_index: int
    day: date
    at: datetime  # on the creator's clock
    hours: float  # ``at`` in hours since the epoch (sorting and gaps)


def min_window_posts() -> int:
    """The posts a window needs behind it, as insights and the best-time tip rule it (read when a plan is made)."""
    return int(posting_times.MIN_WINDOW_POSTS)


def _time_effects(model: CreatorModel) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    estimator = model.estimator_
    effects = estimator.effects(only=posting_times.TIME_NAMES)
    members = estimator.effect_members()
    n = len(next(iter(members.values()))) if members else 1
    zero = np.zeros(n)
    return effects, {name: members.get(name, zero) for name in posting_times.TIME_NAMES}


def plan_windows(model: CreatorModel, *, every_day: bool = False) -> tuple[list[Window], str | None]:
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


def _rated(cells, point, member) -> list[Window]:
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
        Window(weekday=d, block=b, posts=n, log_effect=v - usual, member_logs=m - usual_members)
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


def week_slots(model, windows: list[Window], constraints: PlanConstraints, per_day: int) -> list[Slot]:
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
                slots.append(Slot(w_index, i, day, at, at.timestamp() / 3600.0))
                continue
            # By days: midnight as a date-only history records its posts; else midday.
            at = datetime.combine(day, time(0 if not by_hours_history else 12), tzinfo=clock)
            for k in range(per_day):  # the day holds up to per_day posts
                slots.append(Slot(w_index, i, day, at, at.timestamp() / 3600.0 + k * SAME_DAY_STEP_H))
    slots.sort(key=lambda s: s.hours)
    return slots


def slot_name(slot: Slot, window: Window) -> str:
    day = f"{WEEKDAYS[slot.day.weekday()][:3]} {slot.day.day} {slot.day.strftime('%b')}"
    return day if window.block is None else f"{day} {window.hours}"


def first_offset(model: CreatorModel, start: date) -> float:
    """Minutes east of UTC of the creator's clock at noon on the plan's first day (a zone's changes with DST)."""
    return datetime.combine(start, time(12), tzinfo=model.clock).utcoffset().total_seconds() // 60
