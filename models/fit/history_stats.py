"""What a creator's history shows, counted once when their model is fitted.

``CreatorModel.fit`` builds these from the history and keeps them with the model: how many
posts had each lever and mark, and how each hashtag and each posting-time cell saved against
the creator's other posts. Each rule lives here once; tips and insights quote the results
(``models.read.evidence``, ``models.read.insights``) and never count again.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import msgspec
import numpy as np

from models.core.levers import LEVERS, MARKS
from models.fit.features import HOUR_BLOCK, LEVER_NAMES, PostInput, lever_flags
from models.text.language.folding import fold
from models.text.language.universal import MENTION_RE
from models.text.signals import detect_signals

if TYPE_CHECKING:
    from models.core.records import PostRecord

MIN_EVIDENCE = 5  # posts on each side of a lever before the creator's own history measures it
COUNTED = (*LEVER_NAMES, *(mark.name for mark in MARKS))  # what ``lever_counts`` counts


class HashtagStat(msgspec.Struct, frozen=True, kw_only=True):
    """One hashtag of the history: the posts using it and how they saved against the others."""

    hashtag: str
    posts: int
    relative_save_rate: float  # geometric-mean save rate of its posts over that of the other posts
    saves_per_1k: float  # median of its posts


class TimeCell(msgspec.Struct, frozen=True, kw_only=True):
    """One weekday x hour block the creator has posted in, and how those posts saved against the others."""

    weekday: int  # 0 = Monday
    block: int | None  # hours [block * HOUR_BLOCK, (block + 1) * HOUR_BLOCK); None: the whole day
    posts: int
    relative_save_rate: float
    saves_per_1k: float


def lever_counts(inputs: Sequence[PostInput]) -> dict[str, int]:
    """How many history posts had each lever on (the rest lacked it), and how many record a text overlay."""
    counts = Counter()
    for post in inputs:
        for name, on in lever_flags(post).items():
            counts[name] += int(on)
        signals = detect_signals(post.caption)
        counts["question"] += int(signals.question)
        counts["number_list"] += int(signals.has_number_list)
        counts["has_emoji"] += int(signals.n_emoji > 0)
        counts["has_mentions"] += int(signals.n_mentions > 0)
    out = {name: counts[name] for name in COUNTED}
    for lever in LEVERS:
        if lever.on_post:  # how many posts record it at all ("text_overlay_known")
            out[f"{lever.name}_known"] = sum(1 for p in inputs if getattr(p, lever.on_post) is not None)
    return out


def lever_split(counts: dict[str, int], n_posts: int, lever: str) -> tuple[int, int]:
    """(posts with the lever, posts without it). A lever a post's field holds (a text overlay)
    counts only where the history records that field."""
    total = counts.get(f"{lever}_known", n_posts)
    return counts[lever], total - counts[lever]


def relative_to_rest(y: np.ndarray, members: np.ndarray) -> float:
    """Geometric-mean save rate of the ``members`` (a boolean mask over log rates ``y``) over every other post's."""
    rest = ~members
    if not members.any() or not rest.any():
        return 1.0
    return float(np.exp(y[members].mean() - y[rest].mean()))


def hashtag_stats(inputs: Sequence[PostInput], y: np.ndarray, rates: np.ndarray) -> list[HashtagStat]:
    """Per hashtag: posts using it, their median save rate, and that rate against the other posts."""
    by_tag: dict[str, list[int]] = {}
    for i, post in enumerate(inputs):
        for tag in set(post.hashtags):
            by_tag.setdefault(tag, []).append(i)
    stats = []
    for tag, rows in by_tag.items():
        members = np.zeros(len(y), dtype=bool)
        members[rows] = True
        stats.append(
            HashtagStat(
                hashtag=tag,
                posts=len(rows),
                relative_save_rate=relative_to_rest(y, members),
                saves_per_1k=float(np.median(rates[members])),
            )
        )
    return sorted(stats, key=lambda s: (-s.posts, s.hashtag))


def time_stats(inputs: Sequence[PostInput], y: np.ndarray, rates: np.ndarray) -> list[TimeCell]:
    """Per weekday x hour block the creator has posted in: count, median rate, rate vs other times.

    Only posts with a time of day count in a block: a date alone is not a post at midnight.
    When fewer than half the posts have a time, the cells are whole days (``block`` None) of
    every post, so a history of dates is read by the days it posted on.
    """
    timed = sum(1 for post in inputs if post.hour is not None)
    by_hours = timed and 2 * timed >= len(inputs)
    cells: dict[tuple[int, int | None], list[int]] = {}
    for i, post in enumerate(inputs):
        if post.weekday is None or (by_hours and post.hour is None):
            continue
        cells.setdefault((post.weekday, post.hour // HOUR_BLOCK if by_hours else None), []).append(i)
    stats = []
    for (day, block), rows in sorted(cells.items(), key=lambda item: (item[0][0], item[0][1] or 0)):
        members = np.zeros(len(y), dtype=bool)
        members[rows] = True
        stats.append(
            TimeCell(
                weekday=day,
                block=block,
                posts=len(rows),
                relative_save_rate=relative_to_rest(y, members),
                saves_per_1k=float(np.median(rates[members])),
            )
        )
    return stats


MIN_BRAND_NAME = 4  # a mention and a tag sharing fewer letters than this are not the same name
_LETTERS = re.compile(r"[\W_]+", re.UNICODE)


def _letters(text: str) -> str:
    return _LETTERS.sub("", fold(text))


def hashtag_usage(records: Sequence[PostRecord], hashtags: Sequence[Iterable[str]]) -> dict[str, tuple[int, int, str]]:
    """Per hashtag (``hashtags[i]`` are post i's): the distinct calendar months its posts went out in,
    the days from its first post to its last, and the account its captions mention that shares its
    name ("" when none), on half its posts or more.

    Stored with the model (``CreatorModel.hashtag_usage_``); ``models.read.hashtag_rates`` reads it to tell a
    campaign's or a brand's tag from one a creator could reuse.
    """
    months: dict[str, set[tuple[int, int]]] = {}
    days: dict[str, list[float]] = {}
    posts: Counter[str] = Counter()
    brands: dict[str, Counter[str]] = {}
    for record, tags in zip(records, hashtags, strict=True):
        mentions = {"@" + m.casefold().lstrip("@"): _letters(m) for m in MENTION_RE.findall(record.caption)}
        for tag in set(tags):
            posts[tag] += 1
            months.setdefault(tag, set()).add((record.created_at.year, record.created_at.month))
            days.setdefault(tag, []).append(record.created_at.timestamp() / 86400)
            name = _letters(tag)
            for handle, letters in mentions.items():
                shared = letters if letters in name else name if name in letters else ""
                if len(shared) >= MIN_BRAND_NAME:
                    brands.setdefault(tag, Counter())[handle] += 1
    usage = {}
    for tag, used in months.items():
        brand, n = (brands.get(tag) or Counter({"": 0})).most_common(1)[0]
        span = int(max(days[tag]) - min(days[tag]))
        usage[tag] = (len(used), span, brand if n * 2 >= posts[tag] else "")
    return usage
