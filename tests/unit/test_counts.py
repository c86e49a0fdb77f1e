"""Counts a person reads are in the singular for one: "1 row rejected", never "1 rows"."""

import pytest

from models.core.words import joined, plural
from models.fit.creator_model import HistoryTooShort, _prepare
from tests.helpers import small_history
from training.importers import NoUsableRows, read_history
from training.importers.canonical import CANONICAL_COLUMNS


def test_plural():
    assert [plural(n, "row") for n in (0, 1, 2, 1500)] == ["0 rows", "1 row", "2 rows", "1,500 rows"]
    assert plural(1, "usable post") == "1 usable post" and plural(3, "child", "children") == "3 children"


def test_joined():
    assert [joined(items) for items in (["a"], ["a", "b"], ["a", "b", "c"])] == ["a", "a and b", "a, b and c"]


def test_a_history_with_one_bad_row_says_one_row():
    header = ",".join(CANONICAL_COLUMNS)
    bad = ",".join("not-a-date" if c == "created_at" else "x" for c in CANONICAL_COLUMNS)
    with pytest.raises(NoUsableRows) as caught:
        read_history(f"{header}\n{bad}\n".encode(), fmt="csv")
    assert "(1 row rejected)" in str(caught.value)


def test_a_history_of_one_post_says_one_post():
    with pytest.raises(HistoryTooShort, match=r"has 1 usable post;"):
        _prepare("solo", small_history(1), "e5-small")
