"""Reading history files: text → numbered raw rows → PostRecords plus every refused row."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import msgspec

from models.hashtags import extract_hashtags
from models.records import HistoryRead, PostRecord, RejectedRow
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
    blank,
    parse_bool,
    parse_count,
    parse_datetime,
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
    row: dict, columns: dict[str, str], creator_id: str | None, dropped: list[tuple[str, object, str]]
) -> PostRecord | tuple[str | None, object, str]:
    """A record, or (column, value, reason) for the first thing wrong with a required field.

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
                fields[field] = parse_datetime(value, time_of_day)
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
) -> HistoryRead:
    """Parse one decoded source into records, rejected rows and repaired rows.

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
            reject(number, missing[0], None, f"no {', '.join(missing)} in this item")
            continue
        dropped: list[tuple[str, object, str]] = []
        built = build_record(row, row_columns, creator_id, dropped)
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
