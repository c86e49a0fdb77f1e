"""Reading a drafts file: the user's row numbers, caption-less drafts, and one bad row never sinks the rest."""

from __future__ import annotations

import pytest

from api.drafts import NoCaptionColumn, read_drafts


def test_csv_rows_are_numbered_as_a_spreadsheet_shows_them():
    text = (
        "id,caption,duration_s,sound,expected_views,hashtags\n"
        "a,,,,,\n"  # row 2: no caption is a real draft
        "b,Soup,abc,,,\n"  # row 3: bad duration
        "\n"  # row 4: blank, skipped but counted
        "c,Lentil soup,12,viral,,\n"  # row 5: unknown sound
        'd,"How to prep, fast",8.5s,Voice-over,12k,"#MealPrep, lunch"\n'  # row 6
    )
    read = read_drafts(text.encode(), "drafts.csv")
    assert [(r.row, r.draft.id) for r in read.rows] == [(2, "a"), (6, "d")]
    assert read.rows[0].draft.caption == ""
    d = read.rows[1].draft
    assert (d.duration_s, d.sound, d.expected_views, d.hashtags) == (8.5, "voiceover", 12_000, ["mealprep", "lunch"])
    assert [(r.row, r.column, r.value) for r in read.rejected] == [(3, "duration_s", "abc"), (5, "sound", "viral")]
    assert "original, trending, licensed or voiceover" in read.rejected[1].reason


def test_json_lines_are_numbered_by_line_and_a_missing_caption_is_empty():
    text = (
        '{"id": "a"}\n\n{"caption": "x", "creator_id": "other"}\nnot json\n{"caption": ["x"]}\n{"expected_views": -3}\n'
    )
    read = read_drafts(text.encode(), "drafts.jsonl")
    assert [(r.row, r.draft.caption, r.creator_id) for r in read.rows] == [(1, "", None), (3, "x", "other")]
    assert [(r.row, r.column) for r in read.rejected] == [(4, None), (5, "caption"), (6, "expected_views")]


def test_columns_that_are_not_draft_fields_are_ignored_and_named():
    read = read_drafts(b"caption,notes,status\nhello,call mum,idea\n", "d.csv")
    assert [r.draft.caption for r in read.rows] == ["hello"]
    assert read.ignored_columns == ("notes", "status")


def test_a_csv_without_caption_column_is_refused_whole():
    # A misspelt header would otherwise score every row as a caption-less draft.
    with pytest.raises(NoCaptionColumn, match="captoin"):
        read_drafts(b"id,captoin\na,hello\n", "d.csv")


def test_an_overlong_caption_is_a_row_error_not_truncated():
    read = read_drafts(("caption\n" + "x" * 4_001 + "\n" + "y" * 4_000 + "\n").encode(), "d.csv")
    assert [r.row for r in read.rejected] == [2] and "TikTok allows (4,000 characters)" in read.rejected[0].reason
    assert [len(r.draft.caption) for r in read.rows] == [4_000]


def test_a_refused_row_keeps_the_id_and_creator_it_named():
    text = '{"id": "a", "creator_id": "c1", "sound": "loud"}\n{"sound": "loud"}\n"just text"\n{"id": "ok"}\n'
    read = read_drafts(text.encode(), "d.jsonl")
    assert [r.row for r in read.rejected] == [1, 2, 3]
    assert {n: (label.id, label.creator_id) for n, label in read.labels.items()} == {1: ("a", "c1")}
