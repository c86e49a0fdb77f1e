"""Property tests: any input gives records or row-level errors, never an unhandled exception."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.core.records import PostRecord
from training.importers import NoUsableRows, read_history, write_canonical_csv

NOW = datetime(2026, 11, 24, tzinfo=UTC)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_or_clear_error(data: bytes, fmt: str = "auto") -> tuple[int, int]:
    """(records kept, rows rejected): a history read, or refused with a clear message and its rejects."""
    try:
        history = read_history(data, fmt=fmt, now=NOW)
    except NoUsableRows as exc:
        assert str(exc)  # a clear message, rejects attached
        assert all(r.row >= 1 and r.reason for r in exc.rejected)
        return 0, len(exc.rejected)
    # Every record is valid, and nothing was dropped without a reason.
    assert all(r.saves <= r.views for r in history.records)
    assert all(r.row >= 1 and r.reason for r in history.rejected)
    return len(history.records), len(history.rejected)


@SETTINGS
@given(st.binary(max_size=2000))
def test_any_bytes(data):
    for fmt in ("auto", "csv", "jsonl", "tiktok-web"):
        _read_or_clear_error(data, fmt)


cell = st.one_of(
    st.text(max_size=30), st.integers(-10, 10**7).map(str), st.sampled_from(["1.2K", "", "3M", "-1", "nan"])
)


@SETTINGS
@given(st.lists(st.lists(cell, min_size=5, max_size=7), min_size=1, max_size=30))
def test_any_csv_rows_are_kept_or_reported(rows):
    buffer = io.StringIO()
    import csv

    writer = csv.writer(buffer)
    writer.writerow(["post_id", "created_at", "caption", "views", "saves", "likes", "sound"])
    writer.writerows(rows)
    kept, rejected = _read_or_clear_error(buffer.getvalue().encode())
    # Every non-blank row is kept or reported, also when none is usable and the file is refused.
    non_blank = sum(1 for r in rows if any(c.strip() for c in r))
    assert kept + rejected == non_blank


json_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)


@SETTINGS
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "desc",
                    "createTime",
                    "stats",
                    "statsV2",
                    "video_description",
                    "favorites_count",
                    "view_count",
                    "create_time",
                    "post_id",
                    "created_at",
                    "caption",
                    "views",
                    "saves",
                    "hashtags",
                    "textExtra",
                ]
            ),
            json_value,
            max_size=8,
        ),
        max_size=10,
    )
)
def test_any_json_items(items):
    _read_or_clear_error(json.dumps(items).encode())
    _read_or_clear_error("\n".join(json.dumps(i) for i in items).encode())


records = st.builds(
    lambda i, views, frac, caption, tags, hours, overlay, duration: PostRecord(
        post_id=f"p{i}",
        created_at=datetime(2025, 1, 1, tzinfo=UTC) + timedelta(hours=hours),
        caption=caption,
        views=views,
        saves=int(views * frac),
        hashtags=tuple(tags),
        text_overlay=overlay,
        duration_s=duration,
    ),
    st.integers(0, 10**6),
    st.integers(0, 10**7),
    st.floats(0, 1),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00#"), max_size=80),
    st.lists(st.from_regex(r"[a-z0-9_]{1,12}", fullmatch=True), max_size=3, unique=True),
    st.integers(0, 10_000),
    st.one_of(st.none(), st.booleans()),
    st.one_of(st.none(), st.floats(0.5, 600).map(lambda x: round(x, 2))),
)


@SETTINGS
@given(st.lists(records, min_size=1, max_size=20, unique_by=lambda r: r.post_id))
def test_valid_rows_survive_a_round_trip_unchanged(posts):
    buffer = io.StringIO()
    write_canonical_csv(posts, buffer)
    again = read_history(buffer.getvalue().encode(), now=NOW)
    assert not again.rejected
    assert sorted(again.records, key=lambda r: r.post_id) == sorted(posts, key=lambda r: r.post_id)
