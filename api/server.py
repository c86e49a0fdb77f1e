"""run_server: uvicorn in front of create_app, refusing unsafe set-ups with a clear message."""

from __future__ import annotations

import ipaddress

import uvicorn

from api.auth import KeyStore
from api.settings import Settings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_safe(settings: Settings, host: str) -> None:
    """No keys is only allowed on loopback with an explicit --no-auth; raises ValueError otherwise."""
    if settings.no_auth:
        if not is_loopback(host):
            raise ValueError(f"--no-auth is for development on loopback only; refusing to serve {host} without keys")
        return
    if not KeyStore.load(settings.keys_file, settings.api_keys):
        raise ValueError(
            "no API keys configured: create one with `saveworthy keys create NAME --creator ID` and set "
            "SAVEWORTHY_KEYS_FILE, or set SAVEWORTHY_API_KEYS; for development on loopback, pass --no-auth"
        )


def run_server(settings: Settings, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    check_safe(settings, host)
    from api.app import create_app

    if settings.no_auth:
        print(f"saveworthy: serving WITHOUT API keys on {host}:{port} (development only)", flush=True)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="info",
        server_header=False,
        access_log=settings.access_log,
    )
