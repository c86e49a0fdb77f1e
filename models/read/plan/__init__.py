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

In that order: ``windows`` (windows and slots), ``search`` (pricing and the search), ``explain``
(placements, moves, notes), and ``week`` puts them together; ``constraints`` is what a plan is
asked, ``answer`` what it answers, ``export`` writes it as a calendar or CSV.
"""

from models.read.plan.answer import Move, Placement, Plan, PlanDay, PlanWindow
from models.read.plan.constraints import (
    MAX_MIN_GAP_HOURS,
    MAX_PER_DAY,
    MAX_PLAN_DAYS,
    MAX_PLAN_DRAFTS,
    PlanConstraints,
    PlanError,
    parse_weekdays,
)
from models.read.plan.week import plan_week

__all__ = [
    "MAX_MIN_GAP_HOURS",
    "MAX_PER_DAY",
    "MAX_PLAN_DAYS",
    "MAX_PLAN_DRAFTS",
    "Move",
    "Placement",
    "Plan",
    "PlanConstraints",
    "PlanDay",
    "PlanError",
    "PlanWindow",
    "parse_weekdays",
    "plan_week",
]
