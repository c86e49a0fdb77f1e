"""Pure caption detectors for the guide's levers.

Phrase lists live in ``models.text.language`` (one data module per language: English, Spanish,
Portuguese, French, German, Italian, Indonesian, Vietnamese, Turkish, Danish). Each caption's
language is identified first and only the plausible languages' phrases (plus English, which
TikTok borrows everywhere) are read, so a Spanish "sin" or a Vietnamese "tag" does not fire
on an English caption; captions too short to identify are read with every list. Matching is
on case- and accent-folded text, so "lưu lại" and "luu lai" both count. A caption in another
language still gets the language-free signals: question marks, hashtags, mentions, emoji,
numbers and length (what they look like is in ``models.text.language.universal``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import msgspec

from models.core.hashtags import HASHTAG_RE
from models.core.levers import LEVERS
from models.text.language import DATA, LANGUAGES, LEVER_WORDS
from models.text.language.folding import fold, lower, writes_accents
from models.text.language.identify import plausible_languages
from models.text.language.universal import EMOJI_RE, MENTION_RE, QUESTION_MARKS, SAVE_EMOJI
from models.text.language.words import CJK_CHARS, count_words

# "5 tips", "3 easy steps", "3 bước": a number, up to two words, then a list noun (any language).
# Japanese writes no spaces ("おすすめ5選です"): there a kana or kanji may touch the number and the noun.
_LIST_NOUNS = sorted({n for d in DATA.values() for n in d.list_nouns}, key=len, reverse=True)
NUMBER_LIST_RE = re.compile(
    rf"(?<![^\W{CJK_CHARS}])(\d{{1,2}})\s*(?:\w+\s+){{0,2}}?(?:"
    + "|".join(re.escape(n) for n in _LIST_NOUNS)
    + rf")(?:\b|(?<=[{CJK_CHARS}]))",
    re.IGNORECASE | re.UNICODE,
)


def _suggestion_patterns() -> dict[str, re.Pattern[str]]:
    """Per language, one pattern matching any sentence its templates in ``text.language`` write ({n} is a number)."""
    out = {}
    for code, data in DATA.items():
        openers = (data.how_to_opener, data.problem_opener)
        # An opener is also written without its colon, as a caption's only words.
        sentences = [*openers, *(o.rstrip(" :") for o in openers), *data.question.values()]
        for value in data.save_cta.values():
            sentences += [value] if isinstance(value, str) else list(value)
        parts = sorted({re.escape(s).replace(re.escape("{n}"), r"\d{1,3}") for s in sentences}, key=len, reverse=True)
        out[code] = re.compile("|".join(parts))
    return out


# A tip's variant is the draft plus one of these sentences: read apart from the draft's own words.
_SUGGESTIONS = _suggestion_patterns()


_CAPTION_LEVERS = tuple(lever for lever in LEVERS if lever.words)
# The language-free marks a lever can be shown by besides its words (``Lever.also``).
_MARKS = ("save_emoji", "number_list", "question", "has_mentions")
if unknown := sorted({m for lever in LEVERS for m in lever.also} - set(_MARKS)):
    raise ValueError(f"models/core/levers.py names marks no detector finds: {', '.join(unknown)}")
_ALSO = {lever.name: lever.also for lever in LEVERS}
# What a client highlights for a mark, character by character (a mention or a list is not marked).
_MARK_CHARACTERS = {"save_emoji": SAVE_EMOJI, "question": QUESTION_MARKS}

# What a caption does, in the guide's terms: one flag per caption lever of ``models.core.levers``
# (``signals.save_cta``), then the language-free signs and plain counts.
CaptionSignals = msgspec.defstruct(
    "CaptionSignals",
    [
        *((lever.name, bool) for lever in _CAPTION_LEVERS),
        ("question", bool),
        ("n_mentions", int),
        ("n_hashtags", int),
        ("n_emoji", int),
        ("n_words", int),
        ("n_chars", int),
        ("has_number_list", bool),
    ],
    frozen=True,
    kw_only=True,
    module=__name__,
)


def _alternation(phrases) -> re.Pattern[str] | None:
    phrases = sorted(set(phrases), key=len, reverse=True)
    return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None


@lru_cache(maxsize=1024)
def _lever_matcher(lever: str, languages: tuple[str, ...], accents: bool):
    """One compiled matcher per lever and language set: (folded, exact, false friends, patterns).

    ``accents``: the caption is written with diacritics, so accent-sensitive phrases must match
    as written; without them they match folded like the rest.
    """
    data = [DATA[lang] for lang in languages]
    folded = [p for d in data for p in d.phrases[lever]]
    exact = [p for d in data for p in d.exact[lever]]
    if not accents:
        folded, exact = folded + [fold(p) for p in exact], []
    return (
        _alternation(folded),
        _alternation(exact),
        _alternation(p for d in data for p in d.false_friends.get(lever, ())),
        tuple(p for d in data for p in d.patterns.get(lever, ())),
    )


class _Text:
    """A caption's text in the forms the matchers read, with the languages to read it in."""

    __slots__ = ("accents", "folded", "languages", "lowered")

    def __init__(self, text: str, languages: tuple[str, ...] | None):
        self.folded = fold(text)
        self.lowered = lower(text)
        self.accents = writes_accents(text)
        self.languages = languages or LANGUAGES


