"""The bench's measures (``bench.quality_measures``): each gives the figure its definition promises."""

from datetime import datetime, timedelta

import numpy as np
import pytest

from bench.quality_measures import (
    half_of,
    local_level,
    local_spearman,
    paired_difference,
    pairs_right,
)


def test_halves_are_fixed_per_creator_and_roughly_even():
    ids = [f"creator{i}" for i in range(400)]
    halves = [half_of(c) for c in ids]
    assert halves == [half_of(c) for c in ids]  # the same id, the same half, every run
    assert 150 < halves.count("tune") < 250


def _days(*offsets: float) -> list[datetime]:
    return [datetime(2025, 1, 1) + timedelta(days=d) for d in offsets]


def test_pairs_right_counts_only_pairs_within_the_window():
    actual = np.array([1.0, 2.0, 3.0])
    predicted = np.array([1.0, 2.0, 0.0])  # the first two in order; the third ranked wrong against both
    assert pairs_right(predicted, actual, _days(0, 5, 100)) == 1.0  # only (0, 1) is within 14 days
    assert pairs_right(predicted, actual, _days(0, 5, 10)) == pytest.approx(1 / 3)
    assert pairs_right(np.zeros(3), actual, _days(0, 1, 2)) == 0.5  # a flat prediction is a coin
    assert np.isnan(pairs_right(predicted, actual, _days(0, 50, 100)))  # no pair close enough


def test_local_level_is_the_median_of_the_neighbours_not_the_post():
    rates = np.array([1.0] * 10 + [100.0] + [1.0] * 10)
    level = local_level(rates)
    assert level[10] == 1.0  # the outlier's own rate is not part of its level
    assert len(level) == len(rates)


def test_local_spearman_removes_a_drift():
    # Rates grow 3% a post, and every other post does 1.5 times better than its neighbours. A
    # model that follows only the drift ranks the raw rates of the latest posts fairly well and
    # says nothing about which post beat its neighbours; the local measure tells them apart.
    n = 40
    bump = np.where(np.arange(n) % 2 == 0, 1.5, 1.0)
    rates = np.exp(np.arange(n) * 0.03) * bump
    drift_only = np.arange(30, n, dtype=float)
    bumps_only = bump[30:]
    assert local_spearman(bumps_only, rates, 30) > 0.8
    assert local_spearman(drift_only, rates, 30) < 0.4


def test_paired_difference_has_a_range_around_its_mean():
    before = np.linspace(0, 1, 30)
    d = paired_difference(before + 0.1, before)
    assert d["mean"] == pytest.approx(0.1)
    assert d["mean_80"][0] <= 0.1 <= d["mean_80"][1]
    assert d["better"] == 1.0
