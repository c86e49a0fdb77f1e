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

from models.core.levers import LEVERS
from models.fit.population_stats import CreatorStats, LazyStats, lever_arrays, levers_of

POPULATION_ALPHAS = (1.0, 3.0, 10.0, 30.0, 100.0, 300.0, 1000.0)
# The caption embedding has hundreds of columns and the levers a few dozen: each block gets
# its own penalty (the embedding's is the named one's divided by weight squared; 0 drops it).
EMBEDDING_WEIGHTS = (0.0, 0.1, 0.3, 1.0)
N_BOOTSTRAP = 30
MIN_POPULATION_CREATORS = 5  # fewer creators than this: the stated priors, not a population
# A lever's population effect rests on the creators whose own posts vary in it (some posts with
# it, some without): fewer than this and the guide's stated prior stands in for that lever.
MIN_LEVER_CREATORS = 5
CV_GROUPS = 5


class LinearPrior:
    """What a creator's model is shrunk towards: a coefficient per raw shared feature.

    ``coef`` applies to the shared feature row (named metadata columns, then the caption
    embedding); ``boot_coef`` holds one row per bootstrap member for intervals. ``source``
    is ``"population"`` (with how many creators and posts) or ``"prior"`` (stated priors).
    """

    def __init__(
        self,
        names,
        coef,
        boot_coef,
        source: str,
        n_creators: int = 0,
        n_posts: int = 0,
        alpha=None,
        lever_support: Mapping[str, tuple[int, int]] | None = None,
    ):
        self.names = tuple(names)
        self.coef = np.asarray(coef, dtype=np.float64)
        self.boot_coef = np.asarray(boot_coef, dtype=np.float64)
        self.source = source
        self.n_creators = int(n_creators)
        self.n_posts = int(n_posts)
        self.alpha = alpha
        # Per lever: (creators whose posts had it, their posts with it); None: not counted (older files).
        self.lever_support = None if lever_support is None else {k: list(v) for k, v in lever_support.items()}
        self.stated_levers: list[str] = []  # levers too few creators had: their coefficient is the guide's prior

    def support(self, lever: str) -> tuple[int, int] | None:
        """(creators who had the lever, their posts with it); None when the population did not count them."""
        support = getattr(self, "lever_support", None)  # a prior stored before the count has none
        if support is None:
            return None
        creators, posts = support.get(lever, (0, 0))
        return int(creators), int(posts)

    def with_stated_levers(self, min_creators: int = MIN_LEVER_CREATORS) -> LinearPrior:
        """This prior with the guide's stated lift for every lever fewer than ``min_creators`` creators had:
        a population effect rests on the creators who used the lever, not on how many were pooled."""
        if self.lever_support is None:
            return self
        for lever in LEVERS:
            creators, _ = self.support(lever.name)
            if lever.name in self.names and creators < min_creators:
                column = self.names.index(lever.name)
                self.coef[column] = math.log1p(lever.prior_relative)
                self.boot_coef[:, column] = self.coef[column]
                self.stated_levers.append(lever.name)
        return self

    def lever_effect(self, name: str) -> float:
        """The prior's effect of one named column per unit (log scale), 0 if not a column."""
        return float(self.coef[self.names.index(name)]) if name in self.names else 0.0


