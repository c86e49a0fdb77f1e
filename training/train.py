"""Training: a history in, one stored model per creator out, all shrunk towards the population.

The one pipeline the CLI and the API's training worker both call:

    read history → group by creator → each creator's population statistics
      → per creator: population of the *others* → evaluate (time split) → fit → store

``train_creator`` stays a pure step (records, a population and a directory in; a stored
version and its report out), so creators can fan out across processes or machines with
nothing shared but the models directory. The population is the reduce step before it: the
statistics of every creator in the history plus those the models directory already holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from models.creator_model import MIN_POSTS, CreatorModel, HistoryTooShort, creator_stats
from models.encoders import check_encoder_name, default_encoder_name
from models.population import CreatorStats, LinearPrior, population_fitter, population_without
from models.records import HistoryRead, PostRecord
from models.store import load_population_stats, save_creator_stats, save_model, validate_creator_id
from training.evaluate import EvaluationReport, evaluate_creator


class TrainResult(msgspec.Struct, frozen=True, kw_only=True):
    creator_id: str
    version: str
    n_posts: int
    quality: EvaluationReport | None
    quality_error: str | None = None
    encoder: str = ""
    shrunk_towards: str = "prior"  # "population" or "prior" (the guide's stated lifts)
    population_creators: int = 0


class TrainSummary(msgspec.Struct, frozen=True, kw_only=True):
    """Every creator of a history: trained, or skipped with the reason."""

    trained: list[TrainResult]
    skipped: list[str]


FROM_MODELS_DIR = object()  # train_creator's default: the population of the models directory's other creators


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


def train_creator(
    records: Sequence[PostRecord],
    creator_id: str,
    models_dir: Path,
    *,
    population: LinearPrior | object | None = FROM_MODELS_DIR,
    stats: CreatorStats | None = None,
    encoder: str | None = None,
    show_progress: bool = False,
) -> TrainResult:
    """Evaluate on a time split, then fit on everything and store a new current version.

    ``population`` is what the model shrinks towards (None: the stated priors); by default it
    is fitted from the other creators the models directory holds (the stated priors if there
    are too few). The
    evaluation runs first so that a history which cannot be evaluated still trains (its
    report says why), and a crash in either leaves the previous version serving.
    """
    validate_creator_id(creator_id)
    encoder = check_encoder_name(encoder or default_encoder_name())
    if population is FROM_MODELS_DIR:
        population = population_without(load_population_stats(models_dir, encoder), creator_id, encoder)
    quality, error = None, None
    try:
        quality = evaluate_creator(records, creator_id, population=population, encoder=encoder)
    except ValueError as exc:  # too short to split honestly: train anyway, say so
        error = str(exc)
    model = CreatorModel(creator_id, encoder=encoder).fit(records, population=population, show_progress=show_progress)
    report = msgspec.to_builtins(quality) if quality else {"error": error}
    model.record_evaluation(report)
    # The chart's points travel with the model (insights); the listing's report stays small.
    version = save_model(model, models_dir, quality={k: v for k, v in report.items() if k != "timeline"})
    save_creator_stats(stats or creator_stats(creator_id, records, encoder), models_dir)
    return TrainResult(
        creator_id=creator_id,
        version=version,
        n_posts=len(records),
        quality=quality,
        quality_error=error,
        encoder=encoder,
        shrunk_towards=model.prior_source,
        population_creators=model.population_creators_,
    )


def train_history(
    history: HistoryRead,
    models_dir: Path,
    *,
    creator_id: str | None = None,
    encoder: str | None = None,
    on_creator: Callable[[str, int], None] | None = None,
    show_progress: bool = False,
) -> TrainSummary:
    """Train every creator in a history; a creator with too few posts is skipped with the reason.

    The population each creator is shrunk towards holds every *other* creator: those in
    this history and those already stored in ``models_dir``.
    """
    encoder = check_encoder_name(encoder or default_encoder_name())
    groups = group_by_creator(history.records, creator_id)
    skipped = [
        f"creator {owner!r} has {len(records)} usable posts; at least {MIN_POSTS} are needed"
        for owner, records in groups.items()
        if len(records) < MIN_POSTS
    ]
    groups = {owner: records for owner, records in groups.items() if len(records) >= MIN_POSTS}
    stats = load_population_stats(models_dir, encoder)
    for owner, records in groups.items():
        stats[owner] = creator_stats(owner, records, encoder)
    population = population_fitter(stats, encoder)  # summed once; each creator gets it without themselves
    trained = []
    for owner, records in groups.items():
        if on_creator:
            on_creator(owner, len(records))
        try:
            trained.append(
                train_creator(
                    records,
                    owner,
                    models_dir,
                    population=population.fit(exclude=owner),
                    stats=stats[owner],
                    encoder=encoder,
                    show_progress=show_progress,
                )
            )
        except HistoryTooShort as exc:  # one thin creator never stops the others
            skipped.append(str(exc))
    return TrainSummary(trained=trained, skipped=skipped)
