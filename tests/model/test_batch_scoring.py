"""A batch is only a faster way to score: each draft in it scores exactly as it does alone, and
where the batch is cut into chunks changes nothing. Guards every batching optimisation of the
scoring path (shared feature rows, per-draft caches, one matrix product per chunk)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import numpy as np
import pytest

import models.read.scoring
from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.read.scoring import score_drafts
from training.importers import read_history

SAMPLE = Path(__file__).parents[2] / "training" / "sample" / "sample_history.csv"
AT = datetime(2026, 3, 5, 18, 30, tzinfo=UTC)
DRAFTS = [
    Draft(caption=""),
    Draft(caption="soup", planned_at=AT),
    Draft(caption="#mealprep #lunchideas", planned_at=AT + timedelta(hours=7)),
    Draft(
        caption="Sunday meal prep: five lunches in an hour #mealprep",
        planned_at=AT,
        duration_s=35,
        sound="original",
        text_overlay=False,
        expected_views=12000,
    ),
    Draft(caption="Sådan laver du den bedste rugbrødsmad. Gem den til senere!", planned_at=AT, id="da"),
    Draft(caption="Cách pha trà sữa oolong tại nhà", sound="original", planned_at=AT - timedelta(days=400)),
    Draft(caption="5 lunches under $5 #budget", text_overlay=False, duration_s=95, planned_at=AT),
    Draft(caption="Cooking with @chefmaria tonight! Save this for later 🔖 #dinner #foodtok", planned_at=AT),
    Draft(caption="What would you cook with these? Tell me below", sound="trending", planned_at=AT),
    Draft(caption="POV: you forgot to meal prep again", hashtags=["mealprep", "foodtok"], planned_at=AT),
    Draft(caption=" ".join(["word"] * 45), duration_s=120, expected_views=250, planned_at=AT),
    Draft(caption="Cómo hacer arroz perfecto, guarda esta receta #recetas", duration_s=61, planned_at=AT),
]


@pytest.fixture(scope="module", params=["sample", "thin"])
def model(request):
    records = read_history(SAMPLE).records
    return CreatorModel("demo-kitchen").fit(records[:15] if request.param == "thin" else records[:200])


def assert_same(a, b, path="score"):
    """Equal field by field; floats within 1e-9 (a reordered sum may differ in the last bit)."""
    if isinstance(a, float) or isinstance(b, float):
        assert math.isclose(a, b, rel_tol=0, abs_tol=1e-9), (path, a, b)
    elif isinstance(a, dict):
        assert list(a) == list(b), (path, list(a), list(b))
        for key in a:
            assert_same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), (path, a, b)
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def test_each_draft_in_a_batch_scores_as_it_does_alone(model):
    batch = msgspec.to_builtins(score_drafts(model, "v", DRAFTS))
    alone = [msgspec.to_builtins(score_drafts(model, "v", [draft])[0]) for draft in DRAFTS]
    assert sum(len(s["tips"]) for s in alone) >= len(DRAFTS)  # tips were priced, not skipped
    assert_same(batch, alone)


@pytest.mark.parametrize("chunk", [1, 2, 5])
def test_chunk_boundaries_change_nothing(model, monkeypatch, chunk):
    whole = msgspec.to_builtins(score_drafts(model, "v", DRAFTS))
    monkeypatch.setattr(models.read.scoring, "CHUNK_DRAFTS", chunk)
    assert_same(msgspec.to_builtins(score_drafts(model, "v", DRAFTS)), whole)


def test_a_repeated_draft_scores_the_same_each_time(model):
    scores = msgspec.to_builtins(score_drafts(model, "v", [DRAFTS[3], DRAFTS[0], DRAFTS[3]]))
    assert_same(scores[0], scores[2])


def test_features_of_a_batch_are_the_rows_of_each_post_alone(model):
    featurizer = model.estimator_.featurizer_
    posts = [model.post_for(d) for d in DRAFTS]
    embeddings = np.random.default_rng(0).normal(size=(len(posts), featurizer.meaning_mean_.shape[0]))
    together = featurizer.transform(posts, embeddings)
    alone = np.vstack([featurizer.transform([p], embeddings[i : i + 1]) for i, p in enumerate(posts)])
    np.testing.assert_allclose(together, alone, rtol=0, atol=1e-12)
