"""The same per-creator steps as Ray tasks: a local runtime with 2 CPUs trains a few creators.

Ray is an optional extra (``pip install '.[ray]'``); without it this test is skipped, saying so.
"""

from __future__ import annotations

import pytest

from models.core.records import HistoryRead
from models.fit.store import load_model
from training.sample_data import generate_history
from training.train import train_history

pytestmark = pytest.mark.slow


def test_a_local_ray_runtime_with_two_cpus_trains_every_creator(tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed (optional extra: pip install '.[ray]')")
    creators = ["r0", "r1", "r2"]
    records = [r for i, cid in enumerate(creators) for r in generate_history(10, seed=60 + i, creator_id=cid)]
    records += generate_history(2, seed=70, creator_id="thin")
    summary = train_history(HistoryRead(records=tuple(records)), tmp_path, workers=2, use_ray=True)
    assert summary.workers == 2  # the runtime's CPUs
    assert [r.creator_id for r in summary.trained] == creators
    assert not summary.failed and len(summary.skipped) == 1 and "'thin'" in summary.skipped[0]
    assert summary.worker_peak_rss_mb and all(mb > 0 for mb in summary.worker_peak_rss_mb)
    for cid in creators:
        model, meta = load_model(tmp_path, cid)
        assert model.n_posts_ == 10 and meta.history_fingerprint
    assert sorted(p.name for p in tmp_path.iterdir()) == creators  # the run's scratch is gone
