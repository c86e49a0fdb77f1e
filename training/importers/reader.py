"""Reading history files: bytes → numbered raw rows → PostRecords plus every rejected row."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import msgspec

from models.records import HistoryRead, PostRecord, RejectedRow
from models.signals import extract_hashtags
from training.importers.fields import REQUIRED, flatten, post_id_from, resolve_columns
from training.importers.values import (
    blank,
    parse_bool,
    parse_count,
    parse_datetime,
    parse_duration,
    parse_hashtags,
    parse_sound,
)

FORMATS = ("auto", "csv", "jsonl", "tiktok-web", "research-api", "scraper-csv")
MAX_CAPTION_CHARS = 10_000
FUTURE_SLACK = timedelta(days=1)
csv.field_size_limit(16 * 1024 * 1024)


class ImportError_(ValueError):
    """Base of the importers' errors."""


class NoUsableRows(ImportError_):
    """Nothing in the input became a record; ``rejected`` says why, row by row."""

    def __init__(self, message: str, rejected: tuple[RejectedRow, ...] = ()):
        super().__init__(message)
        self.rejected = rejected


class StrictModeError(ImportError_):
    """``strict`` was asked for and a row was bad."""

    def __init__(self, rejected: RejectedRow):
        where = f"row {rejected.row}" + (f", column {rejected.column}" if rejected.column else "")
        super().__init__(f"{where}: {rejected.reason}")
        self.rejected = rejected


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 so no byte is lost."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_format(text: str, name: str = "") -> str:
    """Sniff the format from the content (and the file name when the content is ambiguous)."""
    head = text.lstrip()[:4096]
    if head.startswith(("[", "{")):
        sample = head[:4096]
        if '"collectCount"' in sample or '"desc"' in sample or '"itemList"' in sample or '"stats"' in sample:
            return "tiktok-web"
        if '"favorites_count"' in sample or '"video_description"' in sample or '"view_count"' in sample:
            return "research-api"
        return "jsonl"
    first_line = head.splitlines()[0] if head else ""
    columns = {c.strip().strip('"').lower() for c in first_line.replace(";", ",").split(",")}
    canonical = {"post_id", "created_at", "caption", "views", "saves"}
    return "csv" if canonical <= columns else "scraper-csv"


def _json_items(text: str) -> Iterator[tuple[int, object]]:
    """Items of a JSON document (list, or a wrapper with the list inside) or of JSON Lines."""
    stripped = text.strip()
    try:
        doc = json.loads(stripped)
    except json.JSONDecodeError:
        doc = None
    if doc is not None:
        if isinstance(doc, dict):
            for key in ("itemList", "items", "videos", "data", "posts"):
                inner = doc.get(key)
                if isinstance(inner, dict):
                    inner = inner.get("videos") or inner.get("items") or inner.get("itemList")
                if isinstance(inner, list):
                    doc = inner
                    break
            else:
                doc = [doc]
        if isinstance(doc, list):
            yield from enumerate(doc, start=1)
            return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, ValueError(f"not valid JSON: {exc.msg}")


