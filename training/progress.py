"""Progress of a long training as plain lines, for a log file or a pipe (no terminal to draw a bar in).

A run of 200 creators with stderr to a file printed nothing for 25 minutes. These lines say,
every few seconds (or at each creator when creators are slower than that), how far each
phase is: done / total, the rate and the time left at that rate. The first creator and the
end of each phase always get a line.
"""

from __future__ import annotations

import time
from collections.abc import Callable

PHASES = {"statistics": "captions and statistics", "training": "evaluating and storing"}
EVERY_S = 5.0


def _duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class ProgressLines:
    """An ``on_step(phase, creator_id, outcome)`` callback (as ``train_history`` calls it) that writes lines."""

    def __init__(
        self,
        write: Callable[[str], None],
        total: int,
        *,
        every_s: float = EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.write = write
        self.total = total
        self.every_s = every_s
        self.clock = clock
        self.done = dict.fromkeys(PHASES, 0)
        self.started: dict[str, float] = {}
        self.last_line = float("-inf")
        self.current = "statistics"

    def __call__(self, phase: str, creator_id: str, outcome: str) -> None:
        now = self.clock()
        # An unchanged creator counts as done in both phases; a creator that fails or is skipped
        # while taking its statistics never reaches the second phase, but counts there too.
        phases = list(PHASES) if phase == "unchanged" else [phase]
        if phase == "statistics" and outcome != "ok":
            phases.append("training")
        for name in phases:
            if name not in self.done:
                continue
            self.started.setdefault(name, now)
            self.done[name] += 1
        if phase in PHASES:
            self.current = phase
        name = self.current
        if name not in self.started:
            return
        done = self.done[name]
        if done == 1 or done >= self.total or now - self.last_line >= self.every_s:
            self.last_line = now
            self.write(self.line(name, now))

    def line(self, phase: str, now: float) -> str:
        done, total = self.done[phase], self.total
        elapsed = now - self.started[phase]
        text = f"{PHASES[phase]}: {done}/{total} creators"
        if done >= total:
            return f"{text}, done in {_duration(elapsed)}"
        if elapsed > 0 and done > 1:
            rate = (done - 1) / elapsed  # from the first creator's end: the time before it is start-up
            text += f", {rate * 60:.1f} creators/min, about {_duration((total - done) / rate)} left"
        return text
