"""The ``saveworthy`` command line (SPEC §5): the commands, and only them, one module per group.

Each command parses its arguments, calls plain functions (``training`` to import, train,
evaluate and score drafts files; ``models`` to load and score; ``api.client`` for
``check --server``) and shows the result with ``api.render``. The commands register on the
one Typer ``app`` (``api.cli.shared``) as their modules are imported below; the import order
is the order ``--help`` lists them in.
"""

from __future__ import annotations

import os
import sys

# Importing a group registers its commands: this order is the order `saveworthy --help` lists them in
# (the keys and hashtags sub-apps come after the commands whatever the order).
# isort: off
from api.cli import history, scoring, insights, track_record, planning, serving  # noqa: F401
from api.cli import keys, hashtags  # noqa: F401

# isort: on
from api.cli.shared import app, optional_ray_address

__all__ = ["app", "main", "optional_ray_address"]


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # the encoder's "Loading weights" bar is noise here
    try:
        app(args=optional_ray_address(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)
