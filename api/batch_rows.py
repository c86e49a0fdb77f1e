"""A batch's drafts checked one by one: the valid ones to score, and every invalid one with its reason.

A batch is read loosely (each draft as plain JSON) and each draft is then converted on its
own, so one bad field refuses that draft only, as a drafts file's bad row does in the CLI,
instead of the whole batch with only the first error named.
"""

from __future__ import annotations

from typing import Any

import msgspec

from models.core.records import DRAFT_CAPTION_CHARS, Draft

CAPTION_TOO_LONG = f"caption longer than TikTok allows ({DRAFT_CAPTION_CHARS:,} characters); shorten it"


class RowProblem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=False):
    """Why one draft of a batch was not scored: its place in ``drafts`` (from 0), its ``id`` when
    it could be read, the field at fault (None: the draft as a whole) and the reason."""

    index: int
    id: str | None
    field: str | None
    reason: str


def readable(message: str, field: str | None) -> str:
    """msgspec's wording, except where the product has a clearer one."""
    if field == "caption" and "length <=" in message:
        return CAPTION_TOO_LONG
    return message


def check_draft(index: int, item: Any) -> Draft | RowProblem:
    """The draft, or what is wrong with it (the first problem msgspec meets in that draft)."""
    draft_id = item.get("id") if isinstance(item, dict) else None
    shown_id = draft_id if isinstance(draft_id, str) else None
    try:
        return msgspec.convert(item, type=Draft)
    except msgspec.ValidationError as exc:
        # msgspec names the field as a path ("... - at `$.duration_s`"); "$" alone is the draft itself.
        message, _, path = str(exc).partition(" - at `$")
        field = path.rstrip("`").lstrip(".").split(".")[0].split("[")[0] or None
        if field is None and "unknown field `" in message:  # a misspelt field: name it
            field = message.split("`")[1]
        return RowProblem(index=index, id=shown_id, field=field, reason=readable(message, field))


def check_drafts(items: list[Any]) -> tuple[list[tuple[int, Draft]], list[RowProblem]]:
    """(index, draft) for every valid draft and a ``RowProblem`` for every invalid one, both in order."""
    valid: list[tuple[int, Draft]] = []
    problems: list[RowProblem] = []
    for index, item in enumerate(items):
        checked = check_draft(index, item)
        if isinstance(checked, RowProblem):
            problems.append(checked)
        else:
            valid.append((index, checked))
    return valid, problems
