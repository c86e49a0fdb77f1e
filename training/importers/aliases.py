"""The alias table: where each canonical field lives in the exports people actually have.

One table serves every format, and is all a scraper CSV needs: Apify-style exports
(``id, text, createTimeISO, playCount, collectCount, diggCount, ..., videoMeta.duration,
musicMeta.musicOriginal, authorMeta.name, hashtags/0/name, hashtags/1/name, ...``), brand
scraper exports (``video_id, brand, author_name, views_count, collect_count, publish_time,
video_desc, music_used, hashtags, duration_seconds``) and TikTok Studio numbers typed into a
sheet (``description, published date, published time, video length, views, saves``).

Keys are compared lower-cased with '/' read as '.' and everything but letters, digits and
dots removed, so ``Collect Count``, ``collect_count`` and ``collectCount`` are one column.
Within a field the first alias present wins.
"""

from __future__ import annotations

import re

_KEY_RE = re.compile(r"[^a-z0-9.]")

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
        "collects",
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
    # A brand export's ``brand`` is steadier than its ``author_name``, which the scraper
    # sometimes fills with the account's numeric id instead of its handle.
    "creator_id": ("creatorid", "author.uniqueid", "authormeta.name", "brand", "authorname", "username", "author"),
    # Generated posts (training/sample_data.py): kept out of real creators' population.
    "synthetic": ("synthetic",),
}
# A second column that completes another (TikTok Studio sheets split date and time).
TIME_OF_DAY = ("publishedtime", "posttime")
# Apify flattens lists into numbered columns: hashtags/0/name, hashtags/1/name, ...
_NUMBERED_TAG_RE = re.compile(r"^(?:hashtags|challenges|textextra)\.(\d+)(?:\.(?:name|title|hashtagname))?$")


def normalise_key(key: str) -> str:
    return _KEY_RE.sub("", str(key).strip().lower().replace("/", "."))


def resolve_columns(keys: list[str]) -> dict[str, str]:
    """Canonical field (and ``time_of_day``) -> the source key that holds it, for the keys present."""
    by_norm: dict[str, str] = {}
    for key in keys:
        by_norm.setdefault(normalise_key(key), key)
    mapping: dict[str, str] = {}
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


def numbered_tag_columns(header: list[str]) -> list[str]:
    """``hashtags/0/name``-style columns, in index order."""
    found = []
    for key in header:
        match = _NUMBERED_TAG_RE.match(normalise_key(key))
        if match:
            found.append((int(match.group(1)), key))
    return [key for _, key in sorted(found)]


def gather_numbered_tags(row: dict[str, str], columns: list[str]) -> list[str]:
    return [row[c] for c in columns if (row.get(c) or "").strip()]


_VIDEO_ID_RE = re.compile(r"/video/(\d+)")


def post_id_from(value: object) -> str:
    """Ids as text; a TikTok video URL becomes its numeric id; "123.0" (a sheet's float) is 123."""
    text = str(value).strip()
    match = _VIDEO_ID_RE.search(text)
    if match:
        return match.group(1)
    if re.fullmatch(r"\d+\.0", text):
        return text[:-2]
    return text
