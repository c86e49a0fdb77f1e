"""Ranking quality the way saveworthy is judged, through the product's own train and score paths.

For each creator: the earliest 80% of posts are trained with ``train`` (``train_history``),
the latest 20% are scored as drafts with ``score --drafts`` (``score_by_creator``: caption,
hashtags, planned time, duration, sound, overlay; nothing known only after posting), and
the Spearman rank correlation between predicted and actual saves per 1,000 views is taken
within the creator. Two protocols, as users train:

- ``alone``: each creator trained by itself, in a models directory of its own (one creator
  with the CLI): no population, only the guide's stated priors;
- ``pooled``: every creator's training part in one ``train`` (an agency): each creator is
  shrunk towards the others.

Bars (the same split): ``hashtag_only`` (a ridge on hashtags), ``recent_mean`` (each post at
the mean of the 10 posts before it, which a creator knows when posting) and the creator's
mean (a constant: 0). Per set and protocol: median and mean Spearman, an 80% bootstrap range
of the median over creators (so a change can be told from noise), and the share of creators
where saveworthy beats each bar (a tie is not a win).

Sets, read in place from ../shared/data/real (never copied into the project): ``vn-long``
(the main set: 27 Vietnamese creators with long histories; those with 50+ posts are judged,
11-38 test posts each, while all 27 train the pooled population), the dev pool's Danish
politicians and Vietnamese creators (2-8 test posts: mostly noise), the real exports, and
synthetic creators with planted effects. ``--unlike`` trains vn-long, the studio export and
the Danish dev pool into one models directory and compares each long creator's pooled
figure with its alone figure (pooling must never hurt).

    python -m bench.quality [--sets vn-long danish vn-web exports synthetic] [--unlike]
                            [--encoders e5-small] [--real-dir ../shared/data/real]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path

import msgspec
import numpy as np

from api.batch_scoring import score_by_creator
from api.drafts import DraftRow
from models.estimator import spearman
from models.records import HistoryRead, PostRecord
from models.target import baseline_saves_per_1k, relative_log_rate
from training.evaluate import hashtag_only_predictions, planned_draft, recent_mean_predictions
from training.sample_data import PlantedEffects, generate_history
from training.train import group_by_creator, train_history

PROTOCOLS = ("alone", "pooled")
BARS = ("hashtag_only", "recent_mean")
TRAIN_FRACTION = 0.8
MIN_TRAIN_POSTS = 8  # a creator must have this many training posts to be trained at all
BOOTSTRAP = 2000
Creators = dict[str, list[PostRecord]]


# -- data sets ---------------------------------------------------------------------
class DataSet(msgspec.Struct, kw_only=True):
    name: str
    creators: Creators
    min_judged_posts: int  # creators with fewer posts train (and feed the population) but are not judged


def real_sets(real_dir: Path, names: Sequence[str]) -> list[DataSet]:
    from training.importers import read_history

    out = []
    if "vn-long" in names and (path := real_dir / "devpool" / "vn-long.csv").is_file():
        out.append(DataSet(name="vn-long", creators=group_by_creator(read_history(path).records), min_judged_posts=50))
    if "danish" in names and (path := real_dir / "devpool" / "danish-politicians.csv").is_file():
        out.append(DataSet(name="danish", creators=group_by_creator(read_history(path).records), min_judged_posts=10))
    if "vn-web" in names and (folder := real_dir / "devpool" / "vn-web-items").is_dir():
        creators: Creators = {}
        for path in sorted(folder.glob("*.json")):
            creators.update(group_by_creator(read_history(path, creator_id=path.stem).records, path.stem))
        out.append(DataSet(name="vn-web", creators=creators, min_judged_posts=10))
    if "exports" in names:
        creators = {}
        for path in sorted(real_dir.glob("*.csv")):
            creators.update(group_by_creator(read_history(path, creator_id=path.stem[:40]).records, path.stem[:40]))
        if creators:
            out.append(DataSet(name="exports", creators=creators, min_judged_posts=50))
    return out


def synthetic_set(n_creators: int = 12, seed: int = 0) -> DataSet:
    """Creators with their own random planted lifts (``training.sample_data``)."""
    rng = random.Random(seed)
    creators = {}
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
        creators[f"synthetic-{i}"] = generate_history(n, seed=1000 + i, planted=planted, creator_id=f"synthetic-{i}")
    return DataSet(name="synthetic", creators=creators, min_judged_posts=50)


# -- the protocol ------------------------------------------------------------------
def split(records: Sequence[PostRecord]) -> tuple[list[PostRecord], list[PostRecord]]:
    """The earliest 80% (rounded down) to train, the rest to test, in time order."""
    ordered = sorted(records, key=lambda r: r.created_at)
    cut = int(len(ordered) * TRAIN_FRACTION)
    return ordered[:cut], ordered[cut:]


def train_part(creators: Mapping[str, Sequence[PostRecord]]) -> Creators:
    return {c: split(r)[0] for c, r in creators.items() if len(split(r)[0]) >= MIN_TRAIN_POSTS}


def train_dir(models_dir: Path, creators: Mapping[str, Sequence[PostRecord]], encoder: str) -> None:
    records = tuple(r for rows in creators.values() for r in rows)
    summary = train_history(HistoryRead(records=records), models_dir, encoder=encoder, workers=1)
    if summary.failed:
        raise RuntimeError(f"training failed: {summary.failed}")


def predicted(models_dir: Path, creators: Mapping[str, Sequence[PostRecord]]) -> dict[str, np.ndarray]:
    """Every judged creator's test posts scored as drafts, as ``score --drafts`` does."""
    rows, owners = [], []
    for creator, records in creators.items():
        for record in split(records)[1]:
            rows.append(DraftRow(row=len(rows) + 2, draft=planned_draft(record), creator_id=creator))
            owners.append(creator)
    scored, rejected = score_by_creator(rows, None, models_dir, workers=1)
    if rejected:
        raise RuntimeError(f"drafts refused: {rejected[:3]}")
    out: dict[str, list[float]] = {}
    for (_row, score), owner in zip(scored, owners, strict=True):
        out.setdefault(owner, []).append(score.predicted_saves_per_1k)
    return {c: np.array(v) for c, v in out.items()}


