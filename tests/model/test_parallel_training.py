"""Many creators at once: parallel training stores what serial training stores, one creator's
failure leaves the others trained, and a rerun retrains only the creators whose history changed."""

from __future__ import annotations

import shutil

import msgspec
import pytest

from models.core.records import Draft, HistoryRead
from models.fit.store import load_model, read_meta
from models.read.scoring import score_drafts
from tests.helpers import fail_training_of
from training.executors import CreatorTask, make_batches
from training.sample_data import generate_history
from training.steps import history_fingerprint
from training.train import train_history

pytestmark = pytest.mark.slow

# Six creators: each is shrunk towards the population of the five others (the minimum).
CREATORS = [f"p{i}" for i in range(6)]
DRAFTS = [
    Draft(caption="How to prep 5 lunches in an hour. Save this for later! #mealprep", text_overlay=True),
    Draft(caption="a quiet sunday", text_overlay=False),
]


def _history(n_posts: int = 15) -> HistoryRead:
    records = [r for i, cid in enumerate(CREATORS) for r in generate_history(n_posts, seed=40 + i, creator_id=cid)]
    return HistoryRead(records=tuple(records))


def _predictions(models_dir, creator_id):
    model, meta = load_model(models_dir, creator_id)
    return [s.predicted_saves_per_1k for s in score_drafts(model, meta.version, DRAFTS)]


@pytest.fixture(scope="module")
def serial_and_parallel(tmp_path_factory):
    root = tmp_path_factory.mktemp("parallel")
    history = _history()
    serial = train_history(history, root / "serial", workers=1)
    parallel = train_history(history, root / "parallel", workers=2)
    return root, serial, parallel


def test_parallel_training_stores_the_same_models_as_serial(serial_and_parallel):
    root, serial, parallel = serial_and_parallel
    assert parallel.workers == 2 and serial.workers == 1
    assert len(parallel.worker_peak_rss_mb) == 2  # two processes did the work, not this one
    assert [r.creator_id for r in parallel.trained] == [r.creator_id for r in serial.trained] == CREATORS
    assert not parallel.failed and not serial.failed
    for ours, theirs in zip(serial.trained, parallel.trained, strict=True):
        assert ours.shrunk_towards == theirs.shrunk_towards == "population"
        assert ours.population_creators == theirs.population_creators == 5
        assert _predictions(root / "serial", ours.creator_id) == pytest.approx(
            _predictions(root / "parallel", ours.creator_id), rel=1e-4
        )
    # The workers' scratch (caption vectors, statistics) is gone; only creators remain.
    assert sorted(p.name for p in (root / "parallel").iterdir()) == CREATORS


def test_a_rerun_skips_unchanged_creators_and_retrains_a_changed_one(serial_and_parallel, tmp_path):
    root, _, _ = serial_and_parallel
    models = tmp_path / "models"
    shutil.copytree(root / "serial", models)
    before = {cid: read_meta(models, cid).version for cid in CREATORS}
    records = list(_history().records)
    edited = next(i for i, r in enumerate(records) if r.creator_id == "p2")
    records[edited] = msgspec.structs.replace(records[edited], saves=records[edited].saves + 7)
    records.reverse()  # row order is not a change

    again = train_history(HistoryRead(records=tuple(records)), models, workers=1, skip_unchanged=True)
    assert [r.creator_id for r in again.trained] == ["p2"]
    assert sorted(again.unchanged) == sorted(set(CREATORS) - {"p2"})
    assert again.trained[0].population_creators == 5  # the unchanged creators' stored statistics still count
    after = {cid: read_meta(models, cid).version for cid in CREATORS}
    assert [cid for cid in CREATORS if after[cid] != before[cid]] == ["p2"]

    p5 = [r for r in records if r.creator_id == "p5"]  # unchanged, yet retrained when not skipping (--force)
    forced = train_history(HistoryRead(records=tuple(p5)), models, workers=1)
    assert [r.creator_id for r in forced.trained] == ["p5"] and not forced.unchanged


