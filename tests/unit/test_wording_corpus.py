"""Every suggestion template over captions shaped like real ones: does it read like a person wrote it?

Each suggester runs on each caption that lacks its lever (as the tips do), and the caption
is rebuilt the way the tip applies it: openers before the caption, other sentences appended.
"""

import re
from itertools import pairwise

import pytest

from models.language import DATA
from models.language.folding import fold
from models.signals import detect_signals
from models.wording import append_sentence, guess_language, how_to_for, problem_for, question_for, save_cta_for

# (caption, the language its suggestions must be in)
CORPUS = (
    ("Sunday meal prep: five lunches", "en"),
    ("my cat did a thing lol", "en"),
    ("Why does my bread always come out flat?", "en"),
    ("5 lunches under 10 minutes", "en"),
    ("POV: you finally clean the fridge 😅 #cleantok #fridge", "en"),
    (
        "We tried every viral pasta on the internet so you don't have to. Some were great, one was a disaster, "
        "and the last one is now a weekly dinner in our house. #pasta #foodtok #dinnerideas",
        "en",
    ),
    ("Rice bowls", "en"),
    ("La receta de pan de mi abuela", "es"),
    ("¿Por qué mi pan sale plano?", "es"),
    ("3 recetas para la semana #mealprep", "es"),
    ("Minha rotina de skincare da noite", "pt"),
    ("Bolo de cenoura com cobertura de chocolate 🍫", "pt"),
    ("Ma routine du soir en hiver", "fr"),
    ("Pourquoi mon pain ne lève pas ?", "fr"),
    ("Mein Frühstück für die ganze Woche", "de"),
    ("Warum geht mein Brot nicht auf?", "de"),
    ("La pasta della nonna, versione veloce", "it"),
    ("Bekal makan siang anak sekolah hari ini", "id"),
    ("Pha trà sữa oolong tại nhà siêu dễ", "vi"),
    ("Một ngày đi làm của mình 😂 #fyp #xuhuong", "vi"),
    ("Tại sao bánh mì của mình bị xẹp?", "vi"),
    ("Hafta sonu kahvaltı sofram", "tr"),
    ("Min morgenrutine før arbejde", "da"),
    ("Skal vi forbyde sociale medier for unge? 🤔", "da"),
    ("Vi betaler alt for meget skat i Danmark!📈", "da"),
    ("🔥🔥🔥", "en"),
    ("", "en"),
    ("   ", "en"),
    ("lol", "en"),
    ("#fyp #viral", "en"),
)

# (suggester, the lever it adds, how the tip applies it: None appends, else the opener's joiner)
SUGGESTERS = (
    (save_cta_for, "save_cta", None),
    (how_to_for, "informative", ": "),
    (problem_for, "solves_problem", " "),
    (question_for, "engage", None),
)

CASES = [
    pytest.param(caption, lang, suggest, lever, joiner, id=f"{suggest.__name__}-{caption[:24]!r}")
    for caption, lang in CORPUS
    for suggest, lever, joiner in SUGGESTERS
    if not getattr(detect_signals(caption), lever)
]

_WORD_RE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?", re.UNICODE)


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(fold(text))


def _applied(caption: str, sentence: str, joiner: str | None) -> str:
    if joiner is None:
        return append_sentence(caption, sentence)
    return f"{sentence}{joiner}{caption}" if caption.strip() else sentence


def _sentence_starts(text: str) -> list[str]:
    """The first letter of the text and of every sentence after . ! ? (what should be upper case)."""
    starts = []
    for part in re.split(r"(?<=[.!?])\s+", text.strip()):
        letters = [ch for ch in part if ch.isalpha()]
        if letters:
            starts.append(letters[0])
    return starts


def test_corpus_reaches_every_suggester_and_language():
    assert {s.__name__ for _, _, s, _, _ in (c.values for c in CASES)} == {s.__name__ for s, _, _ in SUGGESTERS}
    assert {lang for _, lang in CORPUS} == set(DATA)


def _save_templates(lang: str) -> list[str]:
    return [t for v in DATA[lang].save_cta.values() for t in ((v,) if isinstance(v, str) else v)]


ARGS = ("caption", "lang", "suggest", "lever", "joiner")


@pytest.mark.parametrize(ARGS, CASES)
def test_suggestion_is_in_the_captions_language(caption, lang, suggest, lever, joiner):
    sentence = suggest(caption)
    assert isinstance(sentence, str) and sentence and sentence.strip() == sentence
    assert guess_language(caption) == lang
    texts = DATA[lang]
    assert sentence in {
        texts.how_to_opener,
        texts.problem_opener,
        *texts.question.values(),
        *(t.format(n=n) for t in _save_templates(lang) for n in re.findall(r"\d+", caption) or ["0"]),
    }, sentence


@pytest.mark.parametrize(ARGS, CASES)
def test_suggestion_is_capitalised_and_a_sentence_of_its_own(caption, lang, suggest, lever, joiner):
    sentence = suggest(caption)
    assert all(start.isupper() for start in _sentence_starts(sentence)), sentence
    # What comes before an appended suggestion ends a sentence (or is an emoji), so it never
    # runs on from the caption ("Rice bowls Save this!").
    applied = _applied(caption, sentence, joiner)
    before = applied[: applied.index(sentence)].rstrip()
    assert not before or not before[-1].isalnum(), applied


@pytest.mark.parametrize(ARGS, CASES)
def test_suggestion_repeats_no_clause_of_the_caption(caption, lang, suggest, lever, joiner):
    caption_words = _words(re.sub(r"[#@]\S+", " ", caption))
    suggestion_words = _words(suggest(caption))
    repeated = set(pairwise(caption_words)) & set(pairwise(suggestion_words))
    assert not repeated, (caption, suggest(caption))


@pytest.mark.parametrize(ARGS, CASES)
def test_suggestion_is_not_cut_off(caption, lang, suggest, lever, joiner):
    sentence = suggest(caption)
    last = _words(sentence)[-1]
    # Never ends on a word that needs a continuation ("... oolong tại"), nor on half a caption word.
    assert last not in DATA[lang].dangling | DATA["en"].dangling, sentence
    caption_words = _words(caption)
    assert last in caption_words or not any(w.startswith(last) for w in caption_words), sentence


@pytest.mark.parametrize(ARGS, CASES)
def test_applied_suggestion_carries_the_lever(caption, lang, suggest, lever, joiner):
    applied = _applied(caption, suggest(caption), joiner)
    assert getattr(detect_signals(applied), lever), applied
