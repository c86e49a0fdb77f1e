"""ModelRegistry: every creator's current model in memory, reloaded when a new version lands."""

from __future__ import annotations

import threading
from pathlib import Path

from models.creator_model import CreatorModel
from models.store import list_creators, load_model, read_meta


class ModelRegistry:
    def __init__(self, models_dir: Path):
        self.models_dir = Path(models_dir)
        self._models: dict[str, tuple[CreatorModel, dict]] = {}
        self._lock = threading.Lock()

    def load_all(self) -> int:
        """Load every creator's current model; returns how many loaded."""
        for meta in list_creators(self.models_dir):
            try:
                self.get(meta["creator_id"])
            except Exception:
                continue
        return len(self._models)

    def get(self, creator_id: str) -> tuple[CreatorModel, dict]:
        """The creator's current model; re-read when ``current.json`` names a newer version.

        Raises ModelNotFound / ModelFileError from the store.
        """
        meta = read_meta(self.models_dir, creator_id)
        with self._lock:
            cached = self._models.get(creator_id)
            if cached and cached[1]["version"] == meta["version"]:
                return cached
        model, meta = load_model(self.models_dir, creator_id)
        with self._lock:
            self._models[creator_id] = (model, meta)
        return model, meta

    def encoders(self) -> list[str]:
        """The caption encoders the loaded models were trained with."""
        with self._lock:
            return sorted({model.encoder_name for model, _ in self._models.values()})

    def versions(self) -> dict[str, str]:
        with self._lock:
            return {creator: meta["version"] for creator, (_, meta) in self._models.items()}

    def known(self) -> list[dict]:
        return list_creators(self.models_dir)
