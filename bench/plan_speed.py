"""Planning in process: a 50-draft plan against scoring the same 50 drafts (with all their tips).

Both sides embed captions the encoder has never seen (each round has its own), on the same
model, interleaved, several rounds; medians and the ratio of medians are reported, with each
round's ratio. Goal (issue 24): a plan costs at most 1.5x scoring its drafts. The plan spreads
50 drafts over 14 days, at most 5 a day, in the creator's windows; its search prices the drafts
in every window at once, so what it adds to the encoder pass is small.

    python -m bench.plan_speed [--rounds 5] [--drafts 50] [--encoder e5-small]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import date
from pathlib import Path

GOAL = 1.5


def main() -> None:
    from models.core.records import Draft
    from models.fit.creator_model import CreatorModel
    from models.read.plan import PlanConstraints, plan_week
    from models.read.scoring import score_drafts
    from models.text.encoders import default_encoder_name
    from training.sample_data import generate_history

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--drafts", type=int, default=50)
    parser.add_argument("--days", type=int, default=14)
    parser.add_argument("--per-day", type=int, default=5)
    parser.add_argument("--encoder", default=default_encoder_name())
    parser.add_argument("--out", type=Path, default=Path("bench/results/plan_speed.json"))
    args = parser.parse_args()

    model = CreatorModel("bench", encoder=args.encoder).fit(generate_history(400, seed=7, creator_id="bench"))
    constraints = PlanConstraints(start=date(2026, 11, 9), days=args.days, per_day=args.per_day)
    score_drafts(model, "v", [Draft(caption="warm up the scorer")])
    plan_week(model, "v", [Draft(caption="warm up the planner")], constraints)

    def drafts(tag: str) -> list[Draft]:
        return [Draft(caption=f"Draft {i} {tag}: chickpea wraps, three ways #mealprep") for i in range(args.drafts)]

    scored, planned = [], []
    for r in range(args.rounds):
        batch = drafts(f"score {r}")
        start = time.perf_counter()
        score_drafts(model, "v", batch)
        scored.append(time.perf_counter() - start)
        batch = drafts(f"plan {r}")
        start = time.perf_counter()
        plan = plan_week(model, "v", batch, constraints)
        planned.append(time.perf_counter() - start)
        print(f"round {r}: score {scored[-1]:.3f} s, plan {planned[-1]:.3f} s", flush=True)
    p50 = statistics.median
    result = {
        "encoder": args.encoder,
        "drafts": args.drafts,
        "days": args.days,
        "per_day": args.per_day,
        "slots_used": len(plan.placements),
        "windows": len(plan.windows),
        "rounds": args.rounds,
        "score_s_p50": round(p50(scored), 3),
        "plan_s_p50": round(p50(planned), 3),
        "ratio_plan_vs_score": round(p50(planned) / p50(scored), 2),
        "ratio_per_round": [round(p / s, 2) for p, s in zip(planned, scored, strict=True)],
        "goal": GOAL,
        "meets_goal": p50(planned) / p50(scored) <= GOAL,
    }
    print(json.dumps(result), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
