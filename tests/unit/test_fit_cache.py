"""A value read off a fitted model is computed once per fit, and again after a refit."""

import numpy as np

from models.core.fit_cache import once_per_fit


class Fitted:
    def __init__(self):
        self.coef_ = np.zeros(2)


def test_computed_once_per_fit_and_again_after_a_refit():
    calls = []

    @once_per_fit(lambda model: model.coef_)
    def total(model):
        calls.append(model)
        return float(model.coef_.sum())

    model, other = Fitted(), Fitted()
    assert total(model) == total(model) == 0.0 and len(calls) == 1
    assert total(other) == 0.0 and len(calls) == 2  # per model, not shared
    model.coef_ = np.ones(2)  # a refit replaces the array
    assert total(model) == 2.0 and len(calls) == 3
