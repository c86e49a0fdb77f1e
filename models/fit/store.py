"""Per-creator model files: plain arrays and JSON (no pickle), versioned, written atomically.

Layout under the models directory::

    <creator_id>/<version>.npz     one file per trained version, never rewritten
    <creator_id>/current.json      which version serves, with its quality report

A version file is written to a temporary name and ``os.replace``d into place, then
``current.json`` is swapped the same way, so a crash mid-training leaves the last good
model serving.

A version file is a numpy ``.npz`` archive: every array the model learned, plus one
``state`` entry of JSON that holds everything else and names the arrays. Objects are
rebuilt only from ``STORED_TYPES``, our own classes, by setting their attributes (frozen
Structs through their constructor); arrays load with ``allow_pickle=False``. Nothing in a
file can name code to run, and reading one needs numpy, msgspec and the standard library
only: a pre-post check never imports scikit-learn, scipy (about 1.5 s) or skops. The
fitted ``SaveRateModel`` is stored as what it predicts with, a ``SaveRatePredictor``.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import msgspec
import numpy as np

from models.core.atomic_files import atomic_write
from models.fit.creator_model import CreatorModel
from models.fit.features import PostFeaturizer
from models.fit.history_stats import HashtagStat, TimeCell
from models.fit.neighbours import CaptionNeighbours
from models.fit.population import LinearPrior
from models.fit.population_stats import CreatorStats, LazyStats, stats_synthetic
from models.fit.predictor import SaveRatePredictor
from models.fit.themes import ThemeStat

# 2: models shrink towards a recorded prior and name their caption encoder; a schema-1
# model has neither, so it must be retrained rather than scored.
# 3: a model is arrays and JSON instead of skops (the PCA and scaler as arrays), and keeps
# its time-split test (``CreatorModel.evaluation_``), which scores and insights read to say
# when the model does not beat the creator's own mean. A schema-2 file is skops.
# 4: hashtag, posting-time and theme statistics are typed (``HashtagStat``, ``TimeCell``,
# ``ThemeStat``) instead of plain dicts; a schema-3 file holds the dicts the code no longer reads.
SCHEMA_VERSION = 4
MODEL_SUFFIX = ".npz"
# TikTok usernames may start with "_" (real creators do); never with "." (hidden, like the ".run-*" scratch).
CREATOR_ID_RE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$")

# The only classes a model file can rebuild. A fitted SaveRateModel (a scikit-learn
# estimator) is written as the SaveRatePredictor it derives from: its learned arrays.
STORED_TYPES: dict[str, type] = {
    "CreatorModel": CreatorModel,
    "SaveRatePredictor": SaveRatePredictor,
    "PostFeaturizer": PostFeaturizer,
    "CaptionNeighbours": CaptionNeighbours,
    "LinearPrior": LinearPrior,
    "HashtagStat": HashtagStat,
    "TimeCell": TimeCell,
    "ThemeStat": ThemeStat,
}
_STORED_AS = {cls: name for name, cls in STORED_TYPES.items()}
_NOT_STORED = frozenset({"excluded_hashtags_"})


class ModelMeta(msgspec.Struct, frozen=True, kw_only=True):
    """What ``current.json`` records about a creator's serving model (its JSON, field for field).

    ``version`` and ``file`` name the version file; ``sha256`` is its checksum and ``schema``
    the layout it was written in. ``quality`` is the time-split report without its timeline,
    and ``history_fingerprint`` what the model was trained on (absent in older files).
    """

    # In the order current.json has always been written in (keyword-only, so defaults may lead).
    schema: int = 0
    creator_id: str = ""
    version: str
    file: str
    sha256: str = ""
    trained_at: str = ""
    n_posts: int = 0
    quality: dict[str, Any] = {}
    history_fingerprint: str | None = None

    def to_json(self) -> bytes:
        """The file's bytes: indented, and without a fingerprint key when there is none."""
        fields = msgspec.to_builtins(self)
        if fields["history_fingerprint"] is None:
            del fields["history_fingerprint"]
        return json.dumps(fields, indent=2).encode()


