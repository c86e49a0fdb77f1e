"""The scoring commands: ``score`` a draft or a drafts file, ``check`` one before posting."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.markup import escape

from api import render
from api.cli.shared import (
    NO_CREATOR_ADVICE,
    Format,
    ModelsDir,
    OutputFormat,
    Ray,
    Workers,
    app,
    err,
    fail,
    load_model_or_fail,
    out,
    ray_address,
    read_drafts_file,
    remember,
)
from api.interrupt import exit_code, sigterm_interrupts, stopped_by
from models.core.paths import models_dir_from_env
from models.core.results import Score
from models.core.words import plural


class RowError(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """Why one row of a drafts file has no score: where it is, and the reason."""

    row: int
    column: str | None
    value: str | None
    reason: str


class FailedRow(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """A drafts file's row that was not scored, in the JSON list where its score would be."""

    id: str | None
    creator_id: str | None
    error: RowError


@app.command()
def score(
    caption: Annotated[str | None, typer.Argument(help="The draft caption (may be empty), or use --drafts.")] = None,
    creator: Annotated[
        str | None, typer.Option("--creator", help="Creator id; with --drafts, for rows without a creator_id.")
    ] = None,
    drafts_file: Annotated[
        Path | None,
        typer.Option("--drafts", help="CSV or JSON Lines of drafts: caption, optional fields, id, creator_id."),
    ] = None,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
    workers: Workers = None,
    ray: Ray = None,
) -> None:
    """Score a draft (or a file of drafts, for one or many creators): saves per 1k views and ranked tips.

    In a drafts file, a bad row is reported with its row number and the others are scored;
    with --format json every row gets an entry, its score or an "error" with the row's
    number and reason. Exit 0 when every draft was scored, 1 when some rows were not, 2 when
    none was. A file's creators are scored in parallel, one encoder pass per creator.
    """
    if (caption is None) == (drafts_file is None):
        raise fail("give either a CAPTION or --drafts FILE")
    if drafts_file is None:
        labelled = _score_caption(caption, creator, models_dir)
        if fmt_out is OutputFormat.json:
            sys.stdout.write(msgspec.json.encode([s for _, s in labelled]).decode() + "\n")
        else:
            render.print_scores(out, labelled)
        return
    try:
        with sigterm_interrupts():
            scored, failed, summary = _score_file(
                drafts_file, creator, models_dir or models_dir_from_env(), workers, ray is not None, ray_address(ray)
            )
    except KeyboardInterrupt as exc:  # the workers are stopped on the way out (training.executors)
        err.print(f"[yellow]interrupted[/] ({stopped_by(exc).name}): no draft scored; every worker stopped")
        raise typer.Exit(exit_code(exc)) from None
    if fmt_out is OutputFormat.json:
        # One entry per input row, in the file's order: a planner's script can match them up.
        entries = sorted([*((row.row, s) for row, s, _ in scored), *((f.error.row, f) for f in failed)], key=_first)
        sys.stdout.write(msgspec.json.encode([entry for _, entry in entries]).decode() + "\n")
    else:
        render.print_scores(out, [(label, s) for _, s, label in scored])
    if not scored:
        raise fail(f"no draft scored in {drafts_file} ({plural(len(failed), 'row')} rejected)")
    err.print(summary)
    if failed:
        raise typer.Exit(1)


def _first(pair: tuple) -> int:
    return pair[0]


def _score_caption(caption: str, creator: str | None, models_dir: Path | None):
    from models.core.records import Draft
    from models.read.scoring import score_drafts

    if not creator:
        raise fail("give --creator ID with a CAPTION")
    model, meta = load_model_or_fail(creator, models_dir)
    drafts = [Draft(caption=caption)]
    scores = score_drafts(model, meta.version, drafts)
    remember(models_dir, creator, meta.version, drafts, scores)
    return [(None, s) for s in scores]


