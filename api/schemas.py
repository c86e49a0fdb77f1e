"""Request and response bodies at the HTTP edge (msgspec Structs); drafts and scores come from models/."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import msgspec
from msgspec import Meta

from api.batch_rows import RowProblem
from models.core.records import Draft
from models.core.results import Score
from models.read.compare import MAX_VARIANTS, MIN_VARIANTS
from models.read.plan import MAX_MIN_GAP_HOURS, MAX_PER_DAY, MAX_PLAN_DAYS, MAX_PLAN_DRAFTS

MAX_BATCH = 1000


class StrictRequest(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Request bodies refuse unknown fields, so a typo is a 422, not a silently ignored option."""


class BatchScoreRequest(StrictRequest):
    """Up to 1,000 drafts, each a draft object. Each is checked on its own (``api.batch_rows``): an
    invalid one is listed in the response's ``rejected`` and the others are still scored."""

    drafts: Annotated[list[Any], Meta(min_length=1, max_length=MAX_BATCH)]


class BatchScoreResponse(msgspec.Struct, frozen=True, kw_only=True):
    """``results``: the valid drafts' scores in input order; ``rejected``: every invalid draft, by index."""

    creator_id: str
    model_version: str
    results: list[Score]
    rejected: list[RowProblem] = []


class CompareRequest(StrictRequest):
    """2 to 6 variants of one draft (each a draft; an ``id`` labels it, else A, B, C...)."""

    variants: Annotated[list[Draft], Meta(min_length=MIN_VARIANTS, max_length=MAX_VARIANTS)]


class PlanRequest(StrictRequest):
    """Drafts to place in the days from ``start`` (the creator's own dates); ``planned_at`` on a draft
    is ignored, the plan chooses. ``per_day`` defaults to the creator's usual rhythm."""

    drafts: Annotated[list[Draft], Meta(min_length=1, max_length=MAX_PLAN_DRAFTS)]
    start: date
    days: Annotated[int, Meta(ge=1, le=MAX_PLAN_DAYS)] = 7
    per_day: Annotated[int, Meta(ge=1, le=MAX_PER_DAY)] | None = None
    min_gap_hours: Annotated[float, Meta(ge=0, le=MAX_MIN_GAP_HOURS)] = 0.0
    avoid: Annotated[list[str], Meta(max_length=7)] = []  # weekday names: "sat", "Sunday"
    force: bool = False  # plan days before the creator's first post anyway (else a 422 says why)


class Health(msgspec.Struct, frozen=True, kw_only=True):
    status: Literal["ok"] = "ok"
    # Whether /v1 needs X-API-Key: the page asks for a key before calling /v1 rather than
    # collecting a 401 first (a server run with --no-auth needs none).
    keys_required: bool = True


class Ready(msgspec.Struct, frozen=True, kw_only=True):
    ready: bool
    models_loaded: int
    encoder_loaded: bool


class CreatorSummary(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    model_version: str
    trained_at: str
    n_posts: int
    quality: dict[str, Any]


class ExcludedHashtags(msgspec.Struct, frozen=True, kw_only=True):
    """Hashtags never advised to the creator (a sponsor's, a campaign's); insights still list them, marked."""

    hashtags: list[str]  # with or without '#'; stored lower-cased without it


class CreatorList(msgspec.Struct, frozen=True, kw_only=True):
    creators: list[CreatorSummary]


class JobState(msgspec.Struct, frozen=True, kw_only=True):
    """A training job. ``position`` is 1 for the next job to start, None once it has left the queue;
    ``uploads`` counts the uploads this job stands for (a newer one replaces a waiting upload)."""

    job_id: str
    creator_id: str
    state: Literal["queued", "running", "succeeded", "failed"]
    format: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    report: dict[str, Any] | None
    error: str | None
    position: int | None = None
    uploads: int = 1
    timezone: str | None = None  # the creator's IANA zone given with the upload, if any


class ErrorDetail(msgspec.Struct, frozen=True, kw_only=True):
    status: int
    code: str
    message: str
    details: Any = None


class ErrorBody(msgspec.Struct, frozen=True, kw_only=True):
    error: ErrorDetail


def error_responses(*statuses: int) -> dict:
    """OpenAPI entries for the JSON errors a route can answer, all shaped as ``ErrorBody``."""
    from litestar.openapi.datastructures import ResponseSpec

    meaning = {
        400: "Malformed request",
        401: "Missing or invalid API key",
        403: "Key not allowed for this creator",
        404: "Unknown creator or job",
        413: "Body too large",
        415: "Body not sent as application/json",
        422: "Invalid fields",
        429: "Rate limited (see Retry-After)",
        503: "Model unavailable, or the work did not fit the server's time budget (see Retry-After)",
    }
    return {code: ResponseSpec(data_container=ErrorBody, description=meaning[code]) for code in statuses}
