"""Their clock, their dates (issue 30): a creator's zone on every time they read, and dates
without times kept out of hours. Fixtures shaped like the real files: vn-long creators post at
19-20 h Vietnam time stored as UTC; the Danish politicians' export has dates only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import msgspec
import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.fit.store import ModelMeta
from models.read.insights import build_insights
from models.read.plan import PlanConstraints, plan_week
from models.read.plan.export import to_csv, to_ics
from training.importers import canonical_csv_text, read_history
from training.sample_data import generate_history

NOW = datetime(2026, 11, 24, tzinfo=UTC)
DRAFTS = [Draft(caption=c, id=f"d{i}") for i, c in enumerate(["Phở bò at home", "Bún chả tips", "Chè ba màu"])]


def _history(n: int, seed: int, creator: str, when, *, dated: bool = False) -> list:
    """``dated``: the export gives dates alone (written as 2026-01-05, read back as such)."""
    posts = generate_history(n, seed=seed, creator_id=creator, synthetic=False)
    return [msgspec.structs.replace(p, created_at=when(i), date_only=dated) for i, p in enumerate(posts)]


def _read(records, **kwargs):
    """Through the importer, as `train` reads a file: dates-only rows get marked, zones applied."""
    return list(read_history(canonical_csv_text(records).encode(), now=NOW, **kwargs).records)


def _meta(model) -> ModelMeta:
    return msgspec.convert(
        {"creator_id": model.creator_id, "version": "test", "file": "test.pkl"}, ModelMeta, strict=False
    )


def _vn(i: int) -> datetime:
    # 19:00-20:59 in Vietnam (UTC+7), written as UTC: 12:00-13:59Z, every day.
    return datetime(2026, 1, 1, 12, tzinfo=UTC) + timedelta(days=i, minutes=(37 * i) % 120)


@pytest.fixture(scope="module")
def vn_posts():
    return _history(70, 21, "vn", _vn)


@pytest.fixture(scope="module")
def vn_zoned(vn_posts):
    return CreatorModel("vn").fit(_read(vn_posts, timezone="Asia/Ho_Chi_Minh"))


@pytest.fixture(scope="module")
def vn_utc(vn_posts):
    return CreatorModel("vn").fit(_read(vn_posts))


def test_a_zone_given_puts_windows_and_heatmap_on_the_creators_clock(vn_zoned):
    insights = build_insights(vn_zoned, _meta(vn_zoned))
    assert {w.hours for w in insights.heatmap} == {"18:00–21:00"}  # not 12:00–15:00 (UTC)
    assert insights.timezone == "Asia/Ho_Chi_Minh" and "Asia/Ho_Chi_Minh" in insights.clock
    assert "UTC" not in insights.clock


def test_without_a_zone_a_utc_history_says_its_times_are_utc_and_how_to_set_one(vn_utc):
    insights = build_insights(vn_utc, _meta(vn_utc))
    assert {w.hours for w in insights.heatmap} <= {"12:00–15:00"}
    assert insights.timezone is None
    assert insights.clock.startswith("UTC") and "--timezone" in insights.clock
    plan = plan_week(vn_utc, "test", DRAFTS, PlanConstraints(start=date(2026, 4, 6)))
    assert plan.clock == insights.clock and plan.utc_offset == "+00:00"


def test_plan_csv_hours_and_ics_times_are_the_same_instants_on_the_zone(vn_zoned):
    plan = plan_week(vn_zoned, "test", DRAFTS, PlanConstraints(start=date(2026, 4, 6)))
    assert plan.by_hours and plan.utc_offset == "+07:00" and plan.timezone == "Asia/Ho_Chi_Minh"
    rows = list(csv.DictReader(io.StringIO(to_csv(plan))))
    ics = to_ics(plan).decode()
    starts = sorted(
        datetime.strptime(line.split(":", 1)[1].strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        for line in ics.splitlines()
        if line.startswith("DTSTART")
    )
    ats = sorted(datetime.fromisoformat(r["at"]) for r in rows)
    assert ats == starts  # the same instants
    for row in rows:
        at = datetime.fromisoformat(row["at"])
        assert row["hours"] == "18:00–21:00" and 18 <= at.hour < 21 and at.utcoffset() == timedelta(hours=7)
        assert row["timezone"] == "Asia/Ho_Chi_Minh"
    assert "X-WR-TIMEZONE:Asia/Ho_Chi_Minh" in ics


def test_best_time_tip_moves_a_draft_to_a_slot_on_the_zone(vn_zoned):
    from models.read.tips.best_time import _next_slot

    slot = _next_slot(Draft(caption="x", planned_at=datetime(2026, 4, 6, 3, tzinfo=UTC)), vn_zoned, 2, 19)
    assert slot.utcoffset() == timedelta(hours=7) and slot.hour == 19 and slot.weekday() == 2


def test_a_dst_zone_keeps_the_local_hour_across_the_change():
    # Copenhagen posts at 19:xx local all year: 18:xxZ in winter, 17:xxZ in summer.
    def when(i):
        day = datetime(2026, 1, 5) + timedelta(days=3 * i)
        from zoneinfo import ZoneInfo

        return day.replace(hour=19, minute=15, tzinfo=ZoneInfo("Europe/Copenhagen")).astimezone(UTC)

    model = CreatorModel("dk").fit(_read(_history(70, 5, "dk", when), timezone="Europe/Copenhagen"))
    assert {c.block for c in model.time_stats_} == {6}  # one block, though the UTC hours moved


# -- dates only ---------------------------------------------------------------------------


def _date_only(i: int) -> datetime:
    return datetime(2026, 1, 5, tzinfo=UTC) + timedelta(days=int(i * 1.9))


def test_date_only_rows_stay_out_of_hours_in_a_history_with_times():
    # Mostly timed posts at 19-20 h, plus 5 rows with dates alone (the issue: "Monday 00:00–03:00, 5 posts").
    posts = _read(_history(60, 3, "mixed", _vn), timezone="Asia/Ho_Chi_Minh")
    dated = _read(
        _history(5, 4, "mixed", lambda i: datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=7 * i), dated=True)
    )
    dated = [msgspec.structs.replace(p, post_id=f"dated{i}") for i, p in enumerate(dated)]
    assert all(p.date_only for p in dated)
    model = CreatorModel("mixed").fit(posts + dated)
    insights = build_insights(model, _meta(model))
    assert {w.hours for w in insights.heatmap} == {"18:00–21:00"}
    assert sum(w.posts for w in insights.heatmap) == 60


@pytest.fixture(scope="module")
def danish():
    """39 posts with dates only, as the Danish politicians' export (one every day or two)."""
    return CreatorModel("dk").fit(_read(_history(39, 8, "dk", _date_only, dated=True)))


