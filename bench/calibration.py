"""Do the certainties saveworthy states hold on real later posts? Intervals and compare's chance.

For each set (vn-long, jp-long, read in place from ../shared/data/real, never copied): every
creator's earliest 80% is trained together (``train_history``, pooled, as an agency would),
and the judged creators' latest 20% are priced as drafts planned at their real times, as
``score`` prices them. Two questions:

- **intervals**: the share of each creator's later posts inside the 80% interval the product
  states (median and mean over creators; the goal is 72-88%);
- **compare**: for every pair of later posts at most 14 days apart (what a planner weighs as
  two variants), the chance compare states that the one priced higher really saves more:
  the share of pairs called *clear* that really were in that order (goal ≥ 80%), and the
  Brier score of the stated chance (a coin: 0.25; goal below).

The widening of the interval and the scale of the chance are the product's constants
(``models.read.uncertainty``). They were chosen here, and are checked honestly by **halves**:
each set's judged creators are split in two (alternate creators by id); a constant fitted on
one half is measured on the other, both ways round, so no figure below is measured on the
creators it was fitted to.

    python -m bench.calibration [--sets vn-long jp-long] [--real-dir ../shared/data/real]
                                [--cache /tmp/saveworthy-calibration] [--refresh]

The first run trains and prices (minutes per set) and caches the per-post numbers outside
the project; later runs only analyse.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.quality import DataSet, split, train_dir, train_part
from models.core.pair_order import PAIR_DAYS, pairs_within
from models.read.uncertainty import (
    CHANCE_CEILING,
    CHANCE_SCALE,
    INTERVAL_WIDENING,
    VERDICT_CLEAR,
    VERDICT_LIKELY,
    chance_higher_beats_lower,
    interval_factors,
    members_agreement,
    separation,
)

RESULTS = Path(__file__).parent / "results" / "calibration.json"
SETS = ("vn-long", "jp-long")


def long_sets(real_dir: Path, names: Sequence[str]) -> list[DataSet]:
    """The long-history sets, read in place: creators with 50+ posts are judged, all train the population."""
    from training.importers import read_history
    from training.train import group_by_creator

    out = []
    for name in names:
        path = real_dir / "devpool" / f"{name}.csv"
        if path.is_file():
            creators = group_by_creator(read_history(path).records)
            out.append(DataSet(name=name, creators=creators, min_judged_posts=50))
    return out


# -- collecting: train on the earliest 80%, price the rest -------------------------------------------
def collect(data: DataSet, encoder: str, root: Path) -> dict[str, np.ndarray]:
    """Per judged test post: creator index, time, actual and predicted log rates, members, residual quantiles."""
    from models.fit.features import meaning_texts
    from models.fit.store import load_model
    from models.text.embeddings import embed_texts
    from training.evaluate import planned_draft

    models_dir = root / data.name
    judged = sorted(c for c, r in data.creators.items() if len(r) >= data.min_judged_posts)
    if not all((models_dir / c / "current.json").is_file() for c in judged):  # trained by an earlier run
        train_dir(models_dir, train_part(data.creators), encoder)
    rows: dict[str, list] = {k: [] for k in ("creator", "time", "actual", "point", "members", "quantiles", "horizon")}
    for index, creator in enumerate(judged):
        model, _ = load_model(models_dir, creator)
        train, test = split(data.creators[creator])
        posts = [model.post_for(planned_draft(r)) for r in test]
        embeddings = embed_texts(meaning_texts(posts), encoder=model.encoder_name)
        point, members = model.estimator_.predict_with_members(posts, embeddings)
        base = model.baseline_per_1k_
        actual = np.array([1000.0 * r.saves / max(r.views, 1) for r in test])
        rows["creator"] += [index] * len(test)
        rows["time"] += [r.created_at.timestamp() for r in test]
        # On the model's log scale: log of saves per 1k over the creator's baseline (smoothed at 0 saves).
        rows["actual"] += list(np.log(np.maximum(actual, 0.5 * base / 100.0) / base))
        rows["point"] += list(point)
        rows["members"] += list(members.T)
        rows["quantiles"] += [model.estimator_.residual_quantiles_] * len(test)
        last = train[-1].created_at.timestamp()
        rows["horizon"] += [(r.created_at.timestamp() - last) / 86400.0 for r in test]
    return {k: np.asarray(v, dtype=float) for k, v in rows.items()} | {"names": np.array(judged)}


def load_or_collect(data: DataSet, encoder: str, cache: Path, refresh: bool) -> dict[str, np.ndarray]:
    path = cache / f"{data.name}-{encoder}.npz"
    if path.is_file() and not refresh:
        with np.load(path) as z:
            return {k: z[k] for k in z.files}
    started = time.perf_counter()
    arrays = collect(data, encoder, cache / f"models-{encoder}")  # outside the project, kept for a rerun
    print(f"{data.name}: trained and priced in {time.perf_counter() - started:.0f} s")
    cache.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)
    return arrays


# -- measuring ----------------------------------------------------------------------------------------
def coverage_by_creator(d: dict, creators: np.ndarray, widening: float) -> np.ndarray:
    """Per creator in ``creators``: the share of their later posts inside the stated 80% interval."""
    shares = []
    for c in creators:
        mine = d["creator"] == c
        lo, hi = interval_factors(d["quantiles"][mine][0], widening)  # multiplicative, as scoring applies them
        rate, actual = np.exp(d["point"][mine]), np.exp(d["actual"][mine])
        shares.append(float(np.mean((actual >= rate * lo) & (actual <= rate * hi))))
    return np.array(shares)


def pairs_of(d: dict, creators: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of a creator's later posts at most PAIR_DAYS apart that saved differently, as
    (predicted log difference higher − lower, members' differences, residual quantiles, really in order)."""
    diff, member_diffs, quantiles, right = [], [], [], []
    for c in creators:
        mine = np.flatnonzero(d["creator"] == c)
        i, j = pairs_within(d["time"][mine], d["actual"][mine])
        i, j = mine[i], mine[j]
        sign = np.where(d["point"][i] >= d["point"][j], 1.0, -1.0)  # orient each pair: higher-priced first
        diff.append(sign * (d["point"][i] - d["point"][j]))
        member_diffs.append(sign[:, None] * (d["members"][i] - d["members"][j]))
        quantiles.append(d["quantiles"][i])
        right.append((sign * (d["actual"][i] - d["actual"][j]) > 0).astype(float))
    return (np.concatenate(diff), np.vstack(member_diffs), np.vstack(quantiles), np.concatenate(right))


