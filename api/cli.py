"""The ``saveworthy`` command line (SPEC §5).

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
from rich.table import Table

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


def default_models_dir() -> Path:
    return Path(os.environ.get("SAVEWORTHY_MODELS_DIR", "./var/models"))


ModelsDir = Annotated[
    Path | None, typer.Option("--models-dir", help="Where models live [env SAVEWORTHY_MODELS_DIR, else ./var/models].")
]
Creator = Annotated[
    str | None, typer.Option("--creator", help="Creator id (needed when the file has no creator_id column).")
]
Format = Annotated[OutputFormat, typer.Option("--format", help="table for people, json for scripts.")]


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def _read(sources: list[Path], fmt: str, creator: str | None, strict: bool):
    from training.importers import NoUsableRows, StrictModeError, read_history

    missing = [str(s) for s in sources if not s.exists()]
    if missing:
        raise fail(f"no such file: {', '.join(missing)}")
    try:
        history = read_history(sources if len(sources) > 1 else sources[0], fmt=fmt, creator_id=creator, strict=strict)
    except StrictModeError as exc:
        raise fail(f"--strict: {exc}") from None
    except NoUsableRows as exc:
        _print_rejected(getattr(exc, "rejected", ()))
        raise fail(str(exc)) from None
    except ValueError as exc:
        raise fail(str(exc)) from None
    _print_rejected(history.rejected)
    _print_rejected(history.repaired, title="rows kept with a value dropped")
    return history


def _print_rejected(rejected, limit: int = 50, title: str = "rejected rows") -> None:
    if not rejected:
        return
    table = Table(title=f"{len(rejected)} {title}", title_style="bold yellow")
    for col in ("row", "column", "value", "reason"):
        table.add_column(col)
    for r in list(rejected)[:limit]:
        table.add_row(str(r.row), r.column or "", (r.value or "")[:40], r.reason)
    err.print(table)
    if len(rejected) > limit:
        err.print(f"... and {len(rejected) - limit} more (all are in `saveworthy import --rejects FILE`)")


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
) -> None:
    """Turn any supported export into canonical CSV and report every rejected row."""
    from training.importers import write_canonical_csv

    history = _read(sources, fmt, creator, strict)
    write_canonical_csv(history.records, out_file)
    if rejects:
        import csv

        with rejects.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["row", "column", "value", "reason", "outcome"])
            for outcome, rows in (("rejected", history.rejected), ("kept, value dropped", history.repaired)):
                writer.writerows([r.row, r.column or "", r.value or "", r.reason, outcome] for r in rows)
    err.print(
        f"wrote {len(history.records)} posts to {out_file} "
        f"({len(history.rejected)} rejected, format {history.source_format})"
    )


def _print_quality(report) -> None:
    if report is None:
        return
    table = Table(title=f"{report.creator_id}: {report.note}")
    table.add_column("method")
    table.add_column("Spearman", justify="right")
    table.add_column("MAE saves/1k", justify="right")
    table.add_row("saveworthy", f"{report.model.spearman:+.3f}", f"{report.model.mae_saves_per_1k:.3f}", style="bold")
    for name, score in report.baselines.items():
        table.add_row(name.replace("_", " "), f"{score.spearman:+.3f}", f"{score.mae_saves_per_1k:.3f}")
    err.print(table)


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
) -> None:
    """Train one model per creator in HISTORY and print its time-split quality report."""
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from models.creator_model import HistoryTooShort
    from training.train import MissingCreator, group_by_creator, train_creator

    history = _read([history_file], fmt, creator, strict=False)
    models_dir = models_dir or default_models_dir()
    try:
        groups = group_by_creator(history.records, creator)
    except (MissingCreator, ValueError) as exc:
        raise fail(str(exc)) from None
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(), console=err) as progress:
        task = progress.add_task("training", total=len(groups))
        results, skipped = [], []
        for owner, records in groups.items():
            progress.update(task, description=f"training {owner} ({len(records)} posts)")
            try:
                # The encoder's own progress bar shows for long histories (it is the slow part).
                results.append(train_creator(records, owner, models_dir, show_progress=len(records) >= 500))
            except HistoryTooShort as exc:
                skipped.append(str(exc))  # one thin creator must not stop the others
            progress.advance(task)
    _report_skipped(skipped, done=len(results))
    for result in results:
        err.print(
            f"[green]trained[/] {result.creator_id}: version {result.version} on {result.n_posts} posts -> {models_dir}"
        )
        if result.quality_error:
            err.print(f"[yellow]no quality report:[/] {result.quality_error}")
        _print_quality(result.quality)


@app.command()
def evaluate(
    history_file: Annotated[Path, typer.Argument(metavar="HISTORY")],
    creator: Creator = None,
    fmt_out: Format = OutputFormat.table,
    fmt: Annotated[str, typer.Option("--input-format", help="Input format, as for import.")] = "auto",
) -> None:
    """Time-split report (train on the earlier 80%, test on the latest 20%) against baselines; stores nothing."""
    from models.creator_model import HistoryTooShort
    from training.evaluate import evaluate_creator
    from training.train import MissingCreator, group_by_creator

    history = _read([history_file], fmt, creator, strict=False)
    try:
        groups = group_by_creator(history.records, creator)
    except (MissingCreator, ValueError) as exc:
        raise fail(str(exc)) from None
    reports, skipped = [], []
    for owner, records in groups.items():
        try:
            reports.append(evaluate_creator(records, owner))
        except HistoryTooShort as exc:
            skipped.append(str(exc))
    _report_skipped(skipped, done=len(reports))
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(reports).decode() + "\n")
        return
    for report in reports:
        _print_quality(report)


def _load(creator: str, models_dir: Path | None):
    from models.store import ModelFileError, ModelNotFound, load_model

    models_dir = models_dir or default_models_dir()
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
    from models.records import Draft

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise fail(f"cannot read drafts file {path}: {exc}") from None
    rows: list[dict] = []
    if path.suffix.lower() in {".jsonl", ".ndjson", ".json"}:
        for line in raw.decode("utf-8-sig").splitlines():
            if line.strip():
                rows.append(msgspec.json.decode(line))
    else:
        import csv
        import io

        for row in csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))):
            rows.append({k: v for k, v in row.items() if v not in ("", None)})
    drafts = []
    for i, row in enumerate(rows, start=1):
        if isinstance(row.get("hashtags"), str):
            row["hashtags"] = [t for t in row["hashtags"].replace(",", " ").split() if t]
        try:
            drafts.append(msgspec.convert(row, type=Draft, strict=False))
        except msgspec.ValidationError as exc:
            raise fail(f"{path} draft {i}: {exc}") from None
    return drafts


def _print_scores(scores) -> None:
    for score in scores:
        low, high = score.interval.low, score.interval.high
        head = f"[bold]{score.predicted_saves_per_1k:.2f}[/] saves per 1k views (80%: {low:.2f}–{high:.2f}), "
        head += f"percentile {score.percentile:.0f} of your posts"
        if score.id:
            head = f"[cyan]{score.id}[/] " + head
        out.print(head)
        for warning in score.warnings:
            out.print(f"[yellow]! {warning}[/]")
        if score.signals:
            out.print("already doing: " + ", ".join(s.label for s in score.signals))
        if score.tips:
            table = Table(show_header=True)
            for col in ("tip", "impact /1k", "80% interval", "confidence", "source", "advice"):
                table.add_column(col)
            for tip in score.tips:
                imp = tip.expected_impact
                table.add_row(
                    tip.id,
                    f"{imp.saves_per_1k:+.2f} ({imp.relative:+.0%})",
                    f"{imp.interval.low:+.2f}…{imp.interval.high:+.2f}",
                    tip.confidence,
                    tip.source,
                    tip.advice,
                )
            out.print(table)


@app.command()
def score(
    caption: Annotated[str | None, typer.Argument(help="The draft caption (or use --drafts).")] = None,
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    drafts_file: Annotated[
        Path | None, typer.Option("--drafts", help="CSV or JSON Lines of drafts (caption, optional fields, id).")
    ] = None,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """Score a draft (or a file of drafts): predicted saves per 1k views and ranked tips."""
    from models.records import Draft
    from models.scoring import score_drafts

    if (caption is None) == (drafts_file is None):
        raise fail("give either a CAPTION or --drafts FILE")
    model, meta = _load(creator, models_dir)
    drafts = _read_drafts(drafts_file) if drafts_file else [Draft(caption=caption)]
    scores = score_drafts(model, meta["version"], drafts)
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(scores).decode() + "\n")
    else:
        _print_scores(scores)


@app.command()
def check(
    caption: Annotated[str, typer.Argument(help="The draft caption.")],
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
) -> None:
    """Pre-post check: exit 0 at or above your median save rate, 1 below it, 2 on error."""
    from models.records import Draft
    from models.scoring import score_drafts

    model, meta = _load(creator, models_dir)
    result = score_drafts(model, meta["version"], [Draft(caption=caption)])[0]
    ok = result.predicted_saves_per_1k >= model.median_per_1k_
    verdict = "[green]ok[/]" if ok else "[red]below your median[/]"
    err.print(
        f"{verdict}: {result.predicted_saves_per_1k:.2f} saves per 1k views vs your median {model.median_per_1k_:.2f}"
    )
    for tip in result.tips[:3]:
        err.print(f"  - {tip.advice} ({tip.expected_impact.saves_per_1k:+.2f}/1k, {tip.source})")
    raise typer.Exit(0 if ok else 1)


@app.command()
def insights(
    creator: Annotated[str, typer.Option("--creator", help="Creator id.")] = ...,
    models_dir: ModelsDir = None,
    fmt_out: Format = OutputFormat.table,
) -> None:
    """What drives this creator's saves: drivers, posting windows, hashtags, themes, quality."""
    from models.insights import build_insights

    model, meta = _load(creator, models_dir)
    report = build_insights(model, meta)
    if fmt_out is OutputFormat.json:
        sys.stdout.write(msgspec.json.encode(report).decode() + "\n")
        return
    out.print(
        f"[bold]{report.creator_id}[/]: {report.n_posts} posts, "
        f"usual rate {report.baseline_saves_per_1k:.2f} saves per 1k views"
    )
    table = Table(title="What drives your saves")
    for col in ("driver", "effect", "posts with", "without"):
        table.add_column(col)
    for d in report.top_drivers:
        table.add_row(d.label, f"{d.effect_relative:+.0%}", str(d.posts_with), str(d.posts_without))
    out.print(table)
    table = Table(title="Best posting windows (your time)")
    for col in ("day", "hours", "posts", "save rate vs usual"):
        table.add_column(col)
    for w in report.best_windows[:5]:
        table.add_row(w.weekday, w.hours, str(w.posts), f"{w.relative_save_rate:.2f}×")
    out.print(table)
    table = Table(title="Hashtags by save rate")
    for col in ("hashtag", "posts", "save rate vs usual"):
        table.add_column(col)
    for h in report.hashtags[:10]:
        table.add_row(f"#{h.hashtag}", str(h.posts), f"{h.relative_save_rate:.2f}×")
    out.print(table)
    for i, theme in enumerate(report.themes, 1):
        out.print(f"theme {i}: {theme.posts} posts, {theme.relative_save_rate:.2f}× usual — e.g. {theme.examples[:1]}")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    models_dir: ModelsDir = None,
    no_auth: Annotated[bool, typer.Option("--no-auth", help="Development only: no API keys (loopback only).")] = False,
    access_log: Annotated[
        bool,
        typer.Option("--access-log", help="Log every request [env SAVEWORTHY_ACCESS_LOG=1]; never keys or captions."),
    ] = False,
) -> None:
    """Serve the HTTP API and the page."""
    from api.server import run_server
    from api.settings import Settings

    settings = Settings.from_env(models_dir=models_dir, no_auth=no_auth, access_log=access_log)
    try:
        run_server(settings, host=host, port=port)
    except ValueError as exc:
        raise fail(str(exc)) from None


