"""score --drafts and caption-less drafts over the CLI (issue 10, SPEC §5)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from api.cli import app
from tests.helpers import CREATOR, SECOND, reported_rows

runner = CliRunner()


def score_file(trained, path, *extra: str):
    return runner.invoke(
        app, ["score", "--drafts", str(path), "--models-dir", str(trained), "--format", "json", *extra]
    )


def test_bad_rows_are_reported_and_the_others_scored_in_input_order(trained, tmp_path):
    drafts = tmp_path / "plan.csv"
    drafts.write_text(
        "id,creator_id,caption,duration_s,sound\n"
        "empty,,,,\n"  # 2: no caption, a real draft
        "one-word,,Soup,,\n"  # 3
        "bad-duration,,Lentil soup,abc,\n"  # 4
        "bad-sound,,Lentil soup,12,viral\n"  # 5
        f"theirs,{SECOND},How to prep 5 lunches. Save this!,30,voiceover\n"  # 6
        "nobody,no-such-creator,Hi,,\n"  # 7
    )
    result = score_file(trained, drafts, "--creator", CREATOR)
    assert result.exit_code == 1, result.output  # some rows failed: a planner's script must notice
    # Every input row has its entry, in the file's order: a score, or an error saying which row and why.
    entries = json.loads(result.stdout)
    assert [(e["id"], e["creator_id"], "error" in e) for e in entries] == [
        ("empty", CREATOR, False),
        ("one-word", CREATOR, False),
        ("bad-duration", CREATOR, True),  # the reader refused it, but its id could be read
        ("bad-sound", CREATOR, True),
        ("theirs", SECOND, False),
        ("nobody", "no-such-creator", True),
    ]
    scores = [e for e in entries if "error" not in e]
    assert all(s["predicted_saves_per_1k"] > 0 and s["tips"] for s in scores)
    errors = {e["error"]["row"]: e["error"] for e in entries if "error" in e}
    assert set(errors) == {4, 5, 7}
    assert errors[4]["column"] == "duration_s" and errors[4]["value"] == "abc" and errors[4]["reason"]
    assert errors[5]["column"] == "sound" and "no trained model" in errors[7]["reason"]
    rows = reported_rows(result.stderr)
    assert set(rows) == {4, 5, 7}
    assert "duration_s" in rows[4] and "sound" in rows[5] and "no trained model" in rows[7]
    assert "scored 3 drafts for 2 creators; 3 rows rejected" in " ".join(result.stderr.split())


def test_many_creators_are_scored_with_one_call_each(trained, tmp_path, monkeypatch):
    import models.read.scoring

    calls = []
    real = models.read.scoring.score_drafts

    def counting(model, version, drafts, **kw):
        calls.append((model.creator_id, len(drafts)))
        return real(model, version, drafts, **kw)

    monkeypatch.setattr(models.read.scoring, "score_drafts", counting)
    drafts = tmp_path / "plan.jsonl"
    owners = [CREATOR, SECOND, CREATOR, SECOND, CREATOR]
    drafts.write_text(
        "".join(
            json.dumps({"id": f"d{i}", "creator_id": c, "caption": f"Tip {i}"}) + "\n" for i, c in enumerate(owners)
        )
    )
    # In this process (one worker), so the calls can be counted; no --creator needed: every row names its creator.
    result = score_file(trained, drafts, "--workers", "1")
    assert result.exit_code == 0, result.output
    assert sorted(calls) == [(CREATOR, 3), (SECOND, 2)]
    in_order = [(s["id"], s["creator_id"]) for s in json.loads(result.stdout)]
    assert in_order == [(f"d{i}", c) for i, c in enumerate(owners)]
    # Two worker processes, one creator each: the same scores, in the file's order.
    calls.clear()
    parallel = score_file(trained, drafts, "--workers", "2")
    assert parallel.exit_code == 0, parallel.output
    assert not calls  # scored in the workers, not here
    assert json.loads(parallel.stdout) == json.loads(result.stdout)


def test_a_row_without_creator_needs_creator_flag(trained, tmp_path):
    drafts = tmp_path / "plan.csv"
    drafts.write_text(f"creator_id,caption\n{SECOND},hello\n,no owner\n")
    result = score_file(trained, drafts)
    assert result.exit_code == 1, result.output
    scored, refused = json.loads(result.stdout)
    assert scored["creator_id"] == SECOND and refused["error"]["row"] == 3 and "--creator" in refused["error"]["reason"]
    assert "--creator" in reported_rows(result.stderr)[3]


def test_no_scored_row_is_exit_2(trained, tmp_path):
    drafts = tmp_path / "plan.jsonl"
    drafts.write_text('{"caption": "x", "duration_s": "abc"}\n{"caption": "y", "sound": "loud"}\n')
    result = score_file(trained, drafts, "--creator", CREATOR)
    assert result.exit_code == 2
    assert [e["error"]["row"] for e in json.loads(result.stdout)] == [1, 2]  # still one entry per row
    assert set(reported_rows(result.stderr)) == {1, 2} and "no draft scored" in result.stderr


def test_a_drafts_csv_without_caption_column_is_an_error(trained, tmp_path):
    drafts = tmp_path / "plan.csv"
    drafts.write_text("id,captoin\na,hello\n")
    result = score_file(trained, drafts, "--creator", CREATOR)
    assert result.exit_code == 2 and "no caption column" in " ".join(result.stderr.split())  # wrapped at 80


@pytest.mark.parametrize("command", ["score", "check"])
def test_an_empty_caption_is_scored_by_score_and_check(trained, command):
    args = [command, "--creator", CREATOR, "", "--models-dir", str(trained)]
    result = runner.invoke(app, args + (["--format", "json"] if command == "score" else []))
    if command == "check":
        assert result.exit_code in (0, 1), result.output  # a verdict, not an error (2)
        assert "your median post" in result.stdout
    else:
        assert result.exit_code == 0, result.output
        (score,) = json.loads(result.stdout)
        assert score["predicted_saves_per_1k"] > 0 and score["tips"]


def test_a_single_caption_still_needs_creator(trained):
    result = runner.invoke(app, ["score", "hello", "--models-dir", str(trained)])
    assert result.exit_code == 2 and "--creator" in result.stderr


def test_every_row_scored_is_exit_0_and_a_table_run_fails_like_json(trained, tmp_path):
    drafts = tmp_path / "plan.csv"
    drafts.write_text(f"id,creator_id,caption\na,{CREATOR},Lentil soup\nb,nobody,Hi\n")
    table = runner.invoke(app, ["score", "--drafts", str(drafts), "--models-dir", str(trained)])
    assert table.exit_code == 1 and "a" in table.stdout and "no trained model" in " ".join(table.stderr.split())
    drafts.write_text(f"id,creator_id,caption\na,{CREATOR},Lentil soup\n")
    assert score_file(trained, drafts).exit_code == 0
