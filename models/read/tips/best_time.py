"""The best-time tip: post in the creator's best window, the first of ``posting_times.best_windows``.

Such a window has at least ``MIN_WINDOW_POSTS`` of the creator's posts, and the rate the tip
quotes for them is their shrunk estimate, never the raw rate of a few lucky posts: the windows
insights list, by the same rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

import msgspec

from models.core.records import Draft
from models.core.results import Signal
from models.fit.clock import time_words
from models.fit.features import HOUR_BLOCK, WEEKDAYS, PostInput
from models.read.evidence import block_label
from models.read.posting_times import RatedCell, best_windows, hours_known, window_name
from models.read.tips.change import Change, evidence, times

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel


def best_time(post: PostInput, draft: Draft, model: CreatorModel) -> Iterator[Change | Signal]:
    """Advise the first of the best posting windows, which insights list first too (``best_windows``)."""
    best = best_windows(model)
    if not best:
        return  # no slot of theirs stands out once what was posted is held equal
    rated = best[0]
    cell = rated.cell
    day, block = cell.weekday, cell.block
    # A history known by dates only (every post at midnight) says nothing about hours:
    # advise the day alone, never "00:00–03:00".
    by_hours = hours_known(model)
    if post.weekday == day and (not by_hours or (post.hour is not None and post.hour // HOUR_BLOCK == block)):
        yield Signal(id="best-time", label="Planned in your best posting window", detail=window_name(model, cell))
        return
    if not by_hours:
        yield _best_day(post, draft, model, rated)
        return
    n_block = sum(c.posts for c in model.time_stats_ if c.block == block)
    # A concrete time, so that applying the tip is one well-defined draft: its gap since
    # the last post changes with it, and the price includes that.
    slot = _next_slot(draft, model, day, block * HOUR_BLOCK + 1)
    yield Change(
        "best-time",
        _moved_to(post, draft, model, slot),
        f"Post on {WEEKDAYS[day]} between {block_label(block)} ({time_words(model)}), your best window: the model "
        "rates it "
        f"{times(rated.effect_relative)} your usual times; {cell.posts} of your posts went out then and "
        f"earned about {times(rated.estimate_relative)} the saves of your others",
        evidence(
            n_block,
            model.n_posts_ - n_block,
            f"{n_block} posts in {block_label(block)}, {cell.posts} of them on {WEEKDAYS[day]}s",
        ),
        apply={
            "planned_at": slot.isoformat(),
            "planned_weekday": WEEKDAYS[day],
            "planned_hours": block_label(block),
        },
    )


def _best_day(post: PostInput, draft: Draft, model: CreatorModel, rated: RatedCell) -> Change:
    cell, effect = rated.cell, rated.effect_relative
    day = cell.weekday
    hour = post.hour if post.hour is not None else 12
    slot = _next_slot(draft, model, day, hour)
    return Change(
        "best-time",
        _moved_to(post, draft, model, slot),
        f"Post on a {WEEKDAYS[day]}, your best day: the model rates it {times(effect)} your usual "
        f"days; {cell.posts} of your posts went out on {WEEKDAYS[day]}s and earned about "
        f"{times(rated.estimate_relative)} the saves of your others (your history has dates, "
        "not times, so no hours are advised)",
        evidence(cell.posts, model.n_posts_ - cell.posts, f"{cell.posts} posts on {WEEKDAYS[day]}s"),
        apply={"planned_at": slot.isoformat(), "planned_weekday": WEEKDAYS[day]},
    )


def _moved_to(post: PostInput, draft: Draft, model: CreatorModel, slot: datetime) -> PostInput:
    """The post planned at ``slot``: its day, hour and gap since the last post all follow."""
    moved = model.post_for(msgspec.structs.replace(draft, planned_at=slot))
    return msgspec.structs.replace(post, weekday=moved.weekday, hour=moved.hour, gap_hours=moved.gap_hours)


def _next_slot(draft: Draft, model: CreatorModel, weekday: int, hour: int) -> datetime:
    """The first ``weekday`` at ``hour`` on the creator's clock after the draft's planned time (or now)."""
    clock = model.clock
    reference = draft.planned_at or datetime.now(UTC)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    local = reference.astimezone(clock)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=(weekday - local.weekday()) % 7)
    return slot if slot > local else slot + timedelta(days=7)
