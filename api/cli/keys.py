"""``keys create | list | revoke``: the API keys ``serve`` accepts, stored hashed in a keys file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import msgspec
import typer
from rich.markup import escape

from api import render
from api.cli.shared import Format, ModelsDir, OutputFormat, app, err, fail, out
from models.core.paths import models_dir_from_env
from models.core.words import joined, plural

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
