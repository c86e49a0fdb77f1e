"""Compare variants of one draft: which caption to post, and how sure the model is of each step.

Each variant is scored exactly as ``score_drafts`` scores it alone (so the ranking is the
one a planner would get scoring them one by one). How sure a step of the ranking is, is the
``chance`` that the higher variant really saves more per view once posted: the model's doubt
about the difference (its bootstrap members, *paired*: every member prices both) *and* the
post's own ups and downs (the creator's residual spread), calibrated on real later posts
(``models.read.uncertainty``). The verdict words follow the chance. The members' ``agreement``
(the share that put them in the ranking's order, ties half) stays beside it: it is the
model's doubt about its own parameters only, and read as a chance it promised far too much.

What makes the difference is the model's own arithmetic: it is linear in the log save rate,
so a step's log difference splits exactly into each feature group's part (the levers, length,
hashtags, ... and the remainder: what the caption is about). Each part is turned into saves
per 1k with the logarithmic mean of the two rates, so the parts add up to the step.
"""

from __future__ import annotations

import itertools
import math
import string
from collections.abc import Sequence
from typing import Literal

import numpy as np

from models.core.levers import LEVERS
from models.core.pair_order import PairOrder
from models.core.records import Draft
from models.core.results import Interval, OutputStruct
from models.fit.creator_model import CreatorModel
from models.fit.features import META_NAMES
from models.read.pricing import expected_saves, price
from models.read.scoring import model_warnings
from models.read.uncertainty import VERDICT_CLEAR, VERDICT_LIKELY

MIN_VARIANTS, MAX_VARIANTS = 2, 6
CLEAR_FROM = VERDICT_CLEAR  # a chance of at least this: the order is clear
TOO_CLOSE_BELOW = VERDICT_LIKELY  # under this chance the step is too close to call (0.5 is a coin flip)
MAX_REASONS = 4  # feature groups named per step, largest first
MIN_REASON_SHARE = 0.05  # a group under 5% of the step (and under 0.01/1k) is not worth a line

Verdict = Literal["clear", "likely", "too close to call", "no difference"]


class ComparedVariant(OutputStruct):
    label: str  # the variant's id, else A, B, C... in the order given
    id: str | None
    caption: str
    rank: int  # 1 = best
    predicted_saves_per_1k: float
    interval: Interval  # 80%
    percentile: float
    expected_saves: float | None


class Reason(OutputStruct):
    variant: str  # the label of the variant this part belongs to
    what: str  # e.g. "save call", "shorter caption", "wording and theme"
    saves_per_1k: float  # what it does to that variant against the other one


class Step(OutputStruct):
    """One step of the ranking: ``higher`` above ``lower``, and how sure the model is of it."""

    higher: str
    lower: str
    difference_saves_per_1k: float
    # The model's doubt about its own parameters only: the share of its bootstrap members that agree on
    # the order, 0.5 to 1. Not the chance the higher one does better; that is ``chance``.
    agreement: float
    # The chance that ``higher`` really saves more per view than ``lower`` once posted, the posts' own
    # noise included, calibrated on real later posts (models.read.uncertainty); the verdict follows it.
    chance: float
    verdict: Verdict
    reasons: list[Reason]
    summary: str


class Comparison(OutputStruct):
    creator_id: str
    model_version: str
    variants: list[ComparedVariant]  # best first
    steps: list[Step]  # between each pair of neighbours in that order
    history_posts: int
    low_history: bool
    warnings: list[str]
    model_beats_mean: bool | None  # kept for older clients; read pairs_ordered_right
    # How well the model ranks this creator's posts (models.core.pair_order); None for an older model.
    pairs_ordered_right: PairOrder | None = None


class TooFewVariants(ValueError):
    """Compare needs 2 to 6 variants."""


def variant_labels(drafts: Sequence[Draft]) -> list[str]:
    """Each variant's id, else its letter by position (A, B, ...); a letter another variant uses as
    an id is skipped so no two labels are the same."""
    used = {d.id for d in drafts if d.id}
    letters = (c for c in string.ascii_uppercase if c not in used)
    return [d.id if d.id else next(letters) for d in drafts]


