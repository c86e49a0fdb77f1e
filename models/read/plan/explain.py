"""Each placement priced once more as one model row, the best move it was kept over and whether
that move costs beyond the noise, and the notes a plan carries.
"""

from __future__ import annotations

import msgspec
import numpy as np

from models.core.records import Draft
from models.core.words import joined
from models.fit.creator_model import CreatorModel
from models.fit.features import WEEKDAYS, meaning_texts
from models.fit.quality import SIMPLE_GUESSES
from models.read.plan.answer import Move, Placement
from models.read.plan.search import Search
from models.read.plan.windows import (
    min_window_posts,
    slot_name,
)
from models.read.pricing import expected_saves, price_rows
from models.read.uncertainty import VERDICT_LIKELY, chance_higher_beats_lower
from models.text.embeddings import embed_texts

# A move costs something the model can tell only when the chance that the planned slot really beats the
# alternative (the post's own noise included, models.read.uncertainty) is at least compare's "likely".
BEYOND_NOISE = VERDICT_LIKELY


def draft_label(draft: Draft, index: int) -> str:
    return draft.id or f"draft {index + 1}"


def priced_placements(model, drafts, labels, windows, slots, search: Search, slot_of, by_hours) -> list[Placement]:
    """Each draft priced once more as one model row, exactly as planned, with its best alternative."""
    order = np.argsort(search.hours[slot_of], kind="stable")
    last = model.last_post_datetime
    gaps = {}
    previous = None
    for d in order:
        slot = slots[slot_of[d]]
        planned = msgspec.structs.replace(drafts[d], planned_at=slot.at)
        post = model.post_for(planned)  # weekday, hour and the gap from the history's last post
        if previous is not None:
            post = msgspec.structs.replace(post, gap_hours=max(slot.hours - previous, 0.0))
        elif slot.at < last:
            post = msgspec.structs.replace(post, gap_hours=None)
        if not by_hours:
            post = msgspec.structs.replace(post, hour=None)
        gaps[int(d)] = post
        previous = slot.hours
    posts = [gaps[d] for d in range(len(drafts))]
    embeddings = embed_texts(meaning_texts(posts), encoder=model.encoder_name)
    prices = price_rows(model, posts, embeddings, members=False)
    point = prices.rates
    current_members = search.member_totals(slot_of)
    current = search.total(slot_of)
    quantiles = model.estimator_.residual_quantiles_
    out = []
    for d, draft in enumerate(drafts):
        slot = slots[slot_of[d]]
        window = windows[slot.window]
        rate = float(point[d])
        out.append(
            Placement(
                index=d,
                label=labels[d],
                id=draft.id,
                caption=draft.caption,
                date=slot.day.isoformat(),
                weekday=WEEKDAYS[slot.day.weekday()],
                hours=window.hours if by_hours else None,
                at=slot.at.isoformat() if by_hours else None,
                predicted_saves_per_1k=round(rate, 3),
                interval=prices.interval(rate),
                percentile=round(model.percentile(rate), 1),
                expected_saves=expected_saves(rate, draft),
                slot_effect_relative=round(window.relative, 4),
                slot_within_noise=window.within_noise,
                move=_move(search, slots, windows, labels, slot_of, d, current, current_members, quantiles),
            )
        )
    return out


def _move(search: Search, slots, windows, labels, slot_of, d, current, current_members, quantiles) -> Move | None:
    found = search.best_alternative(slot_of, d)
    if found is None:
        return None
    alternative, swapped = found
    target = slots[alternative[d]]
    where = slot_name(target, windows[target.window])
    to = where if swapped is None else f"swap with {labels[swapped]} ({where})"
    members = search.member_totals(alternative)
    agreement = float(np.mean(current_members > members) + 0.5 * np.mean(current_members == members))
    cost = (current - search.total(alternative)) * search.baseline  # in the plan's ``cost_unit``
    # The week's difference over the moved draft's own value: about the log difference the move makes to
    # that post, which is what its outcome's noise is measured against.
    value = float(search.values(slot_of)[d])
    diff, member_diffs = (current - search.total(alternative)) / value, (current_members - members) / value
    sign = 1.0 if diff >= 0 else -1.0
    chance = float(chance_higher_beats_lower(abs(diff), sign * member_diffs, quantiles))
    chance = chance if diff >= 0 else 1.0 - chance
    return Move(
        to=to,
        cost=round(max(cost, 0.0), 3),
        agreement=round(agreement, 3),
        chance=round(chance, 3),
        within_noise=chance < BEYOND_NOISE,
    )


def _guesses_not_beaten(model: CreatorModel) -> list[str]:
    """The simple guesses that did as well as the model or better on the creator's latest posts,
    by ``models.fit.quality``'s one rule (every guess, on error and on ranking), in its words."""
    return [SIMPLE_GUESSES.get(key, key) for key in model.check.better_guesses]


def plan_notes(model, constraints, per_day, windows, placements, days_only_why, drafts, slots, slot_of) -> list[str]:
    notes = []
    if days_only_why:
        notes.append(days_only_why[0].upper() + days_only_why[1:] + ".")
        used_days = [windows[w] for w in dict.fromkeys(slots[s].window for s in slot_of)]
        never = [WEEKDAYS[w.weekday] for w in used_days if not w.posts]
        thin = [f"{WEEKDAYS[w.weekday]} {w.posts}" for w in used_days if 0 < w.posts < min_window_posts()]
        if never:
            notes.append(
                f"This week needs days you have never posted on ({joined(never)}): the model knows nothing of "
                "them from you, so they are placed as average days."
            )
        if thin:
            notes.append(
                f"Fewer than {min_window_posts()} of your posts stand behind some days ({joined(thin)}): "
                "what the plan says of them rests mostly on the model, not on those posts."
            )
    if model.check.beats_mean is None:
        notes.append(
            "Your history was too short to test the model on your latest posts, so this plan is the model's "
            "best guess, untested."
        )
    elif not model.check.beats_mean:
        missed = _guesses_not_beaten(model)
        who = f" ({joined(missed)} did as well or better)" if missed else ""
        notes.append(
            f"On your latest posts the model did not beat every simple guess{who}, so the order of drafts and "
            "slots here is a weak guess: read it as a tidy spread of the week, not a forecast."
        )
    used = {slots[s].window for s in slot_of}
    if all(windows[w].within_noise for w in used):
        notes.append(
            "None of the slots used stands out from your usual times beyond the noise: the model cannot tell "
            "them apart with confidence, so moving drafts between them changes little."
        )
    elif any(windows[w].within_noise for w in used):
        notes.append("Slots marked 'within the noise' are not reliably better or worse than your usual times.")
    if constraints.per_day is None:
        gap = model.median_gap_hours_
        rhythm = f"a post every {gap:.0f} h" if gap else "too few posts to tell"
        notes.append(f"At most {per_day} a day: your usual rhythm ({rhythm}); set per day to change it.")
    first = min(slots[s].hours for s in slot_of)
    last = model.last_post_datetime.timestamp() / 3600.0
    if first - last > model.max_known_gap_hours_:
        notes.append(
            f"Your history ends on {model.last_post_datetime.date().isoformat()}, long before this plan: the model "
            "does not count the gap since then, only the gaps between the planned posts."
        )
    if any(d.expected_views is None for d in drafts):
        notes.append("Expected saves treat every draft as getting the same views; give expected views to weigh them.")
    return notes
