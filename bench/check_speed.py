"""`saveworthy check` wall time against a bare torch process (goal <= 0.25x).

The bare process imports sentence-transformers, loads all-MiniLM-L6-v2 and encodes one
caption (``bench.bare_torch one``): what `check` cost while it paid for torch. Each round
runs the bare process and then `check` with a model trained on each encoder, as fresh
processes, interleaved; ratios are per round, against that round's bare process. Last,
`check --server URL` against a running server (the e5-small model), timed the same way.

    python -m bench.check_speed [--rounds 3] [--encoders e5-small minilm ...]
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

CAPTION = "How to prep five lunches for the week. Save this for later!"


def wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{command} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return seconds


def train_models(models: Path, encoders: list[str]) -> dict[str, str]:
    """One creator per encoder, trained on the same synthetic history; creator id per encoder."""
    from training.sample_data import generate_history
    from training.steps import train_creator

    creators = {}
    for name in encoders:
        creator = f"bench-{name}"
        train_creator(generate_history(200, seed=3, creator_id=creator), creator, models, encoder=name)
        creators[name] = creator
    return creators


def main() -> None:
    from models.text.encoders import encoder_names

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--encoders", nargs="+", default=list(encoder_names()))
    parser.add_argument("--out", type=Path, default=Path("bench/results/check_speed.json"))
    args = parser.parse_args()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    env.pop("SAVEWORTHY_ENCODER", None)

    with tempfile.TemporaryDirectory() as tmp:
        models = Path(tmp) / "models"
        creators = train_models(models, args.encoders)
        rounds = []
        for _ in range(args.rounds):
            row = {"bare_torch_s": wall([sys.executable, "-m", "bench.bare_torch", "one", CAPTION], env)}
            for name, creator in creators.items():
                command = [sys.executable, "-m", "api.cli", "check", "--creator", creator, CAPTION]
                row[f"check_{name}_s"] = wall([*command, "--models-dir", str(models)], env)
            rounds.append(row)
            print(json.dumps({k: round(v, 2) for k, v in row.items()}), flush=True)
        from bench.local_server import running_server

        first = next(iter(creators.values()))
        with running_server(models) as (base, _):
            command = [sys.executable, "-m", "api.cli", "check", "--creator", first, CAPTION, "--server", base]
            wall(command, env)  # the server's first draft warms its caches
            for row in rounds:
                row["check_server_s"] = wall(command, env)

    result = {"rounds": [{k: round(v, 2) for k, v in r.items()} for r in rounds], "encoders": {}}
    for name in [*creators, "server"]:
        ratios = [r[f"check_{name}_s"] / r["bare_torch_s"] for r in rounds]
        result["encoders"][name] = {
            "check_s_median": round(statistics.median(r[f"check_{name}_s"] for r in rounds), 2),
            "bare_torch_s_median": round(statistics.median(r["bare_torch_s"] for r in rounds), 2),
            "ratio_median": round(statistics.median(ratios), 3),
            "ratio_range": [round(min(ratios), 3), round(max(ratios), 3)],
            "goal": "<= 0.25",
        }
    print(json.dumps(result["encoders"], indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