class ModelNotFound(LookupError):
    """No trained model for this creator in the models directory."""


class ModelFileError(RuntimeError):
    """A model file exists but cannot be trusted or read (truncated, tampered, foreign types)."""


class _Writer:
    """Turns a model into JSON-able state plus named arrays."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}

    def encode(self, value):
        if value is None or isinstance(value, bool | str):
            return value
        if isinstance(value, np.bool_):
            return bool(value)
        if isinstance(value, int | np.integer):
            return int(value)
        if isinstance(value, float | np.floating):
            return float(value)
        if isinstance(value, np.ndarray):
            if value.dtype.hasobject:
                raise TypeError("a model array holds Python objects; only numbers can be stored")
            key = f"a{len(self.arrays)}"
            self.arrays[key] = value
            return {"$array": key}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v) for v in value]}
        if isinstance(value, list):
            return [self.encode(v) for v in value]
        if isinstance(value, dict):
            return {"$dict": [[self.encode(k), self.encode(v)] for k, v in value.items()]}
        for cls, name in _STORED_AS.items():
            if isinstance(value, cls):
                fields = msgspec.structs.asdict(value) if isinstance(value, msgspec.Struct) else vars(value)
                # The creator's own settings live beside the versions (``EXCLUDED_HASHTAGS``), not in one.
                fields = {k: v for k, v in fields.items() if k not in _NOT_STORED}
                if isinstance(value, CreatorModel):
                    # The fitted ``estimator_`` is written in the (unfitted) parameter's place, "estimator", so
                    # files are as they were before ``fit`` kept the two apart, and older ones read unchanged.
                    fields["estimator"] = fields.pop("estimator_")
                state = {k: self.encode(v) for k, v in fields.items()}
                return {"$object": name, "state": state}
        raise TypeError(f"cannot store a {type(value).__module__}.{type(value).__qualname__} in a model file")


class _Reader:
    """Rebuilds a model from its state and arrays; refuses anything outside ``STORED_TYPES``."""

    def __init__(self, arrays) -> None:
        self.arrays = arrays

    def decode(self, value):
        if isinstance(value, list):
            return [self.decode(v) for v in value]
        if not isinstance(value, dict):
            return value
        if "$array" in value:
            return self.arrays[value["$array"]]
        if "$tuple" in value:
            return tuple(self.decode(v) for v in value["$tuple"])
        if "$dict" in value:
            return {_hashable(self.decode(k)): self.decode(v) for k, v in value["$dict"]}
        if "$object" in value:
            cls = STORED_TYPES.get(value["$object"])
            if cls is None:
                raise ModelFileError(f"holds types that are not trusted: {value['$object']!r}")
            if issubclass(cls, msgspec.Struct):  # frozen: built through its constructor, every field named
                try:
                    return cls(**{str(k): self.decode(v) for k, v in value["state"].items()})
                except TypeError as exc:
                    raise ModelFileError(f"holds a {value['$object']} that does not fit it: {exc}") from None
            obj = cls.__new__(cls)
            obj.__dict__.update({str(k): self.decode(v) for k, v in value["state"].items()})
            if cls is CreatorModel:  # "estimator" holds the fitted one (see _Writer)
                obj.estimator, obj.estimator_ = None, obj.estimator
            return obj
        raise ValueError(f"unknown entry {sorted(value)[:3]}")


def _hashable(key):
    return tuple(_hashable(k) for k in key) if isinstance(key, list | tuple) else key


def model_to_bytes(model: CreatorModel) -> bytes:
    """A fitted creator model as the bytes of a version file."""
    writer = _Writer()
    state = json.dumps(writer.encode(model), separators=(",", ":")).encode()
    buffer = io.BytesIO()
    np.savez_compressed(buffer, state=np.frombuffer(state, dtype=np.uint8), **writer.arrays)
    return buffer.getvalue()


def model_from_bytes(payload: bytes):
    """What a version file holds; raises ModelFileError, or ValueError/KeyError/BadZipFile on damage."""
    with np.load(io.BytesIO(payload), allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    state = json.loads(arrays.pop("state").tobytes())
    return _Reader(arrays).decode(state)


def validate_creator_id(creator_id: str) -> str:
    """Creator ids become directory names: keep them to a safe alphabet."""
    if not CREATOR_ID_RE.match(creator_id or ""):
        raise ValueError(
            f"invalid creator id {creator_id!r}: use 1-128 letters, digits, '.', '_' or '-', "
            "not starting with '.' or '-'"
        )
    return creator_id


def save_model(
    model: CreatorModel, models_dir: Path, *, quality: dict | None = None, history_fingerprint: str | None = None
) -> str:
    """Store a fitted model as a new version and make it current; returns the version.

    ``history_fingerprint`` (what the model was trained on, see ``training.steps``) lets a
    rerun tell an unchanged creator from a changed one without reading the model.
    """
    creator_dir = Path(models_dir) / validate_creator_id(model.creator_id)
    payload = model_to_bytes(model)
    digest = hashlib.sha256(payload).hexdigest()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    version = f"{stamp}-{digest[:8]}"
    atomic_write(creator_dir / f"{version}{MODEL_SUFFIX}", payload)
    meta = ModelMeta(
        schema=SCHEMA_VERSION,
        creator_id=model.creator_id,
        version=version,
        file=f"{version}{MODEL_SUFFIX}",
        sha256=digest,
        trained_at=model.trained_at_,
        n_posts=model.n_posts_,
        quality=quality or {},
        history_fingerprint=history_fingerprint or None,
    )
    atomic_write(creator_dir / "current.json", meta.to_json())
    return version


def read_meta(models_dir: Path, creator_id: str) -> ModelMeta:
    """The creator's ``current.json``; ModelNotFound without one, ModelFileError when unreadable."""
    path = Path(models_dir) / validate_creator_id(creator_id) / "current.json"
    try:
        return msgspec.json.decode(path.read_bytes(), type=ModelMeta)
    except FileNotFoundError:
        raise ModelNotFound(creator_id) from None
    except msgspec.ValidationError as exc:
        raise ModelFileError(f"{path} is not a model's metadata: {exc}") from exc
    except msgspec.DecodeError as exc:
        raise ModelFileError(f"{path} is not valid JSON: {exc}") from exc


