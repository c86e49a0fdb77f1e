"""Fair under load: bounded captions, per-draft errors in a batch, no foreign ids in errors, lanes and budgets."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from api.errors import Unavailable
from api.lanes import Lanes, chunks
from api.scoring_thread import BATCH, SINGLE, ScoringThread
from models.core.records import Draft
from tests.helpers import ALICE, BOB


def test_a_caption_longer_than_tiktok_allows_is_a_422_that_says_so(client):
    response = client.post("/v1/creators/alice/score", json={"caption": "x" * 4_001}, headers=ALICE)
    assert response.status_code == 422
    error = response.json()["error"]
    assert "TikTok allows (4,000 characters)" in error["message"]
    assert error["details"][0]["key"] == "caption"
    assert client.post("/v1/creators/alice/score", json={"caption": "x" * 4_000}, headers=ALICE).status_code == 200


def test_a_batch_scores_the_valid_drafts_and_lists_every_invalid_one(client):
    drafts = [
        {"caption": "ok one", "id": "a"},
        {"caption": "x" * 4_001, "id": "long"},
        {"caption": "ok two", "id": "b"},
        {"caption": "y", "sound": "loud", "id": "c"},
        "not a draft",
        {"captoin": "typo"},
        {"caption": "z", "duration_s": -1},
    ]
    response = client.post("/v1/creators/alice/score/batch", json={"drafts": drafts}, headers=ALICE)
    assert response.status_code == 200, response.text
    body = response.json()
    assert [r["id"] for r in body["results"]] == ["a", "b"]
    rejected = [(r["index"], r["id"], r["field"]) for r in body["rejected"]]
    assert rejected == [
        (1, "long", "caption"),
        (3, "c", "sound"),
        (4, None, None),
        (5, None, "captoin"),
        (6, None, "duration_s"),
    ]
    assert "TikTok allows" in body["rejected"][0]["reason"]
    assert all(r["reason"] for r in body["rejected"])


def test_a_batch_with_no_valid_draft_is_a_422_listing_them_all(client):
    drafts = [{"sound": "loud", "id": f"d{i}"} for i in range(1_000)]
    response = client.post("/v1/creators/alice/score/batch", json={"drafts": drafts}, headers=ALICE)
    assert response.status_code == 422
    details = response.json()["error"]["details"]
    assert [d["index"] for d in details] == list(range(1_000)) and details[999]["id"] == "d999"


def test_errors_never_name_another_creator(client):
    data = b"post_id,created_at,caption,views,saves\nx,2025-01-01T00:00:00Z,hi,10,1\n"
    job = client.post("/v1/creators/bob/history", content=data, headers=BOB).json()
    for response in (
        client.get(f"/v1/jobs/{job['job_id']}", headers=ALICE),
        client.post("/v1/creators/bob/score", json={"caption": "x"}, headers=ALICE),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["message"] == "this key may not access that resource"
        assert "bob" not in response.text


def test_chunks_bound_caption_characters_and_keep_order():
    drafts = [Draft(caption="x" * 3_900, id=str(i)) for i in range(5)] + [
        Draft(caption="s", id=f"s{i}") for i in range(70)
    ]
    groups = chunks(drafts, max_chars=6_000, max_drafts=32)
    assert [d.id for g in groups for d in g] == [d.id for d in drafts]
    assert all(len(g) == 1 for g in groups[:4]) and all(len(g) <= 32 for g in groups)
    assert all(sum(len(d.caption) for d in g) <= 6_000 or len(g) == 1 for g in groups)


def _blocker():
    """A call that holds the scoring thread until released."""
    release = threading.Event()
    started = threading.Event()

    def hold():
        started.set()
        release.wait(10)
        return "held"

    return hold, started, release


def test_a_single_check_starts_before_waiting_batch_chunks():
    async def scenario():
        scoring = ScoringThread()
        hold, started, release = _blocker()
        order: list[str] = []
        first = asyncio.create_task(scoring.run_in(BATCH, None, hold))
        await asyncio.to_thread(started.wait, 5)
        batch = [asyncio.create_task(scoring.run_in(BATCH, None, lambda i=i: order.append(f"b{i}"))) for i in range(3)]
        await asyncio.sleep(0.05)
        single = asyncio.create_task(scoring.run_in(SINGLE, None, lambda: order.append("single")))
        await asyncio.sleep(0.05)
        release.set()
        await asyncio.gather(first, single, *batch)
        return order

    assert asyncio.run(scenario()) == ["single", "b0", "b1", "b2"]


def test_work_past_the_budget_answers_503_with_retry_after_and_is_dropped():
    async def scenario():
        lanes = Lanes(ScoringThread(), budget_s=0.2)
        hold, started, release = _blocker()
        holding = asyncio.create_task(lanes.scoring.run_in(BATCH, None, hold))
        await asyncio.to_thread(started.wait, 5)
        ran: list[int] = []
        t0 = time.monotonic()
        with pytest.raises(Unavailable) as caught:
            await lanes.single(ran.append, 1)
        waited = time.monotonic() - t0
        release.set()
        await holding
        await lanes.single(ran.append, 2)  # the thread goes on; the call that timed out never ran
        return caught.value, waited, ran

    error, waited, ran = asyncio.run(scenario())
    assert error.status == 503 and int(error.headers["Retry-After"]) >= 1
    assert waited < 2 and ran == [2]


def test_a_key_runs_one_batch_at_a_time_and_another_key_is_not_held_up():
    async def scenario():
        lanes = Lanes(ScoringThread(), budget_s=10)
        seen: list[tuple[str, int]] = []

        def score(tag):
            def run(chunk):
                seen.append((tag, len(chunk)))
                time.sleep(0.01)
                return [tag] * len(chunk)

            return run

        many = [Draft(caption="x" * 3_000) for _ in range(6)]  # three chunks of two
        await asyncio.gather(
            lanes.batch("k1", score("k1-first"), many),
            lanes.batch("k1", score("k1-second"), many),
            lanes.batch("k2", score("k2"), many),
        )
        return [tag for tag, _ in seen]

    tags = asyncio.run(scenario())
    # k1's second batch starts only after its first ends; k2's chunks take turns with k1's first.
    assert tags.index("k1-second") > max(i for i, t in enumerate(tags) if t == "k1-first")
    assert tags.index("k2") < max(i for i, t in enumerate(tags) if t == "k1-first")