def test_one_failing_creator_is_reported_and_the_others_are_trained(monkeypatch, tmp_path):
    fail_training_of(monkeypatch, "p1", "disk full")
    records = [r for r in _history(8).records if r.creator_id in ("p0", "p1", "p2")]
    summary = train_history(HistoryRead(records=tuple(records)), tmp_path, workers=1)
    assert [r.creator_id for r in summary.trained] == ["p0", "p2"]
    assert [(f.creator_id, f.reason) for f in summary.failed] == [("p1", "RuntimeError: disk full")]
    assert not (tmp_path / "p1" / "current.json").exists()


def _task(cid: str, n: int) -> CreatorTask:
    return CreatorTask(creator_id=cid, records=[None] * n, fingerprint=cid)


def test_batches_hold_many_small_creators_and_keep_every_creator_once():
    tasks = [_task(f"s{i}", 150) for i in range(500)] + [_task("big", 10_000)]
    batches = make_batches(tasks, workers=2, max_posts=3_000)
    assert [t.creator_id for b in batches for t in b] == [t.creator_id for t in tasks]
    assert all(sum(len(t.records) for t in b) <= 3_000 for b in batches if len(b) > 1)
    assert max(len(b) for b in batches) == 20  # 20 creators of 150 posts per task, not one each
    assert [t.creator_id for t in batches[-1]] == ["big"]  # too big to share a batch
    # Few creators: each worker still gets several batches to balance.
    assert len(make_batches([_task(f"s{i}", 150) for i in range(8)], workers=2)) == 8


def test_the_fingerprint_follows_the_rows_not_their_order():
    records = generate_history(10, seed=3, creator_id="f")
    base = history_fingerprint("f", records, "e5-small")
    assert history_fingerprint("f", list(reversed(records)), "e5-small") == base
    assert history_fingerprint("f", records, "minilm") != base
    changed = [msgspec.structs.replace(records[0], caption=records[0].caption + "!"), *records[1:]]
    assert history_fingerprint("f", changed, "e5-small") != base


def _crashing_step(batch, settings):
    """A step whose worker dies (as if out of memory) on creator 'boom'."""
    import os

    from training.executors import BatchResult, Outcome

    if any(t.creator_id == "boom" for t in batch):
        os._exit(1)
    return BatchResult(outcomes=[Outcome(creator_id=t.creator_id) for t in batch], pid=os.getpid(), peak_rss_mb=1.0)


def test_a_worker_process_that_dies_fails_only_its_own_batch(tmp_path):
    from training.executors import LocalExecutor, StepSettings

    settings = StepSettings(models_dir=str(tmp_path), scratch=str(tmp_path), encoder="e5-small")
    batches = [[_task(cid, 1)] for cid in ("a", "boom", "c", "d", "e")]
    with LocalExecutor(2, "e5-small") as executor:
        outcomes = [o for result in executor.run(_crashing_step, batches, settings) for o in result.outcomes]
    assert sorted(o.creator_id for o in outcomes if not o.failed) == ["a", "c", "d", "e"]
    (boom,) = [o for o in outcomes if o.failed]
    assert boom.creator_id == "boom" and "worker process stopped" in boom.failed


def test_the_fit_step_reuses_the_statistics_steps_caption_vectors_on_any_worker(tmp_path):
    """A fit landing on a worker that never saw the creator embeds nothing again: the vectors come from scratch."""
    from models.text.embeddings import embedding_cache
    from training.executors import StepSettings
    from training.steps import fit_batch, stats_batch

    records = generate_history(8, seed=90, creator_id="v")
    records = [msgspec.structs.replace(r, caption=f"{r.caption} (only here {i})") for i, r in enumerate(records)]
    task = CreatorTask(creator_id="v", records=records, fingerprint=history_fingerprint("v", records, "e5-small"))
    settings = StepSettings(models_dir=str(tmp_path), scratch=str(tmp_path / ".run-test"), encoder="e5-small")
    (stats,) = stats_batch([task], settings).outcomes
    assert stats.value is not None and not stats.failed
    cache = embedding_cache()
    with cache._lock:  # as if on another process: this creator's vectors are not in memory
        for key in [k for k in cache._items if "only here" in k[1]]:
            del cache._items[key]
    misses = cache.misses
    (fitted,) = fit_batch([task], settings).outcomes
    assert not fitted.failed and fitted.value.n_posts == 8
    assert cache.misses == misses  # nothing embedded again
    assert read_meta(tmp_path, "v").history_fingerprint == task.fingerprint