def compare_figures(d: dict, creators: np.ndarray, scale: tuple[float, float] | None) -> dict:
    """How the stated chance ((scale, ceiling); None: the members' agreement, as before) holds on these pairs."""
    diff, member_diffs, quantiles, right = pairs_of(d, creators)
    agreement = members_agreement(member_diffs)
    chance = agreement if scale is None else chance_higher_beats_lower(diff, member_diffs, quantiles, *scale)
    out = {
        "pairs": len(right),
        "ordered_right": round(float(right.mean()), 3),
        "brier": round(float(np.mean((chance - right) ** 2)), 4),
        "brier_agreement_as_chance": round(float(np.mean((agreement - right) ** 2)), 4),
        "mean_chance": round(float(chance.mean()), 3),
    }
    for name, lo, hi in (
        ("clear", VERDICT_CLEAR, 1.01),
        ("likely", VERDICT_LIKELY, VERDICT_CLEAR),
        ("too close to call", 0.0, VERDICT_LIKELY),
    ):
        called = (chance >= lo) & (chance < hi)
        out[name] = {
            "pairs": int(called.sum()),
            "really_in_order": round(float(right[called].mean()), 3) if called.any() else None,
        }
    return out


def fit_widening(d: dict, creators: np.ndarray) -> float:
    """The least widening whose median coverage over these creators reaches 80%."""
    for widening in np.arange(1.0, 4.01, 0.05):
        if np.median(coverage_by_creator(d, creators, widening)) >= 0.8:
            return round(float(widening), 2)
    return 4.0


