"""Run every benchmark and the quality evaluation; results land in bench/results/."""

from __future__ import annotations

import subprocess
import sys

BENCHES = ("bench.scoring_speed", "bench.training_speed", "bench.http_speed", "bench.quality")


def main() -> None:
    for module in BENCHES:
        print(f"== {module}", flush=True)
        subprocess.run([sys.executable, "-m", module], check=True)


if __name__ == "__main__":
    main()
