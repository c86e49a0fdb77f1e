"""What the encoders share: where derived copies of installed models are kept, and batches behind a progress bar.

Apart from the package's ``__init__`` (which chooses and loads an encoder), so that an encoder
module never imports the package that imports it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

from models.core.paths import DEFAULT_MODELS_DIR, MODELS_DIR_ENV

CACHE_ENV = "SAVEWORTHY_ENCODER_CACHE"
T = TypeVar("T")


def cache_root() -> Path:
    """Where derived copies of installed models live (MiniLM's ONNX graphs, the language
    identifier unpacked): ``$SAVEWORTHY_ENCODER_CACHE``, else ``encoders/`` beside the models
    directory (``$SAVEWORTHY_MODELS_DIR``, else ``./var/models``). Each is rebuilt from its
    package when missing; nothing is downloaded."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return Path(os.environ.get(MODELS_DIR_ENV) or DEFAULT_MODELS_DIR).parent / "encoders"


def batch_starts(n_texts: int, batch: int, *, show_progress: bool = False) -> Iterable[int]:
    """Where each batch of ``batch`` texts starts; with a progress bar for long inputs when asked."""
    return with_progress(range(0, n_texts, batch), show_progress=show_progress)


def with_progress(batches: Sequence[T], *, show_progress: bool = False) -> Iterable[T]:
    """The batches, behind a progress bar when asked and there is more than one."""
    if show_progress and len(batches) > 1:
        from rich.progress import track

        return track(batches, description="embedding captions", transient=True)
    return batches
