"""Prediction quality the way saveworthy is judged: per-creator time split, median Spearman.

For each creator: train on the earlier 80% of posts, rank the latest 20% by predicted save
rate, and compare with the actual rate (Spearman), against the creator-mean, running
recent-mean and hashtag-only baselines. Runs on

- the real exports in ../shared/data/real (never copied into the project), when present;
- synthetic creators from ``training.sample_data`` with random planted effects.

    python -m bench.quality [--real-dir ../shared/data/real] [--synthetic 12]
"""

from __future__ import annotations

import argparse
import random
import warnings
from pathlib import Path

import msgspec
import numpy as np

from training.evaluate import evaluate_creator
from training.sample_data import PlantedEffects, generate_history
from training.train import group_by_creator

METHODS = ("model", "creator_mean", "recent_mean", "hashtag_only")


def _row(report) -> dict:
    row = {
        "creator": report.creator_id,
        "posts": report.n_posts,
        "test_posts": report.n_test,
        "model": report.model.spearman,
    }
    row.update({name: score.spearman for name, score in report.baselines.items()})
    return row


def real_reports(real_dir: Path) -> list[dict]:
    from training.importers import read_history

    rows = []
    for path in sorted(real_dir.glob("*.csv")) + sorted(real_dir.glob("*.json*")):
        history = read_history(path, creator_id=path.stem[:40])
        for creator, records in group_by_creator(history.records, path.stem[:40]).items():
            if len(records) >= 30:
                rows.append(_row(evaluate_creator(records, creator)))
    return rows


def synthetic_reports(n_creators: int, seed: int = 0) -> list[dict]:
    rng = random.Random(seed)
    rows = []
    for i in range(n_creators):
        planted = PlantedEffects(
            save_cta=rng.uniform(1.0, 1.8),
            informative=rng.uniform(1.0, 1.5),
            text_overlay=rng.uniform(1.0, 1.3),
            best_hour=rng.uniform(1.0, 1.3),
            hashtag=rng.uniform(1.0, 1.3),
            question=rng.uniform(1.0, 1.15),
        )
        history = generate_history(
            rng.choice([60, 120, 250, 500]), seed=1000 + i, planted=planted, creator_id=f"synthetic-{i}"
        )
        rows.append(_row(evaluate_creator(history, f"synthetic-{i}")))
    return rows


def summarise(rows: list[dict]) -> dict:
    return {m: round(float(np.median([r[m] for r in rows])), 3) for m in METHODS} if rows else {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--real-dir", type=Path, default=Path("../shared/data/real"))
    parser.add_argument("--synthetic", type=int, default=12)
    parser.add_argument("--out", type=Path, default=Path("bench/results/quality.json"))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    result = {}
    if args.real_dir.is_dir():
        rows = real_reports(args.real_dir)
        result["real"] = {"creators": rows, "median_spearman": summarise(rows)}
    rows = synthetic_reports(args.synthetic)
    result["synthetic"] = {"creators": rows, "median_spearman": summarise(rows)}
    for name, block in result.items():
        print(f"\n{name}: median Spearman over {len(block['creators'])} creators")
        print(f"{'creator':28s} {'posts':>5s} {'test':>4s} " + " ".join(f"{m:>13s}" for m in METHODS))
        for r in block["creators"]:
            print(
                f"{r['creator'][:28]:28s} {r['posts']:5d} {r['test_posts']:4d} "
                + " ".join(f"{r[m]:+13.3f}" for m in METHODS)
            )
        print(f"{'median':39s} " + " ".join(f"{block['median_spearman'][m]:+13.3f}" for m in METHODS))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")


if __name__ == "__main__":
    main()
