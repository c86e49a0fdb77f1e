"""Issue 30 on the real files that showed it (read in place from ../shared/data/real, never
copied; skipped where absent): the Danish politicians' dates-only export gets a plan for a week
of 3 drafts whatever day it starts, and a vn-long creator's evening posts, stamped in UTC, read
as evenings once the zone is given (and as UTC, said so, without it)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import msgspec
import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.fit.store import ModelMeta
from models.read.insights import build_insights
from models.read.plan import PlanConstraints, plan_week
from training.importers import read_history

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "devpool"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (REAL / "vn-long.csv").is_file(), reason=f"no real data at {REAL}"),
]
DRAFTS = [Draft(caption=c, id=str(i)) for i, c in enumerate(["Lavere skat på arbejde", "Energi #dkpol", "Tak, Odense"])]
DANES = ("mikael_winther", "kimleijensen_rv", "havndrup")  # 39 posts each, dates only


def _creator(path: Path, creator: str, **kwargs) -> list:
    return [r for r in read_history(path, **kwargs).records if r.creator_id == creator]


def _meta(model) -> ModelMeta:
    return msgspec.convert({"creator_id": model.creator_id, "version": "t", "file": "t.pkl"}, ModelMeta)


@pytest.mark.parametrize("creator", DANES)
def test_a_39_post_danish_politician_always_gets_a_week_of_3_drafts(creator):
    records = _creator(REAL / "danish-politicians.csv", creator)
    assert len(records) == 39 and all(r.date_only for r in records)
    model = CreatorModel(creator).fit(records)
    insights = build_insights(model, _meta(model))
    assert {w.hours for w in insights.heatmap} == {"unknown"} and sum(w.posts for w in insights.heatmap) == 39
    for k in range(7):  # "3 drafts but room for only 1" was refused before
        plan = plan_week(model, "t", DRAFTS, PlanConstraints(start=date(2026, 4, 6) + timedelta(days=k)))
        assert len(plan.placements) == 3 and not plan.by_hours
        assert any("dates but no times" in n for n in plan.notes)


def test_a_vn_long_creator_reads_their_evenings_on_their_zone():
    path = REAL / "vn-long.csv"
    zoned = CreatorModel("chi").fit(_creator(path, "chi.lam.0129", timezone="Asia/Ho_Chi_Minh"))
    utc = CreatorModel("chi").fit(_creator(path, "chi.lam.0129"))
    on_zone = build_insights(zoned, _meta(zoned))
    evenings = sum(w.posts for w in on_zone.heatmap if w.hours == "18:00–21:00")
    assert evenings / zoned.n_posts_ > 0.9  # 19-20 h in Vietnam
    assert on_zone.best_windows and all(w.hours == "18:00–21:00" for w in on_zone.best_windows)
    as_utc = build_insights(utc, _meta(utc))
    assert as_utc.clock.startswith("UTC") and "--timezone" in as_utc.clock
    assert all(w.hours != "18:00–21:00" for w in as_utc.best_windows)
