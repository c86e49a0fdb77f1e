"""The history upload takes the creator's time zone (issue 30): checked at the door, kept with
the job, applied when the runner reads the history, and stored with the model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import msgspec

from api.jobs import JobManager
from models.fit.store import load_model
from tests.helpers import ADMIN
from training.importers import canonical_csv_text
from training.job_state import read_state
from training.sample_data import generate_history
from training.worker import run

ZONE = "Asia/Ho_Chi_Minh"


def _vn_csv(n: int = 40) -> bytes:
    """Posts at 19-20 h Vietnam time, written as UTC."""
    start = datetime(2026, 1, 1, 12, tzinfo=UTC)
    posts = generate_history(n, seed=31, creator_id="alice", synthetic=False)
    posts = [msgspec.structs.replace(p, created_at=start + timedelta(days=i)) for i, p in enumerate(posts)]
    return canonical_csv_text(posts).encode()


def test_an_unknown_zone_is_a_422_naming_it(client):
    response = client.post("/v1/creators/alice/history?timezone=Asia/Saigonn", content=_vn_csv(5), headers=ADMIN)
    assert response.status_code == 422
    assert "Asia/Saigonn" in response.text and "Traceback" not in response.text


def test_the_zone_rides_on_the_job_as_a_query_or_a_multipart_field(client):
    response = client.post(f"/v1/creators/alice/history?timezone={ZONE}", content=_vn_csv(5), headers=ADMIN)
    assert response.status_code == 202 and response.json()["timezone"] == ZONE
    response = client.post(
        "/v1/creators/bob/history",
        files={"file": ("h.csv", _vn_csv(5), "text/csv")},
        data={"timezone": "Europe/Copenhagen"},
        headers=ADMIN,
    )
    assert response.status_code == 202 and response.json()["timezone"] == "Europe/Copenhagen"


def test_the_runner_reads_on_the_zone_and_the_model_keeps_it(tmp_path):
    jobs = JobManager(tmp_path / "jobs", tmp_path / "models")  # not started: the runner is called here
    job = jobs.submit("alice", _vn_csv(), "auto", ZONE)
    job_dir = tmp_path / "jobs" / job.job_id
    assert run(job_dir, tmp_path / "models") == 0, read_state(job_dir).error
    assert read_state(job_dir).report["timezone"] == ZONE
    model, _ = load_model(tmp_path / "models", "alice")
    assert model.timezone_ == ZONE and {c.block for c in model.time_stats_} == {6}  # 18:00-21:00 there
