"""saveworthy's domain: records, features, the per-creator save model, scores and tips.

Never imports ``api`` or ``training``; data flows one way through here, in two sides:

- the **fit side** learns: from records and caption signals to features, the population and
  the ridge, to a fitted ``CreatorModel`` with the statistics it keeps, stored and loaded;
- the **read side** explains: it reads a fitted model to score drafts, price and word tips,
  compare and plan, and tell a creator what drives their saves.

The read side imports the fit side, never the other way round, and no modules import each
other in a circle (``tests/unit/test_import_direction.py`` reads every import). A module (or
sub-package) of ``models`` is named on exactly one side here.
"""

FIT_SIDE = (
    "levers",  # the guide's levers, each once: the bottom of the house
    "records",
    "hashtags",
    "language",
    "signals",
    "encoders",
    "embeddings",
    "fit_cache",
    "threads",
    "plural",
    "paths",
    "atomic_files",
    "readable_captions",
    "features",
    "target",
    "ridge",
    "neighbours",
    "population",
    "predictor",
    "estimator",
    "history_stats",
    "clock",  # the creator's zone, kept with the model; every time shown is read on it
    "themes",
    "quality",
    "creator_model",
    "store",
)
READ_SIDE = (
    "results",
    "pricing",
    "evidence",
    "shrinkage",
    "hashtag_rates",
    "posting_times",
    "wording",
    "tips",
    "scoring",
    "insights",
    "compare",
    "plan",
    "plan_export",
)
