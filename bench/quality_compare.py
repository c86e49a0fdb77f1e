"""Two bench.quality runs compared creator by creator: is a modelling choice kept?

A choice is made on the ``tune`` half and kept only where the ``confirm`` half agrees. For each
set, half, method and measure: the paired difference (after minus before) of each creator's
figure averaged over the origins both runs judged, its mean and median with 80% bootstrap
ranges, and the share of creators that improved.

    python -m bench.quality_compare before.json after.json [--encoder e5-small]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from bench.quality import BARS, MEASURES, PROTOCOLS
from bench.quality_measures import HALVES, paired_difference


def _figures(rows: list[dict], method: str, measure: str, origins: set[float]) -> dict[str, float]:
    values: dict[str, list[float]] = {}
    for r in rows:
        if method in r and r["origin"] in origins:
            values.setdefault(r["creator"], []).append(r[method][measure])
    return {c: float(np.nanmean(v)) for c, v in values.items() if not np.all(np.isnan(v))}


def compare(before: dict, after: dict, encoder: str) -> dict:
    out: dict = {}
    for name, by_encoder in after["sets"].items():
        if name not in before["sets"] or encoder not in by_encoder:
            continue
        rows_a, rows_b = by_encoder[encoder]["creators"], before["sets"][name][encoder]["creators"]
        origins = {r["origin"] for r in rows_a} & {r["origin"] for r in rows_b}
        for half in HALVES:
            halves_a = [r for r in rows_a if r["half"] == half]
            halves_b = [r for r in rows_b if r["half"] == half]
            for method in (*PROTOCOLS, *BARS):
                for measure in MEASURES:
                    a = _figures(halves_a, method, measure, origins)
                    b = _figures(halves_b, method, measure, origins)
                    common = sorted(set(a) & set(b))
                    if common:
                        d = paired_difference([a[c] for c in common], [b[c] for c in common])
                        out.setdefault(name, {}).setdefault(half, {}).setdefault(method, {})[measure] = d
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--encoder", default="e5-small")
    args = parser.parse_args()
    result = compare(json.loads(args.before.read_text()), json.loads(args.after.read_text()), args.encoder)
    for name, halves in result.items():
        print(f"\n{name}: after - before, mean [80% range], share of creators better")
        for half, methods in halves.items():
            for method, measures in methods.items():
                if method in BARS:
                    continue
                cells = []
                for measure, d in measures.items():
                    lo, hi = d["mean_80"]
                    cells.append(f"{measure} {d['mean']:+.3f} [{lo:+.3f},{hi:+.3f}] {d['better']:.0%}")
                print(f"  {half:<8} {method:<10} " + "   ".join(cells))


if __name__ == "__main__":
    main()
