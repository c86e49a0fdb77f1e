from models.fit.creator_model import CreatorModel
from tests.helpers import small_history
from training.evaluate import evaluate_creator, split_by_time


def test_split_by_time_never_puts_future_in_train():
    history = small_history(50)[::-1]  # given out of order on purpose
    train, test = split_by_time(history)
    assert len(test) == 10
    assert max(r.created_at for r in train) < min(r.created_at for r in test)


class SpyModel(CreatorModel):
    seen = None

    def fit(self, records, **kwargs):
        SpyModel.seen = list(records)
        return super().fit(records, **kwargs)


def test_evaluation_trains_only_on_the_past():
    history = small_history(60)
    report = evaluate_creator(history, "small", model=SpyModel("small"))
    latest_train = max(r.created_at for r in SpyModel.seen)
    _, test = split_by_time(history)
    assert latest_train < min(r.created_at for r in test)
    assert report.n_train == len(SpyModel.seen) == 48 and report.n_test == 12
    assert set(report.baselines) == {"creator_mean", "creator_median", "recent_mean", "hashtag_only"}
    assert report.baselines["creator_mean"].spearman == 0.0  # a constant has no ranking
    assert report.baselines["creator_median"].spearman == 0.0
