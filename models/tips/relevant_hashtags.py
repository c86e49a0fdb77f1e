"""The relevant-hashtags tip: add the creator's hashtags that the model and their saves both favour."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import msgspec

from models.features import PostInput
from models.fit_cache import once_per_fit
from models.results import Signal
from models.tips.change import Change, evidence, times

if TYPE_CHECKING:
    from models.creator_model import CreatorModel

MIN_TAG_POSTS = 5  # a hashtag is advised only once this many of the creator's posts carried it


def relevant_hashtags(post: PostInput, model: CreatorModel) -> Iterator[Change | Signal]:
    effects, stats, columns, candidates = _hashtag_facts(model)
    have = set(post.hashtags)
    # The candidates are already in the advised order; leaving out the draft's own keeps it.
    good = [tag for tag in candidates if tag not in have]
    for tag in dict.fromkeys(post.hashtags):  # in the draft's order: a set's would change from run to run
        if tag in columns and effects.get(f"#{tag}", 0.0) > 0:
            yield Signal(
                id="relevant-hashtags", label="Uses a high-save hashtag", detail=f"#{tag}", matches=[f"#{tag}"]
            )
    if not good:
        return
    add = good[:3]
    top = stats[add[0]]
    tags_text = " ".join(f"#{t}" for t in add)
    # Exactly what ``apply`` asks a client to do: add these to the draft's hashtags.
    yield Change(
        "relevant-hashtags",
        msgspec.structs.replace(post, hashtags=(*post.hashtags, *add)),
        f"Add {tags_text}: your posts with #{add[0]} earn {times(top.relative_save_rate)} the saves of your others "
        f"({top.posts} posts)",
        evidence(top.posts, model.n_posts_ - top.posts, f"#{add[0]} is on {top.posts} of your posts"),
        apply={"hashtags": add},
    )


@once_per_fit(lambda model: model.estimator.coef_)
def _hashtag_facts(model: CreatorModel) -> tuple[dict[str, float], dict, frozenset[str], tuple[str, ...]]:
    """Per fit, not per draft: the effects, each hashtag's stats, the hashtag columns, and the
    hashtags worth advising (the model and the creator's saves both favour them), best first."""
    effects = model.estimator.effects()
    stats = {s.hashtag: s for s in model.hashtag_stats_}
    columns = model.estimator.featurizer_.hashtags_
    candidates = [
        tag
        for tag in columns
        if effects.get(f"#{tag}", 0.0) > 0 and stats[tag].relative_save_rate > 1.0 and stats[tag].posts >= MIN_TAG_POSTS
    ]
    candidates.sort(key=lambda tag: -effects[f"#{tag}"])
    return effects, stats, frozenset(columns), tuple(candidates)
