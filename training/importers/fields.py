"""Where each canonical field lives in the exports people actually have.

One alias table serves every format: canonical CSV/JSONL, TikTok web item JSON, Research
API video objects and the common scraper CSVs (including TikTok Studio numbers typed into
a sheet). Nested JSON is flattened to dotted keys first (``stats.collectCount``), and keys
are compared lower-cased with everything but letters, digits and dots removed, so
``Collect Count``, ``collect_count`` and ``collectCount`` are one column.
"""

from __future__ import annotations

import re

_KEY_RE = re.compile(r"[^a-z0-9.]")


def normalise_key(key: str) -> str:
    return _KEY_RE.sub("", str(key).strip().lower())


# Canonical field -> aliases, first found wins. Written already normalised.
ALIASES: dict[str, tuple[str, ...]] = {
    "post_id": ("postid", "videoid", "itemid", "awemeid", "id", "url", "webvideourl", "videourl", "index"),
    "created_at": (
        "createdat",
        "createtimeiso",
        "createtime",
        "publishtime",
        "publishedat",
        "publisheddate",
        "postedat",
        "posttime",
        "date",
        "timestamp",
        "time",
    ),
    "caption": ("caption", "desc", "description", "videodescription", "videodesc", "text", "title"),
    "hashtags": ("hashtags", "hashtagnames", "tags", "textextra", "challenges"),
    "views": (
        "views",
        "playcount",
        "stats.playcount",
        "statsv2.playcount",
        "viewcount",
        "viewscount",
        "plays",
        "videoviews",
    ),
    "saves": (
        "saves",
        "collectcount",
        "stats.collectcount",
        "statsv2.collectcount",
        "favoritescount",
        "favouritescount",
        "favoritecount",
        "bookmarks",
        "saved",
    ),
    "likes": ("likes", "diggcount", "stats.diggcount", "statsv2.diggcount", "likecount", "likescount", "hearts"),
    "comments": ("comments", "commentcount", "stats.commentcount", "statsv2.commentcount", "commentscount"),
    "shares": ("shares", "sharecount", "stats.sharecount", "statsv2.sharecount", "sharescount"),
    "duration_s": (
        "durations",
        "duration",
        "video.duration",
        "videometa.duration",
        "videoduration",
        "durationseconds",
        "videolength",
        "length",
    ),
    "sound": ("sound", "music.original", "musicmeta.musicoriginal", "musicoriginal", "audiotype"),
    "sound_title": ("soundtitle", "music.title", "musicmeta.musicname", "musicname", "musicused", "musictitle"),
    "text_overlay": ("textoverlay", "hastextoverlay", "overlay"),
    "creator_id": ("creatorid", "author.uniqueid", "authormeta.name", "authorname", "username", "author", "brand"),
}
# A second column that completes another (TikTok Studio sheets split date and time).
TIME_OF_DAY = ("publishedtime", "posttime")
REQUIRED = ("post_id", "created_at", "caption", "views", "saves")
CANONICAL = tuple(ALIASES)


def flatten(obj: dict, prefix: str = "") -> dict[str, object]:
    """Nested dicts to dotted keys; lists stay whole (hashtag lists are read as lists)."""
    flat: dict[str, object] = {}
    for key, value in obj.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        else:
            flat[name] = value
    return flat


def resolve_columns(keys: list[str]) -> dict[str, str]:
    """Canonical field -> the source key that holds it, for the keys present."""
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(normalise_key(key), key)
    mapping = {}
    for field, aliases in ALIASES.items():
        for alias in aliases:
            if alias in by_norm and by_norm[alias] not in mapping.values():
                mapping[field] = by_norm[alias]
                break
    for alias in TIME_OF_DAY:
        if alias in by_norm and by_norm[alias] != mapping.get("created_at"):
            mapping["time_of_day"] = by_norm[alias]
            break
    return mapping


_VIDEO_ID_RE = re.compile(r"/video/(\d+)")


def post_id_from(value: object) -> str:
    """Ids as text; a TikTok video URL becomes its numeric id."""
    text = str(value).strip()
    match = _VIDEO_ID_RE.search(text)
    if match:
        return match.group(1)
    if re.fullmatch(r"\d+\.0", text):  # spreadsheets turn ids into floats
        return text[:-2]
    return text
