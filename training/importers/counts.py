"""Counts as exports write them: 1200, "1,200", "1.234" (thousands), "1.2K", "37k", "3M", 12.0."""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation

_SUFFIX = {"k": 1_000, "m": 1_000_000, "b": 1_000_000_000}
# Digits grouped by thousands with ',', '.', a space or a no-break space: "1,234", "1.234.567".
_GROUPED_RE = re.compile(r"^\d{1,3}(?:([.,\u00a0\u202f ])\d{3})(?:\1\d{3})*$")
_PLAIN_RE = re.compile(r"^\d+(?:\.\d+)?$")
_SUFFIXED_RE = re.compile(r"^(?P<num>\d+(?:[.,]\d+)?)\s*(?P<suffix>[kmb])$", re.IGNORECASE)


def parse_count(value: object) -> int:
    """A non-negative whole count, or ``ValueError`` saying what is wrong with ``value``.

    A grouped number is read as thousands ("1.234" and "1,234" are both 1234); a suffixed
    one may have a fraction ("1.2K" is 1200, rounded to the nearest whole count).
    """
    if isinstance(value, bool):
        raise ValueError(f"expected a count, got {value!r}")
    if isinstance(value, int):
        if value < 0:
            raise ValueError(f"counts cannot be negative: {value}")
        return value
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ValueError(f"expected a count, got {value!r}")
        if value < 0:
            raise ValueError(f"counts cannot be negative: {value:g}")
        if not value.is_integer():
            raise ValueError(f"a count must be a whole number: {value:g}")
        return int(value)
    if value is None:
        raise ValueError("expected a count, got nothing")
    text = str(value).strip()
    if text.startswith("+"):
        text = text[1:].strip()
    if text.startswith(("-", "\u2212")):
        raise ValueError(f"counts cannot be negative: {text!r}")
    if not text:
        raise ValueError("expected a count, got an empty value")
    if _GROUPED_RE.match(text):
        return int(re.sub(r"\D", "", text))
    if _PLAIN_RE.match(text):
        number = Decimal(text)
        if number != number.to_integral_value():
            raise ValueError(f"a count must be a whole number: {text!r}")
        return int(number)
    match = _SUFFIXED_RE.match(text.replace(" ", ""))
    if not match:
        raise ValueError(f"not a count: {text[:40]!r} (use digits, or 1.2K / 3M)")
    try:
        number = Decimal(match["num"].replace(",", ".")) * _SUFFIX[match["suffix"].lower()]
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        raise ValueError(f"not a count: {text[:40]!r}") from None
    return int(number.to_integral_value())
