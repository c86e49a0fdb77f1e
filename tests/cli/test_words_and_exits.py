"""What the CLI says matches what it does (issue 30): check's word and its exit code, keys for
creators with no model, plans before the history, and the per-creator excluded hashtags."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from api.cli import app
from tests.helpers import CREATOR

runner = CliRunner()
CAPTIONS = (
    "Tofu stir fry tonight",
    "5 easy lunches under $5: step by step. Save this for later! What would you add? #mealprep",
    "",
)


def test_checks_word_follows_its_exit_code(trained):
    codes = set()
    for caption in CAPTIONS:
        text = runner.invoke(app, ["check", "--creator", CREATOR, caption, "--models-dir", str(trained)])
        verdict = json.loads(
            runner.invoke(
                app, ["check", "--creator", CREATOR, caption, "--models-dir", str(trained), "--format", "json"]
            ).stdout
        )
        assert text.exit_code in (0, 1), text.output
        word = text.stdout.split(":")[0]
        assert word == {0: "ok", 1: "below your median"}[text.exit_code], text.stdout
        assert verdict["ok"] is (text.exit_code == 0)
        first = text.stdout.splitlines()[0]
        draft, median = first.split("this draft ")[1].split(" saves")[0], first.rsplit(" ", 1)[1]
        assert draft != median  # never "below your median: 2.28; your median post 2.28"
        codes.add(text.exit_code)
    assert codes == {0, 1}  # both verdicts were seen


def test_a_key_for_a_creator_with_no_model_warns(trained, tmp_path):
    keys = str(tmp_path / "keys.json")
    ghost = runner.invoke(
        app,
        ["keys", "create", "ghost", "--creator", "nosuchcreator", "--keys-file", keys, "--models-dir", str(trained)],
    )
    assert ghost.exit_code == 0 and "no model for 'nosuchcreator'" in " ".join(ghost.stderr.split())
    known = runner.invoke(
        app, ["keys", "create", "real", "--creator", CREATOR, "--keys-file", keys, "--models-dir", str(trained)]
    )
    assert known.exit_code == 0 and "no model" not in known.stderr


def test_a_plan_before_the_history_needs_force(trained, tmp_path):
    drafts = tmp_path / "week.csv"
    drafts.write_text("caption\nChickpea wraps\nLentil soup\n")
    base = ["plan", "--creator", CREATOR, "--drafts", str(drafts), "--models-dir", str(trained), "--format", "json"]
    early = runner.invoke(app, [*base, "--from", "2019-06-03"])
    assert early.exit_code == 2 and "before" in early.stderr and "--force" in early.stderr
    forced = runner.invoke(app, [*base, "--from", "2019-06-03", "--force"])
    assert forced.exit_code == 0, forced.output
    assert runner.invoke(app, [*base, "--from", "2025-06-02"]).exit_code == 0


def test_excluded_hashtags_from_the_cli(trained, tmp_path):
    import shutil

    models = tmp_path / "models"
    shutil.copytree(trained, models)
    args = ["--creator", CREATOR, "--models-dir", str(models)]
    added = runner.invoke(app, ["hashtags", "exclude", "#MealPrep", "promo", *args])
    assert added.exit_code == 0 and json.loads(added.stdout) == ["mealprep", "promo"]
    assert json.loads(runner.invoke(app, ["hashtags", "excluded", *args]).stdout) == ["mealprep", "promo"]
    report = json.loads(runner.invoke(app, ["insights", *args, "--format", "json"]).stdout)
    mealprep = next(h for h in report["hashtags"] if h["hashtag"] == "mealprep")
    assert mealprep["reusable"] is False and mealprep["not_reusable"] == "excluded by you"
    left = runner.invoke(app, ["hashtags", "include", "mealprep", *args])
    assert json.loads(left.stdout) == ["promo"]
    missing = runner.invoke(app, ["hashtags", "excluded", "--creator", "nobody", "--models-dir", str(models)])
    assert missing.exit_code == 2 and "no trained model" in missing.stderr


def test_your_average_is_one_figure(trained):
    """Issue 30: the page's chart said "your average (1.43)" beside "all posts together 1.64". Wherever
    the CLI says "your average" it is insights' baseline (all saves ÷ all views)."""
    import re

    args = ["insights", "--creator", CREATOR, "--models-dir", str(trained)]
    report = json.loads(runner.invoke(app, [*args, "--format", "json"]).stdout)
    text = " ".join(runner.invoke(app, args).stdout.split())
    said = re.findall(r"([0-9.]+) saves per 1k views: your average", text)
    assert said == [f"{report['baseline_saves_per_1k']:.2f}"]
    assert "guessing your average" not in text  # the time-split guess is "your earlier average"
