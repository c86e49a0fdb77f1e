"""What scoring returns: the SPEC §4 score shape, as msgspec Structs shared by CLI and API."""

from __future__ import annotations

from typing import Literal

import msgspec

from models.core.pair_order import PairOrder


class OutputStruct(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """Output Structs: frozen, keyword-only, every field always present for clients."""


class Interval(OutputStruct):
    low: float
    high: float


class Impact(OutputStruct):
    saves_per_1k: float
    relative: float  # fraction of the draft's predicted rate, e.g. 0.25 = +25%
    interval: Interval  # 80%, in saves per 1k


class Evidence(OutputStruct):
    posts_with: int  # the creator's own posts with the lever, and without it
    posts_without: int
    note: str
    # When the impact comes from the population model: for a lever's tip, how many other creators' posts
    # had the lever and how many posts that is (not how many were pooled); for another tip, those pooled.
    # On a "prior" tip they say how few creators had the lever (under MIN_LEVER_CREATORS), where that is why.
    population_creators: int | None = None
    population_posts: int | None = None
    # When it comes from the guide's stated prior instead: that prior, e.g. 0.08 = +8%.
    prior_relative: float | None = None


class Tip(OutputStruct):
    id: str
    title: str
    advice: str
    why: str
    expected_impact: Impact
    confidence: Literal["high", "medium", "low"]
    source: Literal["history", "population", "prior"]
    evidence: Evidence
    apply: dict[str, object] | None = None  # a textual change a client can apply in one click


class Span(OutputStruct):
    """Where in the caption as written a signal was found: ``caption[start:end]`` (code points)."""

    start: int
    end: int
    text: str  # the caption's own characters there, accents and case as written


class Signal(OutputStruct):
    id: str  # the tip id this signal corresponds to, or a plain feature name
    label: str
    detail: str | None = None
    matches: list[str] = []  # text that triggered it (lower-case, accents folded)
    # The same places as offsets into the caption as sent: what a client highlights by, since a
    # folded match ("luu lai") cannot be searched for in an accented caption ("lưu lại").
    spans: list[Span] = []


class SimilarPosts(OutputStruct):
    """What the creator's own earlier posts most like a draft (by caption meaning) saved."""

    posts: int  # how many of the creator's earlier posts are compared
    relative_save_rate: float  # their typical save rate over the creator's typical post (1.0: as usual)
    counted: bool  # whether this creator's model adds them to the score (its time-ordered CV found they help)
    sentence: str


class Score(OutputStruct):
    creator_id: str
    model_version: str
    predicted_saves_per_1k: float
    interval: Interval
    percentile: float
    expected_saves: float | None
    signals: list[Signal]
    tips: list[Tip]
    history_posts: int
    low_history: bool
    warnings: list[str]
    # Kept for older clients: did the model beat every simple guess (the creator's average, median
    # post, recent average, hashtags alone) on their latest posts? The name is older than the rule.
    # None: never tested (too short a history). When False, ``warnings`` says which guess did as
    # well, and no tip is above low confidence. A planner weighing the model reads
    # ``pairs_ordered_right`` instead.
    model_beats_mean: bool | None = None
    id: str | None = None
    similar_posts: SimilarPosts | None = None  # None: too few posts to compare a draft with
    # How well the model ranks this creator: the share of their latest post pairs (at most 14 days apart)
    # its time-split test ordered right, with an 80% range and in words. None: not measured (an older model).
    pairs_ordered_right: PairOrder | None = None
