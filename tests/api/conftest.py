"""One small real model per session; a fresh app (and models dir copy) per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.settings import Settings
from training.sample_data import generate_history
from training.steps import train_creator

KEYS = "alice-key:alice;bob-key:bob;both-key:alice,bob;admin-key:*"
ALICE = {"X-API-Key": "alice-key"}
BOB = {"X-API-Key": "bob-key"}
ADMIN = {"X-API-Key": "admin-key"}


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory) -> Path:
    models = tmp_path_factory.mktemp("api-models") / "models"
    train_creator(generate_history(120, seed=1, creator_id="alice"), "alice", models)
    train_creator(generate_history(80, seed=2, creator_id="bob"), "bob", models)
    return models


@pytest.fixture
def settings(trained_models, tmp_path) -> Settings:
    models = tmp_path / "models"
    shutil.copytree(trained_models, models)
    return Settings(models_dir=models, api_keys=KEYS, jobs_dir=tmp_path / "jobs", rate_limit_per_minute=10_000)


@pytest.fixture
def client(settings) -> Iterator[TestClient]:
    with TestClient(app=create_app(settings)) as test_client:
        yield test_client
