"""A creator's track record: the drafts it scored, matched later to the posts they became.

Every draft scored (API, CLI, page) is remembered per creator as a fingerprint of its
normalised caption (never the text), the model version, prediction, 80% interval, planned
time and when it was scored. When a later history holds a post with the same fingerprint,
posted no earlier than a day before the draft was scored (a day of slack for histories known
by dates only), the pair is recorded: predicted against really saved, inside the interval
or not. The running figures are what no offline test can show: how the model did on posts
it priced *before* they existed.

The record is one JSON file in the creator's own directory of the models directory
(``<creator_id>/track-record.json``), so it goes with the creator; it is written atomically
under a lock file, since the API (scores) and a training process (matches) both write it.
Drafts wait at most ``KEPT_DAYS``; pairs are kept as long.
"""

from __future__ import annotations

import fcntl
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import NamedTuple

import msgspec
import numpy as np

from models.core.atomic_files import atomic_write
from models.core.pair_order import PAIR_DAYS, pair_order
from models.core.results import Interval, OutputStruct

TRACK_FILE = "track-record.json"
KEPT_DAYS = 180  # a draft not posted within this is forgotten; a recorded pair is kept as long
MAX_DRAFTS = 2_000  # per creator: the oldest waiting drafts go first beyond this
MIN_FOR_RANGE = 8  # recorded posts before their interval coverage gets an 80% range
MATCH_SLACK = timedelta(days=1)  # a post dated by day only may carry a time before the draft was scored
_Z80 = 1.2815515655446004  # the normal quantile of a two-sided 80% range
_HASHTAG = re.compile(r"#[^\s#]+")
_SPACE = re.compile(r"\s+")


class RememberedDraft(msgspec.Struct, frozen=True, kw_only=True):
    """A scored draft waiting for its post: no caption text, only its fingerprint."""

    fingerprint: str
    model_version: str
    predicted_saves_per_1k: float
    low: float  # the 80% interval, saves per 1k views
    high: float
    planned_at: str | None
    scored_at: str


class TrackedPair(OutputStruct):
    """A remembered draft and the post it became: what was predicted and what it really saved."""

    fingerprint: str
    model_version: str
    predicted_saves_per_1k: float
    low: float
    high: float
    planned_at: str | None
    scored_at: str
    posted_at: str
    saved_per_1k: float  # what the post really saved, per 1,000 views
    inside: bool  # within the 80% interval
    post_key: str  # a digest of the post's id, so one post is paired once


class TrackFile(msgspec.Struct, kw_only=True):
    schema: int = 1
    drafts: list[RememberedDraft] = []
    pairs: list[TrackedPair] = []


class Figure(OutputStruct):
    """A running share with its count and, once there are enough, an 80% range."""

    count: int  # pairs behind the share (post pairs for the order figure)
    share: float | None  # None: nothing to count yet
    low: float | None  # the 80% range, None below MIN_FOR_RANGE
    high: float | None


class TrackRecord(OutputStruct):
    """``GET /v1/creators/{id}/track-record``: every recorded pair, the running figures, what waits."""

    creator_id: str
    kept_days: int
    drafts_waiting: int  # scored, not yet seen in a history
    pairs: list[TrackedPair]
    ordered_right: Figure  # pairs of recorded posts at most PAIR_DAYS apart the predictions put in the right order
    interval_coverage: Figure  # recorded posts inside their 80% interval
    sentence: str


# -- fingerprints -------------------------------------------------------------------------------------


def normalise_caption(caption: str) -> str:
    """The caption as matched: hashtags dropped (a history lists them apart), Unicode-normalised,
    case-folded, whitespace collapsed. Typing the same words again gives the same text."""
    text = unicodedata.normalize("NFKC", caption or "")
    text = _HASHTAG.sub(" ", text).casefold()
    return _SPACE.sub(" ", text).strip()


def caption_fingerprint(creator_id: str, caption: str) -> str | None:
    """A digest of the normalised caption, salted with the creator (None for an empty caption:
    it cannot tell one post from another)."""
    text = normalise_caption(caption)
    if not text:
        return None
    return hashlib.sha256(f"{creator_id}\x00{text}".encode()).hexdigest()[:32]


# -- the store ----------------------------------------------------------------------------------------


def track_file(models_dir: Path, creator_id: str) -> Path:
    return Path(models_dir) / creator_id / TRACK_FILE