def compare_drafts(
    model: CreatorModel, model_version: str, drafts: Sequence[Draft], *, labels: Sequence[str] | None = None
) -> Comparison:
    """Rank 2-6 variants of a draft, with the paired agreement and the reasons for every step.

    ``labels`` name the variants (default ``variant_labels``: each id, else A, B, C...).
    """
    if not MIN_VARIANTS <= len(drafts) <= MAX_VARIANTS:
        raise TooFewVariants(f"compare takes {MIN_VARIANTS} to {MAX_VARIANTS} variants, not {len(drafts)}")
    labels = list(labels) if labels is not None else variant_labels(drafts)
    if len(set(labels)) < len(labels):
        raise TooFewVariants("two variants have the same label; give each its own id (or none)")
    priced = price(model, drafts)
    prices = priced.prices
    rates, members = prices.rates.tolist(), prices.members
    predicted = [round(rate, 3) for rate in rates]
    features = model.estimator_.featurizer_.transform(priced.posts, priced.embeddings)

    # Best first; equal scores keep the order they were given in.
    order = sorted(range(len(drafts)), key=lambda i: (-predicted[i], i))
    variants = [
        ComparedVariant(
            label=labels[i],
            id=drafts[i].id,
            caption=drafts[i].caption,
            rank=rank,
            predicted_saves_per_1k=predicted[i],
            interval=prices.interval(rates[i]),
            percentile=round(model.percentile(rates[i]), 1),
            expected_saves=expected_saves(rates[i], drafts[i]),
        )
        for rank, i in enumerate(order, start=1)
    ]
    steps = [
        _step(
            model,
            labels[hi],
            labels[lo],
            predicted[hi] - predicted[lo],
            paired_agreement(members[:, hi], members[:, lo]),
            max(prices.chance(hi, lo), 0.5),
            _reasons(model, features[hi], features[lo], rates[hi], rates[lo], labels[hi], labels[lo]),
        )
        for hi, lo in itertools.pairwise(order)
    ]
    return Comparison(
        creator_id=model.creator_id,
        model_version=model_version,
        variants=variants,
        steps=steps,
        history_posts=model.n_posts_,
        low_history=model.low_history,
        warnings=model_warnings(model),
        model_beats_mean=model.check.beats_mean,
        pairs_ordered_right=model.check.pairs_ordered_right,
    )


def paired_agreement(higher: np.ndarray, lower: np.ndarray) -> float:
    """Share of members (paired: each prices both) that rank ``higher`` above ``lower``; ties count half.

    Never under 0.5: when fewer than half the members agree with the point estimates' order,
    the step is a coin flip at best, and is reported as one.
    """
    share = float(np.mean(higher > lower) + 0.5 * np.mean(higher == lower))
    return round(max(share, 0.5), 3)


def verdict(chance: float, difference: float) -> Verdict:
    """The step in words, from the chance that the higher one really does better."""
    if difference == 0 and chance == 0.5:
        return "no difference"
    if chance >= CLEAR_FROM:
        return "clear"
    if chance >= TOO_CLOSE_BELOW:
        return "likely"
    return "too close to call"


def _step(
    model, higher: str, lower: str, difference: float, agreement: float, chance: float, reasons: list[Reason]
) -> Step:
    chance = round(chance, 3)
    call = verdict(chance, round(difference, 3))
    fits = f"{agreement:.0%} of the model's {_n_members(model)} resampled fits agree on the order"
    odds = f"a {chance:.0%} chance it really saves more per view, your posts' own ups and downs counted"
    if call == "no difference":
        summary = f"{higher} and {lower} read the same to the model: nothing to choose between them."
    elif call == "too close to call":
        summary = (
            f"{higher} and {lower} are too close to call: {higher} is ahead by {difference:.2f}/1k, but that is "
            f"only {odds} ({fits})."
        )
    else:
        strength = "clearly" if call == "clear" else "probably"
        summary = f"{higher} {strength} beats {lower}, by {difference:.2f}/1k: {odds} ({fits})."
    if reasons and call != "no difference":
        summary += " What makes the difference: " + "; ".join(reason_text(r) for r in reasons) + "."
    return Step(
        higher=higher,
        lower=lower,
        difference_saves_per_1k=round(difference, 3),
        agreement=agreement,
        chance=chance,
        verdict=call,
        reasons=reasons,
        summary=summary,
    )


