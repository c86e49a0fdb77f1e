"""Adding a lever is one entry in ``models/core/levers.py`` plus its phrases in every language module.

A fresh process registers a giveaway lever and writes its phrases into the language modules
before any reader loads, exactly as editing the two files would, then trains a small creator:
the featurizer gives the lever a column, the stated prior shrinks it where the history is thin,
the tips catalogue prices and advises it, and insights and a score's signals name it.
"""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import ast, importlib.util, json, math, sys
from pathlib import Path

import models.core.levers as registry

GIVEAWAY = registry.Lever(
    name="giveaway",
    label="Giveaway",
    tip_id="giveaway",
    why="Entrants keep the post to check back on the draw.",
    prior_relative=0.2,
    prior_interval=(0.0, 0.4),
    evidence="ran a giveaway",
    advice="Run a giveaway and tell entrants to save the post for the draw",
    words="GIVEAWAY",
)
registry.LEVERS = (*registry.LEVERS, GIVEAWAY)

# The phrases, as each language module would spell them (English has some; the others none yet).
folder = Path(importlib.util.find_spec("models.text.language").origin).parent  # found, not yet imported
package = ast.parse((folder / "__init__.py").read_text())
codes = next(ast.literal_eval(n.value) for n in package.body if getattr(n, "targets", [None])[0] and
             getattr(n.targets[0], "id", "") == "LANGUAGES")
for code in codes:
    spec = importlib.util.spec_from_file_location(f"models.text.language.{code}", folder / f"{code}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.GIVEAWAY = ("giveaway", "win this") if code == "en" else ()
    sys.modules[spec.name] = module

from models.fit.creator_model import CreatorModel
from models.fit.features import META_NAMES
from models.read.insights import LABELS
from models.core.records import Draft
from models.read.scoring import score_drafts
from models.text.signals import detect_signals
from tests.helpers import small_history

model = CreatorModel("small").fit(small_history(40), themes=False)
plain, entered = score_drafts(model, "v", [Draft(caption="Pasta night"), Draft(caption="Giveaway: win this pan!")])
tip = next(t for t in plain.tips if t.id == "giveaway")
signal = next(s for s in entered.signals if s.id == "giveaway")
print(json.dumps({
    "detected": detect_signals("Giveaway: win this pan!").giveaway,
    "column_after": META_NAMES[META_NAMES.index("giveaway") - 1],
    "model_column": "giveaway" in model.estimator_.featurizer_.feature_names_,
    "prior": model.estimator_.prior_.lever_effect("giveaway"),
    "expected_prior": math.log1p(0.2),
    "counted": model.lever_counts_["giveaway"],
    "tip": [tip.title, tip.advice, tip.source, tip.evidence.prior_relative, tip.expected_impact.saves_per_1k > 0],
    "signal": [signal.label, signal.matches],
    "insights_label": LABELS["giveaway"],
}))
"""


def test_a_new_lever_is_one_entry_and_its_words():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["detected"] is True
    assert found["column_after"] == "text_overlay"  # the features: a column, after the levers before it
    assert found["model_column"] is True
    assert found["prior"] == found["expected_prior"]  # the population's place: its stated prior (no post had it)
    assert found["counted"] == 0
    assert found["tip"] == [
        "Giveaway",
        "Run a giveaway and tell entrants to save the post for the draw",
        "prior",
        0.2,
        True,
    ]
    assert found["signal"] == ["Giveaway", ["giveaway", "win this"]]
    assert found["insights_label"] == "Giveaway"
