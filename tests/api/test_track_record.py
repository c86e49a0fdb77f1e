"""The track record's round trip: drafts scored (HTTP, CLI) → history uploaded (HTTP) or trained (CLI) →
each pair in ``GET /track-record`` and ``saveworthy track-record``, for the creator's own key only."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from typer.testing import CliRunner

from api.cli import app as cli
from models.core.records import PostRecord
from models.read.track_record import TRACK_FILE
from tests.helpers import ADMIN, ALICE, BOB
from training.importers import canonical_csv_text
from training.sample_data import generate_history

OATS = "Overnight oats for the whole week, five flavours. Save this for Sunday!"
SOUP = "Big pot of red lentil soup, ready in 30 minutes"


def _post(post_id: str, caption: str, at: datetime, views: int, saves: int) -> PostRecord:
    return PostRecord(
        post_id=post_id, created_at=at, caption=caption, views=views, saves=saves, creator_id="bob", synthetic=True
    )


def _wait(client, job_id: str, headers: dict, timeout: float = 180) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if state["state"] in ("succeeded", "failed"):
            return state
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


def test_scored_drafts_meet_their_posts_over_http_and_the_cli(client, settings):
    planned = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    scored = client.post(
        "/v1/creators/bob/score", json={"caption": OATS + " #mealprep", "planned_at": planned}, headers=BOB
    ).json()
    before = client.get("/v1/creators/bob/track-record", headers=BOB).json()
    assert before["drafts_waiting"] == 1 and before["pairs"] == []
    # Only the caption's fingerprint is kept, never its words.
    stored = (settings.models_dir / "bob" / TRACK_FILE).read_text()
    assert "oats" not in stored.lower() and "Overnight" not in stored
    # Another creator's key sees nothing of it; an admin may.
    assert client.get("/v1/creators/bob/track-record", headers=ALICE).status_code == 403
    assert client.get("/v1/creators/bob/track-record", headers=ADMIN).status_code == 200

    # The post goes out (caption retyped with other spacing and case) and the history is uploaded.
    now = datetime.now(UTC)
    posted = _post(
        "oats-post", "overnight  oats for the whole week, five flavours. save this for sunday! ", now, 2000, 31
    )
    history = [*generate_history(80, seed=2, creator_id="bob"), posted]
    job = client.post(
        "/v1/creators/bob/history",
        content=canonical_csv_text(history).encode(),
        headers={**BOB, "content-type": "text/csv"},
    ).json()
    assert _wait(client, job["job_id"], BOB)["state"] == "succeeded"

    record = client.get("/v1/creators/bob/track-record", headers=BOB).json()
    assert record["drafts_waiting"] == 0
    (pair,) = record["pairs"]
    assert pair["predicted_saves_per_1k"] == scored["predicted_saves_per_1k"]
    assert (pair["low"], pair["high"]) == (scored["interval"]["low"], scored["interval"]["high"])
    assert pair["saved_per_1k"] == 15.5 and pair["model_version"] == scored["model_version"]
    assert pair["inside"] == (pair["low"] <= 15.5 <= pair["high"])
    assert pair["planned_at"] is not None and record["interval_coverage"]["count"] == 1
    assert "Of 1 post scored before you posted" in record["sentence"]
    metrics = client.get("/metrics", headers=ADMIN).text
    assert 'saveworthy_track_record{count="pairs"} 1.0' in metrics

    # The CLI: a draft scored there, then trained with its post, joins the same record.
    models = str(settings.models_dir)
    runner = CliRunner()
    assert runner.invoke(cli, ["score", "--creator", "bob", SOUP, "--models-dir", models]).exit_code == 0
    soup = _post("soup-post", SOUP + " #soup", datetime.now(UTC), 1000, 4)
    path = settings.models_dir.parent / "bob.csv"
    path.write_text(canonical_csv_text([*history, soup]))
    trained = runner.invoke(cli, ["train", str(path), "--models-dir", models, "--workers", "1"])
    assert trained.exit_code == 0, trained.output
    shown = runner.invoke(cli, ["track-record", "--creator", "bob", "--models-dir", models, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    cli_record = json.loads(shown.stdout)
    assert [p["saved_per_1k"] for p in cli_record["pairs"]] == [15.5, 4.0]
    assert cli_record["ordered_right"]["count"] == 1  # the two posts are minutes apart
    table = runner.invoke(cli, ["track-record", "--creator", "bob", "--models-dir", models])
    assert table.exit_code == 0 and "Of 2 posts scored before you posted them" in table.stdout
    # An upload of the same posts again pairs nothing twice.
    again = client.get("/v1/creators/bob/track-record", headers=BOB).json()
    assert len(again["pairs"]) == 2


def test_a_creator_without_a_model_has_no_track_record(client):
    response = client.get("/v1/creators/nobody/track-record", headers=ADMIN)
    assert response.status_code == 404 and "error" in response.json()


def test_planned_and_compared_drafts_are_remembered_with_their_planned_time(client, settings):
    drafts = [{"caption": f"Meal prep idea number {word}"} for word in ("one", "two")]
    plan = client.post("/v1/creators/alice/plan", json={"drafts": drafts, "start": "2025-06-02"}, headers=ALICE)
    assert plan.status_code == 200, plan.text
    record = client.get("/v1/creators/alice/track-record", headers=ALICE).json()
    assert record["drafts_waiting"] == 2
    stored = json.loads((settings.models_dir / "alice" / TRACK_FILE).read_text())
    at = {p["at"] for p in plan.json()["placements"]}
    assert {datetime.fromisoformat(d["planned_at"]) for d in stored["drafts"]} == {
        datetime.fromisoformat(a) for a in at
    }
    variants = {"variants": [{"caption": "Five lunches in an hour"}, {"caption": "Five lunches. Save this!"}]}
    assert client.post("/v1/creators/alice/compare", json=variants, headers=ALICE).status_code == 200
    assert client.get("/v1/creators/alice/track-record", headers=ALICE).json()["drafts_waiting"] == 4
