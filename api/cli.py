"""The ``saveworthy`` command line (SPEC §5): the commands, and only them.

Each command parses its arguments, calls plain functions (``training`` to import, train,
evaluate and score drafts files; ``models`` to load and score; ``api.client`` for
``check --server``) and shows the result with ``api.render``.

``--format json`` output goes to stdout and nothing else does; progress, reports and
errors go to stderr, so scripts can pipe the JSON.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.console import Console
from rich.markup import escape

from api import render
from api.interrupt import exit_code, sigterm_interrupts, stopped_by
from models.core.paths import DEFAULT_MODELS_DIR, MODELS_DIR_ENV, models_dir_from_env
from models.core.records import SYNTHETIC_WARNING
from models.core.results import Score
from models.core.words import joined, plural

app = typer.Typer(
    name="saveworthy",
    help="How save-worthy is a TikTok draft, and what would make it more so. Learned from your own history.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)
out = Console()

EXIT_ERROR = 2


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


ModelsDir = Annotated[
    Path | None,
    typer.Option("--models-dir", help=f"Where models live (env {MODELS_DIR_ENV}, else {DEFAULT_MODELS_DIR})."),
]
Creator = Annotated[
    str | None, typer.Option("--creator", help="Creator id (needed when the file has no creator_id column).")
]
Format = Annotated[OutputFormat, typer.Option("--format", help="table for people, json for scripts.")]
# train and score --drafts fan creators out the same way (training.executors).
Workers = Annotated[
    int | None,
    typer.Option("--workers", min=1, help="Creators in parallel on local processes (default: the cores)."),
]
Ray = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="[ADDRESS]",
        help="Run the per-creator steps as Ray tasks on the cluster at ADDRESS; alone (or 'local'): on a local "
        "Ray runtime with --workers CPUs. Needs the Ray extra: pip install 'saveworthy\\[ray]'.",
    ),
]
# A creator's clock and how their dates read (issue 30): import, train and evaluate take both.
TimeZone = Annotated[
    str | None,
    typer.Option(
        "--timezone",
        help="The creator's IANA time zone (e.g. Asia/Ho_Chi_Minh): hours and days are read on it, and the model "
        "keeps it. Without one, times stay as the file gives them (UTC for Unix seconds), and say so.",
    ),
]
DayFirst = Annotated[
    bool | None,
    typer.Option(
        "--dayfirst/--monthfirst",
        help="How to read numeric dates like 05/01/2025 when no date in the file tells (a day above 12 decides).",
        show_default=False,
    ),
]
EncoderOption = Annotated[
    str | None,
    typer.Option(
        "--encoder",
        envvar="SAVEWORTHY_ENCODER",
        help="Caption encoder for new models: e5-small (multilingual, default) or minilm (English, torch).",
    ),
]


def _default_encoder() -> str:
    from models.text.encoders import DEFAULT_ENCODER

    return DEFAULT_ENCODER


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _read(
    sources: list[Path],
    fmt: str,
    creator: str | None,
    strict: bool,
    *,
    timezone: str | None = None,
    dayfirst: bool | None = None,
):
    from training.importers import NoUsableRows, StrictModeError, read_history

    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        raise fail(f"no such file: {', '.join(missing)}")
    order = None if dayfirst is None else ("dayfirst" if dayfirst else "monthfirst")
    try:
        history = read_history(
            sources if len(sources) > 1 else sources[0],
            fmt=fmt,
            creator_id=creator,
            strict=strict,
            date_order=order,
            timezone=timezone,
        )
    except StrictModeError as exc:
        raise fail(f"--strict: {exc}") from None
    except NoUsableRows as exc:
        rejected = getattr(exc, "rejected", ())
        render.print_rejected(err, rejected)
        if rejected:  # the table above has every row; the importer's own message would repeat one
            raise fail(f"no usable post in the history ({plural(len(rejected), 'row')} rejected)") from None
        raise fail(str(exc)) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    render.print_rejected(err, history.rejected)
    render.print_rejected(err, history.repaired, title="kept with a value dropped")
    for reading in history.date_readings:  # which way numeric dates were read, and why
        err.print(f"dates: {escape(reading)}")
    return history


def _posts_without_creator(history, creator: str | None) -> int:
    """Posts that no creator_id column and no --creator would name (training needs one per post)."""
    return 0 if creator else sum(1 for r in history.records if not r.creator_id)


NO_CREATOR_ADVICE = "name the creator with --creator ID"


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

    history = _read(sources, fmt, creator, strict, timezone=timezone, dayfirst=dayfirst)
    write_canonical_csv(history.records, out_file)
    if rejects:
        write_rejects_csv(history.rejected, history.repaired, rejects)
    err.print(
        f"wrote {plural(len(history.records), 'post')} to {out_file} "
        f"({len(history.rejected):,} rejected, format {history.source_format})"
    )
    unnamed = _posts_without_creator(history, creator)
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


RAY_LOCAL = "local"  # `--ray` without an address: a local runtime (Ray's own name for one)


def ray_address(ray: str | None) -> str | None:
    """The cluster ``--ray`` names; None for no Ray or a local runtime."""
    return None if ray in (None, RAY_LOCAL) else ray


def optional_ray_address(argv: list[str]) -> list[str]:
    """``--ray`` takes an optional address: alone (last, before another option, or before the
    history file) it means ``--ray local``. Click has no optional option values, so argv is
    completed before parsing."""
    out = list(argv)
    for i, arg in enumerate(out):
        if arg == "--ray":
            following = out[i + 1] if i + 1 < len(out) else None
            if following is None or following.startswith("-") or Path(following).exists():
                out[i] = f"--ray={RAY_LOCAL}"
    return out


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
    history = _read([history_file], fmt, creator, strict=False, timezone=timezone, dayfirst=dayfirst)
    unnamed = _posts_without_creator(history, creator)
    if unnamed:  # before loading the encoder (seconds): this needs no model to know
        raise fail(f"{plural(unnamed, 'post')} in the history without a creator_id; {NO_CREATOR_ADVICE}")

    from models.fit.creator_model import MIN_POSTS
    from models.text.encoders import UnknownEncoder, check_encoder_name
    from training.executors import RayUnavailable
    from training.train import MissingCreator, group_by_creator, train_history

    models_dir = models_dir or models_dir_from_env()
    try:
        encoder = check_encoder_name(encoder or _default_encoder())
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
    history = _read([history_file], fmt, creator, strict=False, timezone=timezone, dayfirst=dayfirst)
    unnamed = _posts_without_creator(history, creator)
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
        render.print_quality(err, report)  # as before: reports go to stderr


def _load(creator: str, models_dir: Path | None):
    from models.fit.store import ModelFileError, ModelNotFound, load_model

    models_dir = models_dir or models_dir_from_env()
    try:
        return load_model(models_dir, creator)
    except ModelNotFound:
        raise fail(
            f"no trained model for creator {creator!r} in {models_dir}; train one with "
            f"`saveworthy train HISTORY --creator {creator}`"
        ) from None
    except (ModelFileError, ValueError) as exc:
        raise fail(str(exc)) from None


def _read_drafts(path: Path):
    from api.drafts import NoCaptionColumn, read_drafts

    try:
        read = read_drafts(path.read_bytes(), path.name)
    except OSError as exc:
        raise fail(f"cannot read drafts file {path}: {exc.strerror or exc}") from None
    except NoCaptionColumn as exc:
        raise fail(f"{path}: {exc}") from None
    if read.ignored_columns:
        err.print(f"[yellow]ignored[/] (not a draft field): {', '.join(read.ignored_columns)}")
    return read


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
    model, meta = _load(creator, models_dir)
    drafts = [Draft(caption=caption)]
    scores = score_drafts(model, meta.version, drafts)
    _remember(models_dir, creator, meta.version, drafts, scores)
    return [(None, s) for s in scores]


def _remember(models_dir: Path | None, creator: str, version: str, drafts, results) -> None:
    """Add scored drafts to the creator's track record; a failure to remember never fails the command."""
    from models.read.track_record import priced

    _remember_priced(models_dir, creator, version, priced(drafts, results))


