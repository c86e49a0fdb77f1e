"""History importers: every supported export in, canonical records and rejected rows out.

read_history(path_or_bytes, fmt="auto", creator_id=None, strict=False) -> HistoryRead
write_canonical_csv(records, path_or_stream)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

from models.records import HistoryRead, PostRecord, RejectedRow
from training.importers.reader import (
    FORMATS,
    ImportError_,
    NoUsableRows,
    StrictModeError,
    decode,
    detect_format,
    now_utc,
    read_text,
)
from training.importers.values import parse_count

__all__ = [
    "CANONICAL_COLUMNS",
    "FORMATS",
    "ImportError_",
    "NoUsableRows",
    "StrictModeError",
    "detect_format",
    "parse_count",
    "read_history",
    "write_canonical_csv",
]

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


def read_history(
    sources: Path | str | bytes | Sequence[Path | str],
    *,
    fmt: str = "auto",
    creator_id: str | None = None,
    strict: bool = False,
    now: datetime | None = None,
) -> HistoryRead:
    """Read one or more history files (or raw bytes) into records, keeping every rejected row.

    Raises ``NoUsableRows`` when nothing usable is found, ``StrictModeError`` on the first
    bad row when ``strict``.
    """
    now = now or now_utc()
    if isinstance(sources, bytes | bytearray):
        parts = [("", bytes(sources))]
    elif isinstance(sources, str | Path):
        parts = [("", Path(sources).read_bytes())]
    else:
        many = len(sources) > 1
        parts = [(Path(s).name if many else "", Path(s).read_bytes()) for s in sources]
    records: list[PostRecord] = []
    rejected: list[RejectedRow] = []
    repaired: list[RejectedRow] = []
    formats = []
    for label, data in parts:
        read = read_text(decode(data), fmt, creator_id=creator_id, strict=strict, now=now, label=label)
        records.extend(read.records)
        rejected.extend(read.rejected)
        repaired.extend(read.repaired)
        formats.append(read.source_format)
    if not records:
        raise NoUsableRows(
            f"no usable post in the history ({len(rejected)} rows rejected)"
            + (f"; first problem: row {rejected[0].row}: {rejected[0].reason}" if rejected else ""),
            tuple(rejected),
        )
    records.sort(key=lambda r: r.created_at)
    return HistoryRead(
        records=tuple(records),
        rejected=tuple(rejected),
        repaired=tuple(repaired),
        source_format=",".join(dict.fromkeys(formats)),
    )


def write_canonical_csv(records: Iterable[PostRecord], target: Path | str | IO[str]) -> None:
    """SPEC §1 canonical CSV: hashtags as ``#a #b``, times ISO 8601 with their offset."""
    if isinstance(target, str | Path):
        with Path(target).open("w", newline="", encoding="utf-8") as fh:
            write_canonical_csv(records, fh)
        return
    # CRLF rows (RFC 4180): the writer then quotes any caption holding a bare \r, which a
    # "\n" terminator would leave unquoted and a reader would split in two.
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow(CANONICAL_COLUMNS)
    for r in records:
        writer.writerow(
            [
                r.post_id,
                r.created_at.isoformat(),
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
        )


def _blank(value: object) -> str:
    return "" if value is None else str(value)


def canonical_csv_text(records: Iterable[PostRecord]) -> str:
    buffer = io.StringIO()
    write_canonical_csv(records, buffer)
    return buffer.getvalue()
