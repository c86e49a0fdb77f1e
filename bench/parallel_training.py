"""Many creators: training with 1 worker, 2 local worker processes and a local Ray runtime.

Every measurement runs in a fresh process, so its memory and caches are its own. Reported, as
ratios in one run (the machine is shared, so absolute seconds drift):

- ``encode``: the bare encoder embedding every caption of the history (loaded first, not
  timed): the reference the training times are divided by;
- ``workers1`` / ``workers2`` / ``ray``: ``train_history`` end to end (``saveworthy train
  --workers 1``, ``--workers 2``, ``--ray`` with 2 CPUs), starting workers and loading the
  encoder in them included; with wall time, speed-up over one worker and peak RSS of each
  worker process;
- scaling: ``--workers 2`` on growing numbers of creators (seconds per creator), and the
  reduce step alone (the population over every creator's statistics, synthetic ones: no
  encoder) up to the largest count, since it is the only step not split across workers.

Captions are made unique, so no embedding cache can skip work the bare encoder does. The
load average is recorded beside every figure.

    python -m bench.parallel_training            # 500 creators x 150 posts; 50 -> 500 -> 5,000 (about an hour)
    python -m bench.parallel_training --quick    # a few minutes

The encoder defaults to ``minilm-onnx-int8``: with e5-small (the product's default) the
500 x 150 comparison alone encodes 75,000 captions three times over, hours on 2 cores; the
parallel machinery is the same for every encoder, and the encode's share of a run is what
changes (reported as the bare encode beside each run).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _history(n_creators: int, n_posts: int):
    import msgspec

    from models.core.records import HistoryRead
    from training.sample_data import generate_history

    records = []
    for c in range(n_creators):
        creator = f"b{c:05d}"
        posts = generate_history(n_posts, seed=c, creator_id=creator)
        records += [msgspec.structs.replace(p, caption=f"{p.caption} ({creator} {i})") for i, p in enumerate(posts)]
    return HistoryRead(records=tuple(records))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child_train(mode: str, n_creators: int, n_posts: int, encoder: str) -> dict:
    from training.train import train_history

    history = _history(n_creators, n_posts)
    options = {"workers1": {"workers": 1}, "workers2": {"workers": 2}, "ray": {"workers": 2, "use_ray": True}}[mode]
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as models_dir:
        start = time.perf_counter()
        summary = train_history(history, Path(models_dir), encoder=encoder, **options)
        seconds = time.perf_counter() - start
    per_worker = summary.worker_peak_rss_mb if mode != "workers1" else [_peak_mb()]
    return {
        "mode": mode,
        "creators": n_creators,
        "posts_per_creator": n_posts,
        "seconds": seconds,
        "trained": len(summary.trained),
        "failed": len(summary.failed),
        "workers": summary.workers,
        "worker_peak_rss_mb": [round(mb) for mb in per_worker],
        "driver_peak_rss_mb": round(_peak_mb()),
        "load_avg_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def _child_encode(n_creators: int, n_posts: int, encoder_name: str) -> dict:
    from models.fit.features import meaning_texts, records_to_inputs
    from models.text.encoders import get_encoder

    texts = meaning_texts(records_to_inputs(_history(n_creators, n_posts).records, 0))
    encoder = get_encoder(encoder_name)
    encoder.encode(["warm up"])
    load = os.getloadavg()[0]
    start = time.perf_counter()
    encoder.encode(texts)
    return {
        "mode": "encode",
        "creators": n_creators,
        "posts_per_creator": n_posts,
        "seconds": time.perf_counter() - start,
        "peak_rss_mb": round(_peak_mb()),
        "load_avg_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def _child_reduce(n_creators: int, n_posts: int) -> dict:
    """The reduce step as ``train_history`` runs it: each creator's statistics on disk (written
    first, not timed), summed in one pass reading one creator at a time, then every creator's
    population of the others (which the fit steps compute, one solve each)."""
    import numpy as np
    from threadpoolctl import threadpool_limits

    from models.fit.creator_model import SHARED_NAMES
    from models.fit.population import PopulationFitter
    from models.fit.population_stats import CreatorStats, LazyStats
    from models.fit.store import read_creator_stats, save_creator_stats, stored_stats_files

    rng = np.random.default_rng(0)
    truth = rng.normal(0, 0.05, len(SHARED_NAMES))
    with tempfile.TemporaryDirectory() as models_dir:
        for c in range(n_creators):
            X = rng.normal(size=(n_posts, len(SHARED_NAMES)))
            y = X @ truth + rng.normal(0, 0.5, n_posts)
            save_creator_stats(CreatorStats.from_rows(f"b{c:05d}", "e5-small", SHARED_NAMES, X, y), Path(models_dir))
        before_mb = _peak_mb()
        load = os.getloadavg()[0]
        start = time.perf_counter()
        with threadpool_limits(1, user_api="blas"):  # as train_history runs it
            files = stored_stats_files(Path(models_dir), "e5-small")
            stats = LazyStats(list(files), lambda cid: read_creator_stats(files[cid]))
            population = PopulationFitter().fit(stats).population_
            summed = time.perf_counter() - start
            # Each fit step computes its own and drops it; keeping 5,000 here would measure the bench.
            made = sum(population.without(read_creator_stats(files[cid])) is not None for cid in files)
        seconds = time.perf_counter() - start
    assert made == n_creators
    return {
        "mode": "reduce",
        "creators": n_creators,
        "seconds": seconds,
        "sum_and_fit_seconds": summed,
        "peak_rss_mb_before": round(before_mb),
        "peak_rss_mb": round(_peak_mb()),
        "load_avg_1m": [round(load, 2), round(os.getloadavg()[0], 2)],
    }


def _run(*child: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.parallel_training", "--child", *child],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise SystemExit(f"bench child {child} failed:\n{proc.stderr[-3000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(json.dumps(result), flush=True)
    return result


def _ray_available() -> bool:
    try:
        import ray  # noqa: F401
    except ImportError:
        return False
    return True


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--creators", type=int, default=500)
    parser.add_argument("--posts", type=int, default=150, help="Posts per creator.")
    parser.add_argument("--scaling", type=int, nargs="*", default=[50, 500, 5000], help="Creator counts.")
    parser.add_argument("--scaling-posts", type=int, default=20, help="Posts per creator in the scaling runs.")
    parser.add_argument("--reduce", type=int, nargs="*", default=None, help="Creator counts for the reduce step.")
    parser.add_argument(
        "--quick", action="store_true", help="12 creators x 40 posts; scaling 10, 20, 40; reduce 50, 500, 2,000."
    )
    parser.add_argument("--encoder", default="minilm-onnx-int8")
    parser.add_argument(
        "--parts", nargs="+", choices=("comparison", "scaling", "reduce"), default=["comparison", "scaling", "reduce"]
    )
    parser.add_argument("--child", nargs="+")
    parser.add_argument("--out", type=Path, default=Path("bench/results/parallel_training.json"))
    args = parser.parse_args()
    if args.child:
        mode, *sizes = args.child
        if mode == "encode":
            result = _child_encode(int(sizes[0]), int(sizes[1]), sizes[2])
        elif mode == "reduce":
            result = _child_reduce(int(sizes[0]), int(sizes[1]))
        else:
            result = _child_train(mode, int(sizes[0]), int(sizes[1]), sizes[2])
        print(json.dumps(result))
        return
    if args.quick:
        args.creators, args.posts, args.scaling, args.scaling_posts = 12, 40, [10, 20, 40], 20
        args.reduce = args.reduce if args.reduce is not None else [50, 500, 2000]
    reduce_sizes = args.reduce if args.reduce is not None else args.scaling
    size = (str(args.creators), str(args.posts), args.encoder)

    comparison = _comparison(args, size) if "comparison" in args.parts else None
    scaling = []
    for n in args.scaling if "scaling" in args.parts else []:
        r = _run("workers2", str(n), str(args.scaling_posts), args.encoder)
        scaling.append(
            {
                "creators": n,
                "posts_per_creator": args.scaling_posts,
                "seconds": round(r["seconds"], 2),
                "seconds_per_creator": round(r["seconds"] / n, 3),
                "worker_peak_rss_mb": r["worker_peak_rss_mb"],
                "driver_peak_rss_mb": r["driver_peak_rss_mb"],
                "load_avg_1m": r["load_avg_1m"],
            }
        )
    reduce = []
    for n in reduce_sizes if "reduce" in args.parts else []:
        r = _run("reduce", str(n), "150")
        reduce.append({k: (round(v, 2) if isinstance(v, float) else v) for k, v in r.items() if k != "mode"})
    report = {
        "command": "python -m bench.parallel_training " + " ".join(sys.argv[1:]),
        "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "comparison": comparison,
        "scaling_workers2": scaling,
        "reduce_step": reduce,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.out}")


def _comparison(args, size) -> dict:
    """The bare encode, then --workers 1, --workers 2 and --ray on the same history."""
    encode = _run("encode", *size)
    modes = ["workers1", "workers2"] + (["ray"] if _ray_available() else [])
    runs = {mode: _run(mode, *size) for mode in modes}
    one = runs["workers1"]["seconds"]
    return {
        "creators": args.creators,
        "posts_per_creator": args.posts,
        "encoder": args.encoder,
        "cores": os.cpu_count(),
        "encode_s": round(encode["seconds"], 2),
        "modes": {
            mode: {
                "seconds": round(r["seconds"], 2),
                "vs_bare_encoder": round(r["seconds"] / encode["seconds"], 2),
                "speedup_vs_1_worker": round(one / r["seconds"], 2),
                "workers": r["workers"],
                "worker_peak_rss_mb": r["worker_peak_rss_mb"],
                "driver_peak_rss_mb": r["driver_peak_rss_mb"],
                "trained": r["trained"],
                "failed": r["failed"],
                "load_avg_1m": r["load_avg_1m"],
            }
            for mode, r in runs.items()
        },
        "ray": "measured" if "ray" in runs else "not installed: pip install '.[ray]'",
    }


if __name__ == "__main__":
    main()