@contextmanager
def _locked(models_dir: Path, creator_id: str):
    """One writer at a time per creator, across processes (the API and a training process)."""
    lock = Path(models_dir) / creator_id / ".track-record.lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with lock.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def read_track_file(models_dir: Path, creator_id: str) -> TrackFile:
    path = track_file(models_dir, creator_id)
    try:
        return msgspec.json.decode(path.read_bytes(), type=TrackFile)
    except FileNotFoundError:
        return TrackFile()
    except (msgspec.DecodeError, msgspec.ValidationError):
        return TrackFile()  # unreadable: start again rather than refuse to score


def _write(models_dir: Path, creator_id: str, record: TrackFile) -> None:
    atomic_write(track_file(models_dir, creator_id), msgspec.json.encode(record))


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text)


def _fresh(record: TrackFile, now: datetime) -> None:
    """Forget what is older than KEPT_DAYS, and the oldest waiting drafts beyond MAX_DRAFTS."""
    cutoff = now - timedelta(days=KEPT_DAYS)
    record.drafts = [d for d in record.drafts if _parse(d.scored_at) >= cutoff][-MAX_DRAFTS:]
    record.pairs = [p for p in record.pairs if _parse(p.posted_at) >= cutoff]


class Priced(NamedTuple):
    """One scored draft as the track record takes it (a ``Score`` or a compared variant gives these)."""

    caption: str
    planned_at: datetime | None
    predicted_saves_per_1k: float
    interval: Interval


def priced(drafts: Iterable, results: Iterable) -> list[Priced]:
    """Drafts and what scoring (or compare) returned for them, in the same order."""
    return [
        Priced(d.caption, d.planned_at, r.predicted_saves_per_1k, r.interval)
        for d, r in zip(drafts, results, strict=True)
    ]


def planned(plan) -> list[Priced]:
    """A plan's placements as priced drafts: each at the time it is planned for (None when planned by days)."""
    return [
        Priced(p.caption, datetime.fromisoformat(p.at) if p.at else None, p.predicted_saves_per_1k, p.interval)
        for p in plan.placements
    ]


def remember_scores(
    models_dir: Path, creator_id: str, model_version: str, scored: Iterable[Priced], *, now: datetime | None = None
) -> int:
    """Remember scored drafts; returns how many were kept.

    A caption scored again replaces its earlier entry (the latest price is the one that
    counts), and an empty caption is not kept (nothing could match it).
    """
    now = now or datetime.now(UTC)
    fresh: dict[str, RememberedDraft] = {}
    for item in scored:
        fingerprint = caption_fingerprint(creator_id, item.caption)
        if fingerprint is None:
            continue
        fresh[fingerprint] = RememberedDraft(
            fingerprint=fingerprint,
            model_version=model_version,
            predicted_saves_per_1k=item.predicted_saves_per_1k,
            low=item.interval.low,
            high=item.interval.high,
            planned_at=_iso(item.planned_at) if item.planned_at else None,
            scored_at=_iso(now),
        )
    if not fresh:
        return 0
    with _locked(models_dir, creator_id):
        record = read_track_file(models_dir, creator_id)
        record.drafts = [d for d in record.drafts if d.fingerprint not in fresh] + list(fresh.values())
        _fresh(record, now)
        _write(models_dir, creator_id, record)
    return len(fresh)


def match_posts(models_dir: Path, creator_id: str, posts: Sequence, *, now: datetime | None = None) -> int:
    """Pair remembered drafts with the posts of a history they became; returns how many pairs are new.

    A post pairs with a draft of the same fingerprint scored before it was posted (a day's
    slack), once: a post already paired, or a draft already paired, is not paired again.
    """
    now = now or datetime.now(UTC)
    path = track_file(models_dir, creator_id)
    if not path.exists():
        return 0
    with _locked(models_dir, creator_id):
        record = read_track_file(models_dir, creator_id)
        waiting = {d.fingerprint: d for d in record.drafts}
        paired_posts = {p.post_key for p in record.pairs}
        new: list[TrackedPair] = []
        for post in sorted(posts, key=lambda p: p.created_at):
            fingerprint = caption_fingerprint(creator_id, post.caption)
            draft = waiting.get(fingerprint) if fingerprint else None
            post_key = hashlib.sha256(f"{creator_id}\x00{post.post_id}".encode()).hexdigest()[:16]
            if draft is None or post_key in paired_posts or post.views <= 0:
                continue
            if post.created_at < _parse(draft.scored_at) - MATCH_SLACK:
                continue  # posted before it was priced: not a prediction
            saved = 1000.0 * post.saves / post.views
            new.append(
                TrackedPair(
                    fingerprint=fingerprint,
                    model_version=draft.model_version,
                    predicted_saves_per_1k=draft.predicted_saves_per_1k,
                    low=draft.low,
                    high=draft.high,
                    planned_at=draft.planned_at,
                    scored_at=draft.scored_at,
                    posted_at=_iso(post.created_at),
                    saved_per_1k=round(saved, 3),
                    inside=draft.low <= saved <= draft.high,
                    post_key=post_key,
                )
            )
            paired_posts.add(post_key)
            del waiting[fingerprint]
        if not new:
            return 0
        record.pairs += new
        record.drafts = list(waiting.values())
        _fresh(record, now)
        _write(models_dir, creator_id, record)
    return len(new)


