"""A population effect cites the creators and posts that *had* the lever, and rests on at least
MIN_LEVER_CREATORS of them; below that the guide's stated prior prices the tip, and says so."""

from __future__ import annotations

import math

import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel, creator_stats
from models.fit.features import lever_flags, records_to_inputs
from models.fit.population import MIN_LEVER_CREATORS
from models.fit.population_stats import CreatorStats
from models.read.scoring import score_drafts
from models.read.tips.catalogue import TIPS
from tests.helpers import population_without
from training.sample_data import PlantedEffects, generate_history

CTA = PlantedEffects(save_cta=1.7, informative=1.0, text_overlay=1.0, best_hour=1.0, hashtag=1.0, question=1.0)
PLAIN = Draft(caption="Sunday market haul and a quiet lunch at home", text_overlay=False)
N_CREATORS = 10


def _without_save_calls(records):
    """The posts the product's own detector finds no save call in."""
    inputs = records_to_inputs(records, 0)
    return [r for r, post in zip(records, inputs, strict=True) if not lever_flags(post)["save_cta"]]


@pytest.fixture(scope="module")
def histories():
    return {f"c{i}": generate_history(60, seed=500 + i, planted=CTA, creator_id=f"c{i}") for i in range(N_CREATORS)}


@pytest.fixture(scope="module")
def thin_creator():
    return _without_save_calls(generate_history(12, seed=99, planted=CTA, creator_id="thin"))


def _save_cta_tip(stats: dict[str, CreatorStats], thin_records):
    population = population_without(stats, "thin", "e5-small")
    model = CreatorModel("thin").fit(thin_records, population=population)
    return population, {t.id: t for t in score_drafts(model, "v", [PLAIN])[0].tips}["save-cta"]


def test_a_population_tip_cites_the_creators_and_posts_that_had_the_lever(histories, thin_creator):
    stats = {cid: creator_stats(cid, records) for cid, records in histories.items()}
    had = [s.had_lever("save_cta") for s in stats.values()]
    creators, posts = sum(1 for h in had if h), sum(had)
    assert creators >= MIN_LEVER_CREATORS and posts < sum(s.n for s in stats.values())
    _, tip = _save_cta_tip(stats, thin_creator)
    assert tip.source == "population"
    assert (tip.evidence.population_creators, tip.evidence.population_posts) == (creators, posts)
    assert f"the {creators} other creators whose posts had it ({posts} posts)" in tip.evidence.note


def test_a_lever_too_few_creators_had_is_priced_by_the_stated_prior(histories, thin_creator):
    """Only 3 of 10 creators ever asked for a save: 10 creators pooled are not 10 creators' evidence."""
    kept = {
        cid: records if i < 3 else _without_save_calls(records) for i, (cid, records) in enumerate(histories.items())
    }
    stats = {cid: creator_stats(cid, records) for cid, records in kept.items()}
    population, tip = _save_cta_tip(stats, thin_creator)
    assert population.source == "population" and population.n_creators == N_CREATORS
    assert population.support("save_cta")[0] == 3 and "save_cta" in population.stated_levers
    assert population.lever_effect("save_cta") == pytest.approx(math.log1p(TIPS["save-cta"].prior_relative))
    assert tip.source == "prior" and tip.confidence == "low"
    assert tip.evidence.population_creators == 3 and tip.evidence.prior_relative == TIPS["save-cta"].prior_relative
    assert "the posts of only 3 other creators had it" in tip.evidence.note and "stated prior" in tip.evidence.note
    assert tip.expected_impact.relative == pytest.approx(TIPS["save-cta"].prior_relative, abs=0.05)


def test_lever_counts_survive_the_statistics_file_and_older_files_read_as_uncounted(histories):
    stats = creator_stats("c0", histories["c0"])
    again = CreatorStats.from_bytes(stats.to_bytes())
    assert again.levers == stats.levers and again.had_lever("save_cta") == stats.had_lever("save_cta") > 0
    old = CreatorStats("old", "e5-small", stats.names, stats.gram, stats.cross, stats.yy, stats.n)
    assert CreatorStats.from_bytes(old.to_bytes()).levers is None
