"""Format-specific behaviour: Apify numbered columns, web items in every wrapping, Research API
lists, format detection, several sources, and the row/column/reason of each refusal."""

import io
import json
import unicodedata
from datetime import UTC, datetime

import pytest

from training.importers import (
    FORMATS,
    HistoryImportError,
    NoUsableRows,
    StrictModeError,
    decode,
    detect_format,
    read_history,
    write_canonical_csv,
)
from training.importers.values import parse_bool, parse_hashtags, parse_sound, sound_from_title

from .conftest import NOW

HEADER = "post_id,created_at,caption,views,saves"


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode()


# -- scraper CSV -----------------------------------------------------------------------------


def test_apify_numbered_hashtag_columns_slash_keys_and_music_flags(read_fixture):
    history = read_fixture("apify_numbered.csv")
    assert history.source_format == "scraper-csv"
    first, second = history.records
    assert first.post_id == "7305000000000000001" and first.creator_id == "la.cocinera"
    assert (first.views, first.saves, first.likes) == (18_500, 1200, 2100)
    assert first.created_at == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert first.hashtags == ("arepas", "recetafacil") and first.duration_s == 22.5
    assert first.sound == "original" and first.sound_title == "sonido original - la.cocinera"
    assert second.sound == "licensed" and second.sound_title == "Canción del verano" and second.hashtags == ()
    [bad] = history.rejected
    assert (bad.row, bad.column, bad.value) == (4, "collectCount", "4500")
    assert "exceed" in bad.reason


def test_saves_over_views_names_the_source_column():
    data = (
        b"video_id,brand,views_count,collect_count,publish_time,video_desc\n"
        b"v1,cafe_b,100,5,2025-01-01 08:00:00,ok\n"
        b"v2,cafe_b,100,101,2025-01-02 08:00:00,too many saves\n"
    )
    history = read_history(data, now=NOW)
    assert [(r.row, r.column, r.value) for r in history.rejected] == [(3, "collect_count", "101")]
    assert history.records[0].creator_id == "cafe_b"


def test_sound_is_read_from_original_sound_titles_in_several_languages():
    data = (
        "video_id,brand,views_count,collect_count,publish_time,video_desc,music_used\n"
        "v1,b,100,1,2025-01-01 08:00:00,a,âm thanh gốc - Quán Nhỏ\n"
        "v2,b,100,1,2025-01-02 08:00:00,b,nhạc nền - Quán Nhỏ\n"
        "v3,b,100,1,2025-01-03 08:00:00,c,Original Sound - someone\n"
        "v4,b,100,1,2025-01-04 08:00:00,d,Vibes\n"
    ).encode()
    records = read_history(data, now=NOW).records
    assert [r.sound for r in records] == ["original", "original", "original", None]
    assert records[3].sound_title == "Vibes"


def test_studio_sheet_has_no_creator_unless_given(read_fixture):
    assert {r.creator_id for r in read_fixture("studio_sheet.csv").records} == {None}
    assert {r.creator_id for r in read_fixture("studio_sheet.csv", creator_id="me").records} == {"me"}


def test_brand_rows_keep_their_own_creator_over_the_one_given(read_fixture):
    history = read_fixture("brand_scraper.csv", creator_id="someone-else")
    assert {r.creator_id for r in history.records} == {"cafe_a"}


# -- TikTok web items --------------------------------------------------------------------------


def test_web_items_as_json_lines_with_bad_lines_numbered_by_line(read_fixture):
    history = read_fixture("web_items.jsonl")
    assert history.source_format == "tiktok-web"
    first, second = history.records
    # statsV2 strings, textExtra (mention skipped) merged with challenges, author as a plain handle.
    assert (first.views, first.saves, first.likes) == (12_000, 640, 900)
    assert first.hashtags == ("banhmi", "streetfood") and first.creator_id == "bep.nha"
    assert first.created_at == datetime.fromtimestamp(1717200000, tz=UTC)
    # An explicit music.original wins over a title that reads like an original sound.
    assert first.sound == "licensed" and first.sound_title == "nhạc nền - Bếp Nhà" and first.duration_s == 18
    assert second.hashtags == ("càphê",)  # from the caption, unicode-aware
    by_row = {r.row: r for r in history.rejected}
    assert sorted(by_row) == [3, 4]  # line numbers; line 2 is blank
    assert by_row[3].column == "views" and "no views, saves" in by_row[3].reason
    assert "not valid JSON" in by_row[4].reason


