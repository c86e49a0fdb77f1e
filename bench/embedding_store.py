"""Caption embeddings kept on disk between bench runs, so a rerun on a shared machine encodes nothing twice.

The product's embedding cache (``models.text.embeddings``) lives in memory only. Before the bench
trains, every caption it will train or score on is encoded once through that cache (the texts
the encoder reads: ``models.fit.features.meaning_texts``) with the vectors from earlier runs
preloaded; new vectors are added to the file. The file is a plain ``.npz`` (texts and float32
vectors) under ``var/`` (never committed); delete it to start over. Same vectors, same figures.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from models.text.embeddings import embed_texts, embedding_cache
from models.text.signals import strip_for_meaning

DEFAULT_DIR = Path("var/bench-cache")


def store_path(folder: Path, encoder: str) -> Path:
    return folder / f"embeddings-{encoder}.npz"


def load(path: Path) -> dict[str, np.ndarray]:
    if not path.is_file():
        return {}
    with np.load(path, allow_pickle=False) as data:
        return dict(zip(data["texts"].tolist(), data["vectors"], strict=True))


def save(path: Path, vectors: dict[str, np.ndarray]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = list(vectors)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, texts=np.array(texts, dtype=str), vectors=np.stack([vectors[t] for t in texts]).astype(np.float32))
    os.replace(tmp, path)


def warm(captions: Iterable[str], encoder: str, folder: Path = DEFAULT_DIR) -> tuple[int, int]:
    """Preload stored vectors and encode the rest of ``captions``' meaning texts; (stored, new) counts."""
    path = store_path(folder, encoder)
    stored = load(path)
    texts = sorted({strip_for_meaning(c) for c in captions})
    known = [t for t in texts if t in stored]
    if known:
        embedding_cache().preload(known, np.stack([stored[t] for t in known]), encoder=encoder)
    missing = [t for t in texts if t not in stored]
    if missing:
        vectors = embed_texts(missing, encoder=encoder, show_progress=True)
        stored.update(zip(missing, vectors, strict=True))
        save(path, stored)
    return len(known), len(missing)
