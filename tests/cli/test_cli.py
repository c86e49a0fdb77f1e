"""The command line as scripts use it: exit codes, JSON on stdout only, clear errors."""

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app
from tests.helpers import fail_training_of, reported_rows
from training.importers import write_canonical_csv
from training.sample_data import generate_history

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "data" / "fixtures"


def test_train_prints_quality_report_against_baselines(tmp_path):
    history = tmp_path / "h.csv"
    write_canonical_csv(generate_history(120, seed=2, creator_id="q"), history)
    result = runner.invoke(app, ["train", str(history), "--models-dir", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    for label in ("saveworthy", "creator mean", "recent mean", "hashtag only", "latest 24"):
        assert label in result.output
    assert (tmp_path / "m" / "q" / "current.json").exists()


def test_check_exit_codes(trained):
    strong = "How to prep 5 lunches in an hour. Save this for later! What would you add? #mealprep"
    weak = "a quiet sunday"
    assert (
        runner.invoke(app, ["check", "--creator", "cli-creator", strong, "--models-dir", str(trained)]).exit_code == 0
    )
    assert runner.invoke(app, ["check", "--creator", "cli-creator", weak, "--models-dir", str(trained)]).exit_code == 1
    missing = runner.invoke(app, ["check", "--creator", "nobody", weak, "--models-dir", str(trained)])
    assert missing.exit_code == 2 and "saveworthy train" in missing.output


def test_check_verdict_goes_to_stdout_and_json_for_scripts(trained):
    # `check ... > verdict.txt` keeps the verdict; a script reads --format json.
    strong = "How to prep 5 lunches in an hour. Save this for later! What would you add? #mealprep"
    text = runner.invoke(app, ["check", "--creator", "cli-creator", strong, "--models-dir", str(trained)])
    assert text.exit_code == 0 and text.stdout.startswith("ok: this draft") and "your median post" in text.stdout
    assert "ok: this draft" not in text.stderr
    for caption, code in ((strong, 0), ("a quiet sunday", 1)):
        result = runner.invoke(
            app, ["check", "--creator", "cli-creator", caption, "--models-dir", str(trained), "--format", "json"]
        )
        assert result.exit_code == code, result.output
        verdict = json.loads(result.stdout)  # only JSON on stdout
        assert verdict["ok"] is (code == 0) and verdict["creator_id"] == "cli-creator"
        assert (verdict["predicted_saves_per_1k"] >= verdict["median_saves_per_1k"]) is verdict["ok"]
        assert verdict["score"]["predicted_saves_per_1k"] == verdict["predicted_saves_per_1k"]
    bad = runner.invoke(app, ["check", "--creator", "cli-creator", "x", "--format", "yaml"])
    assert bad.exit_code == 2 and bad.stdout == ""


def test_score_json_is_only_json_on_stdout(trained, tmp_path):
    drafts = tmp_path / "drafts.jsonl"
    drafts.write_text(
        '{"id": "d1", "caption": "Lentil soup"}\n{"id": "d2", "caption": "3 tips for rice. Save this!"}\n'
    )
    result = runner.invoke(
        app,
        [
            "score",
            "--creator",
            "cli-creator",
            "--drafts",
            str(drafts),
            "--models-dir",
            str(trained),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert [s["id"] for s in scores] == ["d1", "d2"]
    assert {"predicted_saves_per_1k", "interval", "percentile", "signals", "tips", "model_version"} <= set(scores[0])
    assert scores[1]["predicted_saves_per_1k"] > scores[0]["predicted_saves_per_1k"]


def test_score_drafts_csv_with_only_bad_rows_fails_naming_the_row(trained, tmp_path):
    drafts = tmp_path / "drafts.csv"
    drafts.write_text("caption,duration_s\nhello,-3\n")
    result = runner.invoke(
        app, ["score", "--creator", "cli-creator", "--drafts", str(drafts), "--models-dir", str(trained)]
    )
    assert result.exit_code == 2
    assert "duration_s" in result.stderr and "no draft scored" in result.stderr
    assert "duration_s" in reported_rows(result.stderr)[2]  # the spreadsheet's row: header is row 1


def test_import_writes_canonical_csv_and_reports_rejects(tmp_path):
    out, rejects = tmp_path / "out.csv", tmp_path / "rejects.csv"
    result = runner.invoke(
        app, ["import", str(FIXTURES / "bad_rows.csv"), "--out", str(out), "--rejects", str(rejects)]
    )
    assert result.exit_code == 0, result.output
    assert "7 rows rejected" in result.output and "duplicate" in result.output
    assert out.read_text().count("\n") == 4  # header + 3 posts
    assert rejects.read_text().count("rejected") == 7


def test_import_strict_fails_with_row(tmp_path):
    result = runner.invoke(
        app, ["import", str(FIXTURES / "bad_rows.csv"), "--out", str(tmp_path / "o.csv"), "--strict"]
    )
    assert result.exit_code == 2 and "row 4" in result.output


def test_insights_json(trained):
    result = runner.invoke(
        app, ["insights", "--creator", "cli-creator", "--models-dir", str(trained), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    insights = json.loads(result.stdout)
    assert insights["top_drivers"][0]["feature"] == "save_cta"
    assert insights["quality"]["model"]["spearman"] > 0.3


def test_train_without_creator_column_needs_creator(tmp_path):
    result = runner.invoke(app, ["train", str(FIXTURES / "semicolon_bom.csv"), "--models-dir", str(tmp_path)])
    assert result.exit_code == 2 and "--creator" in result.output


def test_keys_create_stores_only_the_hash(tmp_path):
    from api.auth import KeyStore

    keys_file = tmp_path / "keys.json"
    result = runner.invoke(app, ["keys", "create", "planner", "--creator", "alice", "--keys-file", str(keys_file)])
    assert result.exit_code == 0, result.output
    key = result.stdout.strip().splitlines()[-1]
    assert key.startswith("sw_") and key not in keys_file.read_text()
    caller = KeyStore.load(keys_file).authenticate(key)
    assert caller.creators == {"alice"} and not caller.admin
    assert runner.invoke(app, ["keys", "create", "x", "--keys-file", str(keys_file)]).exit_code == 2
    # a second key joins the first, and the file stays readable by its owner only
    admin = runner.invoke(app, ["keys", "create", "ops", "--admin", "--keys-file", str(keys_file)])
    store = KeyStore.load(keys_file)
    assert store.authenticate(key).name == "planner" and store.authenticate(admin.stdout.split()[-1]).admin
    assert keys_file.stat().st_mode & 0o777 == 0o600


def test_a_thin_creator_is_skipped_not_fatal(tmp_path):
    history = tmp_path / "two.csv"
    posts = generate_history(60, seed=3, creator_id="big") + generate_history(3, seed=4, creator_id="tiny")
    write_canonical_csv(posts, history)
    result = runner.invoke(app, ["evaluate", str(history), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert [r["creator_id"] for r in json.loads(result.stdout)] == ["big"]
    assert "skipped" in result.stderr and "'tiny' has 3 posts" in result.stderr
    trained = runner.invoke(app, ["train", str(history), "--models-dir", str(tmp_path / "m")])
    assert trained.exit_code == 0 and (tmp_path / "m" / "big" / "current.json").exists()
    only_tiny = tmp_path / "tiny.csv"
    write_canonical_csv(generate_history(3, seed=4, creator_id="tiny"), only_tiny)
    assert runner.invoke(app, ["evaluate", str(only_tiny)]).exit_code == 2


def test_train_summarises_and_a_rerun_leaves_an_unchanged_creator(tmp_path):
    history = tmp_path / "h.csv"
    write_canonical_csv(
        generate_history(12, seed=3, creator_id="u") + generate_history(2, seed=4, creator_id="t"), history
    )
    args = ["train", str(history), "--models-dir", str(tmp_path / "m"), "--workers", "1"]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "1 trained, 0 unchanged, 1 skipped, 0 failed" in first.output and "'t' has 2 usable posts" in first.output
    again = runner.invoke(app, args)
    assert again.exit_code == 0 and "0 trained, 1 unchanged" in again.output
    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0 and "1 trained, 0 unchanged" in forced.output


def test_a_failed_creator_makes_train_exit_1_after_the_others(tmp_path, monkeypatch):
    fail_training_of(monkeypatch, "bad", "simulated crash")
    history = tmp_path / "h.csv"
    write_canonical_csv(
        generate_history(8, seed=3, creator_id="good") + generate_history(8, seed=4, creator_id="bad"), history
    )
    result = runner.invoke(app, ["train", str(history), "--models-dir", str(tmp_path / "m"), "--workers", "1"])
    assert result.exit_code == 1, result.output
    assert "failed: bad: RuntimeError: simulated crash" in " ".join(result.output.split())
    assert (tmp_path / "m" / "good" / "current.json").exists()


def test_ray_takes_an_optional_address():
    from api.cli import optional_ray_address

    assert optional_ray_address(["train", "h.csv", "--ray"]) == ["train", "h.csv", "--ray=local"]
    assert optional_ray_address(["train", "--ray", "--force", "h.csv"])[1] == "--ray=local"
    assert optional_ray_address(["train", "h.csv", "--ray", "ray://head:10001"])[2:] == ["--ray", "ray://head:10001"]
    here = str(Path(__file__))  # an existing file after --ray is the history, not an address
    assert optional_ray_address(["train", "--ray", here]) == ["train", "--ray=local", here]


def test_ray_without_ray_installed_is_one_clear_line(tmp_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` fails as if not installed
    history = tmp_path / "h.csv"
    write_canonical_csv(
        generate_history(6, seed=3, creator_id="a") + generate_history(6, seed=4, creator_id="b"), history
    )
    result = runner.invoke(app, ["train", str(history), "--models-dir", str(tmp_path / "m"), "--ray", "local"])
    assert result.exit_code == 2
    assert "Ray is not installed" in result.output and "pip install 'saveworthy[ray]'" in result.output
    assert "Traceback" not in result.output
    assert not any(p.name.startswith(".run-") for p in (tmp_path / "m").iterdir())  # no scratch left behind


def test_serve_reads_the_keys_file_that_keys_create_writes(tmp_path, monkeypatch):
    import api.server
    from api.auth import KeyStore

    keys_file = tmp_path / "keys.json"
    key = runner.invoke(app, ["keys", "create", "planner", "--creator", "alice", "--keys-file", str(keys_file)])
    served = []
    monkeypatch.setattr(api.server, "run_server", lambda settings, **kw: served.append(settings))
    result = runner.invoke(app, ["serve", "--keys-file", str(keys_file), "--models-dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (settings,) = served
    assert KeyStore.load(settings.keys_file).authenticate(key.stdout.split()[-1]).creators == {"alice"}
    missing = runner.invoke(app, ["serve", "--keys-file", str(tmp_path / "nope.json")])
    assert missing.exit_code == 2 and not served[1:]


def test_a_one_post_creator_is_skipped_in_good_grammar(tmp_path):
    from models.core.records import HistoryRead
    from training.train import train_history

    summary = train_history(HistoryRead(records=generate_history(1, seed=5, creator_id="solo")), tmp_path)
    assert summary.skipped == ["creator 'solo' has 1 usable post; at least 3 are needed"] and not summary.trained
