"""Where the models directory is when nobody says: ``$SAVEWORTHY_MODELS_DIR``, else ``./var/models``.

The one spelling of that default, read by the CLI, the server's settings and the
encoders (whose derived copies live beside the models directory).
"""

from __future__ import annotations

import os
from pathlib import Path

MODELS_DIR_ENV = "SAVEWORTHY_MODELS_DIR"
DEFAULT_MODELS_DIR = "./var/models"


def models_dir_from_env() -> Path:
    """``$SAVEWORTHY_MODELS_DIR`` if set, else ``./var/models``."""
    return Path(os.environ.get(MODELS_DIR_ENV, DEFAULT_MODELS_DIR))
