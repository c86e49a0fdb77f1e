"""The tips catalogue: the guide's save strategies, in saveworthy's own words.

Each tip has a stable SPEC id, a short title, why it tends to earn saves, and a stated
prior: the relative lift assumed when a creator's history is too thin to measure it. The
priors are deliberately modest product assumptions, not measurements, and every tip that
uses one says ``source: "prior"``.
"""

from __future__ import annotations

import msgspec


class TipInfo(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    why: str
    prior_relative: float  # assumed lift as a fraction of the predicted rate
    prior_interval: tuple[float, float]  # assumed 80% range of that lift


CATALOGUE: tuple[TipInfo, ...] = (
    TipInfo(
        id="save-cta",
        title="Ask viewers to save it",
        why="People bookmark what they mean to come back to, and a plain request reminds them the save button "
        "exists. Saving is a deliberate act, so a nudge matters more than it does for likes.",
        prior_relative=0.15,
        prior_interval=(0.0, 0.35),
    ),
    TipInfo(
        id="informative",
        title="Make it a how-to",
        why="Tutorials, tips and step-by-step posts are reference material: viewers save them to follow along "
        "later rather than to remember that they enjoyed them.",
        prior_relative=0.12,
        prior_interval=(-0.05, 0.30),
    ),
    TipInfo(
        id="solves-problem",
        title="Lead with the problem it solves",
        why="A post that fixes a concrete annoyance is worth keeping for the day the viewer runs into it.",
        prior_relative=0.08,
        prior_interval=(-0.05, 0.20),
    ),
    TipInfo(
        id="relevant-hashtags",
        title="Use the hashtags your best-saved posts share",
        why="Hashtags that fit the topic put the post in front of people looking for exactly that, who are the "
        "ones likely to keep it. Irrelevant trending tags bring views that do not save.",
        prior_relative=0.05,
        prior_interval=(-0.05, 0.15),
    ),
    TipInfo(
        id="trending-sound",
        title="Use a trending sound that fits",
        why="A sound that is trending widens reach; when it suits the content, the extra viewers include people "
        "who save. It has to fit, or it only adds views.",
        prior_relative=0.04,
        prior_interval=(-0.08, 0.15),
    ),
    TipInfo(
        id="text-overlay",
        title="Put the key points on screen",
        why="On-screen text lets a viewer see the value at a glance and signals there is something worth "
        "rereading, which is what a save is for.",
        prior_relative=0.08,
        prior_interval=(-0.03, 0.20),
    ),
    TipInfo(
        id="concise",
        title="Tighten it",
        why="Attention on TikTok is short; a caption and video that get to the point keep viewers to the end, "
        "where the decision to save is made.",
        prior_relative=0.04,
        prior_interval=(-0.05, 0.12),
    ),
    TipInfo(
        id="post-consistently",
        title="Keep a steady rhythm",
        why="Regular posting keeps your audience in the habit of seeing you, so each new post reaches people "
        "who already value your content.",
        prior_relative=0.03,
        prior_interval=(-0.05, 0.10),
    ),
    TipInfo(
        id="engage-audience",
        title="Invite a reply",
        why="A question or an invitation to comment builds a community around the post; engaged viewers are "
        "also the ones who come back, and saving is how they come back.",
        prior_relative=0.04,
        prior_interval=(-0.05, 0.12),
    ),
    TipInfo(
        id="best-time",
        title="Post when your saves are highest",
        why="Your audience is not online evenly. Posting in the hours and days that have earned you the most "
        "saves puts the post in front of the right people first.",
        prior_relative=0.05,
        prior_interval=(-0.05, 0.15),
    ),
    TipInfo(
        id="most-saved-themes",
        title="Lean into your most-saved themes",
        why="Your own most-saved posts show what your audience treats as worth keeping; more of that topic is "
        "the surest bet.",
        prior_relative=0.10,
        prior_interval=(-0.05, 0.25),
    ),
    TipInfo(
        id="collaborate",
        title="Collaborate with another creator",
        why="A collaboration shows the post to a second audience; compare how those posts save against your solo "
        "ones to see whether that audience values it.",
        prior_relative=0.03,
        prior_interval=(-0.10, 0.15),
    ),
)

TIPS: dict[str, TipInfo] = {tip.id: tip for tip in CATALOGUE}
