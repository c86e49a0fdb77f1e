"""One reading per dates column, dates without times, and the creator's time zone (issue 30)."""

from datetime import UTC, datetime, timedelta

import pytest

from training.importers import HistoryImportError, canonical_csv_text, read_history

NOW = datetime(2026, 11, 24, tzinfo=UTC)
HEADER = "post_id;created_at;caption;views;saves\n"


def read(text: str, **kwargs):
    return read_history(text.encode(), creator_id="c", now=NOW, **kwargs)


def rows(*dates: str) -> str:
    return HEADER + "".join(f"{i};{d};post {i};1000;{i}\n" for i, d in enumerate(dates, start=1))


def test_a_day_above_12_reads_the_whole_column_day_first():
    # The file: 05/01 was read as 1 May and 25/01 refused as "not a date".
    history = read(rows("05/01/2025", "25/01/2025", "12/01/2025"))
    assert not history.rejected
    assert [r.created_at.date().isoformat() for r in history.records] == ["2025-01-05", "2025-01-12", "2025-01-25"]
    (reading,) = history.date_readings
    assert "day-first" in reading and "created_at" in reading and "25/01/2025" in reading


def test_a_month_first_column_stays_month_first():
    history = read(rows("01/05/2025", "01/25/2025"))
    assert [r.created_at.date().isoformat() for r in history.records] == ["2025-01-05", "2025-01-25"]
    assert "month-first" in history.date_readings[0]


def test_a_column_read_both_ways_is_one_error_naming_the_column():
    with pytest.raises(HistoryImportError, match=r"column 'created_at' mixes day-first .*25/01/2025.*01/25/2025"):
        read(rows("25/01/2025", "01/25/2025"))


def test_when_no_date_tells_the_choice_decides_and_the_report_says_so():
    text = rows("05/01/2025", "06/01/2025")
    month_first = read(text)
    assert [r.created_at.month for r in month_first.records] == [5, 6]
    assert "--dayfirst" in month_first.date_readings[0]
    day_first = read(text, date_order="dayfirst")
    assert [(r.created_at.month, r.created_at.day) for r in day_first.records] == [(1, 5), (1, 6)]
    assert "as asked" in day_first.date_readings[0]


def test_a_choice_the_file_contradicts_is_refused():
    with pytest.raises(HistoryImportError, match=r"--monthfirst.*25/01/2025.*day-first"):
        read(rows("25/01/2025", "05/01/2025"), date_order="monthfirst")


def test_iso_dates_need_no_reading():
    assert read(rows("2025-01-05", "2025-01-25T10:00:00+01:00")).date_readings == ()


def test_a_date_alone_is_marked_and_written_back_as_a_date():
    history = read(rows("2026-03-16", "2026-03-17T19:30:00+00:00"))
    dated, timed = history.records
    assert dated.date_only and not timed.date_only
    lines = canonical_csv_text(history.records).splitlines()
    assert lines[1].split(",")[1] == "2026-03-16"  # not 2026-03-16T00:00:00+00:00
    again = read_history(canonical_csv_text(history.records).encode(), now=NOW)
    assert [r.date_only for r in again.records] == [True, False]


def test_a_time_zone_puts_utc_times_on_the_creators_clock_and_keeps_dates_whole():
    # vn-long's shape: posts at 19-20 h Vietnam time, stored as UTC (Unix seconds in web JSON).
    history = read(rows("2026-03-16T12:30:00+00:00", "2026-03-17"), timezone="Asia/Ho_Chi_Minh")
    timed, dated = history.records
    assert timed.created_at.hour == 19 and timed.created_at.utcoffset() == timedelta(hours=7)
    assert timed.created_at == datetime(2026, 3, 16, 12, 30, tzinfo=UTC)  # the same instant
    assert dated.created_at.date().isoformat() == "2026-03-17" and dated.created_at.hour == 0
    assert history.timezone == "Asia/Ho_Chi_Minh"


def test_a_wall_time_without_an_offset_is_read_on_the_creators_zone():
    # Studio's shape: "11:30 AM" as the creator saw it on their own clock, no offset.
    history = read(rows("2026-03-16 11:30:00", "2026-03-17T11:30:00+00:00"), timezone="Asia/Ho_Chi_Minh")
    wall, stamped = history.records
    assert wall.created_at.hour == 11 and wall.created_at == datetime(2026, 3, 16, 4, 30, tzinfo=UTC)
    assert stamped.created_at.hour == 18  # an offset given is an instant, moved onto the zone
    assert read(rows("2026-03-16 11:30:00")).records[0].created_at == datetime(2026, 3, 16, 11, 30, tzinfo=UTC)


def test_an_unknown_time_zone_is_refused_by_name():
    with pytest.raises(HistoryImportError, match="unknown time zone 'Asia/Saigonn'"):
        read(rows("2026-03-16"), timezone="Asia/Saigonn")
