"""An upload for one creator: the other creators' rows are rejected with their own row numbers."""

from datetime import UTC, datetime

from training.importers import read_history

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def test_only_creator_rejects_other_creators_rows_by_row_number():
    data = (
        b"post_id,created_at,caption,views,saves,creator_id\n"
        b"a1,2025-01-01T00:00:00Z,mine,100,1,ann\n"
        b"b1,2025-01-02T00:00:00Z,theirs,100,1,ben\n"
        b"a2,2025-01-03T00:00:00Z,mine too,100,2,\n"
        b"b2,2025-01-04T00:00:00Z,theirs too,100,1,ben\n"
    )
    history = read_history(data, creator_id="ann", only_creator="ann", now=NOW)
    assert [r.post_id for r in history.records] == ["a1", "a2"]
    assert [(r.row, r.column, r.value) for r in history.rejected] == [
        (3, "creator_id", "ben"),
        (5, "creator_id", "ben"),
    ]
    assert all("another creator" in r.reason for r in history.rejected)
    assert len(read_history(data, creator_id="ann", now=NOW).records) == 4  # without it, every row is kept
