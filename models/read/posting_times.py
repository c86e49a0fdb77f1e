"""Posting times: every weekday x 3-hour cell a creator has posted in, rated by their model, and the best ones.

One rule for the windows insights list, the best-time tip advises and a plan fills: a window
needs ``MIN_WINDOW_POSTS`` of the creator's posts and a slot the model rates above their
usual times, and the rate quoted for its posts is shrunk (``models.read.shrinkage``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import msgspec

from models.core.fit_cache import once_per_fit
from models.fit.clock import hours_known
from models.fit.features import N_BLOCKS, WEEKDAYS
from models.fit.history_stats import TimeCell
from models.read.evidence import block_label
from models.read.shrinkage import shrinkage, shrunk

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

# A window (weekday x 3 hours) is advised only with enough posts of its own to carry weight against
# the noise, yet few enough that most creators have one (figures: bench/README.md, "Posting windows").
MIN_WINDOW_POSTS = 8
MIN_WINDOW_EFFECT = 0.02  # ...and where the model rates the slot at least 2% above their usual times
TIME_NAMES = (*(f"block={b}" for b in range(N_BLOCKS)), *(f"weekday={d}" for d in range(7)))


class RatedCell(msgspec.Struct, frozen=True, kw_only=True):
    """A time cell of the history with the model's estimate for the slot itself."""

    cell: TimeCell
    effect_relative: float  # the slot's effect against the creator's average posting time
    estimate_relative: float = 1.0  # the cell's raw rate shrunk towards 1x (``models.read.shrinkage``)


def posting_windows(model: CreatorModel) -> list[RatedCell]:
    """Every weekday x 3-hour cell the creator has posted in, with the model's effect of the slot.

    The one rule both insights and the best-time tip use. A slot's effect is the model's
    weekday and hour-block effects together (shrunk by its penalty like every effect),
    against the creator's average posting time; beside it stay the raw counts and rates.
    """
    effects = model.estimator_.effects(only=TIME_NAMES)
    by_hours = hours_known(model)

    def log_effect(cell: TimeCell) -> float:
        hour_part = effects.get(f"block={cell.block}", 0.0) if by_hours else 0.0
        return effects.get(f"weekday={cell.weekday}", 0.0) + hour_part

    cells = model.time_stats_
    if not cells:
        return []
    # Plain Python: at most 56 cells.
    logs = [log_effect(c) for c in cells]
    usual = sum(v * c.posts for v, c in zip(logs, cells, strict=True)) / sum(c.posts for c in cells)
    k, sigma2 = shrinkage(cells, model)
    return [
        RatedCell(cell=c, effect_relative=math.exp(v - usual), estimate_relative=shrunk(c, k, sigma2)[0])
        for c, v in zip(cells, logs, strict=True)
    ]


@once_per_fit(lambda model: model.estimator_.coef_)
def best_windows(model: CreatorModel) -> tuple[RatedCell, ...]:
    """Windows used at least MIN_WINDOW_POSTS times whose slot the model rates MIN_WINDOW_EFFECT above
    the creator's usual times, and whose own posts (shrunk) saved no less than their others, best
    first: insights list them, the best-time tip advises the first.

    Once per fit: the best-time tip asks for every scored draft."""
    cells = [
        c
        for c in posting_windows(model)
        if c.cell.posts >= MIN_WINDOW_POSTS
        and c.effect_relative >= 1.0 + MIN_WINDOW_EFFECT
        and c.estimate_relative >= 1.0
    ]
    return tuple(sorted(cells, key=lambda c: (-c.effect_relative, -c.cell.posts)))


def window_name(model: CreatorModel, cell: TimeCell) -> str:
    day = WEEKDAYS[cell.weekday]
    return f"{day} {block_label(cell.block)}" if hours_known(model) else day
