"""Ranking quality the way saveworthy is judged, through the product's own train and score paths.

For each creator, the posts before an origin (70, 80 or 90% of its history, rounded down) are
trained with ``train`` (``train_history``) and the rest scored as drafts with ``score --drafts``
(``score_by_creator``: caption, hashtags, planned time, duration, sound, overlay; nothing known
only after posting). Three protocols, as users train:

- ``alone``: each creator trained by itself, in a models directory of its own (one creator
  with the CLI): no population, only the guide's stated priors;
- ``pooled``: every creator's training part in one ``train`` (an agency): each creator is
  shrunk towards the others;
- ``refreshed``: alone, but the test posts come in 4 blocks and the model is retrained on
  everything before each block, as a creator who uploads weekly would.

Per creator three measures (``bench.quality_measures``): Spearman over the test window, the
share of pairs at most 14 days apart ordered right, and Spearman against each post's rate
relative to its local level (median of the 10 posts around it). Bars on the same split:
``hashtag_only`` (a ridge on hashtags) and ``recent_mean`` (each post at the mean of the 10
posts before it, which a creator knows when posting). Creators fall in two fixed halves by a
hash of their id, ``tune`` and ``confirm``: a modelling choice is made on tune and kept only
where confirm agrees (``python -m bench.quality_compare before.json after.json``). Per set and
half: each creator's measures averaged over the origins, then the median with an 80%
bootstrap range over creators, the mean, and the share of creators where saveworthy beats
each bar (a tie is not a win).

Sets, read in place from ../shared/data/real (never copied into the project): ``vn-long`` (27
Vietnamese creators, those with 50+ posts judged) and ``jp-long`` (46 Japanese creators, all
judged) by default; also the dev pool's Danish politicians and Vietnamese web items, the real
exports, and synthetic creators with planted effects. ``--unlike`` trains vn-long, jp-long,
the studio export and the Danish dev pool into one models directory and compares each long
creator's pooled figure with its alone figure (pooling must never hurt). Caption embeddings are
kept in ``var/bench-cache`` between runs (``bench.embedding_store``). ``--quick``: one origin
(80%), alone and pooled only.

    python -m bench.quality [--sets vn-long jp-long danish vn-web exports synthetic] [--quick]
                            [--origins 0.7 0.8 0.9] [--protocols alone pooled refreshed]
                            [--halves tune confirm] [--unlike] [--encoders e5-small]
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
from bench import embedding_store
from bench.quality_measures import HALVES, cut_at, describe, half_of, measures, paired_difference
from models.core.records import HistoryRead, PostRecord
from models.fit.target import baseline_saves_per_1k, relative_log_rate
from training.evaluate import hashtag_only_predictions, planned_draft, recent_mean_predictions
from training.sample_data import PlantedEffects, generate_history
from training.train import group_by_creator, train_history

PROTOCOLS = ("alone", "pooled", "refreshed")
BARS = ("hashtag_only", "recent_mean")
MEASURES = ("spearman", "pairs14", "local")
ORIGINS = (0.7, 0.8, 0.9)
REFRESH_BLOCKS = 4
MIN_TRAIN_POSTS = 8  # a creator must have this many training posts to be trained at all
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
    if "jp-long" in names and (path := real_dir / "devpool" / "jp-long.csv").is_file():
        out.append(DataSet(name="jp-long", creators=group_by_creator(read_history(path).records), min_judged_posts=50))
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
def in_order(records: Sequence[PostRecord]) -> list[PostRecord]:
    return sorted(records, key=lambda r: r.created_at)


def split(records: Sequence[PostRecord], origin: float = 0.8) -> tuple[list[PostRecord], list[PostRecord]]:
    """The posts before the origin to train, the rest to test, in time order."""
    ordered = in_order(records)
    cut = cut_at(len(ordered), origin)
    return ordered[:cut], ordered[cut:]


def train_part(creators: Mapping[str, Sequence[PostRecord]], origin: float = 0.8) -> Creators:
    parts = {c: split(r, origin)[0] for c, r in creators.items()}
    return {c: p for c, p in parts.items() if len(p) >= MIN_TRAIN_POSTS}


def train_dir(models_dir: Path, creators: Mapping[str, Sequence[PostRecord]], encoder: str) -> None:
    records = tuple(r for rows in creators.values() for r in rows)
    summary = train_history(HistoryRead(records=records), models_dir, encoder=encoder, workers=1)
    if summary.failed:
        raise RuntimeError(f"training failed: {summary.failed}")


def predicted(models_dir: Path, drafts: Mapping[str, Sequence[PostRecord]]) -> dict[str, np.ndarray]:
    """Each creator's given posts scored as drafts, as ``score --drafts`` does."""
    rows, owners = [], []
    for creator, records in drafts.items():
        for record in records:
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


