"""Scoring one draft with all its tips, against one bare single-caption encode (goal <= 1.3x).

Both sides see captions the encoder has never seen (no cache hits), interleaved in the
same process, many times; medians are compared. Also reports a 1,000-draft batch against
the bare encoder's batched throughput.

    python -m bench.scoring_speed [--rounds 200]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from models.creator_model import CreatorModel
from models.embeddings import get_encoder
from models.records import Draft
from models.scoring import score_drafts
from training.sample_data import generate_history


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--out", type=Path, default=Path("bench/results/scoring_speed.json"))
    args = parser.parse_args()
    model = CreatorModel("bench").fit(generate_history(400, seed=3, creator_id="bench"))
    encoder = get_encoder()
    encoder.encode(["warm up"], normalize_embeddings=True)
    score_drafts(model, "v", [Draft(caption="warm up the scorer")])

    bare, scored = [], []
    for i in range(args.rounds):
        text = f"Round {i}: crispy chickpea wraps for busy weeknights"
        start = time.perf_counter()
        encoder.encode([text + " (bare)"], normalize_embeddings=True, convert_to_numpy=True)
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        result = score_drafts(model, "v", [Draft(caption=text + " (scored)")])
        scored.append(time.perf_counter() - start)
    n_tips = len(result[0].tips)

    batch_texts = [f"Batch draft {i}: lentil soup, three ways" for i in range(1000)]
    start = time.perf_counter()
    encoder.encode([t + " bare" for t in batch_texts], batch_size=64, normalize_embeddings=True)
    bare_batch = time.perf_counter() - start
    start = time.perf_counter()
    score_drafts(model, "v", [Draft(caption=t + " scored") for t in batch_texts])
    scored_batch = time.perf_counter() - start

    row = {
        "single_bare_encode_ms_p50": round(1000 * statistics.median(bare), 2),
        "single_score_with_tips_ms_p50": round(1000 * statistics.median(scored), 2),
        "single_ratio": round(statistics.median(scored) / statistics.median(bare), 2),
        "tips_per_draft": n_tips,
        "batch_1000_bare_encode_s": round(bare_batch, 2),
        "batch_1000_score_with_tips_s": round(scored_batch, 2),
        "batch_throughput_ratio": round(bare_batch / scored_batch, 2),
    }
    print(json.dumps(row, indent=2))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(row, indent=2) + "\n")


if __name__ == "__main__":
    main()
