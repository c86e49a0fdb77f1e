"""Training: a history in, one stored model per creator out, all shrunk towards the population.

The one pipeline the CLI and the API's training worker both call:

    read history → group by creator → map: each creator's population statistics
      → reduce: the population, fitted once → map: per creator, the population of the
      *others* → evaluate (time split) → fit → store

This module is the driver: it groups the rows, skips what is unchanged, fits the
population between the two map steps and gathers the outcomes. The map steps themselves,
and ``train_creator`` they call per creator, are in ``training.steps``; they run in this
process, on local processes or as Ray tasks (``training.executors``), with nothing shared
but the models directory. The population holds every creator in the history plus those
the models directory already holds, of the creator's kind: a synthetic history (the
bundled sample) never pools with real ones, either way.
"""

from __future__ import annotations

import shutil
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec
from threadpoolctl import threadpool_limits

from models.core.atomic_files import atomic_write
from models.core.records import HistoryRead, PostRecord, synthetic_history
from models.core.words import plural
from models.fit.creator_model import MIN_POSTS
from models.fit.population import PopulationFitter
from models.fit.population_stats import LazyStats
from models.fit.store import (
    ModelFileError,
    ModelNotFound,
    read_creator_stats,
    read_meta,
    stored_stats_index,
    validate_creator_id,
)
from models.text.encoders import check_encoder_name, default_encoder_name
from training.executors import (
    BatchResult,
    CreatorTask,
    Outcome,
    StepSettings,
    default_workers,
    make_batches,
    make_executor,
)
from training.steps import (
    TrainResult,
    fit_batch,
    history_fingerprint,
    population_file,
    scratch_stats,
    stats_batch,
)

V = TypeVar("V")  # a map step's value for one creator


