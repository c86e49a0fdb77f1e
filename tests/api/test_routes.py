"""Every route: its success shape and its errors, as JSON with the right status."""

import json
import time

import pytest
from litestar.testing import TestClient

from api.app import create_app
from api.settings import Settings
from tests.helpers import ADMIN, ALICE, BOB, assert_error


def test_health_and_ready(client):
    # keys_required: the page asks for a key before it calls /v1 (no 401 on a fresh load).
    assert client.get("/health").json() == {"status": "ok", "keys_required": True}
    ready = client.get("/ready").json()
    assert ready == {"ready": True, "models_loaded": 2, "encoder_loaded": True}


def test_creators_lists_only_what_the_key_may_see(client):
    assert [c["creator_id"] for c in client.get("/v1/creators", headers=ALICE).json()["creators"]] == ["alice"]
    assert [c["creator_id"] for c in client.get("/v1/creators", headers=ADMIN).json()["creators"]] == ["alice", "bob"]
    assert (
        client.get("/v1/creators", headers={"X-API-Key": "both-key"}).json()["creators"][1]["quality"]["n_test"] == 16
    )


def test_score_shape(client):
    response = client.post(
        "/v1/creators/alice/score",
        json={
            "caption": "Lentil soup for the week",
            "expected_views": 10000,
            "planned_at": "2026-12-03T10:00:00+00:00",
        },
        headers=ALICE,
    )
    assert response.status_code == 200, response.text
    score = response.json()
    assert set(score) >= {
        "creator_id",
        "model_version",
        "predicted_saves_per_1k",
        "interval",
        "percentile",
        "expected_saves",
        "signals",
        "tips",
    }
    assert score["interval"]["low"] <= score["predicted_saves_per_1k"] <= score["interval"]["high"]
    assert score["expected_saves"] == pytest.approx(score["predicted_saves_per_1k"] * 10, rel=0.01)
    tip = score["tips"][0]
    assert set(tip) >= {"id", "title", "advice", "expected_impact", "confidence", "source", "evidence"}
    assert set(tip["expected_impact"]) == {"saves_per_1k", "relative", "interval"}


def test_batch_keeps_order_and_refuses_over_1000(client):
    drafts = [{"caption": f"draft number {i}", "id": f"d{i}"} for i in range(30)]
    response = client.post("/v1/creators/alice/score/batch", json={"drafts": drafts}, headers=ALICE)
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [f"d{i}" for i in range(30)]
    too_many = {"drafts": [{"caption": "x"}] * 1001}
    assert_error(client.post("/v1/creators/alice/score/batch", json=too_many, headers=ALICE), 422)
    assert_error(client.post("/v1/creators/alice/score/batch", json={"drafts": []}, headers=ALICE), 422)


def test_insights(client):
    insights = client.get("/v1/creators/alice/insights", headers=ALICE).json()
    assert insights["n_posts"] == 120 and insights["top_drivers"] and insights["heatmap"]
    assert {"model", "baselines"} <= set(insights["quality"])


def test_unknown_creator_404_says_how_to_train(client):
    response = client.post("/v1/creators/carol/score", json={"caption": "x"}, headers=ADMIN)
    assert_error(response, 404, "unknown_creator")
    assert (
        "saveworthy train" in response.json()["error"]["message"] and "history" in response.json()["error"]["message"]
    )


def test_auth_errors(client):
    assert_error(client.post("/v1/creators/alice/score", json={"caption": "x"}), 401, "unauthorized")
    assert_error(client.post("/v1/creators/alice/score", json={"caption": "x"}, headers={"X-API-Key": "nope"}), 401)


def test_validation_errors(client):
    assert_error(client.post("/v1/creators/alice/score", json={"captoin": "x"}, headers=ALICE), 422)
    assert_error(client.post("/v1/creators/alice/score", json={"caption": "x", "duration_s": -1}, headers=ALICE), 422)
    assert_error(client.post("/v1/creators/alice/score", json={"caption": "x", "sound": "loud"}, headers=ALICE), 422)
    malformed = client.post(
        "/v1/creators/alice/score", content=b"{nope", headers={**ALICE, "content-type": "application/json"}
    )
    assert_error(malformed, 400)
    assert_error(client.post("/v1/creators/Bad%20Id/score", json={"caption": "x"}, headers=ADMIN), 422)


def test_body_limit_413(settings):
    small = Settings(**{**settings.__dict__, "max_body_bytes": 2000})
    with TestClient(app=create_app(small)) as client:
        response = client.post("/v1/creators/alice/score", json={"caption": "x" * 5000}, headers=ALICE)
        assert_error(response, 413)


