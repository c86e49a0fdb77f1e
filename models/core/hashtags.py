"""What a hashtag is, in one place: how it is found in a caption and how it is written down.

A tag is stored lower-cased (``casefold``), without its '#', in Unicode NFC: "#CàPhê" typed
with a combining accent and "#càphê" typed precomposed are the same tag wherever it comes
from (a caption, an export's hashtag column, a draft's list).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# A tag ends at a space or punctuation, Japanese's full-width marks too ("#料理、簡単" is #料理).
HASHTAG_RE = re.compile(r"#([^\s#@.,!?;:()\[\]{}\"'“”、。！？：（）「」『』【】・＃]+)", re.UNICODE)


def normalize_hashtag(tag: str) -> str:
    """``"#CàPhê "`` → ``"càphê"`` (NFC, case-folded, no '#', no surrounding space)."""
    return unicodedata.normalize("NFC", tag).strip().lstrip("#").strip().casefold()


def unique_hashtags(tags: Iterable[str]) -> tuple[str, ...]:
    """Normalised tags in first-seen order, without repeats or empties."""
    seen: dict[str, None] = {}
    for tag in tags:
        if normalized := normalize_hashtag(str(tag)):
            seen.setdefault(normalized, None)
    return tuple(seen)


def extract_hashtags(caption: str) -> tuple[str, ...]:
    """The hashtags written in a caption, normalised, in order, de-duplicated."""
    return unique_hashtags(HASHTAG_RE.findall(unicodedata.normalize("NFC", caption)))
