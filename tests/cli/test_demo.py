"""``saveworthy demo`` trains and serves its own models directory, never the real creators' one.

Issue 22: the demo's synthetic creator sat in the default ``./var/models`` and fed every real
creator's population. Training and serving are replaced by recorders here: what matters is
which directory the demo would use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app


class _Summary:
    trained = ()


@pytest.fixture
def demo(monkeypatch, tmp_path):
    """Run ``saveworthy demo`` (args) in tmp_path with SAVEWORTHY_MODELS_DIR set; returns the directory it
    trained, the settings it would serve and whether every row it trained on was marked synthetic."""
    import api.server
    import training.train

    seen: dict = {}
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SAVEWORTHY_MODELS_DIR", str(tmp_path / "real-models"))

    def fake_train(history, models_dir, **kwargs):
        seen["trained"] = Path(models_dir)
        seen["synthetic"] = all(getattr(r, "synthetic", False) for r in history.records)
        return _Summary()

    monkeypatch.setattr(training.train, "train_history", fake_train)
    monkeypatch.setattr(api.server, "run_server", lambda settings, **kw: seen.setdefault("served", settings))

    def run(*args: str):
        result = CliRunner().invoke(app, ["demo", *args])
        assert result.exit_code == 0, result.output
        return seen["trained"], seen["served"], seen["synthetic"]

    return run


def test_the_demo_has_its_own_models_directory(demo, tmp_path):
    from api.settings import Settings

    trained, served, synthetic = demo()
    assert trained.resolve() == served.models_dir.resolve()
    assert trained.resolve() not in {(tmp_path / "var" / "models").resolve(), (tmp_path / "real-models").resolve()}
    assert trained.resolve() == (tmp_path / "var" / "demo" / "models").resolve()
    # A server resumes the waiting uploads of its jobs directory into its own models: the demo's are apart.
    real_jobs = {Settings.from_env(models_dir=d).resolved_jobs_dir.resolve() for d in (Path("var/models"), None)}
    assert served.resolved_jobs_dir.resolve() not in real_jobs
    assert synthetic  # and the sample says what it is


def test_an_explicit_models_dir_still_wins(demo, tmp_path):
    trained, served, _ = demo("--models-dir", str(tmp_path / "mine"))
    assert trained == served.models_dir == tmp_path / "mine"


def test_train_says_a_history_is_synthetic_and_names_an_unmarked_sample(tmp_path):
    """``train`` prints the synthetic warning for a synthetic creator; and where a models directory holds
    the sample's creator from before the mark (its statistics real), it says how to fix that."""
    import numpy as np

    from models.core.records import SYNTHETIC_WARNING
    from models.fit.store import STATS_FILE
    from training.importers import write_canonical_csv
    from training.sample_data import DEMO_CREATOR, generate_history

    models = tmp_path / "models"
    write_canonical_csv(generate_history(30, seed=3, creator_id=DEMO_CREATOR), tmp_path / "sample.csv")
    result = CliRunner().invoke(app, ["train", str(tmp_path / "sample.csv"), "--models-dir", str(models)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())  # as printed, wrapped to the terminal
    assert SYNTHETIC_WARNING in said and "no other synthetic creators" in said
    assert "before synthetic histories were marked" not in said

    stats_file = models / DEMO_CREATOR / STATS_FILE  # as an older saveworthy wrote it: no mark
    with np.load(stats_file) as z:
        old = {k: z[k] for k in z.files if k != "synthetic"}
    np.savez(stats_file, **old)
    write_canonical_csv(generate_history(30, seed=4, creator_id="real", synthetic=False), tmp_path / "real.csv")
    result = CliRunner().invoke(app, ["train", str(tmp_path / "real.csv"), "--models-dir", str(models)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())
    assert "before synthetic histories were marked" in said and SYNTHETIC_WARNING not in said
