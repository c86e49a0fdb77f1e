"""Issue 30 end to end through the CLI: dd/mm/yyyy dates read as the file means them, a creator's
zone on the plan's CSV and .ics (the same instants), and UTC said when no zone was given."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from typer.testing import CliRunner

from api.cli import app
from training.importers import write_canonical_csv
from training.sample_data import generate_history

ZONE = "Asia/Ho_Chi_Minh"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def flat(text: str) -> str:
    """Console output as one line (rich wraps long lines at the terminal's width)."""
    return " ".join(text.split())


def test_a_day_month_file_of_january_dates_reads_as_january(tmp_path):
    source = tmp_path / "mine.csv"
    days = ["05/01/2025", "09/01/2025", "12/01/2025", "25/01/2025", "31/01/2025"]
    source.write_text(
        "post_id;created_at;caption;views;saves\n"
        + "".join(f"{i};{d};Món {i};{1000 + i};{i}\n" for i, d in enumerate(days)),
        encoding="utf-8",
    )
    out = tmp_path / "canonical.csv"
    result = invoke("import", str(source), "--out", str(out), "--creator", "me")
    assert result.exit_code == 0, result.output
    dates = [row["created_at"] for row in csv.DictReader(out.open(encoding="utf-8"))]
    assert dates == [f"2025-01-{d[:2]}" for d in days]  # dates alone, all January
    assert "read day-first" in flat(result.stderr) and "(0 rejected" in flat(result.stderr)


def test_an_undecidable_file_says_how_it_was_read_and_takes_dayfirst(tmp_path):
    source = tmp_path / "mine.csv"
    source.write_text("post_id;created_at;caption;views;saves\n1;05/01/2025;a;100;1\n2;06/01/2025;b;100;1\n")
    out = tmp_path / "canonical.csv"
    result = invoke("import", str(source), "--out", str(out), "--creator", "me")
    assert "month-first" in flat(result.stderr) and "--dayfirst" in flat(result.stderr)
    assert invoke("import", str(source), "--out", str(out), "--creator", "me", "--dayfirst").exit_code == 0
    assert [r["created_at"] for r in csv.DictReader(out.open())] == ["2025-01-05", "2025-01-06"]


def test_a_column_read_both_ways_fails_naming_it(tmp_path):
    source = tmp_path / "mine.csv"
    source.write_text("post_id;created_at;caption;views;saves\n1;25/01/2025;a;100;1\n2;01/25/2025;b;100;1\n")
    result = invoke("import", str(source), "--out", str(tmp_path / "o.csv"), "--creator", "me")
    assert result.exit_code != 0 and "column 'created_at' mixes" in flat(result.stderr)


@pytest.fixture(scope="module")
def vn_history(tmp_path_factory):
    """A vn-long-shaped creator: posts at 19-20 h Vietnam time, stamped in Unix seconds (UTC)."""
    root = tmp_path_factory.mktemp("vn")
    posts = generate_history(80, seed=23, creator_id="vn-creator", synthetic=False)
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)  # 19:00 in Vietnam
    history = root / "vn.csv"
    write_canonical_csv(posts, history)
    rows = list(csv.DictReader(history.open(encoding="utf-8")))
    for i, row in enumerate(rows):
        row["created_at"] = str(int((start + timedelta(days=i, minutes=(41 * i) % 110)).timestamp()))
    with history.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    drafts = root / "drafts.csv"
    drafts.write_text("id,caption\na,Phở bò tại nhà\nb,Bún chả Hà Nội\nc,Chè ba màu\n", encoding="utf-8")
    return root, history, drafts


def _train_and_plan(root, history, drafts, name, *zone):
    models = root / name
    result = invoke("train", str(history), "--models-dir", str(models), *zone)
    assert result.exit_code == 0, result.output
    ics, plan_csv = root / f"{name}.ics", root / f"{name}.csv"
    args = ["--creator", "vn-creator", "--models-dir", str(models)]
    result = invoke(
        "plan", *args, "--drafts", str(drafts), "--from", "2026-04-06", "--ics", str(ics), "--csv", str(plan_csv)
    )
    assert result.exit_code == 0, result.output
    insights = invoke("insights", *args, "--format", "json")
    assert insights.exit_code == 0, insights.output
    return result, json.loads(insights.stdout), ics.read_text(), list(csv.DictReader(io.StringIO(plan_csv.read_text())))


def _ics_starts(ics: str) -> list[datetime]:
    return sorted(
        datetime.strptime(line.split(":", 1)[1].strip(), "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        for line in ics.splitlines()
        if line.startswith("DTSTART")
    )


def test_with_the_zone_plan_csv_hours_and_ics_times_are_the_same_instants(vn_history):
    result, insights, ics, rows = _train_and_plan(*vn_history, "zoned", "--timezone", ZONE)
    assert ZONE in flat(result.stdout)  # the grid names the clock
    assert rows and all(r["hours"] == "18:00–21:00" and r["timezone"] == ZONE for r in rows)
    ats = [datetime.fromisoformat(r["at"]) for r in rows]
    assert all(a.utcoffset() == timedelta(hours=7) and 18 <= a.hour < 21 for a in ats)
    assert sorted(ats) == _ics_starts(ics)
    assert insights["timezone"] == ZONE and {w["hours"] for w in insights["heatmap"]} == {"18:00–21:00"}


def test_without_the_zone_insights_say_the_times_are_utc(vn_history):
    result, insights, ics, rows = _train_and_plan(*vn_history, "utc")
    assert insights["timezone"] is None and insights["clock"].startswith("UTC")
    assert "--timezone" in insights["clock"]
    assert {w["hours"] for w in insights["heatmap"]} == {"12:00–15:00"}
    assert "UTC" in flat(result.stdout) and "--timezone" in flat(result.stdout)
    assert sorted(datetime.fromisoformat(r["at"]) for r in rows) == _ics_starts(ics)


def test_an_unknown_zone_fails_with_its_name(vn_history):
    root, history, _ = vn_history
    result = invoke("train", str(history), "--models-dir", str(root / "x"), "--timezone", "Mars/Olympus")
    assert result.exit_code != 0 and "unknown time zone 'Mars/Olympus'" in flat(result.stderr)
