"""History importers: every supported export in, canonical records and refused rows out.

Public API::

    read_history(sources, *, fmt="auto", creator_id=None, strict=False, now=None) -> HistoryRead
    write_canonical_csv(records, path_or_stream)
    parse_count(value) -> int
    FORMATS, StrictModeError, NoUsableRows (both HistoryImportError, a ValueError)

Formats: ``csv`` / ``jsonl`` (canonical, SPEC §1), ``tiktok-web`` (web item JSON),
``research-api`` (Research API videos), ``scraper-csv`` (Apify-style, brand scraper and
TikTok Studio sheet CSVs, mapped through one alias table). ``auto`` sniffs each source.

Choices worth knowing:

* Row numbers are the user's: CSV header = row 1 (first data row = 2), JSON array = 1-based
  item index, JSON Lines = line number. With several sources each keeps its own numbers and
  the file name is put in front of the reason.
* A file missing a required column is one file-level error: ``NoUsableRows`` naming the
  column (not a row-by-row flood), even with several sources.
* A timestamp without an offset (``2026-04-22 18:24:41``, Studio's ``7/29/19`` + ``11:30 AM``)
  is a wall time on ``timezone`` when one is given (as the creator typed it), else UTC; a
  timestamp with one (Unix seconds, ``…+07:00``) is moved onto ``timezone``. A date without a time
  (``2026-03-16``) is marked ``date_only``: the day is known, the hour is not.
* A file's numeric dates are read one way: day-first when any needs it (25/01/2025),
  month-first when any needs that, an error naming the column when both appear, and
  ``date_order`` (month-first if not given) when none tells; ``date_readings`` says which.
* A bad *optional* value (shares "0.71", duration 0) drops that value, keeps the post and
  reports it in ``HistoryRead.repaired``; a bad required value rejects the row.
* Duplicates are per creator (after ``creator_id`` fills rows that carry none): the first
  row is kept, later ones rejected naming the first row, also across files.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from os import PathLike
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from models.core.records import HistoryRead, PostRecord, RejectedRow
from models.core.words import plural
from training.importers.canonical import CANONICAL_COLUMNS, canonical_csv_text, write_canonical_csv
from training.importers.counts import parse_count
from training.importers.detect import decode, detect_format
from training.importers.reader import FORMATS, HistoryImportError, NoUsableRows, StrictModeError, now_utc, read_text
from training.importers.values import DATE_ORDERS

__all__ = [
    "CANONICAL_COLUMNS",
    "DATE_ORDERS",
    "FORMATS",
    "HistoryImportError",
    "NoUsableRows",
    "StrictModeError",
    "canonical_csv_text",
    "check_timezone",
    "decode",
    "detect_format",
    "parse_count",
    "read_history",
    "write_canonical_csv",
]

Source = str | PathLike[str]


def read_history(
    sources: Source | bytes | bytearray | memoryview | Sequence[Source],
    *,
    fmt: str = "auto",
    creator_id: str | None = None,
    strict: bool = False,
    now: datetime | None = None,
    only_creator: str | None = None,
    date_order: str | None = None,
    timezone: str | None = None,
) -> HistoryRead:
    """Read one or more history files (or raw bytes) into records sorted by ``created_at``.

    ``creator_id`` fills rows that carry none; ``only_creator`` rejects (row by row) the rows
    of any other creator, as an upload for one creator does. Raises ``NoUsableRows`` (with ``.rejected``)
    when nothing usable is found, ``StrictModeError`` (with ``.rejected``) on the first bad
    row when ``strict``, ``HistoryImportError`` for an unknown ``fmt``, an unknown
    ``timezone`` or a dates column read two ways.

    ``date_order`` ("dayfirst" / "monthfirst") reads numeric dates a file cannot tell apart
    (each file decides from its own dates first, ``reader.date_reading``); ``timezone`` (an
    IANA name) puts every time on the creator's clock, and a date alone on that day there.
    """
    if fmt not in FORMATS:
        raise HistoryImportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if date_order not in (None, *DATE_ORDERS):
        raise HistoryImportError(f"unknown date order {date_order!r}; use one of {', '.join(DATE_ORDERS)}")
    timezone = check_timezone(timezone)
    now = now or now_utc()
    if isinstance(sources, bytes | bytearray | memoryview):
        parts = [("", bytes(sources))]
    elif isinstance(sources, str | PathLike):
        parts = [(Path(sources).name, Path(sources).read_bytes())]
    else:
        parts = [(Path(s).name, Path(s).read_bytes()) for s in sources]
    many = len(parts) > 1
    records: list[PostRecord] = []
    rejected: list[RejectedRow] = []
    repaired: list[RejectedRow] = []
    formats: list[str] = []
    readings: list[str] = []
    first_seen: dict[tuple[str | None, str], str] = {}
    for name, data in parts:
        text = decode(data)
        source_fmt = detect_format(text, name) if fmt == "auto" else fmt
        read = read_text(
            text,
            source_fmt,
            creator_id=creator_id,
            strict=strict,
            now=now,
            label=name if many else "",
            first_seen=first_seen,
            only_creator=only_creator,
            date_order=date_order,
            timezone=timezone,
        )
        readings.extend(read.date_readings)
        records.extend(read.records)
        rejected.extend(read.rejected)
        repaired.extend(read.repaired)
        formats.append(read.source_format)
    if not records:
        detail = f"; first problem: row {rejected[0].row}: {rejected[0].reason}" if rejected else ""
        message = f"no usable post in the history ({plural(len(rejected), 'row')} rejected){detail}"
        raise NoUsableRows(message, tuple(rejected))
    records.sort(key=lambda r: r.created_at)
    return HistoryRead(
        records=tuple(records),
        rejected=tuple(rejected),
        repaired=tuple(repaired),
        source_format=",".join(dict.fromkeys(formats)),
        date_readings=tuple(readings),
        timezone=timezone,
    )


def check_timezone(name: str | None) -> str | None:
    """The IANA zone name, checked (``Asia/Ho_Chi_Minh``); None stays None. A ``HistoryImportError`` when unknown."""
    if name is None or not str(name).strip():
        return None
    name = str(name).strip()
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise HistoryImportError(
            f"unknown time zone {name!r}: use an IANA name such as Asia/Ho_Chi_Minh, Europe/Copenhagen or UTC"
        ) from None
    return name
