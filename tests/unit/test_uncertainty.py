"""The stated certainties: a widened interval, and a chance that includes the outcome's noise."""

from __future__ import annotations

import math

import numpy as np

from models.read.uncertainty import (
    CHANCE_CEILING,
    VERDICT_CLEAR,
    chance_higher_beats_lower,
    interval_factors,
    members_agreement,
)

QUANTILES = (-0.5, 0.4)


def test_the_interval_widens_around_the_prediction():
    assert interval_factors(QUANTILES, 1.0) == (math.exp(-0.5), math.exp(0.4))
    low, high = interval_factors(QUANTILES, 1.5)
    assert low < math.exp(-0.5) and high > math.exp(0.4)


def test_members_that_all_agree_are_not_a_certain_outcome():
    members = np.full(30, 0.2) + np.linspace(-0.01, 0.01, 30)  # every member: the first is higher
    assert members_agreement(members) == 1.0
    chance = float(chance_higher_beats_lower(0.2, members, QUANTILES))
    assert 0.5 < chance <= CHANCE_CEILING and chance < 0.9  # the posts' own noise keeps it far from certain


def test_the_chance_grows_with_the_gap_and_is_a_coin_at_none():
    members = np.zeros(30)
    assert float(chance_higher_beats_lower(0.0, members, QUANTILES)) == 0.5
    small, large = (float(chance_higher_beats_lower(d, members + d, QUANTILES)) for d in (0.1, 1.0))
    assert 0.5 < small < large <= CHANCE_CEILING


def test_a_noisier_creator_gets_a_smaller_chance_for_the_same_gap():
    members = np.full(30, 0.3)
    calm = float(chance_higher_beats_lower(0.3, members, (-0.2, 0.2)))
    noisy = float(chance_higher_beats_lower(0.3, members, (-1.0, 1.0)))
    assert noisy < calm


def test_clear_is_only_said_where_the_ceiling_allows():
    members = np.full(30, 5.0)
    assert (float(chance_higher_beats_lower(5.0, members, QUANTILES)) >= VERDICT_CLEAR) == (
        CHANCE_CEILING >= VERDICT_CLEAR
    )
