"""The guide's levers, each once: how it is found, what people read it as, its tip and its stated prior.

A lever is something a post does that the guide says earns saves and that a creator can turn
on in a draft. Everything that knows levers reads them here: each language module holds a
lever's phrases under its ``words`` name (``models.text.language``), the detectors find them
(``models.text.signals``), the featurizer gives each lever a column (``models.fit.features``), the stated
prior stands in for a population where a history shows too little of it (``models.fit.population``),
the tips catalogue gives it a tip (``models.read.tips``), and insights, a score's signals, the tip's
title, a comparison and the page all call it by ``label``.

Adding a lever is one entry here plus its phrases in every language module. Its tip then
prices the lever turned on and advises it in ``advice``; a suggested sentence in the draft's
own language (``models.read.tips.text_levers``) is optional. Every model gains a column with it, so
stored models are retrained: bump ``models.fit.store.SCHEMA_VERSION`` with the entry.

Nothing here imports anything of ours: this is the bottom of the house.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Lever:
    """One lever of the guide, with everything the rest of the house reads about it."""

    name: str  # its feature column, detector and signal name ("save_cta")
    # What people read it as, everywhere: a driver, a draft's signal, the tip's title, and
    # (in lower case) what sets one compared variant apart ("B's save call").
    label: str
    tip_id: str  # its tip (a SPEC id)
    why: str  # why it tends to earn saves: the tip's reasoning
    # The stated prior: the lift assumed where a history shows too little of the lever to
    # measure it, as a fraction of the predicted rate, and that lift's assumed 80% range.
    prior_relative: float
    prior_interval: tuple[float, float]
    evidence: str  # what the creator's posts with it did: "12 of your 40 posts {evidence}"
    advice: str  # its tip's advice in words, where no suggested sentence shows the change
    # The name its phrases go by in each language module ("SAVE_CTA"); None for a lever the
    # caption does not show (then ``on_post`` names the post's field that holds it).
    words: str | None
    # Language-free marks (``models.text.signals``) that show it too, whatever the caption's
    # language: a "?" invites replies, a 🔖 asks for a save.
    also: tuple[str, ...] = ()
    # The post's field that holds it (``PostInput``), for a lever the caption does not show:
    # unknown where the field is None, and counted only where the history records it.
    on_post: str | None = None


@dataclass(frozen=True)
class Mark:
    """A language-free mark the model has a column for and insights name as a driver, with no tip of its own."""

    name: str  # its column and count
    label: str


# In the order of their feature columns.
LEVERS: tuple[Lever, ...] = (
    Lever(
        name="save_cta",
        label="Save call",
        tip_id="save-cta",
        why="People bookmark what they mean to come back to, and a plain request reminds them the save button "
        "exists. Saving is a deliberate act, so a nudge matters more than it does for likes.",
        prior_relative=0.15,
        prior_interval=(0.0, 0.35),
        evidence="asked viewers to save",
        advice="Ask viewers in the caption to save it for later",
        words="SAVE_CTA",
        also=("save_emoji",),
    ),
    Lever(
        name="informative",
        label="How-to / tips framing",
        tip_id="informative",
        why="Tutorials, tips and step-by-step posts are reference material: viewers save them to follow along "
        "later rather than to remember that they enjoyed them.",
        prior_relative=0.12,
        prior_interval=(-0.05, 0.30),
        evidence="were tutorials, tips or how-tos",
        advice="Frame it as something to learn: say in the first line what viewers will learn, and give the steps "
        "or tips on screen",
        words="INFORMATIVE",
        also=("number_list",),
    ),
    Lever(
        name="solves_problem",
        label="Problem-solving framing",
        tip_id="solves-problem",
        why="A post that fixes a concrete annoyance is worth keeping for the day the viewer runs into it.",
        prior_relative=0.08,
        prior_interval=(-0.05, 0.20),
        evidence="named a problem they solve",
        advice="Say in the first line which problem this solves, so viewers know the video has the answer",
        words="PROBLEM",
    ),
    Lever(
        name="engage",
        label="Invitation to comment",
        tip_id="engage-audience",
        why="A question or an invitation to comment builds a community around the post; engaged viewers are "
        "also the ones who come back, and saving is how they come back.",
        prior_relative=0.04,
        prior_interval=(-0.05, 0.12),
        evidence="asked a question or invited comments",
        advice="End with a question for your viewers",
        words="ENGAGE",
        also=("question",),
    ),
    Lever(
        name="collab",
        label="Collaboration",
        tip_id="collaborate",
        why="A collaboration shows the post to a second audience; compare how those posts save against your solo "
        "ones to see whether that audience values it.",
        prior_relative=0.03,
        prior_interval=(-0.10, 0.15),
        evidence="were collaborations or mentioned someone",
        advice="Make it a collaboration and tag the other creator",
        words="COLLAB",
        also=("has_mentions",),
    ),
    Lever(
        name="text_overlay",
        label="Text on screen",
        tip_id="text-overlay",
        why="On-screen text lets a viewer see the value at a glance and signals there is something worth "
        "rereading, which is what a save is for.",
        prior_relative=0.08,
        prior_interval=(-0.03, 0.20),
        evidence="had a text overlay",
        advice="Put the key point or each step as on-screen text, so the value shows without sound",
        words=None,
        on_post="text_overlay",
    ),
)

# After the levers' columns, in the order the featurizer writes them.
MARKS: tuple[Mark, ...] = (
    Mark("question", "A question in the caption"),
    Mark("number_list", 'A numbered list ("5 tips")'),
    Mark("has_emoji", "Emoji in the caption"),
    Mark("has_mentions", "Mentions another account"),
)


def lever(name: str) -> Lever:
    """The lever of that name (read when asked, so a lever added before the readers load is found)."""
    for each in LEVERS:
        if each.name == name:
            return each
    raise KeyError(f"no lever named {name!r} in models.core.levers")
