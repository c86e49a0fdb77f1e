"""ModelRegistry: every creator's current model in memory, swapped when a new version lands."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from models.fit.creator_model import CreatorModel
from models.fit.store import (
    EXCLUDED_HASHTAGS,
    ModelMeta,
    ModelNotFound,
    list_creators,
    load_model,
    read_excluded_hashtags,
    read_meta,
    validate_creator_id,
)

# What identifies one write of current.json: the store replaces it atomically (a new inode),
# so a changed file always changes this, and an unchanged one costs a stat, not a read.
# The creator's excluded hashtags (``models.fit.store.EXCLUDED_HASHTAGS``) are read again whenever
# that file changes, without reloading the model. None: no such file.
Signature = tuple[int, int, int]


class ModelRegistry:
    def __init__(self, models_dir: Path):
        self.models_dir = Path(models_dir)
        self._models: dict[str, tuple[CreatorModel, ModelMeta, Signature, Signature | None]] = {}
        self._lock = threading.Lock()

    def load_all(self) -> int:
        """Load every creator's current model; returns how many loaded."""
        for meta in list_creators(self.models_dir):
            try:
                self.get(meta.creator_id)
            except Exception:
                continue
        return len(self._models)

    def get(self, creator_id: str) -> tuple[CreatorModel, ModelMeta]:
        """The creator's current model, reloaded only when ``current.json`` has been replaced.

        Raises ModelNotFound / ModelFileError from the store.
        """
        signature = self._signature(creator_id)
        excluded = self._signature(creator_id, EXCLUDED_HASHTAGS, missing_ok=True)
        with self._lock:
            cached = self._models.get(creator_id)
        if cached and cached[2] == signature and cached[3] == excluded:
            return cached[0], cached[1]
        meta = read_meta(self.models_dir, creator_id)
        if cached and cached[1].version == meta.version:
            model = cached[0]  # rewritten with the same version: keep the loaded model
            model.excluded_hashtags_ = read_excluded_hashtags(self.models_dir, creator_id)
        else:
            model, meta = load_model(self.models_dir, creator_id)
        with self._lock:
            self._models[creator_id] = (model, meta, signature, excluded)
        return model, meta

    def forget(self, creator_id: str) -> None:
        """Drop the creator's loaded model: the next ``get`` reads the store again."""
        with self._lock:
            self._models.pop(creator_id, None)

    def encoders(self) -> list[str]:
        """The caption encoders the loaded models were trained with."""
        with self._lock:
            return sorted({model.encoder_name for model, *_ in self._models.values()})

    def versions(self) -> dict[str, str]:
        with self._lock:
            return {creator: meta.version for creator, (_, meta, *_) in self._models.items()}

    def known(self) -> list[ModelMeta]:
        return list_creators(self.models_dir)

    def _signature(self, creator_id: str, name: str = "current.json", *, missing_ok: bool = False) -> Signature | None:
        try:
            stat = os.stat(self.models_dir / validate_creator_id(creator_id) / name)
        except FileNotFoundError:
            if missing_ok:
                return None
            raise ModelNotFound(creator_id) from None
        return stat.st_ino, stat.st_mtime_ns, stat.st_size
