"""Prometheus metrics: per-route request counts and latencies (Litestar's plugin), plus ours."""

from __future__ import annotations

from litestar.plugins.prometheus import PrometheusConfig, PrometheusController
from prometheus_client import Counter, Gauge

from api.access import metrics_guard

# group_path: label by route template (/v1/creators/{creator_id}/score), never by creator id.
PROMETHEUS = PrometheusConfig(app_name="saveworthy", prefix="saveworthy", group_path=True, exclude=["/metrics"])

MODEL_VERSION = Gauge(
    "saveworthy_model_info", "Creator models loaded (1 for the serving version)", ["creator_id", "version"]
)
TRAINING_JOBS = Counter("saveworthy_training_jobs_total", "Training jobs by final state", ["state"])


def record_versions(versions: dict[str, str]) -> None:
    MODEL_VERSION.clear()
    for creator, version in versions.items():
        MODEL_VERSION.labels(creator_id=creator, version=version).set(1)


class MetricsController(PrometheusController):
    """Prometheus text for admin keys and the metrics token: it names every creator and model version."""

    path = "/metrics"
    include_in_schema = False
    guards = [metrics_guard]  # noqa: RUF012 (Litestar's class-level option)
