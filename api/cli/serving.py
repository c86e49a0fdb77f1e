"""``serve`` the HTTP API and the page, and the ``demo`` that trains the bundled sample first."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from api import render
from api.cli.shared import SAMPLE_HISTORY, ModelsDir, app, err, fail
from models.core.records import SYNTHETIC_WARNING
from models.core.words import plural


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


# The demo's own models directory: never $SAVEWORTHY_MODELS_DIR or ./var/models, where real creators
# live, so the sample's planted effects can never reach a real creator's population. Its
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
