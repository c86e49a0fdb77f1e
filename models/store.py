"""Per-creator model files: skops (no pickle), versioned, written atomically.

Layout under the models directory::

    <creator_id>/<version>.skops   one file per trained version, never rewritten
    <creator_id>/current.json      which version serves, with its quality report

A version file is written to a temporary name and ``os.replace``d into place, then
``current.json`` is swapped the same way, so a crash mid-training leaves the last good
model serving. Loading refuses any type outside ``TRUSTED_TYPES``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from models.creator_model import CreatorModel
from models.population import CreatorStats


def _import_skops_lightly():
    """``import skops.io`` without importing all of scikit-learn, and torch with it.

    At import, skops lists scikit-learn's estimators (``sklearn.utils.all_estimators``) to
    build its *default* trusted types. That crawl imports every scikit-learn module (about
    a second), and walks every package under ``sklearn`` on the way, including
    ``sklearn.externals.array_api_compat.torch``, which imports torch (about 3 s and
    300 MB) whenever torch is installed. This store never relies on skops' defaults: it
    loads with its own ``TRUSTED_TYPES`` and refuses anything else. So, for the import
    only, the crawl finds nothing (restored afterwards): scoring never pays for torch, and
    skops' default trust is, if anything, narrower.
    """
    import sys

    if "skops.io" in sys.modules:
        return sys.modules["skops.io"]
    import sklearn.utils

    crawl = sklearn.utils.all_estimators
    sklearn.utils.all_estimators = lambda type_filter=None: []
    try:
        import skops.io
    finally:
        sklearn.utils.all_estimators = crawl
    return skops.io


sio = _import_skops_lightly()

# 2: models shrink towards a recorded prior and name their caption encoder; a schema-1
# model has neither, so it must be retrained rather than scored.
# 3: models keep their time-split test (``CreatorModel.evaluation_``), which scores and
# insights read to say when the model does not beat the creator's own mean.
SCHEMA_VERSION = 3
CREATOR_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")

# Our own classes plus the scikit-learn/numpy pieces they hold; nothing else loads.
TRUSTED_TYPES = [
    "models.creator_model.CreatorModel",
    "models.estimator.SaveRateModel",
    "models.features.PostFeaturizer",
    "models.population.LinearPrior",
    "sklearn.decomposition._pca.PCA",
    "sklearn.preprocessing._data.StandardScaler",
    "numpy.float64",
    "numpy.float32",
    "numpy.int64",
    "numpy.dtype",
    "builtins.tuple",
]


class ModelNotFound(LookupError):
    """No trained model for this creator in the models directory."""


class ModelFileError(RuntimeError):
    """A model file exists but cannot be trusted or read (truncated, tampered, foreign types)."""


def validate_creator_id(creator_id: str) -> str:
    """Creator ids become directory names: keep them to a safe alphabet."""
    if not CREATOR_ID_RE.match(creator_id or ""):
        raise ValueError(
            f"invalid creator id {creator_id!r}: use 1-128 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return creator_id


def atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_model(
    model: CreatorModel, models_dir: Path, *, quality: dict | None = None, history_fingerprint: str | None = None
) -> str:
    """Store a fitted model as a new version and make it current; returns the version.

    ``history_fingerprint`` (what the model was trained on, see ``training.parallel``) lets a
    rerun tell an unchanged creator from a changed one without reading the model.
    """
    creator_dir = Path(models_dir) / validate_creator_id(model.creator_id)
    payload = sio.dumps(model)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    version = f"{stamp}-{hashlib.sha256(payload).hexdigest()[:8]}"
    atomic_write(creator_dir / f"{version}.skops", payload)
    meta = {
        "schema": SCHEMA_VERSION,
        "creator_id": model.creator_id,
        "version": version,
        "file": f"{version}.skops",
        "sha256": hashlib.sha256(payload).hexdigest(),
        "trained_at": model.trained_at_,
        "n_posts": model.n_posts_,
        "quality": quality or {},
    }
    if history_fingerprint:
        meta["history_fingerprint"] = history_fingerprint
    atomic_write(creator_dir / "current.json", json.dumps(meta, indent=2).encode())
    return version


def read_meta(models_dir: Path, creator_id: str) -> dict:
    path = Path(models_dir) / validate_creator_id(creator_id) / "current.json"
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        raise ModelNotFound(creator_id) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path} is not valid JSON: {exc}") from exc


def load_model(models_dir: Path, creator_id: str) -> tuple[CreatorModel, dict]:
    """The creator's current model and its metadata; refuses untrusted or damaged files."""
    meta = read_meta(models_dir, creator_id)
    path = Path(models_dir) / creator_id / Path(meta["file"]).name
    try:
        payload = path.read_bytes()
    except FileNotFoundError:
        raise ModelFileError(f"{path} is named by current.json but missing") from None
    if hashlib.sha256(payload).hexdigest() != meta.get("sha256"):
        raise ModelFileError(f"{path} does not match its recorded checksum (truncated or altered); retrain the creator")
    try:
        untrusted = set(sio.get_untrusted_types(data=payload)) - set(TRUSTED_TYPES)
        if untrusted:
            raise ModelFileError(f"{path} holds types that are not trusted: {sorted(untrusted)}")
        model = sio.loads(payload, trusted=TRUSTED_TYPES)
    except ModelFileError:
        raise
    except (zipfile.BadZipFile, ValueError, KeyError, TypeError, OSError) as exc:
        raise ModelFileError(f"{path} could not be read: {exc}") from exc
    if not isinstance(model, CreatorModel):
        raise ModelFileError(f"{path} does not hold a creator model")
    if meta.get("schema") != SCHEMA_VERSION:
        raise ModelFileError(
            f"the model of {creator_id!r} was written by another version of saveworthy (schema "
            f"{meta.get('schema')}, this one reads {SCHEMA_VERSION}); retrain the creator"
        )
    return model, meta


def list_creators(models_dir: Path) -> list[dict]:
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


def load_population_stats(models_dir: Path, encoder: str) -> dict[str, CreatorStats]:
    """Every stored creator's population statistics for ``encoder``; unreadable files are skipped."""
    root = Path(models_dir)
    out: dict[str, CreatorStats] = {}
    if not root.is_dir():
        return out
    for path in sorted(root.glob(f"*/{STATS_FILE}")):
        if not CREATOR_ID_RE.match(path.parent.name):
            continue
        try:
            stats = CreatorStats.from_bytes(path.read_bytes())
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            continue  # a damaged file costs the population one creator, never a training
        if stats.encoder == encoder and stats.creator_id == path.parent.name:
            out[stats.creator_id] = stats
    return out
