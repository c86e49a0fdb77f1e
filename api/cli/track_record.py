"""``track-record``: the drafts scored before posting, matched to what the posts saved."""

from __future__ import annotations

import sys
from typing import Annotated

import msgspec
import typer

from api import render
from api.cli.shared import Format, ModelsDir, OutputFormat, app, load_model_or_fail, out
from models.core.paths import models_dir_from_env


@app.command("track-record")
def track_record_command(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """Drafts scored before they were posted, matched to what the posts really saved: each pair, and the
    share ordered right and inside the 80% range."""
    from models.read.track_record import track_record

    model, _ = load_model_or_fail(creator, models_dir)  # a creator without a model has no record either
    record = track_record(models_dir or models_dir_from_env(), model.creator_id)
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(record).decode() + "\n")
        return
    render.print_track_record(out, record)


# -- compare and plan: the two decisions a planner makes (models.read.compare, models.read.plan) ----------------
