"""Compare: the ranking is scoring's, the agreement is paired, and the reasons add up (issue 24)."""

from __future__ import annotations

import pytest

from models.core.records import Draft
from models.read.compare import TooFewVariants, compare_drafts, paired_agreement, reason_text, variant_labels
from models.read.scoring import score_drafts
from models.read.uncertainty import CHANCE_CEILING, VERDICT_LIKELY

PLAIN = "Chickpea wraps for the week ahead"
VARIANTS = [
    PLAIN,
    PLAIN + ". Save this for later!",
    "How to make chickpea wraps that last all week",
    "Chickpea wraps for the week ahead. What would you add?",
    "Big pot of lentil soup today #mealprep",
]


def test_ranking_agrees_with_scoring_each_variant_alone(planted_model):
    drafts = [Draft(caption=c) for c in VARIANTS]
    result = compare_drafts(planted_model, "v1", drafts)
    alone = {c: score_drafts(planted_model, "v1", [Draft(caption=c)])[0] for c in VARIANTS}
    assert [v.caption for v in result.variants] == sorted(VARIANTS, key=lambda c: -alone[c].predicted_saves_per_1k)
    for v in result.variants:
        score = alone[v.caption]
        assert v.predicted_saves_per_1k == score.predicted_saves_per_1k
        assert v.interval == score.interval and v.percentile == score.percentile
    assert [v.rank for v in result.variants] == [1, 2, 3, 4, 5]
    assert len(result.steps) == 4
    assert [(s.higher, s.lower) for s in result.steps] == [
        (a.label, b.label) for a, b in zip(result.variants, result.variants[1:], strict=False)
    ]


def test_two_identical_captions_are_a_coin_flip(planted_model):
    result = compare_drafts(planted_model, "v1", [Draft(caption=PLAIN), Draft(caption=PLAIN)])
    step = result.steps[0]
    assert step.agreement == 0.5
    assert step.verdict == "no difference" and step.difference_saves_per_1k == 0
    assert [v.label for v in result.variants] == ["A", "B"]  # equal scores keep the order given
    assert "nothing to choose" in step.summary


def test_a_planted_save_call_is_agreed_on_by_every_fit_but_one_post_stays_a_bet(planted_model):
    result = compare_drafts(
        planted_model, "v1", [Draft(caption=PLAIN), Draft(caption=PLAIN + ". Save this for later!")]
    )
    step = result.steps[0]
    assert step.higher == "B" and step.lower == "A"
    # Every resampled fit agrees on the order (the model is sure of the lever), but one post's saves are
    # noisy: the chance that B really saves more is the calibrated one, and only "likely".
    assert step.agreement >= 0.95 and step.verdict == "likely" and VERDICT_LIKELY <= step.chance <= CHANCE_CEILING
    top = step.reasons[0]
    assert top.variant == "B" and top.what == "save call"
    # The parts add up to the step (the save call is nearly all of it here).
    assert sum(r.saves_per_1k for r in step.reasons if r.variant == "B") == pytest.approx(
        step.difference_saves_per_1k, rel=0.15
    )
    assert reason_text(top).startswith("B's save call: +") and reason_text(top).endswith("/1k")
    assert "B probably beats A" in step.summary and f"a {step.chance:.0%} chance it really saves more" in step.summary


def test_reasons_sum_to_the_step_in_saves_per_1k(planted_model):
    drafts = [Draft(caption="How to make chickpea wraps. Save this!"), Draft(caption="Lentil soup? #mealprep")]
    step = compare_drafts(planted_model, "v1", drafts).steps[0]
    signed = [r.saves_per_1k if r.variant == step.higher else -r.saves_per_1k for r in step.reasons]
    # Only the parts worth a line are listed; together they hold most of the step.
    assert sum(signed) == pytest.approx(step.difference_saves_per_1k, rel=0.25)


def test_a_null_model_calls_close_variants_too_close(null_model):
    result = compare_drafts(null_model, "v1", [Draft(caption=PLAIN), Draft(caption=PLAIN + " today")])
    assert result.steps[0].verdict in ("too close to call", "likely", "no difference")


def test_labels_and_limits(planted_model):
    assert variant_labels([Draft(caption="x", id="B"), Draft(caption="y"), Draft(caption="z")]) == ["B", "A", "C"]
    with pytest.raises(TooFewVariants):
        compare_drafts(planted_model, "v1", [Draft(caption="only one")])
    with pytest.raises(TooFewVariants):
        compare_drafts(planted_model, "v1", [Draft(caption=f"v{i}") for i in range(7)])
    with pytest.raises(TooFewVariants):
        compare_drafts(planted_model, "v1", [Draft(caption="a", id="x"), Draft(caption="b", id="x")])


def test_paired_agreement_counts_ties_half():
    import numpy as np

    assert paired_agreement(np.array([1.0, 2.0, 3.0, 4.0]), np.array([0.0, 0.0, 3.0, 5.0])) == 0.625
    assert paired_agreement(np.zeros(5), np.ones(5)) == 0.5  # never reported under a coin flip
