"""Hashtag advice a creator could reuse: never a campaign's or a brand's tag, never one they excluded.

Issue 30: a Vietnamese cook was told "Add #nuoctuongchinsu" (a soy-sauce sponsor's tag, 7 posts
within two months) for an unsponsored recipe. Every tag stays listed in insights, with its shrunk
estimate and why it is not advised; only reusable tags are advised.
"""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.fit.history_stats import hashtag_usage
from models.fit.store import load_model, read_excluded_hashtags, save_excluded_hashtags, save_model
from models.read.hashtag_rates import shrunk_hashtags
from models.read.scoring import score_drafts
from training.importers import read_history
from training.sample_data import generate_history

VN_LONG = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "devpool" / "vn-long.csv"


def _history():
    """240 planted posts over about a year, with two tags that save 2.5x: #promo on 8 posts of one
    month (a campaign) and #chinsu on 8 posts spread over the year, each mentioning @chinsu.vn (a brand)."""
    records = generate_history(240, seed=3, creator_id="tags")
    first_month = (records[0].created_at.year, records[0].created_at.month)
    in_month = [i for i, r in enumerate(records) if (r.created_at.year, r.created_at.month) == first_month][:8]
    spread = list(range(10, 240, 29))[:8]
    out = []
    for i, r in enumerate(records):
        if i in in_month:
            r = msgspec.structs.replace(r, caption=r.caption + " #promo", hashtags=(*r.hashtags, "promo"))
        if i in spread:
            r = msgspec.structs.replace(
                r, caption=r.caption + " with @chinsu.vn #chinsu", hashtags=(*r.hashtags, "chinsu")
            )
        if i in in_month or i in spread:
            r = msgspec.structs.replace(r, saves=min(r.views, r.saves * 5 // 2))
        out.append(r)
    return out


@pytest.fixture(scope="module")
def model():
    return CreatorModel("tags").fit(_history())


def _added(model, caption="Rice bowls for the week"):
    tips = {t.id: t for t in score_drafts(model, "v", [Draft(caption=caption)])[0].tips}
    tip = tips.get("relevant-hashtags")
    return tip.apply["hashtags"][-1] if tip and tip.apply else None


def test_usage_counts_months_and_brand_mentions():
    records = _history()
    usage = hashtag_usage(records, [r.hashtags for r in records])
    months, days, brand = usage["promo"]
    assert months == 1 and days <= 31 and brand == ""
    months, days, brand = usage["chinsu"]
    assert months >= 6 and days > 200 and brand == "@chinsu.vn"
    assert usage["mealprep"][0] >= 6 and usage["mealprep"][2] == ""


def test_campaign_and_brand_tags_are_listed_but_never_advised(model):
    rates = {r.hashtag: r for r in shrunk_hashtags(model)}
    assert rates["promo"].estimate_relative > 1.05 and rates["chinsu"].estimate_relative > 1.05  # they did save more
    assert not rates["promo"].reusable
    assert rates["promo"].not_reusable == "a short run: used in only 1 month of your history"
    assert not rates["chinsu"].reusable and "@chinsu.vn" in rates["chinsu"].not_reusable
    assert rates["mealprep"].reusable
    listed = list(rates)
    assert listed.index("mealprep") < listed.index("promo")  # reusable tags are listed first
    for caption in ("Rice bowls for the week", "Soup night #cooking", "Prep #lunchideas #healthyfood"):
        assert _added(model, caption) not in {"promo", "chinsu"}


def test_an_excluded_tag_is_stored_per_creator_and_never_advised(model, tmp_path):
    save_model(model, tmp_path)
    advised = _added(model)
    assert advised  # the planted #mealprep, say
    assert save_excluded_hashtags(tmp_path, "tags", {advised, "other"}) == sorted({advised, "other"})
    assert read_excluded_hashtags(tmp_path, "tags") == {advised, "other"}
    loaded, _ = load_model(tmp_path, "tags")
    assert _added(loaded) != advised
    rate = next(r for r in shrunk_hashtags(loaded) if r.hashtag == advised)
    assert rate.not_reusable == "excluded by you"
    save_model(loaded, tmp_path)  # retraining keeps the creator's list
    assert read_excluded_hashtags(tmp_path, "tags") == {advised, "other"}


@pytest.mark.slow
@pytest.mark.skipif(not VN_LONG.is_file(), reason=f"no real data at {VN_LONG}")
def test_a_sponsors_tag_is_not_advised_on_the_real_history():
    """anhdaubep_vn (vn-long.csv): #nuoctuongchinsu and the other sponsor tags ran for two months;
    their own #anhdaubep runs through the year."""
    real = CreatorModel("anhdaubep_vn").fit(read_history(VN_LONG, only_creator="anhdaubep_vn").records)
    rates = {r.hashtag: r for r in shrunk_hashtags(real)}
    assert rates["anhdaubep"].reusable
    for sponsor in ("nuoctuongchinsu", "nuoctuongchinsunhatban", "monngonvoinuoctuongcs", "meizan"):
        assert not rates[sponsor].reusable, rates[sponsor]
    flags = [r.reusable for r in rates.values()]
    assert flags == sorted(flags, reverse=True)  # insights list the reusable ones first
    for caption in ("Cơm gà xối mỡ giòn rụm tại nhà", "Canh chua cá lóc #nauan"):
        assert _added(real, caption) in {None, *(t for t, r in rates.items() if r.reusable)}
    # The same history's themes (issue 30: "mì, #koreno, #korenojumbo" showed a post with none of
    # them): every named theme is shown by posts that use a word of its name.
    for theme in real.themes_:
        words = theme.name.split(", ") if theme.name else []
        assert all(any(w in e.casefold() for w in words) for e in theme.examples) or not words, theme.name


def test_a_tag_on_a_quarter_of_the_posts_is_the_creators_own_however_short_its_run():
    """vn-long's meo99814 tags 84 of 152 posts #meotiktok, all within three months: their own tag."""
    records = generate_history(120, seed=4, creator_id="own")
    last = records[-40:]  # the latest third, a few weeks of posting
    tagged = [
        msgspec.structs.replace(r, caption=r.caption + " #mine", hashtags=(*r.hashtags, "mine")) if r in last else r
        for r in records
    ]
    model = CreatorModel("own").fit(tagged, themes=False)
    usage = model.hashtag_usage_["mine"]
    assert usage[1] < 90  # a short run by days
    rate = next(r for r in shrunk_hashtags(model) if r.hashtag == "mine")
    assert rate.reusable, rate