def measured(prediction: np.ndarray, ordered: Sequence[PostRecord], cut: int) -> dict[str, float]:
    return measures(prediction, actual_rate(ordered), [r.created_at for r in ordered], cut)


def bar_predictions(ordered: Sequence[PostRecord], cut: int) -> dict[str, np.ndarray]:
    train, test = ordered[:cut], ordered[cut:]
    saves = np.array([r.saves for r in train], dtype=float)
    views = np.array([r.views for r in train], dtype=float)
    base = baseline_saves_per_1k(saves, views)
    return {
        "hashtag_only": hashtag_only_predictions(train, test, relative_log_rate(saves, views, base)),
        "recent_mean": recent_mean_predictions(ordered, cut, base),
    }


def refreshed(creator: str, ordered: Sequence[PostRecord], cut: int, encoder: str, root: Path) -> np.ndarray:
    """The test posts in ``REFRESH_BLOCKS`` blocks, the creator retrained alone on all posts before each."""
    out = []
    for b, block in enumerate(np.array_split(np.arange(cut, len(ordered)), REFRESH_BLOCKS)):
        if not len(block):
            continue
        models_dir = root / creator / str(b)
        train_dir(models_dir, {creator: list(ordered[: block[0]])}, encoder)
        out.append(predicted(models_dir, {creator: [ordered[i] for i in block]})[creator])
    return np.concatenate(out)


def judged_creators(data: DataSet, origin: float, halves: Sequence[str]) -> Creators:
    trainable = train_part(data.creators, origin)
    return {
        c: in_order(r)
        for c, r in data.creators.items()
        if len(r) >= data.min_judged_posts and c in trainable and half_of(c) in halves
    }


def run_set(
    data: DataSet,
    encoder: str,
    protocols: Sequence[str],
    root: Path,
    origin: float = 0.8,
    halves: Sequence[str] = HALVES,
) -> list[dict]:
    """One row per judged creator at this origin: each protocol's and each bar's measures."""
    judged = judged_creators(data, origin, halves)
    rows = {}
    for c, ordered in judged.items():
        cut = cut_at(len(ordered), origin)
        row = {"set": data.name, "creator": c, "half": half_of(c), "origin": origin, "posts": len(ordered)}
        row["test_posts"] = len(ordered) - cut
        row |= {bar: measured(p, ordered, cut) for bar, p in bar_predictions(ordered, cut).items()}
        rows[c] = row
    tag = f"{data.name}-{encoder}-{round(origin * 100)}"
    for protocol in protocols:
        started = time.perf_counter()
        predictions: dict[str, np.ndarray] = {}
        if protocol == "pooled":
            models_dir = root / f"{tag}-pooled"
            train_dir(models_dir, train_part(data.creators, origin), encoder)
            predictions = predicted(models_dir, {c: split(r, origin)[1] for c, r in judged.items()})
        elif protocol == "alone":
            for creator, ordered in judged.items():
                models_dir = root / f"{tag}-alone" / creator
                train, test = split(ordered, origin)
                train_dir(models_dir, {creator: train}, encoder)
                predictions.update(predicted(models_dir, {creator: test}))
        else:
            for creator, ordered in judged.items():
                cut = cut_at(len(ordered), origin)
                predictions[creator] = refreshed(creator, ordered, cut, encoder, root / f"{tag}-refreshed")
        for creator, ordered in judged.items():
            rows[creator][protocol] = measured(predictions[creator], ordered, cut_at(len(ordered), origin))
        print(f"  {data.name} {protocol} at {origin:.0%}: {time.perf_counter() - started:.0f} s", flush=True)
    return list(rows.values())


