"""What a plan answers: its placements, days and windows, and the move each placement was kept over."""

from __future__ import annotations

from typing import Literal

from models.core.results import Interval, OutputStruct


class PlanWindow(OutputStruct):
    """A posting window the plan may use, with the model's estimate of the slot itself."""

    weekday: str
    hours: str | None  # None: the plan is by days only
    posts: int  # the creator's posts in this window (at least ``MIN_WINDOW_POSTS``)
    effect_relative: float  # the slot against the creator's usual times (1.1 = 10% more saves)
    effect_low: float  # its 80% range across the model's bootstrap members
    effect_high: float
    within_noise: bool  # the range holds 1× (or the effect is under 2%): no advantage worth ranking
    used: int  # drafts the plan put here


class Move(OutputStruct):
    """Moving a draft to its best free slot (the others staying), or when none is free its best
    swap with another draft, and what that would cost."""

    to: str  # e.g. "Sat 13 Dec 18:00–21:00", or "swap with draft 3 (Fri 12 Dec 12:00–15:00)"
    cost: float  # what the week loses, in the plan's ``cost_unit``
    agreement: float  # share of bootstrap members that agree the move loses, 0-1 (the model's doubt only)
    # The chance the draft really does better where it is planned than after the move, the post's own
    # noise included (as compare's chance); within_noise when it is under compare's "likely" (0.6).
    chance: float
    within_noise: bool


class Placement(OutputStruct):
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


class PlanDay(OutputStruct):
    date: str
    weekday: str
    avoided: bool
    slots: int  # slots the creator's windows offer that day
    placed: list[int]  # positions in ``placements`` planned that day, in time order


class Plan(OutputStruct):
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
