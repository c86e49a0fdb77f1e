"""Counts and lists in words: "1 post", "2 posts", "1,500 rows"; "a, b and c".

One helper each for every sentence a person reads.
"""

from __future__ import annotations

from collections.abc import Sequence


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 row", "2 rows", "0 rows"; ``many`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"


def joined(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c" (at least one item)."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
