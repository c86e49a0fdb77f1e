"""The real server: uvicorn on loopback, called over HTTP; and its refusal to run unsafely."""

import socket
import subprocess
import sys
import time

import httpx
import pytest

from api.server import check_safe
from api.settings import Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_real_server_over_http(settings, tmp_path):
    port = _free_port()
    env = {"SAVEWORTHY_API_KEYS": "alice-key:alice", "HF_HUB_OFFLINE": "1", "PATH": "/usr/bin:/bin"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--models-dir", str(settings.models_dir)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail("server did not become ready")
        response = httpx.post(
            f"{base}/v1/creators/alice/score",
            json={"caption": "Save this: 3 tips"},
            headers={"X-API-Key": "alice-key"},
            timeout=30,
        )
        assert response.status_code == 200 and response.json()["creator_id"] == "alice"
        assert httpx.get(f"{base}/v1/creators/alice/insights", timeout=10).status_code == 401
    finally:
        proc.terminate()
        output = proc.communicate(timeout=30)[0].decode()
    assert "alice-key" not in output and "Save this: 3 tips" not in output  # no key or caption in logs


def test_serve_refuses_without_keys_unless_loopback_no_auth(tmp_path):
    bare = Settings(models_dir=tmp_path, api_keys="", keys_file=None)
    with pytest.raises(ValueError, match="no API keys"):
        check_safe(bare, "127.0.0.1")
    with pytest.raises(ValueError, match="loopback only"):
        check_safe(Settings(models_dir=tmp_path, api_keys="", keys_file=None, no_auth=True), "0.0.0.0")
    check_safe(Settings(models_dir=tmp_path, api_keys="", keys_file=None, no_auth=True), "127.0.0.1")
    check_safe(Settings(models_dir=tmp_path, api_keys="k:*"), "0.0.0.0")
