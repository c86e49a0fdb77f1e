"""Prometheus metrics: per-route request counts and latencies (Litestar's plugin), plus ours."""

from __future__ import annotations

import anyio
from litestar import Request
from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import Counter, Gauge

from api.access import metrics_guard
from models.read.track_record import totals

# group_path: label by route template (/v1/creators/{creator_id}/score), never by creator id.
PROMETHEUS = PrometheusConfig(app_name="saveworthy", prefix="saveworthy", group_path=True, exclude=["/metrics"])

MODEL_VERSION = Gauge(
    "saveworthy_model_info", "Creator models loaded (1 for the serving version)", ["creator_id", "version"]
)
TRAINING_JOBS = Counter("saveworthy_training_jobs_total", "Training jobs by final state", ["state"])
# The track record over every creator (models.read.track_record), read from the models directory at each scrape:
# training processes record pairs, so this process's counters could not see them.
TRACK_RECORD = Gauge(
    "saveworthy_track_record",
    "Track record counts over every creator: drafts_waiting, pairs, pairs_inside (their 80% interval)",
    ["count"],
)


async def refresh_track_record(request: Request) -> None:
    """Before each scrape: the track record's counts as the models directory holds them now."""
    models_dir = request.app.state.app_state.settings.models_dir
    for name, value in (await anyio.to_thread.run_sync(totals, models_dir)).items():
        TRACK_RECORD.labels(count=name).set(value)


def record_versions(versions: dict[str, str]) -> None:
    MODEL_VERSION.clear()
    for creator, version in versions.items():
        MODEL_VERSION.labels(creator_id=creator, version=version).set(1)


class MetricsController(PrometheusController):
    """Prometheus text for admin keys and the metrics token: it names every creator and model version."""

    path = "/metrics"
    include_in_schema = False
    guards = [metrics_guard]  # noqa: RUF012 (Litestar's class-level option)
    before_request = refresh_track_record
