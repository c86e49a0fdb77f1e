"""Tips: counterfactual changes to a draft, one module per tip of the catalogue, and their ranking.

Each ``Change`` is the draft with one concrete edit (a save CTA appended, #mealprep added,
posted Thursday 18:00), plus the advice text and the evidence behind it. Scoring prices
every change with the model's bootstrap ensemble in one matrix product, then ``rank_tips``
keeps each tip's best change. Changes keep the draft's caption meaning (its embedding row)
unless the tip is about meaning itself (themes), which uses a theme centroid: no tip ever
re-runs the encoder.

Where each tip is defined (ids, titles and why in ``catalogue``, a lever's from ``models.core.levers``):

- ``text_levers``: every caption lever's tip (save-cta, informative, solves-problem, engage-audience)
  but collaborate's
- ``relevant_hashtags``, ``trending_sound``, ``text_overlay``, ``concise``,
  ``post_consistently``, ``best_time``, ``most_saved_themes``, ``collaborate``: the tip of that name
- ``change``: the ``Change`` every tip yields and its evidence sentences
- ``ranking``: confidence, source (history, population, prior) and order
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.core.records import Draft
from models.core.results import Signal
from models.fit.features import PostInput
from models.read.tips.best_time import best_time
from models.read.tips.change import Change
from models.read.tips.collaborate import collaborate
from models.read.tips.concise import concise
from models.read.tips.most_saved_themes import most_saved_themes
from models.read.tips.post_consistently import post_consistently
from models.read.tips.ranking import Spread, rank_tips
from models.read.tips.relevant_hashtags import relevant_hashtags
from models.read.tips.text_levers import text_levers
from models.read.tips.text_overlay import text_overlay
from models.read.tips.trending_sound import trending_sound

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel

__all__ = ["Change", "Spread", "draft_changes", "rank_tips"]


def draft_changes(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray, meaning: str | None = None
) -> tuple[list[Change], list[Signal]]:
    """Every tip change that applies to this draft, and the signals it already has.

    ``embedding`` is the draft's caption-meaning row, used to place it among the themes, and
    ``meaning`` the text it was encoded from, where the caller has it.
    """
    families = (
        text_levers(post, model),
        relevant_hashtags(post, model),
        trending_sound(post, model),
        text_overlay(post, model),
        concise(post, model),
        post_consistently(post, model),
        best_time(post, draft, model),
        most_saved_themes(post, model, embedding, meaning),
        collaborate(post, model),
    )
    changes: list[Change] = []
    signals: list[Signal] = []
    for family in families:
        for item in family:
            (signals if isinstance(item, Signal) else changes).append(item)
    return changes, signals
