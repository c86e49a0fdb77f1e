"""Each importer on fixtures shaped like real exports; every bad-row kind reported by row."""

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest

from training.importers import (
    NoUsableRows,
    StrictModeError,
    decode,
    detect_format,
    parse_count,
    read_history,
    write_canonical_csv,
)

FIXTURES = Path(__file__).parent / "fixtures"
NOW = datetime(2026, 11, 24, tzinfo=UTC)


def read(name, **kwargs):
    return read_history(FIXTURES / name, now=NOW, **kwargs)


def test_canonical_csv_reads_every_field():
    history = read("canonical.csv")
    assert history.source_format == "csv" and not history.rejected
    first, second, third = history.records
    assert first.post_id == "a1" and first.created_at.utcoffset().total_seconds() == 3600
    assert first.hashtags == ("mealprep", "rice") and first.sound == "original" and first.text_overlay is True
    assert second.hashtags == ("mealprep", "lunch") and second.duration_s == 15.5
    assert third.views == 1200 and third.created_at == datetime(2025, 3, 8, 8, tzinfo=UTC)
    assert third.text_overlay is False and third.duration_s is None


def test_semicolon_bom_crlf_and_quoted_newline():
    history = read("semicolon_bom.csv")
    assert [r.post_id for r in history.records] == ["b1", "b2"]
    assert history.records[0].caption == "Line one\r\nline two; with a semicolon"


def test_jsonl_with_blank_line_counts_and_hashtag_list():
    history = read("history.jsonl")
    assert history.source_format == "jsonl" and not history.rejected
    j1, j2, j3 = history.records
    assert j1.hashtags == ("pan",)  # parsed from the caption when absent
    assert j2.views == 3400 and j2.hashtags == ("pan", "receta") and j2.text_overlay is True
    assert j3.caption == ""


def test_tiktok_web_items():
    history = read("tiktok_web.json")
    assert history.source_format == "tiktok-web" and not history.rejected
    first, second = history.records
    assert (first.post_id, first.saves, first.views, first.likes) == ("7301000000000000001", 512, 15400, 1300)
    assert first.sound == "original" and first.duration_s == 31 and first.creator_id == "tofu.queen"
    assert first.hashtags == ("tofu", "vegan")
    assert second.saves == 1100 and second.views == 9800  # statsV2 strings, "1.1K"
    assert second.sound == "licensed" and second.sound_title == "Espresso"


def test_research_api_videos():
    history = read("research_api.json")
    assert history.source_format == "research-api"
    first = history.records[0]
    assert (first.post_id, first.saves, first.views, first.creator_id) == (
        "7302000000000000001",
        410,
        20000,
        "cafe.hanoi",
    )
    assert first.hashtags == ("caphe", "hanoi") and first.duration_s == 24
    assert history.records[1].hashtags == ()


def test_scraper_csv_apify_columns():
    history = read("scraper_apify.csv")
    assert history.source_format == "scraper-csv"
    first, second = history.records
    assert first.saves == 2100 and first.sound == "original" and first.hashtags == ("coffee",)
    assert first.creator_id == "brewlab" and second.sound == "licensed" and second.sound_title == "Summer Hit"


def test_studio_sheet_dates_times_k_counts_and_urls():
    history = read("studio_sheet.csv", creator_id="someone")
    first, second = history.records
    assert first.created_at == datetime(2019, 7, 29, 11, 30, tzinfo=UTC)
    assert second.created_at == datetime(2020, 12, 30, 23, 51, tzinfo=UTC)
    assert (first.views, first.saves, first.duration_s) == (230_000, 1500, 8.98)
    assert first.post_id == "6900000000000000001" and first.creator_id == "someone"
    assert second.shares is None
    assert [(r.row, r.column) for r in history.repaired] == [(3, "shares")]


def test_brand_scraper_multiline_vietnamese_and_dict_hashtags():
    history = read("brand_scraper.csv")
    first, second = history.records
    assert first.caption.startswith("Trà đào mới\n") and first.hashtags == ("tradao", "cafea")
    assert first.creator_id == "cafe_a" and first.post_id == "7304000000000000001"
    assert second.hashtags == ("cafe", "sang") and second.duration_s is None
    # Row numbers count records as a spreadsheet shows them, even across a quoted newline.
    assert [(r.row, r.column) for r in history.repaired] == [(3, "duration_seconds")]


