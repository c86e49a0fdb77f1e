"""A post without a caption is a real post: the API scores it instead of refusing it (issue 10)."""

from __future__ import annotations

from tests.helpers import ALICE


def test_a_draft_without_caption_is_scored(client):
    missing = client.post("/v1/creators/alice/score", json={}, headers=ALICE)
    empty = client.post("/v1/creators/alice/score", json={"caption": ""}, headers=ALICE)
    assert missing.status_code == empty.status_code == 200, (missing.text, empty.text)
    assert missing.json()["predicted_saves_per_1k"] == empty.json()["predicted_saves_per_1k"] > 0
    tips = empty.json()["tips"]
    assert tips, "a caption-less draft still gets advice"
    assert "concise" not in {t["id"] for t in tips}  # nothing to shorten
    for tip in tips:
        assert "None" not in tip["advice"] and '""' not in tip["advice"]


def test_a_caption_less_draft_in_a_batch_keeps_its_place(client):
    drafts = [{"id": "a", "caption": "How to prep 5 lunches. Save this!"}, {"id": "b"}, {"id": "c", "caption": ""}]
    response = client.post("/v1/creators/alice/score/batch", json={"drafts": drafts}, headers=ALICE)
    assert response.status_code == 200, response.text
    assert [r["id"] for r in response.json()["results"]] == ["a", "b", "c"]


def test_a_misspelt_caption_field_is_still_refused(client):
    # With caption optional, a typo must not silently score an empty draft.
    response = client.post("/v1/creators/alice/score", json={"captoin": "x"}, headers=ALICE)
    assert response.status_code == 422