def actual_rate(records: Sequence[PostRecord]) -> np.ndarray:
    return np.array([1000.0 * r.saves / max(r.views, 1) for r in records])


def bars(records: Sequence[PostRecord]) -> dict[str, float]:
    train, test = split(records)
    saves = np.array([r.saves for r in train], dtype=float)
    views = np.array([r.views for r in train], dtype=float)
    base = baseline_saves_per_1k(saves, views)
    actual = actual_rate(test)
    return {
        "hashtag_only": spearman(hashtag_only_predictions(train, test, relative_log_rate(saves, views, base)), actual),
        "recent_mean": spearman(recent_mean_predictions([*train, *test], len(train), base), actual),
    }


def run_set(data: DataSet, encoder: str, protocols: Sequence[str], root: Path) -> list[dict]:
    """One row per judged creator: its Spearman in each protocol and the bars'."""
    trainable = train_part(data.creators)
    judged = {c: r for c, r in data.creators.items() if len(r) >= data.min_judged_posts and c in trainable}
    rows = {
        c: {"creator": c, "posts": len(r), "test_posts": len(split(r)[1]), **bars(r)} for c, r in judged.items()
    }
    for protocol in protocols:
        started = time.perf_counter()
        if protocol == "pooled":
            models_dir = root / f"{data.name}-{encoder}-pooled"
            train_dir(models_dir, trainable, encoder)
            predictions = predicted(models_dir, judged)
        else:
            predictions = {}
            for creator in judged:
                models_dir = root / f"{data.name}-{encoder}-alone" / creator
                train_dir(models_dir, {creator: trainable[creator]}, encoder)
                predictions.update(predicted(models_dir, {creator: judged[creator]}))
        for creator, records in judged.items():
            rows[creator][protocol] = spearman(predictions[creator], actual_rate(split(records)[1]))
        print(f"  {data.name} {protocol}: {time.perf_counter() - started:.0f} s", flush=True)
    return list(rows.values())


def run_unlike(sets: Sequence[DataSet], encoder: str, root: Path) -> list[dict]:
    """Long creators trained alone and among unlike creators (all sets in one models directory)."""
    everyone: Creators = {}
    for data in sets:
        everyone.update(train_part(data.creators))
    models_dir = root / f"unlike-{encoder}"
    train_dir(models_dir, everyone, encoder)
    rows = []
    for data in sets:
        judged = {c: r for c, r in data.creators.items() if len(r) >= 50 and c in everyone}
        pooled = predicted(models_dir, judged)
        for creator, records in judged.items():
            alone_dir = root / f"unlike-{encoder}-alone" / creator
            train_dir(alone_dir, {creator: everyone[creator]}, encoder)
            alone = predicted(alone_dir, {creator: records})[creator]
            actual = actual_rate(split(records)[1])
            rows.append(
                {
                    "set": data.name,
                    "creator": creator,
                    "test_posts": len(actual),
                    "alone": spearman(alone, actual),
                    "pooled": spearman(pooled[creator], actual),
                }
            )
    return rows


