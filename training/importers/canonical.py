"""The canonical history (SPEC §1): its columns, its CSV writers (posts, and the rows refused
on import), and the CSV / JSON Lines readers every format builds on (a scraper CSV is a CSV;
web and Research API exports are JSON).

Row numbers are the ones the user sees: in a CSV the header is row 1, so the first data row
is row 2, and a quoted newline does not shift the numbering; in a JSON array the 1-based item
index; in JSON Lines the line number (the item index when there are no blank lines).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from models.core.records import PostRecord, RejectedRow
from models.core.words import plural

CANONICAL_COLUMNS = (
    "post_id",
    "created_at",
    "caption",
    "hashtags",
    "views",
    "saves",
    "likes",
    "comments",
    "shares",
    "duration_s",
    "sound",
    "sound_title",
    "text_overlay",
    "creator_id",
)
# Optional, written only for a generated history (training/sample_data.py): ``true`` marks a
# synthetic post, which never enters a real creator's population. Absent means real.
SYNTHETIC_COLUMN = "synthetic"
CANONICAL_REQUIRED = ("post_id", "created_at", "caption", "views", "saves")
# Keys under which JSON exports wrap their list of posts (checked in this order).
WRAPPER_KEYS = ("itemList", "items", "data.videos", "videos", "data.items", "data", "posts")
_DELIMITERS = ",;\t|"

csv.field_size_limit(16 * 1024 * 1024)


# -- writing -------------------------------------------------------------------------------


def write_canonical_csv(records: Iterable[PostRecord], target: Path | str | IO[str]) -> None:
    """SPEC §1 canonical CSV: hashtags as ``#a #b``, times ISO 8601 with their offset.

    A history holding synthetic posts gets one more column, ``synthetic``; a real one is
    written exactly as the SPEC's columns.
    """
    if isinstance(target, str | Path):
        with Path(target).open("w", newline="", encoding="utf-8") as fh:
            write_canonical_csv(records, fh)
        return
    records = list(records)
    marked = any(r.synthetic for r in records)
    # CRLF rows (RFC 4180): the writer then quotes any caption holding a bare \r, which a
    # "\n" terminator would leave unquoted and a reader would split in two.
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow(CANONICAL_COLUMNS + ((SYNTHETIC_COLUMN,) if marked else ()))
    for r in records:
        writer.writerow(
            [
                r.post_id,
                r.created_at.date().isoformat() if r.date_only else r.created_at.isoformat(),
                r.caption,
                " ".join(f"#{t}" for t in r.hashtags),
                r.views,
                r.saves,
                _blank(r.likes),
                _blank(r.comments),
                _blank(r.shares),
                "" if r.duration_s is None else f"{r.duration_s:g}",
                _blank(r.sound),
                _blank(r.sound_title),
                "" if r.text_overlay is None else ("true" if r.text_overlay else "false"),
                _blank(r.creator_id),
            ]
            + (["true" if r.synthetic else "false"] if marked else [])
        )


def write_rejects_csv(rejected: Iterable[RejectedRow], repaired: Iterable[RejectedRow], target: Path) -> None:
    """Every refused row, then every row kept with a value dropped, as a CSV a spreadsheet opens."""
    with Path(target).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "column", "value", "reason", "outcome"])
        for outcome, rows in (("rejected", rejected), ("kept, value dropped", repaired)):
            writer.writerows([r.row, r.column or "", r.value or "", r.reason, outcome] for r in rows)


def canonical_csv_text(records: Iterable[PostRecord]) -> str:
    buffer = io.StringIO()
    write_canonical_csv(records, buffer)
    return buffer.getvalue()


def _blank(value: object) -> str:
    return "" if value is None else str(value)


# -- CSV -----------------------------------------------------------------------------------


def _delimiter(header_line: str) -> str:
    """The separator the header uses most: Excel in many locales writes ';', some tools tabs."""
    best = max(_DELIMITERS, key=header_line.count)
    return best if header_line.count(best) else ","


def first_line(text: str) -> list[str]:
    """The CSV header's column names, stripped and lower-cased ([] when unreadable)."""
    header_line = text.lstrip("\ufeff").split("\n", 1)[0]
    try:
        row = next(csv.reader([header_line], delimiter=_delimiter(header_line)), [])
    except csv.Error:
        return []
    return [c.strip().lower() for c in row]


def csv_rows(text: str) -> Iterator[tuple[int, list[str] | dict[str, str] | ValueError]]:
    """(row number, header list | row dict | ValueError), the header first as row 1.

    Blank lines are skipped but still counted, so numbers match the user's spreadsheet.
    """
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        return
    except csv.Error as exc:
        yield 1, ValueError(f"unreadable header: {exc}")
        return
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
            yield row_number, ValueError(f"{plural(len(row), 'cell')} for {plural(len(header), 'column')}")
            continue
        yield row_number, dict(zip(header, row, strict=False))


# -- JSON ----------------------------------------------------------------------------------


def flatten(obj: dict, prefix: str = "") -> dict[str, object]:
    """Nested objects to dotted keys (``stats.collectCount``); lists stay whole."""
    flat: dict[str, object] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def json_items(text: str) -> tuple[set[str], list[tuple[int, object]]]:
    """(the wrapper's keys, numbered items) of a JSON array, a wrapped list, or JSON Lines.

    A wrapper is an object holding the list under one of ``WRAPPER_KEYS`` (``itemList``,
    ``data.videos``, ...); its flattened keys are returned so a format can be recognised by
    them. A line of JSON Lines that does not parse comes back as a ``ValueError`` item.
    """
    stripped = text.strip().lstrip("\ufeff")
    if not stripped:
        return set(), []
    try:
        doc = json.loads(stripped)
    except (json.JSONDecodeError, RecursionError):
        doc = _NOT_JSON
    if doc is not _NOT_JSON:
        wrapper: set[str] = set()
        if isinstance(doc, dict):
            flat = flatten(doc)
            for key in WRAPPER_KEYS:
                if isinstance(flat.get(key), list):
                    wrapper = {k for k in flat if k != key} | {key}
                    doc = flat[key]
                    break
            else:
                doc = [doc]
        if isinstance(doc, list):
            return wrapper, list(enumerate(doc, start=1))
        return set(), [(1, ValueError(f"expected a list of posts, got {type(doc).__name__}"))]
    items: list[tuple[int, object]] = []
    for number, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append((number, json.loads(line)))
        except (json.JSONDecodeError, RecursionError) as exc:
            items.append((number, ValueError(f"not valid JSON: {getattr(exc, 'msg', exc)}")))
    return set(), items


_NOT_JSON = object()
