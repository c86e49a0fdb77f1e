"""create_app(settings) -> Litestar: handlers, dependencies, errors, lifespan, OpenAPI."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.di import Provide

from api.access import rate_limits
from api.auth import KeyStore
from api.controllers.creators import CreatorsController
from api.controllers.health import HealthController
from api.controllers.history import HistoryController
from api.controllers.planning import PlanningController
from api.controllers.track_record import TrackRecordController
from api.deps import (
    AppState,
    provide_app,
    provide_caller,
    provide_jobs,
    provide_lanes,
    provide_registry,
    provide_scoring,
)
from api.docs import docs_assets_router, openapi_config
from api.errors import EXCEPTION_HANDLERS
from api.jobs import JobManager
from api.lanes import Lanes
from api.metrics import PROMETHEUS, TRAINING_JOBS, MetricsController, record_versions
from api.registry import ModelRegistry
from api.scoring_thread import ScoringThread
from api.settings import Settings
from training.job_state import Job

log = logging.getLogger("saveworthy.api")


def _warm_up(app_state: AppState) -> None:
    """Load the models, then the encoders they were trained with (only those: an ONNX MiniLM
    service never holds e5 in memory), and the language identifier."""
    from models.text.embeddings import embed_texts
    from models.text.encoders import default_encoder_name
    from models.text.language.identify import warm_up

    loaded = app_state.registry.load_all()
    for name in app_state.registry.encoders() or [default_encoder_name()]:
        embed_texts(["warm up the encoder"], encoder=name)
    warm_up()
    app_state.encoder_loaded = True
    record_versions({} if loaded == 0 else app_state.registry.versions())


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    registry = ModelRegistry(settings.models_dir)

    def job_finished(job: Job) -> None:
        TRAINING_JOBS.labels(state=job.state).inc()
        if job.state == "succeeded":
            try:
                registry.get(job.creator_id)  # swap in the new version now, not on first request
                record_versions(registry.versions())
            except Exception:
                log.warning("new model for a creator could not be loaded yet")

    jobs = JobManager(
        settings.resolved_jobs_dir, settings.models_dir, on_finish=job_finished, workers=settings.training_workers
    )
    scoring = ScoringThread(training_running=jobs.training_in_progress)
    app_state = AppState(
        settings=settings,
        registry=registry,
        jobs=jobs,
        keys=KeyStore.load(settings.keys_file, settings.api_keys),
        scoring=scoring,
        lanes=Lanes(scoring, budget_s=settings.work_budget_s),
    )

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        app.state.app_state = app_state
        app_state.jobs.start()  # jobs still queued from before a restart start again, in order
        try:
            await app_state.scoring.run(_warm_up, app_state)  # the encoder's first call on the thread that will use it
            yield
        finally:
            app_state.jobs.stop()

    handlers = [
        HealthController,
        CreatorsController,
        PlanningController,
        TrackRecordController,
        HistoryController,
        MetricsController,
        docs_assets_router,
    ]
    try:
        from api.web import web_router  # the creators' page, when present
    except ImportError:
        pass
    else:
        handlers.append(web_router)

    limits, stores = rate_limits(
        failed_per_minute=settings.failed_auth_per_minute, per_key_per_minute=settings.rate_limit_per_minute
    )
    return Litestar(
        route_handlers=handlers,
        dependencies={
            "app": Provide(provide_app, sync_to_thread=False),
            "registry": Provide(provide_registry, sync_to_thread=False),
            "jobs": Provide(provide_jobs, sync_to_thread=False),
            "caller": Provide(provide_caller, sync_to_thread=False),
            "scoring": Provide(provide_scoring, sync_to_thread=False),
            "lanes": Provide(provide_lanes, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        lifespan=[lifespan],
        middleware=[PROMETHEUS.middleware, *limits],
        stores=stores,
        request_max_body_size=settings.max_body_bytes,
        openapi_config=openapi_config(),
        debug=False,
    )
