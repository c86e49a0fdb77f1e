"""Pooling never hurts: long real creators trained among unlike ones rank their next posts as well as alone.

vn-long's creators (Vietnamese food and lifestyle), the English studio creator and the 112
Danish politicians of the dev pool, all in one models directory, as an agency would hold
them: each long creator's latest 20% is ranked by a model trained with everyone's earliest
80% (pooled) and by one trained on its own (alone), through the product's own train and
score paths (``bench.quality``). Pooled must not fall below alone beyond noise: the mean
difference over creators, plus 1.28 standard errors (a one-sided 90% bound), stays at or
above zero.

It reads ../shared/data/real in place (never copied into the project) and is skipped where
that folder is absent. It takes a few minutes: it trains about 140 real creators.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REAL / "devpool" / "vn-long.csv").is_file(), reason=f"no real data at {REAL}"),
]


def test_long_creators_among_unlike_ones_rank_no_worse_than_alone(tmp_path):
    from bench.quality import real_sets, run_unlike

    sets = real_sets(REAL, ["vn-long", "danish", "exports"])
    for data in sets:  # the studio export is the one long English creator
        if data.name == "exports":
            data.creators = {c: r for c, r in data.creators.items() if c.startswith("one-creator")}
    rows = run_unlike(sets, "e5-small", tmp_path)
    assert len(rows) >= 20, [r["creator"] for r in rows]
    diff = np.array([r["pooled"] - r["alone"] for r in rows])
    bound = diff.mean() + 1.28 * diff.std(ddof=1) / np.sqrt(len(diff))
    assert bound >= 0.0, f"pooled minus alone: mean {diff.mean():+.3f}, one-sided 90% bound {bound:+.3f}; " + ", ".join(
        f"{r['creator']} {r['alone']:+.2f}→{r['pooled']:+.2f}" for r in rows
    )