def stated_prior(
    names: Sequence[str], n_members: int = N_BOOTSTRAP, levers: Sequence[str] | None = None
) -> LinearPrior:
    """The guide's stated lifts (``models.core.levers``) as a prior on the lever columns; nothing else is assumed.

    ``levers`` limits it to the levers a history shows too little of: where the creator's own
    posts measure a lever, a stated assumption must not bias what they measured.
    """
    coef = np.zeros(len(names))
    for lever in LEVERS:
        if lever.name in names and (levers is None or lever.name in levers):
            coef[list(names).index(lever.name)] = math.log1p(lever.prior_relative)
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
    """The population summed in one pass over the creators: memory does not grow with them.

    Training a service's creators needs one population per creator (each without
    themselves). The creators' statistics are read once, in order, into running sums: all
    of them, one per cross-validation group and one per bootstrap member (each creator
    weighted by how often the member drew it). From those sums alone the penalty and the
    embedding's weight are chosen by leave-creators-out CV on squared error (one creator
    more or less does not move it) and the bootstrap spread is fitted once for the whole
    set; ``Population`` then gives each creator the population of the others by
    subtracting that one creator's statistics. Only the sums are held (about 36 matrices of
    the shared features squared), never every creator's, so 5,000 creators fit in the
    memory of 5.

    ``fit(stats)`` sums and fits (``population_``, None when no creator had two posts);
    ``prior(without=creator)`` is then everyone else's. ``stats`` must know its length before
    it is read (the bootstrap is drawn over the creators up front); a lazy sequence that loads
    each creator from disk keeps memory flat.
    """

    def __init__(self, *, random_state: int = 0, n_bootstrap: int = N_BOOTSTRAP):
        self.random_state = random_state
        self.n_bootstrap = n_bootstrap

    def fit(self, stats: Sequence[CreatorStats]) -> PopulationFitter:
        """Sum ``stats`` in one pass and fit the population of them all (``population_``)."""
        self._stats = stats  # kept to read one creator again in ``prior``
        self.ids_: list[str] = []
        rng = np.random.default_rng(self.random_state)
        n = len(stats)
        draws = rng.multinomial(n, np.full(n, 1.0 / n), size=max(self.n_bootstrap, 1)).astype(np.float64) if n else None
        ns = []
        self.lever_creators_: dict[str, int] = {}
        self.lever_posts_: dict[str, int] = {}
        self.levers_counted_ = True  # every creator's statistics counted its levers (none written before that)
        for position, s in enumerate(stats):
            if s.n < 2:  # centred on one post: all zeros, it says nothing
                continue
            self.levers_counted_ &= s.levers is not None
            for lever in LEVERS:
                if had := s.had_lever(lever.name):
                    self.lever_creators_[lever.name] = self.lever_creators_.get(lever.name, 0) + 1
                    self.lever_posts_[lever.name] = self.lever_posts_.get(lever.name, 0) + had
            if not self.ids_:
                p = len(s.names)
                self.names_ = s.names
                total_gram, total_cross = np.zeros((p, p)), np.zeros(p)
                group_gram, group_cross = np.zeros((CV_GROUPS, p, p)), np.zeros((CV_GROUPS, p))
                group_yy = np.zeros(CV_GROUPS)
                boot_gram, boot_cross = np.zeros((len(draws), p, p)), np.zeros((len(draws), p))
            g = len(self.ids_) % CV_GROUPS
            self.ids_.append(s.creator_id)
            ns.append(s.n)
            total_gram += s.gram
            total_cross += s.cross
            group_gram[g] += s.gram
            group_cross[g] += s.cross
            group_yy[g] += s.yy
            for member, weight in enumerate(draws[:, position]):
                if weight:
                    boot_gram[member] += weight * s.gram
                    boot_cross[member] += weight * s.cross
        self.ns_ = np.array(ns, dtype=np.float64)
        self.population_: Population | None = None
        if not self.ids_:
            return self
        # The per-group and per-member sums are locals: once the population is fitted only its totals stay.
        scale = np.sqrt(np.clip(np.diag(total_gram) / self.ns_.sum(), 0.0, None))
        scale[scale < 1e-9] = 1.0  # a column no creator ever varies: its coefficient stays 0
        config = self._choose_config(scale, total_gram, total_cross, group_gram, group_cross, group_yy)
        full = _coef(self.names_, total_gram, total_cross, scale, config)
        if self.n_bootstrap:
            members = [_coef(self.names_, g, c, scale, config) for g, c in zip(boot_gram, boot_cross, strict=True)]
            spread = np.array(members) - full
        else:
            spread = np.zeros((1, len(self.names_)))
        support = (
            {k: (self.lever_creators_[k], self.lever_posts_[k]) for k in self.lever_creators_}
            if self.levers_counted_
            else None
        )
        self.population_ = Population(
            self.names_,
            self.ids_,
            total_gram,
            total_cross,
            int(self.ns_.sum()),
            scale,
            config,
            spread,
            lever_support=support,
        )
        return self

    def _choose_config(self, scale, total_gram, total_cross, group_gram, group_cross, group_yy) -> tuple[float, float]:
        """(penalty, embedding weight) with the least leave-creators-out squared error."""
        grid = [(a, w) for a in POPULATION_ALPHAS for w in EMBEDDING_WEIGHTS]
        errors = dict.fromkeys(grid, 0.0)
        for g in range(min(CV_GROUPS, len(self.ids_))):
            test_gram, test_cross = group_gram[g], group_cross[g]
            fit_gram, fit_cross = total_gram - test_gram, total_cross - test_cross
            for alpha, weight in grid:
                w = _solve(fit_gram, fit_cross, scale, _penalty(self.names_, alpha, weight))
                errors[(alpha, weight)] += group_yy[g] - 2.0 * float(w @ test_cross) + float(w @ test_gram @ w)
        return min(grid, key=lambda cfg: errors[cfg])

    def prior(self, without: str | None = None) -> LinearPrior | None:
        """The population of every creator but ``without``; None with too few creators."""
        if self.population_ is None:
            return None
        own = None
        if without in self.ids_:  # read that one creator again (from disk, for a lazy sequence)
            ids = self._stats.ids if isinstance(self._stats, LazyStats) else [s.creator_id for s in self._stats]
            own = self._stats[ids.index(without)]
        return self.population_.without(own)


