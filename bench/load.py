"""A bounded load test on loopback: 50 concurrent clients, 60 s, mixed single and batch scoring,
with a training job running at the start. Records errors and p50/p99 per kind.

Traffic goes only to 127.0.0.1, to a server this script starts and stops.

    python -m bench.load [--clients 50] [--seconds 60]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.local_server import running_server

KEY = "load-key"


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


async def _client(base: str, stop_at: float, rng: random.Random, results: dict) -> None:
    async with httpx.AsyncClient(base_url=base, headers={"X-API-Key": KEY}, timeout=60) as client:
        i = 0
        while time.monotonic() < stop_at:
            i += 1
            batch = rng.random() < 0.1
            if batch:
                drafts = [{"caption": f"load {rng.random():.6f} draft {j}: lentil soup"} for j in range(20)]
                request = client.post("/v1/creators/load/score/batch", json={"drafts": drafts})
            else:
                caption = rng.choice(["Sunday meal prep, five lunches", f"new idea {rng.random():.6f} for rice"])
                request = client.post("/v1/creators/load/score", json={"caption": caption})
            start = time.perf_counter()
            try:
                response = await request
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            kind = "batch20" if batch else "single"
            results[kind].append(time.perf_counter() - start)
            results["timeline"].append((start, time.perf_counter() - start))
            if not ok:
                results["errors"] += 1


async def _run(base: str, clients: int, seconds: float) -> dict:
    results: dict = {"single": [], "batch20": [], "errors": 0, "timeline": []}
    stop_at = time.monotonic() + seconds
    await asyncio.gather(*(_client(base, stop_at, random.Random(i), results) for i in range(clients)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--out", type=Path, default=Path("bench/results/load.json"))
    args = parser.parse_args()

    from training.importers import write_canonical_csv
    from training.sample_data import generate_history
    from training.steps import train_creator

    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        train_creator(generate_history(300, seed=3, creator_id="load"), "load", models)
        history = Path(tmp) / "history.csv"
        write_canonical_csv(generate_history(3000, seed=4, creator_id="load"), history)
        with running_server(models, keys=f"{KEY}:*", env={"SAVEWORTHY_RATE_LIMIT": "0"}) as (base, _):
            job = httpx.post(
                f"{base}/v1/creators/load/history",
                content=history.read_bytes(),
                headers={"X-API-Key": KEY},
                timeout=30,
            ).json()
            results = asyncio.run(_run(base, args.clients, args.seconds))
            job_state = httpx.get(f"{base}/v1/jobs/{job['job_id']}", headers={"X-API-Key": KEY}).json()["state"]

    summary = {
        "clients": args.clients,
        "seconds": args.seconds,
        "errors": results["errors"],
        "training_job_during_load": job_state,
    }
    for kind in ("single", "batch20"):
        values = results[kind]
        summary[kind] = {
            "requests": len(values),
            "p50_ms": round(1000 * statistics.median(values), 1) if values else None,
            "p99_ms": round(1000 * _pct(values, 0.99), 1) if values else None,
        }
    t0 = min(t for t, _ in results["timeline"])
    slow = sorted(results["timeline"], key=lambda x: -x[1])[:8]
    print("slowest (start offset s, latency s):", [(round(t - t0, 1), round(d, 1)) for t, d in slow], file=sys.stderr)
    print(json.dumps(summary, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
