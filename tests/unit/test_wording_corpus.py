"""Every rewrite template over captions shaped like real ones: does the result read like a person wrote it?

Each text tip runs on each caption that lacks its lever, through the tip's own ``rewrite``
(the sentence it suggests and the caption it applies), so the test reads what a creator
would read: the suggested sentence and the caption after pressing "apply".
"""

import re
from itertools import pairwise

import pytest

from models.read.tips.text_levers import TEXT_LEVERS
from models.text.language import DATA
from models.text.language.folding import fold
from models.text.language.universal import QUESTION_MARKS
from models.text.signals import detect_signals, strip_for_meaning
from models.text.wording import guess_language, opens_as_lead
from tests.unit.caption_corpus import SHAPES

CASES = [
    pytest.param(caption, lang, spec, id=f"{spec.tip_id}-{caption[:24]!r}")
    for caption, lang in SHAPES
    for spec in TEXT_LEVERS
    if not getattr(detect_signals(caption), spec.lever)
]
ARGS = ("caption", "lang", "spec")
# The cases whose template fits, so a caption is written (the others are described instead).
WRITTEN = [case for case in CASES if case.values[2].rewrite(case.values[0])[1] is not None]

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)
_TAGS_RE = re.compile(r"[#@]\S+")
# Two marks in a row that no writer puts together (an ellipsis "..." is one mark, "?!" is a voice).
_DOUBLED_RE = re.compile(r"[,;:]\s*[.,;:!?]|[.!?]\s*[,;:]|(?<!\.)\.\s*\.(?!\.)")


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


def _untagged(text: str) -> str:
    return " ".join(_TAGS_RE.sub(" ", text).split())


def _first_line(text: str) -> str:
    return _TAGS_RE.sub(" ", text).strip().split("\n", 1)[0]


def _capital(letter: str) -> bool:
    """Upper case, or a script without case (Japanese)."""
    return letter.isupper() or letter.lower() == letter.upper()


def _sentence_starts(text: str) -> list[str]:
    """The first letter of the text and of every sentence after . ! ? (what should be upper case)."""
    starts = []
    for part in re.split(r"(?<=[.!?])\s+", text.strip()):
        letters = [ch for ch in part if ch.isalpha()]
        if letters:
            starts.append(letters[0])
    return starts


def test_corpus_reaches_every_tip_and_language():
    assert {spec.tip_id for _, _, spec in (c.values for c in CASES)} == {spec.tip_id for spec in TEXT_LEVERS}
    assert {lang for _, lang in SHAPES} == set(DATA)
    # A caption is written for every tip and in every language: the tests of written captions check each.
    assert {spec.tip_id for _, _, spec in (c.values for c in WRITTEN)} == {spec.tip_id for spec in TEXT_LEVERS}
    assert {lang for _, lang, _ in (c.values for c in WRITTEN)} == set(DATA)


@pytest.mark.parametrize(ARGS, CASES)
def test_suggestion_is_in_the_captions_language(caption, lang, spec):
    sentence, _ = spec.rewrite(caption)
    assert isinstance(sentence, str) and sentence and sentence.strip() == sentence
    assert guess_language(caption) == lang
    texts = DATA[lang]
    templates = [t for v in texts.save_cta.values() for t in ((v,) if isinstance(v, str) else v)]
    assert sentence in {
        texts.how_to_opener,
        texts.problem_opener,
        texts.problem_opener.rstrip(" :"),  # as a caption's only words
        *texts.question.values(),
        *(t.format(n=n) for t in templates for n in re.findall(r"\d+", caption) or ["0"]),
    }, sentence


@pytest.mark.parametrize(ARGS, CASES)
def test_what_we_write_starts_with_a_capital(caption, lang, spec):
    sentence, applied = spec.rewrite(caption)
    assert all(_capital(start) for start in _sentence_starts(sentence)), sentence
    if applied and spec.opener is not None:
        assert _capital(applied[0]), applied  # an opener starts the caption


