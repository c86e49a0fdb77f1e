"""Single-score latency while one key's batch of long captions runs (issue 31, "Fair under load").

One client (its own key) posts a batch of ``--drafts`` drafts of 3,900-character captions,
each unique (nothing cached); meanwhile another client (another key) sends a one-line
``/score`` every ``--every`` seconds until the batch answers. Records every single score's
latency and status, and the batch's. Goal: every single score within 3 s on this machine.

Traffic goes only to 127.0.0.1, to a server this script starts and stops.

    python -m bench.fair_load [--drafts 100] [--every 0.5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx

from bench.local_server import running_server

GOAL_S = 3.0
WORDS = [
    "meal",
    "prep",
    "lunch",
    "soup",
    "quick",
    "easy",
    "healthy",
    "budget",
    "family",
    "dinner",
    "recipe",
    "protein",
    "salad",
    "chicken",
    "rice",
    "beans",
    "pasta",
    "oven",
    "tray",
    "bake",
    "spicy",
    "garlic",
    "lemon",
    "herbs",
    "weekly",
    "plan",
    "freezer",
    "friendly",
    "kids",
    "school",
]


def long_caption(rng: random.Random, chars: int = 3_900) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < chars:
        words.append(rng.choice(WORDS))
    return " ".join(words)[:chars]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--drafts", type=int, default=100)
    parser.add_argument("--every", type=float, default=0.5)
    parser.add_argument("--out", type=Path, default=Path("bench/results/fair_load.json"))
    args = parser.parse_args()

    from training.sample_data import generate_history
    from training.steps import train_creator

    rng = random.Random(31)
    drafts = [{"caption": long_caption(rng), "id": f"long{i}"} for i in range(args.drafts)]
    singles: list[dict] = []
    batch: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        train_creator(generate_history(200, seed=31, creator_id="fair"), "fair", models)
        keys = "batch-key:fair;single-key:fair"
        with running_server(models, keys=keys, env={"SAVEWORTHY_RATE_LIMIT": "0"}) as (base, _):

            def send_batch() -> None:
                start = time.perf_counter()
                response = httpx.post(
                    f"{base}/v1/creators/fair/score/batch",
                    json={"drafts": drafts},
                    headers={"X-API-Key": "batch-key"},
                    timeout=900,
                )
                batch.update(
                    status=response.status_code,
                    seconds=round(time.perf_counter() - start, 2),
                    retry_after=response.headers.get("retry-after"),
                    scored=len(response.json().get("results", [])) if response.status_code == 200 else 0,
                )

            worker = threading.Thread(target=send_batch)
            t0 = time.perf_counter()
            worker.start()
            time.sleep(0.5)  # the batch is under way
            with httpx.Client(base_url=base, headers={"X-API-Key": "single-key"}, timeout=60) as client:
                i = 0
                while worker.is_alive():
                    i += 1
                    start = time.perf_counter()
                    response = client.post("/v1/creators/fair/score", json={"caption": f"quick soup idea {i}"})
                    singles.append(
                        {
                            "at_s": round(start - t0, 2),
                            "latency_s": round(time.perf_counter() - start, 3),
                            "status": response.status_code,
                        }
                    )
                    time.sleep(args.every)
            worker.join()

    latencies = [s["latency_s"] for s in singles]
    summary = {
        "batch_drafts": args.drafts,
        "caption_chars": 3_900,
        "batch": batch,
        "singles": len(singles),
        "single_status": sorted({s["status"] for s in singles}),
        "single_p50_s": round(statistics.median(latencies), 3) if latencies else None,
        "single_max_s": max(latencies) if latencies else None,
        "goal_s": GOAL_S,
        "all_within_goal": bool(latencies) and max(latencies) <= GOAL_S,
        "load_average_after": [round(x, 1) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "timeline": singles,
    }
    print(json.dumps({k: v for k, v in summary.items() if k != "timeline"}, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(summary, indent=2) + "\n")


if __name__ == "__main__":
    main()
