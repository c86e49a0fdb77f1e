"""Time-split evaluation: train on a creator's earlier 80%, judge on the latest 20%.

The metric is the one saveworthy is judged by: Spearman's rank correlation between
predicted and actual save rate within a creator's held-out posts, plus MAE in saves per
1,000 views. Four baselines run on the same split:

- ``creator_mean``: every post predicted at the creator's pooled training rate;
- ``creator_median``: every post predicted at the creator's median training post (what ``check`` compares with);
- ``recent_mean``: each post predicted at the mean rate of the 10 posts before it (the
  creator's running average, which a creator knows at posting time);
- ``hashtag_only``: a ridge regression on hashtags alone.

A constant prediction has no rank order, so its Spearman is reported as 0.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import msgspec
import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import RidgeCV
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer

from models.core.hashtags import extract_hashtags
from models.core.pair_order import PairOrder, pair_order
from models.core.records import Draft, PostRecord
from models.core.words import plural
from models.fit.creator_model import MIN_POSTS, CreatorModel, HistoryTooShort
from models.fit.estimator import SaveRateModel, spearman
from models.fit.features import draft_to_input, meaning_texts, records_to_inputs
from models.fit.population import LinearPrior
from models.fit.quality import TimelinePoint
from models.fit.target import relative_log_rate, smoothed_saves_per_1k, to_saves_per_1k
from models.text.embeddings import embed_texts

TEST_FRACTION = 0.2
RECENT_WINDOW = 10
MIN_TEST_POSTS_TO_JUDGE = 10
MAX_TIMELINE_POINTS = 60  # per part (training, held out): a chart, not a post list


class MethodScore(msgspec.Struct, frozen=True, kw_only=True):
    spearman: float
    mae_saves_per_1k: float


class EvaluationReport(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    n_posts: int
    n_train: int
    n_test: int
    model: MethodScore
    baselines: dict[str, MethodScore]
    cv_spearman: float | None
    chosen: dict[str, float]
    judged: bool  # False when the test split is too small for its numbers to mean much
    note: str
    creator_mean_saves_per_1k: float = 0.0  # the creator-mean baseline's one guess
    # Saves per 1k over time: the training posts, then the held-out posts with the model's
    # predictions beside them (at most MAX_TIMELINE_POINTS each, consecutive posts pooled).
    timeline: list[TimelinePoint] = []
    # The share of held-out post pairs at most 14 days apart the model ordered right, with its
    # 80% range (``models.core.pair_order``): what scores, compares and insights say of how well it ranks.
    pairs_ordered_right: PairOrder | None = None


def split_by_time(records: Sequence[PostRecord], test_fraction: float = TEST_FRACTION):
    """Earlier posts for training, the latest for testing; never the other way round."""
    ordered = sorted(records, key=lambda r: r.created_at)
    cut = max(1, round(len(ordered) * (1.0 - test_fraction)))
    return ordered[:cut], ordered[cut:]


def planned_draft(record: PostRecord) -> Draft:
    """A held-out post as a creator would plan it: what is known before posting, nothing after."""
    return Draft(
        caption=record.caption,
        hashtags=list(record.hashtags) or None,  # none given: read from the caption, as for any draft
        planned_at=record.created_at,
        duration_s=record.duration_s,
        sound=record.sound,
        text_overlay=record.text_overlay,
    )


def hashtag_lists(rows: Sequence[PostRecord]) -> list[dict[str, float]]:
    return [{tag: 1.0 for tag in (r.hashtags or extract_hashtags(r.caption))} for r in rows]


def hashtag_only_predictions(
    train: Sequence[PostRecord], test: Sequence[PostRecord], y_train: np.ndarray
) -> np.ndarray:
    if not any(hashtag_lists(train)):
        return np.full(len(test), float(np.mean(y_train)))  # no hashtags to learn from: a constant
    model = make_pipeline(FunctionTransformer(hashtag_lists), DictVectorizer(), RidgeCV(alphas=(0.3, 3.0, 30.0, 300.0)))
    return model.fit(list(train), y_train).predict(list(test))


def recent_mean_predictions(ordered: Sequence[PostRecord], n_train: int, baseline: float) -> np.ndarray:
    saves = np.array([r.saves for r in ordered], dtype=float)
    views = np.array([r.views for r in ordered], dtype=float)
    rates = smoothed_saves_per_1k(saves, views, baseline)
    return np.array([rates[max(0, i - RECENT_WINDOW) : i].mean() for i in range(n_train, len(ordered))])


def _rate_per_1k(rows: Sequence[PostRecord]) -> np.ndarray:
    return np.array([1000.0 * r.saves / max(r.views, 1) for r in rows], dtype=float)


def timeline_points(
    rows: Sequence[PostRecord], actual: np.ndarray, predicted: np.ndarray | None
) -> list[TimelinePoint]:
    """Posts in time order pooled into at most MAX_TIMELINE_POINTS groups of consecutive posts."""
    size = max(1, -(-len(rows) // MAX_TIMELINE_POINTS))
    points = []
    for start in range(0, len(rows), size):
        group = slice(start, start + size)
        points.append(
            TimelinePoint(
                at=rows[start].created_at.date().isoformat(),
                posts=len(rows[group]),
                actual_saves_per_1k=round(float(actual[group].mean()), 3),
                predicted_saves_per_1k=None if predicted is None else round(float(predicted[group].mean()), 3),
            )
        )
    return points


def _method(pred: np.ndarray, actual: np.ndarray) -> MethodScore:
    return MethodScore(
        spearman=round(spearman(pred, actual), 4), mae_saves_per_1k=round(float(np.mean(np.abs(pred - actual))), 4)
    )


def evaluate_creator(
    records: Sequence[PostRecord],
    creator_id: str,
    model: CreatorModel | None = None,
    *,
    population: LinearPrior | None = None,
    encoder: str | None = None,
    show_progress: bool = False,
) -> EvaluationReport:
    """Fit on the earlier 80% (shrunk towards ``population``) and report it and the baselines on the latest 20%."""
    if len(records) < MIN_POSTS + 2:
        raise HistoryTooShort(
            f"creator {creator_id!r} has {plural(len(records), 'post')}; evaluation needs at least {MIN_POSTS + 2}"
        )
    train, test = split_by_time(records)
    # The evaluation needs predictions only: no bootstrap ensemble for tip intervals, no themes.
    fitted = (model or CreatorModel(creator_id, estimator=SaveRateModel(n_bootstrap=0), encoder=encoder)).fit(
        train, population=population, show_progress=show_progress, themes=False
    )
    base = fitted.baseline_per_1k_

    # Each held-out post is scored as a draft planned at its real time, as a creator would.
    inputs = [
        draft_to_input(
            planned_draft(r),
            last_post_at=fitted.last_post_datetime,
            utc_offset_min=fitted.utc_offset_min_,
            clock=fitted.clock,
        )
        for r in test
    ]
    # Cadence is known at posting time from the creator's own calendar: use the real gaps. A post
    # known by its date alone has no hour, as in training (its midnight is not when it went out).
    real = records_to_inputs([*train[-1:], *test], fitted.utc_offset_min_, fitted.clock)[1:]
    inputs = [
        msgspec.structs.replace(p, gap_hours=q.gap_hours, hour=q.hour, weekday=q.weekday)
        for p, q in zip(inputs, real, strict=True)
    ]
    predicted = np.asarray(to_saves_per_1k(fitted.estimator_.predict(inputs), base))
    population_only = None
    if population is not None:
        # The population model alone: what the creator would get with no history of their own.
        est = fitted.estimator_
        embeddings = embed_texts(meaning_texts(inputs), encoder=est.encoder_)
        shared = est.featurizer_.shared_rows(est.featurizer_.transform(inputs, embeddings), embeddings)
        population_only = np.asarray(to_saves_per_1k(shared @ population.coef, base))

    saves = np.array([r.saves for r in test], dtype=float)
    views = np.array([r.views for r in test], dtype=float)
    actual = 1000.0 * saves / np.maximum(views, 1.0)
    timeline = [*timeline_points(train, _rate_per_1k(train), None), *timeline_points(test, actual, predicted)]
    y_train = relative_log_rate(np.array([r.saves for r in train]), np.array([r.views for r in train]), base)
    hashtag_pred = np.asarray(to_saves_per_1k(hashtag_only_predictions(train, test, y_train), base))
    ordered = [*train, *test]
    baselines = {
        "creator_mean": _method(np.full(len(test), base), actual),
        "creator_median": _method(np.full(len(test), fitted.median_per_1k_), actual),
        "recent_mean": _method(recent_mean_predictions(ordered, len(train), base), actual),
        "hashtag_only": _method(hashtag_pred, actual),
    }
    if population_only is not None:
        baselines["population_only"] = _method(population_only, actual)
    judged = len(test) >= MIN_TEST_POSTS_TO_JUDGE
    note = f"trained on the earliest {len(train)} posts, tested on the latest {len(test)}" + (
        "" if judged else f"; with fewer than {MIN_TEST_POSTS_TO_JUDGE} test posts these figures are mostly noise"
    )
    est = fitted.estimator_
    return EvaluationReport(
        creator_id=creator_id,
        n_posts=len(records),
        n_train=len(train),
        n_test=len(test),
        model=_method(predicted, actual),
        baselines=baselines,
        cv_spearman=None if est.cv_spearman_ is None else round(est.cv_spearman_, 4),
        chosen={
            "alpha": float(est.alpha_),
            "embedding_weight": float(est.embedding_weight_),
            "prior_weight": float(est.prior_weight_),
            "meaning_prior_weight": float(est.meaning_prior_weight),
            "neighbour_weight": float(est.neighbour_weight_),
        },
        judged=judged,
        note=note,
        creator_mean_saves_per_1k=round(float(base), 3),
        timeline=timeline,
        pairs_ordered_right=pair_order([r.created_at.timestamp() for r in test], predicted, actual),
    )


def evaluate_groups(groups: Mapping[str, Sequence[PostRecord]]) -> tuple[list[EvaluationReport], list[str]]:
    """Each creator's time-split report, and why each creator too short to evaluate was left out."""
    reports, skipped = [], []
    for creator_id, records in groups.items():
        try:
            reports.append(evaluate_creator(records, creator_id))
        except HistoryTooShort as exc:
            skipped.append(str(exc))
    return reports, skipped
