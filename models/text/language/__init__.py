"""Phrase lists and suggestion templates: one data module per language, read here.

Each module (``en.py``, ``vi.py``, ...) is data only, written as people type it (accents,
capitals); this package folds it once for matching. Language-free marks (save emoji,
question marks, mentions) are in ``universal.py``. The names a language module sets:

- each caption lever's phrases, under the name its entry in ``models.core.levers`` gives (``SAVE_CTA``,
  ``INFORMATIVE``, ``PROBLEM``, ``ENGAGE``, ``COLLAB``: "save this", "how to", "tired of", "comment", "with @").
- ``FALSE_FRIENDS`` (optional): per lever, text that looks like the lever but is not,
  removed before matching ("lưu lại kỷ niệm" keeps a memory, it asks nobody to save).
- ``EXACT_ACCENTS`` (optional): phrases that only match as written when the caption has diacritics.
- ``PATTERNS`` (optional): per lever, regular expressions on folded text.
- ``LIST_NOUNS``: nouns that make "5 ___" a list of tips ("5 easy tips", "3 steps").
- ``DANGLING``: words a phrase we write never ends on ("five lunches for" is cut off).
- ``SAVE_CTA_TEMPLATES``: the call to save we suggest, for a list (``{n}`` is its number),
  for steps, and for anything else (one sentence, or several picked per draft).
- ``LIST_TEMPLATE_FITS`` (optional): the list nouns the list call agrees with; without it, any.
- ``QUESTION_TEMPLATES``: the question for viewers, for a draft that teaches and for any other.
- ``HOW_TO_OPENER``, ``PROBLEM_OPENER``: lead-ins put before the caption (joined with ": " or
  " "), so they never repeat its words.
- ``STOPWORDS``: one string of words, separated by spaces, too common to name a theme.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field

from models.core.levers import LEVERS
from models.text.language.folding import fold, lower

LANGUAGES = ("en", "es", "pt", "fr", "de", "it", "id", "vi", "tr", "da", "ja")
# Each caption lever, and the name its phrases go by in a language module.
LEVER_WORDS = {lever.name: lever.words for lever in LEVERS if lever.words}


@dataclass(frozen=True)
class LanguageData:
    code: str
    phrases: dict[str, tuple[str, ...]]  # lever -> folded phrases
    exact: dict[str, tuple[str, ...]]  # lever -> phrases with accents, matched as written
    false_friends: dict[str, tuple[str, ...]]  # lever -> folded phrases to ignore
    patterns: dict[str, tuple[re.Pattern[str], ...]]
    list_nouns: tuple[str, ...]
    dangling: frozenset[str]
    save_cta: dict[str, str | tuple[str, ...]] = field(repr=False)
    question: dict[str, str] = field(repr=False)
    how_to_opener: str = ""
    problem_opener: str = ""
    list_fits: frozenset[str] | None = None  # list nouns the save call's list template fits; None: any
    stopwords: frozenset[str] = frozenset()  # lower-cased words too common to name a theme


REQUIRED = (
    *LEVER_WORDS.values(),
    "LIST_NOUNS",
    "DANGLING",
    "SAVE_CTA_TEMPLATES",
    "QUESTION_TEMPLATES",
    "HOW_TO_OPENER",
    "PROBLEM_OPENER",
    "STOPWORDS",
)
OPTIONAL = ("FALSE_FRIENDS", "EXACT_ACCENTS", "PATTERNS", "LIST_TEMPLATE_FITS")


def _checked(code: str):
    """The language's module, after checking it sets every name we read and no name we do not.

    A misspelt optional name ("FALSE_FRIEND") would otherwise be skipped without a word.
    """
    mod = importlib.import_module(f"models.text.language.{code}")
    names = {name for name in vars(mod) if not name.startswith("_")}
    if unknown := sorted(names - {*REQUIRED, *OPTIONAL}):
        raise ValueError(f"models/text/language/{code}.py sets {', '.join(unknown)}, which nothing reads")
    if missing := [name for name in REQUIRED if name not in names]:
        raise ValueError(f"models/text/language/{code}.py lacks {', '.join(missing)}")
    return mod


def _load(code: str) -> LanguageData:
    mod = _checked(code)
    exact_written = {lower(p) for p in getattr(mod, "EXACT_ACCENTS", ())}
    phrases, exact = {}, {}
    for lever, name in LEVER_WORDS.items():
        written = getattr(mod, name)
        exact[lever] = tuple(lower(p) for p in written if lower(p) in exact_written)
        phrases[lever] = tuple(dict.fromkeys(fold(p) for p in written if lower(p) not in exact_written))
    return LanguageData(
        code=code,
        phrases=phrases,
        exact=exact,
        false_friends={k: tuple(fold(p) for p in v) for k, v in getattr(mod, "FALSE_FRIENDS", {}).items()},
        patterns={k: tuple(re.compile(p) for p in v) for k, v in getattr(mod, "PATTERNS", {}).items()},
        list_nouns=tuple(fold(n) for n in mod.LIST_NOUNS),
        dangling=frozenset(fold(w) for w in mod.DANGLING),
        save_cta=mod.SAVE_CTA_TEMPLATES,
        list_fits=frozenset(map(lower, mod.LIST_TEMPLATE_FITS)) if hasattr(mod, "LIST_TEMPLATE_FITS") else None,
        question=mod.QUESTION_TEMPLATES,
        how_to_opener=mod.HOW_TO_OPENER,
        problem_opener=mod.PROBLEM_OPENER,
        stopwords=frozenset(map(lower, mod.STOPWORDS.split())),
    )


DATA: dict[str, LanguageData] = {code: _load(code) for code in LANGUAGES}
