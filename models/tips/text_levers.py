"""Tips that are a sentence added to the caption: save-cta, informative, solves-problem, engage-audience."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from models.features import PostInput, lever_flags
from models.results import Signal, Span
from models.signals import match_spans, matched_phrases
from models.tips.change import Change, lever_evidence
from models.wording import append_sentence, how_to_for, opened_with, problem_for, question_for, save_cta_for

if TYPE_CHECKING:
    from models.creator_model import CreatorModel


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


def text_levers(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    flags = lever_flags(post)
    for spec in TEXT_LEVERS:
        if flags[spec.lever]:
            caption = post.caption
            spans = [Span(start=a, end=b, text=caption[a:b]) for a, b in match_spans(caption, spec.lever)]
            yield Signal(id=spec.tip_id, label=spec.label, matches=matched_phrases(caption, spec.lever), spans=spans)
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
            lever_evidence(model, spec.lever, spec.evidence),
            # No rewrite to apply where the opener does not fit: a broken sentence helps nobody.
            apply={"caption": caption} if caption is not None else None,
        )
