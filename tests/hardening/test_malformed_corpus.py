"""A corpus of malformed histories: each problem reported with row and reason, nothing silently dropped."""

from __future__ import annotations

import pytest

from training.importers import NoUsableRows, read_history

HEADER = "post_id,created_at,caption,views,saves\n"
GOOD = "ok,2025-01-01T10:00:00+00:00,fine,1000,10\n"


def _read(text: str | bytes):
    return read_history(text.encode() if isinstance(text, str) else text)


def _accounted(history, data_rows: int) -> None:
    assert len(history.records) + len(history.rejected) == data_rows


@pytest.mark.parametrize(
    ("name", "data", "expect"),
    [
        ("utf16 with BOM", (HEADER + GOOD).encode("utf-16"), {"records": 1}),
        ("windows-1252", (HEADER + "x,2025-01-01T10:00:00Z,déjà vu,10,1\n").encode("cp1252"), {"records": 1}),
        ("utf8 BOM", b"\xef\xbb\xbf" + (HEADER + GOOD).encode(), {"records": 1}),
        ("semicolon", (HEADER + GOOD).replace(",", ";"), {"records": 1}),
        ("tab separated", (HEADER + GOOD).replace(",", "\t"), {"records": 1}),
        (
            "quoted newline",
            HEADER + 'q,2025-01-01T10:00:00Z,"two\nlines",10,1\n' + GOOD.replace("ok", "ok2"),
            {"records": 2},
        ),
        (
            "negative count",
            HEADER + GOOD + "neg,2025-01-01T10:00:00Z,x,-4,1\n",
            {"records": 1, "row": 3, "reason": "negative"},
        ),
        ("K counts", HEADER + "k,2025-01-01T10:00:00Z,x,1.2K,3\n", {"records": 1}),
        (
            "too many cells",
            HEADER + GOOD + "x,2025-01-01T10:00:00Z,a,1,1,extra\n",
            {"records": 1, "row": 3, "reason": "cells"},
        ),
        ("too few cells", HEADER + GOOD + "x,2025-01-01T10:00:00Z\n", {"records": 1, "row": 3, "reason": "required"}),
        (
            "huge caption",
            HEADER + GOOD + f"h,2025-01-01T10:00:00Z,{'x' * 20_000},1,1\n",
            {"records": 1, "row": 3, "reason": "longer"},
        ),
    ],
)
def test_corpus(name, data, expect):
    history = _read(data)
    assert len(history.records) == expect["records"], (name, history.rejected)
    if "row" in expect:
        assert history.rejected[0].row == expect["row"] and expect["reason"] in history.rejected[0].reason


def test_missing_column_is_one_clear_error():
    with pytest.raises(NoUsableRows, match="no column for views"):
        _read("post_id,created_at,caption,saves\nx,2025-01-01T10:00:00Z,hi,1\n")


def test_ten_thousand_bad_rows_each_reported():
    bad = "".join(f"b{i},2025-01-01T10:00:00Z,x,{i % 7 - 7},1\n" for i in range(10_000))
    history = _read(HEADER + GOOD + bad)
    assert len(history.records) == 1 and len(history.rejected) == 10_000
    assert [r.row for r in history.rejected] == list(range(3, 10_003))
    _accounted(history, 10_001)


def test_only_bad_rows_raise_with_every_row_attached():
    with pytest.raises(NoUsableRows) as info:
        _read(HEADER + "".join(f"b{i},,x,1,1\n" for i in range(500)))
    assert len(info.value.rejected) == 500