@pytest.mark.parametrize("wrap", [lambda items: items, lambda items: {"itemList": items}, lambda i: {"items": i}])
def test_web_items_in_every_wrapping(wrap):
    item = {
        "id": "1",
        "desc": "tip #One",
        "createTime": 1700000000,
        "stats": {"playCount": 10, "collectCount": 2},
        "music": {"original": True},
    }
    history = read_history(json.dumps(wrap([item])).encode(), now=NOW)
    assert history.source_format == "tiktok-web"
    assert history.records[0].sound == "original" and history.records[0].hashtags == ("one",)


# -- Research API ------------------------------------------------------------------------------


def test_research_api_list_numbers_items_and_reports_each_problem(read_fixture):
    history = read_fixture("research_list.json")
    assert history.source_format == "research-api"
    [kept] = history.records
    assert (kept.post_id, kept.views, kept.saves, kept.creator_id) == ("7307000000000000001", 3000, 95, "ahorra.ya")
    assert kept.hashtags == ("ahorro", "tips") and kept.duration_s == 40 and kept.shares == 4
    rows = [(r.row, r.column) for r in history.rejected]
    assert rows == [(2, "favorites_count"), (3, "saves"), (4, "id")]
    assert "exceed" in history.rejected[0].reason
    assert "first seen at row 1" in history.rejected[2].reason


def test_research_api_named_format_and_jsonl():
    lines = [
        {"id": 1, "video_description": "a", "create_time": 1704067200, "view_count": 10, "favorites_count": 1},
        {"id": 2, "video_description": "b", "create_time": 1704067300, "view_count": 10, "favorites_count": 2},
    ]
    data = "\n".join(json.dumps(x) for x in lines).encode()
    history = read_history(data, fmt="research-api", creator_id="c", now=NOW)
    assert [r.post_id for r in history.records] == ["1", "2"] and history.source_format == "research-api"
    assert {r.creator_id for r in history.records} == {"c"}


# -- rules shared by every format --------------------------------------------------------------


def test_duplicates_are_per_creator():
    data = csv_bytes(
        "p1,2025-01-01T00:00:00Z,a,10,1,ann",
        "p1,2025-01-02T00:00:00Z,b,10,1,bob",
        "p1,2025-01-03T00:00:00Z,c,10,1,ann",
        header=HEADER + ",creator_id",
    )
    history = read_history(data, now=NOW)
    assert sorted((r.creator_id, r.caption) for r in history.records) == [("ann", "a"), ("bob", "b")]
    [dup] = history.rejected
    assert (dup.row, dup.column, dup.value) == (4, "post_id", "p1") and "first seen at row 2" in dup.reason


def test_duplicates_across_files_name_the_first_file(tmp_path):
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_bytes(csv_bytes("p1,2025-01-01T00:00:00Z,a,10,1"))
    b.write_bytes(csv_bytes("p2,2025-01-02T00:00:00Z,b,10,1", "p1,2025-01-03T00:00:00Z,c,10,1"))
    history = read_history([a, b], now=NOW)
    assert [r.post_id for r in history.records] == ["p1", "p2"]
    [dup] = history.rejected
    assert dup.row == 3 and dup.reason.startswith("b.csv: ") and "row 2 of a.csv" in dup.reason


def test_future_is_judged_against_now_with_a_day_of_slack():
    data = csv_bytes("soon,2026-11-24T20:00:00+00:00,a,10,1", "later,2026-11-26T00:00:00+00:00,b,10,1")
    history = read_history(data, now=NOW)
    assert [r.post_id for r in history.records] == ["soon"]
    assert (history.rejected[0].row, history.rejected[0].column) == (3, "created_at")


def test_strict_error_carries_the_rejected_row(read_fixture):
    with pytest.raises(StrictModeError) as info:
        read_fixture("research_list.json", strict=True)
    assert (info.value.rejected.row, info.value.rejected.column) == (2, "favorites_count")


def test_missing_required_column_is_one_file_level_error_naming_it(tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_bytes("p1,2025-01-01T00:00:00Z,a,10,1"))
    bad.write_bytes(b"post_id,created_at,caption,views\np2,2025-01-01T00:00:00Z,a,10\n")
    with pytest.raises(NoUsableRows, match=r"bad\.csv: no column for saves"):
        read_history([good, bad], now=NOW)


def test_empty_and_header_only_inputs_are_clear_errors():
    with pytest.raises(NoUsableRows, match="no usable post"):
        read_history(b"", now=NOW)
    with pytest.raises(NoUsableRows, match="0 rows rejected"):
        read_history(csv_bytes(), now=NOW)
    with pytest.raises(NoUsableRows, match="no usable post"):
        read_history(b'{"itemList": []}', now=NOW)


def test_unknown_format_is_refused():
    with pytest.raises(HistoryImportError, match="unknown format"):
        read_history(csv_bytes("p,2025-01-01T00:00:00Z,a,1,1"), fmt="xlsx")
    assert FORMATS == ("auto", "csv", "jsonl", "tiktok-web", "research-api", "scraper-csv")


