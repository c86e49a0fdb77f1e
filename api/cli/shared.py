"""What every command group of the ``saveworthy`` CLI shares: the Typer app the commands
register on, the two consoles, the options several commands take, and the helpers that read
a history, a drafts file or a model and turn each failure into a one-line error (exit 2).

``--format json`` output goes to stdout and nothing else does; progress, reports and
errors go to stderr, so scripts can pipe the JSON.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from api import render
from models.core.paths import DEFAULT_MODELS_DIR, MODELS_DIR_ENV, models_dir_from_env
from models.core.words import plural

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


def default_encoder() -> str:
    from models.text.encoders import DEFAULT_ENCODER

    return DEFAULT_ENCODER


def fail(message: str, code: int = EXIT_ERROR) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}")
    return typer.Exit(code)


def read_sources(
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


def posts_without_creator(history, creator: str | None) -> int:
    """Posts that no creator_id column and no --creator would name (training needs one per post)."""
    return 0 if creator else sum(1 for r in history.records if not r.creator_id)


NO_CREATOR_ADVICE = "name the creator with --creator ID"
# The bundled synthetic history: `demo` trains on it, `train` names it when an old copy needs retraining.
SAMPLE_HISTORY = Path(__file__).resolve().parents[2] / "training" / "sample" / "sample_history.csv"


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


def load_model_or_fail(creator: str, models_dir: Path | None):
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


def read_drafts_file(path: Path):
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


def remember(models_dir: Path | None, creator: str, version: str, drafts, results) -> None:
    """Add scored drafts to the creator's track record; a failure to remember never fails the command."""
    from models.read.track_record import priced

    remember_priced(models_dir, creator, version, priced(drafts, results))


def remember_priced(models_dir: Path | None, creator: str, version: str, entries) -> None:
    from models.read.track_record import remember_scores

    try:
        remember_scores(models_dir or models_dir_from_env(), creator, version, entries)
    except OSError as exc:
        err.print(f"[yellow]! the track record could not be updated: {escape(str(exc))}[/]")
