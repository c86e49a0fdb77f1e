"""The real server: uvicorn on loopback, called over HTTP; and its refusal to run unsafely."""

import httpx
import pytest

from api.server import check_safe
from api.settings import Settings
from bench.local_server import running_server


def test_real_server_over_http(settings, tmp_path):
    log = tmp_path / "server.log"
    access_log = {"SAVEWORTHY_ACCESS_LOG": "1"}
    with running_server(settings.models_dir, keys="alice-key:alice", env=access_log, log_path=log) as (base, _):
        response = httpx.post(
            f"{base}/v1/creators/alice/score",
            json={"caption": "Save this: 3 tips"},
            headers={"X-API-Key": "alice-key"},
            timeout=30,
        )
        assert response.status_code == 200 and response.json()["creator_id"] == "alice"
        assert httpx.get(f"{base}/v1/creators/alice/insights", timeout=10).status_code == 401
    output = log.read_text()
    assert "/v1/creators/alice/score" in output  # the access log is there...
    assert "alice-key" not in output and "Save this: 3 tips" not in output  # ...without key or caption


def test_serve_refuses_without_keys_unless_loopback_no_auth(tmp_path):
    bare = Settings(models_dir=tmp_path, api_keys="", keys_file=None)
    with pytest.raises(ValueError, match="no API keys"):
        check_safe(bare, "127.0.0.1")
    with pytest.raises(ValueError, match="loopback only"):
        check_safe(Settings(models_dir=tmp_path, api_keys="", keys_file=None, no_auth=True), "0.0.0.0")
    check_safe(Settings(models_dir=tmp_path, api_keys="", keys_file=None, no_auth=True), "127.0.0.1")
    check_safe(Settings(models_dir=tmp_path, api_keys="k:*"), "0.0.0.0")
