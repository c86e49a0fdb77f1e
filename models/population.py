"""Learning across creators: which levers move saves *within* a creator, in general.

Each creator contributes sufficient statistics of a within-creator regression: their
shared features (the guide's levers, text statistics, audio, length, posting time,
cadence and the raw caption embedding) and their relative save rate, both centred on the
creator's own means, so only differences between a creator's own posts count. Summed over
creators they fit one ridge: the population model. A creator's own model is then shrunk
towards it instead of towards zero (see ``SaveRateModel``), by an amount chosen with
time-ordered CV.

Statistics, not posts, are what is kept (``CreatorStats``): a few hundred numbers squared
per creator, no caption and no count, so a models directory can hold the population of
every creator it has trained and refit it when one more arrives. A creator's own model
always uses the population *of the others* (its own statistics left out), so its CV and
its evaluation stay honest.

With no other creator (a lone creator), the guide's stated priors take the population's
place: the same shape of prior, marked ``source="prior"``.
"""

from __future__ import annotations

import io
import math
from collections.abc import Mapping, Sequence

import numpy as np

from models.tips.catalogue import TIPS

POPULATION_ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
# The caption embedding has hundreds of columns and the levers a few dozen: each block gets
# its own penalty (the embedding's is the named one's divided by weight squared; 0 drops it).
EMBEDDING_WEIGHTS = (0.0, 0.1, 0.3, 1.0)
N_BOOTSTRAP = 30
MIN_POPULATION_CREATORS = 5  # fewer creators than this: the stated priors, not a population
CV_GROUPS = 5

# Which stated prior (a catalogue tip) stands for which lever column when no population exists.
PRIOR_LEVERS = {
    "save_cta": "save-cta",
    "informative": "informative",
    "solves_problem": "solves-problem",
    "engage": "engage-audience",
    "collab": "collaborate",
    "text_overlay": "text-overlay",
}


