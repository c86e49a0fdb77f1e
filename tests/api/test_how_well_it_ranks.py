"""How well the model ranks a creator: the share of their latest post pairs its time-split test ordered
right, with its 80% range and in words, in insights (API and CLI), every score and every compare."""

from __future__ import annotations

import math

import pytest
from typer.testing import CliRunner

from api.cli import app as cli
from tests.helpers import ALICE


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


def test_every_score_and_compare_carry_it_and_compare_states_a_chance(client, settings):
    from models.fit.store import load_model
    from models.read.uncertainty import CHANCE_CEILING, VERDICT_CLEAR, VERDICT_LIKELY, interval_factors

    insights = client.get("/v1/creators/alice/insights", headers=ALICE).json()
    score = client.post("/v1/creators/alice/score", json={"caption": "Five lunches in an hour"}, headers=ALICE).json()
    assert score["pairs_ordered_right"] == insights["pairs_ordered_right"]
    # The interval is the widened one (models.read.uncertainty), around the prediction.
    model, _ = load_model(settings.models_dir, "alice")
    low, high = interval_factors(model.estimator_.residual_quantiles_)
    rate = score["predicted_saves_per_1k"]
    assert score["interval"]["low"] == pytest.approx(rate * low, abs=0.002)  # from the unrounded rate
    assert score["interval"]["high"] == pytest.approx(rate * high, abs=0.002)
    assert high / low > math.exp(model.estimator_.residual_quantiles_[1] - model.estimator_.residual_quantiles_[0])

    variants = [{"caption": "Five lunches in an hour"}, {"caption": "Five lunches in an hour. Save this for later!"}]
    variants.append(variants[0])
    comparison = client.post("/v1/creators/alice/compare", json={"variants": variants}, headers=ALICE).json()
    assert comparison["pairs_ordered_right"] == insights["pairs_ordered_right"]
    for step in comparison["steps"]:
        assert 0.5 <= step["chance"] <= CHANCE_CEILING and 0.5 <= step["agreement"] <= 1.0
        expected = (
            "no difference"
            if step["difference_saves_per_1k"] == 0 and step["chance"] == 0.5
            else "clear"
            if step["chance"] >= VERDICT_CLEAR
            else "likely"
            if step["chance"] >= VERDICT_LIKELY
            else "too close to call"
        )
        assert step["verdict"] == expected
        assert expected == "no difference" or f"{step['chance']:.0%} chance" in step["summary"]
    assert comparison["steps"][-1]["verdict"] == "no difference"  # the identical captions
    shown = CliRunner().invoke(
        cli,
        [
            "compare",
            "--creator",
            "alice",
            *[v["caption"] for v in variants[:2]],
            "--models-dir",
            str(settings.models_dir),
        ],
    )
    assert shown.exit_code == 0 and "chance" in shown.stdout and "How well it ranks you" in shown.stdout
