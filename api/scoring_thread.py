"""The one thread all model work runs on, and how many cores its encoder may use."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial


class ScoringThread:
    """Runs scoring calls, one at a time, on one long-lived thread.

    torch keeps a thread pool per calling thread; hopping across a pool of request threads
    rebuilt it on every call and made an uncached draft twice as slow. The encoder already
    uses both cores inside that thread.

    ``training_running`` says when a training process holds a core: the torch encoder then
    uses one thread instead of fighting it. Two spinning OpenMP teams with one core taken by
    training made requests 100x slower under load; one thread costs a few milliseconds per
    draft and keeps latency steady. Only when torch is already loaded (the ``minilm``
    reference encoder serves): the other encoders never import it, and importing it here
    would cost seconds and 300 MB.
    """

    def __init__(self, training_running: Callable[[], bool] = lambda: False):
        self.training_running = training_running
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scoring")
        self._default_threads: int | None = None

    async def run(self, fn, *args, **kwargs):
        call = partial(self._with_fitting_threads, fn, *args, **kwargs)
        return await asyncio.get_running_loop().run_in_executor(self._executor, call)

    def _with_fitting_threads(self, fn, *args, **kwargs):
        torch = sys.modules.get("torch")
        if torch is not None:
            if self._default_threads is None:
                self._default_threads = torch.get_num_threads()
            wanted = 1 if self.training_running() else self._default_threads
            if torch.get_num_threads() != wanted:
                torch.set_num_threads(wanted)
        return fn(*args, **kwargs)
