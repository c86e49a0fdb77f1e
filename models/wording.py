"""Suggested wording for textual tips, in the draft's language and shaped by the draft.

A call to action for a list of five tips reads differently from one for a recipe, and a
Spanish draft gets a Spanish suggestion. The detector in ``signals`` recognises each of
these phrasings, so applying a suggestion changes the draft's signals as promised.
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache

from models.signals import _fold, detect_signals

_STOPWORDS = {
    "es": {"el", "la", "los", "las", "de", "que", "y", "en", "para", "con", "una", "por", "es", "esto", "muy"},
    "pt": {"o", "os", "as", "de", "que", "e", "em", "para", "com", "uma", "voce", "nao", "isso", "muito", "do"},
    "fr": {"le", "la", "les", "de", "des", "et", "en", "pour", "avec", "une", "est", "pas", "ce", "vous", "du"},
    "de": {"der", "die", "das", "und", "ist", "nicht", "mit", "fur", "ein", "eine", "ich", "du", "zu", "auf"},
    "it": {"il", "lo", "gli", "di", "che", "e", "per", "con", "una", "non", "questo", "sono", "della"},
    "id": {"yang", "dan", "di", "ini", "itu", "untuk", "dengan", "aku", "kamu", "ke", "tidak", "bisa", "ada"},
    "vi": {"va", "cua", "la", "cho", "voi", "nhung", "mot", "nay", "khong", "duoc", "ban", "nha", "den", "ca"},
    "tr": {"ve", "bir", "bu", "icin", "ile", "cok", "da", "de", "ne", "mi", "ben", "sen"},
    "en": {"the", "and", "to", "of", "for", "with", "this", "you", "your", "is", "it", "my", "in", "on", "a"},
}

_SAVE_CTA = {
    "en": {
        "list": "Save these {n} for later 🔖",
        "steps": "Save this so you have the steps when you need them 🔖",
        "plain": ("Save this for later 🔖", "Save this so you can find it again 🔖", "Bookmark this one for later 🔖"),
    },
    "es": {
        "list": "Guarda estos {n} para después 🔖",
        "steps": "Guarda esto para tener los pasos a mano 🔖",
        "plain": ("Guarda esto para después 🔖", "Guarda esto para tenerlo a mano 🔖"),
    },
    "pt": {
        "list": "Salve esse post com as {n} dicas pra depois 🔖",
        "steps": "Salve esse passo a passo pra depois 🔖",
        "plain": "Salve esse post pra depois 🔖",
    },
    "fr": {
        "list": "Enregistre ces {n} astuces pour plus tard 🔖",
        "steps": "Enregistre cette vidéo pour garder les étapes 🔖",
        "plain": "Enregistre cette vidéo pour plus tard 🔖",
    },
    "de": {
        "list": "Speicher dir diese {n} Tipps für später 🔖",
        "steps": "Speicher dir das für später, mit allen Schritten 🔖",
        "plain": "Speicher dir das für später 🔖",
    },
    "it": {
        "list": "Salva questo video con i {n} consigli 🔖",
        "steps": "Salva questo video per avere i passi sottomano 🔖",
        "plain": "Salva questo video per dopo 🔖",
    },
    "id": {
        "list": "Simpan video ini biar {n} tipsnya nggak hilang 🔖",
        "steps": "Simpan video ini buat langkah-langkahnya 🔖",
        "plain": "Simpan video ini buat nanti 🔖",
    },
    "vi": {
        "list": "Lưu lại {n} mẹo này để dùng sau nhé 🔖",
        "steps": "Lưu lại video để xem các bước khi cần nhé 🔖",
        "plain": "Lưu lại video này để xem sau nhé 🔖",
    },
    "tr": {
        "list": "Bu {n} ipucunu kaydet, sonra lazım olacak 🔖",
        "steps": "Adımlar için bu videoyu kaydet 🔖",
        "plain": "Sonra bakmak için kaydet 🔖",
    },
}

_QUESTION = {
    "en": {"informative": "Which step will you try first?", "plain": "What would you add?"},
    "es": {"informative": "¿Qué paso vas a probar primero?", "plain": "¿Qué le añadirías?"},
    "pt": {"informative": "Qual passo você vai testar primeiro?", "plain": "O que você acrescentaria?"},
    "fr": {"informative": "Quelle étape vas-tu tester en premier ?", "plain": "Tu ajouterais quoi ?"},
    "de": {"informative": "Welchen Schritt probierst du zuerst?", "plain": "Was würdest du ergänzen?"},
    "it": {"informative": "Quale passo provi per primo?", "plain": "Cosa aggiungeresti?"},
    "id": {"informative": "Langkah mana yang mau kamu coba duluan?", "plain": "Kalau kamu, mau tambah apa?"},
    "vi": {"informative": "Bạn sẽ thử bước nào trước?", "plain": "Bạn sẽ thêm gì nữa?"},
    "tr": {"informative": "İlk hangi adımı deneyeceksin?", "plain": "Sen ne eklerdin?"},
}

_HOW_TO = {
    "en": "How to {topic}, step by step",
    "es": "Paso a paso: {topic}",
    "pt": "Passo a passo: {topic}",
    "fr": "Étape par étape : {topic}",
    "de": "Anleitung: {topic}",
    "it": "Passo dopo passo: {topic}",
    "id": "Cara membuat {topic}",
    "vi": "Hướng dẫn {topic}",
    "tr": "Nasıl yapılır: {topic}",
}

_PROBLEM = {
    "en": "Tired of {topic}? Here's the fix.",
    "es": "¿Cansado de {topic}? Aquí está la solución.",
    "pt": "Cansado de {topic}? Aqui está a solução.",
    "fr": "Marre de {topic} ? Voici la solution.",
    "de": "Genervt von {topic}? Hier ist die Lösung.",
    "it": "Stanco di {topic}? Ecco la soluzione.",
    "id": "Capek dengan {topic}? Ini solusinya.",
    "vi": "Mệt vì {topic}? Đây là giải pháp.",
    "tr": "{topic} yüzünden yoruldun mu? İşte çözüm.",
}

_WORD_RE = re.compile(r"[^\W\d_]+", re.UNICODE)
_NUMBER_RE = re.compile(r"(?<!\w)(\d{1,2})(?!\w)")
_LEADING_NUMBER_RE = re.compile(r"\s*(\d{1,2})\s+[^\W\d_]", re.UNICODE)


@lru_cache(maxsize=16_384)
def guess_language(text: str) -> str:
    """The most likely of our phrase-list languages by stop-word hits; English when unsure."""
    words = _WORD_RE.findall(_fold(text))
    if not words:
        return "en"
    hits = {lang: sum(w in stops for w in words) for lang, stops in _STOPWORDS.items()}
    best = max(hits, key=lambda lang: (hits[lang], lang == "en"))
    return best if hits[best] > 0 else "en"


def topic_of(caption: str, max_words: int = 6) -> str:
    """A short topic phrase from the caption's first words (hashtags and mentions left out)."""
    words = [w for w in re.sub(r"[#@]\S+", " ", caption).split() if any(ch.isalpha() for ch in w)]
    topic = " ".join(words[:max_words]).strip(" .,!:;-")
    return topic[:1].lower() + topic[1:] if topic else "this"


