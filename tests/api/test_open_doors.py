"""What a deployment with keys leaves open, and what it must not: metrics, key guessing,
the OpenAPI key scheme, the docs viewer offline, and JSON sent under another media type."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from api.app import create_app
from api.settings import Settings
from tests.helpers import ADMIN, ALICE, assert_error


def _app(settings: Settings, **overrides) -> TestClient:
    return TestClient(app=create_app(Settings(**{**settings.__dict__, **overrides})))


def test_metrics_need_an_admin_key_or_the_metrics_token(settings):
    with _app(settings, metrics_token="scrape-me") as client:
        assert_error(client.get("/metrics"), 401, "unauthorized")
        assert_error(client.get("/metrics", headers={"X-API-Key": "wrong"}), 401)
        forbidden = client.get("/metrics", headers=ALICE)  # a creator's key is not enough
        assert_error(forbidden, 403, "forbidden")
        assert "alice" not in forbidden.text and "bob" not in forbidden.text
        assert_error(client.get("/metrics", headers={"Authorization": "Bearer nope"}), 401)
        for headers in (ADMIN, {"Authorization": "Bearer scrape-me"}):
            response = client.get("/metrics", headers=headers)
            assert response.status_code == 200 and 'saveworthy_model_info{creator_id="bob"' in response.text
        # The token opens /metrics only, never a creator route.
        assert_error(client.get("/v1/creators", headers={"Authorization": "Bearer scrape-me"}), 401)


def test_failed_key_attempts_are_limited_per_address_before_authentication(settings):
    with _app(settings, failed_auth_per_minute=5, rate_limit_per_minute=10_000) as client:
        guesses = [client.get("/v1/creators", headers={"X-API-Key": f"guess-{i}"}) for i in range(5)]
        assert [r.status_code for r in guesses] == [401] * 5
        blocked = client.get("/v1/creators/alice/insights", headers={"X-API-Key": "guess-6"})
        assert_error(blocked, 429, "rate_limited")
        assert int(blocked.headers["retry-after"]) >= 1
        assert_error(client.get("/v1/creators"), 429)  # no key at all is a failed attempt too
        # A right key from the same address still works, and open routes are not counted.
        assert client.get("/v1/creators", headers=ALICE).status_code == 200
        assert client.get("/health").status_code == 200 and client.get("/schema/openapi.json").status_code == 200


def test_openapi_declares_the_key_scheme_and_which_routes_are_open(client):
    schema = client.get("/schema/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "name": "X-API-Key",
        "in": "header",
        "description": schema["components"]["securitySchemes"]["ApiKey"]["description"],
    }
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if path.startswith("/v1/"):
                assert operation.get("security") == [{"ApiKey": []}], (method, path)
            else:
                assert not operation.get("security"), (method, path)
    assert "security" not in schema  # no global requirement: /health and /ready stay open
    assert "415" in schema["paths"]["/v1/creators/{creator_id}/score"]["post"]["responses"]


def test_docs_viewer_loads_nothing_from_another_host(client):
    page = client.get("/schema")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assert urls and all(url.startswith("/") and not url.startswith("//") for url in urls), urls
    for url in urls:
        asset = client.get(url)
        assert asset.status_code == 200 and len(asset.content) > 1000, url
    assert "SwaggerUIBundle" in client.get("/schema/assets/swagger-ui-bundle.js").text


def test_json_body_sent_as_another_media_type_is_415(client):
    body = b'{"caption": "Save this: 3 tips"}'
    for content_type in ("text/plain", "application/x-www-form-urlencoded", None):
        headers = {**ALICE, **({"content-type": content_type} if content_type else {})}
        response = client.post("/v1/creators/alice/score", content=body, headers=headers)
        assert_error(response, 415, "unsupported_media_type")
    batch = client.post(
        "/v1/creators/alice/score/batch",
        content=b'{"drafts": [{"caption": "x"}]}',
        headers={**ALICE, "content-type": "text/plain"},
    )
    assert_error(batch, 415)
    ok = client.post(
        "/v1/creators/alice/score", content=body, headers={**ALICE, "content-type": "application/json; charset=utf-8"}
    )
    assert ok.status_code == 200
