"""Counts in words: "1 post", "2 posts", "1,500 rows". One helper for every sentence a person reads."""

from __future__ import annotations


def plural(count: int, word: str, many: str | None = None) -> str:
    """ "1 row", "2 rows", "0 rows"; ``many`` for irregular plurals."""
    return f"{count:,} {word if count == 1 else (many or word + 's')}"
