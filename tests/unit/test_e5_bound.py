"""The e5 encoder reads a bounded number of tokens: a caption's cost cannot grow with its length."""

from __future__ import annotations

import numpy as np

from models.text.encoders import get_encoder
from models.text.encoders.e5 import MAX_TOKENS


def test_a_long_caption_is_read_as_its_first_tokens_only():
    encoder = get_encoder("e5-small")
    engine = encoder._model
    long = ("Sunday meal prep: five lunches in an hour, " * 100)[:4_000]
    kept = encoder.bounded(long)
    assert engine.token_count(kept, True) <= MAX_TOKENS < engine.token_count(kept + long[len(kept) :][:5], True)
    assert long.startswith(kept)
    (vector,) = encoder.encode([long])
    assert np.allclose(vector, engine.query([kept]).reshape(-1), atol=1e-6)
    assert not np.allclose(vector, engine.query([long]).reshape(-1), atol=1e-3)  # the whole text reads otherwise


def test_a_short_caption_is_read_whole():
    encoder = get_encoder("e5-small")
    for text in ("", "quick soup #lunch", "ünïcode ✨ " * 40):
        assert encoder.bounded(text) == text
