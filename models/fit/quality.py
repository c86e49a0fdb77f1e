"""Whether a creator's model earns its keep: its time-split test against every simple guess.

Training tests the model on the creator's latest posts (``training.evaluate``) beside the
simple guesses the report carries: every post at the creator's average rate (saves ÷ views),
at their median post, at the running average of their 10 posts before it, and a ridge on
hashtags alone. The model "beats" them only when it beats every one of them, each on both
measures the report gives: a lower error in saves per 1k and a better rank correlation (a
constant guess has none, so there: better than chance). Otherwise scores, insights, ``check``
and the page say so in one sentence that names the guess that did as well or better, and tips
from the model are never more than low confidence. This module only reads the stored report
(plain numbers), so ``models`` never imports ``training``.
"""

from __future__ import annotations

import msgspec

from models.core.pair_order import PairOrder, read_pair_order
from models.core.words import joined

MIN_HELD_OUT = 10  # below this many held-out posts the test itself is rough, and the sentence says so

# The simple guesses a report may hold, in the order they are named, with how people read them.
# ``population_only`` is not one: it is the product's own population model, not a guess.
# "your average" alone is one figure everywhere (insights' baseline: all your saves ÷ all your
# views); the guess is the average of the posts before the test, so it is named apart.
SIMPLE_GUESSES = {
    "creator_mean": "your earlier average",
    "creator_median": "your median post",
    "recent_mean": "your recent average",
    "hashtag_only": "hashtags alone",
}
GUESSING = {**SIMPLE_GUESSES, "hashtag_only": "from hashtags alone"}  # what "guessing ..." a sentence says of each
CONSTANT_GUESSES = frozenset({"creator_mean", "creator_median"})  # one number for every post: no ranking


