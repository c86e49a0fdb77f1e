"""Pure caption detectors for the guide's levers.

Phrase lists cover English, Spanish, Portuguese, French, German, Italian, Indonesian,
Vietnamese and Turkish (the languages of most TikTok creators we serve). Matching is on
case-folded text with Vietnamese/other diacritics kept, so "lưu lại" and "luu lai"
both count. A caption in another language still gets the language-free signals:
question marks, hashtags, mentions, emoji, numbers and length.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import msgspec

HASHTAG_RE = re.compile(r"#([^\s#@.,!?;:()\[\]{}\"'“”]+)", re.UNICODE)
MENTION_RE = re.compile(r"@([\w.]+)", re.UNICODE)
NUMBER_LIST_RE = re.compile(
    r"(?<!\w)(\d{1,2})\s*(?:[\w\u00C0-\u1EF9]+\s+){0,2}?(?:tips?|ways?|steps?|things|hacks?|ideas?|"
    r"recipes?|mistakes?|consejos|formas|pasos|trucos|dicas|passos|astuces|conseils|étapes|"
    r"tipps|schritte|consigli|modi|passi|cara|langkah|bước|mẹo|cách|ipucu|adım)\b",
    re.IGNORECASE | re.UNICODE,
)

# Phrases are matched after `_fold` (lower case, accents removed), so write them folded.
SAVE_CTA = (
    # en
    "save this",
    "save these",
    "save it",
    "save for later",
    "save the video",
    "save this video",
    "save now",
    "bookmark",
    "hit save",
    "tap save",
    "don't forget to save",
    "dont forget to save",
    "save so you",
    "save 🔖",
    # es
    "guarda esto",
    "guarda estos",
    "guardalo",
    "guarda este",
    "guardar para",
    "guardalo para",
    "no olvides guardar",
    "guarda el video",
    # pt
    "salva esse",
    "salve esse",
    "salve este",
    "salva este",
    "salva pra",
    "salve para",
    "salve pra",
    "salvar para",
    "nao esquece de salvar",
    "salve o video",
    # fr
    "enregistre",
    "enregistrez",
    "sauvegarde",
    "garde cette video",
    "a enregistrer",
    # de
    "speicher dir",
    "speichere",
    "speichern",
    "merk dir das",
    # it
    "salva questo",
    "salvalo",
    "salva il video",
    "salvatelo",
    # id / ms
    "simpan video",
    "simpan dulu",
    "jangan lupa simpan",
    "simpan ini",
    "save dulu",
    # vi
    "luu lai",
    "luu ngay",
    "luu video",
    "nho luu",
    # tr
    "kaydet",
    "kaydetmeyi unutma",
)
SAVE_EMOJI = ("🔖", "📌", "💾")

INFORMATIVE = (
    # en
    "how to",
    "how i",
    "tutorial",
    "tips",
    "tip:",
    "step by step",
    "step 1",
    "guide",
    "here's how",
    "heres how",
    "learn",
    "explained",
    "hack",
    "recipe",
    "ways to",
    "things you",
    "checklist",
    "cheat sheet",
    "did you know",
    # es
    "como hacer",
    "como preparar",
    "tutorial",
    "consejos",
    "paso a paso",
    "trucos",
    "receta",
    "aprende",
    "guia",
    # pt
    "como fazer",
    "dicas",
    "passo a passo",
    "receita",
    "aprenda",
    # fr
    "comment faire",
    "astuces",
    "conseils",
    "etape par etape",
    "recette",
    "apprends",
    # de
    "wie man",
    "anleitung",
    "tipps",
    "schritt fur schritt",
    "rezept",
    # it
    "come fare",
    "consigli",
    "passo dopo passo",
    "ricetta",
    "trucchi",
    # id
    "cara membuat",
    "cara bikin",
    "resep",
    "langkah",
    "belajar",
    # vi
    "cach lam",
    "meo ",
    "huong dan",
    "cong thuc",
    "bi quyet",
    # tr
    "nasil",
    "nasıl",
    "ipucu",
    "tarif",
)

PROBLEM = (
    # en
    "fix",
    "stop ",
    "struggle",
    "struggling",
    "problem",
    "mistake",
    "avoid",
    "solution",
    "solve",
    "tired of",
    "no more",
    "instead of",
    "never again",
    "save money",
    "save time",
    "easier",
    "without",
    # es
    "solucion",
    "problema",
    "evita",
    "error",
    "errores",
    "cansado de",
    "sin ",
    # pt
    "solucao",
    "problema",
    "evite",
    "erro",
    "cansado de",
    "sem ",
    # fr
    "solution",
    "probleme",
    "evite",
    "erreur",
    "marre de",
    "sans ",
    # de
    "losung",
    "problem",
    "vermeide",
    "fehler",
    "ohne ",
    # it
    "soluzione",
    "problema",
    "evita",
    "errore",
    "senza ",
    # id
    "solusi",
    "masalah",
    "hindari",
    "tanpa ",
    # vi
    "giai phap",
    "van de",
    "tranh",
    "khong can",
    # tr
    "cozum",
    "sorun",
    "hata",
)

ENGAGE = (
    # en
    "comment",
    "let me know",
    "tell me",
    "which one",
    "what do you",
    "would you",
    "drop a",
    "tag a",
    "tag someone",
    "share with",
    # es
    "comenta",
    "dime",
    "cuentame",
    "etiqueta a",
    "cual ",
    # pt
    "comente",
    "comenta",
    "me conta",
    "marca um",
    "qual ",
    # fr
    "commente",
    "dis-moi",
    "dites-moi",
    "identifie",
    # de
    "kommentier",
    "sag mir",
    "markiere",
    # it
    "commenta",
    "dimmi",
    "tagga",
    # id
    "komen",
    "kasih tau",
    "tag teman",
    # vi
    "binh luan",
    "comment",
    "tag ",
    "ban nghi sao",
    # tr
    "yorum",
    "etiketle",
)

COLLAB = (
    "collab",
    "feat",
    "ft.",
    "duet",
    "stitch",
    "with @",
    "con @",
    "com @",
    "avec @",
    "mit @",
    "bersama @",
    "cung @",
)

EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff\u2b00-\u2bff]")


class CaptionSignals(msgspec.Struct, frozen=True, kw_only=True):
    """What a caption does, in the guide's terms. Counts are plain numbers, flags are bools."""

    save_cta: bool
    informative: bool
    solves_problem: bool
    question: bool
    engage: bool
    collab: bool
    n_mentions: int
    n_hashtags: int
    n_emoji: int
    n_words: int
    n_chars: int
    has_number_list: bool


