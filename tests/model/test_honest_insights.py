"""What a creator reads agrees with itself and admits what it does not know.

- the best-time tip advises insights' first posting window (one rule, one evidence), and
  where the raw rate ranks another window first, insights say why;
- a model that did not beat the creator's own mean on their latest posts says so in scores
  and insights, and its tips are low confidence; one that did stays quiet;
- drivers are only the effects that matter; hashtags rank by a shrunk rate, not two lucky posts;
- insights carry the time-split predictions beside the actuals for the page's chart.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta

import msgspec
import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.fit.history_stats import HashtagStat
from models.fit.quality import check_model
from models.fit.store import ModelMeta, load_model
from models.read.insights import build_insights
from models.read.posting_times import MIN_WINDOW_POSTS, posting_windows
from models.read.scoring import score_drafts
from training.sample_data import PlantedEffects, generate_history
from training.steps import train_creator

WEAK = "did not beat every simple guess"
META = ModelMeta(version="v", file="v.npz")  # metadata without a stored quality report


def _trained(tmp_path_factory, name: str, records) -> object:
    models = tmp_path_factory.mktemp(name)
    train_creator(records, name, models, population=None)
    model, _ = load_model(models, name)
    return model


@pytest.fixture(scope="module")
def planted_creator(tmp_path_factory):
    return _trained(tmp_path_factory, "planted", generate_history(240, seed=3, creator_id="planted"))


@pytest.fixture(scope="module")
def noise(tmp_path_factory):
    history = generate_history(120, seed=0, planted=PlantedEffects.none(), creator_id="noise")
    return _trained(tmp_path_factory, "noise", history)


@pytest.fixture(scope="module")
def long_noise(tmp_path_factory):
    """Noise long enough that posting windows reach MIN_WINDOW_POSTS (the 120-post noise history's
    fullest window holds 5, so the window rules would meet only an empty list there)."""
    history = generate_history(240, seed=0, planted=PlantedEffects.none(), creator_id="long-noise")
    return _trained(tmp_path_factory, "long-noise", history)


@pytest.fixture(scope="module")
def thin(tmp_path_factory):
    return _trained(tmp_path_factory, "thin", generate_history(14, seed=5, creator_id="thin"))


def _score(model, caption="Quick lunch at home", planned_at=datetime(2026, 3, 3, 8, 30, tzinfo=UTC)):
    return score_drafts(model, "v", [Draft(caption=caption, planned_at=planned_at)])[0]


# -- one truth per fact: the best-time tip is insights' first window ---------------------------------


# Whether the history has windows with enough posts to judge: the thin one has none; the others
# must, or the checks below them would pass on an empty list.
@pytest.mark.parametrize(
    ("which", "judged_windows"), [("planted_creator", True), ("thin", False), ("long_noise", True)]
)
def test_best_time_tip_advises_insights_first_window(which, judged_windows, request):
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
    judged = [c for c in posting_windows(model) if c.cell.posts >= MIN_WINDOW_POSTS]
    assert bool(judged) == judged_windows, (which, len(judged))
    if not judged:  # no window has enough posts to judge: insights say so, and no tip advises one
        assert not insights.best_windows and str(MIN_WINDOW_POSTS) in insights.windows_note
        return
    by_rate = max(judged, key=lambda c: (c.estimate_relative, c.cell.posts)).cell
    first = insights.best_windows[0] if insights.best_windows else None
    same = first is not None and (first.weekday, first.hours[:2]) == (
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")[by_rate.weekday],
        f"{by_rate.block * 3:02d}",
    )
    if max(c.estimate_relative for c in judged) >= 1.02 and not same:
        assert insights.windows_note and "save rate alone" in insights.windows_note  # where they differ, it says why


def test_windows_are_ranked_by_the_models_estimate_and_the_planted_hours_lead(planted_creator):
    insights = build_insights(planted_creator, META)
    effects = [w.effect_relative for w in insights.best_windows]
    assert effects == sorted(effects, reverse=True) and all(e >= 1.02 for e in effects)
    assert insights.best_windows[0].hours == "18:00–21:00"  # the planted best hours
    assert all(w.posts >= MIN_WINDOW_POSTS for w in insights.best_windows)
    # The heatmap keeps every used cell, each with both the model's and the raw figure.
    assert len(insights.heatmap) == len(planted_creator.time_stats_) == len(posting_windows(planted_creator))


def test_a_draft_already_in_the_best_window_is_told_so_not_moved(planted_creator):
    top = build_insights(planted_creator, META).best_windows[0]
    day = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday").index(top.weekday)
    planned = datetime(2026, 3, 2 + day, int(top.hours[:2]) + 1, 0, tzinfo=UTC)  # 2026-03-02 is a Monday
    score = _score(planted_creator, planned_at=planned)
    assert "best-time" not in {t.id for t in score.tips}
    assert "best-time" in {s.id for s in score.signals}


def _with_two_lucky_posts():
    """A planted history (best hours 18-21) plus two posts at an hour the creator never uses,
    Wednesday 03:30, that happened to save 4x as well: the raw rate of that window is 2 lucky posts."""
    history = generate_history(240, seed=3, creator_id="lucky")
    lucky = []
    for r in history[100:102]:
        at = (r.created_at + timedelta(days=(2 - r.created_at.weekday()) % 7)).replace(hour=3, minute=30)
        lucky.append(msgspec.structs.replace(r, created_at=at, saves=min(r.views, r.saves * 4)))
    return CreatorModel("lucky").fit([*history[:100], *lucky, *history[102:]])


def test_a_window_of_two_lucky_posts_is_never_advised():
    model = _with_two_lucky_posts()
    insights = build_insights(model, META)
    assert insights.best_windows and all(w.posts >= MIN_WINDOW_POSTS >= 5 for w in insights.best_windows)
    assert ("Wednesday", "03:00–06:00") not in {(w.weekday, w.hours) for w in insights.best_windows}
    tip = {t.id: t for t in _score(model).tips}["best-time"]
    assert tip.apply["planned_hours"] == "18:00–21:00" and "2 of your posts" not in tip.advice
    # The heatmap still shows the cell, its 2 posts' rate shrunk most of the way back to 1x.
    cell = next(w for w in insights.heatmap if (w.weekday, w.hours) == ("Wednesday", "03:00–06:00"))
    assert cell.posts == 2 and cell.relative_save_rate > 1.8 and 1.0 < cell.estimate_relative < 1.2


def test_window_rates_are_shrunk_like_the_hashtags_and_the_tip_quotes_the_estimate(planted_creator):
    insights = build_insights(planted_creator, META)
    for w in insights.heatmap:  # between 1x and the raw rate, nearer 1x the fewer the posts
        assert min(1.0, w.relative_save_rate) - 1e-4 <= w.estimate_relative <= max(1.0, w.relative_save_rate) + 1e-4
    assert all(w.estimate_relative >= 1.0 for w in insights.best_windows)  # its posts did not save less
    top = insights.best_windows[0]
    advice = {t.id: t for t in _score(planted_creator).tips}["best-time"].advice
    assert (
        f"earned about {top.estimate_relative:.2f}×" in advice
        and abs(top.estimate_relative - top.relative_save_rate) > 0.01
    )
    assert f"{top.relative_save_rate:.2f}×" not in advice


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


def test_a_model_that_beats_the_mean_stays_quiet(planted_creator):
    assert planted_creator.check.beats_mean is True and planted_creator.check.warning is None
    insights = build_insights(planted_creator, META)
    assert insights.model_check.beats_mean is True and not any(WEAK in w for w in insights.warnings)
    score = _score(planted_creator)
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
    assert worse.beats_mean is False and "3.50" in worse.summary and "3.00" in worse.summary
    unranked = check_model(_report(2.0, 3.0, -0.1))
    assert unranked.beats_mean is False and "rank" in unranked.summary
    assert "rough" in check_model(_report(3.5, 3.0, 0.3, n_test=4)).warning
    assert check_model({}).beats_mean is None and check_model({"error": "too short"}).warning is None


def test_a_negative_rank_correlation_is_worse_than_chance():
    """Issue 30: a rank correlation of -0.76 was called "no better than chance"."""
    backwards = check_model(_report(2.0, 3.0, -0.76))
    assert "ranked them worse than chance (rank correlation -0.76)" in backwards.summary
    assert "no better than chance" in check_model(_report(2.0, 3.0, 0.0)).summary


def test_the_weak_model_warning_is_one_short_line_and_the_figures_are_in_the_summary():
    """Issue 30: the eight-line warning was repeated in every output; now one line, which names the
    guesses that did as well, while the figures are said once (the summary insights show)."""
    check = check_model(_full_report((0.28, 0.75), recent_mean=(0.31, 0.80), hashtag_only=(0.32, 0.71)))
    assert WEAK in check.warning and len(check.warning) <= 200 and "\n" not in check.warning
    assert "recent average" in check.warning and "hashtags alone" in check.warning
    assert "0.71" not in check.warning and "0.71" in check.summary


def _full_report(model, **baselines):
    """A report with every simple guess: (spearman, mae) pairs; the model beats any left at their defaults."""
    guesses = {"creator_mean": (0.0, 3.14), "creator_median": (0.0, 2.5), "recent_mean": (0.05, 2.6)}
    guesses |= {"hashtag_only": (0.10, 2.4), "population_only": (0.9, 0.1)} | baselines
    return {
        "n_test": 28,
        "model": {"spearman": model[0], "mae_saves_per_1k": model[1]},
        "baselines": {k: {"spearman": rho, "mae_saves_per_1k": mae} for k, (rho, mae) in guesses.items()},
    }


def test_beating_the_pooled_average_is_not_enough_when_a_simpler_guess_does_better():
    # The creator: the pooled rate (3.14/1k) is far above the median post, so the model
    # beats that guess easily while the recent average and hashtags alone rank the posts better.
    check = check_model(_full_report((0.28, 0.75), recent_mean=(0.31, 0.80), hashtag_only=(0.32, 0.71)))
    assert check.beats_mean is False
    assert check.better_guesses == ("recent_mean", "hashtag_only")
    assert "recent average" in check.summary and "hashtags alone" in check.summary  # each named
    assert "+0.32" in check.summary and "+0.28" in check.summary and "0.71" in check.summary
    assert "your average" not in check.summary.replace("recent average", "")  # the pooled guess did worse: unnamed
    # The median post comes closer than the model: not beaten either, and said with its error.
    closer = check_model(_full_report((0.4, 1.2), creator_median=(0.0, 1.06)))
    assert closer.beats_mean is False and closer.better_guesses == ("creator_median",)
    assert "median post" in closer.summary and "1.06" in closer.summary and "1.20" in closer.summary
    # Figures that print alike at two decimals get a third.
    near = check_model(_full_report((0.36, 0.902), hashtag_only=(0.17, 0.899)))
    assert near.beats_mean is False and "0.899" in near.summary and "0.902" in near.summary
    # The product's own population model is not a simple guess: it never makes the model "lose".
    assert "population_only" not in check.compared_with


def test_beats_is_said_only_when_every_simple_guess_is_beaten():
    check = check_model(_full_report((0.45, 2.0)))
    assert check.beats_mean is True and check.warning is None and check.better_guesses == ()
    assert check.compared_with == ("creator_mean", "creator_median", "recent_mean", "hashtag_only")
    assert "beat every simple guess" in check.summary and "hashtags alone" in check.summary  # the best ranker
    assert "2.40 for the closest, guessing from hashtags alone" in check.summary


# -- small samples: drivers that matter, hashtags by shrunk rate -------------------------------------


@pytest.mark.parametrize("which", ["planted_creator", "noise"])
def test_drivers_are_only_effects_that_matter(which, request):
    insights = build_insights(request.getfixturevalue(which), META)
    for d in insights.top_drivers:
        assert abs(d.effect_relative) >= 0.02, d
        assert d.effect_low <= d.effect_relative <= d.effect_high, d
        assert d.effect_low > 0 or d.effect_high < 0, d  # the interval excludes no effect


def test_planted_drivers_lead_with_their_intervals(planted_creator):
    drivers = build_insights(planted_creator, META).top_drivers
    assert drivers[0].feature == "save_cta" and drivers[0].effect_low > 0.2


def test_a_hashtag_on_two_lucky_posts_does_not_outrank_a_steady_one(planted_creator):
    planted_creator = copy.copy(planted_creator)  # the module's model stays as trained for the other tests
    planted_creator.hashtag_stats_ = [
        *planted_creator.hashtag_stats_,
        HashtagStat(hashtag="taps", posts=2, relative_save_rate=3.92, saves_per_1k=40.0),
    ]
    tags = build_insights(planted_creator, META).hashtags
    names = [t.hashtag for t in tags]
    assert names[0] == "mealprep", names  # 1.2x planted on ~80 posts beats 3.92x on 2
    taps = tags[names.index("taps")]
    assert taps.relative_save_rate == 3.92 and 1.0 < taps.estimate_relative < 1.6


def _with_a_lucky_tag():
    """A planted history (#mealprep x1.2) plus #lucky on 6 posts that happened to save 2.5x."""
    out = []
    for i, r in enumerate(generate_history(240, seed=3, creator_id="tags")):
        if i % 37 == 5:
            tags = (*r.hashtags, "lucky")
            r = msgspec.structs.replace(
                r, caption=r.caption + " #lucky", hashtags=tags, saves=min(r.views, r.saves * 5 // 2)
            )
        out.append(r)
    return CreatorModel("tags").fit(out)


def _allowed(rate) -> str:
    """The most confidence a hashtag's shrunk estimate allows: +10% / +2% at its 80% low end."""
    return "high" if rate.estimate_low >= 1.10 else "medium" if rate.estimate_low >= 1.02 else "low"


@pytest.mark.parametrize("which", ["lucky_tag", "planted_creator"])
def test_the_hashtag_tip_and_insights_give_one_estimate(which, request):
    model = _with_a_lucky_tag() if which == "lucky_tag" else request.getfixturevalue(which)
    rates = {h.hashtag: h for h in build_insights(model, META, max_items=50).hashtags}
    if which == "lucky_tag":  # 6 lucky posts: 2.5x raw, far less once shrunk
        assert rates["lucky"].relative_save_rate > 2.5 and rates["lucky"].estimate_relative < 1.6
    order = {"low": 0, "medium": 1, "high": 2}
    seen = 0
    for caption in ("Quick lunch at home", "Rice bowls for the week #cooking", "Soup night #lucky"):
        tips = {t.id: t for t in _score(model, caption=caption).tips}
        if "relevant-hashtags" not in tips:
            continue
        tip = tips["relevant-hashtags"]
        tag = tip.apply["hashtags"][-1]  # the tag added (after the draft's own), which the advice cites
        rate = rates[tag]
        # The promise stays within insights' range for the tag, and the advice quotes insights' estimate.
        assert tip.expected_impact.relative <= rate.estimate_high - 1.0 + 1e-3, (tag, tip.expected_impact, rate)
        assert f"{rate.estimate_relative:.2f}×" in tip.advice and f"{rate.relative_save_rate:.2f}×" not in tip.advice
        assert order[tip.confidence] <= order[_allowed(rate)], (tag, tip.confidence, rate)
        seen += 1
    assert seen >= 2


@pytest.fixture(scope="module")
def asks(tmp_path_factory):
    # Every question here also invites comments ("What would you add?") and nothing else does:
    # "A question in the caption" and "Invitation to comment" are the same posts.
    history = generate_history(240, seed=3, planted=PlantedEffects(question=1.8), creator_id="asks")
    return _trained(tmp_path_factory, "asks", history)


def test_two_levers_on_the_same_posts_are_one_driver(asks):
    from models.read.evidence import model_lever_split

    assert model_lever_split(asks, "question") == model_lever_split(asks, "engage")  # the premise
    drivers = build_insights(asks, META).top_drivers
    about_questions = [d for d in drivers if d.feature in ("question", "engage")]
    assert len(about_questions) == 1, [d.label for d in drivers]
    (driver,) = about_questions
    assert driver.label == "A question in the caption" and driver.effect_relative > 0.2  # the planted +80%
    assert driver.effect_low <= driver.effect_relative <= driver.effect_high


# -- the chart's data ---------------------------------------------------------------------------------


def test_insights_carry_the_time_split_predictions_beside_the_actuals(planted_creator):
    insights = build_insights(planted_creator, META)
    timeline = insights.timeline
    points = timeline.points
    assert sum(p.posts for p in points) == planted_creator.n_posts_
    held_out = [p for p in points if p.predicted_saves_per_1k is not None]
    assert held_out and held_out[0].at == timeline.held_out_from
    assert points[: len(points) - len(held_out)] == [p for p in points if p.predicted_saves_per_1k is None]
    assert sum(p.posts for p in held_out) == insights.quality["n_test"]
    assert [p.at for p in points] == sorted(p.at for p in points)
    assert timeline.creator_mean_saves_per_1k == insights.quality["creator_mean_saves_per_1k"] > 0
    assert "timeline" not in insights.quality  # the chart is not repeated in the report
