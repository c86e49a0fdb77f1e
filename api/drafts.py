"""Reading a drafts file (``score --drafts``): CSV or JSON Lines in, drafts plus every refused row out.

Each row is a draft (SPEC §4 fields, an optional ``id`` echoed back) and may name its
``creator_id``, so one planning sheet can hold many creators. Row numbers are the user's,
as for histories: CSV header = row 1, JSON Lines = line number.

A bad value (``duration_s`` "abc", an unknown sound) refuses that one row with its column
and reason; unlike a history, the value is not dropped, because the score would then be
for a different draft than the one planned. A blank or missing caption is a real
caption-less draft, not an error.

It reads cells with the history importers' parsers (``training.importers``) but trains
nothing, so it lives beside the command that reads drafts files (``score --drafts``).
"""

from __future__ import annotations

import msgspec

from api.batch_rows import CAPTION_TOO_LONG
from models.core.records import DRAFT_CAPTION_CHARS, Draft, RejectedRow
from training.importers.canonical import csv_rows, json_items
from training.importers.detect import JSON_SUFFIXES, decode
from training.importers.values import (
    blank,
    parse_bool,
    parse_count,
    parse_datetime,
    parse_duration,
    parse_hashtags,
    parse_known_sound,
)

DRAFT_COLUMNS = (
    "id",
    "creator_id",
    "caption",
    "hashtags",
    "planned_at",
    "duration_s",
    "sound",
    "text_overlay",
    "expected_views",
)


class DraftRow(msgspec.Struct, frozen=True, kw_only=True):
    """One accepted row: the draft, where it was in the file, and whose it is (if the row says)."""

    row: int
    draft: Draft
    creator_id: str | None = None


class RowLabel(msgspec.Struct, frozen=True, kw_only=True):
    """What names a refused row, when its cells could be read: a script matches its error by these."""

    id: str | None = None
    creator_id: str | None = None


class DraftsRead(msgspec.Struct, frozen=True, kw_only=True):
    rows: tuple[DraftRow, ...]
    rejected: tuple[RejectedRow, ...] = ()
    ignored_columns: tuple[str, ...] = ()  # columns that are not draft fields (a planner's notes)
    labels: dict[int, RowLabel] = {}  # refused rows (by row number) whose id or creator_id could be read


class NoCaptionColumn(ValueError):
    """A CSV without a caption column: a misspelt header would otherwise score every draft as caption-less."""


def _text(value: object) -> str:
    return str(value).strip()


_PARSERS = {
    "id": _text,
    "creator_id": _text,
    "hashtags": lambda v: list(parse_hashtags(v)),
    "planned_at": parse_datetime,
    "duration_s": parse_duration,
    "sound": parse_known_sound,
    "text_overlay": parse_bool,
    "expected_views": parse_count,
}


def read_drafts(data: bytes, name: str = "") -> DraftsRead:
    """Parse a drafts file's bytes; ``name`` (its file name) tells JSON Lines from CSV by suffix.

    Raises ``NoCaptionColumn`` for a CSV whose header has no ``caption``.
    """
    text = decode(data)
    looks_json = text.lstrip().startswith(("{", "["))
    if name.lower().endswith(JSON_SUFFIXES) or looks_json:
        numbered = json_items(text)[1]
    else:
        numbered = list(csv_rows(text))
        if numbered and isinstance(numbered[0][1], list):
            header = [h.strip().lower() for h in numbered.pop(0)[1]]
            if "caption" not in header:
                raise NoCaptionColumn(
                    f"no caption column in the header ({', '.join(header) or 'empty'}); a drafts file needs "
                    "a caption column (a cell may be empty for a caption-less post)"
                )
    rows: list[DraftRow] = []
    rejected: list[RejectedRow] = []
    ignored: dict[str, None] = {}
    labels: dict[int, RowLabel] = {}
    for number, item in numbered:
        if isinstance(item, ValueError):
            rejected.append(RejectedRow(row=number, reason=str(item)))
            continue
        if not isinstance(item, dict):
            rejected.append(RejectedRow(row=number, reason=f"expected an object, got {type(item).__name__}"))
            continue
        built = build_draft_row(number, item, ignored)
        (rejected if isinstance(built, RejectedRow) else rows).append(built)
        if isinstance(built, RejectedRow) and (label := _label(item)) is not None:
            labels[number] = label
    return DraftsRead(rows=tuple(rows), rejected=tuple(rejected), ignored_columns=tuple(ignored), labels=labels)


def _label(item: dict) -> RowLabel | None:
    cells = {str(k).strip().lower(): v for k, v in item.items()}
    found = {k: str(cells[k]).strip() for k in ("id", "creator_id") if not blank(cells.get(k))}
    return RowLabel(**found) if found else None


def build_draft_row(number: int, item: dict, ignored: dict[str, None]) -> DraftRow | RejectedRow:
    """A draft row, or the first thing wrong with it; unknown columns are noted in ``ignored``."""
    fields: dict[str, object] = {}
    for key, value in item.items():
        column = str(key).strip().lower()
        if column not in DRAFT_COLUMNS:
            ignored.setdefault(str(key), None)
            continue
        if column == "caption":
            if not isinstance(value, str | None):
                return RejectedRow(row=number, column="caption", value=_shown(value), reason="caption must be text")
            caption = value or ""
            if len(caption) > DRAFT_CAPTION_CHARS:
                return RejectedRow(
                    row=number,
                    column="caption",
                    value=f"{caption[:40]}… ({len(caption):,} characters)",
                    reason=CAPTION_TOO_LONG,
                )
            fields["caption"] = caption
            continue
        if blank(value):
            continue
        try:
            fields[column] = _PARSERS[column](value)
        except ValueError as exc:
            return RejectedRow(row=number, column=column, value=str(value)[:200], reason=str(exc))
    creator_id = fields.pop("creator_id", None)
    try:
        draft = msgspec.convert(fields, type=Draft, strict=False)
    except msgspec.ValidationError as exc:
        # msgspec names the field as a path ("... - at `$.expected_views`"): report it as the column.
        message, _, path = str(exc).partition(" - at `$.")
        column = path.rstrip("`").split(".")[0].split("[")[0] or None
        return RejectedRow(row=number, column=column, value=_shown(fields.get(column)), reason=message)
    return DraftRow(row=number, draft=draft, creator_id=creator_id)


def _shown(value: object) -> str | None:
    return None if value is None else str(value)[:200]
