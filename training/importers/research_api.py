"""TikTok Research API video objects (``/v2/research/video/query/``).

Accepted: a list of videos, JSON Lines, or the API's own ``{"data": {"videos": [...]}}``.
Fields: ``id``, ``video_description``, ``create_time`` (Unix s), ``view_count``,
``favorites_count`` (saves), ``like_count``, ``comment_count``, ``share_count``,
``hashtag_names``, ``video_duration``, ``username`` → creator_id.
"""

from __future__ import annotations

from training.importers.canonical import flatten

MARKERS = frozenset(
    {"data.videos", "video_description", "favorites_count", "view_count", "create_time", "hashtag_names"}
)


def looks_like(keys: set[str]) -> bool:
    return bool(keys & MARKERS)


def prepare(item: dict) -> dict[str, object]:
    return flatten(item)