def test_bytes_like_inputs_and_naive_times_as_utc():
    data = csv_bytes("p,2025-01-01 10:00,a,1,1")
    for source in (data, bytearray(data), memoryview(data)):
        assert read_history(source, now=NOW).records[0].created_at == datetime(2025, 1, 1, 10, tzinfo=UTC)


def test_crlf_tab_and_latin1():
    crlf = f'{HEADER}\r\np,2025-01-01T00:00:00Z,"two\r\nlines",1,1\r\nq,2025-01-02T00:00:00Z,x,1,1\r\n'.encode()
    history = read_history(crlf, now=NOW)
    assert [r.caption for r in history.records] == ["two\r\nlines", "x"]
    tabbed = csv_bytes("p,2025-01-01T00:00:00Z,niño,1,1").replace(b",", b"\t").decode().encode("latin-1")
    assert read_history(tabbed, now=NOW).records[0].caption == "niño"


def test_text_overlay_spellings_and_a_bad_one_is_repaired_not_rejected():
    spellings = ["yes", "0", "TRUE", "maybe"]
    rows = [f"p{i},2025-01-0{i}T00:00:00Z,c,10,1,{v}" for i, v in enumerate(spellings, 1)]
    data = csv_bytes(*rows, header=HEADER + ",text_overlay")
    history = read_history(data, now=NOW)
    assert [r.text_overlay for r in history.records] == [True, False, True, None]
    assert [(r.row, r.column, r.value) for r in history.repaired] == [(5, "text_overlay", "maybe")]


def test_huge_json_caption_is_rejected_with_its_length():
    item = {"post_id": "x", "created_at": 1700000000, "caption": "é" * 12_000, "views": 1, "saves": 0}
    ok = {**item, "post_id": "y", "caption": "short"}
    history = read_history(f"{json.dumps(item)}\n{json.dumps(ok)}".encode(), now=NOW)
    assert [r.post_id for r in history.records] == ["y"]
    assert history.rejected[0].row == 1 and "12,000 characters" in history.rejected[0].value


def test_hashtag_spellings_are_normalised():
    decomposed = unicodedata.normalize("NFD", "#Càphê, #CÀPHÊ")
    assert parse_hashtags(decomposed) == ("càphê",)
    assert parse_hashtags('["A", "#b"]') == ("a", "b")
    assert parse_hashtags("{'name': 'x'},{'name': 'Y'}") == ("x", "y")
    assert parse_hashtags("#a #b") == parse_hashtags("a,b") == ("a", "b")


def test_value_parsers_refuse_garbage():
    assert parse_sound(True) == "original" and parse_sound("false") == "licensed"
    assert parse_sound("Voice-over") == "voiceover" and parse_sound("jazz") is None
    assert sound_from_title("Sonido original - x") == "original" and sound_from_title("Hit") is None
    assert parse_bool("No") is False
    with pytest.raises(ValueError, match="true/false"):
        parse_bool("perhaps")


# -- detection ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("apify_numbered.csv", "scraper-csv"),
        ("brand_scraper.csv", "scraper-csv"),
        ("semicolon_bom.csv", "csv"),
        ("web_items.jsonl", "tiktok-web"),
        ("research_list.json", "research-api"),
        ("history.jsonl", "jsonl"),
    ],
)
def test_detect_from_name_and_content(fixtures, name, fmt):
    assert detect_format(decode((fixtures / name).read_bytes()), name) == fmt


def test_detect_edge_cases():
    assert detect_format("", "empty.jsonl") == "jsonl"
    assert detect_format('{"data": {"videos": []}}') == "research-api"
    assert detect_format("post_id;created_at;caption;views;saves\n") == "csv"
    assert detect_format("post_id,created_at,caption,views,saves\n", "misnamed.json") == "csv"


# -- writing -----------------------------------------------------------------------------------


def test_canonical_csv_written_to_a_path_reads_back(read_fixture, tmp_path):
    records = read_fixture("apify_numbered.csv").records
    out = tmp_path / "out.csv"
    write_canonical_csv(records, out)
    text = out.read_bytes().decode("utf-8")
    assert text.startswith(
        "post_id,created_at,caption,hashtags,views,saves,likes,comments,shares,duration_s,sound,sound_title,"
        "text_overlay,creator_id\r\n"
    )
    assert "2024-05-01T08:00:00+00:00" in text and "#arepas #recetafacil" in text
    assert read_history(out, now=NOW).records == records
    buffer = io.StringIO()
    write_canonical_csv(records, buffer)
    assert buffer.getvalue() == text
