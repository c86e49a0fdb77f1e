"""The history commands: ``import`` a creator's export, ``train`` their models, ``evaluate`` them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.markup import escape

from api import render
from api.cli.shared import (
    NO_CREATOR_ADVICE,
    SAMPLE_HISTORY,
    Creator,
    DayFirst,
    EncoderOption,
    Format,
    ModelsDir,
    OutputFormat,
    Ray,
    TimeZone,
    Workers,
    app,
    default_encoder,
    err,
    fail,
    posts_without_creator,
    ray_address,
    read_sources,
)
from api.interrupt import exit_code, sigterm_interrupts, stopped_by
from models.core.paths import models_dir_from_env
from models.core.words import plural


@app.command("import")
def import_(
    sources: Annotated[
        list[Path],
        typer.Argument(help="History files: CSV, JSON Lines, TikTok web JSON, Research API JSON, scraper CSV."),
    ],
    out_file: Annotated[Path, typer.Option("--out", help="Canonical CSV to write.")],
    fmt: Annotated[str, typer.Option("--format", help="auto|csv|jsonl|tiktok-web|research-api|scraper-csv")] = "auto",
    creator: Creator = None,
    strict: Annotated[bool, typer.Option("--strict", help="Stop at the first bad row.")] = False,
    rejects: Annotated[
        Path | None, typer.Option("--rejects", help="Also write every rejected row to this CSV.")
    ] = None,
    timezone: TimeZone = None,
    dayfirst: DayFirst = None,
) -> None:
    """Turn any supported export into canonical CSV and report every rejected row."""
    from training.importers import write_canonical_csv
    from training.importers.canonical import write_rejects_csv

    history = read_sources(sources, fmt, creator, strict, timezone=timezone, dayfirst=dayfirst)
    write_canonical_csv(history.records, out_file)
    if rejects:
        write_rejects_csv(history.rejected, history.repaired, rejects)
    err.print(
        f"wrote {plural(len(history.records), 'post')} to {out_file} "
        f"({len(history.rejected):,} rejected, format {history.source_format})"
    )
    unnamed = posts_without_creator(history, creator)
    if unnamed:
        err.print(
            f"[yellow]warning:[/] {plural(unnamed, 'post')} without a creator_id; `train` will need "
            f"--creator ID, or import again with --creator ID to write it into {out_file}"
        )


def _report_skipped(skipped: list[str], *, done: int) -> None:
    """Creators with too few posts are named on stderr; it is an error only if none was left."""
    for reason in skipped:
        err.print(f"[yellow]skipped:[/] {reason}")
    if not done:
        raise fail("no creator in the history has enough posts")


@app.command()
def train(
    history_file: Annotated[Path, typer.Argument(metavar="HISTORY", help="History file (any supported format).")],
    creator: Creator = None,
    models_dir: ModelsDir = None,
    fmt: Annotated[str, typer.Option("--format", help="Input format, as for import.")] = "auto",
    encoder: EncoderOption = None,
    workers: Workers = None,
    ray: Ray = None,
    force: Annotated[bool, typer.Option("--force", help="Retrain creators whose history did not change.")] = False,
    timezone: TimeZone = None,
    dayfirst: DayFirst = None,
) -> None:
    """Train one model per creator in HISTORY, creators in parallel, and summarise what happened.

    A creator whose history (and encoder) did not change since its stored model is left as it
    is ("unchanged"). Exit 0 when every creator was trained or unchanged (creators with too few
    posts are skipped with the reason), 1 when any creator failed (the others are still
    trained), 2 when nothing could be trained.
    """
    history = read_sources([history_file], fmt, creator, strict=False, timezone=timezone, dayfirst=dayfirst)
    unnamed = posts_without_creator(history, creator)
    if unnamed:  # before loading the encoder (seconds): this needs no model to know
        raise fail(f"{plural(unnamed, 'post')} in the history without a creator_id; {NO_CREATOR_ADVICE}")

    from models.fit.creator_model import MIN_POSTS
    from models.text.encoders import UnknownEncoder, check_encoder_name
    from training.executors import RayUnavailable
    from training.train import MissingCreator, group_by_creator, train_history

    models_dir = models_dir or models_dir_from_env()
    try:
        encoder = check_encoder_name(encoder or default_encoder())
        groups = group_by_creator(history.records, creator)
    except (MissingCreator, UnknownEncoder, ValueError) as exc:
        raise fail(str(exc)) from None
    n_creators = sum(len(records) >= MIN_POSTS for records in groups.values())
    try:
        with sigterm_interrupts(), render.creator_progress(err, n_creators) as on_step:
            summary = train_history(
                history,
                models_dir,
                creator_id=creator,
                encoder=encoder,
                workers=workers,
                use_ray=ray is not None,
                ray_address=ray_address(ray),
                skip_unchanged=not force,
                on_step=on_step,
            )
    except RayUnavailable as exc:
        raise fail(escape(str(exc))) from None
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: the workers are stopped and the scratch folder gone
        err.print(
            f"[yellow]interrupted[/] ({stopped_by(exc).name}): every worker stopped and the run's "
            "scratch folder removed. Each stored model is whole: a creator finished before the stop has its new "
            "version, the others keep their previous one. Run the same command again to finish (unchanged "
            "creators are skipped)."
        )
        raise typer.Exit(exit_code(exc)) from None
    render.print_training(err, summary, models_dir)
    _note_unmarked_sample(models_dir)
    _exit_for(summary)


def _note_unmarked_sample(models_dir: Path) -> None:
    """Say so when the models directory holds the sample's creator from before samples were marked
    synthetic: until it is retrained it counts as a real creator in every real creator's population."""
    from models.fit.store import STATS_FILE, read_creator_stats
    from training.sample_data import DEMO_CREATOR

    stats_file = Path(models_dir) / DEMO_CREATOR / STATS_FILE
    stats = read_creator_stats(stats_file) if stats_file.is_file() else None
    if stats is not None and stats.n and not stats.synthetic:
        err.print(
            f"[yellow]note:[/] {models_dir} holds {DEMO_CREATOR}, the bundled sample's synthetic creator, trained "
            "before synthetic histories were marked: it still counts as a real creator in the population. Retrain it "
            f"there (saveworthy train {SAMPLE_HISTORY} --models-dir {models_dir}) to mark it, or remove "
            f"{models_dir / DEMO_CREATOR}."
        )


