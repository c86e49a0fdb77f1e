"""The model recovers effects planted in synthetic histories, in direction and order."""

import numpy as np

LEVER_FACTORS = ("save_cta", "informative", "text_overlay")


def test_planted_levers_recovered_positive_and_ordered(planted_model, planted):
    effects = planted_model.estimator_.effects()
    learned = {name: np.expm1(effects[name]) for name in LEVER_FACTORS}
    assert all(v > 0.05 for v in learned.values()), learned
    # Planted 1.8 > 1.45 > 1.25: the learned lifts keep that order.
    assert learned["save_cta"] > learned["informative"] > learned["text_overlay"], learned


def test_planted_lifts_close_to_truth(planted_model, planted):
    effects = planted_model.estimator_.effects()
    for name in LEVER_FACTORS:
        truth = getattr(planted, name) - 1.0
        got = float(np.expm1(effects[name]))
        assert abs(got - truth) <= 0.35 * truth, (name, got, truth)


def test_planted_best_hours_block_beats_others(planted_model):
    effects = planted_model.estimator_.effects()
    blocks = {b: effects[f"block={b}"] for b in range(8)}
    assert max(blocks, key=blocks.get) == 6  # 18:00-21:00 was planted


def test_no_effects_planted_none_learned_large(null_model):
    effects = null_model.estimator_.effects()
    assert all(abs(np.expm1(effects[name])) < 0.15 for name in LEVER_FACTORS), effects


def test_cross_validation_prefers_the_model_on_planted_data(planted_model):
    est = planted_model.estimator_
    assert est.cv_spearman_ is not None and est.cv_spearman_ > 0.3


def test_insights_drivers_have_counts_and_lead_with_the_planted_cta(planted_model):
    from models.fit.store import ModelMeta
    from models.read.insights import build_insights

    insights = build_insights(planted_model, ModelMeta(version="v", file="v.npz"))
    assert insights.top_drivers[0].feature == "save_cta"
    assert all(d.posts_with > 0 and d.posts_without > 0 for d in insights.top_drivers)
    assert insights.best_windows[0].hours == "18:00–21:00"
    assert insights.hashtags[0].hashtag == "mealprep" and insights.hashtags[0].posts > 100
