"""Two trained creators for the CLI tests, trained once per session into a tmp models dir."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.helpers import CREATOR, SECOND
from training.importers import write_canonical_csv
from training.sample_data import generate_history


@pytest.fixture(scope="session")
def trained(tmp_path_factory) -> Path:
    """A models dir holding CREATOR (300 posts, planted effects) and SECOND (60 posts)."""
    root = tmp_path_factory.mktemp("cli")
    history = root / "history.csv"
    posts = generate_history(300, seed=9, creator_id=CREATOR) + generate_history(60, seed=5, creator_id=SECOND)
    write_canonical_csv(posts, history)
    models = root / "models"
    result = CliRunner().invoke(app, ["train", str(history), "--models-dir", str(models)])
    assert result.exit_code == 0, result.output
    return models
