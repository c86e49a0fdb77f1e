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

from models.catalogue import TIPS

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


def stated_prior(names: Sequence[str], n_members: int = N_BOOTSTRAP) -> LinearPrior:
    """The guide's stated lifts as a prior on the lever columns; nothing else is assumed."""
    coef = np.zeros(len(names))
    for lever, tip_id in PRIOR_LEVERS.items():
        if lever in names:
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


def fit_population(
    stats: Sequence[CreatorStats],
    *,
    config: tuple[float, float] | None = None,
    random_state: int = 0,
    n_bootstrap: int = N_BOOTSTRAP,
) -> LinearPrior | None:
    """The within-creator ridge over every creator's statistics; None with too few creators.

    The penalty and the embedding's weight (``config``) are chosen by leave-creators-out CV
    on squared error, computed from the statistics alone, unless given (a leave-one-out
    refit reuses the full population's choice: one creator more or less does not move it).
    The bootstrap resamples creators, so an interval says how much the effect varies from
    one creator to another.
    """
    stats = [s for s in stats if s.n >= 2]
    if len(stats) < MIN_POPULATION_CREATORS:
        return None
    names = stats[0].names
    grams = np.stack([s.gram for s in stats])
    crosses = np.stack([s.cross for s in stats])
    ns = np.array([s.n for s in stats], dtype=np.float64)
    total_gram, total_cross = grams.sum(axis=0), crosses.sum(axis=0)
    scale = np.sqrt(np.clip(np.diag(total_gram) / ns.sum(), 0.0, None))
    scale[scale < 1e-9] = 1.0  # a column no creator ever varies: its coefficient stays 0

    if config is None:
        grid = [(a, w) for a in POPULATION_ALPHAS for w in EMBEDDING_WEIGHTS]
        groups = np.arange(len(stats)) % CV_GROUPS
        errors = dict.fromkeys(grid, 0.0)
        for g in range(min(CV_GROUPS, len(stats))):
            held = groups == g
            fit_gram, fit_cross = total_gram - grams[held].sum(axis=0), total_cross - crosses[held].sum(axis=0)
            test_gram, test_cross = grams[held].sum(axis=0), crosses[held].sum(axis=0)
            test_yy = sum(s.yy for s, h in zip(stats, held, strict=True) if h)
            for alpha, weight in grid:
                w = _solve(fit_gram, fit_cross, scale, _penalty(names, alpha, weight))
                errors[(alpha, weight)] += test_yy - 2.0 * float(w @ test_cross) + float(w @ test_gram @ w)
        config = min(grid, key=lambda cfg: errors[cfg])
    alpha, weight = config
    # A dropped embedding block has zero coefficients: solve on the levers alone (much smaller).
    active = np.array([weight > 0 or not n.startswith("emb") for n in names])
    ix = np.ix_(active, active)
    penalty = _penalty(names, alpha, weight)[active]
    coef = np.zeros(len(names))
    coef[active] = _solve(total_gram[ix], total_cross[active], scale[active], penalty)

    rng = np.random.default_rng(random_state)
    sub_grams = grams[:, active][:, :, active]
    sub_crosses = crosses[:, active]
    boot = np.zeros((max(n_bootstrap, 1), len(names)))
    boot[0] = coef
    for b in range(n_bootstrap):
        counts = rng.multinomial(len(stats), np.full(len(stats), 1.0 / len(stats))).astype(np.float64)
        boot[b, active] = _solve(np.tensordot(counts, sub_grams, 1), counts @ sub_crosses, scale[active], penalty)
    return LinearPrior(
        names,
        coef,
        boot,
        "population",
        n_creators=len(stats),
        n_posts=int(ns.sum()),
        alpha=(alpha, weight),
    )


def population_without(
    stats: Mapping[str, CreatorStats], creator_id: str, encoder: str, *, config: tuple[float, float] | None = None
) -> LinearPrior | None:
    """The population of every other creator with statistics from the same encoder."""
    others = [s for cid, s in sorted(stats.items()) if cid != creator_id and s.encoder == encoder]
    return fit_population(others, config=config)


def population_config(stats: Mapping[str, CreatorStats], encoder: str) -> tuple[float, float] | None:
    """The penalty and embedding weight CV chooses over every creator: reused for each leave-one-out fit."""
    full = fit_population([s for _, s in sorted(stats.items()) if s.encoder == encoder], n_bootstrap=0)
    return None if full is None else full.alpha