def run_unlike(sets: Sequence[DataSet], encoder: str, root: Path) -> list[dict]:
    """Long creators trained alone and among unlike creators (all sets in one models directory), at 80%."""
    everyone: Creators = {}
    for data in sets:
        everyone.update(train_part(data.creators))
    models_dir = root / f"unlike-{encoder}"
    train_dir(models_dir, everyone, encoder)
    rows = []
    for data in sets:
        judged = {c: in_order(r) for c, r in data.creators.items() if len(r) >= 50 and c in everyone}
        pooled = predicted(models_dir, {c: split(r)[1] for c, r in judged.items()})
        for creator, ordered in judged.items():
            alone_dir = root / f"unlike-{encoder}-alone" / creator
            train, test = split(ordered)
            train_dir(alone_dir, {creator: train}, encoder)
            alone = predicted(alone_dir, {creator: test})[creator]
            row = {"set": data.name, "creator": creator, "half": half_of(creator), "test_posts": len(test)}
            for protocol, prediction in (("alone", alone), ("pooled", pooled[creator])):
                m = measured(prediction, ordered, len(train))
                row[protocol] = m["spearman"]  # the headline figure, as the test reads it
                row[f"{protocol}_measures"] = m
            rows.append(row)
    return rows


# -- summaries ---------------------------------------------------------------------
def per_creator(rows: Sequence[dict], method: str, measure: str) -> dict[str, float]:
    """Each creator's measure averaged over the origins it was judged at (nan where undefined)."""
    values: dict[str, list[float]] = {}
    for r in rows:
        if method in r:
            values.setdefault(r["creator"], []).append(r[method][measure])
    return {c: float(np.nanmean(v)) if not np.all(np.isnan(v)) else float("nan") for c, v in values.items()}


def summarise(rows: Sequence[dict], methods: Sequence[str]) -> dict:
    """Per method: each measure over creators, the share of creators beating each bar, Spearman per origin."""
    out: dict[str, dict] = {}
    spearmans = {m: per_creator(rows, m, "spearman") for m in methods}
    for method in methods:
        if not spearmans[method]:
            continue
        entry = {measure: describe(list(per_creator(rows, method, measure).values())) for measure in MEASURES}
        if method in PROTOCOLS:
            for bar in (b for b in BARS if spearmans.get(b)):
                mine, theirs = spearmans[method], spearmans[bar]
                entry[f"beats_{bar}"] = round(float(np.mean([mine[c] > theirs[c] for c in mine])), 3)
        origins = sorted({r["origin"] for r in rows if method in r})
        if len(origins) > 1:
            entry["spearman_by_origin"] = {
                f"{o:.0%}": round(float(np.median([r[method]["spearman"] for r in rows if r["origin"] == o])), 3)
                for o in origins
            }
        out[method] = entry
    if spearmans.get("pooled") and spearmans.get("alone"):
        creators = sorted(spearmans["pooled"])
        out["pooled_minus_alone"] = paired_difference(
            [spearmans["pooled"][c] for c in creators], [spearmans["alone"][c] for c in creators]
        )
    return out


def summarise_halves(rows: Sequence[dict], methods: Sequence[str]) -> dict[str, dict]:
    out = {half: summarise([r for r in rows if r["half"] == half], methods) for half in HALVES}
    out["both"] = summarise(rows, methods)
    return {half: s for half, s in out.items() if s}


def _figure(s: dict) -> str:
    if not s.get("creators"):
        return f"{'':>22}"
    lo, hi = s["median_80"]
    return f"{s['median']:+.3f} [{lo:+.3f},{hi:+.3f}]"


def print_summary(title: str, summary: Mapping[str, dict]) -> None:
    print(f"\n{title}")
    for half, methods in summary.items():
        n = max((m["spearman"]["creators"] for k, m in methods.items() if "spearman" in m), default=0)
        print(f"  {half} ({n} creators)   {'spearman':>22} {'pairs <=14 days':>22} {'local':>22}  beats")
        for method, s in methods.items():
            if method == "pooled_minus_alone":
                lo, hi = s["mean_80"]
                print(f"    pooled - alone: mean {s['mean']:+.3f} [{lo:+.3f}, {hi:+.3f}], better for {s['better']:.0%}")
                continue
            beats = ", ".join(f"{k[6:]} {v:.0%}" for k, v in s.items() if k.startswith("beats_"))
            by_origin = " ".join(f"{o} {v:+.2f}" for o, v in s.get("spearman_by_origin", {}).items())
            cells = " ".join(_figure(s[m]) for m in MEASURES)
            print(f"    {method:<13} {cells}  {beats}  {by_origin}")


