"""TikTok web item JSON (what the web app's item lists and most browser exporters hold).

Accepted: a list of items, JSON Lines, or ``{"itemList": [...]}`` / ``{"items": [...]}``.
Fields: ``id``, ``desc``, ``createTime`` (Unix s), ``stats.playCount`` / ``collectCount`` /
``diggCount`` / ``commentCount`` / ``shareCount`` (``statsV2.*`` as strings when ``stats``
lacks them), ``music.original`` (true → original, false → licensed), ``music.title``,
``textExtra[].hashtagName`` and ``challenges[].title`` (merged), ``video.duration``,
``author.uniqueId`` (or ``author`` as a plain handle) → creator_id.
"""

from __future__ import annotations

from training.importers.canonical import flatten

MARKERS = frozenset(
    {
        "itemList",
        "desc",
        "createTime",
        "stats",
        "statsV2",
        "stats.collectCount",
        "stats.playCount",
        "statsV2.collectCount",
        "textExtra",
        "music.original",
        "author.uniqueId",
    }
)


def looks_like(keys: set[str]) -> bool:
    return bool(keys & MARKERS)


def prepare(item: dict) -> dict[str, object]:
    """The item flattened to dotted keys, with its hashtags gathered under ``hashtags``."""
    flat = flatten(item)
    if "hashtags" not in flat:
        tags = [*_names(flat.get("textExtra"), "hashtagName"), *_names(flat.get("challenges"), "title")]
        if tags or "textExtra" in flat or "challenges" in flat:
            flat.pop("textExtra", None)
            flat.pop("challenges", None)
            flat["hashtags"] = tags
    return flat


def _names(entries: object, key: str) -> list[str]:
    """Hashtag names of ``textExtra`` / ``challenges`` entries (mentions have no hashtagName)."""
    if not isinstance(entries, list):
        return []
    return [str(e[key]) for e in entries if isinstance(e, dict) and isinstance(e.get(key), str) and e[key].strip()]
