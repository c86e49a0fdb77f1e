"""Real histories are messy: whatever the history and the draft, every number a score carries is
finite and plausible (within the creator's observed range, widened by the stated margin)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models.core.records import SOUNDS, Draft, PostRecord
from models.fit.creator_model import CreatorModel
from models.fit.estimator import PREDICTION_MARGIN
from models.read.scoring import score_drafts

WORDS = ("pho", "recipe", "gem", "den", "lưu", "lại", "cách", "nấu", "valg", "Danmark", "😂", "tips", "how", "to")
CAPTIONS = st.one_of(
    st.just(""),
    st.sampled_from(WORDS),  # one word
    st.lists(st.sampled_from(WORDS), min_size=2, max_size=12).map(" ".join),
    st.sampled_from(("same caption again", "same caption again #tag", "#only #hashtags", "@someone 🔥🔥🔥")),
)


@st.composite
def histories(draw):
    n = draw(st.integers(8, 80))
    date_only = draw(st.booleans())  # uploads known by date only, as in real exports
    constant_views = draw(st.booleans())
    start = datetime(2025, 1, 1, tzinfo=UTC)
    posts = []
    for i in range(n):
        views = 1000 if constant_views else draw(st.integers(0, 2_000_000))
        saves = draw(st.integers(0, max(0, views // 20)))
        hours = 24 * i if date_only else 24 * i + draw(st.integers(0, 23))
        posts.append(
            PostRecord(
                post_id=f"p{i}",
                created_at=start + timedelta(hours=hours),
                caption=draw(CAPTIONS),
                views=views,
                saves=saves,
                duration_s=draw(st.one_of(st.none(), st.floats(1, 600))),
                sound=draw(st.one_of(st.none(), st.sampled_from(SOUNDS))),
            )
        )
    return posts


DRAFTS = st.builds(
    Draft,
    caption=CAPTIONS,
    planned_at=st.one_of(st.none(), st.datetimes(datetime(2024, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))),
    duration_s=st.one_of(st.none(), st.floats(0.5, 3600)),
    sound=st.one_of(st.none(), st.sampled_from(SOUNDS)),
    text_overlay=st.one_of(st.none(), st.booleans()),
    expected_views=st.one_of(st.none(), st.integers(0, 10_000_000)),
)


def _finite(*values: float) -> bool:
    return all(v is not None and math.isfinite(v) for v in values)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(history=histories(), drafts=st.lists(DRAFTS, min_size=1, max_size=4))
def test_scores_are_finite_and_within_the_creators_range(history, drafts):
    model = CreatorModel("messy").fit(history)
    low = float(model.post_rates_.min()) / math.exp(PREDICTION_MARGIN) * 0.999
    high = float(model.post_rates_.max()) * math.exp(PREDICTION_MARGIN) * 1.001
    for score in score_drafts(model, "v", drafts):
        rate = score.predicted_saves_per_1k
        assert _finite(rate, score.interval.low, score.interval.high, score.percentile), score
        # Never beyond what this creator has ever done, widened by the stated margin (and the interval's spread).
        assert low <= rate <= high, (rate, low, high)
        assert 0.0 <= score.interval.low <= rate <= score.interval.high <= high * np.exp(5), score.interval
        assert 0.0 <= score.percentile <= 100.0
        if score.expected_saves is not None:
            assert _finite(score.expected_saves) and score.expected_saves >= 0
        for tip in score.tips:
            impact = tip.expected_impact
            assert _finite(impact.saves_per_1k, impact.relative, impact.interval.low, impact.interval.high), tip
            assert impact.interval.low <= impact.saves_per_1k <= impact.interval.high, tip
            # The draft and its changed version are each within [low, high], so neither can be
            # more than high / low times the other (a wide-ranging creator's tip can exceed 9x).
            assert -1.0 <= impact.relative <= high / low - 1.0, tip


def test_near_duplicate_captions_and_dates_without_times_do_not_explode():
    """The traced real case: ~45 posts, dates only, a few near-duplicate captions."""
    start = datetime(2025, 3, 1, tzinfo=UTC)
    rng = np.random.default_rng(3)
    history = []
    for i in range(45):
        caption = "Dagens tale om velfærd" if i % 3 else f"Valgmøde i aften kl. 19 nr {i}"
        views = int(rng.integers(500, 50_000))
        history.append(
            PostRecord(
                post_id=str(i),
                created_at=start + timedelta(days=i),
                caption=caption,
                views=views,
                saves=int(rng.integers(0, max(1, views // 100))),
            )
        )
    model = CreatorModel("dk").fit(history)
    drafts = [Draft(caption=c) for c in ("", "Ny video", "Dagens tale om velfærd og skat", "🔥", "x" * 500)]
    rates = [s.predicted_saves_per_1k for s in score_drafts(model, "v", drafts)]
    assert all(math.isfinite(r) for r in rates)
    assert max(rates) <= float(model.post_rates_.max()) * math.exp(PREDICTION_MARGIN) * 1.001


def test_a_draft_without_caption_scores():
    start = datetime(2025, 3, 1, 12, tzinfo=UTC)
    history = [
        PostRecord(
            post_id=str(i),
            created_at=start + timedelta(days=i),
            caption="" if i % 4 == 0 else f"post {i}",
            views=1000 + 37 * i,
            saves=10 + i % 7,
        )
        for i in range(20)
    ]
    model = CreatorModel("quiet").fit(history)
    (score,) = score_drafts(model, "v", [Draft()])
    assert score.predicted_saves_per_1k > 0
    assert {t.id for t in score.tips} >= {"save-cta"}  # a caption-less draft can still ask for saves


def test_a_draft_too_short_to_identify_is_advised_in_the_creators_language():
    """An empty or one-word draft of a Danish creator gets Danish advice, not English."""
    start = datetime(2025, 3, 1, 12, tzinfo=UTC)
    captions = (
        "Dagens tale om velfærd og skat",
        "Vi skal have flere sygeplejersker i Danmark",
        "Tak for en god debat i aften",
        "Hvad synes du om den nye aftale",
    )
    history = [
        PostRecord(
            post_id=str(i),
            created_at=start + timedelta(days=i),
            caption=captions[i % 4],
            views=1000 + 37 * i,
            saves=10 + i % 7,
        )
        for i in range(12)
    ]
    model = CreatorModel("dk").fit(history)
    assert model.language == "da"
    for draft in (Draft(), Draft(caption="Valg")):
        tips = {t.id: t for t in score_drafts(model, "v", [draft])[0].tips}
        assert "Gem" in tips["save-cta"].advice, tips["save-cta"].advice
