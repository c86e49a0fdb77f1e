"""One rule for `plan --from` and the plan route: a plan that starts before the creator's first post
is almost always a mistyped year, so it needs ``force`` (issue 30: it was accepted silently)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel


def before_history(model: CreatorModel, start: date) -> str | None:
    """Why ``start`` needs forcing (it is before the creator's first post), else None."""
    began = model.first_post_at_[:10]
    if start.isoformat() >= began:
        return None
    return f"the plan starts on {start}, before {model.creator_id}'s first post ({began}); check the date"