def load_model(models_dir: Path, creator_id: str) -> tuple[CreatorModel, ModelMeta]:
    """The creator's current model and its metadata; refuses untrusted or damaged files."""
    meta = read_meta(models_dir, creator_id)
    path = Path(models_dir) / creator_id / Path(meta.file).name
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(f"{path} is named by current.json but missing") from None
    except OSError as exc:
        raise ModelFileError(f"{path} could not be read: {exc.strerror or exc}") from None
    if hashlib.sha256(payload).hexdigest() != meta.sha256:
        raise ModelFileError(f"{path} does not match its recorded checksum (truncated or altered); retrain the creator")
    if meta.schema != SCHEMA_VERSION:
        raise ModelFileError(
            f"the model of {creator_id!r} was written by another version of saveworthy (schema "
            f"{meta.schema}, this one reads {SCHEMA_VERSION}); retrain the creator"
        )
    try:
        model = model_from_bytes(payload)
    except ModelFileError as exc:
        raise ModelFileError(f"{path} {exc}") from None
    except (zipfile.BadZipFile, ValueError, KeyError, TypeError, OSError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path} could not be read: {exc}") from exc
    if not isinstance(model, CreatorModel):
        raise ModelFileError(f"{path} does not hold a creator model")
    model.excluded_hashtags_ = read_excluded_hashtags(models_dir, creator_id)
    return model, meta


EXCLUDED_HASHTAGS = "excluded_hashtags.json"  # beside current.json: the creator's, kept across retraining


