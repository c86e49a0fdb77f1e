"""The registry serves from memory and notices a new version without being told."""

from __future__ import annotations

import shutil

import pytest

import api.registry
from api.registry import ModelRegistry
from models.fit.store import ModelNotFound, load_model, save_model


def test_unchanged_model_is_not_read_again(settings, monkeypatch):
    registry = ModelRegistry(settings.models_dir)
    first, _ = registry.get("alice")
    reads = []
    monkeypatch.setattr(api.registry, "read_meta", lambda *a: reads.append(a) or pytest.fail("re-read"))
    for _ in range(5):
        assert registry.get("alice")[0] is first
    assert reads == []


def test_a_new_version_is_picked_up(settings):
    registry = ModelRegistry(settings.models_dir)
    model, meta = registry.get("alice")
    trained, _ = load_model(settings.models_dir, "bob")
    trained.creator_id = "alice"
    new_version = save_model(trained, settings.models_dir)  # what a training job does
    served, served_meta = registry.get("alice")
    assert served_meta.version == new_version != meta.version and served is not model
    assert registry.versions()["alice"] == new_version


def test_a_removed_creator_is_not_found(settings):
    registry = ModelRegistry(settings.models_dir)
    registry.get("bob")
    shutil.rmtree(settings.models_dir / "bob")
    with pytest.raises(ModelNotFound):
        registry.get("bob")
