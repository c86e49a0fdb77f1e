"""Run the real server in a subprocess on a free loopback port, for the benches and the tests.

Not part of the product (the package ships api, models and training only): the benches
measure a real `saveworthy serve` with it, and the HTTP, e2e and hardening tests reuse it
rather than keep a second copy. It lives with the benches because they are tools run on
their own (`python -m bench.http_speed`), which should not import the test tree.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(
    models_dir: Path,
    *,
    keys: str | None = None,
    keys_file: Path | None = None,
    env: dict[str, str] | None = None,
    log_path: Path | None = None,
    timeout_s: float = 90,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """``saveworthy serve`` on 127.0.0.1 until ``/ready``; yields (base URL, process), then stops it.

    ``keys`` is a ``SAVEWORTHY_API_KEYS`` value and ``keys_file`` a keys file (what `keys create`
    writes, re-read by the server when it changes); without either the server runs with ``--no-auth``.
    The server's output goes to ``log_path`` (a file, never a pipe that could fill and block it).
    """
    port = free_port()
    command = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--models-dir", str(models_dir)]
    child_env = {**os.environ, "HF_HUB_OFFLINE": "1", **(env or {})}
    if keys is None and keys_file is None:
        command.append("--no-auth")
    if keys is not None:
        child_env["SAVEWORTHY_API_KEYS"] = keys
    if keys_file is not None:
        command += ["--keys-file", str(keys_file)]
    log = log_path.open("wb") if log_path else subprocess.DEVNULL
    process = subprocess.Popen(command, env=child_env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                if httpx.get(f"{base}/ready", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not become ready (exit code {process.poll()})")
            time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        if log_path:
            log.close()