def save_cta_for(caption: str) -> str:
    """A call to save that fits the draft: a list, a how-to, or anything else."""
    lang = guess_language(caption)
    number = _LEADING_NUMBER_RE.match(caption) or (
        _NUMBER_RE.search(caption) if detect_signals(caption).has_number_list else None
    )
    if number:
        return _SAVE_CTA[lang]["list"].format(n=number.group(1))
    if detect_signals(caption).informative:
        return _SAVE_CTA[lang]["steps"]
    plain = _SAVE_CTA[lang]["plain"]
    if isinstance(plain, str):
        return plain
    # Stable per draft, so the same caption always gets the same suggestion.
    return plain[zlib.crc32(caption.encode()) % len(plain)]


def question_for(caption: str) -> str:
    lang = guess_language(caption)
    return _QUESTION[lang]["informative" if detect_signals(caption).informative else "plain"]


def how_to_for(caption: str) -> str:
    return _HOW_TO[guess_language(caption)].format(topic=topic_of(caption))


def problem_for(caption: str) -> str:
    return _PROBLEM[guess_language(caption)].format(topic=topic_of(caption, 4))


def append_sentence(caption: str, sentence: str) -> str:
    """Add a sentence before any trailing hashtags, so the caption still ends with its tags."""
    match = re.search(r"(\s*(?:#\S+\s*)+)$", caption)
    body, tags = (caption[: match.start()], match.group(1).strip()) if match else (caption, "")
    body = body.rstrip()
    joined = f"{body} {sentence}".strip() if body else sentence
    return f"{joined} {tags}".strip()
