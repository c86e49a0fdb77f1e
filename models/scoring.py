"""Scoring drafts: predicted saves per 1k views, interval, percentile, and ranked tips.

One encoder pass embeds every draft of a batch; every tip's counterfactual reuses its
draft's embedding, and the whole batch of drafts and changes is priced by the model's
bootstrap ensemble in a single matrix product.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import msgspec
import numpy as np

from models.catalogue import TIPS
from models.creator_model import LOW_HISTORY_POSTS, CreatorModel
from models.embeddings import embed_texts
from models.evidence import MIN_EVIDENCE
from models.features import meaning_texts
from models.records import Draft
from models.results import Evidence, Impact, Interval, Score, Tip
from models.target import to_saves_per_1k
from models.tips import Change, draft_changes
from models.wording import writing_for

HIGH_CONFIDENCE_MIN_LIFT = 0.10  # a "high" tip must be worth at least +10% even at its 80% low end
HIGH_CONFIDENCE_AGREEMENT = 0.95  # ...and nearly every bootstrap member must agree on its sign
MEDIUM_CONFIDENCE_MIN_LIFT = 0.02  # "medium": at least +2% at the 80% interval's low end
MIN_LEARNED_LIFT = 0.005  # a learned change worth under +0.5% is not advice


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
    embeddings = embed_texts(meaning_texts(posts), encoder=model.encoder_name)
    scores: list[Score] = []
    for at in range(0, len(drafts), CHUNK_DRAFTS):
        chunk = slice(at, at + CHUNK_DRAFTS)
        scores += _score_chunk(model, model_version, drafts[chunk], posts[chunk], embeddings[chunk], with_tips)
    return scores


def _score_chunk(model, model_version, drafts, posts, draft_embeddings, with_tips) -> list[Score]:
    estimator = model.estimator
    rows, row_embeddings, owner, plans = [], [], [], []
    for post, draft, embedding in zip(posts, drafts, draft_embeddings, strict=True):
        with writing_for(model.language):
            changes, signals = draft_changes(post, draft, model, embedding) if with_tips else ([], [])
        start = len(rows)
        rows.append(post)
        row_embeddings.append(embedding)
        for change in changes:
            rows.append(change.variant)
            row_embeddings.append(embedding if change.embedding is None else change.embedding)
        owner += [start] * (1 + len(changes))
        plans.append((start, changes, signals))

    point_log, members_log = estimator.predict_with_members(rows, np.asarray(row_embeddings))
    point = to_saves_per_1k(point_log, model.baseline_per_1k_)
    members = to_saves_per_1k(members_log, model.baseline_per_1k_)
    # Each change's effect on its own draft, per bootstrap member: all rows at once.
    diffs = members - members[:, owner]
    spread = Spread(*np.quantile(diffs, [0.1, 0.9], axis=0), agreement=(diffs > 0).mean(axis=0))
    lo_q, hi_q = estimator.residual_quantiles_

    check = model.check
    scores = []
    for draft, (start, changes, signals) in zip(drafts, plans, strict=True):
        rate = float(point[start])
        warnings = []
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
        if check.warning:
            warnings.append(check.warning)
        scores.append(
            Score(
                creator_id=model.creator_id,
                model_version=model_version,
                predicted_saves_per_1k=round(rate, 3),
                interval=Interval(low=round(rate * float(np.exp(lo_q)), 3), high=round(rate * float(np.exp(hi_q)), 3)),
                percentile=round(model.percentile(rate), 1),
                expected_saves=None if draft.expected_views is None else round(rate * draft.expected_views / 1000.0, 1),
                signals=signals,
                tips=_rank_tips(model, changes, point, spread, start, weak=check.beats_mean is False)
                if with_tips
                else [],
                history_posts=model.n_posts_,
                low_history=model.low_history,
                warnings=warnings,
                model_beats_mean=check.beats_mean,
                id=draft.id,
            )
        )
    return scores


class Spread(NamedTuple):
    """Per design row: the 10th/90th percentile of its change in saves/1k, and sign agreement."""

    low: np.ndarray
    high: np.ndarray
    agreement: np.ndarray


def _rank_tips(
    model: CreatorModel, changes: list[Change], point, spread: Spread, start: int, *, weak: bool = False
) -> list[Tip]:
    """One tip per catalogue id (its best change), ranked by the model's change in saves per 1k.

    The impact is always the model's own change: applying the tip and re-scoring moves the
    prediction by it. Where this creator's history shows too little of a lever, that change
    comes from what the model was shrunk towards (the population, or the stated priors), and
    the tip says so (``source``) with the evidence behind it. A ``weak`` model (one that did
    not beat the creator's own mean on their latest posts) gives only low-confidence tips.
    """
    base = float(point[start])
    best: dict[str, tuple[float, int, Change]] = {}
    for offset, change in enumerate(changes, start=start + 1):
        gain = float(point[offset]) - base
        if change.tip_id not in best or gain > best[change.tip_id][0]:
            best[change.tip_id] = (gain, offset, change)

    tips = []
    for tip_id, (gain, row, change) in best.items():
        info = TIPS[tip_id]
        evidence = change.evidence
        learned = (
            not model.low_history and evidence.posts_with >= MIN_EVIDENCE and evidence.posts_without >= MIN_EVIDENCE
        )
        source = "history" if learned else model.prior_source
        if gain <= MIN_LEARNED_LIFT * base:
            continue  # the model (history, population or priors) says this would not help
        low, high = float(spread.low[row]), float(spread.high[row])
        if source == "prior":
            # Stated priors have no data behind them: their interval is the stated range,
            # placed around the model's change so the promise and the change agree.
            low = gain + base * (info.prior_interval[0] - info.prior_relative)
            high = gain + base * (info.prior_interval[1] - info.prior_relative)
            confidence = "low"
            evidence = Evidence(
                posts_with=evidence.posts_with,
                posts_without=evidence.posts_without,
                note=f"{evidence.note}; too few to measure, so this uses the stated prior of "
                f"+{info.prior_relative:.0%}",
            )
        else:
            relative_low = low / base if base > 0 else 0.0
            if relative_low >= HIGH_CONFIDENCE_MIN_LIFT and spread.agreement[row] >= HIGH_CONFIDENCE_AGREEMENT:
                confidence = "high"
            elif relative_low >= MEDIUM_CONFIDENCE_MIN_LIFT:
                confidence = "medium"
            else:
                confidence = "low"
            if source == "population":
                confidence = "low" if confidence == "low" or model.low_history else "medium"
                evidence = Evidence(
                    posts_with=evidence.posts_with,
                    posts_without=evidence.posts_without,
                    note=f"{evidence.note}; too few to measure for you, so this is what the lever does across "
                    f"{model.population_creators_} creators ({model.population_posts_} posts)",
                    population_creators=model.population_creators_,
                    population_posts=model.population_posts_,
                )
        if weak and confidence != "low":
            confidence = "low"
            evidence = msgspec.structs.replace(
                evidence,
                note=f"{evidence.note}; low confidence: this model did not beat your own average on your latest posts",
            )
        low, high = min(low, gain), max(high, gain)
        tips.append(
            Tip(
                id=tip_id,
                title=info.title,
                advice=change.advice,
                why=info.why,
                expected_impact=Impact(
                    saves_per_1k=round(gain, 3),
                    relative=round(gain / base, 4) if base > 0 else 0.0,
                    interval=Interval(low=round(float(low), 3), high=round(float(high), 3)),
                ),
                confidence=confidence,
                source=source,
                evidence=evidence,
                apply=change.apply,
            )
        )
    tips.sort(key=lambda t: -t.expected_impact.saves_per_1k)
    return tips