def _found(text: _Text, lever: str) -> list[str]:
    """The lever's phrases (folded) found in the text; false friends removed first."""
    folded_re, exact_re, false_re, patterns = _lever_matcher(lever, text.languages, text.accents)
    folded = false_re.sub(" ", text.folded) if false_re is not None else text.folded
    found = folded_re.findall(folded) if folded_re is not None else []
    if exact_re is not None:
        found += [fold(m) for m in exact_re.findall(text.lowered)]
    found += [m.group(0).strip(" .!?:;\n") for p in patterns for m in p.finditer(folded)]
    return found


def _has(text: _Text, lever: str) -> bool:
    folded_re, exact_re, false_re, patterns = _lever_matcher(lever, text.languages, text.accents)
    if false_re is None:  # the common case: one scan
        return (
            (folded_re is not None and folded_re.search(text.folded) is not None)
            or (exact_re is not None and exact_re.search(text.lowered) is not None)
            or any(p.search(text.folded) for p in patterns)
        )
    return bool(_found(text, lever))


def strip_for_meaning(caption: str) -> str:
    """The caption's content: hashtags, mentions, save calls and our own suggested sentences removed.

    The embedding sees this, so the explicit levers (a save CTA, a hashtag, a how-to opener
    a tip wrote) are carried by their own features, and a counterfactual that adds them has
    exactly the draft's embedding: applying a tip and re-scoring moves the score by the
    tip's stated impact.
    """
    languages = _languages(caption)
    text = caption
    for pattern in _SUGGESTIONS.values():
        text = pattern.sub(" ", text)
    text = HASHTAG_RE.sub(" ", text)
    text = MENTION_RE.sub(" ", text)
    for emoji in SAVE_EMOJI:
        text = text.replace(emoji, " ")
    # Japanese ends a sentence with 。！？ and no space after it.
    sentences = re.split(r"(?<=[.!?\n])\s+|(?<=[。！？])\s*", text)
    kept = [s for s in sentences if not _has(_Text(s, languages), "save_cta")]
    # The joints a suggestion leaves (an opener's colon, the full stop before an appended
    # sentence) are not content either.
    return " ".join(" ".join(kept).split()).strip(" .:;,-–—。")


@lru_cache(maxsize=65_536)
def detect_signals(caption: str) -> CaptionSignals:
    """Detect the guide's levers in one caption (pure; cached because drafts repeat)."""
    body = HASHTAG_RE.sub(" ", caption)
    # Phrases are read from the text, not the hashtags (#easyrecipes is no how-to).
    text = _Text(body, _languages(caption))
    number_list = bool(NUMBER_LIST_RE.search(text.folded))
    question = any(mark in caption for mark in QUESTION_MARKS)
    mentions = MENTION_RE.findall(caption)
    marks = {
        "save_emoji": any(e in caption for e in SAVE_EMOJI),
        "number_list": number_list,
        "question": question,
        "has_mentions": bool(mentions),
    }
    return CaptionSignals(
        **{lever.name: any(marks[m] for m in lever.also) or _has(text, lever.name) for lever in _CAPTION_LEVERS},
        question=question,
        n_mentions=len(mentions),
        n_hashtags=len(HASHTAG_RE.findall(caption)),
        n_emoji=len(EMOJI_RE.findall(caption)),
        n_words=count_words(body),
        n_chars=len(body.strip()),
        has_number_list=number_list,
    )


@lru_cache(maxsize=65_536)
def _languages(caption: str) -> tuple[str, ...] | None:
    """The plausible languages of a caption; a sentence our suggestions wrote counts as its own.

    A tip's variant is the draft plus one of our sentences: identifying the rest hits the
    draft's cached language instead of running the model again, and the sentence's own
    language is always read, so an applied suggestion is detected whatever the mix.
    """
    rest, written = caption, []
    for lang, pattern in _SUGGESTIONS.items():
        if pattern.search(rest):
            rest, written = pattern.sub(" ", rest), [*written, lang]
    languages = plausible_languages(rest)
    if not written or languages is None:
        return languages
    return tuple(sorted({*languages, *written}))


