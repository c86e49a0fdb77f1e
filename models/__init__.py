"""saveworthy's domain: records, features, the per-creator save model, scores and tips.

Never imports ``api`` or ``training``. Its four parts are its folders, each importing only
the ones listed after it (``tests/unit/test_import_direction.py`` reads every import):

- ``read/`` explains a fitted model: scores drafts, prices and words tips, compares, plans,
  tells a creator what drives their saves and keeps the track record;
- ``fit/`` learns: from records and caption signals to features, the population and the
  ridge, to a fitted ``CreatorModel`` with the statistics it keeps, stored and loaded;
- ``text/`` reads a caption: its language, the guide's marks in it, its encoders and
  embeddings, and the words a tip quotes back;
- ``core/`` what every part shares: the guide's levers, the records, results, hashtags,
  and the file, path, thread and word helpers that ``api`` and ``training`` use too.
"""
