"""A training worker's memory stays flat as creators go by: no creator's caption vectors outlive its step."""

from __future__ import annotations

import importlib

from models.text.embeddings import embedding_cache
from training.executors import CreatorTask, StepSettings
from training.sample_data import generate_history
from training.steps import _CAPTION_CACHES, fit_batch, stats_batch


def _cached_captions() -> dict[str, int]:
    caches = {name: getattr(importlib.import_module(module), name) for module, name in _CAPTION_CACHES}
    return {name: cached.cache_info().currsize for name, cached in caches.items()}


def test_no_caption_vector_is_kept_after_a_creators_steps(tmp_path):
    tasks = [
        CreatorTask(creator_id=f"m{i}", records=generate_history(40, seed=70 + i, creator_id=f"m{i}")) for i in range(2)
    ]
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    settings = StepSettings(models_dir=str(tmp_path / "models"), scratch=str(scratch), encoder="e5-small")
    embedding_cache().clear()
    from models.text.signals import detect_signals

    detect_signals(tasks[0].records[0].caption)
    assert detect_signals.cache_info().currsize > 0  # what a step leaves behind without the clearing
    stats = stats_batch(tasks, settings)
    assert [o.value for o in stats.outcomes] == [40, 40]
    assert len(embedding_cache()) == 0
    assert set(_cached_captions().values()) == {0}
    fits = fit_batch(tasks, settings)
    assert all(o.value is not None for o in fits.outcomes), [o.failed for o in fits.outcomes]
    assert len(embedding_cache()) == 0
    assert set(_cached_captions().values()) == {0}
