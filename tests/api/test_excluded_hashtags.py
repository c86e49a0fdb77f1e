"""A creator's excluded hashtags over HTTP: set, read back, kept out of the advice, errors as JSON."""

from __future__ import annotations

from tests.helpers import ALICE, assert_error

DRAFT = {"caption": "Rice bowls for the week"}


def _advised(client) -> str | None:
    tips = client.post("/v1/creators/alice/score", json=DRAFT, headers=ALICE).json()["tips"]
    tip = next((t for t in tips if t["id"] == "relevant-hashtags" and t["apply"]), None)
    return tip["apply"]["hashtags"][-1] if tip else None


def test_excluded_hashtags_are_stored_and_never_advised(client):
    assert client.get("/v1/creators/alice/excluded-hashtags", headers=ALICE).json() == {"hashtags": []}
    listed = client.get("/v1/creators/alice/insights", headers=ALICE).json()["hashtags"]
    mine = [h["hashtag"] for h in listed if h["reusable"]]
    assert mine
    sent = [f"#{mine[0].upper()}", *mine[1:], "Promo"]  # written as a person would: '#', capitals
    put = client.put("/v1/creators/alice/excluded-hashtags", json={"hashtags": sent}, headers=ALICE)
    assert put.status_code == 200, put.text
    assert put.json() == {"hashtags": sorted([*mine, "promo"])}
    assert client.get("/v1/creators/alice/excluded-hashtags", headers=ALICE).json() == put.json()
    # The cached model reads the new list: nothing of it is advised, and insights say why.
    assert _advised(client) is None
    listed = client.get("/v1/creators/alice/insights", headers=ALICE).json()["hashtags"]
    assert all(h["not_reusable"] == "excluded by you" for h in listed if h["hashtag"] in mine)


def test_excluded_hashtags_errors(client):
    assert_error(client.put("/v1/creators/bob/excluded-hashtags", json={"hashtags": []}, headers=ALICE), 403)
    assert_error(client.get("/v1/creators/nobody/excluded-hashtags", headers={"X-API-Key": "admin-key"}), 404)
    assert_error(client.put("/v1/creators/alice/excluded-hashtags", json={"tags": 1}, headers=ALICE), 422)
