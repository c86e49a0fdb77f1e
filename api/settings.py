"""Server settings: flags win, then the environment, then defaults. Read once, at the edge."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from models.core.paths import models_dir_from_env


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


@dataclass(frozen=True)
class Settings:
    """Everything the API needs to start. Environment names in docs/http-api.md, "Serving settings"."""

    models_dir: Path = field(default_factory=models_dir_from_env)
    keys_file: Path | None = field(
        default_factory=lambda: Path(p) if (p := os.environ.get("SAVEWORTHY_KEYS_FILE")) else None
    )
    api_keys: str = field(default_factory=lambda: os.environ.get("SAVEWORTHY_API_KEYS", ""))
    no_auth: bool = False
    max_body_bytes: int = field(default_factory=lambda: _env_int("SAVEWORTHY_MAX_BODY_BYTES", 20 * 1024 * 1024))
    rate_limit_per_minute: int = field(default_factory=lambda: _env_int("SAVEWORTHY_RATE_LIMIT", 600))
    # Requests with a missing or wrong key, per client address: keys cannot be guessed at full speed.
    failed_auth_per_minute: int = field(default_factory=lambda: _env_int("SAVEWORTHY_FAILED_AUTH_LIMIT", 30))
    # A bearer token for Prometheus scrapers that should not hold an admin key (empty = admin key only).
    metrics_token: str = field(default_factory=lambda: os.environ.get("SAVEWORTHY_METRICS_TOKEN", ""))
    jobs_dir: Path | None = None
    # Each training process takes ~600 MB and a core: one at a time on a 2-core machine.
    training_workers: int = field(default_factory=lambda: max(1, _env_int("SAVEWORTHY_TRAINING_WORKERS", 1)))
    # Per-request access lines cost about 2 ms a request on our machines; Prometheus already
    # counts and times every route, so they are opt-in.
    # How long a request may wait and work for the scoring thread before it answers 503 with Retry-After.
    work_budget_s: float = field(default_factory=lambda: float(os.environ.get("SAVEWORTHY_WORK_BUDGET_S") or 120))
    access_log: bool = field(default_factory=lambda: os.environ.get("SAVEWORTHY_ACCESS_LOG", "") in ("1", "true"))

    @classmethod
    def from_env(
        cls, *, models_dir: Path | None = None, no_auth: bool = False, access_log: bool = False, **overrides
    ) -> Settings:
        settings = cls(no_auth=no_auth, **overrides)
        if access_log:
            settings = cls(**{**settings.__dict__, "access_log": True})
        if models_dir is not None:
            settings = cls(**{**settings.__dict__, "models_dir": Path(models_dir)})
        return settings

    @property
    def resolved_jobs_dir(self) -> Path:
        return self.jobs_dir or (self.models_dir.parent / "jobs")