def test_every_bad_row_kind_is_reported_with_row_column_and_reason():
    history = read("bad_rows.csv")
    assert [r.post_id for r in history.records] == ["ok1", "ok2", "ok3"]
    by_row = {r.row: r for r in history.rejected}
    assert sorted(by_row) == [4, 5, 6, 7, 8, 9, 10]
    assert by_row[4].column == "views" and "negative" in by_row[4].reason
    assert by_row[5].column == "saves" and "exceed" in by_row[5].reason
    assert by_row[6].column == "post_id" and "duplicate" in by_row[6].reason and "row 2" in by_row[6].reason
    assert by_row[7].column == "created_at" and "future" in by_row[7].reason
    assert by_row[8].column == "created_at" and "required" in by_row[8].reason
    assert by_row[9].column == "views" and by_row[9].value == "lots"
    assert by_row[10].column == "created_at" and "not a date" in by_row[10].reason
    assert [(r.row, r.column) for r in history.repaired] == [(11, "likes")]
    assert len(history.records) + len(history.rejected) == 10  # every data row accounted for


def test_strict_stops_on_the_first_bad_row():
    with pytest.raises(StrictModeError, match="row 4, column views"):
        read("bad_rows.csv", strict=True)


def test_no_usable_rows_is_a_clear_error():
    with pytest.raises(NoUsableRows, match="no column for saves"):
        read_history(b"post_id,created_at,caption,views\nx,2025-01-01T00:00:00Z,hi,10\n")
    with pytest.raises(NoUsableRows, match="2 rows rejected") as info:
        read_history(b"post_id,created_at,caption,views,saves\nx,,hi,10,1\ny,2025-01-01T00:00:00Z,hi,-1,1\n")
    assert [r.row for r in info.value.rejected] == [2, 3]


def test_several_sources_keep_their_own_row_numbers_and_names():
    history = read_history([FIXTURES / "bad_rows.csv", FIXTURES / "canonical.csv"], now=NOW)
    assert len(history.records) == 6
    assert history.rejected[0].reason.startswith("bad_rows.csv: ")


def test_latin1_bytes_are_decoded_not_dropped():
    data = "post_id,created_at,caption,views,saves\nx,2025-01-01T00:00:00Z,café crème,10,1\n".encode("cp1252")
    assert read_history(data).records[0].caption == "café crème"
    assert decode(b"\xef\xbb\xbfabc") == "abc"


@pytest.mark.parametrize(
    ("raw", "count"),
    [
        ("1.2K", 1200),
        ("37k", 37_000),
        ("3M", 3_000_000),
        ("1,234", 1234),
        ("1.234.567", 1_234_567),
        (12.0, 12),
        (" 15 ", 15),
        ("2.5k", 2500),
        (0, 0),
    ],
)
def test_parse_count(raw, count):
    assert parse_count(raw) == count


@pytest.mark.parametrize("raw", ["-3", "lots", "1.5", "", True, float("nan")])
def test_parse_count_refuses(raw):
    with pytest.raises(ValueError):
        parse_count(raw)


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("canonical.csv", "csv"),
        ("history.jsonl", "jsonl"),
        ("tiktok_web.json", "tiktok-web"),
        ("research_api.json", "research-api"),
        ("scraper_apify.csv", "scraper-csv"),
        ("studio_sheet.csv", "scraper-csv"),
    ],
)
def test_detect_format(name, fmt):
    assert detect_format(decode((FIXTURES / name).read_bytes())) == fmt


def test_canonical_csv_round_trip_is_lossless():
    original = read("tiktok_web.json").records + read("canonical.csv").records
    buffer = io.StringIO()
    write_canonical_csv(original, buffer)
    again = read_history(buffer.getvalue().encode(), now=NOW)
    assert again.records == tuple(sorted(original, key=lambda r: r.created_at))


def test_huge_caption_rejected_not_truncated():
    caption = "x" * 10_001
    history_bytes = (
        "post_id,created_at,caption,views,saves\n"
        f"big,2025-01-01T00:00:00Z,{caption},10,1\n"
        "ok,2025-01-02T00:00:00Z,hi,10,1\n"
    )
    history = read_history(history_bytes.encode())
    assert [r.post_id for r in history.records] == ["ok"]
    assert history.rejected[0].row == 2 and "10,000" in history.rejected[0].reason
