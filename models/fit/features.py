"""From records and drafts to one numeric matrix: the guide's levers plus caption meaning.

``PostInput`` is what the model sees of a post, the same for history and drafts, so a
counterfactual tip is just a ``PostInput`` with one field changed.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import lru_cache

import msgspec
import numpy as np

from models.core.fit_cache import once_per_fit
from models.core.hashtags import extract_hashtags, unique_hashtags
from models.core.levers import LEVERS
from models.core.records import SOUNDS, Draft, PostRecord
from models.text.embeddings import EMBEDDING_DIM, embed_texts
from models.text.signals import detect_signals, strip_for_meaning

HOUR_BLOCK = 3  # hours per posting-time bucket: 8 blocks a day
N_BLOCKS = 24 // HOUR_BLOCK
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# The binary levers whose columns tips switch on (``models.core.levers``), in column order.
LEVER_NAMES = tuple(lever.name for lever in LEVERS)
# The levers a post's own field holds rather than its caption (a text overlay), and those fields.
_POST_LEVERS = tuple(lever for lever in LEVERS if lever.on_post)
# The named columns every creator has (then come their own hashtags and caption meaning).
META_NAMES: tuple[str, ...] = (
    *LEVER_NAMES,
    "question",
    "number_list",
    "log_words",
    "log_chars",
    "n_hashtags",
    "has_emoji",
    "log_emoji",
    "has_mentions",
    *(f"sound={s}" for s in SOUNDS),
    "log_duration",
    "log_duration_sq",
    *(f"block={b}" for b in range(N_BLOCKS)),
    *(f"weekday={d}" for d in range(7)),
    "log_gap",
)
SHARED_NAMES: tuple[str, ...] = (*META_NAMES, *(f"emb{i}" for i in range(EMBEDDING_DIM)))
MIN_COMPONENT_VARIANCE = 0.005  # a meaning component must carry 0.5% of the captions' variance


class NotFittedError(ValueError, AttributeError):
    """A featurizer or model asked for what only fitting gives it (as scikit-learn's, without importing it)."""


class PostInput(msgspec.Struct, frozen=True, kw_only=True):
    """A post as the model sees it. ``caption`` is the full text; meaning comes from ``content``."""

    caption: str
    hashtags: tuple[str, ...]
    hour: int | None  # local hour 0-23, None when unknown (a draft without planned_at)
    weekday: int | None
    duration_s: float | None = None
    sound: str | None = None
    text_overlay: bool | None = None
    gap_hours: float | None = None
    # Tips set these to force a lever on regardless of wording (e.g. "reframe as a how-to").
    force: tuple[str, ...] = ()


def local_time(moment: datetime, utc_offset_min: int, clock: tzinfo | None = None) -> datetime:
    """``moment`` on the creator's clock: their zone when known (``models.fit.clock``), else a fixed offset."""
    return moment.astimezone(clock or timezone(timedelta(minutes=utc_offset_min)))


def dominant_utc_offset_min(records: Sequence[PostRecord]) -> int:
    """The offset most of a creator's timestamps carry: their local clock for hours and days."""
    offsets = Counter(int(r.created_at.utcoffset().total_seconds() // 60) for r in records)
    return offsets.most_common(1)[0][0] if offsets else 0


def records_to_inputs(
    records: Sequence[PostRecord], utc_offset_min: int, clock: tzinfo | None = None
) -> list[PostInput]:
    """History (sorted by time) to model inputs; the gap is hours since the previous post.

    A post known by its date alone has that date's weekday and no hour: its midnight is not a
    time it was posted at.
    """
    inputs = []
    previous: datetime | None = None
    for record in records:
        at = record.created_at if record.date_only else local_time(record.created_at, utc_offset_min, clock)
        gap = None if previous is None else max((record.created_at - previous).total_seconds() / 3600.0, 0.0)
        previous = record.created_at
        inputs.append(
            PostInput(
                caption=record.caption,
                hashtags=record.hashtags or extract_hashtags(record.caption),
                hour=None if record.date_only else at.hour,
                weekday=at.weekday(),
                duration_s=record.duration_s,
                sound=record.sound,
                text_overlay=record.text_overlay,
                gap_hours=gap,
            )
        )
    return inputs


def draft_to_input(
    draft: Draft, *, last_post_at: datetime | None, utc_offset_min: int, clock: tzinfo | None = None
) -> PostInput:
    """A draft as the model sees it; posting time and gap stay unknown unless planned."""
    hashtags = unique_hashtags(draft.hashtags or ()) or extract_hashtags(draft.caption)
    hour = weekday = gap = None
    if draft.planned_at is not None:
        planned = draft.planned_at if draft.planned_at.tzinfo else draft.planned_at.replace(tzinfo=UTC)
        at = local_time(planned, utc_offset_min, clock)
        hour, weekday = at.hour, at.weekday()
        if last_post_at is not None:
            gap = max((planned - last_post_at).total_seconds() / 3600.0, 0.0)
    return PostInput(
        caption=draft.caption,
        hashtags=hashtags,
        hour=hour,
        weekday=weekday,
        duration_s=draft.duration_s,
        sound=draft.sound,
        text_overlay=draft.text_overlay,
        gap_hours=gap,
    )


def lever_flags(post: PostInput) -> dict[str, bool]:
    """The binary levers of a post, from its caption and metadata (and any forced on)."""
    return _caption_flags(detect_signals(post.caption), post.force, _on_post(post))


def _on_post(post: PostInput) -> tuple[bool | None, ...]:
    """The post's own fields that hold levers (``Lever.on_post``), None where unknown."""
    return tuple(getattr(post, lever.on_post) for lever in _POST_LEVERS)


def _caption_flags(signals, force: tuple[str, ...], on_post: tuple[bool | None, ...]) -> dict[str, bool]:
    posted = {lever.name: bool(value) for lever, value in zip(_POST_LEVERS, on_post, strict=True)}
    flags = {name: posted[name] if name in posted else getattr(signals, name) for name in LEVER_NAMES}
    for name in force:
        flags[name] = True
    return flags


class PostFeaturizer:
    """PostInputs → dense matrix: levers, text stats, hashtags, sound, time, cadence, meaning.

    ``fit`` learns which hashtags are common enough to have a column, the history's
    average of each metadata column (to fill what a draft leaves unknown), and a PCA of
    caption meaning, kept as two arrays (``meaning_mean_``, ``meaning_components_``). No
    targets are used. It follows scikit-learn's conventions (parameters in ``__init__``,
    ``fit`` returns self, learned attributes end in ``_``) without deriving from its
    classes: scoring loads a fitted one and must not import scikit-learn (about 1.5 s).
    """

    def __init__(self, min_hashtag_posts: int = 2, max_hashtags: int = 60, meaning_components: int = 48):
        self.min_hashtag_posts = min_hashtag_posts
        self.max_hashtags = max_hashtags
        self.meaning_components = meaning_components

    def fit(self, X: Sequence[PostInput], y=None, embeddings: np.ndarray | None = None):
        from sklearn.decomposition import PCA  # fitting only: scoring reads the arrays

        counts = Counter(tag for post in X for tag in set(post.hashtags))
        common = [tag for tag, n in counts.most_common() if n >= self.min_hashtag_posts]
        self.hashtags_ = tuple(common[: self.max_hashtags])
        if embeddings is None:
            embeddings = embed_texts(meaning_texts(X))
        # Caption meaning, compressed: a few dozen directions carry the themes a creator
        # has, and the ridge stays small enough to cross-validate many settings quickly.
        # Never more components than the distinct captions allow, and only components with
        # real variance: the scaler divides by a component's spread, so one with ~zero spread
        # in training would multiply a new draft's small value into an absurd prediction.
        # One decomposition: the leading components of a k-component PCA are those of a
        # smaller one, so keeping the first n_meaning_ rows replaces a second fit.
        distinct = len(np.unique(np.round(np.asarray(embeddings), 5), axis=0))
        k = max(1, min(self.meaning_components, distinct - 1, EMBEDDING_DIM))
        pca = PCA(n_components=k, random_state=0).fit(embeddings)
        ratio = np.nan_to_num(pca.explained_variance_ratio_)
        self.n_meaning_ = max(1, int(np.sum(ratio >= MIN_COMPONENT_VARIANCE))) if distinct > 1 else 0
        self.meaning_mean_ = np.asarray(pca.mean_, dtype=np.float64)
        self.meaning_components_ = np.asarray(pca.components_[: max(self.n_meaning_, 1)], dtype=np.float64)
        self.feature_names_ = self._names()
        rows = _meta_rows(X)
        # Unknown metadata (a draft with no planned time, a history without sounds) is
        # filled with the history's average, so it neither helps nor hurts a prediction.
        known = ~np.isnan(rows)
        sums = np.where(known, rows, 0.0).sum(axis=0)
        self.fill_ = np.divide(sums, known.sum(axis=0), out=np.zeros(rows.shape[1]), where=known.any(axis=0))
        return self

    def fit_transform(self, X: Sequence[PostInput], y=None, embeddings: np.ndarray | None = None) -> np.ndarray:
        return self.fit(X, embeddings=embeddings).transform(X, embeddings)

    def _names(self) -> list[str]:
        return [*META_NAMES, *(f"#{tag}" for tag in self.hashtags_), *(f"meaning{i}" for i in range(self.n_meaning_))]

    def shared_rows(self, F: np.ndarray, embeddings: np.ndarray) -> np.ndarray:
        """The columns every creator shares (for the population): metadata of ``F``, then the raw embedding."""
        return np.hstack([F[:, : len(META_NAMES)], np.asarray(embeddings, dtype=np.float64)])

    def _check_fitted(self) -> None:
        if not hasattr(self, "feature_names_"):
            raise NotFittedError("this PostFeaturizer is not fitted yet; call fit first")

    def meaning_slice(self) -> slice:
        """Columns of the caption-meaning block (the last ones)."""
        self._check_fitted()
        n = len(self.feature_names_)
        return slice(n - self.n_meaning_, n)

    def column(self, name: str) -> int:
        return self.feature_names_.index(name)

    def transform(
        self, X: Sequence[PostInput], embeddings: np.ndarray | None = None, embedding_rows: np.ndarray | None = None
    ) -> np.ndarray:
        """The feature matrix; pass ``embeddings`` (rows of X) to reuse them instead of encoding.

        With ``embedding_rows``, post ``i`` reads row ``embedding_rows[i]`` of ``embeddings``: a
        scored draft and its tip variants share one row, so its meaning is projected once.
        """
        self._check_fitted()
        meaning = self.meaning_slice()
        base = meaning.start - len(self.hashtags_)
        out = np.zeros((len(X), len(self.feature_names_)), dtype=np.float64)
        if not len(X):
            return out
        meta = _meta_rows(X)
        out[:, :base] = np.where(np.isnan(meta), self.fill_, meta)
        tag_index = self._tag_index()
        hits = [(i, j) for i, post in enumerate(X) for tag in post.hashtags if (j := tag_index.get(tag)) is not None]
        if hits:
            rows, cols = zip(*hits, strict=True)
            out[list(rows), [base + j for j in cols]] = 1.0
        if embeddings is None:
            embeddings = embed_texts(meaning_texts(X))
        # PCA.transform from its two arrays: this runs on every scored draft. In double: a float32
        # product moves in its 7th digit with the batch's shape, and a draft must score alike in any batch.
        if self.n_meaning_:
            centred = np.asarray(embeddings, dtype=np.float64) - self.meaning_mean_
            projected = centred @ np.asarray(self.meaning_components_, dtype=np.float64).T
            out[:, meaning] = projected if embedding_rows is None else projected[embedding_rows]
        return out

    def _tag_index(self) -> dict[str, int]:
        return _tag_index(self)


@once_per_fit(lambda featurizer: featurizer.hashtags_)
def _tag_index(featurizer: PostFeaturizer) -> dict[str, int]:
    return {tag: i for i, tag in enumerate(featurizer.hashtags_)}


def meaning_texts(posts: Sequence[PostInput]) -> list[str]:
    """What the encoder reads for each post (hashtags, mentions and save calls removed)."""
    return [strip_for_meaning(p.caption) for p in posts]


@lru_cache(maxsize=65_536)
def _caption_part(
    caption: str, force: tuple[str, ...], on_post: tuple[bool | None, ...], n_hashtags: int
) -> tuple[float, ...]:
    """The caption's columns (levers and text statistics): cached, since tip variants share captions."""
    nan = float("nan")
    signals = detect_signals(caption)
    flags = _caption_flags(signals, force, on_post)
    row = [float(flags[name]) for name in LEVER_NAMES]
    for lever, value in zip(_POST_LEVERS, on_post, strict=True):
        if value is None and lever.name not in force:
            row[LEVER_NAMES.index(lever.name)] = nan  # unknown, not off: filled like other unknowns
    row += [
        float(signals.question),
        float(signals.has_number_list),
        math.log1p(signals.n_words),
        math.log1p(signals.n_chars),
        float(min(n_hashtags, 15)),
        float(signals.n_emoji > 0),
        math.log1p(signals.n_emoji),
        float(signals.n_mentions > 0),
    ]
    return tuple(row)


def _meta_row(post: PostInput) -> tuple[float, ...]:
    """The non-hashtag, non-meaning columns; NaN marks a group whose value is unknown."""
    return tuple(_meta_rows([post])[0].tolist())


_SOUND_INDEX = {s: i for i, s in enumerate(SOUNDS)}


def _meta_rows(posts: Sequence[PostInput]) -> np.ndarray:
    """``_meta_row`` of every post as one matrix: each group filled for all rows at once.

    Only the caption's columns (cached per caption) and the logs are computed per row, with
    ``math`` as ``_meta_row`` does, so the values are the same to the last bit.
    """
    nan = float("nan")
    n = len(posts)
    caption = np.array(
        [_caption_part(p.caption, p.force, _on_post(p), len(p.hashtags)) for p in posts], dtype=np.float64
    ).reshape(n, len(LEVER_NAMES) + 8)
    sound = _one_hot([_SOUND_INDEX.get(p.sound, -1) for p in posts], len(SOUNDS))
    durations = [math.log(p.duration_s) if p.duration_s else nan for p in posts]
    duration = np.array(durations, dtype=np.float64)
    block = _one_hot([-1 if p.hour is None else p.hour // HOUR_BLOCK for p in posts], N_BLOCKS)
    weekday = _one_hot([-1 if p.weekday is None else p.weekday for p in posts], 7)
    gap = np.array([nan if p.gap_hours is None else math.log1p(p.gap_hours) for p in posts], dtype=np.float64)
    return np.hstack([caption, sound, duration[:, None], (duration * duration)[:, None], block, weekday, gap[:, None]])


def _one_hot(index: list[int], width: int) -> np.ndarray:
    """Rows of 0/1 with a 1 at ``index``; a row whose index is -1 (unknown) is all NaN."""
    index_array = np.asarray(index, dtype=np.intp).reshape(len(index))
    out = (index_array[:, None] == np.arange(width)).astype(np.float64)
    out[index_array < 0] = np.nan
    return out
