"""Training time and peak memory for 100, 1,000 and 10,000 posts, against the bare encoder.

Each measurement runs in a fresh process (so peak RSS is its own and no cache carries
over): ``encode`` embeds the history's captions with the bare encoder (``--encoder``, default
e5-small; ``--encoders`` for several); ``train`` fits and stores a full creator model (encoding included). Reported:
train/encode time ratio (goal <= 2x) and peak RSS of each. Captions are made unique so
the model's embedding cache cannot skip work the bare encoder does.

    python -m bench.training_speed [--sizes 100 1000 10000] [--repeats 2] [--encoders e5-small minilm-onnx]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _history(n: int):
    import msgspec

    from training.sample_data import generate_history

    posts = generate_history(n, seed=n)
    return [msgspec.structs.replace(p, caption=f"{p.caption} (post {i})") for i, p in enumerate(posts)]


def _child(mode: str, n: int, encoder_name: str) -> dict:
    # Imported before the clock, like the encoder; fitting imports scikit-learn lazily
    # (scoring never does), so its modules are imported here too.
    import models.fit.estimator
    import models.fit.themes  # noqa: F401
    from models.fit.features import meaning_texts, records_to_inputs
    from models.text.encoders import get_encoder
    from training.steps import train_creator

    history = _history(n)
    encoder = get_encoder(encoder_name)
    encoder.encode(["warm up"])
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    if mode == "encode":
        texts = meaning_texts(records_to_inputs(history, 0))
        encoder.encode(texts)
    else:
        with tempfile.TemporaryDirectory() as models_dir:
            train_creator(history, "bench", Path(models_dir), encoder=encoder_name)
    seconds = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "mode": mode,
        "n": n,
        "seconds": seconds,
        "peak_rss_mb": rss / 1024,
        "rss_growth_mb": (rss - rss_before) / 1024,
    }


def _run(mode: str, n: int, encoder: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-m", "bench.training_speed", "--child", mode, str(n), encoder],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--child", nargs=3, metavar=("MODE", "N", "ENCODER"))
    parser.add_argument("--encoders", nargs="+", default=["e5-small"])
    parser.add_argument("--out", type=Path, default=Path("bench/results/training_speed.json"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], int(args.child[1]), args.child[2])))
        return
    rows = []
    for encoder, n in [(e, n) for e in args.encoders for n in args.sizes]:
        best = {}
        for _ in range(args.repeats):  # interleaved, best of N: the machine is shared and noisy
            for mode in ("encode", "train"):
                result = _run(mode, n, encoder)
                if mode not in best or result["seconds"] < best[mode]["seconds"]:
                    best[mode] = result
        row = {
            "encoder": encoder,
            "posts": n,
            "encoder_s": round(best["encode"]["seconds"], 2),
            "train_s": round(best["train"]["seconds"], 2),
            "ratio": round(best["train"]["seconds"] / best["encode"]["seconds"], 2),
            "encoder_peak_rss_mb": round(best["encode"]["peak_rss_mb"]),
            "train_peak_rss_mb": round(best["train"]["peak_rss_mb"]),
        }
        rows.append(row)
        print(json.dumps(row), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
