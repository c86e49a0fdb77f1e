"""A synthetic history (the bundled sample) never shares a population with real creators.

Issue 22: the demo's synthetic creator sat in the default models directory and fed every real
creator's population, so a real creator's save-call tip said +64% "across 116 creators" instead
of +14%. A history marked ``synthetic`` pools only with other synthetic ones, however the two
meet: in one history, the sample stored first, or one creator trained alone through the API's path.
"""

from __future__ import annotations

import io
from pathlib import Path

import msgspec
import numpy as np
import pytest

from models.core.records import SYNTHETIC_WARNING, Draft, HistoryRead, PostRecord
from models.fit.creator_model import creator_stats
from models.fit.population_stats import CreatorStats
from models.fit.store import STATS_FILE, load_model, read_creator_stats, save_creator_stats, stored_stats_files
from models.read.insights import build_insights
from models.read.scoring import score_drafts
from tests.helpers import small_history
from training.importers import read_history, write_canonical_csv
from training.sample_data import DEMO_CREATOR, PlantedEffects, generate_history
from training.steps import history_fingerprint, train_creator
from training.train import train_history

SAMPLE = Path(__file__).resolve().parents[2] / "training" / "sample" / "sample_history.csv"
# Real creators whose save call lifts saves by 15% (the sample plants 80%).
MILD = PlantedEffects(save_cta=1.15, informative=1.0, text_overlay=1.0, best_hour=1.0, hashtag=1.0, question=1.0)
PLAIN = Draft(caption="Sunday market haul and a quiet lunch at home", text_overlay=False)


def _as_real(records) -> list[PostRecord]:
    """Records as a real export gives them: every field but the synthetic mark."""
    rows = [{k: v for k, v in msgspec.to_builtins(r).items() if k != "synthetic"} for r in records]
    return [msgspec.convert(row, PostRecord, strict=False) for row in rows]


@pytest.fixture(scope="module")
def sample() -> list[PostRecord]:
    return list(read_history(SAMPLE).records)


@pytest.fixture(scope="module")
def real():
    """Six real creators, and "studio": 12 posts without a save call, so its save-call tip is the population's."""
    others = [r for i in range(6) for r in generate_history(50, seed=300 + i, planted=MILD, creator_id=f"real-{i}")]
    studio = [r for r in generate_history(16, seed=399, planted=MILD, creator_id="studio") if "save" not in r.caption]
    return _as_real(others), _as_real(studio)


def _save_call_tip(models_dir: Path, creator: str):
    model, meta = load_model(models_dir, creator)
    tips = {t.id: t for t in score_drafts(model, meta.version, [PLAIN])[0].tips}
    return tips["save-cta"]


def _same_population(alone: Path, beside: Path, alone_result, beside_result) -> None:
    assert beside_result.population_creators == alone_result.population_creators
    assert beside_result.shrunk_towards == alone_result.shrunk_towards == "population"
    ours, theirs = _save_call_tip(beside, "studio"), _save_call_tip(alone, "studio")
    assert ours.source == theirs.source == "population"
    assert ours.evidence.population_creators == theirs.evidence.population_creators
    assert ours.expected_impact.relative == pytest.approx(theirs.expected_impact.relative, abs=1e-9)


def test_the_sample_in_the_same_history_changes_no_real_creators_population(tmp_path, sample, real):
    others, studio = real
    alone = train_history(HistoryRead(records=tuple(others + studio)), tmp_path / "alone")
    beside = train_history(HistoryRead(records=tuple(others + studio + sample)), tmp_path / "beside")
    by_id = {r.creator_id: r for r in beside.trained}
    studio_alone = next(r for r in alone.trained if r.creator_id == "studio")
    _same_population(tmp_path / "alone", tmp_path / "beside", studio_alone, by_id["studio"])
    # Nor the other way round: the sample has no synthetic company here, so it leans on the stated priors.
    kitchen = by_id[DEMO_CREATOR]
    assert kitchen.synthetic and kitchen.shrunk_towards == "prior" and kitchen.population_creators == 0
    assert not any(r.synthetic for r in alone.trained)


def test_the_sample_stored_first_changes_no_real_creators_population(tmp_path, sample, real):
    """As the README's examples run: the sample trained into the models directory, real creators after,
    then one more creator alone (the API's path: the population of the directory's stored creators)."""
    others, studio = real
    train_history(HistoryRead(records=tuple(others)), tmp_path / "alone")
    train_history(HistoryRead(records=tuple(sample)), tmp_path / "beside")
    train_history(HistoryRead(records=tuple(others)), tmp_path / "beside")
    alone = train_creator(studio, "studio", tmp_path / "alone")
    beside = train_creator(studio, "studio", tmp_path / "beside")
    _same_population(tmp_path / "alone", tmp_path / "beside", alone, beside)
    assert beside.population_creators == 6


