"""Run every benchmark and the quality evaluation; results land in bench/results/."""

from __future__ import annotations

import subprocess
import sys

BENCHES = (
    "bench.encoder_speed",
    "bench.check_speed",
    "bench.http_speed",
    "bench.scoring_speed",
    "bench.plan_speed",
    "bench.training_speed",
    "bench.parallel_training",
    "bench.quality",
)


def main() -> None:
    # Set-up, not measured: export all-MiniLM-L6-v2 to ONNX once (uses torch; scoring does not).
    subprocess.run([sys.executable, "-m", "models.text.encoders.minilm_onnx"], check=True)
    for module in BENCHES:
        print(f"== {module}", flush=True)
        subprocess.run([sys.executable, "-m", module], check=True)


if __name__ == "__main__":
    main()