def _exit_for(summary) -> None:
    """Exit 1 when any creator failed, 2 when nothing was trained or left unchanged."""
    if summary.failed:
        raise typer.Exit(1)
    if not summary.trained and not summary.unchanged:
        raise fail("no creator in the history has enough posts")


@app.command()
def evaluate(
    history_file: Annotated[Path, typer.Argument(metavar="HISTORY")],
    creator: Creator = None,
    fmt_out: Format = OutputFormat.table,
    fmt: Annotated[str, typer.Option("--input-format", help="Input format, as for import.")] = "auto",
    timezone: TimeZone = None,
    dayfirst: DayFirst = None,
) -> None:
    """Time-split report (train on the earlier 80%, test on the latest 20%) against baselines; stores nothing."""
    history = read_sources([history_file], fmt, creator, strict=False, timezone=timezone, dayfirst=dayfirst)
    unnamed = posts_without_creator(history, creator)
    if unnamed:
        raise fail(f"{plural(unnamed, 'post')} in the history without a creator_id; {NO_CREATOR_ADVICE}")

    from training.evaluate import evaluate_groups
    from training.train import MissingCreator, group_by_creator

    try:
        groups = group_by_creator(history.records, creator)
    except (MissingCreator, ValueError) as exc:
        raise fail(str(exc)) from None
    reports, skipped = evaluate_groups(groups)
    _report_skipped(skipped, done=len(reports))
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(reports).decode() + "\n")
        return
    for report in reports:
        render.print_quality(err, report)  # reports go to stderr: stdout is for --format json
