"""Reading history files: text → numbered raw rows → PostRecords plus every refused row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import msgspec

from models.core.hashtags import extract_hashtags
from models.core.records import HistoryRead, PostRecord, RejectedRow
from training.importers import research_api, tiktok_web
from training.importers.aliases import (
    gather_numbered_tags,
    numbered_tag_columns,
    post_id_from,
    resolve_columns,
)
from training.importers.canonical import CANONICAL_REQUIRED, csv_rows, flatten, json_items
from training.importers.detect import detect_format
from training.importers.values import (
    ambiguous_date,
    blank,
    date_order_needed,
    parse_bool,
    parse_count,
    parse_created_at,
    parse_duration,
    parse_hashtags,
    parse_sound,
    sound_from_title,
)

FORMATS = ("auto", "csv", "jsonl", "tiktok-web", "research-api", "scraper-csv")
REQUIRED = CANONICAL_REQUIRED
MAX_CAPTION_CHARS = 10_000
FUTURE_SLACK = timedelta(days=1)
_PREPARE = {"tiktok-web": tiktok_web.prepare, "research-api": research_api.prepare, "jsonl": flatten}


class HistoryImportError(ValueError):
    """A history could not be imported at all (unknown format, no usable row, strict mode); a ValueError."""


class NoUsableRows(HistoryImportError):
    """Nothing in the input became a record; ``rejected`` says why, row by row."""

    def __init__(self, message: str, rejected: tuple[RejectedRow, ...] = ()):
        super().__init__(message)
        self.rejected = rejected


class StrictModeError(HistoryImportError):
    """``strict`` was asked for and a row was bad; ``rejected`` is that row."""

    def __init__(self, rejected: RejectedRow):
        where = f"row {rejected.row}" + (f", column {rejected.column}" if rejected.column else "")
        super().__init__(f"{where}: {rejected.reason}")
        self.rejected = rejected


def raw_rows(text: str, fmt: str) -> Iterator[tuple[int, object]]:
    """(row number, flat dict | ValueError) for each row; a CSV header comes first as a list."""
    if fmt in ("csv", "scraper-csv"):
        numbered: list[str] = []
        for number, row in csv_rows(text):
            if isinstance(row, list):
                numbered = numbered_tag_columns(row)
                if numbered:
                    row = [*row, "hashtags"]
            elif isinstance(row, dict) and numbered and "hashtags" not in row:
                row["hashtags"] = gather_numbered_tags(row, numbered)
            yield number, row
        return
    prepare = _PREPARE[fmt]
    for number, item in json_items(text)[1]:
        if isinstance(item, dict):
            yield number, prepare(item)
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
    "synthetic": parse_bool,
}


def build_record(
    row: dict,
    columns: dict[str, str],
    creator_id: str | None,
    dropped: list[tuple[str, object, str]],
    *,
    order: str = "monthfirst",
    zone: ZoneInfo | None = None,
) -> PostRecord | tuple[str | None, object, str]:
    """A record, or (column, value, reason) for the first thing wrong with a required field.

    ``order`` reads the column's numeric dates (``date_reading``); with a ``zone`` every time is
    put on that clock, and a date alone is that date there.

    A bad optional value (a percentage where shares should be) does not cost the post: the
    value is dropped and ``dropped`` gets (column, value, reason) to report as repaired.
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
                time_of_day = row.get(columns["time_of_day"]) if "time_of_day" in columns else None
                moment, timed = parse_created_at(value, time_of_day, order=order, zone=zone)
                if zone is not None:
                    moment = moment.astimezone(zone) if timed else moment.replace(tzinfo=zone)
                fields[field] = moment
                fields["date_only"] = not timed
            elif field == "caption":
                caption = "" if value is None else str(value)
                if len(caption) > MAX_CAPTION_CHARS:
                    return (
                        source,
                        f"{caption[:40]}… ({len(caption):,} characters)",
                        f"caption longer than {MAX_CAPTION_CHARS:,} characters (not truncated; shorten it)",
                    )
                fields[field] = caption
            elif field == "sound":
                sound = parse_sound(value)
                if sound:
                    fields[field] = sound
                elif not isinstance(value, bool):
                    fields.setdefault("sound_title", str(value).strip())
            elif field in ("sound_title", "creator_id"):
                fields[field] = str(value).strip()
            else:
                fields[field] = _PARSERS[field](value)
        except ValueError as exc:
            if field in REQUIRED:
                return source, value, str(exc)
            dropped.append((source, value, f"{exc}; the post is kept without its {field}"))
    if "sound" not in fields and fields.get("sound_title"):
        sound = sound_from_title(fields["sound_title"])
        if sound:
            fields["sound"] = sound
    if not fields.get("hashtags"):
        fields["hashtags"] = extract_hashtags(str(fields.get("caption") or ""))
    if not fields.get("creator_id"):  # a row's own creator wins; the one given fills the gaps
        fields["creator_id"] = creator_id
    try:
        return msgspec.convert(fields, type=PostRecord, strict=False)
    except msgspec.ValidationError as exc:
        # msgspec names the failing field as a path ("... - at `$.views`"); report the source column.
        message = str(exc)
        path = message.rsplit("at `$.", 1)
        field = path[1].rstrip("`").split(".")[0].split("[")[0] if len(path) == 2 else None
        if field is None and "saves" in message:  # __post_init__'s saves > views
            field = "saves"
        column = columns.get(field, field) if field else None
        return column, row.get(column) if column else None, message.split(" - at ")[0]


