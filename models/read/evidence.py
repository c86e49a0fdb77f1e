"""The evidence tips and insights cite, read off a fitted model's history statistics.

``models.fit.history_stats`` counts at fit time; this reads those counts for one lever, and says
what a posting-time block is called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from models.fit.features import HOUR_BLOCK
from models.fit.history_stats import lever_split

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel


def model_lever_split(model: CreatorModel, lever: str) -> tuple[int, int]:
    """``lever_split`` over the history a fitted model was trained on."""
    return lever_split(model.lever_counts_, model.n_posts_, lever)


def block_label(block: int) -> str:
    """The hours of a time block, e.g. ``18:00–21:00``."""
    return f"{block * HOUR_BLOCK:02d}:00–{(block + 1) * HOUR_BLOCK:02d}:00"
