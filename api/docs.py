"""The OpenAPI document and its viewer, served whole from this machine.

Litestar's viewers load their script, styles and fonts from a CDN, so on an offline machine
``/schema`` was a blank page. Swagger UI's files come installed with the ``swagger-ui-py``
package; we serve the three the viewer needs under ``/schema/assets`` and point Swagger at
them. The document declares the ``X-API-Key`` scheme on every route that needs a key.
"""

from __future__ import annotations

from pathlib import Path

import swagger_ui
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.static_files import create_static_files_router

SWAGGER_DIR = Path(swagger_ui.__file__).parent / "static"
ASSETS = "/schema/assets"
API_KEY_SCHEME = "ApiKey"
# Routes that need a key carry this; the open ones (/health, /ready) carry none.
KEY_REQUIRED = [{API_KEY_SCHEME: []}]

docs_assets_router = create_static_files_router(
    path=ASSETS, directories=[SWAGGER_DIR], name="docs-assets", include_in_schema=False
)


def openapi_config() -> OpenAPIConfig:
    return OpenAPIConfig(
        title="saveworthy",
        version="0.1.0",
        description="Score TikTok drafts for saves and rank the tips that would raise them, per creator. "
        "Every `/v1` route needs an `X-API-Key` scoped to the creator; `/health` and `/ready` are open.",
        path="/schema",
        components=Components(
            security_schemes={
                API_KEY_SCHEME: SecurityScheme(
                    type="apiKey",
                    name="X-API-Key",
                    security_scheme_in="header",
                    description="A key from `saveworthy keys create`, scoped to creators (or admin).",
                )
            }
        ),
        render_plugins=[
            SwaggerRenderPlugin(
                path="/",
                js_url=f"{ASSETS}/swagger-ui-bundle.js",
                css_url=f"{ASSETS}/swagger-ui.css",
                standalone_preset_js_url=f"{ASSETS}/swagger-ui-standalone-preset.js",
                favicon=f"<link rel='icon' type='image/png' href='{ASSETS}/favicon-32x32.png'>",
            ),
            JsonRenderPlugin(),
        ],
    )
