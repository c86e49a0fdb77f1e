"""The page's fixtures: one headless Chromium per run, where screenshots go, and the demo-kitchen
model (300 posts) trained once per run; each module serves its own copy, since uploads and other
creators' training write into the models directory.

Needs Debian's chromium (``make test`` installs it); without it every test here is skipped with
the reason shown.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DOCS_SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
HERE = Path(__file__).resolve().parent
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def pytest_collection_modifyitems(config, items) -> None:
    if CHROMIUM is None:
        skip = pytest.mark.skip(reason="Debian chromium not installed (make test installs it)")
        for item in items:
            if HERE in Path(item.path).resolve().parents:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """docs/screenshots/ with ``SAVEWORTHY_SCREENSHOTS=1`` (``make screenshots``), else a temporary
    folder: a test run never rewrites committed files."""
    return DOCS_SHOTS if os.environ.get("SAVEWORTHY_SCREENSHOTS") == "1" else tmp_path_factory.mktemp("shots")


@pytest.fixture(scope="session")
def _demo_kitchen(tmp_path_factory) -> Path:
    from training.sample_data import generate_history
    from training.steps import train_creator

    models = tmp_path_factory.mktemp("e2e-demo-kitchen") / "models"
    train_creator(generate_history(300, seed=8, creator_id="demo-kitchen"), "demo-kitchen", models)
    return models


@pytest.fixture(scope="module")
def demo_kitchen_models(_demo_kitchen, tmp_path_factory) -> Path:
    """A models directory of this module's own, holding demo-kitchen (300 posts, seed 8)."""
    models = tmp_path_factory.mktemp("e2e") / "models"
    shutil.copytree(_demo_kitchen, models)
    return models
