"""What the app holds while it runs, and the dependencies handlers receive by name."""

from __future__ import annotations

import asyncio
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

from litestar import Request
from litestar.datastructures import State

from api.access import require_caller
from api.auth import Caller, KeyStore
from api.errors import Forbidden
from api.jobs import JobManager, training_in_progress
from api.registry import ModelRegistry
from api.settings import Settings


@dataclass
class AppState:
    settings: Settings
    registry: ModelRegistry
    jobs: JobManager
    keys: KeyStore
    encoder_loaded: bool = False


def provide_app(state: State) -> AppState:
    return state.app_state


def provide_registry(state: State) -> ModelRegistry:
    return state.app_state.registry


def provide_jobs(state: State) -> JobManager:
    return state.app_state.jobs


def provide_caller(request: Request) -> Caller:
    """The caller behind ``X-API-Key``; 401 without a valid key (rate limits ran before, in middleware)."""
    return require_caller(request)


def require_creator(caller: Caller, creator_id: str) -> None:
    """403 for any creator outside the key's scope, whether or not that creator exists."""
    if not caller.may_read(creator_id):
        raise Forbidden(f"this API key may not access creator {creator_id!r}")


# All model work runs on one long-lived thread. torch keeps a thread pool per calling
# thread; hopping across a pool of request threads rebuilt it on every call and made an
# uncached draft twice as slow. The encoder already uses both cores inside that thread.
_SCORING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scoring")
_DEFAULT_THREADS: int | None = None


def _with_fitting_threads(fn, *args, **kwargs):
    """While a training process holds a core, the encoder uses one thread instead of fighting it.

    Two spinning OpenMP threads with one core taken by training made requests 100x slower
    under load; one thread costs a few milliseconds per draft and keeps latency steady.

    Only when torch is already loaded (the ``minilm`` reference encoder serves): the other
    encoders never import it, and importing it here would cost seconds and 300 MB.
    """
    torch = sys.modules.get("torch")
    if torch is None:
        return fn(*args, **kwargs)
    global _DEFAULT_THREADS
    if _DEFAULT_THREADS is None:
        _DEFAULT_THREADS = torch.get_num_threads()
    wanted = 1 if training_in_progress() else _DEFAULT_THREADS
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)
    return fn(*args, **kwargs)


async def run_scoring(fn, *args, **kwargs):
    return await asyncio.get_running_loop().run_in_executor(
        _SCORING, partial(_with_fitting_threads, fn, *args, **kwargs)
    )