def _remember_priced(models_dir: Path | None, creator: str, version: str, entries) -> None:
    from models.read.track_record import remember_scores

    try:
        remember_scores(models_dir or models_dir_from_env(), creator, version, entries)
    except OSError as exc:
        err.print(f"[yellow]! the track record could not be updated: {escape(str(exc))}[/]")


def _score_file(drafts_file: Path, creator: str | None, models_dir: Path, workers, use_ray, ray_address):
    """(row, score, label) per scored draft and a ``FailedRow`` per refused row, both in input order,
    and a one-line summary; the refused rows are also listed on stderr."""
    from api.batch_scoring import score_by_creator
    from training.executors import RayUnavailable

    read = _read_drafts(drafts_file)
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

        model, meta = _load(creator, models_dir)
        result = score_drafts(model, meta.version, [Draft(caption=caption)])[0]
        _remember(models_dir, creator, meta.version, [Draft(caption=caption)], [result])
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


@app.command()
def insights(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """What drives this creator's saves: drivers, posting windows, hashtags, themes, quality."""
    from models.read.insights import build_insights

    model, meta = _load(creator, models_dir)
    report = build_insights(model, meta)
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(report).decode() + "\n")
        return
    render.print_insights(out, report)


@app.command("track-record")
def track_record_command(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """Drafts scored before they were posted, matched to what the posts really saved: each pair, and the
    share ordered right and inside the 80% range."""
    from models.read.track_record import track_record

    model, _ = _load(creator, models_dir)  # a creator without a model has no record either
    record = track_record(models_dir or models_dir_from_env(), model.creator_id)
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(record).decode() + "\n")
        return
    render.print_track_record(out, record)


