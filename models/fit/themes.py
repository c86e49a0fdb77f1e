"""Themes: clusters of caption meaning, how each one saves for this creator, and what each is called.

A theme is shown to people by a name (the few words that set its captions apart from the
creator's other captions, in the captions' own language) and by example captions cleaned
for reading (``models.text.readable_captions``).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import msgspec
import numpy as np

from models.fit.history_stats import relative_to_rest
from models.text.language import DATA
from models.text.language.folding import lower
from models.text.language.universal import GENERIC_TAGS
from models.text.language.words import content_words
from models.text.readable_captions import clean_caption

MIN_THEME_POSTS = 3
NAME_TERMS = 3
# A name word must be used at least this many times more often inside the theme than outside it:
# a tag on every post (a politician's #dkpol) is the creator's, not the theme's.
MIN_NAME_LIFT = math.log(1.5)
# A term found inside a longer candidate phrase at least this share of the times it is used is
# a piece of that phrase, not a name of its own.
PIECE_SHARE = 0.75


class ThemeStat(msgspec.Struct, frozen=True, kw_only=True):
    """One theme of a creator's captions: what it is called, how its posts saved, and where its meaning lies."""

    name: str  # the words that set its captions apart ("" when none do)
    posts: int
    relative_save_rate: float  # geometric-mean save rate of its posts over that of the other posts
    saves_per_1k: float  # median of its posts
    examples: tuple[str, ...]  # cleaned captions nearest its centre, best-saving first
    centroid: np.ndarray  # unit vector in caption-meaning space: a draft is on the theme it is nearest


_MENTION_OR_URL_RE = re.compile(r"@[\w.]+|https?://\S+", re.UNICODE)
# TikTok puts "Replying to @name" (in the app's language) before the caption of a video that
# answers a comment: the app's words, not the creator's, so they never name a theme.
_REPLY_PREFIX_RE = re.compile(r"(?:^|(?<=\s))(?:replying to|reply to|trả lời|svarer)\s*(?=@)", re.IGNORECASE)
_TOKEN_RE = re.compile(r"#?[^\W\d_][\w'’]*", re.UNICODE)


def _stopwords(captions: Sequence[str]) -> frozenset[str]:
    """The common words of every language this creator writes in (at least a tenth of the captions), and English's."""
    from models.text.language.identify import language_of

    counts = Counter(language_of(c, default="en") for c in captions if c.strip())
    total = sum(counts.values()) or 1
    languages = {"en", *(lang for lang, n in counts.items() if n >= 0.1 * total)}
    return frozenset().union(*(DATA[lang].stopwords for lang in languages))


def _terms(caption: str, stopwords: frozenset[str]) -> set[str]:
    """A caption's content words, hashtags (as "#tag") and runs of two or three adjacent content words."""
    terms: set[str] = set()
    run: list[str] = []  # the content words just before this one, for pairs and triples
    text = _REPLY_PREFIX_RE.sub(" ", unicodedata.normalize("NFC", caption))
    # A Japanese token is a whole phrase: its kanji and katakana runs are its words.
    tokens = _TOKEN_RE.findall(_MENTION_OR_URL_RE.sub(" ", text))
    for token in (w for t in tokens for w in (content_words(t) if not t.startswith("#") else [t])):
        word = lower(token).rstrip("'’")
        if word.startswith("#"):
            if word[1:] not in GENERIC_TAGS and len(word) > 2:
                terms.add(word)
            run = []
        elif word in stopwords or len(word) < 2:
            run = []
        else:
            run = [*run[-2:], word]
            terms.update(" ".join(run[i:]) for i in range(len(run)))
    return terms


def name_themes(captions: Sequence[str], labels: np.ndarray, clusters: Sequence[int]) -> dict[int, str]:
    """Per cluster, its name: ``theme_terms`` joined ("" when nothing sets the cluster apart)."""
    return {cluster: ", ".join(terms) for cluster, terms in theme_terms(captions, labels, clusters).items()}


