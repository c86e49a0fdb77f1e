"""Shared fixtures of the importer tests: a fixed 'now' and a reader of fixture files."""

from datetime import UTC, datetime
from pathlib import Path

import pytest

from training.importers import read_history

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def read_fixture():
    def read(name: str, **kwargs):
        return read_history(FIXTURES / name, now=NOW, **kwargs)

    return read
