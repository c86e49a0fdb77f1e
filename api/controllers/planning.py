"""Compare variants of a draft, and plan a week of drafts: thin handlers over models.read.compare and .plan."""

from __future__ import annotations

from typing import Literal

from litestar import Controller, Response, post
from litestar.openapi.spec import Example
from litestar.params import Body

from api.auth import Caller
from api.controllers.creators import JSON_ERRORS, json_body
from api.controllers.track_record import remember
from api.deps import creator_in_scope
from api.docs import KEY_REQUIRED
from api.errors import Unprocessable
from api.lanes import Lanes
from api.plan_start import before_history
from api.registry import ModelRegistry
from api.schemas import CompareRequest, PlanRequest
from models.read.compare import Comparison, TooFewVariants, compare_drafts, variant_labels
from models.read.plan import Plan, PlanConstraints, PlanError, parse_weekdays, plan_week
from models.read.plan.export import CSV_MEDIA_TYPE, ICS_MEDIA_TYPE, to_csv, to_ics
from models.read.track_record import planned, priced

COMPARE_EXAMPLE = Example(
    summary="Two captions for the same video",
    value={
        "variants": [
            {"caption": "Sunday meal prep: five lunches in an hour #mealprep"},
            {"caption": "Sunday meal prep: five lunches in an hour. Save this for later! #mealprep"},
        ]
    },
)
PLAN_EXAMPLE = Example(
    summary="Three drafts, one a day at most, weekends off",
    value={
        "drafts": [
            {"id": "wraps", "caption": "Chickpea wraps for the week ahead", "expected_views": 9000},
            {"id": "oats", "caption": "How to make overnight oats that last all week. Save this!"},
            {"id": "soup", "caption": "Big pot of lentil soup today #mealprep"},
        ],
        "start": "2026-12-07",
        "days": 7,
        "per_day": 1,
        "min_gap_hours": 20,
        "avoid": ["sat", "sun"],
    },
)


class PlanningController(Controller):
    path = "/v1/creators"
    tags = ["planning"]
    security = KEY_REQUIRED

    @post(
        "/{creator_id:str}/compare",
        operation_id="compareDrafts",
        summary="Rank 2-6 variants of a draft, with how sure each step of the ranking is",
        description="Each variant is scored as `score` would score it alone. `chance` is the chance that the "
        "higher of two neighbours really saves more per view once posted, the posts' own noise included, "
        "calibrated on real later posts; the `verdict` follows it (`clear` from 0.8, `likely` from 0.6, else "
        "`too close to call`). `agreement` is only the share of the model's bootstrap members that put them in "
        "that order (its doubt about its own parameters). `reasons` say what makes the difference, in saves per "
        "1,000 views that add up to the step; `pairs_ordered_right` how well the model ranks this creator.",
        status_code=200,
        guards=[json_body],
        responses=JSON_ERRORS,
    )
    async def compare(
        self,
        creator_id: str,
        data: CompareRequest = Body(examples=[COMPARE_EXAMPLE]),
        *,
        caller: Caller,
        registry: ModelRegistry,
        lanes: Lanes,
    ) -> Comparison:
        model, meta = registry.get(creator_in_scope(creator_id, caller))
        try:
            comparison = await lanes.single(compare_drafts, model, meta.version, data.variants)
        except TooFewVariants as exc:
            raise Unprocessable(str(exc)) from None
        # Variants come back best first; each is matched to its draft by position in the request.
        by_label = {v.label: v for v in comparison.variants}
        variants = [by_label[label] for label in variant_labels(data.variants)]
        await remember(registry.models_dir, creator_id, meta.version, priced(data.variants, variants))
        return comparison

    @post(
        "/{creator_id:str}/plan",
        operation_id="planWeek",
        summary="Place drafts in the week's slots so that expected saves are highest",
        description="Slots come from the creator's posting windows with enough posts behind them (see "
        "`min_window_posts`), on their own clock; a history with dates only is planned by days. "
        "Constraints a plan cannot meet (more drafts than slots, every day avoided) are a 422 that says "
        "which. `format=ics` answers an iCalendar file (one event per draft), `format=csv` a CSV sheet.",
        status_code=200,
        guards=[json_body],
        responses=JSON_ERRORS,
    )
    async def plan(
        self,
        creator_id: str,
        data: PlanRequest = Body(examples=[PLAN_EXAMPLE]),
        *,
        caller: Caller,
        registry: ModelRegistry,
        lanes: Lanes,
        format: Literal["json", "ics", "csv"] = "json",
    ) -> Response[Plan]:
        model, meta = registry.get(creator_in_scope(creator_id, caller))
        if (early := before_history(model, data.start)) and not data.force:
            raise Unprocessable(f'{early}, or send "force": true')
        try:
            constraints = PlanConstraints(
                start=data.start,
                days=data.days,
                per_day=data.per_day,
                min_gap_hours=data.min_gap_hours,
                avoid=parse_weekdays(data.avoid),
            )
            plan = await lanes.single(plan_week, model, meta.version, data.drafts, constraints)
        except PlanError as exc:
            raise Unprocessable(str(exc)) from None
        await remember(registry.models_dir, creator_id, meta.version, planned(plan))
        name = f"saveworthy-plan-{plan.creator_id}-{plan.start}"
        if format == "ics":
            return Response(
                to_ics(plan),
                media_type=ICS_MEDIA_TYPE,
                headers={"Content-Disposition": f'attachment; filename="{name}.ics"'},
            )
        if format == "csv":
            return Response(
                to_csv(plan),
                media_type=CSV_MEDIA_TYPE,
                headers={"Content-Disposition": f'attachment; filename="{name}.csv"'},
            )
        return Response(plan)