# -- summaries ---------------------------------------------------------------------
def median_range(values: Sequence[float], seed: int = 0) -> tuple[float, float]:
    """80% bootstrap range of the median over creators."""
    v = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    medians = np.median(v[rng.integers(0, len(v), size=(BOOTSTRAP, len(v)))], axis=1)
    return float(np.percentile(medians, 10)), float(np.percentile(medians, 90))


def summarise(rows: Sequence[dict], methods: Sequence[str]) -> dict:
    out: dict[str, dict] = {}
    for method in methods:
        values = [r[method] for r in rows if method in r]
        if not values:
            continue
        low, high = median_range(values)
        entry = {
            "median": round(float(np.median(values)), 3),
            "median_80": [round(low, 3), round(high, 3)],
            "mean": round(float(np.mean(values)), 3),
            "creators": len(values),
        }
        if method in PROTOCOLS:
            for bar in (b for b in BARS if any(b in r for r in rows)):
                entry[f"beats_{bar}"] = round(float(np.mean([r[method] > r[bar] for r in rows if bar in r])), 3)
        out[method] = entry
    if all(p in out for p in PROTOCOLS):
        diff = [r["pooled"] - r["alone"] for r in rows]
        low, high = median_range(diff)
        out["pooled_minus_alone"] = {
            "mean": round(float(np.mean(diff)), 3),
            "median": round(float(np.median(diff)), 3),
            "median_80": [round(low, 3), round(high, 3)],
        }
    return out


def print_summary(title: str, rows: Sequence[dict], summary: dict, per_creator: bool) -> None:
    print(f"\n{title}: {len(rows)} creators judged")
    if per_creator:
        keys = [k for k in ("alone", "pooled", *BARS) if rows and k in rows[0]]
        print(f"  {'creator':<28} {'posts':>5} {'test':>4} " + " ".join(f"{k:>12}" for k in keys))
        for r in sorted(rows, key=lambda r: -r.get("posts", r.get("test_posts", 0))):
            print(
                f"  {r['creator'][:28]:<28} {r.get('posts', ''):>5} {r['test_posts']:>4} "
                + " ".join(f"{r[k]:>+12.3f}" for k in keys)
            )
    for method, s in summary.items():
        if method == "pooled_minus_alone":
            lo, hi = s["median_80"]
            print(f"  pooled - alone: mean {s['mean']:+.3f}, median {s['median']:+.3f} [{lo:+.3f}, {hi:+.3f}]")
            continue
        lo, hi = s["median_80"]
        beats = ", ".join(f"beats {k[6:]} {v:.0%}" for k, v in s.items() if k.startswith("beats_"))
        print(f"  {method:<13} median {s['median']:+.3f} [{lo:+.3f}, {hi:+.3f}]  mean {s['mean']:+.3f}  {beats}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real-dir", type=Path, default=Path("../shared/data/real"))
    parser.add_argument("--sets", nargs="*", default=["vn-long", "danish", "vn-web", "exports", "synthetic"])
    parser.add_argument("--protocols", nargs="+", default=list(PROTOCOLS), choices=PROTOCOLS)
    parser.add_argument("--encoders", nargs="+", default=["e5-small"])
    parser.add_argument("--unlike", action="store_true", help="vn-long + studio export + Danish in one models dir")
    parser.add_argument("--out", type=Path, default=Path("bench/results/quality.json"))
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    sets = real_sets(args.real_dir, args.sets) if args.real_dir.is_dir() else []
    if "synthetic" in args.sets:
        sets.append(synthetic_set())
    result: dict[str, dict] = {"date": time.strftime("%Y-%m-%d"), "sets": {}}
    with tempfile.TemporaryDirectory(prefix="saveworthy-quality-") as tmp:
        for encoder in args.encoders:
            for data in sets:
                rows = run_set(data, encoder, args.protocols, Path(tmp))
                methods = [*args.protocols, *BARS]
                summary = summarise(rows, methods)
                result["sets"].setdefault(data.name, {})[encoder] = {"summary": summary, "creators": rows}
                print_summary(f"{data.name} [{encoder}]", rows, summary, per_creator=data.name == "vn-long")
            if args.unlike:
                unlike_sets = real_sets(args.real_dir, ["vn-long", "danish", "exports"])
                for data in unlike_sets:  # the studio export is the one long creator among the exports
                    if data.name == "exports":
                        data.creators = {c: r for c, r in data.creators.items() if c.startswith("one-creator")}
                rows = run_unlike(unlike_sets, encoder, Path(tmp))
                summary = summarise(rows, PROTOCOLS)
                result.setdefault("unlike", {})[encoder] = {"summary": summary, "creators": rows}
                print_summary(f"unlike creators in one models directory [{encoder}]", rows, summary, True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")


if __name__ == "__main__":
    main()
