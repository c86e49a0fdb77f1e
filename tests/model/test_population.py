"""Learning across creators: a planted within-creator effect is recovered by the population,
a thin creator borrows it (source "population"), and a lone creator falls back to the stated priors."""

from __future__ import annotations

import gc
import math
import weakref

import numpy as np
import pytest

from models.core.records import Draft, HistoryRead
from models.fit.creator_model import CreatorModel, creator_stats
from models.fit.population import Population, PopulationFitter, stated_prior
from models.fit.population_stats import CreatorStats, LazyStats
from models.fit.store import STATS_FILE
from models.read.scoring import score_drafts
from models.read.tips.catalogue import TIPS
from tests.helpers import fit_population, load_population_stats, population_fitter, population_without
from training.sample_data import PlantedEffects, generate_history
from training.steps import train_creator
from training.train import train_history

# Every creator of the service: a save call lifts saves by 1.7x, and nothing else is planted.
CTA = PlantedEffects(save_cta=1.7, informative=1.0, text_overlay=1.0, best_hour=1.0, hashtag=1.0, question=1.0)
PLAIN = Draft(caption="Sunday market haul and a quiet lunch at home", text_overlay=False)


@pytest.fixture(scope="module")
def service_stats():
    histories = {f"c{i}": generate_history(60, seed=500 + i, planted=CTA, creator_id=f"c{i}") for i in range(12)}
    return {cid: creator_stats(cid, records) for cid, records in histories.items()}


def test_population_recovers_a_planted_within_creator_effect(service_stats):
    population = fit_population(list(service_stats.values()))
    assert population is not None and population.source == "population"
    assert population.n_creators == 12
    lift = math.exp(population.lever_effect("save_cta"))
    assert 1.45 <= lift <= 1.95, lift  # planted 1.7
    assert abs(population.lever_effect("text_overlay")) < 0.1  # nothing planted there


def test_a_thin_creator_borrows_the_population(service_stats):
    """12 posts, none asking to save: too few to learn the lever, so the tip comes from the population."""
    thin = generate_history(12, seed=99, planted=CTA, creator_id="thin")
    thin = [r for r in thin if "save" not in r.caption.casefold()]
    population = population_without(service_stats, "thin", "e5-small")
    model = CreatorModel("thin").fit(thin, population=population)
    tip = {t.id: t for t in score_drafts(model, "v", [PLAIN])[0].tips}["save-cta"]
    assert tip.source == "population"
    assert tip.evidence.population_creators == 12
    assert 0.3 <= tip.expected_impact.relative <= 0.95, tip.expected_impact  # planted +70%, shrunk for a thin creator


def test_a_lone_creator_falls_back_to_stated_priors():
    lone = generate_history(12, seed=98, planted=CTA, creator_id="lone")
    model = CreatorModel("lone").fit([r for r in lone if "save" not in r.caption.casefold()])
    assert model.prior_source == "prior"
    tip = {t.id: t for t in score_drafts(model, "v", [PLAIN])[0].tips}["save-cta"]
    assert tip.source == "prior" and tip.confidence == "low"
    # The promise is the model's own change: the stated prior, applied.
    assert tip.expected_impact.relative == pytest.approx(TIPS["save-cta"].prior_relative, abs=0.02)


def test_too_few_creators_make_no_population(service_stats):
    assert fit_population(list(service_stats.values())[:3]) is None
    prior = stated_prior(list(next(iter(service_stats.values())).names))
    assert prior.source == "prior" and prior.lever_effect("save_cta") == pytest.approx(math.log1p(0.15))


def test_training_a_history_stores_statistics_and_one_more_creator_uses_them(tmp_path):
    records = [r for i in range(6) for r in generate_history(40, seed=700 + i, planted=CTA, creator_id=f"s{i}")]
    summary = train_history(HistoryRead(records=tuple(records)), tmp_path)
    assert [t.creator_id for t in summary.trained] == [f"s{i}" for i in range(6)]
    assert all(t.shrunk_towards == "population" and t.population_creators == 5 for t in summary.trained)
    assert set(load_population_stats(tmp_path, "e5-small")) == {f"s{i}" for i in range(6)}
    # Through the API a creator arrives alone: the models directory's creators are the population.
    newcomer = generate_history(15, seed=800, planted=CTA, creator_id="new")
    result = train_creator(newcomer, "new", tmp_path)
    assert result.shrunk_towards == "population" and result.population_creators == 6


def test_statistics_hold_no_posts(service_stats):
    """What is kept for the population is sums of products: no caption, no count, no id of a post."""
    stats = next(iter(service_stats.values()))
    blob = stats.to_bytes()
    assert b"Sunday" not in blob and b"save" not in blob.lower()
    again = type(stats).from_bytes(blob)
    assert again.n == stats.n and np.allclose(again.gram, stats.gram, atol=1e-4)


def test_the_population_reads_each_creator_once_and_holds_none_of_them(service_stats):
    """Summed in one pass from a lazy source (as training reads them from disk): the same prior as
    from statistics in memory, each creator read once, and no creator's matrices kept afterwards."""
    reads: list[str] = []
    alive = weakref.WeakSet()

    def load(cid):
        reads.append(cid)
        stats = service_stats[cid]
        copy = CreatorStats(
            cid, stats.encoder, stats.names, stats.gram.copy(), stats.cross, stats.yy, stats.n, levers=stats.levers
        )
        alive.add(copy)
        return copy

    ids = sorted(service_stats)
    population = PopulationFitter().fit(LazyStats(ids, load)).population_
    assert reads == ids  # one pass, in order
    gc.collect()
    assert len(alive) == 0  # nothing of any creator is held once summed
    in_memory = population_fitter(service_stats, "e5-small")
    for cid in ("c0", "c7"):
        ours = population.without(service_stats[cid])
        theirs = in_memory.prior(without=cid)
        assert ours.n_creators == theirs.n_creators == 11
        assert np.allclose(ours.coef, theirs.coef, atol=1e-12)
        assert np.allclose(ours.boot_coef, theirs.boot_coef, atol=1e-12)
    # What the fit steps receive (a file in the run's scratch folder) gives the same prior.
    again = Population.from_bytes(population.to_bytes()).without(service_stats["c3"])
    assert np.array_equal(again.coef, population.without(service_stats["c3"]).coef)


def test_a_damaged_statistics_file_costs_the_population_one_creator(tmp_path):
    records = [r for i in range(6) for r in generate_history(25, seed=900 + i, planted=CTA, creator_id=f"d{i}")]
    train_history(HistoryRead(records=tuple(records)), tmp_path)
    stats_file = tmp_path / "d2" / STATS_FILE
    stats_file.write_bytes(stats_file.read_bytes()[:2000])  # cut short, header entries may survive
    assert set(load_population_stats(tmp_path, "e5-small")) == {"d0", "d1", "d3", "d4", "d5"}
    result = train_creator(generate_history(15, seed=901, planted=CTA, creator_id="new"), "new", tmp_path)
    assert result.shrunk_towards == "population" and result.population_creators == 5
