"""Scoring drafts: predicted saves per 1k views, interval, percentile, and ranked tips.

One encoder pass embeds every draft of a batch; every tip's counterfactual reuses its
draft's embedding, and the whole batch of drafts and changes is priced by the model's
bootstrap ensemble in a single matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.core.records import SYNTHETIC_WARNING, Draft
from models.core.results import Score, SimilarPosts
from models.core.threads import one_thread
from models.fit.creator_model import LOW_HISTORY_POSTS, CreatorModel
from models.fit.features import meaning_texts
from models.read.pricing import expected_saves, price_rows
from models.read.tips import Spread, draft_changes, rank_tips
from models.text.embeddings import embed_texts
from models.text.wording import writing_for

CHUNK_DRAFTS = 128  # drafts priced per matrix product: bounds memory on 1,000-draft batches


class EncoderMismatch(ValueError):
    """A model asked to score with another caption encoder than the one it was trained with."""


def score_drafts(
    model: CreatorModel,
    model_version: str,
    drafts: Sequence[Draft],
    *,
    with_tips: bool = True,
    encoder: str | None = None,
) -> list[Score]:
    """Score drafts for one creator; results keep the input order.

    Drafts are embedded with the encoder the model was trained with; naming another one
    (``encoder``) is refused, since its vectors would mean nothing to the model.
    """
    if encoder is not None and encoder != model.encoder_name:
        raise EncoderMismatch(
            f"the model of {model.creator_id!r} was trained with {model.encoder_name} captions and can only be "
            f"scored with {model.encoder_name}, not {encoder}; retrain it with --encoder {encoder} to switch"
        )
    if not drafts:
        return []
    posts = [model.post_for(d) for d in drafts]
    # One encoder pass for the whole batch, with the encoder the model was trained with.
    meanings = meaning_texts(posts)
    embeddings = embed_texts(meanings, encoder=model.encoder_name)
    scores: list[Score] = []
    # Scoring's matrices are small (a chunk's rows by a few hundred columns): a second BLAS thread
    # saves nothing, and on a busy 2-core machine its spinning cost a 1,000-draft batch about 1 s.
    with one_thread("blas"):
        for at in range(0, len(drafts), CHUNK_DRAFTS):
            chunk = slice(at, at + CHUNK_DRAFTS)
            scores += _score_chunk(
                model, model_version, drafts[chunk], posts[chunk], embeddings[chunk], meanings[chunk], with_tips
            )
    return scores


def _score_chunk(model, model_version, drafts, posts, draft_embeddings, meanings, with_tips) -> list[Score]:
    # A draft and its variants share the draft's embedding row; a theme's centroid gets one row.
    embeddings = list(draft_embeddings)
    extra_rows: dict[int, int] = {}
    rows, row_embedding, owner, plans = [], [], [], []
    with writing_for(model.language):
        found = [
            draft_changes(post, draft, model, embedding, meaning) if with_tips else ([], [])
            for post, draft, embedding, meaning in zip(posts, drafts, draft_embeddings, meanings, strict=True)
        ]
    for index, (post, (changes, signals)) in enumerate(zip(posts, found, strict=True)):
        start = len(rows)
        rows.append(post)
        row_embedding.append(index)
        for change in changes:
            rows.append(change.variant)
            if change.embedding is None:
                row_embedding.append(index)
            else:
                if id(change.embedding) not in extra_rows:
                    extra_rows[id(change.embedding)] = len(embeddings)
                    embeddings.append(change.embedding)
                row_embedding.append(extra_rows[id(change.embedding)])
        owner += [start] * (1 + len(changes))
        plans.append((start, changes, signals))

    prices = price_rows(model, rows, np.asarray(embeddings), embedding_rows=np.asarray(row_embedding, dtype=np.intp))
    point, members = prices.rates, prices.members
    # Each change's effect on its own draft, per bootstrap member: all rows at once.
    diffs = members - members[:, owner]
    spread = Spread(*np.quantile(diffs, [0.1, 0.9], axis=0), agreement=(diffs > 0).mean(axis=0))
    # The draft rows come first among the embeddings, so their neighbours are the first values.
    nearest = None if prices.nearest_log is None else prices.nearest_log[: len(drafts)]
    alike = _similar_posts(model, nearest, len(drafts))

    check = model.check
    warnings = model_warnings(model)
    weak = check.beats_mean is False
    rates = point.tolist()
    scores = []
    for draft, (start, changes, signals) in zip(drafts, plans, strict=True):
        rate = rates[start]
        scores.append(
            Score(
                creator_id=model.creator_id,
                model_version=model_version,
                predicted_saves_per_1k=round(rate, 3),
                interval=prices.interval(rate),
                percentile=round(model.percentile(rate), 1),
                expected_saves=expected_saves(rate, draft),
                signals=signals,
                tips=rank_tips(model, changes, point, spread, start, weak=weak) if with_tips else [],
                history_posts=model.n_posts_,
                low_history=model.low_history,
                warnings=list(warnings),
                model_beats_mean=check.beats_mean,
                id=draft.id,
                similar_posts=alike[len(scores)],
                pairs_ordered_right=check.pairs_ordered_right,
            )
        )
    return scores


def model_warnings(model: CreatorModel) -> list[str]:
    """What every score of this model says about the model itself (the same for each draft, and a plan's)."""
    warnings = [SYNTHETIC_WARNING] if model.synthetic else []  # first: it qualifies every number after it
    if model.low_history:
        leaning = (
            f"what {model.population_creators_} other creators' posts show"
            if model.prior_source == "population"
            else "the guide's stated priors"
        )
        warnings.append(
            f"This rests on only {model.n_posts_} of your posts; predictions and tips firm up from about "
            f"{LOW_HISTORY_POSTS}. Until then they lean on {leaning}."
        )
    if model.check.warning:
        warnings.append(model.check.warning)
    return warnings


MIN_SIMILAR_POSTS = 20  # below this a draft's "most similar posts" are most of the history


def _similar_posts(model: CreatorModel, nearest_log: np.ndarray | None, n_drafts: int) -> list[SimilarPosts | None]:
    """Per draft: what the creator's most similar earlier posts saved (None when too few posts)."""
    estimator = model.estimator_
    neighbours = estimator.neighbours_
    if nearest_log is None or neighbours is None or len(neighbours.values_) < MIN_SIMILAR_POSTS:
        return [None] * n_drafts
    n = min(neighbours.k, len(neighbours.values_))
    counted = bool(estimator.neighbour_weight_)
    how = (
        "this model counts them in the score"
        if counted
        else "on your history such posts did not foretell later ones, so the score leaves them out"
    )
    return [
        SimilarPosts(
            posts=n,
            relative_save_rate=round(float(value), 2),
            counted=counted,
            sentence=f"Your {n} earlier posts most like this one saved {value:.2f}× your typical post; {how}.",
        )
        for value in np.exp(nearest_log)
    ]
