"""What a creator reads agrees with itself and admits what it does not know.

- the best-time tip advises insights' first posting window (one rule, one evidence), and
  where the raw rate ranks another window first, insights say why;
- a model that did not beat the creator's own mean on their latest posts says so in scores
  and insights, and its tips are low confidence; one that did stays quiet;
- drivers are only the effects that matter; hashtags rank by a shrunk rate, not two lucky posts;
- insights carry the time-split predictions beside the actuals for the page's chart.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
import pytest

from models.evidence import HashtagStat
from models.insights import build_insights, posting_windows
from models.quality import check_model
from models.records import Draft
from models.scoring import score_drafts
from models.store import ModelMeta, load_model
from training.sample_data import PlantedEffects, generate_history
from training.train import train_creator

WEAK = "did not beat your own average"
META = ModelMeta(version="v", file="v.npz")  # metadata without a stored quality report


def _trained(tmp_path_factory, name: str, records) -> object:
    models = tmp_path_factory.mktemp(name)
    train_creator(records, name, models, population=None)
    model, _ = load_model(models, name)
    return model


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return _trained(tmp_path_factory, "planted", generate_history(240, seed=3, creator_id="planted"))


@pytest.fixture(scope="module")
def noise(tmp_path_factory):
    history = generate_history(120, seed=0, planted=PlantedEffects.none(), creator_id="noise")
    return _trained(tmp_path_factory, "noise", history)


@pytest.fixture(scope="module")
def thin(tmp_path_factory):
    return _trained(tmp_path_factory, "thin", generate_history(14, seed=5, creator_id="thin"))


def _score(model, caption="Quick lunch at home", planned_at=datetime(2026, 3, 3, 8, 30, tzinfo=UTC)):
    return score_drafts(model, "v", [Draft(caption=caption, planned_at=planned_at)])[0]


# -- one truth per fact: the best-time tip is insights' first window ---------------------------------


@pytest.mark.parametrize("which", ["planted", "thin", "noise"])
def test_best_time_tip_advises_insights_first_window(which, request):
    model = request.getfixturevalue(which)
    insights = build_insights(model, META)
    tips = {t.id: t for t in _score(model).tips}
    if insights.best_windows:
        top = insights.best_windows[0]
        # Tuesday 08:30 is never the planted best window: the tip must move the post there.
        assert "best-time" in tips, (which, insights.best_windows[:2])
        assert tips["best-time"].apply["planned_weekday"] == top.weekday
        assert tips["best-time"].apply["planned_hours"] == top.hours
        assert f"{top.effect_relative:.2f}".rstrip("0").rstrip(".") in tips["best-time"].advice
    else:
        assert "best-time" not in tips  # nothing stands out: no tip claims otherwise
    raw_top = max((c for c in model.time_stats_ if c.posts >= 2), key=lambda c: c.relative_save_rate)
    first = insights.best_windows[0] if insights.best_windows else None
    same = first is not None and (first.weekday, first.hours[:2]) == (
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[raw_top.weekday],
        f"{raw_top.block * 3:02d}",
    )
    if raw_top.relative_save_rate > 1.0 and not same:
        assert insights.windows_note and "raw save rate" in insights.windows_note  # where they differ, it says why


def test_windows_are_ranked_by_the_models_estimate_and_the_planted_hours_lead(planted):
    insights = build_insights(planted, META)
    effects = [w.effect_relative for w in insights.best_windows]
    assert effects == sorted(effects, reverse=True) and all(e >= 1.02 for e in effects)
    assert insights.best_windows[0].hours == "18:00–21:00"  # the planted best hours
    assert all(w.posts >= 2 for w in insights.best_windows)
    # The heatmap keeps every used cell, each with both the model's and the raw figure.
    assert len(insights.heatmap) == len(planted.time_stats_) == len(posting_windows(planted))


def test_a_draft_already_in_the_best_window_is_told_so_not_moved(planted):
    top = build_insights(planted, META).best_windows[0]
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday").index(top.weekday)
    planned = datetime(2026, 3, 2 + day, int(top.hours[:2]) + 1, 0, tzinfo=UTC)  # 2026-03-02 is a Monday
    score = _score(planted, planned_at=planned)
    assert "best-time" not in {t.id for t in score.tips}
    assert "best-time" in {s.id for s in score.signals}


# -- honest about weak models ----------------------------------------------------------------------


def test_a_model_that_cannot_beat_the_mean_says_so_everywhere(noise):
    check = noise.check
    assert check.beats_mean is False and WEAK in check.warning
    insights = build_insights(noise, META)
    assert insights.model_check.beats_mean is False and any(WEAK in w for w in insights.warnings)
    score = _score(noise, caption="Tofu stir fry for busy weeknights")
    assert score.model_beats_mean is False and any(WEAK in w for w in score.warnings)
    assert score.tips and all(t.confidence == "low" for t in score.tips)
    encoded = msgspec.json.decode(msgspec.json.encode(score))
    assert encoded["model_beats_mean"] is False


def test_a_model_that_beats_the_mean_stays_quiet(planted):
    assert planted.check.beats_mean is True and planted.check.warning is None
    insights = build_insights(planted, META)
    assert insights.model_check.beats_mean is True and not any(WEAK in w for w in insights.warnings)
    score = _score(planted)
    assert score.model_beats_mean is True and not any(WEAK in w for w in score.warnings)
    assert any(t.confidence != "low" for t in score.tips)


def _report(model_mae, mean_mae, rho, n_test=40):
    return {
        "n_test": n_test,
        "model": {"spearman": rho, "mae_saves_per_1k": model_mae},
        "baselines": {"creator_mean": {"spearman": 0.0, "mae_saves_per_1k": mean_mae}},
    }


def test_the_rule_needs_both_a_lower_error_and_a_positive_rank_correlation():
    assert check_model(_report(2.0, 3.0, 0.3)).beats_mean is True
    worse = check_model(_report(3.5, 3.0, 0.3))
    assert worse.beats_mean is False and "3.50" in worse.warning and "3.00" in worse.warning
    unranked = check_model(_report(2.0, 3.0, -0.1))
    assert unranked.beats_mean is False and "rank" in unranked.warning
    assert "rough" in check_model(_report(3.5, 3.0, 0.3, n_test=4)).warning
    assert check_model({}).beats_mean is None and check_model({"error": "too short"}).warning is None


# -- small samples: drivers that matter, hashtags by shrunk rate -------------------------------------


@pytest.mark.parametrize("which", ["planted", "noise"])
def test_drivers_are_only_effects_that_matter(which, request):
    insights = build_insights(request.getfixturevalue(which), META)
    for d in insights.top_drivers:
        assert abs(d.effect_relative) >= 0.02, d
        assert d.effect_low <= d.effect_relative <= d.effect_high, d
        assert d.effect_low > 0 or d.effect_high < 0, d  # the interval excludes no effect


def test_planted_drivers_lead_with_their_intervals(planted):
    drivers = build_insights(planted, META).top_drivers
    assert drivers[0].feature == "save_cta" and drivers[0].effect_low > 0.2


def test_a_hashtag_on_two_lucky_posts_does_not_outrank_a_steady_one(planted):
    planted.hashtag_stats_ = [
        *planted.hashtag_stats_,
        HashtagStat(hashtag="taps", posts=2, relative_save_rate=3.92, saves_per_1k=40.0),
    ]
    tags = build_insights(planted, META).hashtags
    names = [t.hashtag for t in tags]
    assert names[0] == "mealprep", names  # 1.2x planted on ~80 posts beats 3.92x on 2
    taps = tags[names.index("taps")]
    assert taps.relative_save_rate == 3.92 and 1.0 < taps.estimate_relative < 1.6


@pytest.fixture(scope="module")
def asks(tmp_path_factory):
    # Every question here also invites comments ("What would you add?") and nothing else does:
    # "A question in the caption" and "Question or invitation to comment" are the same posts.
    history = generate_history(240, seed=3, planted=PlantedEffects(question=1.8), creator_id="asks")
    return _trained(tmp_path_factory, "asks", history)


def test_two_levers_on_the_same_posts_are_one_driver(asks):
    from models.evidence import model_lever_split

    assert model_lever_split(asks, "question") == model_lever_split(asks, "engage")  # the premise
    drivers = build_insights(asks, META).top_drivers
    about_questions = [d for d in drivers if d.feature in ("question", "engage")]
    assert len(about_questions) == 1, [d.label for d in drivers]
    (driver,) = about_questions
    assert driver.label == "A question in the caption" and driver.effect_relative > 0.2  # the planted +80%
    assert driver.effect_low <= driver.effect_relative <= driver.effect_high


# -- the chart's data ---------------------------------------------------------------------------------


def test_insights_carry_the_time_split_predictions_beside_the_actuals(planted):
    insights = build_insights(planted, META)
    timeline = insights.timeline
    points = timeline.points
    assert sum(p.posts for p in points) == planted.n_posts_
    held_out = [p for p in points if p.predicted_saves_per_1k is not None]
    assert held_out and held_out[0].at == timeline.held_out_from
    assert points[: len(points) - len(held_out)] == [p for p in points if p.predicted_saves_per_1k is None]
    assert sum(p.posts for p in held_out) == insights.quality["n_test"]
    assert [p.at for p in points] == sorted(p.at for p in points)
    assert timeline.creator_mean_saves_per_1k == insights.quality["creator_mean_saves_per_1k"] > 0
    assert "timeline" not in insights.quality  # the chart is not repeated in the report
