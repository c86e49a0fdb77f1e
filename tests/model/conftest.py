"""Models trained once per session on planted-effect histories (sample_data), copied per test."""

from __future__ import annotations

import copy

import pytest

from models.fit.creator_model import CreatorModel
from training.sample_data import PlantedEffects, generate_history


@pytest.fixture(scope="session")
def planted() -> PlantedEffects:
    return PlantedEffects()


@pytest.fixture(scope="session")
def _planted_model(planted) -> CreatorModel:
    return CreatorModel("planted").fit(generate_history(800, seed=11, planted=planted, creator_id="planted"))


@pytest.fixture(scope="session")
def _null_model() -> CreatorModel:
    history = generate_history(800, seed=12, planted=PlantedEffects.none(), creator_id="null")
    return CreatorModel("null").fit(history)


@pytest.fixture
def planted_model(_planted_model) -> CreatorModel:
    return copy.deepcopy(_planted_model)


@pytest.fixture
def null_model(_null_model) -> CreatorModel:
    return copy.deepcopy(_null_model)
