"""The API over real HTTP on loopback, against the bare encoder on the same machine, same run.

Reports (goals from the API issue):
- one uncached draft with all tips, HTTP p50 / bare single-caption encode p50 (<= 1.3x);
- a 1,000-draft batch: server throughput / bare batched encode throughput (>= 0.85x);
- server peak RSS / a bare encoder process's peak RSS after the same encoding (<= 1.25x);
- time to /ready / time for a bare process to load the encoder and the models (<= 1.5x).

    python -m bench.http_speed [--rounds 100]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from api.local_server import running_server

BARE = r"""
import json, resource, statistics, sys, time
t0 = time.perf_counter()
from models.embeddings import get_encoder
from models.store import load_model
enc = get_encoder(); enc.encode(["warm"], normalize_embeddings=True)
load_model(sys.argv[1], "bench")
load_s = time.perf_counter() - t0
single = []
for i in range(int(sys.argv[2])):
    t = time.perf_counter(); enc.encode([f"Bare {i}: chickpea wraps for busy weeknights"], normalize_embeddings=True)
    single.append(time.perf_counter() - t)
texts = [f"Bare batch {i}: lentil soup, three ways" for i in range(1000)]
t = time.perf_counter(); enc.encode(texts, batch_size=64, normalize_embeddings=True); batch = time.perf_counter() - t
print(json.dumps({"load_s": load_s, "single_p50": statistics.median(single), "batch_s": batch,
                  "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("bench/results/http_speed.json"))
    args = parser.parse_args()

    from training.sample_data import generate_history
    from training.train import train_creator

    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        train_creator(generate_history(400, seed=3, creator_id="bench"), "bench", models)

        bare = json.loads(
            subprocess.run(
                [sys.executable, "-c", BARE, str(models), str(args.rounds)], capture_output=True, text=True, check=True
            ).stdout.splitlines()[-1]
        )

        start = time.perf_counter()
        with running_server(models) as (base, server), httpx.Client(base_url=base, timeout=120) as client:
            ready_s = time.perf_counter() - start
            client.post("/v1/creators/bench/score", json={"caption": "warm up"})
            latencies = []
            for i in range(args.rounds):
                t = time.perf_counter()
                response = client.post(
                    "/v1/creators/bench/score", json={"caption": f"Served {i}: chickpea wraps for busy weeknights"}
                )
                latencies.append(time.perf_counter() - t)
                response.raise_for_status()
            drafts = [{"caption": f"Served batch {i}: lentil soup, three ways", "id": str(i)} for i in range(1000)]
            t = time.perf_counter()
            client.post("/v1/creators/bench/score/batch", json={"drafts": drafts}).raise_for_status()
            batch_s = time.perf_counter() - t
            server_rss = _peak_rss_mb(server.pid)

    row = {
        "single_http_p50_ms": round(1000 * statistics.median(latencies), 2),
        "single_bare_encode_p50_ms": round(1000 * bare["single_p50"], 2),
        "single_ratio": round(statistics.median(latencies) / bare["single_p50"], 2),
        "batch_1000_http_s": round(batch_s, 2),
        "batch_1000_bare_s": round(bare["batch_s"], 2),
        "batch_throughput_ratio": round(bare["batch_s"] / batch_s, 2),
        "server_peak_rss_mb": round(server_rss),
        "bare_peak_rss_mb": round(bare["peak_rss_mb"]),
        "memory_ratio": round(server_rss / bare["peak_rss_mb"], 2),
        "ready_s": round(ready_s, 2),
        "bare_load_s": round(bare["load_s"], 2),
        "ready_ratio": round(ready_s / bare["load_s"], 2),
    }
    print(json.dumps(row, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(row, indent=2) + "\n")


if __name__ == "__main__":
    main()