def fit_scale(d: dict, creators: np.ndarray) -> tuple[float, float]:
    """The chance's (scale, ceiling) with the least Brier score over these creators' pairs."""
    diff, member_diffs, quantiles, right = pairs_of(d, creators)
    z = separation(diff, member_diffs, quantiles)
    best, best_brier = (1.0, 1.0), np.inf
    for scale in np.arange(0.1, 4.01, 0.1):
        for ceiling in np.arange(0.55, 1.001, 0.01):
            chance = 0.5 + (ceiling - 0.5) * erf_array(scale * z / np.sqrt(2.0))
            brier = float(np.mean((chance - right) ** 2))
            if brier < best_brier:
                best, best_brier = (round(float(scale), 2), round(float(ceiling), 2)), brier
    return best


def erf_array(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return erf(x)


def halves(d: dict) -> tuple[np.ndarray, np.ndarray]:
    creators = np.unique(d["creator"]).astype(int)
    return creators[0::2], creators[1::2]


def measure(name: str, d: dict) -> dict:
    a, b = halves(d)
    every = np.concatenate([a, b])
    before = coverage_by_creator(d, every, 1.0)
    result = {
        "set": name,
        "creators": len(every),
        "test_posts": len(d["creator"]),
        "product": {
            "interval_widening": INTERVAL_WIDENING,
            "chance_scale": CHANCE_SCALE,
            "chance_ceiling": CHANCE_CEILING,
        },
        "coverage_before": {"median": round(float(np.median(before)), 3), "mean": round(float(before.mean()), 3)},
        "compare_before": compare_figures(d, every, scale=None),
        "halves": [],
    }
    for fit_on, check_on, label in ((a, b, "fitted on half A, measured on half B"), (b, a, "B → A")):
        widening, scale = fit_widening(d, fit_on), fit_scale(d, fit_on)
        covered = coverage_by_creator(d, check_on, widening)
        product = coverage_by_creator(d, check_on, INTERVAL_WIDENING)
        result["halves"].append(
            {
                "how": label,
                "creators": len(check_on),
                "fitted_widening": widening,
                "coverage_fitted": {
                    "median": round(float(np.median(covered)), 3),
                    "mean": round(float(covered.mean()), 3),
                },
                "coverage_product": {
                    "median": round(float(np.median(product)), 3),
                    "mean": round(float(product.mean()), 3),
                    "range_over_creators": [round(float(np.quantile(product, q)), 3) for q in (0.1, 0.9)],
                },
                "fitted_scale_and_ceiling": scale,
                "compare_fitted": compare_figures(d, check_on, scale),
                "compare_product": compare_figures(d, check_on, (CHANCE_SCALE, CHANCE_CEILING)),
            }
        )
    every_product = coverage_by_creator(d, every, INTERVAL_WIDENING)
    result["coverage_product"] = {
        "median": round(float(np.median(every_product)), 3),
        "mean": round(float(every_product.mean()), 3),
    }
    result["compare_product"] = compare_figures(d, every, (CHANCE_SCALE, CHANCE_CEILING))
    return result


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    parser.add_argument("--real-dir", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/real")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "saveworthy-calibration")
    parser.add_argument("--encoder", default="e5-small")
    parser.add_argument("--refresh", action="store_true", help="train and price again instead of the cache")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    results, cached = [], {}
    for data in long_sets(args.real_dir, args.sets):
        d = cached[data.name] = load_or_collect(data, args.encoder, args.cache, args.refresh)
        results.append(measure(data.name, d))
        print(json.dumps(results[-1], indent=1))
    across = []
    if len(cached) == 2:  # each set's constants checked on the other set: creators of another language and source
        for (fit_name, fit_d), (check_name, check_d) in (tuple(cached.items()), tuple(cached.items())[::-1]):
            fit_all, check_all = np.concatenate(halves(fit_d)), np.concatenate(halves(check_d))
            widening, scale = fit_widening(fit_d, fit_all), fit_scale(fit_d, fit_all)
            covered = coverage_by_creator(check_d, check_all, widening)
            across.append(
                {
                    "how": f"fitted on {fit_name}, measured on {check_name}",
                    "fitted_widening": widening,
                    "coverage": {
                        "median": round(float(np.median(covered)), 3),
                        "mean": round(float(covered.mean()), 3),
                    },
                    "fitted_scale_and_ceiling": scale,
                    "compare": compare_figures(check_d, check_all, scale),
                }
            )
        print(json.dumps(across, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"pair_days": PAIR_DAYS, "sets": results, "across_sets": across}, indent=1) + "\n")


if __name__ == "__main__":
    main()
