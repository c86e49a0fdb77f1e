"""``hashtags exclude | include | excluded``: hashtags a creator never wants advised."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.markup import escape

from api.cli.shared import ModelsDir, app, err, fail
from models.core.paths import models_dir_from_env
from models.core.words import plural

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
