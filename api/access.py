"""Who is calling, and how fast they may: keys, the metrics token and Litestar's rate limits.

Two limits, both Litestar's ``RateLimitMiddleware``, both checked before any handler runs:

* failed key attempts (a missing or wrong key on a route that needs one), per client address,
  so keys cannot be guessed at full speed; callers with a valid key never count here;
* accepted requests, per key.

Behind a reverse proxy the client address is the proxy's: give the proxy its own limit.
"""

from __future__ import annotations

import hashlib
import hmac

from litestar import Request
from litestar.connection import ASGIConnection
from litestar.middleware import DefineMiddleware
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.stores.memory import MemoryStore

from api.auth import DEV_CALLER, Caller
from api.errors import Forbidden, Unauthorized

_CALLER = "saveworthy.caller"  # the scope key caching the caller: keys are hashed once per request
METRICS_CALLER = Caller(name="metrics token")
KEYED_PREFIXES = ("/v1/", "/metrics")  # the paths that need a key; the rest (page, /health, /ready, /schema) is open


def needs_key(path: str) -> bool:
    return path.startswith(KEYED_PREFIXES) or path == "/v1"


def _metrics_token_matches(connection: ASGIConnection, token: str) -> bool:
    if not token or not connection.url.path.startswith("/metrics"):
        return False
    scheme, _, given = connection.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        return False
    return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), hashlib.sha256(token.encode()).digest())


def caller_of(connection: ASGIConnection) -> Caller | None:
    """The caller behind ``X-API-Key`` (or the metrics token on /metrics); None when there is none."""
    if _CALLER not in connection.scope:
        app_state = connection.app.state.app_state
        if app_state.settings.no_auth:
            caller = DEV_CALLER
        elif _metrics_token_matches(connection, app_state.settings.metrics_token):
            caller = METRICS_CALLER
        else:
            caller = app_state.keys.authenticate(connection.headers.get("x-api-key"))
        connection.scope[_CALLER] = caller  # type: ignore[literal-required]
    return connection.scope[_CALLER]  # type: ignore[literal-required]


def require_caller(connection: ASGIConnection) -> Caller:
    caller = caller_of(connection)
    if caller is None:
        raise Unauthorized("missing or invalid API key: send it in the X-API-Key header")
    return caller


def metrics_guard(connection: ASGIConnection, _handler: object) -> None:
    """Metrics name every creator and model version: admin keys and the metrics token only."""
    caller = require_caller(connection)
    if not (caller.admin or caller is METRICS_CALLER):
        raise Forbidden("metrics need an admin key or the metrics token (Authorization: Bearer ...)")


def _failed_attempt(request: Request) -> bool:
    return needs_key(request.url.path) and caller_of(request) is None


def _accepted(request: Request) -> bool:
    return needs_key(request.url.path) and caller_of(request) is not None


def _key_identity(request: Request) -> str:
    # The key's hash, not the caller's name: two keys may share a name.
    return hashlib.sha256((request.headers.get("x-api-key") or caller_of(request).name).encode()).hexdigest()


def rate_limits(*, failed_per_minute: int, per_key_per_minute: int) -> tuple[list[DefineMiddleware], dict]:
    """The rate-limit middleware (0 turns a limit off) and the stores they count in."""
    middleware, stores = [], {}
    if failed_per_minute > 0:
        config = RateLimitConfig(
            rate_limit=("minute", failed_per_minute), check_throttle_handler=_failed_attempt, store="failed_keys"
        )
        middleware.append(config.middleware)
        stores["failed_keys"] = MemoryStore()
    if per_key_per_minute > 0:
        config = RateLimitConfig(
            rate_limit=("minute", per_key_per_minute),
            check_throttle_handler=_accepted,
            identifier_for_request=_key_identity,
            store="per_key",
        )
        middleware.append(config.middleware)
        stores["per_key"] = MemoryStore()
    return middleware, stores
