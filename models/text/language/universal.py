"""What reads the same in every language: save emoji, question marks, emoji, mentions, generic hashtags.

The detectors in ``models.text.signals`` read these for every caption, whatever its language;
the per-language phrases live beside this file, one module per language.
"""

from __future__ import annotations

import re

# A bookmark, a pin or a floppy disk in a caption is a call to save.
SAVE_EMOJI = ("🔖", "📌", "💾")
# Any of these makes a caption ask a question (Spanish opens with "¿", CJK keyboards type "？").
QUESTION_MARKS = ("?", "¿", "？")
# Pictographs, dingbats and symbols: what a caption's emoji count counts.
EMOJI_RE = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff\u2b00-\u2bff]")
# "@ana" or "@chef.marco": the handle (without '@') is the group.
MENTION_RE = re.compile(r"@([\w.]+)", re.UNICODE)
# A hashtag or a mention as written, '#' or '@' up to the next space.
TAG_OR_MENTION_RE = re.compile(r"[#@]\S+")

# Hashtags every kind of creator puts on every kind of post: they name no theme.
_GENERIC_TAGS = (  # one string, tags (without '#') separated by spaces
    "fyp fy fypシ foryou foryoupage foryourpage fypage viral viralvideo trending trend tiktok xuhuong xh capcut "
    "explore explorepage"
)
GENERIC_TAGS = frozenset(_GENERIC_TAGS.split())
