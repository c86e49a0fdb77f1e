"""`saveworthy compare` and `saveworthy plan` (issue 24): JSON only on stdout, 80 columns in a pipe,
exports written, and clear errors with exit 2."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from api.cli import app
from tests.helpers import CREATOR, SECOND, reported_rows, run_cli, too_wide

runner = CliRunner()
PLAIN = "Chickpea wraps for the week ahead"
LONG_ID = "2026-12-07-chickpea-wraps-for-the-week-ahead-v2"


def _drafts(tmp_path, n: int = 5):
    path = tmp_path / "week.csv"
    lines = ["id,caption,creator_id,notes"]
    for i in range(n):
        lines.append(f"d{i},{PLAIN} take {i}{'. Save this for later!' if i == 0 else ''},{CREATOR},")
    lines.append(f"{LONG_ID},[draft] with brackets #mealprep,,private note")  # no creator: --creator's
    lines.append(f"other,Not mine,{SECOND},")
    path.write_text("\n".join(lines) + "\n")
    return path


def test_compare_json_is_only_json(trained):
    args = ["compare", "--creator", CREATOR, PLAIN, PLAIN + ". Save this for later!", "--models-dir", str(trained)]
    result = runner.invoke(app, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    comparison = json.loads(result.stdout)
    assert comparison["variants"][0]["label"] == "B" and comparison["steps"][0]["agreement"] >= 0.9


def test_compare_table_at_80_columns(trained):
    long = "How to make chickpea wraps that last all week, with three sauces and a shopping list #mealprep"
    result = run_cli("compare", "--creator", CREATOR, PLAIN, PLAIN, long, "--models-dir", str(trained))
    assert result.returncode == 0, result.stderr
    assert not too_wide(result.stdout), too_wide(result.stdout)
    assert "no difference" in result.stdout and "How sure each step is" in result.stdout
    assert "shopping list" in result.stdout  # captions wrap, never cut


def test_compare_needs_two_to_six(trained, tmp_path):
    one = runner.invoke(app, ["compare", "--creator", CREATOR, PLAIN, "--models-dir", str(trained)])
    assert one.exit_code == 2 and "2 to 6" in one.stderr
    seven = runner.invoke(app, ["compare", "--creator", CREATOR, *[f"v{i}" for i in range(7)]])
    assert seven.exit_code == 2 and "not 7" in seven.stderr
    neither = runner.invoke(app, ["compare", "--creator", CREATOR])
    assert neither.exit_code == 2
    from_file = runner.invoke(
        app, ["compare", "--creator", CREATOR, "--drafts", str(_drafts(tmp_path, 3)), "--models-dir", str(trained)]
    )
    assert from_file.exit_code == 0, from_file.output
    assert "not cli-creator" in from_file.stderr  # the other creator's row is reported, not compared


def test_plan_writes_ics_and_csv_and_json(trained, tmp_path):
    from icalendar import Calendar

    ics, sheet = tmp_path / "week.ics", tmp_path / "week.csv.out"
    args = ["plan", "--creator", CREATOR, "--drafts", str(_drafts(tmp_path)), "--from", "2025-06-02"]
    args += ["--per-day", "2", "--avoid", "sat,sun", "--min-gap", "6", "--models-dir", str(trained)]
    result = runner.invoke(app, [*args, "--ics", str(ics), "--csv", str(sheet), "--format", "json"])
    assert result.exit_code == 0, result.output
    plan = json.loads(result.stdout)
    assert len(plan["placements"]) == 6
    assert {p["weekday"] for p in plan["placements"]}.isdisjoint({"Saturday", "Sunday"})
    assert LONG_ID in {p["label"] for p in plan["placements"]}
    assert "second-creator" in reported_rows(result.stderr)[8]  # the other creator's row, by its spreadsheet number
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert len(events) == 6 and any("[draft] with brackets" in str(e["DESCRIPTION"]) for e in events)
    assert sheet.read_text().splitlines()[0].startswith("date,weekday,hours,at,draft")


def test_plan_table_at_80_columns(trained, tmp_path):
    args = ["plan", "--creator", CREATOR, "--drafts", str(_drafts(tmp_path)), "--from", "2025-06-02", "--days", "10"]
    result = run_cli(*args, "--per-day", "2", "--models-dir", str(trained))
    assert result.returncode == 0, result.stderr
    assert not too_wide(result.stdout), too_wide(result.stdout)
    for text in ("Mon 2", "Wed 11", "[draft] with", "moving it", "Your windows"):
        assert text in result.stdout, text
    # A long id folds across lines in its column (never cut with "…"); its grid cell names its number.
    assert LONG_ID[:16] in result.stdout and "…" not in result.stdout
    assert re.search(r"^ \S+ +.*#\d", result.stdout, re.MULTILINE)


def test_plan_errors_exit_2_with_what_to_change(trained, tmp_path):
    drafts = str(_drafts(tmp_path))
    base = ["plan", "--creator", CREATOR, "--drafts", drafts, "--models-dir", str(trained)]
    tight = runner.invoke(app, [*base, "--from", "2025-06-02", "--days", "1", "--per-day", "1"])
    assert tight.exit_code == 2 and "room for only 1" in tight.stderr
    assert runner.invoke(app, [*base, "--from", "next monday"]).exit_code == 2
    bad_day = runner.invoke(app, [*base, "--from", "2025-06-02", "--avoid", "someday"])
    assert bad_day.exit_code == 2 and "unknown weekday" in bad_day.stderr
    unknown = runner.invoke(app, ["plan", "--creator", "nobody", "--drafts", drafts, "--from", "2025-06-02"])
    assert unknown.exit_code == 2
