"""A tip's concrete edit to a draft (``Change``), and the evidence sentences every family writes alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from models.core.results import Evidence
from models.core.words import plural
from models.fit.features import PostInput
from models.read.evidence import model_lever_split

if TYPE_CHECKING:  # the catalogue is read while creator_model loads; the model only types here
    from models.fit.creator_model import CreatorModel


@dataclass
class Change:
    """The draft with one tip applied (``variant``), the advice, its evidence, and what a client applies."""

    tip_id: str
    variant: PostInput
    advice: str
    evidence: Evidence
    apply: dict | None = None
    embedding: np.ndarray | None = field(default=None, repr=False)  # None: the draft's own
    # Where the creator's own posts give a direct estimate of what the change is worth (a
    # hashtag's shrunk rate in insights), the tip may promise no more than it: a change the
    # model prices above ``at_most_relative`` is not offered. ``max_confidence`` is the most
    # that estimate's evidence allows ("low", "medium" or "high").
    at_most_relative: float | None = None
    max_confidence: str | None = None


def evidence(with_: int, without: int, note: str) -> Evidence:
    return Evidence(posts_with=int(with_), posts_without=int(without), note=note)


def times(x: float) -> str:
    """A ratio as people read it: ``1.25×``, ``2×``."""
    return f"{x:.2f}×".replace(".00×", "×")


def lever_evidence(model: CreatorModel, lever: str, what: str) -> Evidence:
    """How many of the creator's posts had ``lever`` ("12 of your 40 posts {what}")."""
    n_with, n_without = model_lever_split(model, lever)
    return evidence(n_with, n_without, f"{n_with} of your {plural(n_with + n_without, 'post')} {what}")
