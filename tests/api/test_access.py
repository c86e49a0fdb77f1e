"""Broken object-level authorization, tried on every creator route: a foreign key gets 403."""

import pytest

from tests.helpers import ALICE, BOB

CREATOR_ROUTES = [
    ("post", "/v1/creators/{c}/score", {"json": {"caption": "x"}}),
    ("post", "/v1/creators/{c}/score/batch", {"json": {"drafts": [{"caption": "x"}]}}),
    ("get", "/v1/creators/{c}/insights", {}),
    ("post", "/v1/creators/{c}/history", {"content": b"post_id,created_at,caption,views,saves\n"}),
    ("get", "/v1/creators/{c}/track-record", {}),
]


@pytest.mark.parametrize(("method", "path", "kwargs"), CREATOR_ROUTES)
@pytest.mark.parametrize("target", ["bob", "carol"])  # another creator's, and one that does not exist
def test_foreign_key_is_refused_on_every_creator_route(client, method, path, kwargs, target):
    response = getattr(client, method)(path.format(c=target), headers=ALICE, **kwargs)
    assert response.status_code == 403, response.text
    assert response.json()["error"]["code"] == "forbidden"


@pytest.mark.parametrize(("method", "path", "kwargs"), CREATOR_ROUTES[:3])
def test_own_key_is_accepted(client, method, path, kwargs):
    assert getattr(client, method)(path.format(c="bob"), headers=BOB, **kwargs).status_code == 200


def test_foreign_key_cannot_read_a_job(client):
    data = b"post_id,created_at,caption,views,saves\nx,2025-01-01T00:00:00Z,hi,10,1\n"
    job = client.post("/v1/creators/bob/history", content=data, headers=BOB).json()
    assert client.get(f"/v1/jobs/{job['job_id']}", headers=ALICE).status_code == 403
    assert client.get(f"/v1/jobs/{job['job_id']}", headers=BOB).status_code == 200


def test_keys_are_hashed_and_compared_for_every_entry():
    from api.auth import KeyStore, hash_key

    store = KeyStore.load(None, "k1:a;k2:*")
    assert all(entry.sha256 == bytes.fromhex(hash_key(k)) for entry, k in zip(store.entries, ["k1", "k2"], strict=True))
    assert "k1" not in repr(store)
    assert store.authenticate("k2").admin and store.authenticate("k1").creators == {"a"}
    assert store.authenticate("k3") is None and store.authenticate("") is None
