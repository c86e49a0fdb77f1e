"""Any draft scores the same alone, in any batch, in any order, and in another process whose
BLAS runs other kernels: a score is a property of the draft and the model, never of its company.

The sample history repeats some captions, so drafts whose nearest earlier posts tie exactly are
among the ones drawn; different OpenBLAS kernels sum a row's products in another order, which
is how a 40-draft batch once scored differently from its drafts alone on another machine.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.fit.store import save_model
from models.read.compare import compare_drafts
from models.read.scoring import score_drafts
from training.importers import read_history

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "training" / "sample" / "sample_history.csv"


@pytest.fixture(scope="module")
def history():
    return read_history(SAMPLE).records


@pytest.fixture(scope="module")
def model(history):
    return CreatorModel("demo-kitchen").fit(history[:300])


@pytest.fixture(scope="module")
def pool(history):
    """Later posts as drafts, repeated captions included, and a caption-less one."""
    later = [
        Draft(caption=r.caption, hashtags=list(r.hashtags) or None, id=f"p{i}") for i, r in enumerate(history[300:])
    ]
    return [*later, Draft(caption="", id="empty"), Draft(caption="soup", id="one-word")]


@pytest.fixture(scope="module")
def alone(model, pool):
    return [msgspec.to_builtins(score_drafts(model, "v", [draft])[0]) for draft in pool]


def test_the_pool_holds_repeated_captions(history, pool):
    captions = [r.caption for r in history[:300]]
    assert len(set(captions)) < len(captions)  # exact ties among the nearest posts are possible


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_batch_in_any_order_scores_each_draft_as_alone(model, pool, alone, data):
    picks = data.draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=40))
    scored = score_drafts(model, "v", [pool[i] for i in picks])
    for i, score in zip(picks, scored, strict=True):
        assert msgspec.to_builtins(score) == alone[i]


def test_identical_variants_tie_exactly(model, pool):
    caption = pool[3].caption
    variants = [Draft(caption=caption, id="first"), Draft(caption=pool[5].caption), Draft(caption=caption, id="again")]
    comparison = compare_drafts(model, "v", variants)
    step = next(s for s in comparison.steps if {s.higher, s.lower} == {"first", "again"})
    assert step.difference_saves_per_1k == 0 and step.agreement == 0.5 and step.verdict == "no difference"


_SCORE_IN_CHILD = """
import json, sys, msgspec
from pathlib import Path
from models.core.records import Draft
from models.read.scoring import score_drafts
from models.fit.store import load_model
drafts = msgspec.json.decode(sys.stdin.buffer.read(), type=list[Draft])
model, _ = load_model(Path(sys.argv[1]), "demo-kitchen")
print(json.dumps([msgspec.to_builtins(s) for s in score_drafts(model, "v", drafts)]))
"""


def _supports_avx2() -> bool:
    try:
        return " avx2 " in Path("/proc/cpuinfo").read_text().replace("\n", " ")
    except OSError:
        return False


@pytest.mark.parametrize("coretype", ["default", "Haswell"])
def test_another_process_with_other_blas_kernels_gives_the_same_scores(model, pool, alone, tmp_path, coretype):
    if coretype == "Haswell" and not _supports_avx2():
        pytest.skip("OpenBLAS's Haswell kernels need AVX2")
    save_model(model, tmp_path)
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    if coretype != "default":
        env["OPENBLAS_CORETYPE"] = coretype  # another summation order than this process's kernels
    reversed_pool = pool[::-1]
    out = subprocess.run(
        [sys.executable, "-c", _SCORE_IN_CHILD, str(tmp_path)],
        input=msgspec.json.encode(reversed_pool),
        capture_output=True,
        check=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert json.loads(out.stdout) == alone[::-1]
