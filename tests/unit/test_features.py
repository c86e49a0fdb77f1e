from datetime import UTC, datetime

import msgspec
import numpy as np
from numpy.testing import assert_allclose

from models.core.records import Draft
from models.fit.features import PostFeaturizer, draft_to_input, records_to_inputs
from tests.helpers import small_history


def _fitted():
    inputs = records_to_inputs(small_history(60), 0)
    return PostFeaturizer().fit(inputs), inputs


def test_meaning_block_is_the_pca_of_the_embedding():
    featurizer, inputs = _fitted()
    from sklearn.decomposition import PCA

    from models.fit.features import meaning_texts
    from models.text.embeddings import embed_texts

    embeddings = embed_texts(meaning_texts(inputs[:5]))
    got = featurizer.transform(inputs[:5], embeddings)[:, featurizer.meaning_slice()]
    # The kept components are those of a PCA with just that many, fitted on the history.
    pca = PCA(n_components=featurizer.n_meaning_, random_state=0).fit(embed_texts(meaning_texts(inputs)))
    assert_allclose(got, pca.transform(embeddings), atol=1e-5)


def test_unknown_metadata_is_filled_with_history_average():
    featurizer, _inputs = _fitted()
    unplanned = draft_to_input(Draft(caption="lentil soup"), last_post_at=None, utc_offset_min=0)
    row = featurizer.transform([unplanned])[0]
    blocks = [featurizer.column(f"block={b}") for b in range(8)]
    assert_allclose(row[blocks], featurizer.fill_[blocks])
    assert abs(row[blocks].sum() - 1.0) < 1e-9  # a distribution over blocks, not "none of them"


def test_planned_time_uses_the_creator_clock():
    featurizer, _ = _fitted()
    planned = Draft(caption="x", planned_at=datetime(2026, 3, 5, 19, 30, tzinfo=UTC))  # Thursday
    post = draft_to_input(planned, last_post_at=datetime(2026, 3, 4, 19, 30, tzinfo=UTC), utc_offset_min=120)
    assert (post.hour, post.weekday, post.gap_hours) == (21, 3, 24.0)
    row = featurizer.transform([post])[0]
    assert row[featurizer.column("block=7")] == 1.0 and row[featurizer.column("weekday=3")] == 1.0


def test_hashtag_columns_only_for_common_tags():
    records = small_history(60)
    # one post carries a tag nobody else uses: too rare to learn from, so no column
    records[0] = msgspec.structs.replace(records[0], hashtags=("mealprep", "onceonly"))
    inputs = records_to_inputs(records, 0)
    featurizer = PostFeaturizer().fit(inputs)
    assert "mealprep" in featurizer.hashtags_ and "onceonly" not in featurizer.hashtags_
    assert "#onceonly" not in featurizer.feature_names_
    column = featurizer.column("#mealprep")
    assert np.all(featurizer.transform(inputs)[:, column] == 1.0)
