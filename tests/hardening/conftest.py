"""The API fixtures (a trained models dir, settings, a test client) serve these tests too."""

from tests.api.conftest import client, settings, trained_models  # noqa: F401