def theme_terms(captions: Sequence[str], labels: np.ndarray, clusters: Sequence[int]) -> dict[int, list[str]]:
    """Per cluster, up to three terms that its captions use much more than the creator's others.

    A term counts when at least two of the cluster's captions (and a fifth of them) use it;
    it is scored by how often the cluster uses it times how much more often than the rest
    (a smoothed log ratio). A phrase of two or three words is preferred to its single words, a word
    used mostly inside a longer phrase gives way to it, and terms that share a word are not both
    used. No terms when nothing sets the cluster apart.
    """
    stopwords = _stopwords(captions)
    term_sets = [_terms(c, stopwords) for c in captions]
    n = len(captions)
    everywhere = Counter(t for terms in term_sets for t in terms)
    names = {}
    for cluster in clusters:
        members = np.flatnonzero(labels == cluster)
        size, rest = len(members), n - len(members)
        inside = Counter(t for i in members for t in term_sets[i])
        scored = []
        for term, count in inside.items():
            if count < max(2, 0.2 * size):
                continue
            share_in = count / size
            share_out = (everywhere[term] - count + 0.5) / (rest + 1)
            lift = math.log((count + 0.5) / (size + 1) / share_out)
            if lift >= MIN_NAME_LIFT:
                # A longer phrase beats its own words when used as often ("bún bò huế" over "bún").
                scored.append((share_in * lift * (1 + 0.1 * term.count(" ")), term))
        # A word or phrase used mostly inside a longer candidate phrase is a piece of it: the
        # phrase names the theme ("bộ sưu tập", a collection, not "tập" and "bộ sưu").
        candidates = {term for _, term in scored}
        pieces = {
            term
            for term in candidates
            if any(
                longer != term and f" {term} " in f" {longer} " and inside[longer] >= PIECE_SHARE * inside[term]
                for longer in candidates
            )
        }
        chosen: list[str] = []
        for _, term in sorted((s for s in scored if s[1] not in pieces), key=lambda s: (-s[0], s[1])):
            words = set(term.lstrip("#").split())
            if any(words & set(c.lstrip("#").split()) for c in chosen):
                continue
            chosen.append(term)
            if len(chosen) == NAME_TERMS:
                break
        names[cluster] = chosen
    return names


def find_themes(
    captions: Sequence[str], embeddings: np.ndarray, relative_log: np.ndarray, rates: np.ndarray, *, seed: int = 0
) -> list[ThemeStat]:
    """Cluster captions by meaning; per theme its name, size, save rate (median, and vs other posts) and examples.

    Sorted by save rate, best first. The centroid is kept so a draft can be matched to a theme.
    """
    from sklearn.cluster import KMeans

    from models.core.threads import one_thread

    n = len(captions)
    # Never more clusters than distinct captions (duplicates are common in real histories).
    k = min(int(np.clip(n // 15, 2, 8)), len(np.unique(np.round(embeddings, 5), axis=0)))
    if n < 2 * MIN_THEME_POSTS or k < 2:
        return []
    # One thread: k-means' OpenMP threads spin while they wait, and on a few hundred captions
    # they only wait (figures: bench/README.md, "Themes on one thread").
    with one_thread():
        km = KMeans(n_clusters=k, n_init=4, random_state=seed).fit(embeddings)
    kept = [
        label
        for label in range(k)
        # Too small to say anything, or every post: nothing to compare it with.
        if MIN_THEME_POSTS <= int(np.sum(km.labels_ == label)) < n
    ]
    terms = theme_terms(captions, km.labels_, kept)
    stopwords = _stopwords(captions)
    themes = []
    for label in kept:
        in_theme = km.labels_ == label
        members = np.flatnonzero(in_theme)
        centre = km.cluster_centers_[label]
        # Examples: the members nearest the centre, best-saving first among those; each once. A
        # named theme shows only captions that use its name's words, or its name reads as wrong.
        by_nearness = members[np.argsort(-(embeddings[members] @ centre))]
        named = set(terms[label])
        cleaned = {int(i): clean_caption(captions[i]) for i in by_nearness}
        if named:
            by_nearness = np.array([i for i in by_nearness if named & _terms(cleaned[int(i)], stopwords)], dtype=int)
        nearest = by_nearness[:8]
        shown = [cleaned[int(i)] for i in nearest[np.argsort(-relative_log[nearest])]]
        examples = list(dict.fromkeys(c for c in shown if c))[:3]
        themes.append(
            ThemeStat(
                name=", ".join(terms[label]),
                posts=len(members),
                relative_save_rate=relative_to_rest(relative_log, in_theme),
                saves_per_1k=float(np.median(rates[members])),
                examples=tuple(examples),
                centroid=(centre / (np.linalg.norm(centre) or 1.0)).astype(np.float32),
            )
        )
    return sorted(themes, key=lambda t: -t.relative_save_rate)