# -- the running figures ------------------------------------------------------------------------------


def wilson_range(hits: int, n: int) -> tuple[float, float]:
    """The 80% Wilson range of a share: honest at small counts, never outside 0–1."""
    p = hits / n
    centre = (p + _Z80**2 / (2 * n)) / (1 + _Z80**2 / n)
    half = _Z80 * np.sqrt(p * (1 - p) / n + _Z80**2 / (4 * n * n)) / (1 + _Z80**2 / n)
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def ordered_right(pairs: Sequence[TrackedPair]) -> Figure:
    """The share of recorded post pairs (at most PAIR_DAYS apart) the predictions ordered right, with
    its 80% range over resampled posts (``models.core.pair_order``, as the time-split test measures it)."""
    if len(pairs) < 2:
        return Figure(count=0, share=None, low=None, high=None)
    order = pair_order(
        [_parse(p.posted_at).timestamp() for p in pairs],
        [p.predicted_saves_per_1k for p in pairs],
        [p.saved_per_1k for p in pairs],
    )
    return Figure(count=order.pairs, share=order.share, low=order.low, high=order.high)


def interval_coverage(pairs: Sequence[TrackedPair]) -> Figure:
    """The share of recorded posts inside their 80% interval, with its Wilson 80% range."""
    n = len(pairs)
    if not n:
        return Figure(count=0, share=None, low=None, high=None)
    hits = sum(p.inside for p in pairs)
    if n < MIN_FOR_RANGE:
        return Figure(count=n, share=round(hits / n, 3), low=None, high=None)
    low, high = wilson_range(hits, n)
    return Figure(count=n, share=round(hits / n, 3), low=round(low, 3), high=round(high, 3))


def _percent(figure: Figure) -> str:
    text = f"{figure.share:.0%}"
    if figure.low is not None:
        text += f" (80% range {figure.low:.0%}–{figure.high:.0%})"
    return text


def describe(pairs: Sequence[TrackedPair], order: Figure, coverage: Figure, waiting: int) -> str:
    """The track record in one plain sentence."""
    if not pairs:
        drafts = "1 scored draft waits" if waiting == 1 else f"{waiting} scored drafts wait"
        posts = "its post" if waiting == 1 else "their posts"
        return (
            f"No scored draft has been seen posted yet; {drafts} for a history that holds {posts} "
            "(matched by caption)."
        )
    posts = "1 post" if len(pairs) == 1 else f"{len(pairs)} posts"
    text = f"Of {posts} scored before you posted them, {_percent(coverage)} landed inside their 80% range"
    if order.share is None:
        text += f"; none were posted within {PAIR_DAYS} days of another to compare their order."
    else:
        text += f"; of {order.count} pairs posted within {PAIR_DAYS} days, {_percent(order)} were ordered right."
    if order.low is None or coverage.low is None:
        text += " Ranges come once there are more pairs."
    return text


def track_record(models_dir: Path, creator_id: str) -> TrackRecord:
    record = read_track_file(models_dir, creator_id)
    pairs = sorted(record.pairs, key=lambda p: p.posted_at)
    order, coverage = ordered_right(pairs), interval_coverage(pairs)
    return TrackRecord(
        creator_id=creator_id,
        kept_days=KEPT_DAYS,
        drafts_waiting=len(record.drafts),
        pairs=pairs,
        ordered_right=order,
        interval_coverage=coverage,
        sentence=describe(pairs, order, coverage, len(record.drafts)),
    )


def totals(models_dir: Path) -> dict[str, int]:
    """Counts over every creator, for /metrics: drafts waiting, pairs, pairs inside their interval."""
    counts = {"drafts_waiting": 0, "pairs": 0, "pairs_inside": 0}
    root = Path(models_dir)
    if not root.is_dir():
        return counts
    for path in root.glob(f"*/{TRACK_FILE}"):
        record = read_track_file(root, path.parent.name)
        counts["drafts_waiting"] += len(record.drafts)
        counts["pairs"] += len(record.pairs)
        counts["pairs_inside"] += sum(p.inside for p in record.pairs)
    return counts
