"""Prediction quality the way saveworthy is judged: per-creator time split, median Spearman.

For each creator: train on the earlier 80% of posts, rank the latest 20% by predicted
save rate, and compare with the actual rate (Spearman). Every data set is a service's
worth of creators, as the judged set is: the population each creator is shrunk towards is
fitted on the *training parts* of the other creators in the same data set (never on
anyone's latest 20%), as ``saveworthy train`` does on a multi-creator history.

Methods, per creator and encoder:
- ``shrunk``: saveworthy (own ridge shrunk towards the population, amount chosen by CV);
- ``own_only``: the same model with no population (the stated priors only);
- ``population_only``: the population model alone;
- baselines: ``creator_mean`` (a constant: 0), ``recent_mean`` (the mean of the 10
  posts before each), ``hashtag_only`` (a ridge on hashtags).

Data sets, read in place from ../shared/data/real (never copied into the project):
the dev pool's Danish politicians and Vietnamese creators, and the real exports; plus
synthetic creators with planted effects.

    python -m bench.quality [--real-dir ../shared/data/real] [--encoders e5-small minilm] [--synthetic 12]
"""

from __future__ import annotations

import argparse
import random
import warnings
from collections.abc import Sequence
from pathlib import Path

import msgspec
import numpy as np

from models.creator_model import HistoryTooShort, creator_stats
from models.population import population_fitter
from models.records import PostRecord
from training.evaluate import evaluate_creator, split_by_time
from training.sample_data import PlantedEffects, generate_history
from training.train import group_by_creator

METHODS = ("shrunk", "own_only", "population_only", "creator_mean", "recent_mean", "hashtag_only")
BARS = ("recent_mean", "hashtag_only")  # what saveworthy must beat
MIN_CREATOR_POSTS = 10


def real_datasets(real_dir: Path) -> dict[str, dict[str, list[PostRecord]]]:
    """Creators per data set, as the importers read them."""
    from training.importers import read_history

    sets: dict[str, dict[str, list[PostRecord]]] = {}
    danish = real_dir / "devpool" / "danish-politicians.csv"
    if danish.is_file():
        sets["devpool: Danish politicians"] = group_by_creator(read_history(danish).records)
    vn_dir = real_dir / "devpool" / "vn-web-items"
    if vn_dir.is_dir():
        vn: dict[str, list[PostRecord]] = {}
        for path in sorted(vn_dir.glob("*.json")):
            vn.update(group_by_creator(read_history(path, creator_id=path.stem).records, path.stem))
        sets["devpool: Vietnamese creators"] = vn
    exports: dict[str, list[PostRecord]] = {}
    for path in sorted(real_dir.glob("*.csv")):
        exports.update(group_by_creator(read_history(path, creator_id=path.stem[:40]).records, path.stem[:40]))
    if exports:
        sets["real exports"] = exports
    return sets


def synthetic_dataset(n_creators: int, seed: int = 0) -> dict[str, list[PostRecord]]:
    rng = random.Random(seed)
    out = {}
    for i in range(n_creators):
        planted = PlantedEffects(
            save_cta=rng.uniform(1.0, 1.8),
            informative=rng.uniform(1.0, 1.5),
            text_overlay=rng.uniform(1.0, 1.3),
            best_hour=rng.uniform(1.0, 1.3),
            hashtag=rng.uniform(1.0, 1.3),
            question=rng.uniform(1.0, 1.15),
        )
        n = rng.choice([60, 120, 250, 500])
        out[f"synthetic-{i}"] = generate_history(n, seed=1000 + i, planted=planted, creator_id=f"synthetic-{i}")
    return out


def evaluate_dataset(creators: dict[str, list[PostRecord]], encoder: str) -> list[dict]:
    """Every creator with enough posts, each against the population of the others' training parts."""
    creators = {c: r for c, r in creators.items() if len(r) >= MIN_CREATOR_POSTS}
    stats = {}
    for creator, records in creators.items():
        train, _ = split_by_time(records)
        try:
            stats[creator] = creator_stats(creator, train, encoder)
        except HistoryTooShort:
            continue
    fitter = population_fitter(stats, encoder)
    rows = []
    for creator, records in creators.items():
        population = fitter.fit(exclude=creator)
        try:
            shrunk = evaluate_creator(records, creator, population=population, encoder=encoder)
            own = evaluate_creator(records, creator, population=None, encoder=encoder)
        except HistoryTooShort:
            continue
        row = {
            "creator": creator,
            "posts": shrunk.n_posts,
            "test_posts": shrunk.n_test,
            "shrunk": shrunk.model.spearman,
            "own_only": own.model.spearman,
            "prior_weight": shrunk.chosen.get("prior_weight"),
        }
        row.update({name: score.spearman for name, score in shrunk.baselines.items()})
        row.setdefault("population_only", float("nan"))
        rows.append(row)
    return rows


def summarise(rows: Sequence[dict]) -> dict:
    """Median Spearman per method, and the share of creators where saveworthy beats each bar."""
    if not rows:
        return {}
    out = {f"median_{m}": round(float(np.nanmedian([r[m] for r in rows])), 3) for m in METHODS}
    out.update({f"mean_{m}": round(float(np.nanmean([r[m] for r in rows])), 3) for m in METHODS})
    for bar in BARS:
        out[f"beats_{bar}"] = round(float(np.mean([r["shrunk"] > r[bar] for r in rows])), 3)
    out["shrunk_beats_own_only"] = round(float(np.mean([r["shrunk"] > r["own_only"] for r in rows])), 3)
    out["creators"] = len(rows)
    return out


def print_block(name: str, encoder: str, rows: Sequence[dict], summary: dict) -> None:
    print(f"\n{name} [{encoder}]: {summary.get('creators', 0)} creators")
    print(" ".join(f"{m:>15s}" for m in METHODS))
    print(" ".join(f"{summary[f'median_{m}']:+15.3f}" for m in METHODS), " median")
    print(" ".join(f"{summary[f'mean_{m}']:+15.3f}" for m in METHODS), " mean")
    print(
        "share of creators where saveworthy beats: "
        + ", ".join(f"{bar} {summary[f'beats_{bar}']:.0%}" for bar in BARS)
        + f", own-only {summary['shrunk_beats_own_only']:.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real-dir", type=Path, default=Path("../shared/data/real"))
    parser.add_argument("--encoders", nargs="+", default=["e5-small", "minilm"])
    parser.add_argument("--synthetic", type=int, default=12)
    parser.add_argument("--out", type=Path, default=Path("bench/results/quality.json"))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    datasets = real_datasets(args.real_dir) if args.real_dir.is_dir() else {}
    if args.synthetic:
        datasets["synthetic, planted"] = synthetic_dataset(args.synthetic)
    result: dict[str, dict] = {}
    for name, creators in datasets.items():
        for encoder in args.encoders:
            rows = evaluate_dataset(creators, encoder)
            summary = summarise(rows)
            result.setdefault(name, {})[encoder] = {"summary": summary, "creators": rows}
            print_block(name, encoder, rows, summary)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")


if __name__ == "__main__":
    main()
