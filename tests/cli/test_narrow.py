"""The CLI at 80 columns, as in a pipe, CI or a small terminal (issue 12).

The commands run in a subprocess with stdout and stderr piped, as a user's would, so rich
sizes its output from the environment and not from the terminal running the tests.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from api import render
from api.cli import app
from models.core.results import Evidence, Impact, Interval, Tip
from models.read.insights import Driver, Insights, Theme
from tests.helpers import CREATOR, run_cli, too_wide

ROOT = Path(__file__).resolve().parents[2]
LONG_ID = "2026-12-03-sunday-meal-prep-five-lunches-v2"


def test_score_table_keeps_ids_whole_within_80_columns(trained, tmp_path):
    drafts = tmp_path / "plan.csv"
    drafts.write_text(
        "id,caption,duration_s\n"
        f"{LONG_ID},Sunday meal prep: five lunches for the week,95\n"
        "[draft] 2,,\n"  # markup-looking id, and no caption
        "bad,hello,abc\n"
    )
    args = ["score", "--creator", CREATOR, "--drafts", str(drafts), "--models-dir", str(trained)]
    as_json = CliRunner().invoke(app, [*args, "--format", "json"])
    tip_ids = {tip["id"] for score in json.loads(as_json.stdout) for tip in score.get("tips", ())}  # errors: none
    assert "relevant-hashtags" in tip_ids or "engage-audience" in tip_ids  # the long ids a narrow table cut

    table = run_cli(*args)
    assert table.returncode == 1, table.stderr  # the "bad" row was not scored
    assert too_wide(table.stdout) == [] and too_wide(table.stderr) == []
    words = set(table.stdout.split())
    assert tip_ids <= words, tip_ids - words  # every tip id printed whole, none cut to "solves-pro…"
    assert LONG_ID in words and "[draft] 2" in table.stdout
    assert "abc" in table.stderr  # the rejected row's table fits too


def test_insights_and_check_fit_a_plain_pipe(trained):
    insights = run_cli("insights", "--creator", CREATOR, "--models-dir", str(trained), columns=None)
    assert insights.returncode == 0, insights.stderr
    assert insights.stdout.strip() and too_wide(insights.stdout) == []
    check = run_cli("check", "--creator", CREATOR, "", "--models-dir", str(trained))
    assert check.returncode in (0, 1), check.stderr
    assert check.stdout.startswith(("ok:", "below your median:"))  # the verdict, where `> verdict.txt` keeps it
    assert too_wide(check.stdout) == [] and too_wide(check.stderr) == [] and "Loading weights" not in check.stderr


def test_serve_help_shows_the_environment_settings():
    # "[env ...]" in help text was eaten as rich markup, leaving "Where models live ."
    help_text = " ".join(run_cli("serve", "--help").stdout.replace("│", " ").split())
    assert "(env SAVEWORTHY_MODELS_DIR, else ./var/models)" in help_text
    assert "(env SAVEWORTHY_ACCESS_LOG=1)" in help_text
    assert re.search(r" [.;,](\s|$)", help_text) is None  # no stray space before punctuation


def test_numbers_that_round_to_zero_have_no_sign():
    assert [render.signed(v) for v in (-0.004, 0.0, 0.004, -0.31, 1.2)] == ["0.00", "0.00", "0.00", "-0.31", "+1.20"]
    assert [render.signed_percent(v) for v in (-0.004, 0.004, -0.03, 0.25)] == ["0%", "0%", "-3%", "+25%"]


def _insights(**fields) -> Insights:
    """A report with nothing in it but what a test sets."""
    empty = dict(
        creator_id="c",
        model_version="v",
        n_posts=23,
        baseline_saves_per_1k=1.36,
        median_saves_per_1k=1.37,
        low_history=False,
        top_drivers=[],
        best_windows=[],
        heatmap=[],
        hashtags=[],
        themes=[],
        quality={},
    )
    return Insights(**{**empty, **fields})


def _printed(report: Insights) -> str:
    buffer = io.StringIO()
    render.print_insights(Console(file=buffer, width=80), report)
    return buffer.getvalue()


def test_insights_say_which_rate_is_the_median_and_hide_sign_noise():
    report = _insights(
        n_posts=1,
        baseline_saves_per_1k=24.87,
        median_saves_per_1k=21.91,
        low_history=True,
        top_drivers=[
            Driver(
                feature="engage",
                label="Question",
                effect_relative=-0.001,
                effect_low=-0.01,
                effect_high=0.01,
                posts_with=3,
                posts_without=9,
            )
        ],
        themes=[
            Theme(
                name="rice bowls, #mealprep",
                posts=1,
                relative_save_rate=1.1,
                saves_per_1k=3.0,
                examples=["[bold]x " * 60],
            ),
            Theme(name="", posts=2, relative_save_rate=0.9, saves_per_1k=2.0, examples=["Line one\nline two"]),
        ],
    )
    text = _printed(report)
    assert "1 post\n" in text
    assert "21.91 saves per 1k views on your median post" in text
    assert "24.87 saves per 1k views: your average" in text
    assert "-0%" not in text and " 0% " in text
    assert "[bold]x" in text  # a caption's brackets are shown, not taken as markup
    assert too_wide(text) == []
    # Each theme is shown by its name (or says it has none) above an example cut between words.
    assert "rice bowls, #mealprep" in text and "no words set it apart" in text
    assert "x …" not in text and "x…" in text and "“Line one line two”" in text
    # No window stands out: a sentence says so instead of an empty table's headers.
    assert "No posting time of yours stands out yet" in text and "model   raw" not in text


def test_empty_sections_say_why_and_the_note_is_not_repeated():
    text = _printed(
        _insights(windows_note="By raw save rate your best day is Sunday, but no time of yours stands out.")
    )
    assert "No lever stands out yet" in text and "posts with" not in text
    assert text.count("your best day is Sunday") == 1 and "No posting time of yours" not in text


def _tip(tip_id: str, advice: str, impact: float) -> Tip:
    return Tip(
        id=tip_id,
        title=tip_id,
        advice=advice,
        why="",
        expected_impact=Impact(saves_per_1k=impact, relative=impact / 20, interval=Interval(low=-0.004, high=impact)),
        confidence="medium",
        source="history",
        evidence=Evidence(posts_with=3, posts_without=9, note=""),
    )


TIPS = [
    _tip("engage-audience", 'End with a question for your viewers, e.g. "Hvad ville du tilføje?"', 1.15),
    _tip(
        "solves-problem",
        "Say in the first line which problem this solves, so viewers know the video has the answer",
        2.8,
    ),
    _tip(
        "relevant-hashtags", "Add #mealprep [#x]: your posts with #mealprep earn 1.14× the saves of your others", 4.66
    ),
]


@pytest.mark.parametrize("width", [40, 60, 79])
def test_narrow_tips_stack_with_whole_ids_and_advice_at_full_width(width):
    # A table at 60 columns left the advice 18 characters: "Add a call to / save, e.g. / ...".
    buffer = io.StringIO()
    Console(file=buffer, width=width).print(render.tips_table(TIPS))
    text = buffer.getvalue()
    assert too_wide(text, width) == []
    lines = text.splitlines()
    for tip in TIPS:
        assert any(line.startswith(tip.id + " ") for line in lines), tip.id  # whole, at the start of its line
        # The advice reads on as one text: wrapped, not cut into a column beside other columns.
        assert tip.advice in " ".join(" ".join(lines).split()), tip.advice
    assert "-0.00" not in text and "80%: 0.00…+1.15" in text


def test_wide_tips_stay_a_table():
    buffer = io.StringIO()
    Console(file=buffer, width=100).print(render.tips_table(TIPS))
    header = buffer.getvalue().splitlines()[0].split()
    assert header == ["tip", "impact", "/1k", "advice"]


def test_a_history_of_dates_names_days_not_unknown_hours(tmp_path):
    # Danish politicians' export has upload dates only: every post at midnight says nothing of
    # hours, and the windows table read "Friday  unknown".
    import msgspec

    from training.importers import write_canonical_csv
    from training.sample_data import generate_history

    posts = generate_history(120, seed=4, creator_id="dates")
    history = tmp_path / "dates.csv"
    write_canonical_csv(
        [msgspec.structs.replace(p, created_at=p.created_at.replace(hour=0, minute=0)) for p in posts], history
    )
    models = tmp_path / "models"
    assert CliRunner().invoke(app, ["train", str(history), "--models-dir", str(models)]).exit_code == 0
    report = json.loads(
        CliRunner()
        .invoke(app, ["insights", "--creator", "dates", "--models-dir", str(models), "--format", "json"])
        .stdout
    )
    assert report["best_windows"], "premise: some day stands out"
    text = run_cli("insights", "--creator", "dates", "--models-dir", str(models)).stdout
    assert "unknown" not in text and too_wide(text) == []
    assert "Best posting days" in text and f"{report['best_windows'][0]['weekday']}s" in text
