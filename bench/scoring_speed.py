"""Scoring in process, per encoder: one draft with all its tips against one bare encode by
the same encoder (the fixed cost of scoring), and against bare torch MiniLM.

Both sides see captions the encoder has never seen (no cache hits), interleaved in the
same process, many times; medians are compared. Also a 1,000-draft batch against the same
encoder's batched throughput. Bare torch runs in the same process here (it is only the
yardstick; `bench.http_speed` keeps the server torch-free).

    python -m bench.scoring_speed [--rounds 100] [--encoders e5-small minilm-onnx ...]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path


def main() -> None:
    from bench.bare_torch import load
    from models.core.records import Draft
    from models.fit.creator_model import CreatorModel
    from models.read.scoring import score_drafts
    from models.text.encoders import encoder_names, get_encoder
    from training.sample_data import generate_history

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=100)
    parser.add_argument("--encoders", nargs="+", default=[n for n in encoder_names() if n != "minilm"])
    parser.add_argument("--out", type=Path, default=Path("bench/results/scoring_speed.json"))
    args = parser.parse_args()
    torch_model = load()
    rows = {}
    for name in args.encoders:
        model = CreatorModel("bench", encoder=name).fit(generate_history(200, seed=3, creator_id="bench"))
        encoder = get_encoder(name)
        encoder.encode(["warm up"])
        score_drafts(model, "v", [Draft(caption="warm up the scorer")])
        bare, torch_bare, scored = [], [], []
        for i in range(args.rounds):
            text = f"Round {i} {name}: crispy chickpea wraps for busy weeknights"
            start = time.perf_counter()
            encoder.encode([text + " (bare)"])
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            torch_model.encode([text + " (torch)"], normalize_embeddings=True)
            torch_bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            result = score_drafts(model, "v", [Draft(caption=text + " (scored)")])
            scored.append(time.perf_counter() - start)
        texts = [f"Batch draft {i} {name}: lentil soup, three ways" for i in range(1000)]
        start = time.perf_counter()
        encoder.encode([t + " bare" for t in texts])
        bare_batch = time.perf_counter() - start
        start = time.perf_counter()
        score_drafts(model, "v", [Draft(caption=t + " scored") for t in texts])
        scored_batch = time.perf_counter() - start
        p50 = statistics.median
        rows[name] = {
            "single_bare_encode_ms_p50": round(1000 * p50(bare), 2),
            "single_bare_torch_ms_p50": round(1000 * p50(torch_bare), 2),
            "single_score_with_tips_ms_p50": round(1000 * p50(scored), 2),
            "single_ratio_vs_own_encoder": round(p50(scored) / p50(bare), 2),
            "single_ratio_vs_bare_torch": round(p50(scored) / p50(torch_bare), 2),
            "tips_per_draft": len(result[0].tips),
            "batch_1000_bare_encode_s": round(bare_batch, 2),
            "batch_1000_score_with_tips_s": round(scored_batch, 2),
            "batch_throughput_ratio_vs_own_encoder": round(bare_batch / scored_batch, 2),
        }
        print(json.dumps({name: rows[name]}), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