class ModelCheck(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """The model against the simple guesses on the latest posts; ``beats_mean`` None: not tested.

    ``beats_mean`` keeps its name for older clients but means: it beat *every* simple guess
    in ``compared_with``, not only the creator's average. A planner weighing it should read
    ``pairs_ordered_right`` instead: how often it orders two of the creator's posts right.
    """

    beats_mean: bool | None
    held_out_posts: int = 0
    model_mae_saves_per_1k: float | None = None
    mean_mae_saves_per_1k: float | None = None
    spearman: float | None = None
    # One short line for people, set whenever the model did not beat every guess: scores, check,
    # compare and plan repeat it, so the figures are said once, in ``summary`` (insights show it).
    warning: str | None = None
    # Tuples, not lists: the struct is frozen and serves as a default (``UNTESTED``), so it must hash.
    compared_with: tuple[str, ...] = ()  # the simple guesses of the test (``SIMPLE_GUESSES`` keys)
    better_guesses: tuple[str, ...] = ()  # those that matched or beat the model on error or ranking
    summary: str | None = None  # one sentence for people either way: what the test found
    # The share of their latest post pairs (at most 14 days apart) the time-split test ordered right,
    # with its 80% range and in words. None: a model stored before it was measured.
    pairs_ordered_right: PairOrder | None = None


UNTESTED = ModelCheck(beats_mean=None)


class TimelinePoint(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """Consecutive posts pooled into one point of the saves-over-time chart (numbers only, no captions)."""

    at: str  # date of the group's first post
    posts: int
    actual_saves_per_1k: float  # mean of the posts' saves per 1,000 views
    predicted_saves_per_1k: float | None  # the model's time-split prediction; None on training posts


def _pair(a: float, b: float, signed: bool = False) -> tuple[str, str]:
    """Two figures at 2 decimals, or 3 where 2 would print them alike."""
    for digits in (2, 3):
        fmt = f"{{:{'+' if signed else ''}.{digits}f}}"
        left, right = fmt.format(a), fmt.format(b)
        if left != right:
            break
    return left, right


def _guessing(keys: list[str]) -> str:
    """ "guessing your earlier average", "guessing your earlier average and from hashtags alone"."""
    return "guessing " + joined([GUESSING[k] for k in keys])


def _against(keys: list[str], guesses: dict, measure: str, mine: float, what: str, unit: str = "") -> str:
    """ "rank correlation +0.32 against the model's +0.28"; several guesses: "rank correlations +0.40 and +0.32 ..."."""
    signed = measure == "spearman"
    theirs = [_pair(guesses[k][measure], mine, signed) for k in keys]
    # The model's figure at the precision its closest comparison needed.
    model = max((t for t in theirs), key=lambda t: len(t[1]))[1]
    figures = joined([t[0] for t in theirs])
    return f"{what}{'s' if len(keys) > 1 else ''} {figures}{unit} against the model's {model}"


def check_model(report: dict | None) -> ModelCheck:
    """Read a stored evaluation report (``EvaluationReport`` as builtins) into a verdict.

    The model beats a simple guess when its error on the held-out posts is below the guess's
    *and* it ranks them better than the guess does (a constant guess: better than chance).
    It "beats" (``beats_mean``) only when it beats every simple guess in the report.
    """
    baselines = (report or {}).get("baselines", {})
    if not report or "model" not in report or "creator_mean" not in baselines:
        return UNTESTED
    pairs = read_pair_order(report)
    model = report["model"]
    n_test = int(report.get("n_test", 0))
    model_mae, rho = model["mae_saves_per_1k"], model["spearman"]
    guesses = {k: baselines[k] for k in SIMPLE_GUESSES if k in baselines}
    ranked_better = [k for k, g in guesses.items() if k not in CONSTANT_GUESSES and g["spearman"] >= rho]
    closer = [k for k, g in guesses.items() if g["mae_saves_per_1k"] <= model_mae]
    by_chance = rho <= 0  # every constant guess ranks as well as this (or better: a negative one ranks backwards)
    better = [k for k in guesses if k in closer or k in ranked_better or (by_chance and k in CONSTANT_GUESSES)]
    beats = not better
    rough = f" With only {n_test} such posts this test is itself rough." if n_test < MIN_HELD_OUT else ""
    warning = None
    if beats:
        rankers = [k for k in guesses if k not in CONSTANT_GUESSES]
        best_rank = max(rankers, key=lambda k: guesses[k]["spearman"], default=None)
        best_error = min(guesses, key=lambda k: guesses[k]["mae_saves_per_1k"])
        if best_rank:
            mine, theirs = _pair(rho, guesses[best_rank]["spearman"], True)
            rank_text = f"rank correlation {mine} against {theirs} for {_guessing([best_rank])}"
        else:
            rank_text = f"rank correlation {rho:+.2f} (a constant guess ranks nothing)"
        mine, theirs = _pair(model_mae, guesses[best_error]["mae_saves_per_1k"])
        summary = (
            f"Tested on your latest {n_test} posts, the model beat every simple guess "
            f"({', '.join(SIMPLE_GUESSES[k] for k in guesses)}): {rank_text}, and an error of {mine} saves per 1k "
            f"views against {theirs} for the closest, {_guessing([best_error])}.{rough}"
        )
    else:
        chance = "worse than chance" if rho < 0 else "no better than chance"
        reasons = [f"it ranked them {chance} (rank correlation {rho:+.2f})"] if by_chance else []
        rank = [k for k in ranked_better if not (by_chance and guesses[k]["spearman"] <= 0)]
        error = sorted(closer, key=lambda k: guesses[k]["mae_saves_per_1k"])
        both = [k for k in rank if k in error]  # said once: "ranked them better and came as close or closer"
        clauses = (
            (both, "ranked them better and came as close or closer", ("spearman", "mae_saves_per_1k")),
            ([k for k in rank if k not in both], "ranked them better", ("spearman",)),
            ([k for k in error if k not in both], "came as close or closer", ("mae_saves_per_1k",)),
        )
        measures_of = {
            "spearman": (rho, "rank correlation"),
            "mae_saves_per_1k": (model_mae, "error", " saves per 1k views"),
        }
        for keys, did, measures in clauses:
            if keys:
                figures = "; ".join(_against(keys, guesses, m, *measures_of[m]) for m in measures)
                reasons.append(f"{_guessing(keys)} {did} ({figures})")
        summary = (
            f"Tested on your latest {n_test} posts, this model did not beat every simple guess: "
            f"{'; '.join(reasons)}. Treat its numbers and tips as rough guides, not forecasts.{rough}"
        )
        warning = (
            f"This model did not beat every simple guess on your latest {n_test} posts ({_guessing(better)} "
            f"did as well or better): rough guides, not forecasts{' (a rough test itself)' if rough else ''}; "
            "insights have the figures."
        )
    return ModelCheck(
        beats_mean=beats,
        held_out_posts=n_test,
        model_mae_saves_per_1k=model_mae,
        mean_mae_saves_per_1k=baselines["creator_mean"]["mae_saves_per_1k"],
        spearman=rho,
        warning=warning,
        compared_with=tuple(guesses),
        better_guesses=tuple(better),
        summary=summary,
        pairs_ordered_right=pairs,
    )
