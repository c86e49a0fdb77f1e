"""Shared fixtures: the encoder stays offline, and expensive models are trained once per session.

The API fixtures (two trained creators, settings, a test client) live here because both
tests/api and tests/hardening drive the app; their keys are in tests/helpers.py.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Derived model copies (the language identifier unpacked, MiniLM's ONNX graphs) go to a
# temporary folder, inherited by the processes tests start, never into the repository.
os.environ.setdefault("SAVEWORTHY_ENCODER_CACHE", tempfile.mkdtemp(prefix="saveworthy-encoders-"))


def _train_alice_and_bob(models: Path, alice_posts: int) -> Path:
    from training.sample_data import generate_history
    from training.steps import train_creator

    train_creator(generate_history(alice_posts, seed=1, creator_id="alice"), "alice", models)
    train_creator(generate_history(80, seed=2, creator_id="bob"), "bob", models)
    return models


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory) -> Path:
    """alice (120 posts) and bob (80), trained once; tests get a copy through ``settings``."""
    return _train_alice_and_bob(tmp_path_factory.mktemp("api-models") / "models", alice_posts=120)


@pytest.fixture(scope="session")
def planning_models(tmp_path_factory) -> Path:
    """alice with 300 posts (120 leave her two windows): a plan only uses windows with
    ``insights.MIN_WINDOW_POSTS`` (8) posts behind them, and these give every weekday at least one."""
    return _train_alice_and_bob(tmp_path_factory.mktemp("api-planning-models") / "models", alice_posts=300)


def _settings(models_src: Path, tmp_path: Path):
    from api.settings import Settings
    from tests.helpers import KEYS

    models = tmp_path / "models"
    shutil.copytree(models_src, models)
    return Settings(models_dir=models, api_keys=KEYS, jobs_dir=tmp_path / "jobs", rate_limit_per_minute=10_000)


def _client(settings) -> Iterator:
    from litestar.testing import TestClient

    from api.app import create_app

    with TestClient(app=create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def settings(trained_models, tmp_path):
    return _settings(trained_models, tmp_path)


@pytest.fixture
def client(settings) -> Iterator:
    yield from _client(settings)


@pytest.fixture
def planning_client(planning_models, tmp_path) -> Iterator:
    """The app on a copy of ``planning_models``."""
    yield from _client(_settings(planning_models, tmp_path))