class CreatorStats:
    """One creator's within-creator sufficient statistics for the shared features."""

    def __init__(self, creator_id: str, encoder: str, names: Sequence[str], gram, cross, yy: float, n: int):
        self.creator_id = creator_id
        self.encoder = encoder
        self.names = tuple(names)
        self.gram = np.asarray(gram, dtype=np.float64)
        self.cross = np.asarray(cross, dtype=np.float64)
        self.yy = float(yy)
        self.n = int(n)

    @classmethod
    def from_rows(cls, creator_id: str, encoder: str, names: Sequence[str], X: np.ndarray, y: np.ndarray):
        """``X``: shared feature rows (unknowns already filled); both centred on the creator here."""
        Xc = X - X.mean(axis=0)
        yc = y - y.mean()
        return cls(creator_id, encoder, names, Xc.T @ Xc, Xc.T @ yc, float(yc @ yc), len(y))

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez_compressed(
            buf,
            gram=self.gram.astype(np.float32),
            cross=self.cross,
            yy=np.array(self.yy),
            n=np.array(self.n),
            names=np.array(self.names),
            creator_id=np.array(self.creator_id),
            encoder=np.array(self.encoder),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> CreatorStats:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(
                str(z["creator_id"]),
                str(z["encoder"]),
                [str(n) for n in z["names"]],
                z["gram"],
                z["cross"],
                float(z["yy"]),
                int(z["n"]),
            )


class LinearPrior:
    """What a creator's model is shrunk towards: a coefficient per raw shared feature.

    ``coef`` applies to the shared feature row (named metadata columns, then the caption
    embedding); ``boot_coef`` holds one row per bootstrap member for intervals. ``source``
    is ``"population"`` (with how many creators and posts) or ``"prior"`` (stated priors).
    """

    def __init__(self, names, coef, boot_coef, source: str, n_creators: int = 0, n_posts: int = 0, alpha=None):
        self.names = tuple(names)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.boot_coef = np.asarray(boot_coef, dtype=np.float64)
        self.source = source
        self.n_creators = int(n_creators)
        self.n_posts = int(n_posts)
        self.alpha = alpha

    def offsets(self, shared: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The prior's contribution for rows of shared features: point (n,) and per member (B, n)."""
        return shared @ self.coef, self.boot_coef @ shared.T

    def lever_effect(self, name: str) -> float:
        """The prior's effect of one named column per unit (log scale), 0 if not a column."""
        return float(self.coef[self.names.index(name)]) if name in self.names else 0.0


def stated_prior(
    names: Sequence[str], n_members: int = N_BOOTSTRAP, levers: Sequence[str] | None = None
) -> LinearPrior:
    """The guide's stated lifts as a prior on the lever columns; nothing else is assumed.

    ``levers`` limits it to the levers a history shows too little of: where the creator's own
    posts measure a lever, a stated assumption must not bias what they measured.
    """
    coef = np.zeros(len(names))
    for lever, tip_id in PRIOR_LEVERS.items():
        if lever in names and (levers is None or lever in levers):
            coef[list(names).index(lever)] = math.log1p(TIPS[tip_id].prior_relative)
    return LinearPrior(names, coef, np.tile(coef, (n_members, 1)), "prior")


def _solve(gram: np.ndarray, cross: np.ndarray, scale: np.ndarray, penalty: np.ndarray) -> np.ndarray:
    """Ridge in standardised units with a penalty per column, returned per raw unit."""
    g = gram / np.outer(scale, scale)
    g[np.diag_indices_from(g)] += penalty
    return np.linalg.solve(g, cross / scale) / scale


def _penalty(names: Sequence[str], alpha: float, embedding_weight: float) -> np.ndarray:
    embedding = np.array([n.startswith("emb") for n in names])
    per_embedding = alpha / embedding_weight**2 if embedding_weight > 0 else 1e12
    return np.where(embedding, per_embedding, alpha)


class PopulationFitter:
    """Every creator's statistics stacked once; fits the population of all, or of all but one.

    Training a service's creators needs one population per creator (each without
    themselves): the sums are taken once and one creator is subtracted, the penalty and
    the embedding's weight are chosen once by leave-creators-out CV on squared error
    (computed from the statistics alone; one creator more or less does not move it), and
    the bootstrap over creators is drawn once for the whole set, each creator's
    population carrying its spread around its own estimate.
    """

    def __init__(self, stats: Sequence[CreatorStats], *, random_state: int = 0, n_bootstrap: int = N_BOOTSTRAP):
        self.stats = [s for s in stats if s.n >= 2]
        self.ids = [s.creator_id for s in self.stats]
        self.random_state = random_state
        self.n_bootstrap = n_bootstrap
        self._config: tuple[float, float] | None = None
        self._boot: np.ndarray | None = None
        if not self.stats:
            return
        self.names = self.stats[0].names
        self.grams = np.stack([s.gram for s in self.stats])
        self.crosses = np.stack([s.cross for s in self.stats])
        self.ns = np.array([s.n for s in self.stats], dtype=np.float64)
        self.total_gram, self.total_cross = self.grams.sum(axis=0), self.crosses.sum(axis=0)
        scale = np.sqrt(np.clip(np.diag(self.total_gram) / self.ns.sum(), 0.0, None))
        scale[scale < 1e-9] = 1.0  # a column no creator ever varies: its coefficient stays 0
        self.scale = scale

    @property
    def config(self) -> tuple[float, float]:
        """(penalty, embedding weight) with the least leave-creators-out squared error."""
        if self._config is None:
            grid = [(a, w) for a in POPULATION_ALPHAS for w in EMBEDDING_WEIGHTS]
            groups = np.arange(len(self.stats)) % CV_GROUPS
            errors = dict.fromkeys(grid, 0.0)
            for g in range(min(CV_GROUPS, len(self.stats))):
                held = groups == g
                test_gram, test_cross = self.grams[held].sum(axis=0), self.crosses[held].sum(axis=0)
                fit_gram, fit_cross = self.total_gram - test_gram, self.total_cross - test_cross
                test_yy = sum(s.yy for s, h in zip(self.stats, held, strict=True) if h)
                for alpha, weight in grid:
                    w = _solve(fit_gram, fit_cross, self.scale, _penalty(self.names, alpha, weight))
                    errors[(alpha, weight)] += test_yy - 2.0 * float(w @ test_cross) + float(w @ test_gram @ w)
            self._config = min(grid, key=lambda cfg: errors[cfg])
        return self._config

    def _active(self) -> np.ndarray:
        # A dropped embedding block has zero coefficients: solve on the levers alone (much smaller).
        return np.array([self.config[1] > 0 or not n.startswith("emb") for n in self.names])

    def _coef(self, gram: np.ndarray, cross: np.ndarray) -> np.ndarray:
        active = self._active()
        coef = np.zeros(len(self.names))
        penalty = _penalty(self.names, *self.config)[active]
        coef[active] = _solve(gram[np.ix_(active, active)], cross[active], self.scale[active], penalty)
        return coef

    def _bootstrap_spread(self) -> np.ndarray:
        """Bootstrap members over all creators, as deviations from the all-creator estimate."""
        if self._boot is None:
            rng = np.random.default_rng(self.random_state)
            full = self._coef(self.total_gram, self.total_cross)
            n = len(self.stats)
            counts = rng.multinomial(n, np.full(n, 1.0 / n), size=max(self.n_bootstrap, 1)).astype(np.float64)
            members = [self._coef(np.tensordot(c, self.grams, 1), c @ self.crosses) for c in counts]
            self._boot = np.array(members) - full if self.n_bootstrap else np.zeros((1, len(self.names)))
        return self._boot

    def fit(self, exclude: str | None = None) -> LinearPrior | None:
        """The population of every creator but ``exclude``; None with too few creators."""
        keep = [cid != exclude for cid in self.ids]
        if sum(keep) < MIN_POPULATION_CREATORS:
            return None
        gram, cross = self.total_gram, self.total_cross
        if not all(keep):
            i = keep.index(False)
            gram, cross = gram - self.grams[i], cross - self.crosses[i]
        coef = self._coef(gram, cross)
        return LinearPrior(
            self.names,
            coef,
            coef + self._bootstrap_spread(),
            "population",
            n_creators=sum(keep),
            n_posts=int(self.ns[np.array(keep)].sum()),
            alpha=self.config,
        )


def fit_population(stats: Sequence[CreatorStats], *, random_state: int = 0) -> LinearPrior | None:
    """The within-creator ridge over every creator's statistics; None with too few creators."""
    return PopulationFitter(stats, random_state=random_state).fit()


def population_without(stats: Mapping[str, CreatorStats], creator_id: str, encoder: str) -> LinearPrior | None:
    """The population of every other creator with statistics from the same encoder."""
    others = [s for cid, s in sorted(stats.items()) if cid != creator_id and s.encoder == encoder]
    return fit_population(others)


def population_fitter(stats: Mapping[str, CreatorStats], encoder: str) -> PopulationFitter:
    """One fitter over every creator with statistics from ``encoder``: ``fit(exclude=creator)`` per creator."""
    return PopulationFitter([s for _, s in sorted(stats.items()) if s.encoder == encoder])
