"""A creator's clock: the IANA zone their history was read in (``--timezone``), else the offset
most of its timestamps carry. Every hour and weekday a creator reads is on it, and a clock that
is only UTC because nobody said otherwise says so, with how to set the zone.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta, timezone, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from models.core.records import PostRecord
from models.fit.history_stats import TimeCell


class CreatorModel(Protocol):
    """What a clock reads of a fitted model (``models.fit.creator_model`` imports this module)."""

    utc_offset_min_: int
    time_stats_: list[TimeCell]


SET_ZONE = "set yours with --timezone on train (e.g. Asia/Ho_Chi_Minh) or timezone= on the history upload"


def zone_of(records: Sequence[PostRecord]) -> str | None:
    """The IANA zone every record's time was put on by the importer (``read_history(timezone=...)``), or None."""
    keys = {getattr(r.created_at.tzinfo, "key", None) for r in records}
    (key,) = keys if len(keys) == 1 else (None,)
    return key


def offset_clock(utc_offset_min: int) -> timezone:
    return timezone(timedelta(minutes=utc_offset_min))


def model_clock(model: CreatorModel) -> tzinfo:
    """The zone stored with the model, else its history's usual offset (a model stored before zones: that)."""
    name = getattr(model, "timezone_", None)
    return ZoneInfo(name) if name else offset_clock(model.utc_offset_min_)


def hours_known(model: CreatorModel) -> bool:
    """Whether the history tells hours apart: its cells are hour blocks (``history_stats.time_stats``
    makes whole days of a history of dates). A model stored before dates were marked put every
    date-only post at midnight: a history whose only block is 00:00-03:00 is read as dates."""
    blocks = {c.block for c in model.time_stats_ if c.block is not None}
    return bool(blocks) and blocks != {0}


def utc_by_default(model: CreatorModel) -> bool:
    """No zone was given and the history's times are UTC: what it shows as "your time" is UTC
    (a history of dates alone shows no time, so has nothing to warn of)."""
    return not getattr(model, "timezone_", None) and model.utc_offset_min_ == 0 and hours_known(model)


def offset_text(minutes: int) -> str:
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def clock_name(model: CreatorModel) -> str:
    """ "Asia/Ho_Chi_Minh", or "UTC+07:00" for a history that only carries offsets, or "UTC"."""
    name = getattr(model, "timezone_", None)
    if name:
        return name
    return "UTC" if model.utc_offset_min_ == 0 else f"UTC{offset_text(model.utc_offset_min_)}"


def time_words(model: CreatorModel) -> str:
    """What every time shown is in: "your time, Asia/Ho_Chi_Minh", or "UTC (no time zone given; set yours ...)"."""
    if not hours_known(model):
        return "your days (your history has dates, not times)"
    if utc_by_default(model):
        return f"UTC, as your history gives no time zone: {SET_ZONE}"
    return f"your time, {clock_name(model)}"
