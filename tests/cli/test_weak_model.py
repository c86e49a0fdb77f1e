"""`check` and `insights` say plainly when the model did not beat every simple guess.

A history of pure noise (no effect planted) trains a model that, on the latest posts, does
no better than guessing the creator's average; the planted creator's model does.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.helpers import CREATOR
from training.importers import write_canonical_csv
from training.sample_data import PlantedEffects, generate_history

WEAK = "did not beat every simple guess"
runner = CliRunner()


@pytest.fixture(scope="module")
def noisy(tmp_path_factory):
    root = tmp_path_factory.mktemp("noisy")
    history = root / "history.csv"
    write_canonical_csv(generate_history(120, seed=0, planted=PlantedEffects.none(), creator_id="noisy"), history)
    result = runner.invoke(app, ["train", str(history), "--models-dir", str(root / "models")])
    assert result.exit_code == 0, result.output
    return root / "models"


def _one_line(text: str) -> str:
    return " ".join(text.split())  # rich wraps at 80 columns


def test_check_and_insights_warn_about_a_model_that_cannot_beat_the_mean(noisy):
    check = runner.invoke(app, ["check", "--creator", "noisy", "Tofu stir fry tonight", "--models-dir", str(noisy)])
    assert check.exit_code in (0, 1) and WEAK in _one_line(check.output)
    insights = runner.invoke(app, ["insights", "--creator", "noisy", "--models-dir", str(noisy)])
    assert insights.exit_code == 0 and WEAK in _one_line(insights.output)
    report = json.loads(
        runner.invoke(app, ["insights", "--creator", "noisy", "--models-dir", str(noisy), "--format", "json"]).stdout
    )
    assert report["model_check"]["beats_mean"] is False and any(WEAK in w for w in report["warnings"])
    scores = json.loads(
        runner.invoke(
            app,
            ["score", "--creator", "noisy", "Tofu stir fry tonight", "--models-dir", str(noisy), "--format", "json"],
        ).stdout
    )
    assert scores[0]["model_beats_mean"] is False and all(t["confidence"] == "low" for t in scores[0]["tips"])


def test_a_model_that_beats_the_mean_does_not_warn(trained):
    check = runner.invoke(app, ["check", "--creator", CREATOR, "Tofu stir fry tonight", "--models-dir", str(trained)])
    assert WEAK not in _one_line(check.output)
    insights = runner.invoke(app, ["insights", "--creator", CREATOR, "--models-dir", str(trained)])
    assert WEAK not in _one_line(insights.output) and "model" in insights.output
