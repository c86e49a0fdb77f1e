"""Caption meaning through the process-wide embedding cache, for any encoder.

The encoder never enters a model file: a model stores the encoder's *name*
(``CreatorModel.encoder_``) and its embeddings are fetched here when it trains or scores,
so a stored model holds only arrays and JSON (``models.fit.store``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from models.text.encoders import default_encoder_name, get_encoder

EMBEDDING_DIM = 384  # every encoder saveworthy offers gives 384-dimensional vectors


class EmbeddingCache:
    """A bounded LRU of (encoder, caption) → unit vector, shared by training and serving (thread-safe)."""

    def __init__(self, max_items: int = 50_000) -> None:
        self.max_items = max_items
        self._items: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def encode(self, texts: Sequence[str], *, encoder: str | None = None, show_progress: bool = False) -> np.ndarray:
        """Embed texts in one encoder pass over the ones not cached; rows follow input order."""
        name = encoder or default_encoder_name()
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vec = self._items.get((name, text))
                if vec is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._items.move_to_end((name, text))
                    out[i] = vec
            self.hits += len(texts) - sum(len(v) for v in missing.values())
            self.misses += len(missing)
        if missing:
            unique = list(missing)
            vectors = get_encoder(name).encode(unique, show_progress=show_progress)
            with self._lock:
                for text, vec in zip(unique, vectors, strict=True):
                    out[missing[text]] = vec
                    self._items[(name, text)] = vec
                while len(self._items) > self.max_items:
                    self._items.popitem(last=False)
        return out

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        """Forget every vector (a training worker, between creators: memory stays flat however many)."""
        with self._lock:
            self._items.clear()

    def preload(self, texts: Sequence[str], vectors: np.ndarray, *, encoder: str) -> None:
        """Vectors ``encoder`` already gave for ``texts`` (in another process): later calls find them here."""
        with self._lock:
            for text, vec in zip(texts, vectors, strict=True):
                self._items[(encoder, text)] = np.asarray(vec, dtype=np.float32)
                self._items.move_to_end((encoder, text))
            while len(self._items) > self.max_items:
                self._items.popitem(last=False)


_CACHE = EmbeddingCache()


def embed_texts(texts: Sequence[str], *, encoder: str | None = None, show_progress: bool = False) -> np.ndarray:
    """Unit-norm embeddings of ``texts`` by ``encoder`` (the default when None), through the cache."""
    return _CACHE.encode(texts, encoder=encoder, show_progress=show_progress)


def embedding_cache() -> EmbeddingCache:
    return _CACHE
