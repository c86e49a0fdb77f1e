"""Small things a user trips on (issue 12): a history without creator ids, and counts of one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from api.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
NO_CREATOR = ROOT / "tests" / "data" / "fixtures" / "semicolon_bom.csv"  # no creator_id column


def test_import_warns_at_once_when_posts_have_no_creator(tmp_path):
    result = runner.invoke(app, ["import", str(NO_CREATOR), "--out", str(tmp_path / "h.csv")])
    assert result.exit_code == 0, result.output
    assert "without a creator_id" in result.stderr and "--creator" in result.stderr
    named = runner.invoke(app, ["import", str(NO_CREATOR), "--out", str(tmp_path / "h.csv"), "--creator", "me"])
    assert named.exit_code == 0 and "creator_id" not in named.stderr
    assert (tmp_path / "h.csv").read_text().splitlines()[-1].endswith(",me")


def test_train_without_creator_fails_before_loading_the_model_stack(tmp_path):
    # The advice must come at once, not after seconds of importing torch and the encoder.
    code = (
        "import sys\nfrom api.cli import main\ntry:\n    main()\nfinally:\n"
        "    print('torch loaded' if 'torch' in sys.modules else 'torch not loaded', file=sys.stderr)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, "train", str(NO_CREATOR), "--models-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "--creator ID" in result.stderr and "torch not loaded" in result.stderr


def test_one_post_and_one_rejected_row_read_in_the_singular(tmp_path):
    history = tmp_path / "h.csv"
    history.write_text(
        "post_id,created_at,caption,views,saves,creator_id\n"
        "p1,2025-03-01T18:30:00+00:00,hello,1000,10,me\n"
        "p2,2025-03-02T18:30:00+00:00,hello,1000,oops,me\n"
    )
    result = runner.invoke(app, ["import", str(history), "--out", str(tmp_path / "out.csv")])
    assert result.exit_code == 0, result.output
    text = " ".join(result.stderr.split())
    assert "1 row rejected" in text and "wrote 1 post to" in text
    assert "1 rows" not in text and "1 posts" not in text
