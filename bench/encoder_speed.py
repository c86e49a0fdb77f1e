"""The caption encoders alone (no scoring, no HTTP) against bare torch MiniLM, same run.

Each round runs the baseline (``bench.bare_torch serve``: sentence-transformers, nothing of
saveworthy) and then every encoder, each in a fresh process of its own, so no two share
threads or caches; the order of the encoders turns each round. Every process encodes the
same texts as the baseline: single captions one at a time (p50), then 1,000 short captions
in one call. Ratios are per round against that round's baseline; the summary gives the
median of the rounds and their range.

    python -m bench.encoder_speed [--rounds 3] [--requests 50] [--encoders minilm-onnx e5-small ...]
    python -m bench.encoder_speed --one NAME REQUESTS     # one encoder's process (internal)
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

# The captions bench.bare_torch encodes, so both sides do the same work.
SINGLE = "Bare {i}: chickpea wraps for busy weeknights"
BATCH = "Bare batch {i}: lentil soup, three ways"


def measure_one(name: str, requests: int) -> dict:
    from models.text.encoders import get_encoder

    start = time.perf_counter()
    encoder = get_encoder(name)
    encoder.encode(["warm up"])
    load_s = time.perf_counter() - start
    single = []
    for i in range(requests):
        t = time.perf_counter()
        encoder.encode([SINGLE.format(i=i)])
        single.append(time.perf_counter() - t)
    texts = [BATCH.format(i=i) for i in range(1000)]
    t = time.perf_counter()
    encoder.encode(texts)
    return {"load_s": load_s, "single_p50": statistics.median(single), "batch_s": time.perf_counter() - t}


def _spread(values: list[float]) -> list[float]:
    """Median, lowest and highest of the per-round ratios."""
    return [round(statistics.median(values), 3), round(min(values), 3), round(max(values), 3)]


def _run(args: list[str]) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, check=True, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--encoders", nargs="+", default=["minilm-onnx", "minilm-onnx-int8", "e5-small"])
    parser.add_argument("--out", type=Path, default=Path("bench/results/encoder_speed.json"))
    parser.add_argument("--one", nargs=2, metavar=("NAME", "REQUESTS"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one(args.one[0], int(args.one[1]))))
        return

    raw = []
    for r in range(args.rounds):
        shift = r % len(args.encoders)
        order = args.encoders[shift:] + args.encoders[:shift]
        round_ = {"loadavg": Path("/proc/loadavg").read_text().split()[:3]}
        round_["bare_torch"] = _run(["bench.bare_torch", "serve", str(args.requests)])
        for name in order:
            round_[name] = _run(["bench.encoder_speed", "--one", name, str(args.requests)])
        raw.append(round_)
        print(json.dumps(round_), flush=True)

    summary = {}
    for name in args.encoders:
        single = [r[name]["single_p50"] / r["bare_torch"]["single_p50"] for r in raw]
        throughput = [r["bare_torch"]["batch_s"] / r[name]["batch_s"] for r in raw]
        summary[name] = {
            "single_p50_ms": round(1000 * statistics.median(r[name]["single_p50"] for r in raw), 2),
            "batch_1000_s": round(statistics.median(r[name]["batch_s"] for r in raw), 3),
            "single_ratio_vs_torch": _spread(single),  # median, min, max over rounds
            "throughput_ratio_vs_torch": _spread(throughput),
        }
    summary["bare_torch"] = {
        "single_p50_ms": round(1000 * statistics.median(r["bare_torch"]["single_p50"] for r in raw), 2),
        "batch_1000_s": round(statistics.median(r["bare_torch"]["batch_s"] for r in raw), 3),
    }
    print(json.dumps(summary, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "rounds": raw}, indent=2) + "\n")


if __name__ == "__main__":
    main()
