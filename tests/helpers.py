"""What several test modules share that is not a fixture (fixtures live in the conftest.py files):
tiny hand-made histories, the API keys and CLI creators the fixtures are built with, and checks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
from rich.cells import cell_len

from models.core.records import PostRecord
from models.fit.population import LinearPrior, PopulationFitter
from models.fit.population_stats import CreatorStats
from models.fit.store import stored_population_stats

TOPICS = ("rice bowls", "overnight oats", "tofu stir fry", "lentil soup", "banana bread", "pasta salad")


def small_history(n: int = 40, *, seed: int = 0, creator_id: str | None = "small") -> list[PostRecord]:
    rng = np.random.default_rng(seed)
    start = datetime(2025, 1, 1, 12, tzinfo=UTC)
    posts = []
    for i in range(n):
        cta = rng.random() < 0.4
        views = int(rng.integers(800, 20_000))
        rate = 0.012 * (1.8 if cta else 1.0) * float(rng.lognormal(0, 0.2))
        caption = f"{TOPICS[i % len(TOPICS)]} day {i}" + (" Save this for later!" if cta else "")
        posts.append(
            PostRecord(
                post_id=f"p{i}",
                created_at=start + timedelta(hours=int(30 * i + rng.integers(0, 12))),
                caption=caption + " #mealprep",
                hashtags=("mealprep",),
                views=views,
                saves=min(views, int(rng.poisson(views * rate))),
                duration_s=float(rng.integers(10, 60)),
                creator_id=creator_id,
            )
        )
    return posts


def fail_training_of(monkeypatch, creator_id: str, message: str) -> None:
    """``train_creator`` raises ``RuntimeError(message)`` for one creator; the others train for real."""
    import training.steps

    real = training.steps.train_creator

    def fragile(records, owner, *args, **kwargs):
        if owner == creator_id:
            raise RuntimeError(message)
        return real(records, owner, *args, **kwargs)

    monkeypatch.setattr(training.steps, "train_creator", fragile)


# -- the API fixtures' keys (tests/conftest.py): alice's, bob's and the admin's -------------------------

KEYS = "alice-key:alice;bob-key:bob;both-key:alice,bob;admin-key:*"
ALICE = {"X-API-Key": "alice-key"}
BOB = {"X-API-Key": "bob-key"}
ADMIN = {"X-API-Key": "admin-key"}
TRACE_MARKERS = ("Traceback", 'File "', "raise ", "Error:")


def assert_error(response, status, code=None):
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["status"] == status and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    assert not any(marker in response.text for marker in TRACE_MARKERS)


# -- the CLI fixture's creators (tests/cli/conftest.py), and the CLI as a user runs it -------------------

CREATOR = "cli-creator"
SECOND = "second-creator"
ROOT = Path(__file__).resolve().parents[1]


def reported_rows(stderr: str) -> dict[int, str]:
    """Row number -> its line in the rejected-rows table a command printed on stderr."""
    rows = {}
    for line in stderr.splitlines():
        match = re.match(r"\s+(\d+)\s", line)  # table rows are indented; headings ("3 rows rejected") are not
        if match:
            rows[int(match[1])] = line
    return rows


def run_cli(*args: str, columns: int | None = 80) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    if columns:
        env["COLUMNS"] = str(columns)
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import main; main()", *args],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=300,
    )


def too_wide(text: str, width: int = 80) -> list[str]:
    return [line for line in text.splitlines() if cell_len(line) > width]


# -- the page (tests/e2e) ---------------------------------------------------------------------------------

OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def assert_charts_match_insights(page, insights: dict) -> None:
    """The insights view draws both charts from the API's numbers: one mark per point or driver,
    labels on screen, nothing wider than the viewport."""
    page.wait_for_selector("svg.chart.timeline")
    points = insights["timeline"]["points"]
    held_out = [p for p in points if p["predicted_saves_per_1k"] is not None]
    assert page.locator("svg.timeline circle.actual").count() == len(points)
    assert page.locator("svg.timeline rect.predicted").count() == len(held_out) > 0
    dates = page.locator("svg.timeline text.date").all_text_contents()
    split = page.locator("svg.timeline text.split").text_content()
    assert (
        dates[0] == points[0]["at"] and dates[-1] == points[-1]["at"] and insights["timeline"]["held_out_from"] in split
    )
    drivers = insights["top_drivers"]
    assert page.locator("svg.drivers rect.bar").count() == len(drivers) > 0
    assert page.locator("svg.drivers line.whisker").count() == 3 * len(drivers)  # a range and its two ends
    labels = page.locator("svg.drivers text.label")
    assert labels.all_text_contents() == [d["label"] for d in drivers]
    width = page.evaluate("window.innerWidth")
    for chart in ("svg.timeline", "svg.drivers"):
        box = page.locator(chart).bounding_box()
        assert box["width"] > 200 and box["x"] >= 0 and box["x"] + box["width"] <= width, (chart, box)
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert labels.nth(i).is_visible() and box["x"] + box["width"] <= width, box
    assert page.evaluate(OVERFLOW) <= 0
# -- the population, as tests build it from statistics in memory --------------------------------


def fit_population(stats: Sequence[CreatorStats], *, random_state: int = 0) -> LinearPrior | None:
    """The within-creator ridge over every creator's statistics; None with too few creators."""
    return PopulationFitter(random_state=random_state).fit(stats).prior()


def population_without(stats: Mapping[str, CreatorStats], creator_id: str, encoder: str) -> LinearPrior | None:
    """The population of every other creator with statistics from the same encoder."""
    others = [s for cid, s in sorted(stats.items()) if cid != creator_id and s.encoder == encoder]
    return fit_population(others)


def population_fitter(stats: Mapping[str, CreatorStats], encoder: str) -> PopulationFitter:
    """One fitter over every creator with statistics from ``encoder``: ``prior(without=creator)`` per creator."""
    return PopulationFitter().fit([s for _, s in sorted(stats.items()) if s.encoder == encoder])


def load_population_stats(models_dir: Path, encoder: str) -> dict[str, CreatorStats]:
    """Every stored creator's population statistics for ``encoder``, all in memory; unreadable files are skipped."""
    return {s.creator_id: s for s in stored_population_stats(models_dir, encoder) if s.n}
