"""The contracts at the edges of the domain: posts, drafts and rejected rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Annotated, Literal

import msgspec
from msgspec import Meta

Count = Annotated[int, Meta(ge=0)]
Seconds = Annotated[float, Meta(gt=0)]
# A draft's caption: TikTok's own limit, so nothing longer is encoded (a history row may be longer; see the importers).
DRAFT_CAPTION_CHARS = 4_000
Caption = Annotated[str, Meta(max_length=DRAFT_CAPTION_CHARS)]
Sound = Literal["original", "trending", "licensed", "voiceover"]
SOUNDS: tuple[str, ...] = ("original", "trending", "licensed", "voiceover")


class Base(msgspec.Struct, frozen=True, kw_only=True):
    """Frozen, keyword-only: records are values, and fields are named where built."""


class PostRecord(Base):
    """One published post of a creator's history, validated and canonical.

    ``created_at`` is timezone-aware; ``hashtags`` are lower-case without '#'. ``synthetic``
    marks a generated post (the bundled sample's): a history with any such post is kept out
    of real creators' population, and its model says so (see ``synthetic_history``).
    """

    post_id: str
    created_at: datetime
    caption: str
    views: Count
    saves: Count
    hashtags: tuple[str, ...] = ()
    likes: Count | None = None
    comments: Count | None = None
    shares: Count | None = None
    duration_s: Seconds | None = None
    sound: Sound | None = None
    sound_title: str | None = None
    text_overlay: bool | None = None
    creator_id: str | None = None
    synthetic: bool = False
    # The export gave a date without a time of day ("2026-03-16"): ``created_at`` is that day's
    # midnight, which says nothing about the hour a creator posts at.
    date_only: bool = False

    def __post_init__(self) -> None:
        if self.saves > self.views:
            raise ValueError(f"saves ({self.saves}) exceed views ({self.views})")
        if self.created_at.tzinfo is None:
            raise ValueError("created_at needs a timezone offset")


# What every score and insights of a synthetic creator says, first.
SYNTHETIC_WARNING = (
    "This history is synthetic (generated, like the bundled sample, with planted effects): its numbers show how "
    "saveworthy works, not what to expect from real posts."
)


def synthetic_history(records: Iterable[PostRecord]) -> bool:
    """Whether a creator's history is synthetic: any generated post makes it so.

    Erring this way keeps generated numbers out of every real creator's population; a
    history that mixes the two says it is synthetic rather than passing for real.
    """
    return any(r.synthetic for r in records)


class Draft(Base, forbid_unknown_fields=True):
    """A draft not yet posted, with what the creator already knows about the post.

    ``caption`` may be left out: a post without a caption is a real post (some creators
    post about 1 in 14 that way), and it gets a score and the tips that fit it.
    """

    caption: Caption = ""
    hashtags: list[str] | None = None
    planned_at: datetime | None = None
    duration_s: Seconds | None = None
    sound: Sound | None = None
    text_overlay: bool | None = None
    expected_views: Count | None = None
    id: str | None = None


class RejectedRow(Base):
    """A row that did not become a record, numbered as the user's file numbers it."""

    row: int
    reason: str
    column: str | None = None
    value: str | None = None


class HistoryRead(Base):
    """What reading a history gives: the records kept, every row refused, and every row kept
    with an optional value dropped (``repaired``), each with its row number and reason."""

    records: tuple[PostRecord, ...]
    rejected: tuple[RejectedRow, ...] = ()
    repaired: tuple[RejectedRow, ...] = ()
    source_format: str = "csv"
    # How each file's numeric dates were read ("column Date: day-first, since 25/01/2025 at row 4
    # can only be"), one sentence per file that had any; empty for ISO 8601 or Unix seconds.
    date_readings: tuple[str, ...] = ()
    timezone: str | None = None  # the IANA zone the times were put on (``created_at`` carries it)
