"""The track record's rules: what a fingerprint ignores, which posts pair with which drafts, what expires,
and the running figures with their ranges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from models.core.records import PostRecord
from models.core.results import Interval
from models.read.track_record import (
    KEPT_DAYS,
    MAX_DRAFTS,
    Priced,
    TrackedPair,
    caption_fingerprint,
    interval_coverage,
    match_posts,
    ordered_right,
    read_track_file,
    remember_scores,
    track_record,
)

T0 = datetime(2026, 11, 1, 12, tzinfo=UTC)


def _priced(caption: str, predicted: float = 10.0) -> Priced:
    return Priced(caption, None, predicted, Interval(low=predicted * 0.5, high=predicted * 2))


def _post(post_id: str, caption: str, at: datetime, saves: int, views: int = 1000) -> PostRecord:
    return PostRecord(post_id=post_id, created_at=at, caption=caption, views=views, saves=saves)


def test_fingerprint_ignores_hashtags_case_and_spacing_but_not_words_or_creator():
    a = caption_fingerprint("c", "Five lunches in an hour. Save this! #mealprep")
    assert a == caption_fingerprint("c", "five  LUNCHES in an hour. save this!\n")
    assert a != caption_fingerprint("c", "Six lunches in an hour. Save this!")
    assert a != caption_fingerprint("d", "Five lunches in an hour. Save this!")
    assert caption_fingerprint("c", "#justtags #fyp") is None and caption_fingerprint("c", "") is None


def test_a_post_pairs_once_with_the_latest_price_and_never_before_it_was_priced(tmp_path):
    remember_scores(tmp_path, "c", "v1", [_priced("soup", 8.0), _priced("oats", 12.0)], now=T0)
    remember_scores(tmp_path, "c", "v2", [_priced("oats", 14.0)], now=T0 + timedelta(hours=1))
    posts = [
        _post("old", "soup", T0 - timedelta(days=3), 5),  # posted before the draft was priced: no pair
        _post("new", "oats", T0 + timedelta(days=1), 20),
    ]
    assert match_posts(tmp_path, "c", posts, now=T0 + timedelta(days=2)) == 1
    assert match_posts(tmp_path, "c", posts, now=T0 + timedelta(days=2)) == 0  # the same history again
    record = track_record(tmp_path, "c")
    (pair,) = record.pairs
    assert (pair.model_version, pair.predicted_saves_per_1k, pair.saved_per_1k, pair.inside) == ("v2", 14.0, 20.0, True)
    assert record.drafts_waiting == 1  # soup still waits for a post made after it was priced


def test_waiting_drafts_expire_and_are_capped(tmp_path):
    remember_scores(tmp_path, "c", "v", [_priced("old draft")], now=T0)
    remember_scores(tmp_path, "c", "v", [_priced("new draft")], now=T0 + timedelta(days=KEPT_DAYS + 1))
    assert len(read_track_file(tmp_path, "c").drafts) == 1
    remember_scores(tmp_path, "c", "v", [_priced(f"draft {i}") for i in range(MAX_DRAFTS + 5)], now=T0)
    assert len(read_track_file(tmp_path, "c").drafts) == MAX_DRAFTS


def _pair(day: float, predicted: float, saved: float, inside: bool = True) -> TrackedPair:
    at = (T0 + timedelta(days=day)).isoformat()
    return TrackedPair(
        fingerprint=f"f{day}",
        model_version="v",
        predicted_saves_per_1k=predicted,
        low=0,
        high=1,
        planned_at=None,
        scored_at=at,
        posted_at=at,
        saved_per_1k=saved,
        inside=inside,
        post_key=f"k{day}",
    )


def test_order_counts_only_posts_at_most_two_weeks_apart_and_ranges_come_with_enough_pairs():
    three = [_pair(0, 1, 1), _pair(1, 2, 3), _pair(30, 0, 9)]  # the third is far from both
    figure = ordered_right(three)
    assert (figure.count, figure.share, figure.low) == (1, 1.0, None)
    rising = [_pair(d, d, d + (3 if d % 3 == 0 else 0)) for d in range(12)]
    many = ordered_right(rising)
    assert many.count == 66 and many.low is not None and many.low <= many.share <= many.high < 1.0 + 1e-9


def test_coverage_has_a_wilson_range_from_eight_pairs():
    assert interval_coverage([_pair(d, 1, 1, inside=d < 2) for d in range(4)]).low is None
    figure = interval_coverage([_pair(d, 1, 1, inside=d < 8) for d in range(10)])
    assert figure.share == 0.8 and 0.6 < figure.low < 0.8 < figure.high < 0.95
