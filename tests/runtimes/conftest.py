"""The ONNX export of all-MiniLM-L6-v2, made once per session into a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def onnx_cache(tmp_path_factory) -> Path:
    """``$SAVEWORTHY_ENCODER_CACHE`` for this session, holding the exported graphs (about 30 s)."""
    from models.text.encoders.minilm_onnx import CACHE_ENV, ensure_exported

    root = tmp_path_factory.mktemp("encoders")
    previous = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(root)
    ensure_exported()
    yield root
    if previous is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = previous
