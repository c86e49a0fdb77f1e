"""The track record: how the model did on drafts it priced before they were posted (models.read.track_record)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import anyio
from litestar import Controller, get

from api.auth import Caller
from api.deps import creator_in_scope
from api.docs import KEY_REQUIRED
from api.registry import ModelRegistry
from api.schemas import error_responses
from models.read.track_record import Priced, TrackRecord, remember_scores, track_record

log = logging.getLogger("saveworthy.api")


async def remember(models_dir: Path, creator_id: str, model_version: str, scored: Iterable[Priced]) -> None:
    """Remember scored drafts off the event loop; a failure to remember never fails the score."""
    try:
        await anyio.to_thread.run_sync(remember_scores, models_dir, creator_id, model_version, list(scored))
    except Exception:
        log.warning("scored drafts could not be added to the track record of a creator")


class TrackRecordController(Controller):
    path = "/v1/creators"
    tags = ["creators"]
    security = KEY_REQUIRED

    @get(
        "/{creator_id:str}/track-record",
        operation_id="trackRecord",
        summary="Drafts scored before they were posted, matched to what the posts really saved",
        description="Every draft scored is remembered by a fingerprint of its caption (no text) with its "
        "prediction and 80% interval; a later history whose post has the same caption records the pair. "
        "`ordered_right` is the share of recorded posts at most 14 days apart the predictions ordered right, "
        "`interval_coverage` the share inside their interval; the order gets an 80% range from 10 post pairs on, "
        "coverage from 8 posts.",
        responses=error_responses(401, 403, 404, 422, 429),
    )
    async def get_track_record(self, creator_id: str, caller: Caller, registry: ModelRegistry) -> TrackRecord:
        creator_id = creator_in_scope(creator_id, caller)
        registry.get(creator_id)  # 404 for a creator without a model, as on every creator route
        return await anyio.to_thread.run_sync(track_record, registry.models_dir, creator_id)
