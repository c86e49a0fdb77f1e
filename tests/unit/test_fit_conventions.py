"""What learns follows scikit-learn: the constructor only keeps its parameters, ``fit`` does the
work and returns the fitted object, and a parameter is never replaced by what was fitted from it."""

import numpy as np

from models.fit.creator_model import CreatorModel
from models.fit.estimator import SaveRateModel
from models.fit.population import PopulationFitter
from models.fit.population_stats import CreatorStats
from tests.helpers import small_history


def test_creator_model_fits_a_copy_of_the_estimator_it_is_given():
    given = SaveRateModel(n_bootstrap=0)
    model = CreatorModel("small", estimator=given)
    assert model.fit(small_history(40)) is model
    assert model.estimator is given and not hasattr(given, "coef_")  # still the unfitted parameter
    assert model.estimator_ is not given and model.estimator_.n_bootstrap == 0 and hasattr(model.estimator_, "coef_")


def _stats(n_creators: int) -> list[CreatorStats]:
    rng = np.random.default_rng(0)
    names = ("a", "b")
    out = []
    for c in range(n_creators):
        X = rng.normal(size=(30, 2))
        y = X @ np.array([0.5, -0.2]) + rng.normal(0, 0.3, 30)
        out.append(CreatorStats.from_rows(f"c{c}", "e5-small", names, X, y))
    return out


def test_population_fitter_works_in_fit_and_returns_itself():
    fitter = PopulationFitter(random_state=3, n_bootstrap=4)
    assert vars(fitter) == {"random_state": 3, "n_bootstrap": 4}  # nothing read or summed yet
    stats = _stats(6)
    assert fitter.fit(stats) is fitter
    assert fitter.ids_ == [s.creator_id for s in stats] and fitter.population_ is not None
    prior = fitter.prior(without="c0")
    assert prior.n_creators == 5
    assert fitter.prior(without="c1").n_creators == 5 and fitter.prior().n_creators == 6


def test_a_population_of_no_usable_creator_fits_to_none():
    fitter = PopulationFitter().fit([])
    assert fitter.population_ is None and fitter.prior() is None