keys_app = typer.Typer(help="API keys for `serve`: stored hashed, each scoped to creators.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")


@keys_app.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who the key is for, e.g. 'planner-tool'.")],
    creators: Annotated[
        list[str] | None, typer.Option("--creator", help="A creator the key may read (repeat).")
    ] = None,
    admin: Annotated[bool, typer.Option("--admin", help="Every creator, and all jobs.")] = False,
    keys_file: Annotated[
        Path, typer.Option("--keys-file", envvar="SAVEWORTHY_KEYS_FILE", help="JSON keys file to add to.")
    ] = Path("./var/keys.json"),
) -> None:
    """Create a key: prints it once (only its SHA-256 is stored) and adds it to the keys file."""
    import json

    from api.auth import hash_key, new_key

    if not creators and not admin:
        raise fail("give --creator ID (repeatable) or --admin")
    entries = json.loads(keys_file.read_text()) if keys_file.exists() else []
    key = new_key()
    entries.append({"name": name, "sha256": hash_key(key), "creators": creators or [], "admin": admin})
    keys_file.parent.mkdir(parents=True, exist_ok=True)
    keys_file.write_text(json.dumps(entries, indent=2) + "\n")
    keys_file.chmod(0o600)
    err.print(f"added key {name!r} to {keys_file}; it is shown once, keep it safe:")
    sys.stdout.write(key + "\n")


SAMPLE_HISTORY = Path(__file__).resolve().parent.parent / "training" / "sample" / "sample_history.csv"


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to bind.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    models_dir: ModelsDir = None,
) -> None:
    """Train on the bundled (synthetic) sample history, then serve the API and the page, no keys, loopback."""
    from api.server import run_server
    from api.settings import Settings
    from training.importers import read_history
    from training.train import train_history

    models_dir = models_dir or default_models_dir()
    history = read_history(SAMPLE_HISTORY)
    with err.status("training on the bundled sample history (synthetic)..."):
        results = train_history(history, models_dir)
    for result in results:
        err.print(f"[green]trained[/] {result.creator_id} ({result.n_posts} posts), version {result.version}")
        _print_quality(result.quality)
    err.print(f"open http://{host}:{port}/ — API docs at http://{host}:{port}/schema")
    run_server(Settings.from_env(models_dir=models_dir, no_auth=True), host=host, port=port)


def main() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    try:
        app()
    except KeyboardInterrupt:
        sys.exit(130)


if __name__ == "__main__":
    main()
