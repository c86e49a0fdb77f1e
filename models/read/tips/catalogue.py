"""The tips catalogue: the guide's save strategies, in saveworthy's own words.

Each tip has a stable SPEC id, a short title, why it tends to earn saves, and a stated
prior: the relative lift assumed when a creator's history is too thin to measure it. The
priors are deliberately modest product assumptions, not measurements, and every tip that
uses one says ``source: "prior"``. A lever's tip is its entry in ``models.core.levers`` (titled by
the lever's label); the tips that turn no lever on are written here.
"""

from __future__ import annotations

import msgspec

from models.core.levers import LEVERS


class TipInfo(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    title: str
    why: str
    prior_relative: float  # assumed lift as a fraction of the predicted rate
    prior_interval: tuple[float, float]  # assumed 80% range of that lift


# The tips that turn no lever on.
_OTHER_TIPS: tuple[TipInfo, ...] = (
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
)

CATALOGUE: tuple[TipInfo, ...] = (
    *(
        TipInfo(
            id=lever.tip_id,
            title=lever.label,
            why=lever.why,
            prior_relative=lever.prior_relative,
            prior_interval=lever.prior_interval,
        )
        for lever in LEVERS
    ),
    *_OTHER_TIPS,
)
TIPS: dict[str, TipInfo] = {tip.id: tip for tip in CATALOGUE}
