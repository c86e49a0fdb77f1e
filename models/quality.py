"""Whether a creator's model earns its keep: its time-split test against the creator's own mean.

Training tests the model on the creator's latest posts (``training.evaluate``). A model that
does not beat the plainest guess, every post at the creator's own average rate, ranks and
prices nothing better than that guess; scores, insights, ``check`` and the page then say so
in one sentence, and tips from it are never more than low confidence. This module only
reads the stored report (plain numbers), so ``models`` never imports ``training``.
"""

from __future__ import annotations

import msgspec

MIN_HELD_OUT = 10  # below this many held-out posts the test itself is rough, and the sentence says so


class ModelCheck(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """The model against the creator-mean guess on the latest posts; ``beats_mean`` None: not tested."""

    beats_mean: bool | None
    held_out_posts: int = 0
    model_mae_saves_per_1k: float | None = None
    mean_mae_saves_per_1k: float | None = None
    spearman: float | None = None
    warning: str | None = None  # one sentence for people, set whenever the model did not beat the mean


UNTESTED = ModelCheck(beats_mean=None)


class TimelinePoint(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """Consecutive posts pooled into one point of the saves-over-time chart (numbers only, no captions)."""

    at: str  # date of the group's first post
    posts: int
    actual_saves_per_1k: float  # mean of the posts' saves per 1,000 views
    predicted_saves_per_1k: float | None  # the model's time-split prediction; None on training posts


def check_model(report: dict | None) -> ModelCheck:
    """Read a stored evaluation report (``EvaluationReport`` as builtins) into a verdict.

    The model beats the mean when its error on the held-out posts is below the creator-mean
    guess's error *and* it ranks them better than chance (Spearman above 0).
    """
    if not report or "model" not in report or "creator_mean" not in report.get("baselines", {}):
        return UNTESTED
    model, mean = report["model"], report["baselines"]["creator_mean"]
    n_test = int(report.get("n_test", 0))
    model_mae, mean_mae, rho = model["mae_saves_per_1k"], mean["mae_saves_per_1k"], model["spearman"]
    beats = model_mae < mean_mae and rho > 0
    warning = None
    if not beats:
        if model_mae >= mean_mae:
            how = (
                f"its error was {model_mae:.2f} saves per 1k views against {mean_mae:.2f} for simply "
                "guessing your average"
            )
        else:
            how = f"it did not rank them better than chance (rank correlation {rho:+.2f})"
        rough = f" With only {n_test} such posts this test is itself rough." if n_test < MIN_HELD_OUT else ""
        warning = (
            f"Tested on your latest {n_test} posts, this model did not beat your own average: {how}. "
            f"Treat its numbers and tips as rough guides, not forecasts.{rough}"
        )
    return ModelCheck(
        beats_mean=beats,
        held_out_posts=n_test,
        model_mae_saves_per_1k=model_mae,
        mean_mae_saves_per_1k=mean_mae,
        spearman=rho,
        warning=warning,
    )
