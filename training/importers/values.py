"""Parsers for the values real exports carry: mixed dates, "8.98s" durations, yes/no, hashtag
lists in every spelling, audio types. Counts ("1.2K") are in ``counts``.

Each parser takes the raw value and returns the canonical one, or raises ``ValueError``
with a message a creator can act on. ``None`` and blank strings mean "not given".
"""

from __future__ import annotations

import ast
import json
import math
import re
import unicodedata
from datetime import UTC, datetime, tzinfo

from models.core.hashtags import unique_hashtags
from training.importers.counts import parse_count

__all__ = [
    "parse_bool",
    "parse_count",
    "parse_created_at",
    "parse_datetime",
    "parse_duration",
    "parse_hashtags",
    "parse_known_sound",
    "parse_sound",
]
_DICT_NAME_RE = re.compile(r"""['"](?:name|hashtagName|title)['"]\s*:\s*['"]([^'"]+)['"]""")
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}
_SOUNDS = {
    "original": "original",
    "trending": "trending",
    "licensed": "licensed",
    "voiceover": "voiceover",
    "voice-over": "voiceover",
    "voice over": "voiceover",
    "commercial": "licensed",
}
# How TikTok names a creator's own audio ("original sound - <name>") in the languages seen.
ORIGINAL_SOUND_PREFIXES = (
    "original sound",
    "originalton",
    "son original",
    "sonido original",
    "som original",
    "suono originale",
    "origineel geluid",
    "orijinal ses",
    "suara asli",
    "âm thanh gốc",
    "nhạc nền",
    "оригинальный звук",
    "原声",
    "オリジナル楽曲",
    "오리지널 사운드",
)


def blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Numeric dates whose order the value alone cannot tell: 05/01/2025 is 5 January or 1 May.
_NUMERIC_DATE_RE = re.compile(r"\s*(\d{1,2})([/.\-])(\d{1,2})\2(\d{2}|\d{4})(?!\d)")
DATE_ORDERS = ("dayfirst", "monthfirst")


def date_order_needed(value: object) -> str | None:
    """ "dayfirst" when a numeric date can only be day-first (25/01/2025), "monthfirst" when only
    month-first (01/25/2025), None when it says nothing (05/01/2025, ISO 8601, Unix seconds)."""
    if not isinstance(value, str):
        return None
    match = _NUMERIC_DATE_RE.match(value)
    if not match:
        return None
    first, second = int(match.group(1)), int(match.group(3))
    if first > 12 >= second:
        return "dayfirst"
    if second > 12 >= first:
        return "monthfirst"
    return None


def ambiguous_date(value: object) -> bool:
    """A numeric date that reads as two different days (05/01/2025, not 05/05/2025 nor 25/01/2025)."""
    if not isinstance(value, str):
        return False
    match = _NUMERIC_DATE_RE.match(value)
    return (
        bool(match)
        and int(match.group(1)) != int(match.group(3))
        and max(int(match.group(1)), int(match.group(3))) <= 12
    )


def _formats(order: str) -> tuple[str, ...]:
    d, m = ("%d", "%m") if order == "dayfirst" else ("%m", "%d")
    numeric = tuple(
        f"{d}{sep}{m}{sep}{year}{clock}"
        for sep in "/-"
        for year in ("%Y", "%y")
        for clock in (" %I:%M %p", " %I:%M:%S %p", " %H:%M", " %H:%M:%S", "")
    )
    # Dots are day-first wherever they are written (de, da, nl, ru ...).
    dotted = ("%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y", "%d.%m.%y")
    return (*numeric, *dotted, "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d")


def parse_datetime(value: object, time_of_day: object = None, *, order: str = "monthfirst") -> datetime:
    """Unix seconds (or ms), ISO 8601, "2026-04-22 18:24:41", or "7/29/19" + "11:30 AM".

    A timestamp without an offset is taken as UTC. ``order`` reads numeric dates day-first or
    month-first; the reader decides it once per column (``date_order_needed``).
    """
    return parse_created_at(value, time_of_day, order=order)[0]