def read_text(
    text: str,
    fmt: str,
    *,
    creator_id: str | None,
    strict: bool,
    now: datetime,
    label: str = "",
    first_seen: dict[tuple[str | None, str], str] | None = None,
    only_creator: str | None = None,
    date_order: str | None = None,
    timezone: str | None = None,
) -> HistoryRead:
    """Parse one decoded source into records, rejected rows and repaired rows.

    ``date_order`` ("dayfirst" / "monthfirst") is the reading of numeric dates when the file
    cannot tell; ``timezone`` (IANA) the clock its times are put on (``build_record``).

    ``only_creator`` keeps that creator's rows and rejects the others' with their row number.

    ``first_seen`` (creator, post_id) -> where it was first kept, shared across sources so a
    post exported twice is caught even across files.
    """
    if fmt == "auto":
        fmt = detect_format(text, label)
    if fmt not in FORMATS:
        raise HistoryImportError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    first_seen = {} if first_seen is None else first_seen
    prefix = f"{label}: " if label else ""
    records: list[PostRecord] = []
    rejected: list[RejectedRow] = []
    repaired: list[RejectedRow] = []
    columns: dict[str, str] | None = None
    zone = ZoneInfo(timezone) if timezone else None
    rows = list(raw_rows(text, fmt))
    order, reading = date_reading(rows, date_order, prefix)

    def reject(row: int, column: str | None, value: object, reason: str) -> None:
        entry = RejectedRow(row=row, column=column, value=_shown(value), reason=prefix + reason)
        if strict:
            raise StrictModeError(entry)
        rejected.append(entry)

    for number, row in rows:
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
            reject(number, missing[0], None, f"no {', '.join(missing)} in this item")
            continue
        dropped: list[tuple[str, object, str]] = []
        built = build_record(row, row_columns, creator_id, dropped, order=order, zone=zone)
        if isinstance(built, tuple):
            reject(number, *built)
            continue
        if only_creator is not None and built.creator_id != only_creator:
            column = row_columns.get("creator_id", "creator_id")
            reject(number, column, built.creator_id, f"belongs to another creator, not {only_creator!r}")
            continue
        key = (built.creator_id, built.post_id)
        if key in first_seen:
            reject(number, row_columns["post_id"], built.post_id, f"duplicate post_id, first seen at {first_seen[key]}")
            continue
        if built.created_at > now + FUTURE_SLACK:
            reject(
                number,
                row_columns["created_at"],
                built.created_at.isoformat(),
                f"created_at is in the future (after {now.date().isoformat()} + 1 day)",
            )
            continue
        repaired.extend(RejectedRow(row=number, column=c, value=_shown(v), reason=prefix + r) for c, v, r in dropped)
        first_seen[key] = f"row {number}" + (f" of {label}" if label else "")
        records.append(built)
    records.sort(key=lambda r: r.created_at)
    return HistoryRead(
        records=tuple(records),
        rejected=tuple(rejected),
        repaired=tuple(repaired),
        source_format=fmt,
        date_readings=(reading,) if reading else (),
        timezone=timezone,
    )


def date_reading(rows: list[tuple[int, object]], asked: str | None, prefix: str = "") -> tuple[str, str | None]:
    """One reading for a file's dates column: (order, the sentence the report prints, or None).

    Day-first when any value can only be day-first (25/01/2025), month-first when any can only be
    month-first (01/25/2025); both in one column is an error naming it. When no value tells,
    ``asked`` decides (month-first, TikTok Studio's, when not asked), and the sentence says so.
    """
    columns: dict[str, str] | None = None
    seen: dict[str, tuple[int, str, str]] = {}  # order -> (row, column, value) first needing it
    ambiguous: tuple[int, str, str] | None = None
    for number, row in rows:
        if isinstance(row, list):
            columns = resolve_columns(row)
            continue
        if not isinstance(row, dict):
            continue
        source = (columns if columns is not None else resolve_columns(list(row))).get("created_at")
        value = row.get(source) if source else None
        needed = date_order_needed(value)
        if needed and needed not in seen:
            seen[needed] = (number, source, str(value).strip())
        elif ambiguous is None and ambiguous_date(value):
            ambiguous = (number, source, str(value).strip())
    if len(seen) == 2:
        (r1, column, v1), (r2, _, v2) = seen["dayfirst"], seen["monthfirst"]
        raise HistoryImportError(
            f"{prefix}column {column!r} mixes day-first dates ({v1} at row {r1}) and month-first dates "
            f"({v2} at row {r2}); write them one way (ISO 8601, 2025-01-25, is never ambiguous)"
        )
    if seen:
        ((order, (number, column, value)),) = seen.items()
        if asked and asked != order:
            raise HistoryImportError(
                f"{prefix}--{asked} was asked, but column {column!r} has {value} at row {number}, which can only "
                f"be {_ORDER_WORDS[order]}"
            )
        return order, f"{prefix}column {column!r} read {_ORDER_WORDS[order]} ({value} at row {number} can only be)"
    if ambiguous is None:
        return asked or "monthfirst", None
    number, column, value = ambiguous
    if asked:
        return asked, f"{prefix}column {column!r} read {_ORDER_WORDS[asked]}, as asked"
    return "monthfirst", (
        f"{prefix}column {column!r} read month-first, but no date in it tells (every day is 12 or less, e.g. "
        f"{value} at row {number}); if your dates are day/month, import again with --dayfirst"
    )


_ORDER_WORDS = {"dayfirst": "day-first", "monthfirst": "month-first"}


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
