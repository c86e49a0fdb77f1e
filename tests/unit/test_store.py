import json

import numpy as np
import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel, HistoryTooShort
from models.fit.store import (
    ModelFileError,
    ModelNotFound,
    list_creators,
    load_model,
    model_from_bytes,
    model_to_bytes,
    save_model,
    validate_creator_id,
)
from models.read.scoring import score_drafts
from tests.helpers import small_history


@pytest.fixture(scope="module")
def fitted() -> CreatorModel:
    return CreatorModel("small").fit(small_history(40))


def test_store_round_trip_predicts_identically(fitted, tmp_path):
    version = save_model(fitted, tmp_path, quality={"note": "x"})
    loaded, meta = load_model(tmp_path, "small")
    assert meta.version == version and meta.quality == {"note": "x"}
    drafts = [Draft(caption="lentil soup for the week #mealprep"), Draft(caption="banana bread. Save this!")]
    a = score_drafts(fitted, version, drafts)
    b = score_drafts(loaded, version, drafts)
    assert [s.predicted_saves_per_1k for s in a] == [s.predicted_saves_per_1k for s in b]
    assert [[t.id for t in s.tips] for s in a] == [[t.id for t in s.tips] for s in b]


def test_store_new_version_becomes_current_and_old_file_stays(fitted, tmp_path):
    v1 = save_model(fitted, tmp_path)
    v2 = save_model(fitted, tmp_path)
    assert v1 != v2
    assert load_model(tmp_path, "small")[1].version == v2
    assert (tmp_path / "small" / f"{v1}.npz").exists()
    assert [m.creator_id for m in list_creators(tmp_path)] == ["small"]


def test_store_refuses_truncated_file(fitted, tmp_path):
    version = save_model(fitted, tmp_path)
    path = tmp_path / "small" / f"{version}.npz"
    path.write_bytes(path.read_bytes()[:100])
    with pytest.raises(ModelFileError, match="checksum"):
        load_model(tmp_path, "small")


def _plant(tmp_path, creator: str, payload: bytes) -> None:
    """A version file with a matching checksum and current schema: only its content is wrong."""
    import hashlib

    from models.fit.store import SCHEMA_VERSION

    creator_dir = tmp_path / creator
    creator_dir.mkdir()
    (creator_dir / "v.npz").write_bytes(payload)
    meta = {"schema": SCHEMA_VERSION, "file": "v.npz", "sha256": hashlib.sha256(payload).hexdigest(), "version": "v"}
    (creator_dir / "current.json").write_text(json.dumps(meta))


def _archive(state: dict, **arrays) -> bytes:
    import io

    buffer = io.BytesIO()
    np.savez(buffer, state=np.frombuffer(json.dumps(state).encode(), dtype=np.uint8), **arrays)
    return buffer.getvalue()


def test_store_refuses_untrusted_types_even_with_matching_checksum(tmp_path):
    # A file naming a class outside the stored types (here a function a loader must never resolve).
    _plant(tmp_path, "evil", _archive({"$object": "os.system", "state": {}}))
    with pytest.raises(ModelFileError, match="not trusted"):
        load_model(tmp_path, "evil")


def test_store_never_unpickles(tmp_path):
    import io

    buffer = io.BytesIO()
    np.savez(buffer, state=np.frombuffer(b'{"$array": "a0"}', dtype=np.uint8), a0=np.array([print], dtype=object))
    _plant(tmp_path, "pickled", buffer.getvalue())
    with pytest.raises(ModelFileError, match="could not be read"):
        load_model(tmp_path, "pickled")


def test_store_refuses_a_stored_struct_with_fields_it_does_not_have(tmp_path):
    _plant(tmp_path, "odd", _archive({"$object": "TimeCell", "state": {"weekday": 1, "command": "rm"}}))
    with pytest.raises(ModelFileError, match="TimeCell that does not fit"):
        load_model(tmp_path, "odd")


def test_store_refuses_a_file_that_is_no_creator_model(tmp_path):
    _plant(tmp_path, "plain", _archive({"$array": "a0"}, a0=np.ones(2)))
    with pytest.raises(ModelFileError, match="does not hold a creator model"):
        load_model(tmp_path, "plain")


def test_stored_model_keeps_every_learned_value(fitted):
    loaded = model_from_bytes(model_to_bytes(fitted))
    for name, value in vars(fitted).items():
        if name in ("estimator", "estimator_"):  # the parameter is not stored; the fitted one is compared below
            continue
        got = getattr(loaded, name)
        assert type(got) is type(value), name
        if isinstance(value, np.ndarray):
            np.testing.assert_array_equal(got, value)
        else:
            assert repr(got) == repr(value), name
    assert loaded.estimator is None
    est, back = fitted.estimator_, loaded.estimator_
    for name in ("coef_", "boot_coef_", "center_", "scale_", "column_weight_", "residual_quantiles_"):
        np.testing.assert_array_equal(getattr(back, name), getattr(est, name))
    np.testing.assert_array_equal(back.featurizer_.meaning_components_, est.featurizer_.meaning_components_)
    assert back.featurizer_.hashtags_ == est.featurizer_.hashtags_ and back.bounds_ == est.bounds_
    assert back.effects() == est.effects()


