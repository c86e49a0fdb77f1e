"""Counterfactual changes to a draft, one family per tip in the catalogue.

Each ``Change`` is the draft with one concrete edit (a save CTA appended, #mealprep added,
posted Thursday 18:00), plus the advice text and the evidence behind it. Scoring prices
every change with the model's bootstrap ensemble in one matrix product. Changes keep the
draft's caption meaning (its embedding row) unless the tip is about meaning itself
(themes), which uses a theme centroid: no tip ever re-runs the encoder.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone

import msgspec
import numpy as np

from models.counts import plural
from models.creator_model import CreatorModel
from models.evidence import TimeCell, block_label, model_lever_split
from models.features import HOUR_BLOCK, WEEKDAYS, PostInput, lever_flags
from models.insights import best_windows, hours_known, window_name
from models.records import Draft
from models.results import Evidence, Signal
from models.signals import detect_signals, matched_phrases, strip_for_meaning
from models.themes import clean_caption
from models.wording import append_sentence, how_to_for, opened_with, problem_for, question_for, save_cta_for

MIN_TAG_POSTS = 5
CONCISE_WORDS = 30
CONCISE_DURATION_S = 45.0


@dataclass
class Change:
    tip_id: str
    variant: PostInput
    advice: str
    evidence: Evidence
    apply: dict | None = None
    embedding: np.ndarray | None = field(default=None, repr=False)  # None: the draft's own


def _evidence(with_: int, without: int, note: str) -> Evidence:
    return Evidence(posts_with=int(with_), posts_without=int(without), note=note)


def _times(x: float) -> str:
    return f"{x:.2f}×".replace(".00×", "×")


def draft_changes(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> tuple[list[Change], list[Signal]]:
    """Every tip change that applies to this draft, and the signals it already has.

    ``embedding`` is the draft's caption-meaning row, used to place it among the themes.
    """
    changes: list[Change] = []
    signals: list[Signal] = []
    for family in _FAMILIES:
        for item in family(post, draft, model, embedding):
            (signals if isinstance(item, Signal) else changes).append(item)
    return changes, signals


def _lever_evidence(model: CreatorModel, lever: str, what: str) -> Evidence:
    n_with, n_without = model_lever_split(model, lever)
    if lever == "text_overlay" and n_with + n_without == 0:
        # Not "0 of your 0 posts": the history simply has no such column.
        return _evidence(0, 0, "your history does not record text overlays (no text_overlay column)")
    return _evidence(n_with, n_without, f"{n_with} of your {plural(n_with + n_without, 'post')} {what}")


@dataclass(frozen=True)
class TextLever:
    """A tip that is a sentence added to the caption: where it goes and how it is worded."""

    tip_id: str
    lever: str
    label: str
    suggest: Callable[[str], str]  # the wording, from the draft itself (language, shape)
    opener: str | None  # None: appended before the hashtags; else prefixed, joined by this
    advice: str
    evidence: str
    described: str = ""  # the advice where the opener cannot fit the draft: the change in words

    def rewrite(self, caption: str) -> tuple[str, str | None]:
        """(the suggested sentence, the caption with it applied); None where it cannot fit the caption."""
        sentence = self.suggest(caption)
        if self.opener is None:
            return sentence, append_sentence(caption, sentence)
        applied = opened_with(caption, sentence, self.opener)
        if applied is not None and not applied.startswith(sentence):
            sentence = sentence.rstrip(" :")  # a caption without words gets the opener as a whole line
        return sentence, applied


TEXT_LEVERS = (
    TextLever(
        "save-cta",
        "save_cta",
        "Asks viewers to save",
        save_cta_for,
        None,
        'Add a call to save, e.g. "{s}"',
        "asked viewers to save",
    ),
    TextLever(
        "informative",
        "informative",
        "Tutorial / tips / how-to framing",
        how_to_for,
        ": ",
        'Frame it as something to learn: open with "{s}" and give the steps or tips on screen',
        "were tutorials, tips or how-tos",
        "Frame it as something to learn: say in the first line what viewers will learn, and give the steps or "
        "tips on screen",
    ),
    TextLever(
        "solves-problem",
        "solves_problem",
        "Names a problem it solves",
        problem_for,
        " ",
        'Say which problem this solves: start the caption with "{s}"',
        "named a problem they solve",
        "Say in the first line which problem this solves, so viewers know the video has the answer",
    ),
    TextLever(
        "engage-audience",
        "engage",
        "Invites comments",
        question_for,
        None,
        'End with a question for your viewers, e.g. "{s}"',
        "asked a question or invited comments",
    ),
)


def _text_levers(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> Iterator[Change | Signal]:
    flags = lever_flags(post)
    for spec in TEXT_LEVERS:
        if flags[spec.lever]:
            yield Signal(id=spec.tip_id, label=spec.label, matches=matched_phrases(post.caption, spec.lever))
            continue
        sentence, caption = spec.rewrite(post.caption)
        if spec.opener is None:
            # The new caption carries the lever in words every detector language reads.
            variant = msgspec.structs.replace(post, caption=caption)
        else:
            # Reframing is more than its opening words: price the lever itself. Where the
            # opener does not fit the draft, the lever is priced on the draft as written.
            variant = msgspec.structs.replace(post, caption=caption or post.caption, force=(*post.force, spec.lever))
        yield Change(
            spec.tip_id,
            variant,
            spec.advice.format(s=sentence) if caption is not None else spec.described,
            _lever_evidence(model, spec.lever, spec.evidence),
            # No rewrite to apply where the opener does not fit: a broken sentence helps nobody.
            apply={"caption": caption} if caption is not None else None,
        )


def _collaborate(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> Iterator[Change | Signal]:
    if lever_flags(post)["collab"]:
        yield Signal(id="collaborate", label="Collaboration or mention")
        return
    who = ", ".join(f"@{m}" for m in model.top_mentions_[:2])
    advice = "Make it a collaboration and tag the other creator"
    advice += f" (you have worked with {who})" if who else " with @their_name"
    yield Change(
        "collaborate",
        msgspec.structs.replace(post, force=(*post.force, "collab")),
        advice,
        _lever_evidence(model, "collab", "were collaborations or mentioned someone"),
    )


def _text_overlay(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> Iterator[Change | Signal]:
    if post.text_overlay:
        yield Signal(id="text-overlay", label="Text overlay on the video")
        return
    yield Change(
        "text-overlay",
        msgspec.structs.replace(post, text_overlay=True),
        "Put the key point or each step as on-screen text, so the value shows without sound",
        _lever_evidence(model, "text_overlay", "had a text overlay"),
        apply={"text_overlay": True},
    )


def _trending_sound(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> Iterator[Change | Signal]:
    if post.sound == "trending":
        yield Signal(id="trending-sound", label="Trending sound")
        return
    n_trending = model.sound_counts_.get("trending", 0)
    n_known = sum(model.sound_counts_.values())
    yield Change(
        "trending-sound",
        msgspec.structs.replace(post, sound="trending"),
        "Use a trending sound that suits the topic" + (f" instead of {post.sound} audio" if post.sound else ""),
        _evidence(
            n_trending,
            n_known - n_trending,
            f"{n_trending} of {plural(n_known, 'post')} with known audio used a trending sound",
        ),
        apply={"sound": "trending"},
    )


def _relevant_hashtags(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> Iterator[Change | Signal]:
    effects = model.estimator.effects()
    stats = {s.hashtag: s for s in model.hashtag_stats_}
    have = set(post.hashtags)
    good = [
        tag
        for tag in model.estimator.featurizer_.hashtags_
        if tag not in have
        and effects.get(f"#{tag}", 0.0) > 0
        and stats[tag].relative_save_rate > 1.0
        and stats[tag].posts >= MIN_TAG_POSTS
    ]
    good.sort(key=lambda tag: -effects[f"#{tag}"])
    for tag in have & set(model.estimator.featurizer_.hashtags_):
        if effects.get(f"#{tag}", 0.0) > 0:
            yield Signal(
                id="relevant-hashtags", label="Uses a high-save hashtag", detail=f"#{tag}", matches=[f"#{tag}"]
            )
    if not good:
        return
    add = good[:3]
    top = stats[add[0]]
    tags_text = " ".join(f"#{t}" for t in add)
    # Exactly what ``apply`` asks a client to do: add these to the draft's hashtags.
    yield Change(
        "relevant-hashtags",
        msgspec.structs.replace(post, hashtags=(*post.hashtags, *add)),
        f"Add {tags_text}: your posts with #{add[0]} earn {_times(top.relative_save_rate)} the saves of your others "
        f"({top.posts} posts)",
        _evidence(top.posts, model.n_posts_ - top.posts, f"#{add[0]} is on {top.posts} of your posts"),
        apply={"hashtags": add},
    )


def _best_time(post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray) -> Iterator[Change | Signal]:
    """Advise insights' first posting window: the same evidence and the same rule (``best_windows``)."""
    best = best_windows(model)
    if not best:
        return  # no slot of theirs stands out once what was posted is held equal
    rated = best[0]
    cell = rated.cell
    day, block = cell.weekday, cell.block
    # A history known by dates only (every post at midnight) says nothing about hours:
    # advise the day alone, never "00:00–03:00".
    by_hours = hours_known(model)
    if post.weekday == day and (not by_hours or (post.hour is not None and post.hour // HOUR_BLOCK == block)):
        yield Signal(id="best-time", label="Planned in your best posting window", detail=window_name(model, cell))
        return
    if not by_hours:
        yield _best_day(post, draft, model, cell, rated.effect_relative)
        return
    n_block = sum(c.posts for c in model.time_stats_ if c.block == block)
    # A concrete time, so that applying the tip is one well-defined draft: its gap since
    # the last post changes with it, and the price includes that.
    slot = _next_slot(draft, model, day, block * HOUR_BLOCK + 1)
    yield Change(
        "best-time",
        _moved_to(post, draft, model, slot),
        f"Post on {WEEKDAYS[day]} between {block_label(block)} (your time), your best window: the model rates it "
        f"{_times(rated.effect_relative)} your usual times; {cell.posts} of your posts went out then and "
        f"earned {_times(cell.relative_save_rate)} the saves of your others",
        _evidence(
            n_block,
            model.n_posts_ - n_block,
            f"{n_block} posts in {block_label(block)}, {cell.posts} of them on {WEEKDAYS[day]}s",
        ),
        apply={
            "planned_at": slot.isoformat(),
            "planned_weekday": WEEKDAYS[day],
            "planned_hours": block_label(block),
        },
    )


def _best_day(post: PostInput, draft: Draft, model: CreatorModel, cell: TimeCell, effect: float) -> Change:
    day = cell.weekday
    hour = post.hour if post.hour is not None else 12
    slot = _next_slot(draft, model, day, hour)
    return Change(
        "best-time",
        _moved_to(post, draft, model, slot),
        f"Post on a {WEEKDAYS[day]}, your best day: the model rates it {_times(effect)} your usual "
        f"days; {cell.posts} of your posts went out on {WEEKDAYS[day]}s and earned "
        f"{_times(cell.relative_save_rate)} the saves of your others (your history has dates, "
        "not times, so no hours are advised)",
        _evidence(cell.posts, model.n_posts_ - cell.posts, f"{cell.posts} posts on {WEEKDAYS[day]}s"),
        apply={"planned_at": slot.isoformat(), "planned_weekday": WEEKDAYS[day]},
    )


def _moved_to(post: PostInput, draft: Draft, model: CreatorModel, slot: datetime) -> PostInput:
    """The post planned at ``slot``: its day, hour and gap since the last post all follow."""
    moved = model.post_for(msgspec.structs.replace(draft, planned_at=slot))
    return msgspec.structs.replace(post, weekday=moved.weekday, hour=moved.hour, gap_hours=moved.gap_hours)


def _next_slot(draft: Draft, model: CreatorModel, weekday: int, hour: int) -> datetime:
    """The first ``weekday`` at ``hour`` on the creator's clock after the draft's planned time (or now)."""
    clock = timezone(timedelta(minutes=model.utc_offset_min_))
    reference = draft.planned_at or datetime.now(UTC)
    if reference.tzinfo is None:
        reference = reference.replace(tzinfo=UTC)
    local = reference.astimezone(clock)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0) + timedelta(days=(weekday - local.weekday()) % 7)
    return slot if slot > local else slot + timedelta(days=7)


def _concise(post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray) -> Iterator[Change | Signal]:
    n_words = detect_signals(post.caption).n_words
    long_caption = n_words > CONCISE_WORDS
    long_video = post.duration_s is not None and post.duration_s > CONCISE_DURATION_S
    if not (long_caption or long_video):
        if n_words:  # a caption-less draft is not "concise", it has no caption
            yield Signal(id="concise", label="Concise", detail=plural(n_words, "word"))
        return
    variant, parts = post, []
    if long_caption:
        words = post.caption.split()
        short = " ".join(words[:CONCISE_WORDS])
        tags = " ".join(f"#{t}" for t in post.hashtags if f"#{t}" not in short.casefold())
        variant = msgspec.structs.replace(variant, caption=f"{short} {tags}".strip())
        parts.append(f"cut the caption from {n_words} to about {CONCISE_WORDS} words")
    if long_video:
        variant = msgspec.structs.replace(variant, duration_s=30.0)
        parts.append(f"trim the video from {post.duration_s:.0f}s towards 30s")
    n_short = int(np.sum(model.caption_words_ <= CONCISE_WORDS))
    yield Change(
        "concise",
        variant,
        "Get to the point: " + " and ".join(parts),
        _evidence(
            n_short, model.n_posts_ - n_short, f"{n_short} of your posts had captions of {CONCISE_WORDS} words or fewer"
        ),
    )


def _post_consistently(
    post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray
) -> Iterator[Change | Signal]:
    if post.gap_hours is None or model.median_gap_hours_ is None:
        return
    usual = model.median_gap_hours_
    if post.gap_hours <= 1.5 * usual:
        yield Signal(
            id="post-consistently", label="On your usual rhythm", detail=f"{post.gap_hours:.0f} h since last post"
        )
        return
    n_regular = int(np.sum(model.gaps_hours_ <= 1.5 * usual))
    yield Change(
        "post-consistently",
        msgspec.structs.replace(post, gap_hours=usual),
        f"This would go out {post.gap_hours / 24:.1f} days after your last post; your usual gap is "
        f"{usual / 24:.1f} days. Post sooner to keep the rhythm",
        _evidence(
            n_regular,
            len(model.gaps_hours_) - n_regular,
            f"{plural(n_regular, 'post')} followed the previous within {1.5 * usual:.0f} h",
        ),
    )


def _themes(post: PostInput, draft: Draft, model: CreatorModel, embedding: np.ndarray) -> Iterator[Change | Signal]:
    if not model.themes_:
        return
    top = model.themes_[0]
    if top["relative_save_rate"] <= 1.0:
        return
    nearest = max(model.themes_, key=lambda theme: float(embedding @ theme["centroid"]))
    if nearest is top and strip_for_meaning(post.caption):  # an empty caption is on no theme
        yield Signal(id="most-saved-themes", label="On your most-saved theme")
        return
    # Named by its words where some set it apart, shown by one example cut between words.
    called = f"“{top['name']}”, " if top["name"] else ""
    example = f' looks like: "{clean_caption(top["examples"][0], 90)}".' if top["examples"] else "."
    yield Change(
        "most-saved-themes",
        post,
        f"Your most-saved theme ({called}{top['posts']} posts, {_times(top['relative_save_rate'])} the saves of your "
        f"others){example} Angle this post towards it",
        _evidence(top["posts"], model.n_posts_ - top["posts"], f"{top['posts']} posts in your most-saved theme"),
        embedding=top["centroid"],
    )


_FAMILIES = (
    _text_levers,
    _relevant_hashtags,
    _trending_sound,
    _text_overlay,
    _concise,
    _post_consistently,
    _best_time,
    _themes,
    _collaborate,
)