def parse_created_at(
    value: object, time_of_day: object = None, *, order: str = "monthfirst", zone: tzinfo | None = None
) -> tuple[datetime, bool]:
    """(the moment, whether it has a time of day): a date alone ("2026-03-16") is not midnight.

    A wall time without an offset (Studio's "11:30 AM") is read on ``zone`` when given (the
    creator's own clock, as they typed it), else as UTC.
    """
    if isinstance(value, bool):
        raise ValueError(f"not a date: {value!r}")
    if isinstance(value, int | float) or (isinstance(value, str) and re.fullmatch(r"\d{9,13}(\.\d+)?", value.strip())):
        seconds = float(value)
        if seconds > 1e11:  # milliseconds
            seconds /= 1000.0
        return datetime.fromtimestamp(seconds, tz=UTC), True
    text = str(value).strip()
    if not blank(time_of_day):
        text = f"{text} {str(time_of_day).strip()}"
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        timed = len(text) > 10
    except ValueError:
        parsed, timed = None, False
        for fmt in _formats(order):
            try:
                parsed = datetime.strptime(text, fmt)
            except ValueError:
                continue
            timed = "%H" in fmt or "%I" in fmt
            break
        if parsed is None:
            raise ValueError(f"not a date: {text!r} (use ISO 8601 with an offset, or Unix seconds)") from None
    return (parsed if parsed.tzinfo else parsed.replace(tzinfo=zone or UTC)), timed


def parse_duration(value: object) -> float:
    """Seconds: 12, "8.98s", "1:05"."""
    text = str(value).strip().lower().rstrip("s").strip()
    if ":" in text:
        parts = text.split(":")
        try:
            seconds = sum(float(p) * 60**i for i, p in enumerate(reversed(parts)))
        except ValueError:
            raise ValueError(f"not a duration: {value!r}") from None
    else:
        try:
            seconds = float(text)
        except ValueError:
            raise ValueError(f"not a duration: {value!r} (seconds, e.g. 12.5)") from None
    if not seconds > 0 or math.isinf(seconds):
        raise ValueError(f"a duration must be positive: {value!r}")
    return seconds


def parse_bool(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"not true/false: {value!r}")


def _tag_names(items: list) -> list[str]:
    names = []
    for item in items:
        if isinstance(item, dict):
            name = item.get("name") or item.get("hashtagName") or item.get("title") or ""
        else:
            name = str(item)
        names.append(name)
    return names


def parse_hashtags(value: object) -> tuple[str, ...]:
    """``#a #b``, ``a,b``, a JSON list, a list of {"name": ...} objects, or their Python-literal text."""
    if isinstance(value, list | tuple):
        raw = _tag_names(list(value))
    else:
        text = str(value).strip()
        raw = None
        if text.startswith("["):
            for loader in (json.loads, ast.literal_eval):
                try:
                    loaded = loader(text)
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue
                if isinstance(loaded, list):
                    raw = _tag_names(loaded)
                    break
        if raw is None and _DICT_NAME_RE.search(text):
            raw = _DICT_NAME_RE.findall(text)
        if raw is None:
            raw = re.split(r"[,\s;]+", text)
    return unique_hashtags(raw)


def parse_sound(value: object) -> str | None:
    """Audio type when recognisable; ``musicOriginal``-style booleans map to original/licensed."""
    if isinstance(value, bool):
        return "original" if value else "licensed"
    text = str(value).strip().lower()
    if text in _SOUNDS:
        return _SOUNDS[text]
    if text in _TRUE | _FALSE:
        return "original" if text in _TRUE else "licensed"
    return sound_from_title(text)


def parse_known_sound(value: object) -> str:
    """A draft's sound, which must be one we know (a history keeps an unknown one as its title)."""
    sound = parse_sound(value)
    if sound is None:
        raise ValueError(f"unknown sound {value!r}: use original, trending, licensed or voiceover")
    return sound


def sound_from_title(title: object) -> str | None:
    """ "original sound - <creator>" (in any of the languages above) is the creator's own audio;
    any other title could be trending or licensed, so it says nothing."""
    text = unicodedata.normalize("NFC", str(title)).strip().casefold()
    return "original" if text.startswith(ORIGINAL_SOUND_PREFIXES) else None
