"""Pricing drafts x windows once with the model, then searching for the week with the most expected
saves: a greedy start, then single moves and pair swaps while the total rises.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import msgspec
import numpy as np

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.fit.features import HOUR_BLOCK, meaning_texts
from models.read.plan.windows import (
    Slot,
    Window,
)
from models.read.pricing import price_rows
from models.text.embeddings import embed_texts

MAX_ROUNDS = 60  # search rounds (moves and swaps); a week converges in a few
EPS = 1e-9


@dataclass
class Prices:
    """What the search reads, all on the model's log scale (relative to the creator's baseline)."""

    window_log: np.ndarray  # (D, W): the draft in the window, gap unknown
    window_members: np.ndarray  # (B, D, W)
    first_gap: np.ndarray  # (S,): the gap's part when the slot is the week's first post
    first_gap_members: np.ndarray  # (B, S)
    step_gap: np.ndarray  # (H+1,): the gap's part for a gap of h whole hours after the post before
    step_gap_members: np.ndarray  # (B, H+1)
    weight: np.ndarray  # (D,): expected views / 1000 (or 1)


def _base_posts(model: CreatorModel, drafts: Sequence[Draft]):
    return [model.post_for(msgspec.structs.replace(d, planned_at=None)) for d in drafts]


def price_drafts(model: CreatorModel, drafts, windows: list[Window], slots: list[Slot], by_hours: bool) -> Prices:
    base = _base_posts(model, drafts)
    embeddings = embed_texts(meaning_texts(base), encoder=model.encoder_name)
    rows, embedding_rows = [], []
    for d, post in enumerate(base):
        for window in windows:
            hour = None if (window.block is None or not by_hours) else window.block * HOUR_BLOCK + 1
            rows.append(msgspec.structs.replace(post, weekday=window.weekday, hour=hour, gap_hours=None))
            embedding_rows.append(d)
    windows_priced = price_rows(model, rows, embeddings, embedding_rows=np.asarray(embedding_rows, dtype=np.intp))
    point, members = windows_priced.point_log, windows_priced.members_log
    D, W = len(base), len(windows)
    window_log = point.reshape(D, W)
    window_members = members.reshape(len(members), D, W)

    # The gap's part, priced by the model on one reference row (the first draft in the first window).
    last = model.last_post_datetime.timestamp() / 3600.0
    first_gaps = [s.hours - last for s in slots]
    # As ``post_for`` rules: a gap longer than the history makes plausible is unknown (a stale history).
    first_gaps = [g if 0 <= g <= model.max_known_gap_hours_ else None for g in first_gaps]
    span = math.ceil(max(s.hours for s in slots) - min(s.hours for s in slots)) + 1 if slots else 1
    steps = list(range(span + 1))
    reference = rows[0]
    gap_rows = [msgspec.structs.replace(reference, gap_hours=g) for g in (None, *first_gaps, *steps)]
    gaps_priced = price_rows(model, gap_rows, embeddings[:1], embedding_rows=np.zeros(len(gap_rows), dtype=np.intp))
    g_point, g_members = gaps_priced.point_log, gaps_priced.members_log
    g_point, g_members = g_point - g_point[0], g_members - g_members[:, :1]
    S = len(slots)
    views = [d.expected_views for d in drafts]
    known = [v for v in views if v is not None]
    fill = (sum(known) / len(known)) if known else 1000.0
    return Prices(
        window_log=window_log,
        window_members=window_members,
        first_gap=g_point[1 : 1 + S],
        first_gap_members=g_members[:, 1 : 1 + S],
        step_gap=g_point[1 + S :],
        step_gap_members=g_members[:, 1 + S :],
        weight=np.array([(v if v is not None else fill) / 1000.0 for v in views]),
    )


def earliest_slots(slots: list[Slot], per_day: int, min_gap: float, n: int) -> list[int]:
    """Up to ``n`` slots taken earliest first under the per-day cap and the minimum gap. Taking the
    earliest allowed slot never leaves room for fewer, so with ``n`` = all slots this counts the
    most drafts the constraints can hold."""
    taken: list[int] = []
    per_day_taken: dict[int, int] = {}
    last = -math.inf
    for s in sorted(range(len(slots)), key=lambda i: slots[i].hours):
        if len(taken) == n:
            break
        slot = slots[s]
        if per_day_taken.get(slot.day_index, 0) < per_day and slot.hours - last >= min_gap - EPS:
            taken.append(s)
            per_day_taken[slot.day_index] = per_day_taken.get(slot.day_index, 0) + 1
            last = slot.hours
    return taken


class Search:
    """Drafts to slots, one draft a slot, under the per-day cap and the minimum gap.

    The week's value is the sum over drafts of weight x exp(price in its window + the part of its
    gap after the post before it). Moves re-price only what they touch: the moved draft and the
    post after each end of the move.
    """

    def __init__(self, prices: Prices, slots: list[Slot], per_day: int, min_gap: float, baseline: float):
        self.p = prices
        self.slots = slots
        self.hours = np.array([s.hours for s in slots])
        self.window_of = np.array([s.window for s in slots], dtype=np.intp)
        self.day_of = np.array([s.day_index for s in slots], dtype=np.intp)
        self.per_day = per_day
        self.min_gap = min_gap
        self.baseline = baseline
        self.n_days = int(self.day_of.max()) + 1 if slots else 0
        self.slot_log = prices.window_log[:, self.window_of]  # (D, S)

    # values -----------------------------------------------------------------------------------
    def _step(self, gap_hours: np.ndarray) -> np.ndarray:
        return self.p.step_gap[np.clip(np.rint(gap_hours).astype(np.intp), 0, len(self.p.step_gap) - 1)]

    def _gap_parts(self, order_slots: np.ndarray, members: bool = False) -> np.ndarray:
        """The gap's part for each slot of a time-ordered sequence (the first counts from the history)."""
        if members:
            first, step = self.p.first_gap_members, self.p.step_gap_members
        else:
            first, step = self.p.first_gap, self.p.step_gap
        if not len(order_slots):
            return np.zeros((first.shape[0], 0)) if members else np.zeros(0)
        gaps = np.diff(self.hours[order_slots])
        index = np.clip(np.rint(gaps).astype(np.intp), 0, step.shape[-1] - 1)
        if members:
            return np.concatenate([first[:, order_slots[:1]], step[:, index]], axis=1)
        return np.concatenate([first[order_slots[:1]], step[index]])

    def values(self, slot_of: np.ndarray) -> np.ndarray:
        """Each draft's value in the plan (weight x relative rate), by draft."""
        order = np.argsort(self.hours[slot_of], kind="stable")
        parts = np.empty(len(slot_of))
        parts[order] = self._gap_parts(slot_of[order])
        drafts = np.arange(len(slot_of))
        return self.p.weight * np.exp(self.slot_log[drafts, slot_of] + parts)

    def total(self, slot_of: np.ndarray) -> float:
        return float(self.values(slot_of).sum())

    def member_totals(self, slot_of: np.ndarray) -> np.ndarray:
        order = np.argsort(self.hours[slot_of], kind="stable")
        parts = np.empty((self.p.first_gap_members.shape[0], len(slot_of)))
        parts[:, order] = self._gap_parts(slot_of[order], members=True)
        drafts = np.arange(len(slot_of))
        logs = self.p.window_members[:, drafts, self.window_of[slot_of]] + parts
        return (self.p.weight * np.exp(logs)).sum(axis=1)

    # one draft placed among the others --------------------------------------------------------
    def insert_totals(self, draft: int, others: np.ndarray, others_slots: np.ndarray) -> np.ndarray:
        """The week's total with ``draft`` in each slot, the ``others`` (drafts) staying in theirs;
        -inf where the constraints forbid it."""
        S = len(self.slots)
        order = np.argsort(self.hours[others_slots], kind="stable")
        o_drafts, o_slots = others[order], others_slots[order]
        o_hours = self.hours[o_slots]
        if len(o_slots):
            o_vals = self.p.weight[o_drafts] * np.exp(self.slot_log[o_drafts, o_slots] + self._gap_parts(o_slots))
        else:
            o_vals = np.zeros(0)
        base_total = float(o_vals.sum())
        k = np.searchsorted(o_hours, self.hours, side="right")  # where each slot would go
        last = np.concatenate([[np.nan], o_hours])[k]  # the post before (nan: none in the plan)
        own_gap = np.where(k > 0, self._step(np.nan_to_num(self.hours - last)), self.p.first_gap)
        total = base_total + self.p.weight[draft] * np.exp(self.slot_log[draft] + own_gap)
        has_next = k < len(o_slots)
        nxt = np.minimum(k, max(len(o_slots) - 1, 0))
        if len(o_slots):
            next_gap = self._step(o_hours[nxt] - self.hours)
            new_next = self.p.weight[o_drafts[nxt]] * np.exp(self.slot_log[o_drafts[nxt], o_slots[nxt]] + next_gap)
            total = total + np.where(has_next, new_next - o_vals[nxt], 0.0)
        allowed = np.ones(S, dtype=bool)
        allowed[o_slots] = False
        counts = np.bincount(self.day_of[o_slots], minlength=self.n_days)
        allowed &= counts[self.day_of] < self.per_day
        if self.min_gap > 0 and len(o_slots):
            before = np.where(k > 0, self.hours - np.nan_to_num(last, nan=-np.inf), np.inf)
            after = np.where(has_next, o_hours[nxt] - self.hours, np.inf)
            allowed &= (before >= self.min_gap - EPS) & (after >= self.min_gap - EPS)
        return np.where(allowed, total, -np.inf)

    def _others(self, slot_of: np.ndarray, draft: int):
        mask = np.ones(len(slot_of), dtype=bool)
        mask[draft] = False
        return np.flatnonzero(mask), slot_of[mask]

    def swap_gains(self, slot_of: np.ndarray) -> np.ndarray:
        """(n, n): what swapping the slots of drafts i and j adds to the week (gaps stay: same slots)."""
        order = np.argsort(self.hours[slot_of], kind="stable")
        parts = np.empty(len(slot_of))
        parts[order] = self._gap_parts(slot_of[order])
        drafts = np.arange(len(slot_of))
        current = self.p.weight * np.exp(self.slot_log[drafts, slot_of] + parts)
        # there[i, j]: draft i in draft j's slot, with that slot's gap
        there = self.p.weight[:, None] * np.exp(self.slot_log[:, slot_of] + parts[None, :])
        gains = there + there.T - current[:, None] - current[None, :]
        np.fill_diagonal(gains, 0.0)
        return gains

    # the search -------------------------------------------------------------------------------
    def start(self, n: int) -> np.ndarray:
        """Greedy: the drafts with the most to gain first, each to its best allowed slot; when the
        constraints leave a draft no slot that way, the earliest feasible slots instead."""
        slot_of = np.full(n, -1, dtype=np.intp)
        for draft in np.argsort(-self.slot_log.max(axis=1), kind="stable"):
            placed = np.flatnonzero(slot_of >= 0)
            totals = self.insert_totals(int(draft), placed, slot_of[placed])
            best = int(np.argmax(totals))
            if not np.isfinite(totals[best]):
                return self._by_rearrangement(earliest_slots(self.slots, self.per_day, self.min_gap, n))
            slot_of[draft] = best
        return slot_of

    def random_start(self, rng: np.random.Generator, n: int) -> np.ndarray | None:
        """Slots taken in a random order while the constraints allow, drafts matched to them by value."""
        taken: list[int] = []
        for s in rng.permutation(len(self.slots)):
            if len(taken) == n:
                break
            others = np.asarray(taken, dtype=np.intp)
            if self._allowed(int(s), others):
                taken.append(int(s))
        return self._by_rearrangement(taken) if len(taken) == n else None

    def _allowed(self, slot: int, others: np.ndarray) -> bool:
        if slot in others:
            return False
        if np.sum(self.day_of[others] == self.day_of[slot]) >= self.per_day:
            return False
        return bool(np.all(np.abs(self.hours[others] - self.hours[slot]) >= self.min_gap - EPS))

    def best_plan(self, n: int, *, seed: int = 0) -> np.ndarray:
        """The greedy start and a few random ones, each improved by moves and swaps; the best of them.

        Moves and swaps stop where no single change helps; under a minimum gap a better week can need
        two changes at once, which another start reaches. How many starts: as many as about 4,000
        draft-slot pairs of work allow, between 2 and 16 (deterministic: seeded).
        """
        rng = np.random.default_rng(seed)
        starts = int(np.clip(4000 // max(1, n * len(self.slots)), 2, 16))
        best = self.improve(self.start(n))
        best_total = self.total(best)
        for _ in range(starts - 1):
            begin = self.random_start(rng, n)
            if begin is None:
                continue
            found = self.improve(begin)
            total = self.total(found)
            if total > best_total * (1 + EPS):
                best, best_total = found, total
        return best

    def _by_rearrangement(self, slots: list[int]) -> np.ndarray:
        slots = np.asarray(slots, dtype=np.intp)
        drafts = np.argsort(-self.slot_log.mean(axis=1), kind="stable")
        ranked = slots[np.argsort(-self.slot_log[:, slots].mean(axis=0), kind="stable")]
        slot_of = np.empty(len(drafts), dtype=np.intp)
        slot_of[drafts] = ranked
        return slot_of

    def improve(self, slot_of: np.ndarray) -> np.ndarray:
        slot_of = slot_of.copy()
        for _ in range(MAX_ROUNDS):
            improved = False
            for _ in range(len(slot_of) ** 2):
                gains = self.swap_gains(slot_of)
                i, j = np.unravel_index(int(np.argmax(gains)), gains.shape)
                if gains[i, j] <= EPS * max(1.0, self.total(slot_of)):
                    break
                slot_of[i], slot_of[j] = slot_of[j], slot_of[i]
                improved = True
            for draft in range(len(slot_of)):
                current = self.total(slot_of)
                others, others_slots = self._others(slot_of, draft)
                totals = self.insert_totals(draft, others, others_slots)
                best = int(np.argmax(totals))
                if totals[best] > current + EPS * max(1.0, current) and best != slot_of[draft]:
                    slot_of[draft] = best
                    improved = True
            if not improved:
                break
        return slot_of

    def best_alternative(self, slot_of: np.ndarray, draft: int) -> tuple[np.ndarray, int | None] | None:
        """The plan with this draft moved to its best free slot, the others staying (what a planner
        asks when a slot stops suiting them); when no free slot is allowed, its best swap instead."""
        others, others_slots = self._others(slot_of, draft)
        totals = self.insert_totals(draft, others, others_slots)
        totals[slot_of[draft]] = -np.inf
        alternative = slot_of.copy()
        if len(totals) and np.isfinite(totals.max()):
            alternative[draft] = int(np.argmax(totals))
            return alternative, None
        gains = self.swap_gains(slot_of)[draft]
        gains[draft] = -np.inf
        if len(gains) < 2:
            return None
        other = int(np.argmax(gains))
        alternative[draft], alternative[other] = slot_of[other], slot_of[draft]
        return alternative, other
