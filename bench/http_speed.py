"""The API over real HTTP on loopback, per caption encoder, against bare torch MiniLM, same run.

The baseline is ``bench.bare_torch serve``: sentence-transformers and all-MiniLM-L6-v2 in a
bare process (nothing of saveworthy). Each round measures it once, then a server per
encoder (a model trained with that encoder); ratios are per round against that round's
baseline, and the median of the rounds is reported with its range. Goals (issue 16):

- one uncached draft with all tips, HTTP p50 / bare single-caption encode p50: <= 1.0x
- a 1,000-draft batch: server throughput / bare batched throughput: >= 1.2x
- start to ``/ready`` / bare import + model load: <= 1.0x
- server peak RSS / bare encoder process peak RSS: <= 0.8x

    python -m bench.http_speed [--rounds 3] [--requests 100] [--encoders e5-small minilm ...]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.local_server import running_server

GOALS = {
    "single_ratio": "<= 1.0",
    "batch_throughput_ratio": ">= 1.2",
    "ready_ratio": "<= 1.0",
    "memory_ratio": "<= 0.8",
}


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bare(requests: int) -> dict:
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.run(
        [sys.executable, "-m", "bench.bare_torch", "serve", str(requests)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def served(models: Path, creator: str, requests: int, tag: str) -> dict:
    start = time.perf_counter()
    with running_server(models) as (base, server), httpx.Client(base_url=base, timeout=300) as client:
        ready_s = time.perf_counter() - start
        client.post(f"/v1/creators/{creator}/score", json={"caption": "warm up"}).raise_for_status()
        latencies = []
        for i in range(requests):
            t = time.perf_counter()
            response = client.post(
                f"/v1/creators/{creator}/score",
                json={"caption": f"Served {tag} {i}: chickpea wraps for busy weeknights"},
            )
            latencies.append(time.perf_counter() - t)
            response.raise_for_status()
        drafts = [{"caption": f"Served {tag} batch {i}: lentil soup, three ways", "id": str(i)} for i in range(1000)]
        t = time.perf_counter()
        client.post(f"/v1/creators/{creator}/score/batch", json={"drafts": drafts}).raise_for_status()
        batch_s = time.perf_counter() - t
        rss = _peak_rss_mb(server.pid)
    return {"ready_s": ready_s, "single_p50": statistics.median(latencies), "batch_s": batch_s, "peak_rss_mb": rss}


def ratios(s: dict, b: dict) -> dict:
    return {
        "single_ratio": s["single_p50"] / b["single_p50"],
        "batch_throughput_ratio": b["batch_s"] / s["batch_s"],
        "ready_ratio": s["ready_s"] / b["load_s"],
        "memory_ratio": s["peak_rss_mb"] / b["peak_rss_mb"],
    }


def main() -> None:
    from bench.check_speed import train_models
    from models.text.encoders import encoder_names

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--encoders", nargs="+", default=list(encoder_names()))
    parser.add_argument("--out", type=Path, default=Path("bench/results/http_speed.json"))
    args = parser.parse_args()
    os.environ.pop("SAVEWORTHY_ENCODER", None)

    raw: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        # One models directory per encoder: a server warms the encoders its models use, so a
        # shared directory would have every server hold every encoder (torch included).
        dirs = {name: Path(tmp) / name / "models" for name in args.encoders}
        creators = {name: train_models(dirs[name], [name])[name] for name in args.encoders}
        for r in range(args.rounds):
            round_ = {"bare_torch": bare(args.requests)}
            for name, creator in creators.items():
                round_[name] = served(dirs[name], creator, args.requests, f"r{r}")
            raw.append(round_)
            print(json.dumps({k: {m: round(v, 4) for m, v in d.items()} for k, d in round_.items()}), flush=True)

    summary = {}
    for name in creators:
        per_round = [ratios(r[name], r["bare_torch"]) for r in raw]
        row = {}
        for key, goal in GOALS.items():
            values = [p[key] for p in per_round]
            row[key] = {
                "median": round(statistics.median(values), 2),
                "range": [round(min(values), 2), round(max(values), 2)],
                "goal": goal,
            }
        row["raw_median"] = {
            "single_http_p50_ms": round(1000 * statistics.median(r[name]["single_p50"] for r in raw), 2),
            "bare_single_p50_ms": round(1000 * statistics.median(r["bare_torch"]["single_p50"] for r in raw), 2),
            "batch_1000_http_s": round(statistics.median(r[name]["batch_s"] for r in raw), 2),
            "bare_batch_1000_s": round(statistics.median(r["bare_torch"]["batch_s"] for r in raw), 2),
            "ready_s": round(statistics.median(r[name]["ready_s"] for r in raw), 2),
            "bare_load_s": round(statistics.median(r["bare_torch"]["load_s"] for r in raw), 2),
            "server_peak_rss_mb": round(statistics.median(r[name]["peak_rss_mb"] for r in raw)),
            "bare_peak_rss_mb": round(statistics.median(r["bare_torch"]["peak_rss_mb"] for r in raw)),
        }
        summary[name] = row
    print(json.dumps(summary, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"summary": summary, "rounds": raw}, indent=2) + "\n")


if __name__ == "__main__":
    main()