def test_a_date_only_history_is_read_by_days(danish):
    assert all(c.block is None for c in danish.time_stats_)
    insights = build_insights(danish, _meta(danish))
    assert {w.hours for w in insights.heatmap} == {"unknown"}
    assert sum(w.posts for w in insights.heatmap) == 39


@pytest.mark.parametrize("start", [date(2026, 4, 6) + timedelta(days=k) for k in range(7)])
def test_three_drafts_for_a_39_post_date_only_creator_always_get_a_plan(danish, start):
    plan = plan_week(danish, "test", DRAFTS, PlanConstraints(start=start))
    assert not plan.by_hours and len(plan.placements) == 3
    assert all(p.at is None and p.hours is None for p in plan.placements)
    assert any("dates but no times" in n for n in plan.notes)
    assert "UTC" not in plan.clock and "dates, not times" in plan.clock  # no time shown, none to warn of
    # Every day used says what stands behind it.
    used = [w for w in plan.windows if w.used]
    assert used and all(w.posts >= 0 for w in used)


def test_a_date_only_creator_on_two_weekdays_gets_the_other_days_with_a_note():
    # Posts only on Tuesdays and Thursdays: a week of 3 drafts at one a day needs another day.
    def when(i):
        return datetime(2026, 1, 6, tzinfo=UTC) + timedelta(days=7 * (i // 2) + 2 * (i % 2))

    model = CreatorModel("tt").fit(_read(_history(39, 9, "tt", when, dated=True)))
    plan = plan_week(model, "test", DRAFTS, PlanConstraints(start=date(2026, 4, 6), per_day=1))
    assert len(plan.placements) == 3
    assert any("never posted on" in n for n in plan.notes)
    ics = to_ics(plan).decode()
    assert ics.count("DTSTART;VALUE=DATE:") == 3  # all-day events, no invented hours
