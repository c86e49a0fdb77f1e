"""How well the model ranks a creator: the share of their latest post pairs its time-split test ordered
right, with its 80% range and in words, in insights (API and CLI), every score and every compare."""

from __future__ import annotations

from typer.testing import CliRunner

from api.cli import app as cli
from tests.api.conftest import ALICE


def _assert_figure(figure: dict) -> None:
    assert figure["pairs"] > 0 and figure["posts"] >= 2
    assert figure["low"] <= figure["share"] <= figure["high"]
    assert figure["sentence"].startswith(f"Orders {figure['share']:.0%} of your post pairs right")
    assert figure["verdict"] in figure["sentence"]


def test_insights_say_how_well_it_ranks_you(client, settings):
    insights = client.get("/v1/creators/alice/insights", headers=ALICE).json()
    _assert_figure(insights["pairs_ordered_right"])
    assert insights["model_check"]["pairs_ordered_right"] == insights["pairs_ordered_right"]
    shown = CliRunner().invoke(cli, ["insights", "--creator", "alice", "--models-dir", str(settings.models_dir)])
    assert shown.exit_code == 0 and "How well it ranks you: Orders" in shown.stdout
