"""The one thread all model work runs on, the two lanes that feed it, and how many cores its encoder may use."""

from __future__ import annotations

import asyncio
import itertools
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from functools import partial

SINGLE, BATCH = 0, 1  # the lanes: lower runs first


class WorkTimedOut(Exception):
    """A call did not finish within its deadline (it was dropped if it had not started)."""


class ScoringThread:
    """Runs scoring calls, one at a time, on one long-lived thread, in two lanes.

    torch keeps a thread pool per calling thread; hopping across a pool of request threads
    rebuilt it on every call and made an uncached draft twice as slow. The encoder already
    uses both cores inside that thread.

    Lanes: a call in the ``SINGLE`` lane (one draft, a comparison, a plan) always starts
    before any waiting ``BATCH`` call. A batch is sent as chunks, one call per chunk
    (``api.batch_lane``), so a single check waits for at most the chunk running now, never
    for a whole batch of 1,000 long captions (802 s, measured before the lanes). Within a
    lane calls start in arrival order.

    ``training_running`` says when a training process holds a core: the torch encoder then
    uses one thread instead of fighting it. Two spinning OpenMP teams with one core taken by
    training made requests 100x slower under load; one thread costs a few milliseconds per
    draft and keeps latency steady. Only when torch is already loaded (the ``minilm``
    reference encoder serves): the other encoders never import it, and importing it here
    would cost seconds and 300 MB.
    """

    def __init__(self, training_running: Callable[[], bool] = lambda: False):
        self.training_running = training_running
        self._queue: queue.PriorityQueue = queue.PriorityQueue()
        self._order = itertools.count()  # ties within a lane: first come, first served
        self._thread: threading.Thread | None = None
        self._started = threading.Lock()
        self._default_threads: int | None = None

    async def run(self, fn, *args, **kwargs):
        """``fn(*args, **kwargs)`` in the single lane, however long it waits (warm-up, tests)."""
        return await self.run_in(SINGLE, None, partial(fn, *args, **kwargs))

    async def run_in(self, lane: int, deadline: float | None, call: Callable[[], object]):
        """``call()`` in ``lane``; ``WorkTimedOut`` when ``deadline`` (``time.monotonic()``) passes first.

        A call still waiting at its deadline is dropped, never run; one already running
        finishes and its result is discarded.
        """
        self._ensure_thread()
        future: Future = Future()
        self._queue.put((lane, next(self._order), future, call))
        timeout = None if deadline is None else max(0.0, deadline - time.monotonic())
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), timeout)
        except TimeoutError:
            raise WorkTimedOut from None

    def waiting(self) -> int:
        """Calls queued and not yet started (either lane)."""
        return self._queue.qsize()

    def _ensure_thread(self) -> None:
        with self._started:
            if self._thread is None:
                self._thread = threading.Thread(target=self._serve, name="scoring", daemon=True)
                self._thread.start()

    def _serve(self) -> None:
        while True:
            _, _, future, call = self._queue.get()
            if not future.set_running_or_notify_cancel():  # its caller gave up while it waited
                continue
            try:
                future.set_result(self._with_fitting_threads(call))
            except BaseException as exc:  # the caller sees the error; the thread goes on
                future.set_exception(exc)

    def _with_fitting_threads(self, call: Callable[[], object]):
        torch = sys.modules.get("torch")
        if torch is not None:
            if self._default_threads is None:
                self._default_threads = torch.get_num_threads()
            wanted = 1 if self.training_running() else self._default_threads
            if torch.get_num_threads() != wanted:
                torch.set_num_threads(wanted)
        return call()
