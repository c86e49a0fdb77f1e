"""Case and accent folding shared by the phrase data and the detectors."""

from __future__ import annotations

import unicodedata

# Combining marks of the Basic Multilingual Plane, deleted in one C-level str.translate.
_DROP_MARKS = {code: None for code in range(0x10000) if unicodedata.combining(chr(code))}


def fold(text: str) -> str:
    """Lower-case and strip accents (keeps emoji), so phrase lists need one spelling.

    Letters that are not accented forms (ø, æ, ı) stay as they are.
    """
    text = text.casefold()
    if text.isascii():
        return text
    text = text.replace("đ", "d").replace("’", "'")
    return unicodedata.normalize("NFKD", text).translate(_DROP_MARKS)


def lower(text: str) -> str:
    """Lower-case with accents kept, in one normal form: for phrases whose accents matter."""
    return unicodedata.normalize("NFC", text.casefold().replace("’", "'"))


def writes_accents(text: str) -> bool:
    """Whether the text has any letter outside ASCII (a caption typed with diacritics)."""
    return not text.isascii() and any(ch.isalpha() and not ch.isascii() for ch in text)
