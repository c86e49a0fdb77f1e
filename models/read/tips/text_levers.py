"""Tips that turn a caption lever on (``models.core.levers``): a sentence added to the caption where we write one.

save-cta, informative, solves-problem and engage-audience suggest a sentence in the draft's own
language (``TEXT_LEVERS``); a lever without such wording is priced turned on and advised in
its own words. The collaborate tip names who the creator worked with: it has a module of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import msgspec

from models.core.levers import LEVERS, lever
from models.core.results import Signal, Span
from models.fit.features import PostInput, lever_flags
from models.read.tips.change import Change, lever_evidence
from models.text.signals import match_spans, matched_phrases
from models.text.wording import append_sentence, how_to_for, opened_with, problem_for, question_for, save_cta_for

if TYPE_CHECKING:
    from models.fit.creator_model import CreatorModel


@dataclass(frozen=True)
class TextLever:
    """A lever's suggested sentence: how it is worded, where it goes, and the advice that quotes it."""

    lever: str
    suggest: Callable[[str], str]  # the wording, from the draft itself (language, shape)
    opener: str | None  # None: appended before the hashtags; else prefixed, joined by this
    advice: str  # quoting the sentence as "{s}"

    @property
    def tip_id(self) -> str:
        return lever(self.lever).tip_id

    @property
    def described(self) -> str:
        """The advice where the sentence cannot fit the draft: the change in words (the lever's own advice)."""
        return lever(self.lever).advice

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
    TextLever("save_cta", save_cta_for, None, 'Add a call to save, e.g. "{s}"'),
    TextLever(
        "informative",
        how_to_for,
        ": ",
        'Frame it as something to learn: open with "{s}" and give the steps or tips on screen',
    ),
    TextLever("solves_problem", problem_for, " ", 'Say which problem this solves: start the caption with "{s}"'),
    TextLever("engage", question_for, None, 'End with a question for your viewers, e.g. "{s}"'),
)
_WORDED = {spec.lever: spec for spec in TEXT_LEVERS}
# Every caption lever's tip but those with a module of their own.
_OWN_MODULE = frozenset({"collaborate"})
_SERVED = tuple(each for each in LEVERS if each.words and each.tip_id not in _OWN_MODULE)


def text_levers(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    flags = lever_flags(post)
    for each in _SERVED:
        if flags[each.name]:
            caption = post.caption
            spans = [Span(start=a, end=b, text=caption[a:b]) for a, b in match_spans(caption, each.name)]
            yield Signal(id=each.tip_id, label=each.label, matches=matched_phrases(caption, each.name), spans=spans)
            continue
        spec = _WORDED.get(each.name)
        sentence, caption = spec.rewrite(post.caption) if spec is not None else ("", None)
        if spec is not None and spec.opener is None:
            # The new caption carries the lever in words every detector language reads.
            variant = msgspec.structs.replace(post, caption=caption)
        else:
            # Reframing is more than its opening words: price the lever itself. Where the
            # opener does not fit the draft (or we write no sentence for the lever), the lever
            # is priced on the draft as written.
            variant = msgspec.structs.replace(post, caption=caption or post.caption, force=(*post.force, each.name))
        yield Change(
            each.tip_id,
            variant,
            spec.advice.format(s=sentence) if caption is not None else each.advice,
            lever_evidence(model, each.name, each.evidence),
            # No rewrite to apply where the opener does not fit: a broken sentence helps nobody.
            apply={"caption": caption} if caption is not None else None,
        )
