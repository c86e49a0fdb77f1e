"""The two decisions a planner makes: ``compare`` variants of a draft (models.read.compare) and
``plan`` a week of drafts into the creator's slots (models.read.plan)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.markup import escape

from api import render
from api.cli.shared import (
    Format,
    ModelsDir,
    OutputFormat,
    app,
    err,
    fail,
    load_model_or_fail,
    out,
    read_drafts_file,
    remember,
    remember_priced,
)
from models.core.words import plural


def _drafts_for(creator: str, drafts_file: Path) -> tuple[list, list[str]]:
    """One creator's drafts from a drafts file, and their labels (id, else "row N"); rows that name
    another creator, and bad rows, are reported on stderr."""
    from models.core.records import RejectedRow

    read = read_drafts_file(drafts_file)
    mine, refused = [], list(read.rejected)
    for row in read.rows:
        if row.creator_id and row.creator_id != creator:
            refused.append(RejectedRow(row=row.row, column="creator_id", value=row.creator_id, reason=f"not {creator}"))
        else:
            mine.append(row)
    render.print_rejected(err, sorted(refused, key=lambda r: r.row))
    if not mine:
        raise fail(f"no draft of {creator} in {drafts_file}")
    return [row.draft for row in mine], [row.draft.id or f"row {row.row}" for row in mine]


@app.command()
def compare(
    captions: Annotated[
        list[str] | None, typer.Argument(help="2 to 6 captions of the same draft (or use --drafts).")
    ] = None,
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    drafts_file: Annotated[
        Path | None, typer.Option("--drafts", help="CSV or JSON Lines of 2-6 variants (caption, optional fields, id).")
    ] = None,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """Rank 2-6 variants of a draft: score, 80% range, percentile, how sure each step is, and why."""
    from models.core.records import Draft
    from models.read.compare import MAX_VARIANTS, MIN_VARIANTS, TooFewVariants, compare_drafts, variant_labels

    if bool(captions) == (drafts_file is not None):
        raise fail("give 2 to 6 CAPTIONs or --drafts FILE")
    if drafts_file is not None:
        drafts, _ = _drafts_for(creator, drafts_file)  # labelled as the API labels them: id, else A, B, C...
    else:
        drafts = [Draft(caption=c) for c in captions]
    if not MIN_VARIANTS <= len(drafts) <= MAX_VARIANTS:
        raise fail(f"compare takes {MIN_VARIANTS} to {MAX_VARIANTS} variants, not {len(drafts)}")
    model, meta = load_model_or_fail(creator, models_dir)
    try:
        result = compare_drafts(model, meta.version, drafts)
    except TooFewVariants as exc:
        raise fail(str(exc)) from None
    by_label = {v.label: v for v in result.variants}  # best first; back to the drafts' order
    remember(models_dir, creator, meta.version, drafts, [by_label[x] for x in variant_labels(drafts)])
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(result).decode() + "\n")
        return
    from api.render_planning import print_comparison

    print_comparison(out, result)


@app.command()
def plan(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    drafts_file: Annotated[
        Path, typer.Option("--drafts", help="CSV or JSON Lines of drafts (caption, optional fields, id).")
    ] = ...,
    start: Annotated[
        str, typer.Option("--from", metavar="DATE", help="First day of the plan, YYYY-MM-DD, on the creator's clock.")
    ] = ...,
    days: Annotated[int, typer.Option("--days", min=1, max=31, help="Days to plan.")] = 7,
    per_day: Annotated[
        int | None, typer.Option("--per-day", min=1, max=24, help="At most N a day (default: your usual rhythm).")
    ] = None,
    min_gap: Annotated[
        float, typer.Option("--min-gap", min=0, max=168, metavar="HOURS", help="At least this many hours apart.")
    ] = 0.0,
    avoid: Annotated[
        str | None, typer.Option("--avoid", metavar="DAYS", help="Weekdays to leave free: sun,sat.")
    ] = None,
    ics: Annotated[Path | None, typer.Option("--ics", help="Also write the plan as an iCalendar file.")] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="Also write the plan as CSV.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Plan days before the creator's first post anyway.")] = False,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """Place drafts in the week's slots (your posting windows, your clock) for the most expected saves."""
    from datetime import date

    from models.read.plan import PlanConstraints, PlanError, parse_weekdays, plan_week
    from models.read.plan.export import to_csv, to_ics
    from models.read.track_record import planned

    try:
        first = date.fromisoformat(start)
    except ValueError:
        raise fail(f"--from takes a date as YYYY-MM-DD, not {start!r}") from None
    drafts, labels = _drafts_for(creator, drafts_file)
    model, meta = load_model_or_fail(creator, models_dir)
    from api.plan_start import before_history

    if (early := before_history(model, first)) and not force:
        raise fail(escape(f"{early}, or pass --force"))
    try:
        constraints = PlanConstraints(
            start=first, days=days, per_day=per_day, min_gap_hours=min_gap, avoid=parse_weekdays(avoid or "")
        )
        result = plan_week(model, meta.version, drafts, constraints, labels=labels)
    except PlanError as exc:
        raise fail(str(exc)) from None
    remember_priced(models_dir, creator, meta.version, planned(result))
    for path, export in ((ics, to_ics), (csv_file, lambda p: to_csv(p).encode())):
        if path is not None:
            try:
                path.write_bytes(export(result))
            except OSError as exc:
                raise fail(f"cannot write {path}: {exc.strerror or exc}") from None
            err.print(f"wrote {plural(len(result.placements), 'draft')} to {path}")
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(result).decode() + "\n")
        return
    from api.render_planning import print_plan

    print_plan(out, result)
