from __future__ import annotations

from functools import partial

import msgspec
from litestar import Controller, get, post, put
from litestar.connection import ASGIConnection
from litestar.openapi.spec import Example
from litestar.params import Body

from api.auth import Caller
from api.batch_rows import check_drafts
from api.controllers.track_record import remember
from api.deps import creator_in_scope
from api.docs import KEY_REQUIRED
from api.errors import Unprocessable, UnsupportedMediaType
from api.lanes import Lanes
from api.registry import ModelRegistry
from api.schemas import (
    BatchScoreRequest,
    BatchScoreResponse,
    CreatorList,
    CreatorSummary,
    ExcludedHashtags,
    error_responses,
)
from models.core.hashtags import unique_hashtags
from models.core.records import Draft
from models.core.results import Score
from models.core.words import plural
from models.fit.store import save_excluded_hashtags
from models.read.insights import Insights, build_insights
from models.read.scoring import score_drafts
from models.read.track_record import priced

CREATOR_ERRORS = error_responses(400, 401, 403, 404, 413, 422, 429, 503)
JSON_ERRORS = error_responses(400, 401, 403, 404, 413, 415, 422, 429, 503)
DRAFT_EXAMPLE = Example(
    summary="A draft with a planned time",
    value={
        "caption": "Sunday meal prep: five lunches in an hour #mealprep",
        "planned_at": "2026-12-03T18:30:00+00:00",
        "duration_s": 35,
        "sound": "original",
        "text_overlay": False,
        "expected_views": 12000,
    },
)


def json_body(connection: ASGIConnection, _handler: object) -> None:
    """A guard: JSON bodies must say so. Without it a JSON text sent as text/plain was parsed anyway,
    which hides client bugs and lets a simple cross-site form post reach a JSON route."""
    media_type = connection.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType(
            f"send the body as JSON with Content-Type: application/json, not {media_type or 'no content type'}"
        )


class CreatorsController(Controller):
    path = "/v1/creators"
    tags = ["creators"]
    security = KEY_REQUIRED

    @get(
        "/",
        sync_to_thread=False,
        operation_id="listCreators",
        summary="Creators with a model this key may see",
        responses=error_responses(401, 429),
    )
    def list_creators(self, caller: Caller, registry: ModelRegistry) -> CreatorList:
        return CreatorList(
            creators=[
                CreatorSummary(
                    creator_id=m.creator_id,
                    model_version=m.version,
                    trained_at=m.trained_at,
                    n_posts=m.n_posts,
                    quality=m.quality,
                )
                for m in registry.known()
                if caller.may_read(m.creator_id)
            ]
        )

    @post(
        "/{creator_id:str}/score",
        operation_id="scoreDraft",
        summary="Score one draft",
        status_code=200,
        guards=[json_body],
        responses=JSON_ERRORS,
    )
    async def score(
        self,
        creator_id: str,
        data: Draft = Body(examples=[DRAFT_EXAMPLE]),
        *,
        caller: Caller,
        registry: ModelRegistry,
        lanes: Lanes,
    ) -> Score:
        model, meta = registry.get(creator_in_scope(creator_id, caller))
        result = (await lanes.single(score_drafts, model, meta.version, [data]))[0]
        await remember(registry.models_dir, creator_id, meta.version, priced([data], [result]))
        return result

    @post(
        "/{creator_id:str}/score/batch",
        operation_id="scoreBatch",
        summary="Score up to 1,000 drafts; valid ones are scored in input order, every invalid one is listed",
        description="Each draft is checked on its own: an invalid one is listed in `rejected` (its index from 0, "
        "its `id` when readable, the field and the reason) and the others are scored; when none is valid the "
        "answer is a 422 listing them all. A batch runs in chunks behind single checks, one batch per key at a "
        "time; past the server's time budget it answers 503 with Retry-After.",
        status_code=200,
        guards=[json_body],
        responses=JSON_ERRORS,
    )
    async def score_batch(
        self,
        creator_id: str,
        data: BatchScoreRequest,
        *,
        caller: Caller,
        registry: ModelRegistry,
        lanes: Lanes,
    ) -> BatchScoreResponse:
        model, meta = registry.get(creator_in_scope(creator_id, caller))
        valid, rejected = check_drafts(data.drafts)
        if not valid:
            raise Unprocessable(
                f"no valid draft in the batch ({plural(len(rejected), 'invalid draft')})",
                details=msgspec.to_builtins(rejected),
            )
        drafts = [draft for _, draft in valid]
        results = await lanes.batch(caller, partial(score_drafts, model, meta.version), drafts)
        await remember(registry.models_dir, creator_id, meta.version, priced(drafts, results))
        return BatchScoreResponse(creator_id=creator_id, model_version=meta.version, results=results, rejected=rejected)

    @get(
        "/{creator_id:str}/insights",
        sync_to_thread=False,
        operation_id="insights",
        summary="What drives this creator's saves",
        responses=CREATOR_ERRORS,
    )
    def insights(self, creator_id: str, caller: Caller, registry: ModelRegistry) -> Insights:
        model, meta = registry.get(creator_in_scope(creator_id, caller))
        return build_insights(model, meta)

    @get(
        "/{creator_id:str}/excluded-hashtags",
        sync_to_thread=False,
        operation_id="excludedHashtags",
        summary="Hashtags never advised to this creator",
        responses=CREATOR_ERRORS,
    )
    def excluded_hashtags(self, creator_id: str, caller: Caller, registry: ModelRegistry) -> ExcludedHashtags:
        model, _ = registry.get(creator_in_scope(creator_id, caller))
        return ExcludedHashtags(hashtags=sorted(getattr(model, "excluded_hashtags_", ())))

    @put(
        "/{creator_id:str}/excluded-hashtags",
        sync_to_thread=False,
        operation_id="setExcludedHashtags",
        summary="Replace the hashtags never advised to this creator (kept across retraining)",
        guards=[json_body],
        responses=JSON_ERRORS,
    )
    def set_excluded_hashtags(
        self, creator_id: str, data: ExcludedHashtags, caller: Caller, registry: ModelRegistry
    ) -> ExcludedHashtags:
        registry.get(creator_in_scope(creator_id, caller))  # a creator with a model: 404 otherwise
        kept = save_excluded_hashtags(registry.models_dir, creator_id, set(unique_hashtags(data.hashtags)))
        return ExcludedHashtags(hashtags=kept)