def read_excluded_hashtags(models_dir: Path, creator_id: str) -> frozenset[str]:
    """The hashtags a creator asked never to be advised (none when they never said)."""
    path = Path(models_dir) / validate_creator_id(creator_id) / EXCLUDED_HASHTAGS
    try:
        return frozenset(msgspec.json.decode(path.read_bytes(), type=list[str]))
    except FileNotFoundError:
        return frozenset()
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise ModelFileError(f"{path} is not a list of hashtags: {exc}") from exc


def save_excluded_hashtags(models_dir: Path, creator_id: str, tags: frozenset[str] | set[str]) -> list[str]:
    """Replace the creator's excluded hashtags (written atomically); returns them sorted."""
    kept = sorted(tags)
    atomic_write(Path(models_dir) / validate_creator_id(creator_id) / EXCLUDED_HASHTAGS, msgspec.json.encode(kept))
    return kept


def list_creators(models_dir: Path) -> list[ModelMeta]:
    """Metadata of every creator with a current model, by creator id."""
    root = Path(models_dir)
    if not root.is_dir():
        return []
    out = []
    for child in sorted(root.iterdir()):
        if (child / "current.json").is_file() and CREATOR_ID_RE.match(child.name):
            try:
                out.append(read_meta(root, child.name))
            except ModelFileError:
                continue
    return out


STATS_FILE = "population_stats.npz"


def save_creator_stats(stats: CreatorStats, models_dir: Path) -> None:
    """Keep a creator's contribution to the population beside their model (numbers only, no posts)."""
    atomic_write(Path(models_dir) / validate_creator_id(stats.creator_id) / STATS_FILE, stats.to_bytes())


def read_creator_stats(path: Path) -> CreatorStats:
    """One statistics file; a damaged one reads as a creator with no posts (it costs the population
    that creator, never a training)."""
    try:
        return CreatorStats.from_bytes(Path(path).read_bytes())
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return CreatorStats.empty(Path(path).parent.name)


class StoredStats(NamedTuple):
    """Where a stored creator's statistics file is, and whether its history is synthetic."""

    path: Path
    synthetic: bool


def stored_stats_index(models_dir: Path, encoder: str) -> dict[str, StoredStats]:
    """Every stored creator's statistics file for ``encoder`` and its kind, by creator id, in id order.

    Only each file's small header entries are read (the matrices are read when the
    population is summed, one creator at a time); unreadable files are left out. A file
    written before histories could be marked synthetic is real.
    """
    root = Path(models_dir)
    out: dict[str, StoredStats] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.glob(f"*/{STATS_FILE}")):
        if not CREATOR_ID_RE.match(path.parent.name):
            continue
        try:
            with np.load(path, allow_pickle=False) as z:
                header = str(z["encoder"]), str(z["creator_id"])
                synthetic = stats_synthetic(z)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            continue
        if header == (encoder, path.parent.name):
            out[path.parent.name] = StoredStats(path, synthetic)
    return out


def stored_stats_files(models_dir: Path, encoder: str, *, synthetic: bool | None = None) -> dict[str, Path]:
    """Every stored creator's statistics file for ``encoder``, by creator id, in id order; with
    ``synthetic`` True or False only the creators of that kind (None: both)."""
    index = stored_stats_index(models_dir, encoder)
    return {cid: e.path for cid, e in index.items() if synthetic is None or e.synthetic == synthetic}


def stored_population_stats(
    models_dir: Path, encoder: str, *, without: str | None = None, synthetic: bool | None = None
) -> LazyStats:
    """The stored creators' statistics for ``encoder`` (all but ``without``; with ``synthetic``, only
    that kind's), read as they are summed."""
    files = stored_stats_files(models_dir, encoder, synthetic=synthetic)
    files = {cid: path for cid, path in files.items() if cid != without}
    return LazyStats(list(files), lambda cid: read_creator_stats(files[cid]))