class CreatorFailure(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    reason: str


class TrainSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Every creator of a history: trained, unchanged (left as stored), skipped or failed, with the reason."""

    trained: list[TrainResult]
    skipped: list[str]
    unchanged: list[str] = msgspec.field(default_factory=list)
    failed: list[CreatorFailure] = msgspec.field(default_factory=list)
    workers: int = 1
    worker_peak_rss_mb: list[float] = msgspec.field(default_factory=list)  # peak memory of each worker process


class MissingCreator(ValueError):
    """Rows carry no creator id and none was given."""


def group_by_creator(records: Sequence[PostRecord], creator_id: str | None = None) -> dict[str, list[PostRecord]]:
    """Records per creator: the row's own ``creator_id``, else the one given, else an error."""
    groups: dict[str, list[PostRecord]] = defaultdict(list)
    for record in records:
        owner = record.creator_id or creator_id
        if owner is None:
            raise MissingCreator("the history has no creator_id column; name the creator with --creator ID")
        groups[validate_creator_id(owner)].append(record)
    return dict(groups)


def train_history(
    history: HistoryRead,
    models_dir: Path,
    *,
    creator_id: str | None = None,
    encoder: str | None = None,
    workers: int | None = 1,
    use_ray: bool = False,
    ray_address: str | None = None,
    skip_unchanged: bool = False,
    on_step: Callable[[str, str, str], None] | None = None,
) -> TrainSummary:
    """Train every creator in a history: map (statistics), reduce (population), map (fit and store).

    The population each creator is shrunk towards holds every *other* creator of its kind
    (real or synthetic, ``PostRecord.synthetic``): those in this history and those already
    stored in ``models_dir``. ``workers`` processes run the
    per-creator steps (1: in this process; None: one per core), or Ray tasks with
    ``use_ray`` (``training.executors``); the stored models are the same either way. With
    ``skip_unchanged``, a creator whose rows and encoder match the stored model's
    fingerprint is left as it is and listed as unchanged. A creator with too few posts is
    skipped with the reason; one that fails is listed with the reason; neither stops the
    others. ``on_step(phase, creator_id, outcome)`` is called as each creator finishes a
    phase ("unchanged", "statistics", then "training"); outcome is "ok", "skipped", "failed"
    or "unchanged".
    """
    encoder = check_encoder_name(encoder or default_encoder_name())
    models_dir = Path(models_dir)
    groups = group_by_creator(history.records, creator_id)
    order = {owner: i for i, owner in enumerate(groups)}
    index = stored_stats_index(models_dir, encoder)  # read one at a time when the population is summed
    stored = {cid: entry.path for cid, entry in index.items()}
    tasks: list[CreatorTask[PostRecord]] = []
    unchanged: list[str] = []
    skipped: list[str] = []
    for owner, records in groups.items():
        if len(records) < MIN_POSTS:
            usable = plural(len(records), "usable post")
            skipped.append(f"creator {owner!r} has {usable}; at least {MIN_POSTS} are needed")
            continue
        fingerprint = history_fingerprint(owner, records, encoder)
        if skip_unchanged and owner in stored and _stored_fingerprint(models_dir, owner) == fingerprint:
            unchanged.append(owner)
            if on_step:
                on_step("unchanged", owner, "unchanged")
        else:
            tasks.append(CreatorTask(creator_id=owner, records=list(records), fingerprint=fingerprint))
    trained: list[TrainResult] = []
    failed: list[CreatorFailure] = []
    peaks: dict[int, float] = {}
    if not tasks:
        return TrainSummary(trained=trained, skipped=skipped, unchanged=unchanged, failed=failed)

    workers = min(workers or default_workers(), len(tasks))
    scratch = models_dir / f".run-{uuid.uuid4().hex[:12]}"  # shared by the workers, removed below
    scratch.mkdir(parents=True)
    # Absolute: a Ray worker does not run in this directory.
    settings = StepSettings(models_dir=str(models_dir.resolve()), scratch=str(scratch.resolve()), encoder=encoder)

    def collect(results: Iterable[BatchResult[V]]) -> list[Outcome[V]]:
        values: list[Outcome[V]] = []
        for batch in results:
            if batch.pid:
                peaks[batch.pid] = max(peaks.get(batch.pid, 0.0), batch.peak_rss_mb)
            for outcome in batch.outcomes:
                if outcome.failed:
                    failed.append(CreatorFailure(creator_id=outcome.creator_id, reason=outcome.failed))
                elif outcome.skipped:
                    skipped.append(outcome.skipped)
                else:
                    values.append(outcome)
                if on_step:
                    on_step(
                        phase,
                        outcome.creator_id,
                        "failed" if outcome.failed else "skipped" if outcome.skipped else "ok",
                    )
        return values

    try:
        # One BLAS thread here: the solves (420 columns) and fits are too small to gain from more, and
        # on a shared machine extra threads only wait (measured: the reduce step ran 7x faster). The
        # encoder's own threads (OpenMP) are untouched; worker processes get their share in their env.
        with (
            threadpool_limits(1, user_api="blas"),
            make_executor(workers, encoder, ray_address=ray_address, use_ray=use_ray) as executor,
        ):
            workers = executor.workers
            phase = "statistics"
            ready = {o.creator_id for o in collect(executor.run(stats_batch, make_batches(tasks, workers), settings))}
            # The reduce step: every creator's statistics summed in one pass, read one at a time (this
            # run's from scratch, the others' from the models directory), so memory stays flat however
            # many creators there are. Each fit step then leaves its own creator out. Real and synthetic
            # creators are summed apart (two populations), so the sample never moves a real creator's.
            kinds = {cid: entry.synthetic for cid, entry in index.items()}
            kinds |= {t.creator_id: synthetic_history(t.records) for t in tasks if t.creator_id in ready}
            for synthetic in (False, True):
                kind_stats = LazyStats(
                    sorted(cid for cid in ready | set(stored) if kinds[cid] == synthetic),
                    lambda cid: scratch_stats(settings, cid) if cid in ready else read_creator_stats(stored[cid]),
                )
                population = PopulationFitter().fit(kind_stats).population_
                if population is not None:
                    atomic_write(population_file(scratch, synthetic), population.to_bytes())
            fits = [t for t in tasks if t.creator_id in ready]
            phase = "training"
            trained = [o.value for o in collect(executor.run(fit_batch, make_batches(fits, workers), settings))]
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    trained.sort(key=lambda r: order[r.creator_id])
    failed.sort(key=lambda f: order[f.creator_id])
    return TrainSummary(
        trained=trained,
        skipped=skipped,
        unchanged=unchanged,
        failed=failed,
        workers=workers,
        worker_peak_rss_mb=sorted(peaks.values()),
    )


def _stored_fingerprint(models_dir: Path, creator_id: str) -> str | None:
    try:
        return read_meta(models_dir, creator_id).history_fingerprint
    except (ModelNotFound, ModelFileError):
        return None
