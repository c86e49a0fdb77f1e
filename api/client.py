"""A small client for a running ``saveworthy serve``: what ``check --server`` asks it.

Plain urllib and msgspec, no model or encoder: a pre-post check against a server stays a
fraction of a second. Every failure is a ``ServerError`` whose message is one line.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request

import msgspec

from models.core.results import Score


class ServerError(RuntimeError):
    """The server could not be reached or refused the request; the message says which."""


def check_on_server(server: str, creator: str, caption: str, *, api_key: str | None = None) -> tuple[Score, float]:
    """(score of the caption, the creator's median saves per 1k): two small requests."""
    base = server.rstrip("/") + "/v1/creators/" + urllib.parse.quote(creator, safe="")
    headers = {"content-type": "application/json"}
    if api_key:
        headers["X-API-Key"] = api_key

    def call(url: str, body: bytes | None = None) -> bytes:
        request = urllib.request.Request(url, data=body, headers=headers, method="POST" if body else "GET")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.read()
        except urllib.error.HTTPError as exc:
            try:
                message = json.loads(exc.read())["error"]["message"]
            except (ValueError, KeyError, TypeError):
                message = exc.reason
            raise ServerError(f"{server} answered {exc.code}: {message}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise ServerError(f"cannot reach {server}: {getattr(exc, 'reason', exc)}") from None

    result = msgspec.json.decode(call(base + "/score", json.dumps({"caption": caption}).encode()), type=Score)
    median = json.loads(call(base + "/insights"))["median_saves_per_1k"]
    return result, float(median)