def test_stored_model_gives_the_same_insights_and_tips(fitted, tmp_path):
    """The typed hashtag and time statistics come back as themselves, so what a creator reads is unchanged."""
    from datetime import UTC, datetime

    import msgspec

    from models.fit.history_stats import HashtagStat, TimeCell
    from models.fit.themes import ThemeStat
    from models.read.insights import build_insights

    version = save_model(fitted, tmp_path)
    loaded, meta = load_model(tmp_path, "small")
    assert loaded.hashtag_stats_ == fitted.hashtag_stats_ and loaded.time_stats_ == fitted.time_stats_
    assert all(type(s) is HashtagStat for s in loaded.hashtag_stats_) and loaded.hashtag_stats_
    assert all(type(c) is TimeCell for c in loaded.time_stats_) and loaded.time_stats_
    assert all(type(t) is ThemeStat for t in loaded.themes_) and loaded.themes_
    for back, theme in zip(loaded.themes_, fitted.themes_, strict=True):
        np.testing.assert_array_equal(back.centroid, theme.centroid)
        assert (back.name, back.posts, back.examples) == (theme.name, theme.posts, theme.examples)
    assert msgspec.to_builtins(build_insights(loaded, meta)) == msgspec.to_builtins(build_insights(fitted, meta))
    planned = datetime(2026, 3, 3, 8, 30, tzinfo=UTC)
    drafts = [Draft(caption="lentil soup for the week", planned_at=planned, duration_s=90.0)]
    a, b = (msgspec.to_builtins(score_drafts(m, version, drafts)) for m in (fitted, loaded))
    assert a == b and a[0]["tips"]


def test_scoring_a_stored_model_needs_no_scikit_learn(fitted, tmp_path):
    """A stored model is rebuilt without scikit-learn's classes: the estimator comes back as its predictor."""
    from models.fit.estimator import SaveRateModel
    from models.fit.predictor import SaveRatePredictor

    save_model(fitted, tmp_path)
    loaded, _ = load_model(tmp_path, "small")
    assert type(loaded.estimator_) is SaveRatePredictor and isinstance(fitted.estimator_, SaveRateModel)
    assert not any(type(v).__module__.startswith("sklearn") for v in vars(loaded.estimator_.featurizer_).values())


def test_store_unknown_creator(tmp_path):
    with pytest.raises(ModelNotFound):
        load_model(tmp_path, "nobody")


@pytest.mark.parametrize("bad", ["../etc", "", "a/b", ".hidden", "-flag", "x" * 200])
def test_creator_ids_are_safe_directory_names(bad):
    with pytest.raises(ValueError):
        validate_creator_id(bad)


@pytest.mark.parametrize("good", ["_ttqueen", "_trinhhavi_", "anna.cooks", "a-b_c.9"])
def test_real_tiktok_usernames_are_creator_ids(good):
    # TikTok handles may begin with an underscore; a history of such creators must train.
    assert validate_creator_id(good) == good


def test_crash_while_saving_keeps_last_good_model(fitted, tmp_path, monkeypatch):
    good = save_model(fitted, tmp_path)

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("models.core.atomic_files.os.replace", boom)
    with pytest.raises(OSError):
        save_model(fitted, tmp_path)
    monkeypatch.undo()
    assert load_model(tmp_path, "small")[1].version == good
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


def test_current_json_keeps_its_layout_and_metadata_comes_back_typed(fitted, tmp_path):
    """Models stored before ModelMeta existed must still load: the file is the same JSON object."""
    version = save_model(fitted, tmp_path, quality={"note": "x"}, history_fingerprint="abc")
    written = json.loads((tmp_path / "small" / "current.json").read_text())
    assert list(written) == [
        "schema", "creator_id", "version", "file", "sha256", "trained_at", "n_posts", "quality", "history_fingerprint"
    ]  # fmt: skip
    assert written["version"] == version and written["file"] == f"{version}.npz"
    del written["history_fingerprint"]  # as written before fingerprints existed
    (tmp_path / "small" / "current.json").write_text(json.dumps(written))
    _, meta = load_model(tmp_path, "small")
    assert (meta.version, meta.n_posts, meta.history_fingerprint) == (version, 40, None)
    save_model(fitted, tmp_path)
    assert "history_fingerprint" not in json.loads((tmp_path / "small" / "current.json").read_text())


@pytest.mark.parametrize("content", ["[1, 2]", '{"version": "v"}', '{"version": 3, "file": "v.npz"}'])
def test_metadata_of_the_wrong_shape_is_a_model_file_error(tmp_path, content):
    (tmp_path / "odd").mkdir()
    (tmp_path / "odd" / "current.json").write_text(content)
    with pytest.raises(ModelFileError, match="not a model's metadata"):
        load_model(tmp_path, "odd")
