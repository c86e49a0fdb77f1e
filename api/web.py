"""The creators' page: static HTML, CSS and JS served at ``/``, no build step, no CDN.

The page calls the same API with the same ``X-API-Key`` a script would use.
"""

from __future__ import annotations

from pathlib import Path

from litestar.static_files import create_static_files_router

STATIC_DIR = Path(__file__).parent / "static"

web_router = create_static_files_router(
    path="/", directories=[STATIC_DIR], html_mode=True, name="web", include_in_schema=False
)