# -- compare and plan: the two decisions a planner makes (models.read.compare, models.read.plan) ----------------


def _drafts_for(creator: str, drafts_file: Path) -> tuple[list, list[str]]:
    """One creator's drafts from a drafts file, and their labels (id, else "row N"); rows that name
    another creator, and bad rows, are reported on stderr."""
    from models.core.records import RejectedRow

    read = _read_drafts(drafts_file)
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
    model, meta = _load(creator, models_dir)
    try:
        result = compare_drafts(model, meta.version, drafts)
    except TooFewVariants as exc:
        raise fail(str(exc)) from None
    by_label = {v.label: v for v in result.variants}  # best first; back to the drafts' order
    _remember(models_dir, creator, meta.version, drafts, [by_label[x] for x in variant_labels(drafts)])
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
    model, meta = _load(creator, models_dir)
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
    _remember_priced(models_dir, creator, meta.version, planned(result))
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    models_dir: ModelsDir = None,
    no_auth: Annotated[bool, typer.Option("--no-auth", help="Development only: no API keys (loopback only).")] = False,
    access_log: Annotated[
        bool,
        typer.Option("--access-log", help="Log every request (env SAVEWORTHY_ACCESS_LOG=1); never keys or captions."),
    ] = False,
    keys_file: Annotated[
        Path | None,
        typer.Option(
            "--keys-file",
            envvar="SAVEWORTHY_KEYS_FILE",
            help="The JSON keys file `keys create` writes.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API and the page."""
    from api.server import run_server
    from api.settings import Settings

    overrides = {} if keys_file is None else {"keys_file": keys_file}
    settings = Settings.from_env(models_dir=models_dir, no_auth=no_auth, access_log=access_log, **overrides)
    try:
        run_server(settings, host=host, port=port)
    except ValueError as exc:
        raise fail(str(exc)) from None


keys_app = typer.Typer(help="API keys for `serve`: stored hashed, each scoped to creators.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


KeysFile = Annotated[
    Path, typer.Option("--keys-file", envvar="SAVEWORTHY_KEYS_FILE", help="The JSON keys file (hashes only).")
]
DEFAULT_KEYS_FILE = Path("./var/keys.json")


def _read_keys(keys_file: Path):
    from api.auth import read_keys_file

    if not keys_file.exists():
        raise fail(f"no keys file at {keys_file}; create a key with `saveworthy keys create NAME --creator ID`")
    try:
        return read_keys_file(keys_file)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise fail(f"cannot read keys file {keys_file}: {exc}") from None


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who the key is for, e.g. 'planner-tool'.")],
    creators: Annotated[
        list[str] | None, typer.Option("--creator", help="A creator the key may read (repeat).")
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Every creator, and all jobs.")] = False,
    keys_file: KeysFile = DEFAULT_KEYS_FILE,
    models_dir: ModelsDir = None,
) -> None:
    """Create a key: prints it once (only its SHA-256 is stored) and adds it to the keys file.

    A running server accepts it within a second, without a restart. A creator with no model in
    the models directory yet gets a warning (a mistyped id gives a key that reads nothing).
    """
    from api.auth import KeyStore
    from models.fit.store import list_creators

    if not creators and not admin:
        raise fail("give --creator ID (repeatable) or --admin")
    where = models_dir or models_dir_from_env()
    known = {m.creator_id for m in list_creators(where)} if where.is_dir() else set()
    if unknown := [c for c in dict.fromkeys(creators or ()) if c not in known]:
        err.print(
            f"[yellow]! no model for {escape(joined([repr(c) for c in unknown]))} in {escape(str(where))}: "
            "check the id; the key reads nothing for it until one is trained[/]"
        )
    if keys_file.exists():
        _read_keys(keys_file)  # a file that is not a keys file is reported, never overwritten
    try:
        key = KeyStore.add(keys_file, name, creators=creators, admin=admin)
    except ValueError as exc:
        raise fail(escape(str(exc))) from None
    err.print(f"added key {escape(name)!r} to {keys_file}; it is shown once, keep it safe:")
    sys.stdout.write(key + "\n")


class KeyListed(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """A key as `keys list` shows it: never the key, never its hash."""

    name: str
    admin: bool
    creators: list[str]
    created: str | None
    last_used: str | None  # None: not used since the server began noting it


@keys_app.command("list")
def keys_list(keys_file: KeysFile = DEFAULT_KEYS_FILE, fmt_out: Format = OutputFormat.table) -> None:
    """The keys in the keys file: name, what each may read, when created and last used (never the key)."""
    from api.auth import read_last_used

    records = _read_keys(keys_file)
    used = read_last_used(keys_file)
    listed = [
        KeyListed(
            name=r.name, admin=r.admin, creators=list(r.creators), created=r.created, last_used=used.get(r.sha256)
        )
        for r in records
    ]
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(listed).decode() + "\n")
        return
    render.print_keys(out, listed, keys_file)


@keys_app.command("revoke")
def keys_revoke(
    name: Annotated[str, typer.Argument(help="The key's name, as `keys list` shows it.")],
    keys_file: KeysFile = DEFAULT_KEYS_FILE,
) -> None:
    """Remove a key from the keys file: a running server refuses it (401) within a second."""
    from api.auth import KeyNotFound, KeyStore

    _read_keys(keys_file)
    try:
        removed = KeyStore.revoke(keys_file, name)
    except KeyNotFound:
        raise fail(f"no key named {escape(name)!r} in {keys_file}; `saveworthy keys list` shows them") from None
    err.print(f"revoked {plural(removed, 'key')} named {escape(name)!r} in {keys_file}")


hashtags_app = typer.Typer(
    help="Hashtags a creator never wants advised (a sponsor's, a campaign's): kept per creator, across retraining.",
    no_args_is_help=True,
)
app.add_typer(hashtags_app, name="hashtags")
Tags = Annotated[list[str], typer.Argument(help="Hashtags, with or without '#'.")]


def _excluded(creator: str, models_dir: Path | None, change) -> None:
    """Apply ``change`` (old set -> new set) to the creator's excluded hashtags and print the list."""
    from models.fit.store import ModelNotFound, read_excluded_hashtags, read_meta, save_excluded_hashtags

    where = models_dir or models_dir_from_env()
    try:
        read_meta(where, creator)
        kept = save_excluded_hashtags(where, creator, change(read_excluded_hashtags(where, creator)))
    except ModelNotFound:
        raise fail(f"no trained model for creator {creator!r} in {where}") from None
    except ValueError as exc:
        raise fail(escape(str(exc))) from None
    sys.stdout.write(msgspec.json.encode(kept).decode() + "\n")
    err.print(f"{creator}: {plural(len(kept), 'hashtag')} never advised")


@hashtags_app.command("exclude")
def hashtags_exclude(
    tags: Tags,
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
) -> None:
    """Never advise these hashtags to the creator (insights still list them, marked); prints the list."""
    from models.core.hashtags import unique_hashtags

    _excluded(creator, models_dir, lambda old: old | set(unique_hashtags(tags)))


@hashtags_app.command("include")
def hashtags_include(
    tags: Tags,
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
) -> None:
    """Advise these hashtags again where their posts show it; prints the list left."""
    from models.core.hashtags import unique_hashtags

    _excluded(creator, models_dir, lambda old: old - set(unique_hashtags(tags)))


@hashtags_app.command("excluded")
def hashtags_excluded(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ..., models_dir: ModelsDir = None
) -> None:
    """The creator's excluded hashtags, as a JSON list."""
    _excluded(creator, models_dir, lambda old: old)


SAMPLE_HISTORY = Path(__file__).resolve().parent.parent / "training" / "sample" / "sample_history.csv"
# The demo's own models directory: never $SAVEWORTHY_MODELS_DIR or ./var/models, where real creators
# live, so the sample's planted effects can never reach a real creator's population (issue 22). Its
# upload queue is beside it (./var/demo/jobs), not the real server's ./var/jobs.
DEMO_MODELS_DIR = Path("./var/demo/models")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    models_dir: Annotated[
        Path | None,
        typer.Option("--models-dir", help="The demo's models (default ./var/demo/models, apart from real ones)."),
    ] = None,
) -> None:
    """Train on the bundled (synthetic) sample history in its own models directory (./var/demo/models), then
    serve the API and the page, no keys, loopback."""
    from api.server import run_server
    from api.settings import Settings
    from training.importers import read_history
    from training.train import train_history

    models_dir = models_dir or DEMO_MODELS_DIR
    history = read_history(SAMPLE_HISTORY)
    with err.status("training on the bundled sample history (synthetic)..."):
        results = train_history(history, models_dir).trained
    for result in results:
        err.print(
            f"[green]trained[/] {result.creator_id} ({plural(result.n_posts, 'post')}), version {result.version}"
            f" -> {models_dir}"
        )
        render.print_quality(err, result.quality)
    err.print(f"[yellow]synthetic:[/] {SYNTHETIC_WARNING}")
    err.print(f"open http://{host}:{port}/ — API docs at http://{host}:{port}/schema")
    run_server(Settings.from_env(models_dir=models_dir, no_auth=True), host=host, port=port)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # the encoder's "Loading weights" bar is noise here
    try:
        app(args=optional_ray_address(sys.argv[1:]))
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