def print_unlike(rows: Sequence[dict]) -> None:
    print(f"\nunlike creators in one models directory: {len(rows)} judged")
    for r in sorted(rows, key=lambda r: (r["set"], r["creator"])):
        print(f"  {r['set']:<8} {r['creator'][:28]:<28} {r['test_posts']:>4} {r['alone']:+.3f} → {r['pooled']:+.3f}")
    for name in [*sorted({r["set"] for r in rows}), "all"]:
        some = [r for r in rows if name in ("all", r["set"])]
        d = paired_difference([r["pooled"] for r in some], [r["alone"] for r in some])
        lo, hi = d["mean_80"]
        print(f"  {name}: pooled - alone mean {d['mean']:+.3f} [{lo:+.3f}, {hi:+.3f}], better for {d['better']:.0%}")


def warm_embeddings(sets: Sequence[DataSet], encoder: str) -> None:
    started = time.perf_counter()
    known, new = embedding_store.warm((r.caption for d in sets for rs in d.creators.values() for r in rs), encoder)
    print(f"embeddings: {known} from var/bench-cache, {new} encoded ({time.perf_counter() - started:.0f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--real-dir", type=Path, default=Path("../shared/data/real"))
    parser.add_argument("--sets", nargs="*", default=["vn-long", "jp-long"])
    parser.add_argument("--protocols", nargs="+", default=None, choices=PROTOCOLS)
    parser.add_argument("--origins", nargs="+", type=float, default=None)
    parser.add_argument("--halves", nargs="+", default=list(HALVES), choices=HALVES)
    parser.add_argument("--quick", action="store_true", help="one origin (80%%), alone and pooled")
    parser.add_argument("--encoders", nargs="+", default=["e5-small"])
    parser.add_argument("--unlike", action="store_true", help="vn-long, jp-long, the studio export, Danish: one dir")
    parser.add_argument("--out", type=Path, default=Path("bench/results/quality.json"))
    args = parser.parse_args()
    protocols = args.protocols or (["alone", "pooled"] if args.quick else list(PROTOCOLS))
    origins = args.origins or ([0.8] if args.quick else list(ORIGINS))
    warnings.filterwarnings("ignore")
    sets = real_sets(args.real_dir, args.sets) if args.real_dir.is_dir() else []
    if "synthetic" in args.sets:
        sets.append(synthetic_set())
    result: dict = {"date": time.strftime("%Y-%m-%d"), "origins": origins, "protocols": protocols, "sets": {}}
    with tempfile.TemporaryDirectory(prefix="saveworthy-quality-") as tmp:
        for encoder in args.encoders:
            warm_embeddings(sets, encoder)
            for data in sets:
                rows = []
                for origin in origins:
                    rows += run_set(data, encoder, protocols, Path(tmp), origin, args.halves)
                summary = summarise_halves(rows, [*protocols, *BARS])
                result["sets"].setdefault(data.name, {})[encoder] = {"summary": summary, "creators": rows}
                print_summary(f"{data.name} [{encoder}], origins {', '.join(f'{o:.0%}' for o in origins)}", summary)
            if args.unlike:
                unlike_sets = real_sets(args.real_dir, ["vn-long", "jp-long", "danish", "exports"])
                for data in unlike_sets:  # the studio export is the one long creator among the exports
                    if data.name == "exports":
                        data.creators = {c: r for c, r in data.creators.items() if c.startswith("one-creator")}
                warm_embeddings(unlike_sets, encoder)
                rows = run_unlike(unlike_sets, encoder, Path(tmp))
                result.setdefault("unlike", {})[encoder] = {"creators": rows}
                print_unlike(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(msgspec.json.format(msgspec.json.encode(result)).decode() + "\n")


if __name__ == "__main__":
    main()
