"""``insights``: what drives a creator's saves, as their model learned it."""

from __future__ import annotations

import sys
from typing import Annotated

import msgspec
import typer

from api import render
from api.cli.shared import Format, ModelsDir, OutputFormat, app, load_model_or_fail, out


@app.command()
def insights(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """What drives this creator's saves: drivers, posting windows, hashtags, themes, quality."""
    from models.read.insights import build_insights

    model, meta = load_model_or_fail(creator, models_dir)
    report = build_insights(model, meta)
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(report).decode() + "\n")
        return
    render.print_insights(out, report)
