"""Posts like this one: a creator whose topics save differently, beyond what any lever says.

Twelve topics, each written many ways, each with its own save rate (planted: 0.5x to 2x),
posted in random order over a year. No lever, hashtag or time carries an effect, so only
caption meaning can rank the latest posts, and the mean of the most similar earlier posts
is the most direct way to read it.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from models.core.records import Draft, PostRecord
from models.fit.creator_model import CreatorModel
from models.fit.estimator import SaveRateModel, spearman
from models.fit.neighbours import CaptionNeighbours
from models.read.scoring import score_drafts

TOPICS = {
    "sourdough bread": 2.0,
    "knife sharpening": 1.7,
    "budget grocery haul": 1.5,
    "fixing a leaky tap": 1.4,
    "houseplant repotting": 1.2,
    "morning skincare": 1.0,
    "gym outfit": 0.9,
    "concert vlog": 0.8,
    "my cat being silly": 0.7,
    "airport outfit": 0.65,
    "birthday party": 0.6,
    "rainy day mood": 0.5,
}
FRAMES = (
    "{t} today",
    "a quick look at {t}",
    "{t}, part {n}",
    "more {t} for you",
    "day {n} of {t}",
    "{t} again, I know",
    "everything about {t}",
    "trying {t} this weekend",
)


def topic_history(n: int = 240, seed: int = 5) -> list[PostRecord]:
    rng = random.Random(seed)
    start = datetime(2025, 1, 1, 18, tzinfo=UTC)
    posts = []
    for i in range(n):
        topic = rng.choice(list(TOPICS))
        views = int(rng.lognormvariate(9.0, 0.5))
        rate = 0.012 * TOPICS[topic] * rng.lognormvariate(0.0, 0.2)
        posts.append(
            PostRecord(
                post_id=str(i),
                created_at=start + timedelta(hours=36 * i),
                caption=rng.choice(FRAMES).format(t=topic, n=rng.randint(2, 40)),
                views=views,
                saves=min(views, round(views * rate)),
            )
        )
    return posts


@pytest.fixture(scope="module")
def history() -> list[PostRecord]:
    return topic_history()


def _later_ranking(history, **estimator) -> float:
    train, test = history[:190], history[190:]
    model = CreatorModel("topics", estimator=SaveRateModel(n_bootstrap=0, **estimator)).fit(train, themes=False)
    predicted = model.estimator_.predict([model.post_for(Draft(caption=r.caption)) for r in test])
    actual = np.array([r.saves / r.views for r in test])
    return spearman(predicted, actual)


def test_a_drafts_most_similar_posts_say_what_its_topic_saves(history):
    model = CreatorModel("topics").fit(history)
    best, worst = score_drafts(model, "v", [Draft(caption="sourdough bread"), Draft(caption="rainy day mood")])
    assert best.similar_posts.posts == 10 and worst.similar_posts.posts == 10
    # Planted 2x and 0.5x against a typical post near 1x: the neighbours' rates say so.
    assert best.similar_posts.relative_save_rate > 1.5, best.similar_posts
    assert worst.similar_posts.relative_save_rate < 0.75, worst.similar_posts
    assert f"{best.similar_posts.relative_save_rate:.2f}×" in best.similar_posts.sentence
    assert best.predicted_saves_per_1k > worst.predicted_saves_per_1k


def test_later_posts_rank_well_with_the_neighbours_and_no_worse_than_without(history):
    with_neighbours = _later_ranking(history)
    without = _later_ranking(history, neighbour_weights=(0.0,))
    assert with_neighbours > 0.5, with_neighbours
    assert with_neighbours >= without - 0.02, (with_neighbours, without)


def test_a_short_history_says_nothing_about_similar_posts(history):
    model = CreatorModel("few").fit(history[:12])
    (score,) = score_drafts(model, "v", [Draft(caption="sourdough bread")])
    assert score.similar_posts is None


def test_applying_a_tip_leaves_the_similar_posts_as_they_were(history):
    model = CreatorModel("topics").fit(history)
    (score,) = score_drafts(model, "v", [Draft(caption="sourdough bread, part 3")])
    tip = next(t for t in score.tips if t.apply and "caption" in t.apply)
    (after,) = score_drafts(model, "v", [Draft(caption=tip.apply["caption"])])
    assert after.similar_posts == score.similar_posts


def test_each_bootstrap_member_resamples_the_neighbours():
    rng = np.random.default_rng(0)
    vectors = rng.normal(size=(50, 8))
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    y = rng.normal(size=50)
    nearest = CaptionNeighbours(k=5).fit(vectors, y, n_members=30, random_state=1)
    point, members = nearest.mean_and_members_of_nearest(vectors[:3])
    assert np.array_equal(point, nearest.mean_of_nearest(vectors[:3]))
    assert members.shape == (30, 3)
    assert np.all(members.std(axis=0) > 0)  # the spread of a mean of five noisy posts shows
    assert np.allclose(members.mean(axis=0), point, atol=0.5)
