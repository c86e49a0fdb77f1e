"""Ranking a draft's tips: one per catalogue id, priced by the model, with a confidence and its source.

Each tip's impact is the model's own change in saves per 1k when the tip is applied; its
confidence comes from the spread of that change across the model's bootstrap members.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import msgspec
import numpy as np

from models.core.levers import LEVERS
from models.core.results import Evidence, Impact, Interval, Tip
from models.core.words import plural
from models.fit.history_stats import MIN_EVIDENCE
from models.fit.population import MIN_LEVER_CREATORS
from models.read.tips.catalogue import TIPS
from models.read.tips.change import Change

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

HIGH_CONFIDENCE_MIN_LIFT = 0.10  # a "high" tip must be worth at least +10% even at its 80% low end
HIGH_CONFIDENCE_AGREEMENT = 0.95  # ...and nearly every bootstrap member must agree on its sign
MEDIUM_CONFIDENCE_MIN_LIFT = 0.02  # "medium": at least +2% at the 80% interval's low end
MIN_LEARNED_LIFT = 0.005  # a learned change worth under +0.5% is not advice
CONFIDENCE_ORDER = {"low": 0, "medium": 1, "high": 2}
LEVER_OF_TIP = {lever.tip_id: lever.name for lever in LEVERS}


class Spread(NamedTuple):
    """Per design row: the 10th/90th percentile of its change in saves/1k, and sign agreement."""

    low: np.ndarray
    high: np.ndarray
    agreement: np.ndarray


def population_support(model: CreatorModel, tip_id: str) -> tuple[int, int] | None:
    """For a lever's tip: (other creators whose posts had the lever, their posts with it), as the
    population the model was shrunk towards counted them; None for another tip or an older model."""
    lever = LEVER_OF_TIP.get(tip_id)
    return model.estimator_.prior_.support(lever) if lever else None


def rank_tips(
    model: CreatorModel, changes: list[Change], point: np.ndarray, spread: Spread, start: int, *, weak: bool = False
) -> list[Tip]:
    """One tip per catalogue id (its best change), ranked by the model's change in saves per 1k.

    ``point`` holds the model's prediction per design row: the draft at ``start``, then its
    ``changes`` in order; ``spread`` the same rows' bootstrap spread.

    The impact is always the model's own change: applying the tip and re-scoring moves the
    prediction by it. Where this creator's history shows too little of a lever, that change
    comes from what the model was shrunk towards (the population, or the stated priors), and
    the tip says so (``source``) with the evidence behind it. A ``weak`` model (one that did
    not beat every simple guess on their latest posts, ``models.fit.quality``) gives only low-confidence tips.
    """
    rows = point[start : start + 1 + len(changes)].tolist()  # Python floats once, not one by one
    base = rows[0]
    best: dict[str, tuple[float, int, Change]] = {}
    for offset, (change, value) in enumerate(zip(changes, rows[1:], strict=True), start=start + 1):
        gain = value - base
        if change.at_most_relative is not None and gain > change.at_most_relative * base:
            continue  # the model would promise more than the creator's own posts show for it
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
        support = population_support(model, tip_id) if source == "population" else None
        thin = support is not None and support[0] < MIN_LEVER_CREATORS
        if thin:
            source = "prior"  # too few creators had the lever: the guide's prior stands in (with_stated_levers)
        if gain <= MIN_LEARNED_LIFT * base:
            continue  # the model (history, population or priors) says this would not help
        low, high = float(spread.low[row]), float(spread.high[row])
        if source == "prior":
            # Stated priors have no data behind them: their interval is the stated range,
            # placed around the model's change so the promise and the change agree.
            low = gain + base * (info.prior_interval[0] - info.prior_relative)
            high = gain + base * (info.prior_interval[1] - info.prior_relative)
            confidence = "low"
            others = (
                f", and the posts of only {plural(support[0], 'other creator')} had it ({plural(support[1], 'post')}), "
                f"under {MIN_LEVER_CREATORS}"
                if thin
                else ""
            )
            evidence = Evidence(
                posts_with=evidence.posts_with,
                posts_without=evidence.posts_without,
                note=f"{evidence.note}; too few to measure{others}, so this uses the stated prior of "
                f"+{info.prior_relative:.0%}",
                population_creators=support[0] if thin else None,
                population_posts=support[1] if thin else None,
                prior_relative=info.prior_relative,
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
                if support is not None:  # a lever: the creators and posts that had it, not all those pooled
                    creators, posts = support
                    across = f"the {plural(creators, 'other creator')} whose posts had it ({plural(posts, 'post')})"
                else:
                    creators, posts = model.population_creators_, model.population_posts_
                    across = f"{plural(creators, 'creator')} pooled ({plural(posts, 'post')})"
                evidence = Evidence(
                    posts_with=evidence.posts_with,
                    posts_without=evidence.posts_without,
                    note=f"{evidence.note}; too few to measure for you, so this is what it does across {across}",
                    population_creators=creators,
                    population_posts=posts,
                )
        if change.max_confidence and CONFIDENCE_ORDER[confidence] > CONFIDENCE_ORDER[change.max_confidence]:
            confidence = change.max_confidence  # no surer than the evidence the change rests on
        if weak and confidence != "low":
            confidence = "low"
            evidence = msgspec.structs.replace(
                evidence,
                note=f"{evidence.note}; low confidence: on your latest posts the model did not beat every simple guess",
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
