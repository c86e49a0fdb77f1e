"""saveworthy's domain: records, features, the per-creator save model, scores and tips.

Never imports ``api`` or ``training``; data flows one way through here.
"""