def reason_text(reason: Reason) -> str:
    """ "B's save call: +0.81/1k" """
    value = round(reason.saves_per_1k, 2)
    return f"{reason.variant}'s {reason.what}: {'+' if value >= 0 else '−'}{abs(value):.2f}/1k"


def _n_members(model: CreatorModel) -> int:
    return len(model.estimator_.boot_coef_)


# -- what makes the difference -------------------------------------------------------------------

# Feature groups as a person names them. ``present`` groups are switched on in one variant and
# off in the other (the part belongs to the variant that has it); the rest belong to whichever
# variant they favour.
_PRESENT = {
    **{lever.name: lever.label[:1].lower() + lever.label[1:] for lever in LEVERS},  # "B's save call"
    "question": "question",
    "number_list": "numbered list",
    "has_mentions": "mention",
}


def _group(name: str) -> str:
    if name in _PRESENT:
        return name
    if name in ("log_words", "log_chars"):
        return "length"
    if name == "n_hashtags" or name.startswith("#"):
        return "hashtags"
    if name in ("has_emoji", "log_emoji"):
        return "emoji"
    if name.startswith("sound="):
        return "sound"
    if name.startswith("log_duration"):
        return "duration"
    if name.startswith(("block=", "weekday=")):
        return "time"
    if name == "log_gap":
        return "gap"
    return "other"


_OTHER_NAMES = {
    "emoji": "emoji",
    "sound": "sound",
    "duration": "video length",
    "time": "planned time",
    "gap": "gap since your last post",
    "other": "other details",
    "meaning": "wording and theme",
}


def _reasons(model, f_hi, f_lo, rate_hi: float, rate_lo: float, higher: str, lower: str) -> list[Reason]:
    estimator = model.estimator_
    names = estimator.featurizer_.feature_names_
    text_start = estimator.featurizer_.meaning_slice().start
    effects = estimator.effects()
    diff = f_hi - f_lo
    parts: dict[str, float] = {}
    for i, name in enumerate(names[:text_start]):
        if diff[i] != 0 and name in effects:
            group = _group(name)
            parts[group] = parts.get(group, 0.0) + effects[name] * float(diff[i])
    log_step = math.log(rate_hi) - math.log(rate_lo) if rate_hi > 0 and rate_lo > 0 else 0.0
    # The rest of the step is the caption's meaning (and, rarely, the model's bounds on a prediction).
    parts["meaning"] = log_step - sum(parts.values())
    # The logarithmic mean turns log parts into saves per 1k that add up to the step.
    scale = (rate_hi - rate_lo) / log_step if abs(log_step) > 1e-12 else rate_hi
    step = abs(rate_hi - rate_lo)
    reasons = []
    for group, log_part in parts.items():
        value = log_part * scale
        if abs(value) < max(0.01, MIN_REASON_SHARE * step):
            continue
        if group in _PRESENT:
            column = names.index(group) if group in names else None
            on_higher = column is not None and f_hi[column] > f_lo[column]
            owner, signed_value = (higher, value) if on_higher else (lower, -value)
            what = _PRESENT[group]
        else:
            owner, signed_value = (higher, value) if value >= 0 else (lower, -value)
            what = _describe(group, names, f_hi if owner == higher else f_lo, f_lo if owner == higher else f_hi)
        reasons.append((abs(value), Reason(variant=owner, what=what, saves_per_1k=round(signed_value, 3))))
    reasons.sort(key=lambda pair: -pair[0])
    return [reason for _, reason in reasons[:MAX_REASONS]]


def _describe(group: str, names: list[str], own, other) -> str:
    if group == "length":
        column = names.index("log_chars")
        return "shorter caption" if own[column] < other[column] else "longer caption"
    if group == "hashtags":
        tags = [n for i, n in enumerate(names) if n.startswith("#") and own[i] > other[i]]
        return f"hashtags ({', '.join(tags[:3])})" if tags else "hashtags"
    return _OTHER_NAMES.get(group, group)


assert set(_PRESENT) <= set(META_NAMES)  # the groups name real columns
