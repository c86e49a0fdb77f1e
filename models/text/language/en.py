"""English: phrase lists (written naturally; matched case- and accent-folded) and templates."""

SAVE_CTA = (
    "save this",
    "save these",
    "save it",
    "save for later",
    "save the video",
    "save this video",
    "save now",
    "bookmark",
    "hit save",
    "tap save",
    "don't forget to save",
    "dont forget to save",
    "save so you",
    "save 🔖",
)
INFORMATIVE = (
    "how to",
    "how i",
    "tutorial",
    "tips",
    "tip:",
    "step by step",
    "step 1",
    "guide",
    "here's how",
    "heres how",
    "learn",
    "explained",
    "hack",
    "recipe",
    "ways to",
    "things you",
    "checklist",
    "cheat sheet",
    "did you know",
)
PROBLEM = (
    "fix",
    "stop ",
    "struggle",
    "struggling",
    "problem",
    "mistake",
    "avoid",
    "solution",
    "solve",
    "tired of",
    "no more",
    "instead of",
    "never again",
    "save money",
    "save time",
    "easier",
    "without",
)
ENGAGE = (
    "comment",
    "let me know",
    "tell me",
    "which one",
    "what do you",
    "would you",
    "drop a",
    "tag a",
    "tag someone",
    "share with",
)
COLLAB = ("collab", "feat", "ft.", "duet", "stitch", "with @")
LIST_NOUNS = (
    "tip",
    "tips",
    "way",
    "ways",
    "step",
    "steps",
    "things",
    "hack",
    "hacks",
    "idea",
    "ideas",
    "recipe",
    "recipes",
    "mistake",
    "mistakes",
)
DANGLING = (
    "a",
    "an",
    "the",
    "of",
    "for",
    "to",
    "in",
    "on",
    "at",
    "with",
    "and",
    "or",
    "but",
    "my",
    "your",
    "from",
    "by",
    "about",
    "into",
    "is",
    "are",
)

SAVE_CTA_TEMPLATES = {
    "list": "Save these {n} for later 🔖",
    "steps": "Save this so you have the steps when you need them 🔖",
    "plain": ("Save this for later 🔖", "Save this so you can find it again 🔖", "Bookmark this one for later 🔖"),
}
QUESTION_TEMPLATES = {"informative": "Which step will you try first?", "plain": "What would you add?"}
HOW_TO_OPENER = "Here's how, step by step"
PROBLEM_OPENER = "Here's the easy fix:"
STOPWORDS = (
    "a an the and or but so if then than as of for to in on at by with from about into over after before up down "
    "out off is are was were be been being am do does did doing have has had having i me my mine we us our you "
    "your yours he him his she her it its they them their this that these those there here what which who whom "
    "when where why how all any some no not only just also too very can could will would should may might must "
    "get got go going gonna wanna let lets im it's i'm don't dont can't cant one more most much many like lol "
    "really even still ever again now today day new make made see look way thing things use using used every "
    "lately left try trying tried last lasts always never better best first next"
)