def _csv_rows(text: str) -> Iterator[tuple[int, object]]:
    """Data rows numbered as a spreadsheet shows them: the header is row 1."""
    header_line = text.split("\n", 1)[0]
    # The delimiter is whichever separator the header uses most (Excel in many locales writes ';').
    delimiter = max(",;\t|", key=header_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter if header_line.count(delimiter) else ",")
    try:
        header = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, ValueError(f"unreadable header: {exc}")
        return
    header = [h.strip() for h in header]
    yield 1, header
    row_number = 1
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield row_number, ValueError(f"malformed CSV: {exc}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header) :]):
            yield row_number, ValueError(f"{len(row)} cells for {len(header)} columns")
            continue
        yield row_number, dict(zip(header, row, strict=False))


def raw_rows(text: str, fmt: str) -> Iterator[tuple[int, object]]:
    """(row number, flat dict or ValueError) for each row; the CSV header comes first as a list."""
    if fmt in ("csv", "scraper-csv"):
        yield from _csv_rows(text)
        return
    for number, item in _json_items(text):
        if isinstance(item, dict):
            yield number, flatten(item)
        elif isinstance(item, ValueError):
            yield number, item
        else:
            yield number, ValueError(f"expected an object, got {type(item).__name__}")


_PARSERS = {
    "views": parse_count,
    "saves": parse_count,
    "likes": parse_count,
    "comments": parse_count,
    "shares": parse_count,
    "duration_s": parse_duration,
    "hashtags": parse_hashtags,
    "text_overlay": parse_bool,
}


def build_record(
    row: dict, columns: dict[str, str], creator_id: str | None, dropped: list[tuple[str, object, str]]
) -> PostRecord | tuple[str, object, str]:
    """A record, or (column, value, reason) for the first thing wrong with a required field.

    A bad optional value (a percentage where shares should be) does not cost the post: the
    value is dropped and ``dropped`` gets (column, value, reason) to report.
    """
    fields: dict[str, object] = {}
    for field, source in columns.items():
        if field == "time_of_day":
            continue
        value = row.get(source)
        if field in REQUIRED and field != "caption" and blank(value):
            return source, value, f"{field} is required"
        if blank(value) and field != "caption":
            continue
        try:
            if field == "post_id":
                fields[field] = post_id_from(value)
            elif field == "created_at":
                fields[field] = parse_datetime(
                    value, row.get(columns["time_of_day"]) if "time_of_day" in columns else None
                )
            elif field == "caption":
                fields[field] = "" if value is None else str(value)
                if len(fields[field]) > MAX_CAPTION_CHARS:
                    return source, f"{fields[field][:40]}…", f"caption longer than {MAX_CAPTION_CHARS:,} characters"
            elif field == "sound":
                sound = parse_sound(value)
                if sound:
                    fields[field] = sound
                elif not isinstance(value, bool):
                    fields.setdefault("sound_title", str(value))
            elif field in ("sound_title", "creator_id"):
                fields[field] = str(value).strip()
            else:
                fields[field] = _PARSERS[field](value)
        except ValueError as exc:
            if field in REQUIRED:
                return source, value, str(exc)
            dropped.append((source, value, f"{exc}; the post is kept without its {field}"))
    if not fields.get("hashtags"):
        fields["hashtags"] = extract_hashtags(str(fields.get("caption") or ""))
    if not fields.get("creator_id"):  # a row's own creator wins; the one given fills the gaps
        fields["creator_id"] = creator_id
    try:
        return msgspec.convert(fields, type=PostRecord, strict=False)
    except msgspec.ValidationError as exc:
        message = str(exc)
        path = message.rsplit("at `$.", 1)
        field = path[1].rstrip("`").split(".")[0].split("[")[0] if len(path) == 2 else None
        column = columns.get(field, field) if field else ("saves" if "saves" in message else None)
        return column, row.get(column) if column else None, message.split(" - at ")[0]


def read_text(
    text: str, fmt: str, *, creator_id: str | None, strict: bool, now: datetime, label: str = ""
) -> HistoryRead:
    """Parse one decoded source into records and rejected rows."""
    if fmt == "auto":
        fmt = detect_format(text, label)
    if fmt not in FORMATS:
        raise ImportError_(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    prefix = f"{label}: " if label else ""
    records: list[PostRecord] = []
    rejected: list[RejectedRow] = []
    first_seen: dict[tuple[str | None, str], int] = {}
    columns: dict[str, str] | None = None

    repaired: list[RejectedRow] = []

    def reject(row: int, column: str | None, value: object, reason: str) -> None:
        entry = RejectedRow(row=row, column=column, value=_shown(value), reason=prefix + reason)
        if strict:
            raise StrictModeError(entry)
        rejected.append(entry)

    for number, row in raw_rows(text, fmt):
        if isinstance(row, list):  # the CSV header
            columns = resolve_columns(row)
            _check_columns(columns, prefix)
            continue
        if isinstance(row, ValueError):
            reject(number, None, None, str(row))
            continue
        row_columns = columns if columns is not None else resolve_columns(list(row))
        missing = [f for f in REQUIRED if f not in row_columns]
        if missing:
            reject(number, missing[0], None, f"no {', '.join(missing)} in this row")
            continue
        dropped: list[tuple[str, object, str]] = []
        built = build_record(row, row_columns, creator_id, dropped)
        if isinstance(built, tuple):
            reject(number, *built)
            continue
        repaired.extend(RejectedRow(row=number, column=c, value=_shown(v), reason=prefix + r) for c, v, r in dropped)
        key = (built.creator_id, built.post_id)
        if key in first_seen:
            reject(
                number, row_columns["post_id"], built.post_id, f"duplicate post_id, first seen at row {first_seen[key]}"
            )
            continue
        if built.created_at > now + FUTURE_SLACK:
            reject(number, row_columns["created_at"], built.created_at.isoformat(), "created_at is in the future")
            continue
        first_seen[key] = number
        records.append(built)
    records.sort(key=lambda r: r.created_at)
    return HistoryRead(records=tuple(records), rejected=tuple(rejected), repaired=tuple(repaired), source_format=fmt)


def _shown(value: object) -> str | None:
    return None if value is None else str(value)[:200]


def _check_columns(columns: dict[str, str], prefix: str) -> None:
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise NoUsableRows(
            f"{prefix}no column for {', '.join(missing)}; a history needs post_id, created_at, caption, views and "
            "saves (or their TikTok names, e.g. collectCount / favorites_count for saves)"
        )


def now_utc() -> datetime:
    return datetime.now(UTC)
