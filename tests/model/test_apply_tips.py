"""A tip's promise is the model's own change: apply it, re-score, and the prediction moves by the
stated impact, inside its 80% interval. Every tip with an ``apply``, on the bundled sample history,
whatever its source (history, population or stated prior)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from models.creator_model import CreatorModel
from models.features import draft_to_input
from models.records import Draft
from models.scoring import score_drafts
from training.importers import read_history

SAMPLE = Path(__file__).parents[2] / "training" / "sample" / "sample_history.csv"
DRAFTS = [
    Draft(
        caption="Sunday market haul and a quiet lunch at home",
        planned_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
        text_overlay=False,
        duration_s=30,
    ),
    Draft(caption=""),  # caption-less: still gets the tips that fit it
    Draft(caption="Cách pha trà sữa oolong tại nhà", sound="original"),
    Draft(caption="5 lunches under $5 #budget", text_overlay=False, duration_s=95),
]


@pytest.fixture(scope="module", params=["sample", "thin"])
def model(request):
    records = read_history(SAMPLE).records
    if request.param == "thin":  # 15 posts: tips rest on the stated priors
        records = records[:15]
    return CreatorModel("demo-kitchen").fit(records)


def _applied(draft: Draft, apply: dict, hashtags: tuple[str, ...]) -> Draft:
    changes = dict(apply)
    if "hashtags" in changes:
        changes["hashtags"] = [*hashtags, *changes["hashtags"]]
    if "planned_at" in changes:
        changes["planned_at"] = datetime.fromisoformat(changes["planned_at"])
        del changes["planned_weekday"], changes["planned_hours"]  # what a person reads; planned_at is the change
    return Draft(**{**{f: getattr(draft, f) for f in draft.__struct_fields__}, **changes})


def test_applying_a_tip_moves_the_score_by_its_stated_impact(model):
    checked = 0
    for draft in DRAFTS:
        (before,) = score_drafts(model, "v", [draft])
        hashtags = draft_to_input(draft, last_post_at=None, utc_offset_min=0).hashtags
        for tip in before.tips:
            if tip.apply is None:
                continue
            new = _applied(draft, tip.apply, hashtags)
            (after,) = score_drafts(model, "v", [new])
            moved = after.predicted_saves_per_1k - before.predicted_saves_per_1k
            impact = tip.expected_impact
            assert impact.interval.low - 0.01 <= moved <= impact.interval.high + 0.01, (
                tip.id,
                tip.source,
                moved,
                impact,
            )
            assert moved == pytest.approx(impact.saves_per_1k, abs=0.02), (tip.id, tip.source, moved, impact)
            checked += 1
    assert checked >= 8