def test_synthetic_creators_pool_only_with_each_other(tmp_path, real):
    others, _ = real
    synthetic = [r for i in range(6) for r in generate_history(30, seed=600 + i, creator_id=f"fake-{i}")]
    summary = train_history(HistoryRead(records=tuple(others + synthetic)), tmp_path)
    counts = {r.creator_id: (r.synthetic, r.population_creators) for r in summary.trained}
    assert counts == {**{f"real-{i}": (False, 5) for i in range(6)}, **{f"fake-{i}": (True, 5) for i in range(6)}}
    newcomer = train_creator(generate_history(15, seed=700, creator_id="fake-new"), "fake-new", tmp_path)
    assert newcomer.synthetic and newcomer.population_creators == 6


def test_every_score_and_insights_of_a_synthetic_creator_say_so(tmp_path, real):
    train_creator(generate_history(40, seed=41, creator_id="fake"), "fake", tmp_path)
    train_creator(real[0][:50], "real-0", tmp_path)
    model, meta = load_model(tmp_path, "fake")
    assert model.synthetic
    assert SYNTHETIC_WARNING in score_drafts(model, meta.version, [PLAIN])[0].warnings
    assert SYNTHETIC_WARNING in build_insights(model, meta).warnings
    model, meta = load_model(tmp_path, "real-0")
    assert not model.synthetic
    assert SYNTHETIC_WARNING not in score_drafts(model, meta.version, [PLAIN])[0].warnings
    assert SYNTHETIC_WARNING not in build_insights(model, meta).warnings


def test_a_model_file_from_before_the_mark_reads_as_real(tmp_path, real):
    from models.fit.store import model_from_bytes, model_to_bytes

    train_creator(real[0][:50], "real-0", tmp_path)
    model, _ = load_model(tmp_path, "real-0")
    del model.synthetic_  # what a model trained before the mark holds
    assert model_from_bytes(model_to_bytes(model)).synthetic is False


def _old_stats_bytes(stats: CreatorStats) -> bytes:
    """A statistics file as written before the synthetic mark existed."""
    buf = io.BytesIO()
    np.savez(
        buf,
        gram=stats.gram.astype(np.float32),
        cross=stats.cross,
        yy=np.array(stats.yy),
        n=np.array(stats.n),
        names=np.array(stats.names),
        creator_id=np.array(stats.creator_id),
        encoder=np.array(stats.encoder),
    )
    return buf.getvalue()


def test_statistics_carry_the_mark_and_an_old_file_reads_as_real(tmp_path, real):
    real_stats = creator_stats("real-0", real[0][:50])
    fake_stats = creator_stats("fake", generate_history(20, seed=5, creator_id="fake"))
    assert not real_stats.synthetic and fake_stats.synthetic
    assert CreatorStats.from_bytes(fake_stats.to_bytes()).synthetic is True
    assert CreatorStats.from_bytes(real_stats.to_bytes()).synthetic is False
    save_creator_stats(fake_stats, tmp_path)
    (tmp_path / "old").mkdir()
    old = CreatorStats("old", real_stats.encoder, real_stats.names, real_stats.gram, real_stats.cross, 1.0, 50)
    (tmp_path / "old" / STATS_FILE).write_bytes(_old_stats_bytes(old))
    assert read_creator_stats(tmp_path / "old" / STATS_FILE).synthetic is False
    assert list(stored_stats_files(tmp_path, "e5-small", synthetic=False)) == ["old"]
    assert list(stored_stats_files(tmp_path, "e5-small", synthetic=True)) == ["fake"]
    assert list(stored_stats_files(tmp_path, "e5-small")) == ["fake", "old"]


def test_the_canonical_history_carries_the_mark(tmp_path, sample):
    assert len(sample) == 400 and all(r.synthetic for r in sample)
    header = SAMPLE.read_text().splitlines()[0]
    assert header.endswith(",synthetic")
    # A real export is written as before (no synthetic column) and reads back real.
    real = _as_real(sample[:5])
    out = tmp_path / "real.csv"
    write_canonical_csv(real, out)
    assert "synthetic" not in out.read_text().splitlines()[0]
    assert not any(r.synthetic for r in read_history(out).records)
    # Spelt as a spreadsheet might, in CSV or JSON Lines.
    header, *rows = out.read_text().splitlines()
    (tmp_path / "yes.csv").write_text("\n".join([header + ",Synthetic", *(row + ",yes" for row in rows)]))
    assert all(r.synthetic for r in read_history(tmp_path / "yes.csv").records)
    line = '{"post_id": "%s", "created_at": "2025-01-01T10:00:00+00:00", "caption": "x", "views": 9, "saves": 1, %s}'
    (tmp_path / "h.jsonl").write_text(line % (1, '"synthetic": true') + "\n" + line % (2, '"synthetic": false') + "\n")
    assert [r.synthetic for r in read_history(tmp_path / "h.jsonl", creator_id="c").records] == [True, False]


def test_the_mark_retrains_no_real_creator():
    """A real creator's fingerprint is the one it had before the mark existed: upgrading retrains nobody."""
    assert history_fingerprint("small", small_history(10), "e5-small") == (
        "53cb2d3f6709b23f54b8155755af1cc91e0f8a5979a3256e4720ef745195aa1e"
    )
