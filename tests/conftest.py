"""Shared fixtures: the encoder stays offline, and expensive models are trained once per session."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# Derived model copies (the language identifier unpacked, MiniLM's ONNX graphs) go to a
# temporary folder, inherited by the processes tests start, never into the repository.
os.environ.setdefault("SAVEWORTHY_ENCODER_CACHE", tempfile.mkdtemp(prefix="saveworthy-encoders-"))
