"""Suggested wording for textual tips, in the draft's language and shaped by the draft.

A call to action for a list of five tips reads differently from one for a recipe, and a
Spanish draft gets a Spanish suggestion. The detector in ``signals`` recognises each of
these phrasings, so applying a suggestion changes the draft's signals as promised.

The how-to and problem openers never quote the draft: the tip puts them in front of the
caption, so "How to {topic}" would say the caption twice ("How to sunday meal prep, step by
step: Sunday meal prep"), and a topic cut from the caption's first words rarely fits the
template's grammar ("How to my cat did a thing lol"). A fixed opener in the draft's language
reads right before a plain first line; where it cannot (a question, a "POV: ..." line) no
rewrite is offered and the tip describes the change instead (``opened_with``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from models.text.language import DATA, LANGUAGES
from models.text.language.folding import fold, lower, writes_accents
from models.text.language.identify import language_of
from models.text.language.universal import QUESTION_MARKS, TAG_OR_MENTION_RE
from models.text.language.words import has_cjk
from models.text.signals import detect_signals

_NUMBER_RE = re.compile(r"(?<!\w)(\d{1,2})(?!\w)")
_LEADING_NUMBER_RE = re.compile(r"\s*(\d{1,2})\s+[^\W\d_]", re.UNICODE)


# The language to write in when a draft is too short to tell (empty, one word, emoji): the
# creator's usual language, set by scoring for the creator at hand (``writing_for``).
_FALLBACK_LANGUAGE: ContextVar[str] = ContextVar("fallback_language", default="en")


@contextmanager
def writing_for(language: str | None) -> Iterator[None]:
    """Within this block, a draft too short to identify is written to in ``language``."""
    token = _FALLBACK_LANGUAGE.set(language if language in LANGUAGES else "en")
    try:
        yield
    finally:
        _FALLBACK_LANGUAGE.reset(token)


def guess_language(text: str) -> str:
    """The caption's language among those we write in; when too short to tell, the creator's usual one."""
    return language_of(text, default=_FALLBACK_LANGUAGE.get())


def _fits_list_template(caption: str, number: re.Match[str], fits: frozenset[str] | None) -> bool:
    """Whether the words after the number include a noun the language's list template agrees with
    ("Guarda estos 3" fits "3 consejos", not "3 recetas"). Accents count when the caption has them."""
    if fits is None:
        return True
    after = caption[number.end(1) :].split()[:3]
    if writes_accents(caption):
        return any(lower(w).strip(".,:!?") in fits for w in after)
    return any(fold(w).strip(".,:!?") in {fold(f) for f in fits} for w in after)


def save_cta_for(caption: str) -> str:
    """A call to save that fits the draft: a list, a how-to, or anything else."""
    data = DATA[guess_language(caption)]
    templates = data.save_cta
    signals = detect_signals(caption)
    number = _LEADING_NUMBER_RE.match(caption) or (_NUMBER_RE.search(caption) if signals.has_number_list else None)
    if number and _fits_list_template(caption, number, data.list_fits):
        return templates["list"].format(n=number.group(1))
    if signals.informative:
        return templates["steps"]
    plain = templates["plain"]
    if isinstance(plain, str):
        return plain
    # Stable per draft, so the same caption always gets the same suggestion.
    return plain[zlib.crc32(caption.encode()) % len(plain)]


def question_for(caption: str) -> str:
    """A question for the viewers, about the steps when the draft teaches something."""
    question = DATA[guess_language(caption)].question
    return question["informative" if detect_signals(caption).informative else "plain"]


def how_to_for(caption: str) -> str:
    """An opener that frames the draft as a how-to (put before the caption)."""
    return DATA[guess_language(caption)].how_to_opener


def problem_for(caption: str) -> str:
    """An opener that says the draft solves a problem (put before the caption)."""
    return DATA[guess_language(caption)].problem_opener


def _has_words(text: str) -> bool:
    return any(ch.isalpha() for ch in TAG_OR_MENTION_RE.sub(" ", text))


def _split_tags(caption: str) -> tuple[str, str]:
    """(the caption's text, its trailing hashtags); a comma or colon left hanging at the text's end is dropped."""
    match = re.search(r"(\s*(?:#\S+\s*)+)$", caption)
    body, tags = (caption[: match.start()], match.group(1).strip()) if match else (caption, "")
    return re.sub(r"\s*[,;:–—-]+$", "", body.rstrip()), tags


def _lead_phrases() -> tuple[str, ...]:
    """Every language's how-to phrases and openers, folded: words a first line can already open with."""
    out = set()
    for data in DATA.values():
        out.update(data.phrases["informative"])
        out.update(fold(p) for p in data.exact["informative"])
        out.update(fold(o).rstrip(" :") for o in (data.how_to_opener, data.problem_opener) if o)
    return tuple(sorted(p.strip() for p in out if p.strip()))


_LEAD_PHRASES = _lead_phrases()


def opens_as_lead(line: str) -> bool:
    """Whether a line already opens as a lead-in or heading ("How to …", "Sådan …", "Cách làm …")."""
    folded = fold(line).lstrip(" \t\"'“”*•-–—>👉")
    for phrase in _LEAD_PHRASES:
        if folded.startswith(phrase):
            rest = folded[len(phrase) :]
            if not rest or not rest[0].isalnum() or not phrase[-1].isalnum():
                return True
    return False


def opened_with(caption: str, opener: str, joiner: str) -> str | None:
    """The caption with ``opener`` in front, or None where the opener cannot fit its grammar.

    An opener is a lead-in ("Here's the easy fix:"), so it needs a plain first line to lead
    into. It does not fit before a question (the fix would come before the problem is asked)
    nor before a first line that already has a colon ("POV: ...", "Meal prep: five lunches"
    would become "Here's how: Meal prep: five lunches"), nor before a first line that already
    opens as a lead or heading ("Here's the easy fix: How to …"). The tip then describes the
    change instead. A caption with no words (empty, emoji, hashtags) gets the opener as its words.
    """
    body = caption.strip()
    if not _has_words(body):
        lead = opener.rstrip(" :")
        return f"{lead} {body}" if body else lead
    first_line = TAG_OR_MENTION_RE.sub(" ", body).strip().split("\n", 1)[0]
    colon = ":" in first_line or "：" in first_line  # Japanese types a full-width colon
    if colon or any(mark in first_line for mark in QUESTION_MARKS) or opens_as_lead(first_line):
        return None
    text, tags = _split_tags(body)
    return f"{opener}{joiner}{text} {tags}".strip()


def append_sentence(caption: str, sentence: str) -> str:
    """Add a sentence before any trailing hashtags, so the caption still ends with its tags.

    A caption that ends mid-sentence ("Rice bowls", "Rice bowls,", "Top 5:") gets a full
    stop first, so the added sentence neither runs on from it nor follows a comma. A caption
    written in lines (a list) gets the sentence on a line of its own.
    """
    body, tags = _split_tags(caption)
    if "\n" in body:
        joined = f"{body}\n{sentence}"
    elif body and has_cjk(body[-1]):  # Japanese ends a sentence with 。 and puts no space after it
        joined = f"{body}。{sentence}"
    else:
        if body and body[-1].isalnum():
            body += "."
        joined = f"{body} {sentence}".strip() if body else sentence
    return f"{joined} {tags}".strip()