def _score_file(drafts_file: Path, creator: str | None, models_dir: Path, workers, use_ray, ray_address):
    """(row, score, label) per scored draft and a ``FailedRow`` per refused row, both in input order,
    and a one-line summary; the refused rows are also listed on stderr."""
    from api.batch_scoring import score_by_creator
    from training.executors import RayUnavailable

    read = read_drafts_file(drafts_file)
    try:
        pairs, refused = score_by_creator(
            read.rows,
            creator,
            models_dir,
            no_creator=f"no creator_id; {NO_CREATOR_ADVICE}",
            workers=workers,
            use_ray=use_ray,
            ray_address=ray_address,
        )
    except RayUnavailable as exc:
        raise fail(escape(str(exc))) from None
    rejected = sorted([*read.rejected, *refused], key=lambda r: r.row)
    render.print_rejected(err, rejected)
    failed = _failed_rows(rejected, {row.row: row for row in read.rows}, creator, read.labels)
    creators = len({s.creator_id for _, s in pairs})
    scored = [(row, s, render.draft_label(row, s, many_creators=creators > 1)) for row, s in pairs]
    summary = f"scored {plural(len(pairs), 'draft')}"
    summary += f" for {plural(creators, 'creator')}" if creators > 1 else ""
    summary += f"; {plural(len(failed), 'row')} rejected (listed above)" if failed else ""
    return scored, failed, summary


def _failed_rows(rejected, rows: dict, default_creator: str | None, labels: dict | None = None) -> list[FailedRow]:
    """One ``FailedRow`` per refused row (a row refused for two reasons is one entry with both), with
    its ``id`` and ``creator_id`` whenever they could be read, even when the reader refused the row."""
    by_row: dict[int, list] = {}
    for r in rejected:
        by_row.setdefault(r.row, []).append(r)
    failed = []
    for number, reasons in sorted(by_row.items()):
        row = rows.get(number)  # None: the reader refused it; its label holds what could be read
        label = (labels or {}).get(number)
        draft_id = row.draft.id if row else label.id if label else None
        owner = row.creator_id if row else label.creator_id if label else None
        first = reasons[0]
        failed.append(
            FailedRow(
                id=draft_id,
                creator_id=(owner or default_creator) if (row or label) else None,
                error=RowError(
                    row=number,
                    column=first.column,
                    value=first.value,
                    reason="; ".join(dict.fromkeys(r.reason for r in reasons)),
                ),
            )
        )
    return failed


class CheckFormat(StrEnum):
    text = "text"
    json = "json"


class CheckVerdict(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """``check --format json``: the verdict a script reads, and the score behind it."""

    ok: bool  # at or above the creator's median post (exit 0); False: below it (exit 1)
    creator_id: str
    predicted_saves_per_1k: float
    median_saves_per_1k: float
    score: Score  # the full score, as `score --format json` gives it


@app.command()
def check(
    caption: Annotated[str, typer.Argument(help="The draft caption (may be empty).")],
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
    server: Annotated[
        str | None,
        typer.Option(
            "--server",
            envvar="SAVEWORTHY_SERVER",
            help="Ask a running `saveworthy serve` at this URL (key in env SAVEWORTHY_API_KEY) instead of "
            "loading the model here.",
        ),
    ] = None,
    fmt_out: Annotated[
        CheckFormat, typer.Option("--format", help="text for people, json for scripts.")
    ] = CheckFormat.text,
) -> None:
    """Pre-post check: exit 0 at or above your median post's save rate, 1 below it, 2 on error.

    The verdict goes to stdout (`check ... > verdict.txt` keeps it); the model's warnings and
    errors go to stderr.
    """
    if server:
        from api.client import ServerError, check_on_server

        try:
            result, median = check_on_server(server, creator, caption, api_key=os.environ.get("SAVEWORTHY_API_KEY"))
        except ServerError as exc:
            raise fail(escape(str(exc))) from None
    else:
        from models.core.records import Draft
        from models.read.scoring import score_drafts

        model, meta = load_model_or_fail(creator, models_dir)
        result = score_drafts(model, meta.version, [Draft(caption=caption)])[0]
        remember(models_dir, creator, meta.version, [Draft(caption=caption)], [result])
        median = model.median_per_1k_
    ok = result.predicted_saves_per_1k >= median
    code = 0 if ok else 1  # the one verdict: the exit code, the word printed and the JSON's ok all follow it
    if fmt_out is CheckFormat.json:
        verdict = CheckVerdict(
            ok=ok,
            creator_id=result.creator_id,
            predicted_saves_per_1k=result.predicted_saves_per_1k,
            median_saves_per_1k=round(float(median), 3),
            score=result,
        )
        sys.stdout.write(msgspec.json.encode(verdict).decode() + "\n")
    else:
        render.print_check(out, result, median, code=code)
    for warning in result.warnings:
        err.print(f"[yellow]! {escape(warning)}[/]")
    raise typer.Exit(code)