@pytest.mark.parametrize(ARGS, CASES)
def test_an_appended_sentence_follows_a_finished_one(caption, lang, spec):
    # Never "Rice bowls Save this", "Rice bowls, Save this" or "Top 5: Save this".
    sentence, applied = spec.rewrite(caption)
    if spec.opener is None:
        before = applied[: applied.index(sentence)].rstrip(" ")
        assert not before or not (before[-1].isalnum() or before[-1] in ",;:–-"), applied


@pytest.mark.parametrize(ARGS, CASES)
def test_no_clause_is_said_twice(caption, lang, spec):
    sentence, applied = spec.rewrite(caption)
    caption_words = _words(_TAGS_RE.sub(" ", caption))
    repeated = set(pairwise(caption_words)) & set(pairwise(_words(sentence)))
    assert not repeated, (caption, sentence)  # "How to sunday meal prep, step by step: Sunday meal prep"
    head = _words(_first_line(caption))[:4]  # the caption itself appears once, never quoted inside itself
    if applied and head:
        words = _words(applied)
        assert sum(words[i : i + len(head)] == head for i in range(len(words))) == 1, applied


@pytest.mark.parametrize(ARGS, CASES)
def test_no_phrase_is_cut_off(caption, lang, spec):
    sentence, applied = spec.rewrite(caption)
    last = _words(sentence)[-1]
    # The sentence never ends on a word that needs a continuation ("... oolong tại"), nor on half a caption word.
    assert last not in DATA[lang].dangling | DATA["en"].dangling, sentence
    caption_words = _words(caption)
    assert last in caption_words or not any(w.startswith(last) for w in caption_words), sentence
    if applied:
        # Nor does the caption we write end on a lead-in: "Here's the easy fix:" alone, "Top 5:".
        assert not re.search(r"[,:;–-]$", _untagged(applied)), applied


@pytest.mark.parametrize(ARGS, WRITTEN)
def test_no_doubled_punctuation_or_second_lead_in(caption, lang, spec):
    _, applied = spec.rewrite(caption)
    assert applied, caption
    assert len(_DOUBLED_RE.findall(applied)) <= len(_DOUBLED_RE.findall(caption)), applied
    # "Here's how, step by step: POV: you finally ..." has two lead-ins on one line.
    assert _first_line(applied).count(":") <= max(1, _first_line(caption).count(":")), applied


@pytest.mark.parametrize(ARGS, CASES)
def test_an_opener_never_answers_before_the_question(caption, lang, spec):
    # "Here's the easy fix: Why does my bread always come out flat?" puts the fix first.
    _, applied = spec.rewrite(caption)
    if applied and spec.opener is not None:
        assert not re.search(r"[?¿]", _first_line(applied)), applied


@pytest.mark.parametrize(ARGS, CASES)
def test_a_template_that_does_not_fit_is_described_instead(caption, lang, spec):
    _, applied = spec.rewrite(caption)
    if applied is None:
        assert spec.opener is not None and spec.described  # only lead-ins can fail to fit, and they say what to do
        first = _first_line(caption)
        # and only where they really cannot fit: a question, a colon, or a line that already leads ("How to ...")
        marks = (*QUESTION_MARKS, ":", "：")
        assert any(mark in first for mark in marks) or opens_as_lead(first), caption


@pytest.mark.parametrize(ARGS, CASES)
def test_the_advice_quotes_what_is_applied(caption, lang, spec):
    sentence, applied = spec.rewrite(caption)
    if applied is not None:
        assert sentence in applied, (sentence, applied)  # not "open with 'Here's the easy fix:'" for a bare line


@pytest.mark.parametrize(ARGS, CASES)
def test_applied_suggestion_carries_the_lever(caption, lang, spec):
    _, applied = spec.rewrite(caption)
    if applied is not None:
        assert getattr(detect_signals(applied), spec.lever), applied


@pytest.mark.parametrize(ARGS, CASES)
def test_applying_keeps_the_captions_meaning(caption, lang, spec):
    # The encoder reads the caption without our sentences: applying a tip and scoring again
    # must move the score by the tip's impact, not by a new meaning the sentence brought.
    _, applied = spec.rewrite(caption)
    if applied is not None:
        assert strip_for_meaning(applied) == strip_for_meaning(caption), applied
