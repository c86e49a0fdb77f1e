"""Keys that live: a team creates and revokes keys while the server runs, without a restart.

The server re-reads the keys file when it changes; `keys list` shows names, scopes, when
each key was made and last used, never a key or its hash; `keys revoke NAME` makes a key
fail (401) within a second. The file stays hashes only, written whole, owner-only.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

import pytest
from litestar.testing import TestClient
from typer.testing import CliRunner

from api.app import create_app
from api.auth import KeyStore, last_used_path
from api.cli import app as cli

runner = CliRunner()
SCORE = ("/v1/creators/alice/score", {"caption": "Lentil soup for the week"})


def _keys(*args: str, keys_file) -> object:
    return runner.invoke(cli, ["keys", *args, "--keys-file", str(keys_file)])


def _new_key(keys_file, name: str, *scope: str) -> str:
    result = _keys("create", name, *scope, keys_file=keys_file)
    assert result.exit_code == 0, result.output
    return result.stdout.strip().splitlines()[-1]


def _status_within(client, key: str, wanted: int, seconds: float = 1.0) -> float:
    """How long until a request with ``key`` gets ``wanted``; fails after ``seconds``."""
    start = time.monotonic()
    while True:
        status = client.post(SCORE[0], json=SCORE[1], headers={"X-API-Key": key}).status_code
        elapsed = time.monotonic() - start
        if status == wanted:
            return elapsed
        assert elapsed < seconds, f"still {status} after {elapsed:.2f}s"
        time.sleep(0.02)


@pytest.fixture
def keyed(settings, tmp_path):
    keys_file = tmp_path / "keys.json"
    first = _new_key(keys_file, "first", "--creator", "alice")
    with TestClient(app=create_app(replace(settings, api_keys="", keys_file=keys_file))) as client:
        yield client, keys_file, first


def test_a_key_created_while_serving_works_and_a_revoked_one_fails_within_a_second(keyed):
    client, keys_file, first = keyed
    assert _status_within(client, first, 200) == pytest.approx(0, abs=0.5)

    planner = _new_key(keys_file, "planner", "--creator", "alice")  # no restart
    assert _status_within(client, planner, 200) < 1.0

    revoked = _keys("revoke", "planner", keys_file=keys_file)
    assert revoked.exit_code == 0 and "revoked 1 key" in revoked.stderr
    assert _status_within(client, planner, 401) < 1.0
    assert client.post(SCORE[0], json=SCORE[1], headers={"X-API-Key": first}).status_code == 200  # the others stay
    body = client.post(SCORE[0], json=SCORE[1], headers={"X-API-Key": planner}).json()
    assert body["error"]["status"] == 401  # JSON, as every error


def test_keys_list_shows_who_and_when_never_the_key_or_its_hash(keyed):
    client, keys_file, first = keyed
    _new_key(keys_file, "ops", "--admin")
    client.get("/v1/creators", headers={"X-API-Key": first})  # "first" is used; "ops" is not

    listed = _keys("list", "--format", "json", keys_file=keys_file)
    assert listed.exit_code == 0, listed.output
    rows = {row["name"]: row for row in json.loads(listed.stdout)}
    assert rows["first"]["creators"] == ["alice"] and not rows["first"]["admin"] and rows["ops"]["admin"]
    assert rows["first"]["created"].endswith("Z") and rows["first"]["last_used"].endswith("Z")
    assert rows["ops"]["last_used"] is None

    table = _keys("list", keys_file=keys_file)
    hashes = [entry["sha256"] for entry in json.loads(keys_file.read_text())]
    for shown in (listed.stdout, table.stdout, table.stderr):
        assert first not in shown and not any(h in shown or h[:12] in shown for h in hashes)
    assert "every creator (admin)" in table.stdout and "alice" in table.stdout
    assert all(len(line) <= 80 for line in table.stdout.splitlines())


def test_the_keys_file_stays_hashes_only_whole_and_owner_only(keyed):
    _, keys_file, first = keyed
    second = _new_key(keys_file, "second", "--creator", "bob")
    assert _keys("revoke", "first", keys_file=keys_file).exit_code == 0
    text = keys_file.read_text()
    assert first not in text and second not in text
    assert [entry["name"] for entry in json.loads(text)] == ["second"]
    assert keys_file.stat().st_mode & 0o777 == 0o600
    assert not any(p.name.endswith(".tmp") for p in keys_file.parent.iterdir())  # written whole, by rename
    if last_used_path(keys_file).exists():
        assert last_used_path(keys_file).stat().st_mode & 0o777 == 0o600


def test_revoking_an_unknown_name_or_reusing_one_is_a_clear_error(keyed):
    _, keys_file, _ = keyed
    before = keys_file.read_bytes()
    unknown = _keys("revoke", "nobody", keys_file=keys_file)
    assert unknown.exit_code == 2 and "no key named 'nobody'" in unknown.stderr and "keys list" in unknown.stderr
    again = _keys("create", "first", "--creator", "bob", keys_file=keys_file)
    assert again.exit_code == 2 and "already" in again.stderr and again.stdout == ""
    assert keys_file.read_bytes() == before  # nothing lost, nothing added


def test_a_broken_keys_file_keeps_the_keys_read_before(keyed):
    client, keys_file, first = keyed
    keys_file.write_text("[{not json")  # a bad hand edit: the server neither crashes nor opens up
    time.sleep(0.3)
    assert client.post(SCORE[0], json=SCORE[1], headers={"X-API-Key": first}).status_code == 200
    assert client.post(SCORE[0], json=SCORE[1], headers={"X-API-Key": "sw_guess"}).status_code == 401
    keys_file.unlink()  # gone: none of its keys is accepted
    assert _status_within(client, first, 401) < 1.0


def test_the_store_reloads_only_when_the_file_changes(tmp_path, monkeypatch):
    keys_file = tmp_path / "keys.json"
    key = KeyStore.add(keys_file, "a", creators=["x"])
    store = KeyStore.load(keys_file)
    reads = []
    import api.auth

    real = api.auth.read_keys_file
    monkeypatch.setattr(api.auth, "read_keys_file", lambda path: reads.append(path) or real(path))
    for _ in range(50):
        store.refresh(force=True)
    assert reads == [] and store.authenticate(key).creators == {"x"}
    KeyStore.revoke(keys_file, "a")
    reads.clear()
    store.refresh(force=True)
    store.refresh(force=True)
    assert len(reads) == 1 and store.authenticate(key) is None