def test_rate_limit_429_with_retry_after(settings):
    limited = Settings(**{**settings.__dict__, "rate_limit_per_minute": 3})
    with TestClient(app=create_app(limited)) as client:
        codes = [client.get("/v1/creators", headers=ALICE).status_code for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3] == 429
        response = client.get("/v1/creators", headers=ALICE)
        assert_error(response, 429, "rate_limited")
        assert int(response.headers["retry-after"]) >= 1
        assert client.get("/v1/creators", headers=BOB).status_code == 200  # per key


def test_damaged_model_503(client, settings):
    meta = json.loads((settings.models_dir / "alice" / "current.json").read_text())
    version_file = settings.models_dir / "alice" / meta["file"]
    version_file.write_bytes(version_file.read_bytes()[:500])  # current.json still names it
    client.app.state.app_state.registry.forget("alice")
    assert_error(
        client.post("/v1/creators/alice/score", json={"caption": "x"}, headers=ALICE), 503, "model_unavailable"
    )


def test_metrics_counts_routes_by_template(client):
    client.post("/v1/creators/alice/score", json={"caption": "x"}, headers=ALICE)
    text = client.get("/metrics", headers=ADMIN).text
    assert 'path="/v1/creators/{creator_id}/score"' in text
    assert "saveworthy_request_duration_seconds" in text
    assert 'saveworthy_model_info{creator_id="alice"' in text


def test_openapi_has_every_route_with_examples(client):
    schema = client.get("/schema/openapi.json").json()
    assert {
        "/health",
        "/ready",
        "/v1/creators",
        "/v1/creators/{creator_id}/score",
        "/v1/creators/{creator_id}/score/batch",
        "/v1/creators/{creator_id}/insights",
        "/v1/creators/{creator_id}/history",
        "/v1/jobs/{job_id}",
    } <= set(schema["paths"])
    # the documented example is a draft the route really accepts, and scores
    body = schema["paths"]["/v1/creators/{creator_id}/score"]["post"]["requestBody"]["content"]["application/json"]
    (example,) = body["schema"]["examples"]
    response = client.post("/v1/creators/alice/score", json=example, headers=ALICE)
    assert response.status_code == 200 and response.json()["predicted_saves_per_1k"] > 0


def _wait_job(client, job_id, headers, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/v1/jobs/{job_id}", headers=headers).json()
        if state["state"] in ("succeeded", "failed"):
            return state
        time.sleep(0.5)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s")


def test_history_upload_trains_in_background_and_swaps_model(client):
    from training.importers import write_canonical_csv
    from training.sample_data import generate_history

    before = client.get("/v1/creators", headers=ALICE).json()["creators"][0]["model_version"]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "h.csv"
        write_canonical_csv(generate_history(60, seed=4, creator_id="alice"), path)
        data = path.read_bytes() + b"bad1,2025-01-01T00:00:00Z,oops,-1,1,,,,,,,alice\n"
    response = client.post("/v1/creators/alice/history", content=data, headers={**ALICE, "content-type": "text/csv"})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["state"] in ("queued", "running") and response.headers["location"] == f"/v1/jobs/{job['job_id']}"
    # Scoring keeps working while the job trains.
    assert client.post("/v1/creators/alice/score", json={"caption": "x"}, headers=ALICE).status_code == 200
    state = _wait_job(client, job["job_id"], ALICE)
    assert state["state"] == "succeeded", state
    assert state["report"]["posts"] == 60 and state["report"]["rejected_rows"][0]["row"] == 62
    after = client.post("/v1/creators/alice/score", json={"caption": "x"}, headers=ALICE).json()["model_version"]
    assert after == state["report"]["version"] != before


def test_history_upload_without_usable_rows_fails_with_rows(client):
    data = b"post_id,created_at,caption,views,saves\nx,,hi,10,1\ny,2025-01-01T00:00:00Z,hi,-5,1\n"
    job = client.post("/v1/creators/alice/history", content=data, headers=ALICE).json()
    state = _wait_job(client, job["job_id"], ALICE)
    assert state["state"] == "failed" and "no usable post" in state["error"]
    assert [r["row"] for r in state["report"]["rejected_rows"]] == [2, 3]


def test_history_upload_errors(client):
    assert_error(client.post("/v1/creators/alice/history", content=b"  ", headers=ALICE), 422)
    assert_error(client.post("/v1/creators/alice/history?format=xml", content=b"a", headers=ALICE), 422)
    assert_error(client.get("/v1/jobs/doesnotexist", headers=ALICE), 404)
