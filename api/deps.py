"""What the app holds while it runs, and the dependencies handlers receive by name."""

from __future__ import annotations

from dataclasses import dataclass

from litestar import Request
from litestar.datastructures import State

from api.access import require_caller
from api.auth import Caller, KeyStore
from api.errors import Forbidden, Unprocessable
from api.jobs import JobManager
from api.lanes import Lanes
from api.registry import ModelRegistry
from api.scoring_thread import ScoringThread
from api.settings import Settings
from models.fit.store import validate_creator_id


@dataclass
class AppState:
    settings: Settings
    registry: ModelRegistry
    jobs: JobManager
    keys: KeyStore
    scoring: ScoringThread
    lanes: Lanes
    encoder_loaded: bool = False


def provide_app(state: State) -> AppState:
    return state.app_state


def provide_registry(state: State) -> ModelRegistry:
    return state.app_state.registry


def provide_jobs(state: State) -> JobManager:
    return state.app_state.jobs


def provide_scoring(state: State) -> ScoringThread:
    return state.app_state.scoring


def provide_lanes(state: State) -> Lanes:
    return state.app_state.lanes


def provide_caller(request: Request) -> Caller:
    """The caller behind ``X-API-Key``; 401 without a valid key (rate limits ran before, in middleware)."""
    return require_caller(request)


def require_creator(caller: Caller, creator_id: str) -> None:
    """403 for any creator outside the key's scope, whether or not that creator exists."""
    if not caller.may_read(creator_id):
        # Never the creator's id: for a job it would name another creator (jobs carry their creator's id).
        raise Forbidden("this key may not access that resource")


def creator_in_scope(creator_id: str, caller: Caller) -> str:
    """The path's creator id, once the key may read it (403) and it is a valid id (422)."""
    require_creator(caller, creator_id)
    try:
        return validate_creator_id(creator_id)
    except ValueError as exc:
        raise Unprocessable(str(exc)) from None
