"""One creator's steps, on whichever worker runs them: the two map steps of training and what they call.

Training a history of many creators is map, reduce, map (``training.train`` drives it):

    map     ``stats_batch``: per creator, embed the captions once and take the creator's
            within-creator statistics (their share of the population)
    reduce  the population: fitted once, in the driver, over every creator's statistics
            (this run's and those the models directory already holds)
    map     ``fit_batch``: per creator, ``train_creator``: evaluate, fit (shrunk towards the
            population of the *others* of its kind: real or synthetic) and store a new current version

Both map steps are plain picklable functions of a batch of creators and a ``StepSettings``;
an executor (``training.executors``) decides where they run. Workers share nothing but the
models directory: the first map leaves each creator's caption vectors and statistics in a
scratch folder inside it (``.run-*``, removed at the end), so the second map never encodes
a caption twice, whichever worker it lands on.

The process-wide embedding cache (``models.text.embeddings``) lives in each process's memory:
workers never write to a shared cache, and scratch files are written atomically, one per
creator. A creator's failure is caught where it happens and reported with the reason; it
never stops the others.

``train_creator`` stays a pure step (records, a population and a directory in; a stored
version and its report out), and is also how one creator is trained on its own.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec

from models.core.records import PostRecord, synthetic_history
from models.fit.creator_model import CreatorModel, HistoryTooShort, creator_stats
from models.fit.population import LinearPrior, Population, PopulationFitter
from models.fit.population_stats import CreatorStats
from models.fit.store import (
    save_creator_stats,
    save_model,
    stored_population_stats,
    validate_creator_id,
)
from models.read.track_record import match_posts
from models.text.encoders import check_encoder_name, default_encoder_name
from training.evaluate import EvaluationReport, evaluate_creator
from training.executors import BatchResult, CreatorTask, Outcome, StepSettings, describe, peak_rss_mb

FINGERPRINT_VERSION = 1  # bump when what a model is trained on changes in a way the rows do not show
V = TypeVar("V")


class TrainResult(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    version: str
    n_posts: int
    quality: EvaluationReport | None
    quality_error: str | None = None
    encoder: str = ""
    shrunk_towards: str = "prior"  # "population" or "prior" (the guide's stated lifts)
    population_creators: int = 0
    synthetic: bool = False  # trained on a synthetic history: pooled only with its own kind, and says so


FROM_MODELS_DIR = object()  # train_creator's default: the population of the models directory's other creators


def train_creator(
    records: Sequence[PostRecord],
    creator_id: str,
    models_dir: Path,
    *,
    population: LinearPrior | object | None = FROM_MODELS_DIR,
    stats: CreatorStats | None = None,
    encoder: str | None = None,
    show_progress: bool = False,
    fingerprint: str | None = None,
) -> TrainResult:
    """Evaluate on a time split, then fit on everything and store a new current version.

    ``population`` is what the model shrinks towards (None: the stated priors); by default it
    is fitted from the other creators of its kind (real or synthetic) the models directory
    holds (the stated priors if there are too few). The
    evaluation runs first so that a history which cannot be evaluated still trains (its
    report says why), and a crash in either leaves the previous version serving.
    """
    validate_creator_id(creator_id)
    encoder = check_encoder_name(encoder or default_encoder_name())
    if population is FROM_MODELS_DIR:
        kind = synthetic_history(records)
        stats_of_others = stored_population_stats(models_dir, encoder, without=creator_id, synthetic=kind)
        population = PopulationFitter().fit(stats_of_others).prior()
    quality, error = None, None
    try:
        quality = evaluate_creator(records, creator_id, population=population, encoder=encoder)
    except ValueError as exc:  # too short to split honestly: train anyway, say so
        error = str(exc)
    model = CreatorModel(creator_id, encoder=encoder).fit(records, population=population, show_progress=show_progress)
    report = msgspec.to_builtins(quality) if quality else {"error": error}
    model.record_evaluation(report)
    # The chart's points travel with the model (insights); the listing's report stays small.
    listing = {k: v for k, v in report.items() if k != "timeline"}
    version = save_model(model, models_dir, quality=listing, history_fingerprint=fingerprint)
    save_creator_stats(stats or creator_stats(creator_id, records, encoder), models_dir)
    # Posts of this history that were scored as drafts before they were posted join the track record.
    with contextlib.suppress(OSError):  # the model is stored; the pairs are matched on the next training
        match_posts(models_dir, creator_id, records)
    return TrainResult(
        creator_id=creator_id,
        version=version,
        n_posts=len(records),
        quality=quality,
        quality_error=error,
        encoder=encoder,
        shrunk_towards=model.prior_source,
        population_creators=model.population_creators_,
        synthetic=model.synthetic,
    )


def history_fingerprint(creator_id: str, records: Sequence, encoder: str) -> str:
    """A digest of everything a creator's model is trained on: its rows (in any order), the encoder
    and the store's schema.

    The population is left out on purpose: it moves a little whenever any creator changes,
    so including it would retrain every creator every night for one newcomer. ``--force``
    retrains all.
    """
    from models.fit.store import SCHEMA_VERSION

    rows = sorted(records, key=lambda r: (r.created_at, r.post_id))
    digest = hashlib.sha256(f"{FINGERPRINT_VERSION}|{SCHEMA_VERSION}|{encoder}|{creator_id}|".encode())
    zone = {getattr(r.created_at.tzinfo, "key", None) for r in rows} - {None}
    if zone:  # a zone newly given retrains, even when its offsets are the ones the times had
        digest.update(f"zone={','.join(sorted(zone))}|".encode())
    # A real post digests as it did before posts could be marked synthetic: the mark retrains no real creator.
    # Nor does the date-only mark retrain a creator whose posts all have times.
    marks = ("synthetic", "date_only")
    rows = [{k: v for k, v in msgspec.to_builtins(r).items() if k not in marks or v} for r in rows]
    digest.update(msgspec.json.encode(rows))
    return digest.hexdigest()


def _scratch_file(settings: StepSettings, creator_id: str) -> Path:
    return Path(settings.scratch) / f"{creator_id}.npz"


POPULATION_FILE = "population.npz"  # the reduce step's result in the scratch folder, read by every fit step
SYNTHETIC_POPULATION_FILE = "population-synthetic.npz"  # synthetic creators' own: they never pool with real ones


def population_file(scratch: Path, synthetic: bool = False) -> Path:
    return Path(scratch) / (SYNTHETIC_POPULATION_FILE if synthetic else POPULATION_FILE)


# Per-caption caches (module, function) that serve one creator's steps only: drafts repeat when
# serving, captions do not across creators.
_CAPTION_CACHES = (
    ("models.fit.features", "_caption_part"),
    ("models.text.signals", "detect_signals"),
    ("models.text.signals", "_languages"),
    ("models.text.language.identify", "_ranking"),
    ("models.text.language.identify", "plausible_languages"),
)


def forget_captions() -> None:
    """Drop what a worker cached about the captions of the creator it just finished.

    Kept, the caption vectors (up to 50,000, 77 MB of floats) and five caches of 65,536 entries
    per caption grew with every creator a worker trained; the fit step reads a creator's vectors
    back from scratch, so nothing is computed twice.
    """
    import importlib

    from models.text.embeddings import embedding_cache

    embedding_cache().clear()
    for module, name in _CAPTION_CACHES:
        cached = getattr(importlib.import_module(module), name, None)
        if hasattr(cached, "cache_clear"):
            cached.cache_clear()


def _each_creator(
    tasks: Sequence[CreatorTask[PostRecord]], step: Callable[[CreatorTask[PostRecord]], V]
) -> BatchResult[V]:
    """``step`` for each creator in turn: a creator too short is skipped, one that fails is
    reported, and neither stops the others."""
    outcomes: list[Outcome[V]] = []
    for task in tasks:
        try:
            outcomes.append(Outcome(creator_id=task.creator_id, value=step(task)))
        except HistoryTooShort as exc:
            outcomes.append(Outcome(creator_id=task.creator_id, skipped=str(exc)))
        except Exception as exc:  # one creator never stops the others
            outcomes.append(Outcome(creator_id=task.creator_id, failed=describe(exc)))
        finally:
            forget_captions()
    return BatchResult(outcomes=outcomes, pid=os.getpid(), peak_rss_mb=peak_rss_mb())


def stats_batch(tasks: Sequence[CreatorTask[PostRecord]], settings: StepSettings) -> BatchResult[int]:
    """Map step 1: each creator's population statistics; caption vectors and statistics go to scratch.

    Only the creator's post count travels back: the reduce step reads the statistics from
    scratch one creator at a time, so the driver never holds them all.
    """
    import numpy as np

    from models.core.atomic_files import atomic_write
    from models.fit.features import meaning_texts, records_to_inputs
    from models.text.embeddings import embed_texts

    def step(task: CreatorTask[PostRecord]) -> int:
        stats = creator_stats(task.creator_id, task.records, settings.encoder)
        texts = sorted(set(meaning_texts(records_to_inputs(task.records, 0))))
        vectors = embed_texts(texts, encoder=settings.encoder)  # all cached by creator_stats just now
        buf = io.BytesIO()
        packed = np.frombuffer(stats.to_bytes(), dtype=np.uint8)
        np.savez(buf, texts=np.array(texts, dtype=str), vectors=vectors, stats=packed)
        atomic_write(_scratch_file(settings, task.creator_id), buf.getvalue())
        return stats.n

    return _each_creator(tasks, step)


def scratch_stats(settings: StepSettings, creator_id: str) -> CreatorStats:
    """The creator's statistics from step 1 (nothing else of its scratch file is read)."""
    import numpy as np

    with np.load(_scratch_file(settings, creator_id), allow_pickle=False) as z:
        return CreatorStats.from_bytes(z["stats"].tobytes())


@functools.lru_cache(maxsize=2)  # one run's populations (real, synthetic); the scratch path is new each run
def _population(path: str) -> Population | None:
    """The reduce step's population, read once per worker process (None: too few creators)."""
    file = Path(path)
    return Population.from_bytes(file.read_bytes()) if file.exists() else None


def _from_scratch(settings: StepSettings, creator_id: str) -> CreatorStats:
    """The creator's statistics from step 1, with its caption vectors put back in this process's cache."""
    import numpy as np

    from models.text.embeddings import embedding_cache

    with np.load(_scratch_file(settings, creator_id), allow_pickle=False) as z:
        embedding_cache().preload([str(t) for t in z["texts"]], z["vectors"], encoder=settings.encoder)
        return CreatorStats.from_bytes(z["stats"].tobytes())


def fit_batch(tasks: Sequence[CreatorTask[PostRecord]], settings: StepSettings) -> BatchResult[TrainResult]:
    """Map step 2: evaluate, fit and store each creator, shrunk towards the population of the others.

    The population of the others is the reduce step's sums minus this creator's own
    statistics: one solve, done here rather than in the driver, so the driver neither holds
    a prior per creator nor sends one.
    """

    def step(task: CreatorTask[PostRecord]) -> TrainResult:
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