def caption_languages(caption: str) -> tuple[str, ...]:
    """The languages whose phrases are read for this caption (all of them when too short to tell)."""
    return _languages(caption) or LANGUAGES


def _mapped(text: str, form) -> tuple[str, list[int], list[int]]:
    """``form`` (``fold`` or ``lower``) applied one character (with its combining marks) at a
    time, and for each character of the result where in ``text`` it came from (start, end).

    Folding changes lengths ("ß" -> "ss", "é" written as two code points -> "e"), so a match
    in the folded text is mapped back through these to the caption as written.
    """
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        piece = form(text[i:j])
        out.append(piece)
        starts += [i] * len(piece)
        ends += [j] * len(piece)
        i = j
    return "".join(out), starts, ends


def _blank(pattern: re.Pattern[str] | None, text: str) -> str:
    """``text`` with ``pattern``'s matches turned into spaces of the same length (offsets kept)."""
    return text if pattern is None else pattern.sub(lambda m: " " * len(m.group(0)), text)


def _every_match(pattern: re.Pattern[str] | None, text: str) -> list[tuple[int, int]]:
    """Each place ``pattern`` matches, overlapping ones too ("nhớ lưu" and "lưu lại" in "nhớ lưu lại")."""
    found = []
    at = 0
    while pattern is not None and (m := pattern.search(text, at)) is not None:
        if m.end() > m.start():
            found.append(m.span())
        at = m.start() + 1
    return found


def match_spans(caption: str, lever: str) -> list[tuple[int, int]]:
    """Where the caption as written shows ``lever``: (start, end) offsets in code points, sorted.

    The same phrases ``matched_phrases`` returns folded, located in the caption itself, so a
    client can mark "lưu lại" in a Vietnamese caption although the match was made on "luu lai".
    Hashtags are not read (as in ``detect_signals``); overlapping spans are joined.
    """
    body = _blank(HASHTAG_RE, caption)
    spans: list[tuple[int, int]] = []
    if lever in LEVER_WORDS:
        text = _Text(body, _languages(caption))
        folded_re, exact_re, false_re, patterns = _lever_matcher(lever, text.languages, text.accents)
        folded, starts, ends = _mapped(body, fold)
        folded = _blank(false_re, folded)
        found = _every_match(folded_re, folded)
        for pattern in patterns:
            for m in pattern.finditer(folded):
                # As ``_found``: the pattern's match without the punctuation around it.
                word = m.group(0)
                lead = len(word) - len(word.lstrip(" .!?:;\n"))
                trail = len(word) - len(word.rstrip(" .!?:;\n"))
                if m.end() - trail > m.start() + lead:
                    found.append((m.start() + lead, m.end() - trail))
        spans += [(starts[a], ends[b - 1]) for a, b in found if b > a]
        if exact_re is not None:
            lowered, starts, ends = _mapped(body, lower)
            spans += [(starts[a], ends[b - 1]) for a, b in _every_match(exact_re, lowered)]
    # The lever's marks (a mark asked for is its own), where a client can see them.
    marks = [c for m in _ALSO.get(lever, (lever,)) for c in _MARK_CHARACTERS.get(m, ())]
    for mark in marks:
        at = caption.find(mark)
        while at >= 0:
            spans.append((at, at + len(mark)))
            at = caption.find(mark, at + len(mark))
    # Each place once: a span inside a longer one ("save" within "save this") is dropped, and
    # overlapping ones are joined, so a client marks each character at most once.
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if kept and start < kept[-1][1]:
            kept[-1] = (kept[-1][0], max(end, kept[-1][1]))
        else:
            kept.append((start, end))
    return kept


def matched_phrases(caption: str, lever: str) -> list[str]:
    """The (folded) phrases of a lever found in the caption's text, for highlighting."""
    found = []
    if lever in LEVER_WORDS:
        found = [p.strip() for p in _found(_Text(HASHTAG_RE.sub(" ", caption), _languages(caption)), lever)]
    also = _ALSO.get(lever, ())
    if "save_emoji" in also:
        found += [e for e in SAVE_EMOJI if e in caption]
    if "question" in also and "?" in caption:
        found.append("?")
    # Longest first, once each, and drop phrases inside a longer match ("save" within "save this").
    found = sorted(dict.fromkeys(found), key=len, reverse=True)
    return [p for i, p in enumerate(found) if p and not any(p in longer for longer in found[:i])]
