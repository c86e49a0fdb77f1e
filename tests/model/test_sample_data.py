"""The synthetic history: deterministic, unconfounded, its planted effects visible in raw counts."""

import csv
from pathlib import Path

import numpy as np
import pytest

from models.text.signals import detect_signals
from training.importers import write_canonical_csv
from training.sample_data import (
    SAMPLE_SPEC,
    PlantedEffects,
    _levers,
    generate_history,
    true_saves_per_1k,
)

SAMPLE = Path(__file__).resolve().parents[2] / "training" / "sample" / "sample_history.csv"


@pytest.fixture(scope="module")
def big():
    return generate_history(4000, seed=21)


def _ratio(posts, lever):
    on = [p for p in posts if _levers(p)[lever]]
    off = [p for p in posts if not _levers(p)[lever]]
    rate = lambda group: sum(p.saves for p in group) / sum(p.views for p in group)  # noqa: E731
    return rate(on) / rate(off)


def test_generation_is_deterministic_for_a_seed():
    assert generate_history(50, seed=3) == generate_history(50, seed=3)
    assert generate_history(50, seed=3) != generate_history(50, seed=4)


def test_levers_are_independent(big):
    with_overlay = np.mean([_levers(p)["save_cta"] for p in big if p.text_overlay])
    without_overlay = np.mean([_levers(p)["save_cta"] for p in big if not p.text_overlay])
    assert abs(with_overlay - without_overlay) < 0.05


@pytest.mark.parametrize(("lever", "factor"), [("save_cta", 1.8), ("informative", 1.45), ("text_overlay", 1.25)])
def test_planted_effect_visible_in_raw_aggregates(big, lever, factor):
    assert abs(_ratio(big, lever) - factor) < 0.2 * (factor - 1) + 0.05


def test_no_planted_effects_no_gap():
    posts = generate_history(4000, seed=22, planted=PlantedEffects.none())
    assert abs(_ratio(posts, "save_cta") - 1.0) < 0.08


def test_true_rate_is_the_product_of_factors(big):
    planted = PlantedEffects()
    post = next(
        p for p in big if _levers(p)["save_cta"] and not any(v for k, v in _levers(p).items() if k != "save_cta")
    )
    assert true_saves_per_1k(post, planted) == pytest.approx(planted.base_saves_per_1k * planted.save_cta)


def test_feature_free_captions_trigger_no_detector(big):
    plain = [p for p in big if not any(_levers(p)[k] for k in ("save_cta", "informative", "question"))]
    assert plain
    for post in plain:
        signals = detect_signals(post.caption)
        assert not (signals.save_cta or signals.informative or signals.question or signals.solves_problem)


def test_detectors_agree_with_generator_in_spanish():
    for post in generate_history(300, seed=5, language="es"):
        levers, signals = _levers(post), detect_signals(post.caption)
        assert (levers["save_cta"], levers["informative"], levers["question"]) == (
            signals.save_cta,
            signals.informative,
            signals.question,
        ), post.caption


def test_committed_sample_matches_a_fresh_generation(tmp_path):
    fresh = tmp_path / "sample.csv"
    write_canonical_csv(generate_history(**SAMPLE_SPEC), fresh)
    assert fresh.read_text() == SAMPLE.read_text()
    with SAMPLE.open() as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == SAMPLE_SPEC["n_posts"] and all(int(r["saves"]) <= int(r["views"]) for r in rows)
