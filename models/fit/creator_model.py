"""CreatorModel: everything learned about one creator, fitted from their history.

Holds the SaveRateModel plus what scoring and tips need besides it: the baseline, the
creator's own smoothed rates (for percentiles and the median that ``check`` uses), how
many posts had each lever, how its hashtags and posting times saved (``models.fit.history_stats``
builds and types those), and when it posts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import msgspec
import numpy as np

from models.core.levers import LEVERS
from models.core.records import Draft, PostRecord, synthetic_history
from models.core.words import plural
from models.fit.clock import model_clock, zone_of
from models.fit.features import (
    META_NAMES,
    SHARED_NAMES,
    PostInput,
    _meta_row,
    dominant_utc_offset_min,
    draft_to_input,
    meaning_texts,
    records_to_inputs,
)
from models.fit.history_stats import MIN_EVIDENCE, hashtag_stats, hashtag_usage, lever_counts, lever_split, time_stats
from models.fit.population import LinearPrior, stated_prior
from models.fit.population_stats import CreatorStats
from models.fit.quality import ModelCheck, check_model
from models.fit.target import baseline_saves_per_1k, relative_log_rate, smoothed_saves_per_1k
from models.text.embeddings import embed_texts
from models.text.encoders import check_encoder_name, default_encoder_name
from models.text.language.identify import language_of
from models.text.language.universal import MENTION_RE
from models.text.signals import detect_signals

if TYPE_CHECKING:  # fitting imports scikit-learn; a loaded model is scored without it
    from models.fit.estimator import SaveRateModel

MIN_POSTS = 3  # below this not even a baseline and its spread; the model is then mostly its prior
LOW_HISTORY_POSTS = 20  # below this a prediction says it rests on too little history


class HistoryTooShort(ValueError):
    """A creator's history holds too few usable posts to learn from."""


class CreatorModel:
    """One creator's fitted model and the statistics its scores and tips are read against.

    ``encoder`` names the caption encoder (default: ``models.text.encoders``' choice); the model
    records it and is always scored with it.
    """

    def __init__(self, creator_id: str, estimator: SaveRateModel | None = None, encoder: str | None = None):
        self.creator_id = creator_id
        self.estimator = estimator
        self.encoder = encoder

    def fit(
        self,
        records: Sequence[PostRecord],
        *,
        population: LinearPrior | None = None,
        show_progress: bool = False,
        themes: bool = True,
    ) -> CreatorModel:
        """Fit on the creator's history, shrunk towards ``population`` (stated priors when None).

        ``themes=False`` skips clustering the captions into themes (insights and one tip read
        them; predictions do not): the time-split evaluation only predicts.
        """
        from sklearn.base import clone

        from models.fit.estimator import SaveRateModel
        from models.fit.themes import find_themes

        self.encoder_ = check_encoder_name(self.encoder or default_encoder_name())
        prepared = _prepare(self.creator_id, records, self.encoder_, show_progress=show_progress)
        records, saves, views, inputs, y, embeddings = prepared
        self.baseline_per_1k_ = baseline_saves_per_1k(saves, views)
        self.utc_offset_min_ = dominant_utc_offset_min(records)
        self.timezone_ = zone_of(records)  # the IANA zone the history was read in (``models.fit.clock``), or None

        if population is None:
            # No other creators: the guide's stated lifts, for the levers this history shows
            # too little of to measure (fewer than MIN_EVIDENCE posts with or without).
            counts = lever_counts(inputs)
            thin = [lever.name for lever in LEVERS if min(lever_split(counts, len(inputs), lever.name)) < MIN_EVIDENCE]
            population = stated_prior(SHARED_NAMES, levers=thin)
        # A copy is fitted (scikit-learn's clone): the estimator given stays the unfitted parameter it was.
        estimator = clone(self.estimator) if self.estimator is not None else SaveRateModel()
        self.estimator_ = estimator.set_params(encoder=self.encoder_).fit(
            inputs, y, embeddings=embeddings, prior=population
        )
        self.prior_source_ = self.estimator_.prior_.source
        self.population_creators_ = self.estimator_.prior_.n_creators
        self.population_posts_ = self.estimator_.prior_.n_posts
        self.n_posts_ = len(records)
        # Generated posts (the bundled sample): the model's numbers are a demonstration, and say so.
        self.synthetic_ = synthetic_history(records)
        self.trained_at_ = datetime.now(UTC).isoformat(timespec="seconds")
        self.first_post_at_ = records[0].created_at.isoformat()
        self.last_post_at_ = records[-1].created_at.isoformat()
        self.post_rates_ = np.sort(smoothed_saves_per_1k(saves, views, self.baseline_per_1k_))
        self.median_per_1k_ = float(np.median(self.post_rates_))
        gaps = np.diff([r.created_at.timestamp() for r in records]) / 3600.0
        self.median_gap_hours_ = float(np.median(gaps)) if len(gaps) else None
        self.lever_counts_ = lever_counts(inputs)
        self.sound_counts_ = dict(Counter(p.sound for p in inputs if p.sound))
        self.caption_words_ = np.array([detect_signals(p.caption).n_words for p in inputs])
        self.durations_ = np.array([p.duration_s for p in inputs if p.duration_s], dtype=float)
        self.gaps_hours_ = np.asarray(gaps, dtype=float)
        # A draft planned long after the last post we know of probably follows posts we do
        # not know of (a stale history): past this gap, cadence counts as unknown.
        self.max_known_gap_hours_ = max(48.0, 2.0 * float(np.percentile(gaps, 95))) if len(gaps) else 48.0
        self.top_mentions_ = [
            m for m, _ in Counter(m.casefold() for r in records for m in MENTION_RE.findall(r.caption)).most_common(3)
        ]
        rates = smoothed_saves_per_1k(saves, views, self.baseline_per_1k_)
        self.hashtag_stats_ = hashtag_stats(inputs, y, rates)
        # When and beside which mentions each tag was used: a campaign's or a brand's tag is not advised.
        self.hashtag_usage_ = hashtag_usage(records, [p.hashtags for p in inputs])
        self.time_stats_ = time_stats(inputs, y, rates)
        # The creator's usual language: what a draft too short to identify is written to in.
        languages = Counter(language_of(r.caption, default="") for r in records)
        languages.pop("", None)
        self.language_ = languages.most_common(1)[0][0] if languages else "en"
        self.themes_ = find_themes([r.caption for r in records], embeddings, y, rates) if themes else []
        self.evaluation_ = {}  # the time-split test, once training has run one (record_evaluation)
        return self

    def record_evaluation(self, report: dict | None) -> CreatorModel:
        """Keep the time-split test (``EvaluationReport`` as plain numbers) with the model.

        Scores and insights read from it whether the model beats every simple guess
        (``models.fit.quality``), and the page draws its held-out predictions beside the actuals.
        """
        self.evaluation_ = dict(report or {})
        return self

    # -- reading -------------------------------------------------------------------
    @property
    def encoder_name(self) -> str:
        """The encoder this model was trained with, and the only one it is scored with."""
        return self.encoder_

    @property
    def language(self) -> str:
        """The creator's usual caption language: what a too-short draft is advised in."""
        return self.language_

    @property
    def prior_source(self) -> str:
        """What the model was shrunk towards: "population" or "prior" (the stated priors)."""
        return self.prior_source_

    @property
    def synthetic(self) -> bool:
        """Whether it was trained on a synthetic history (a model stored before the mark: real)."""
        return getattr(self, "synthetic_", False)

    @property
    def check(self) -> ModelCheck:
        """Whether this model beat every simple guess on their latest posts (UNTESTED if never tested)."""
        return check_model(self.evaluation_)

    @property
    def low_history(self) -> bool:
        return self.n_posts_ < LOW_HISTORY_POSTS

    @property
    def clock(self) -> tzinfo:
        """The creator's clock: their zone when one was given, else their history's usual offset."""
        return model_clock(self)

    @property
    def last_post_datetime(self) -> datetime:
        return datetime.fromisoformat(self.last_post_at_)

    def post_for(self, draft: Draft) -> PostInput:
        """A draft as this model sees it: on the creator's clock, cadence from their last post.

        Cadence from a stale history is not evidence: a draft planned implausibly long after
        the last post we know of gets an unknown gap.
        """
        post = draft_to_input(
            draft, last_post_at=self.last_post_datetime, utc_offset_min=self.utc_offset_min_, clock=self.clock
        )
        if post.gap_hours is not None and post.gap_hours > self.max_known_gap_hours_:
            return msgspec.structs.replace(post, gap_hours=None)
        return post

    def percentile(self, saves_per_1k: float) -> float:
        """Share of the creator's own posts (smoothed) below this rate, 0-100."""
        return float(100.0 * np.searchsorted(self.post_rates_, saves_per_1k, side="left") / len(self.post_rates_))


