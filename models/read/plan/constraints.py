"""What a plan is asked: the days, the per-day cap, the minimum gap and the weekdays to avoid; and the
limits and sentences for a week that cannot hold the drafts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import msgspec

from models.core.records import Draft
from models.core.words import plural
from models.fit.features import WEEKDAYS

MAX_PLAN_DRAFTS = 200
MAX_PLAN_DAYS = 31
MAX_PER_DAY = 24
MAX_MIN_GAP_HOURS = 168.0
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


def too_few_slots(n: int, capacity: int, constraints: PlanConstraints, per_day: int, n_slots: int) -> str:
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
