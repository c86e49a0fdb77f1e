import json

import numpy as np
import pytest
import skops.io as sio

from models.creator_model import CreatorModel, HistoryTooShort
from models.records import Draft
from models.scoring import score_drafts
from models.store import ModelFileError, ModelNotFound, list_creators, load_model, save_model, validate_creator_id
from tests.helpers import small_history


@pytest.fixture(scope="module")
def fitted() -> CreatorModel:
    return CreatorModel("small").fit(small_history(40))


def test_store_round_trip_predicts_identically(fitted, tmp_path):
    version = save_model(fitted, tmp_path, quality={"note": "x"})
    loaded, meta = load_model(tmp_path, "small")
    assert meta["version"] == version and meta["quality"] == {"note": "x"}
    drafts = [Draft(caption="lentil soup for the week #mealprep"), Draft(caption="banana bread. Save this!")]
    a = score_drafts(fitted, version, drafts)
    b = score_drafts(loaded, version, drafts)
    assert [s.predicted_saves_per_1k for s in a] == [s.predicted_saves_per_1k for s in b]
    assert [[t.id for t in s.tips] for s in a] == [[t.id for t in s.tips] for s in b]


def test_store_new_version_becomes_current_and_old_file_stays(fitted, tmp_path):
    v1 = save_model(fitted, tmp_path)
    v2 = save_model(fitted, tmp_path)
    assert v1 != v2
    assert load_model(tmp_path, "small")[1]["version"] == v2
    assert (tmp_path / "small" / f"{v1}.skops").exists()
    assert [m["creator_id"] for m in list_creators(tmp_path)] == ["small"]


def test_store_refuses_truncated_file(fitted, tmp_path):
    version = save_model(fitted, tmp_path)
    path = tmp_path / "small" / f"{version}.skops"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ModelFileError, match="checksum"):
        load_model(tmp_path, "small")


def test_store_refuses_untrusted_types_even_with_matching_checksum(tmp_path):
    import hashlib
    import os

    payload = sio.dumps({"call": os.system, "f": np.ones(2)})  # a function a loader must never resolve
    creator_dir = tmp_path / "evil"
    creator_dir.mkdir()
    (creator_dir / "v.skops").write_bytes(payload)
    meta = {"file": "v.skops", "sha256": hashlib.sha256(payload).hexdigest(), "version": "v"}
    (creator_dir / "current.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="not trusted"):
        load_model(tmp_path, "evil")


def test_store_unknown_creator(tmp_path):
    with pytest.raises(ModelNotFound):
        load_model(tmp_path, "nobody")


@pytest.mark.parametrize("bad", ["../etc", "", "a/b", ".hidden", "x" * 200])
def test_creator_ids_are_safe_directory_names(bad):
    with pytest.raises(ValueError):
        validate_creator_id(bad)


def test_crash_while_saving_keeps_last_good_model(fitted, tmp_path, monkeypatch):
    good = save_model(fitted, tmp_path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("models.store.os.replace", boom)
    with pytest.raises(OSError):
        save_model(fitted, tmp_path)
    monkeypatch.undo()
    assert load_model(tmp_path, "small")[1]["version"] == good
    assert not list((tmp_path / "small").glob("*.tmp"))


def test_too_short_history_is_a_clear_error():
    with pytest.raises(HistoryTooShort, match="at least"):
        CreatorModel("tiny").fit(small_history(2))


def test_store_refuses_a_model_from_an_older_schema(fitted, tmp_path):
    """A model written before models named their encoder and prior is retrained, not scored wrongly."""
    save_model(fitted, tmp_path)
    meta_path = tmp_path / "small" / "current.json"
    meta = json.loads(meta_path.read_text())
    meta["schema"] = 1
    meta_path.write_text(json.dumps(meta))
    with pytest.raises(ModelFileError, match="retrain the creator"):
        load_model(tmp_path, "small")
