"""Captions made readable for a list: one line, no invisible characters or escape sequences, cut between words.

Themes keep their example captions this way, and the CLI and the themes tip show them so.
"""

from __future__ import annotations

import ast
import re

EXAMPLE_CHARS = 160  # a theme's example caption, at most

# Invisible characters that only ever show up as "\u200b" garbage when a caption is printed.
_INVISIBLE_RE = re.compile("[\u200b\u200c\u200e\u200f\u2060\ufeff\u00ad]")
# A joiner is part of an emoji sequence ("👩‍🍳") only between two visible non-letters.
_STRAY_JOINER_RE = re.compile(r"(?:(?<=[\s\w])|^)\u200d|\u200d(?=[\s\w]|$)", re.UNICODE)
_ESCAPE_RE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|U([0-9a-fA-F]{8})|([ntr]))")


def clean_caption(text: str, limit: int = EXAMPLE_CHARS) -> str:
    """A caption as a person should read it in a list: one line, at most ``limit`` characters.

    A caption stored as a Python list ("['Bún bò', '#hue']") is read as its items; escape
    sequences written out as text ("\\n", "\\u200d") become what they stand for; invisible
    characters go; a long caption is cut at a word (never inside a word or a hashtag) with "…".
    """
    text = text.strip()
    if text.startswith("[") and text.endswith("]"):
        try:
            items = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            items = None
        if isinstance(items, list) and all(isinstance(i, str) for i in items):
            text = " ".join(items)
    text = _ESCAPE_RE.sub(_unescape, text)
    text = _STRAY_JOINER_RE.sub("", _INVISIBLE_RE.sub("", text))
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:–—-") + "…"


def _unescape(match: re.Match[str]) -> str:
    if match.group(3):
        return " "  # \n, \t, \r: a line break read as a space
    try:
        return chr(int(match.group(1) or match.group(2), 16))
    except ValueError:  # beyond Unicode: leave it as written
        return match.group(0)
