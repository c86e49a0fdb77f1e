"""The share of post pairs ordered right: which pairs count, its range, and the words it is said in."""

from __future__ import annotations

import numpy as np

from models.core.pair_order import pair_order, read_pair_order, verdict_of

DAY = 86400.0


def test_only_pairs_at_most_two_weeks_apart_that_saved_differently_count():
    times = np.array([0, 1, 2, 30]) * DAY  # the last post is far from the others
    actual = np.array([1.0, 2.0, 2.0, 9.0])  # posts 1 and 2 saved alike: no order to get right
    predicted = np.array([1.0, 3.0, 0.0, 0.0])
    figure = pair_order(times, predicted, actual)
    # pairs (0,1) right, (0,2) wrong; (1,2) tied in actual; the far post pairs with nobody
    assert (figure.pairs, figure.posts, figure.share) == (2, 3, 0.5)
    assert figure.low is None and "too few to tell" in figure.sentence


def test_a_good_ranker_has_a_range_above_a_coin_and_noise_straddles_it():
    rng = np.random.default_rng(0)
    times = np.arange(60) * DAY / 2
    actual = rng.normal(size=60)
    good = pair_order(times, actual + rng.normal(scale=0.5, size=60), actual)
    assert good.low > 0.5 and good.low <= good.share <= good.high and good.verdict.endswith("edge")
    assert good.sentence.startswith(f"Orders {good.share:.0%} of your post pairs right, {good.low:.0%}–{good.high:.0%}")
    noise = pair_order(times, rng.normal(size=60), actual)
    assert noise.low < 0.5 < noise.high and noise.verdict == "about a coin flip"


def test_words_follow_the_range():
    assert verdict_of(0.58, 0.52, 0.64) == "a weak but real edge"
    assert verdict_of(0.65, 0.55, 0.75) == "a real edge"
    assert verdict_of(0.75, 0.7, 0.8) == "a strong edge"
    assert verdict_of(0.4, 0.3, 0.45) == "worse than a coin flip"
    assert verdict_of(None, None, None) == "not measured"


def test_a_stored_report_without_the_figure_reads_as_not_measured():
    assert read_pair_order({"model": {}}) is None and read_pair_order(None) is None
    figure = pair_order(np.arange(5) * DAY, np.arange(5.0), np.arange(5.0))
    import msgspec

    assert read_pair_order({"pairs_ordered_right": msgspec.to_builtins(figure)}) == figure