def _prepare(creator_id: str, records: Sequence[PostRecord], encoder: str, *, show_progress: bool = False):
    """Sorted records, counts, model inputs, targets and caption embeddings of one history."""
    records = sorted(records, key=lambda r: r.created_at)
    if len(records) < MIN_POSTS:
        raise HistoryTooShort(
            f"creator {creator_id!r} has {plural(len(records), 'usable post')}; at least {MIN_POSTS} are needed"
        )
    saves = np.array([r.saves for r in records], dtype=float)
    views = np.array([r.views for r in records], dtype=float)
    zone = zone_of(records)
    inputs = records_to_inputs(records, dominant_utc_offset_min(records), ZoneInfo(zone) if zone else None)
    y = relative_log_rate(saves, views, baseline_saves_per_1k(saves, views))
    embeddings = embed_texts(meaning_texts(inputs), encoder=encoder, show_progress=show_progress)
    return records, saves, views, inputs, y, embeddings


def creator_stats(creator_id: str, records: Sequence[PostRecord], encoder: str | None = None) -> CreatorStats:
    """This creator's contribution to the population model (within-creator sufficient statistics)."""
    encoder = check_encoder_name(encoder or default_encoder_name())
    _, _, _, inputs, y, embeddings = _prepare(creator_id, records, encoder)
    meta = np.array([_meta_row(p) for p in inputs], dtype=np.float64)
    # Unknown values take the creator's own mean: after centring they say nothing.
    known = ~np.isnan(meta)
    sums = np.where(known, meta, 0.0).sum(axis=0)
    means = np.divide(sums, known.sum(axis=0), out=np.zeros(len(META_NAMES)), where=known.any(axis=0))
    meta = np.where(known, meta, means)
    shared = np.hstack([meta, embeddings.astype(np.float64)])
    # A synthetic history pools only with its own kind (``models.fit.population``).
    counts = lever_counts(inputs)
    levers = {lever.name: lever_split(counts, len(inputs), lever.name) for lever in LEVERS}
    return CreatorStats.from_rows(
        creator_id, encoder, SHARED_NAMES, shared, y, synthetic=synthetic_history(records), levers=levers
    )
