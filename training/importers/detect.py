"""Which format a history is in, from its bytes' encoding, its file name and its content."""

from __future__ import annotations

import json
from pathlib import PurePath

from training.importers.canonical import CANONICAL_REQUIRED, first_line, flatten, json_items
from training.importers.research_api import looks_like as looks_like_research_api
from training.importers.tiktok_web import looks_like as looks_like_tiktok_web

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
JSON_SUFFIXES = (".json", ".jsonl", ".ndjson")


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (latin-1's superset
    for the bytes people type), so a history saved by an old spreadsheet still reads."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def detect_format(text: str, name: str = "") -> str:
    """One of ``csv``, ``jsonl``, ``tiktok-web``, ``research-api``, ``scraper-csv``.

    JSON is told apart by the keys of its first object (web items have ``desc``/``stats``,
    Research API videos ``video_description``/``favorites_count``); a CSV whose header holds
    the canonical columns is ``csv``, any other CSV goes through the scraper alias table.
    The file name decides only when the content is ambiguous (an empty ``.jsonl`` file).
    """
    suffix = PurePath(name).suffix.lower() if name else ""
    head = text.lstrip()
    if head.startswith(("[", "{")) or (suffix in JSON_SUFFIXES and not head):
        return _json_format(text)
    if suffix in JSON_SUFFIXES and head and not _is_json_line(head):
        return "csv"  # a CSV misnamed .json: let the CSV reader report what it finds
    header = first_line(text)
    return "csv" if set(CANONICAL_REQUIRED) <= set(header) else "scraper-csv"


def _is_json_line(text: str) -> bool:
    try:
        json.loads(text.split("\n", 1)[0])
    except ValueError:
        return False
    return True


def _json_format(text: str) -> str:
    wrapper, items = json_items(text)
    if looks_like_tiktok_web(wrapper):
        return "tiktok-web"
    if looks_like_research_api(wrapper):
        return "research-api"
    for _, item in items:
        if isinstance(item, dict):
            keys = set(flatten(item))
            if set(CANONICAL_REQUIRED) <= keys:
                return "jsonl"
            if looks_like_tiktok_web(keys):
                return "tiktok-web"
            if looks_like_research_api(keys):
                return "research-api"
            return "jsonl"
    return "jsonl"
