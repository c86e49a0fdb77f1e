"""Words in text that may not put spaces between them (Japanese, Chinese).

Spaces split words in every other language we read, and there these functions give what a
split on spaces gives. A run of kanji, kana or hanzi has no spaces to split on: it counts as
about one word per ``CJK_CHARS_PER_WORD`` characters, and its content words are taken to be
its runs of kanji or katakana (hiragana mostly writes particles and endings: "料理のコツを" →
"料理", "コツ"), a plain reading that needs no dictionary.
"""

from __future__ import annotations

import math
import re

# Hiragana, katakana (with the long-vowel mark), CJK ideographs (with the iteration mark 々),
# half-width katakana.
CJK_CHARS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\u3005"
CJK_RE = re.compile(f"[{CJK_CHARS}]")
_CJK_RUN_RE = re.compile(f"[{CJK_CHARS}]+")
# Content words inside a CJK run: kanji (with 々) or katakana (with ー), two or more characters
# or a single kanji.
_CONTENT_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005]+|[\u30a0-\u30ff\uff66-\uff9f]{2,}")
CJK_CHARS_PER_WORD = 2.5


def has_cjk(text: str) -> bool:
    return CJK_RE.search(text) is not None


def count_words(text: str) -> int:
    """Words in ``text``: its space-separated pieces, a piece with CJK counted by its length."""
    if not has_cjk(text):
        return len(text.split())
    total = 0
    for piece in text.split():
        runs = _CJK_RUN_RE.findall(piece)
        if not runs:
            total += 1
            continue
        rest = _CJK_RUN_RE.sub(" ", piece).split()
        total += sum(math.ceil(len(run) / CJK_CHARS_PER_WORD) for run in runs)
        total += sum(1 for word in rest if any(ch.isalnum() for ch in word))
    return total


def content_words(token: str) -> list[str]:
    """A token's content words: the token itself without CJK, else its kanji and katakana runs in order."""
    if not has_cjk(token):
        return [token]
    out: list[str] = []
    for part in re.split(f"([{CJK_CHARS}]+)", token):
        if not part:
            continue
        if has_cjk(part):
            out += _CONTENT_RE.findall(part)
        elif any(ch.isalnum() for ch in part):
            out.append(part)
    return out
