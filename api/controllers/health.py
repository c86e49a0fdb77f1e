from __future__ import annotations

from litestar import Controller, Response, get

from api.deps import AppState
from api.schemas import Health, Ready


class HealthController(Controller):
    tags = ["health"]

    @get("/health", sync_to_thread=False, operation_id="health", summary="Liveness (open: no key needed)")
    def health(self, app: AppState) -> Health:
        return Health(keys_required=not app.settings.no_auth)

    @get(
        "/ready",
        sync_to_thread=False,
        operation_id="ready",
        summary="Readiness: encoder and models loaded (open: no key needed)",
    )
    def ready(self, app: AppState) -> Response[Ready]:
        body = Ready(
            ready=app.encoder_loaded, models_loaded=len(app.registry.versions()), encoder_loaded=app.encoder_loaded
        )
        return Response(body, status_code=200 if body.ready else 503)
