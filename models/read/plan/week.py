"""Plan a week: the constraints checked, slots from the creator's windows, the search, and the
answer assembled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from models.core.records import Draft
from models.core.words import plural
from models.fit.clock import offset_text, time_words
from models.fit.creator_model import CreatorModel
from models.fit.features import WEEKDAYS
from models.read.plan.answer import Plan, PlanDay, PlanWindow
from models.read.plan.constraints import PlanConstraints, PlanError, check_constraints, too_few_slots
from models.read.plan.explain import draft_label, plan_notes, priced_placements
from models.read.plan.search import Search, earliest_slots, price_drafts
from models.read.plan.windows import (
    first_offset,
    min_window_posts,
    plan_windows,
    usual_per_day,
    week_slots,
)
from models.read.scoring import model_warnings


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
    slots = week_slots(model, windows, constraints, per_day)
    capacity = len(earliest_slots(slots, per_day, constraints.min_gap_hours, len(slots)))
    if not by_hours and capacity < len(drafts):
        # By days, a week the days they posted on cannot hold takes the others too, and says so.
        windows, _ = plan_windows(model, every_day=True)
        slots = week_slots(model, windows, constraints, per_day)
        capacity = len(earliest_slots(slots, per_day, constraints.min_gap_hours, len(slots)))
    if not windows:
        raise PlanError(
            f"no posting window of yours has {needed} posts behind it "
            f"yet ({plural(model.n_posts_, 'post')} in your history), so there is nothing to plan from"
        )
    if capacity < len(drafts):
        raise PlanError(too_few_slots(len(drafts), capacity, constraints, per_day, len(slots)))

    prices = price_drafts(model, drafts, windows, slots, by_hours)
    search = Search(prices, slots, per_day, constraints.min_gap_hours, model.baseline_per_1k_)
    slot_of = search.best_plan(len(drafts))

    placements = priced_placements(model, drafts, labels, windows, slots, search, slot_of, by_hours)
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
        utc_offset=offset_text(int(first_offset(model, constraints.start))),
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
        notes=plan_notes(model, constraints, per_day, windows, placements, days_only_why, drafts, slots, slot_of),
        warnings=model_warnings(model),  # the sentences every score of this model carries
        model_beats_mean=model.check.beats_mean,
        history_posts=model.n_posts_,
        low_history=model.low_history,
    )
