"""Fair scoring under load: single checks ahead of batches, batches in chunks, one batch per key, a time budget.

Before, a batch went to the scoring thread as one call: one key's 1,000 long captions held
it for 802 s while every other client's one-line check timed out. Now (``ScoringThread``
lanes):

* a batch is scored in chunks of a bounded number of caption characters, one call each, so
  a single check waits for at most one chunk;
* a key runs one batch at a time (its next waits its turn), so one key cannot fill the
  batch lane and starve other keys' batches; chunks of different keys' batches take turns;
* every request has a time budget: work not finished by then answers 503 with
  ``Retry-After`` (the chunks not yet started are dropped) instead of hanging.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from typing import TypeVar

from api.errors import Unavailable
from api.scoring_thread import BATCH, SINGLE, ScoringThread, WorkTimedOut
from models.core.records import Draft

T = TypeVar("T")

CHUNK_CHARS = 3_000  # caption characters per batch call: one 3,900-character caption took 1.2 s (load 8, 2 cores)
CHUNK_DRAFTS = 16  # and never more drafts than this: 50 short drafts took 2.5 s in all
RETRY_AFTER_S = 10


def chunks(drafts: Sequence[Draft], max_chars: int = CHUNK_CHARS, max_drafts: int = CHUNK_DRAFTS) -> list[list[Draft]]:
    """Consecutive drafts in groups of at most ``max_drafts`` and about ``max_chars`` caption characters
    (a longer caption is a chunk of its own); order kept."""
    out: list[list[Draft]] = []
    current: list[Draft] = []
    chars = 0
    for draft in drafts:
        size = len(draft.caption)
        if current and (chars + size > max_chars or len(current) >= max_drafts):
            out.append(current)
            current, chars = [], 0
        current.append(draft)
        chars += size
    if current:
        out.append(current)
    return out


def _busy(budget_s: float) -> Unavailable:
    return Unavailable(
        f"the server could not finish this within its {budget_s:g} s budget (others' work is queued); retry after "
        "the Retry-After seconds, or send fewer or shorter drafts per batch",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


class Lanes:
    """How request handlers reach the scoring thread: ``single`` for small work, ``batch`` for drafts in bulk."""

    def __init__(self, scoring: ScoringThread, budget_s: float = 30.0) -> None:
        self.scoring = scoring
        self.budget_s = budget_s
        self._turns: dict[Hashable, asyncio.Lock] = {}  # per key: one batch at a time

    async def single(self, fn: Callable[..., T], *args) -> T:
        """``fn(*args)`` ahead of every batch chunk; 503 if it cannot finish within the budget."""
        try:
            return await self.scoring.run_in(SINGLE, time.monotonic() + self.budget_s, partial(fn, *args))
        except WorkTimedOut:
            raise _busy(self.budget_s) from None

    async def batch(self, key: Hashable, score: Callable[[list[Draft]], list[T]], drafts: Sequence[Draft]) -> list[T]:
        """``score`` over ``drafts`` chunk by chunk in the batch lane, the key's batches one at a time;
        results in input order. 503 when the budget runs out (waiting for the key's turn counts)."""
        deadline = time.monotonic() + self.budget_s
        turn = self._turns.setdefault(key, asyncio.Lock())
        try:
            await asyncio.wait_for(turn.acquire(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            raise _busy(self.budget_s) from None
        try:
            results: list[T] = []
            for chunk in chunks(drafts):
                results += await self.scoring.run_in(BATCH, deadline, partial(score, chunk))
            return results
        except WorkTimedOut:
            raise _busy(self.budget_s) from None
        finally:
            turn.release()