# Combining marks of the Basic Multilingual Plane, deleted in one C-level str.translate.
_DROP_MARKS = {code: None for code in range(0x10000) if unicodedata.combining(chr(code))}


def _fold(text: str) -> str:
    """Lower-case and strip accents (keeps emoji), so phrase lists need one spelling."""
    text = text.casefold()
    if text.isascii():
        return text
    text = text.replace("đ", "d").replace("’", "'")
    return unicodedata.normalize("NFKD", text).translate(_DROP_MARKS)


@lru_cache(maxsize=16)
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """One alternation per phrase list: a single scan instead of a substring test per phrase."""
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


def _has_any(folded: str, phrases: tuple[str, ...]) -> bool:
    return _phrase_pattern(phrases).search(folded) is not None


def extract_hashtags(caption: str) -> tuple[str, ...]:
    """Hashtags in a caption, lower-cased, without '#', in order, de-duplicated."""
    seen: dict[str, None] = {}
    for tag in HASHTAG_RE.findall(caption):
        seen.setdefault(tag.casefold(), None)
    return tuple(seen)


def strip_for_meaning(caption: str) -> str:
    """The caption's content: hashtags, mentions and save calls removed.

    The embedding sees this, so the explicit levers (a save CTA, a hashtag) are carried by
    their own features and a counterfactual that adds them reuses the draft's embedding.
    """
    text = HASHTAG_RE.sub(" ", caption)
    text = MENTION_RE.sub(" ", text)
    for emoji in SAVE_EMOJI:
        text = text.replace(emoji, " ")
    kept = [s for s in re.split(r"(?<=[.!?\n])\s+", text) if not _has_any(_fold(s), SAVE_CTA)]
    return " ".join(" ".join(kept).split())


@lru_cache(maxsize=65_536)
def detect_signals(caption: str) -> CaptionSignals:
    """Detect the guide's levers in one caption (pure; cached because drafts repeat)."""
    body = HASHTAG_RE.sub(" ", caption)
    folded = _fold(body)  # phrases are read from the text, not the hashtags (#easyrecipes is no how-to)
    words = body.split()
    save_cta = _has_any(folded, SAVE_CTA) or any(e in caption for e in SAVE_EMOJI)
    question = "?" in caption or "¿" in caption or "？" in caption
    mentions = MENTION_RE.findall(caption)
    return CaptionSignals(
        save_cta=save_cta,
        informative=_has_any(folded, INFORMATIVE) or bool(NUMBER_LIST_RE.search(folded)),
        solves_problem=_has_any(folded, PROBLEM),
        question=question,
        engage=question or _has_any(folded, ENGAGE),
        collab=bool(mentions) or _has_any(folded, COLLAB),
        n_mentions=len(mentions),
        n_hashtags=len(HASHTAG_RE.findall(caption)),
        n_emoji=len(EMOJI_RE.findall(caption)),
        n_words=len(words),
        n_chars=len(body.strip()),
        has_number_list=bool(NUMBER_LIST_RE.search(folded)),
    )


_LEVER_PHRASES = {"save_cta": SAVE_CTA, "informative": INFORMATIVE, "solves_problem": PROBLEM, "engage": ENGAGE}


def matched_phrases(caption: str, lever: str) -> list[str]:
    """The (folded) phrases of a lever found in the caption's text, for highlighting."""
    folded = _fold(HASHTAG_RE.sub(" ", caption))
    found = [p.strip() for p in _LEVER_PHRASES.get(lever, ()) if p in folded]
    if lever == "save_cta":
        found += [e for e in SAVE_EMOJI if e in caption]
    if lever == "engage" and "?" in caption:
        found.append("?")
    # Longest first, and drop phrases inside a longer match ("save" within "save this").
    found.sort(key=len, reverse=True)
    return [p for i, p in enumerate(found) if not any(p in longer for longer in found[:i])]