def _coef(names, gram, cross, scale, config) -> np.ndarray:
    # A dropped embedding block has zero coefficients: solve on the levers alone (much smaller).
    active = np.array([config[1] > 0 or not n.startswith("emb") for n in names])
    coef = np.zeros(len(names))
    penalty = _penalty(names, *config)[active]
    coef[active] = _solve(gram[np.ix_(active, active)], cross[active], scale[active], penalty)
    return coef


class Population:
    """The fitted population: summed statistics, the chosen penalty and the bootstrap spread.

    ``without(own)`` is the population of everyone but the creator whose statistics are
    ``own``: a single solve, so it can run where that creator is trained (a worker holding
    this object and its own statistics) instead of in the process that summed them.
    """

    def __init__(self, names, ids, gram, cross, n_posts: int, scale, config, spread, lever_support=None):
        self.names = tuple(names)
        self.ids = list(ids)
        self.gram = np.asarray(gram, dtype=np.float64)
        self.cross = np.asarray(cross, dtype=np.float64)
        self.n_posts = int(n_posts)
        self.scale = np.asarray(scale, dtype=np.float64)
        self.config = (float(config[0]), float(config[1]))
        self.spread = np.asarray(spread, dtype=np.float64)
        # Per lever: (creators whose posts had it, their posts with it); None: some creator's were not counted.
        self.lever_support = None if lever_support is None else {k: tuple(v) for k, v in lever_support.items()}

    def without(self, own: CreatorStats | None) -> LinearPrior | None:
        """Every creator but ``own``'s (all of them if ``own`` is None or not one of them)."""
        gram, cross, n_creators, n_posts = self.gram, self.cross, len(self.ids), self.n_posts
        support = dict(self.lever_support) if self.lever_support is not None else None
        if own is not None and own.creator_id in self.ids and own.n >= 2:
            gram, cross = gram - own.gram, cross - own.cross
            n_creators, n_posts = n_creators - 1, n_posts - own.n
            for lever in support or {}:
                if had := own.had_lever(lever):
                    creators, posts = support[lever]
                    support[lever] = (creators - 1, posts - had)
        if n_creators < MIN_POPULATION_CREATORS:
            return None
        coef = _coef(self.names, gram, cross, self.scale, self.config)
        return LinearPrior(
            self.names,
            coef,
            coef + self.spread,
            "population",
            n_creators=n_creators,
            n_posts=n_posts,
            alpha=self.config,
            lever_support=support,
        ).with_stated_levers()

    def to_bytes(self) -> bytes:
        buf = io.BytesIO()
        np.savez(
            buf,
            names=np.array(self.names),
            ids=np.array(self.ids, dtype=str),
            gram=self.gram,
            cross=self.cross,
            n_posts=np.array(self.n_posts),
            scale=self.scale,
            config=np.array(self.config),
            spread=self.spread,
            **lever_arrays(self.lever_support),
        )
        return buf.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> Population:
        with np.load(io.BytesIO(data), allow_pickle=False) as z:
            return cls(
                [str(n) for n in z["names"]],
                [str(i) for i in z["ids"]],
                z["gram"],
                z["cross"],
                int(z["n_posts"]),
                z["scale"],
                tuple(z["config"]),
                z["spread"],
                lever_support=levers_of(z),
            )
