"""Which language a caption is in, by py3langid restricted to the languages we have phrases for.

A naive Bayes model over byte n-grams (langid.py's, kept up as py3langid): right on every one
of our 140 hand-written short test captions, where stop-word counting got half wrong. Loaded
on first use (call ``warm_up`` at start-up to pay it there) and cached per caption, so a
repeated draft costs nothing and a new one 0.05 to 0.15 ms. Captions with under two words
carry too little to tell: they get ``None`` (the detectors then read every language's
phrases, the wording uses English).

py3langid ships its model LZMA-compressed and unpacks it on every start (about 1 s, a good
part of a pre-post check). The first load writes the model, already narrowed to our
languages, as a plain ``.npy`` set into the encoder cache (``models.text.encoders.shared.cache_root``);
later processes read that in a few tens of milliseconds. Same numbers, same rankings.
"""

from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from models.text.language import LANGUAGES
from models.text.language.words import CJK_RE

_NOISE_RE = re.compile(r"[#@]\S+|https?://\S+", re.UNICODE)
_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
MIN_WORDS = 2
# Japanese has no spaces: a caption of one unbroken run is still a sentence when it is this long.
MIN_CJK_CHARS = 4
# A language this likely still gets its phrases read: short text is ambiguous ("Paso a paso:
# chili vegetal" is 71% Italian, 14% Spanish). At 0.05 the true language was in the set for
# all 740 captions we checked (our corpus and 600 synthetic ones), 1.3 languages on average.
PLAUSIBLE = 0.05


_PARTS = ("ptc", "pc", "classes", "nextmove", "row", "output")


def _unpacked_dir() -> Path:
    """The unpacked copy of this py3langid's model for our languages, in the encoder cache."""
    from importlib.metadata import version

    from models.text.encoders.shared import cache_root

    return cache_root() / f"py3langid-{version('py3langid')}-{'-'.join(LANGUAGES)}"


def _from_package():
    """py3langid's own model (LZMA, about 1 s), narrowed to our languages."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGUAGES))
    return identifier


def _save_unpacked(identifier, target: Path) -> None:
    """Write the narrowed model as plain arrays; into a temporary folder renamed into place."""
    import numpy as np

    parts = {
        "ptc": np.ascontiguousarray(identifier.nb_ptc),
        "pc": np.asarray(identifier.nb_pc),
        "classes": np.array(identifier.nb_classes),
        "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=f"u{identifier.tk_nextmove.itemsize}"),
        "row": np.frombuffer(identifier.tk_row, dtype=f"u{identifier.tk_row.itemsize}"),
        "output": np.asarray(identifier.tk_output, dtype=np.int32),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}."))
    try:
        for name, array in parts.items():
            np.save(work / f"{name}.npy", array, allow_pickle=False)
        os.replace(work, target)
    except OSError:
        for path in work.glob("*"):
            path.unlink(missing_ok=True)
        work.rmdir()
        if not target.is_dir():  # another process may have won the rename: that copy is as good
            raise


def _from_unpacked(source: Path):
    from array import array

    import numpy as np
    from py3langid.langid import LanguageIdentifier

    # The automaton's transitions (40 MB) are mapped, not read: a caption touches a few pages.
    # Indexed through a memoryview, they give plain ints like py3langid's own stdlib array.
    parts = {name: np.load(source / f"{name}.npy", allow_pickle=False, mmap_mode="r") for name in _PARTS}
    row = array({2: "H", 4: "I", 8: "L"}[parts["row"].dtype.itemsize])
    row.frombytes(parts["row"].tobytes())
    return LanguageIdentifier(
        np.asarray(parts["ptc"]),
        np.array(parts["pc"]),
        parts["classes"].tolist(),
        memoryview(parts["nextmove"]),
        parts["output"].tolist(),
        norm_probs=True,
        tk_row=row,
    )


@lru_cache(maxsize=1)
def _identifier():
    source = _unpacked_dir()
    if source.is_dir():
        try:
            return _from_unpacked(source)
        except (OSError, ValueError, KeyError):
            pass  # damaged copy: fall back to the package (and rewrite it below)
    identifier = _from_package()
    try:
        if source.is_dir():
            import shutil

            shutil.rmtree(source, ignore_errors=True)
        _save_unpacked(identifier, source)
    except OSError:
        pass  # a read-only place: every start unpacks the package's model
    return identifier


def warm_up() -> None:
    """Load the model now (e.g. at server start) instead of on the first caption."""
    _identifier()


# The identifier's cost grows with length (0.05 ms at 30 characters, 0.5 ms at 2,000); the
# opening 240 characters tell the language as well as the whole caption does.
MAX_CHARS = 240


def _text_of(caption: str) -> str:
    """What the identifier reads, normalised so that captions differing only in tags, spacing or
    closing punctuation share one cache entry (a tip's variant is often the draft plus a sentence)."""
    text = " ".join(_NOISE_RE.sub(" ", caption).split()).strip(" .,:;!?-–—")
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS].rsplit(" ", 1)[0]


def language_ranking(caption: str) -> tuple[tuple[str, float], ...] | None:
    """Our languages with their probabilities, most likely first; None if too short to tell."""
    return _ranking(_text_of(caption))


@lru_cache(maxsize=65_536)
def _ranking(text: str) -> tuple[tuple[str, float], ...] | None:
    if len(_WORD_RE.findall(text)) < MIN_WORDS and len(CJK_RE.findall(text)) < MIN_CJK_CHARS:
        return None
    return tuple((lang, float(p)) for lang, p in _identifier().rank(text))


def language_of(caption: str, default: str = "en") -> str:
    """The caption's most likely language, or ``default`` when it is too short to tell."""
    ranking = language_ranking(caption)
    return ranking[0][0] if ranking else default


@lru_cache(maxsize=65_536)
def plausible_languages(caption: str) -> tuple[str, ...] | None:
    """Languages whose phrases the detectors read: the likely ones plus English.

    English is always in: TikTok captions everywhere borrow "tips", "save", "tutorial".
    None: too short to tell, so every language's phrases count.
    """
    ranking = language_ranking(caption)
    if ranking is None:
        return None
    likely = [lang for i, (lang, p) in enumerate(ranking) if i == 0 or p >= PLAUSIBLE]
    return tuple(sorted({*likely, "en"}))
