import pytest

from models.signals import detect_signals, extract_hashtags, strip_for_meaning


@pytest.mark.parametrize(
    "caption",
    [
        "Save this for later!",
        "bookmark this for your next grocery run",
        "Guarda esto para después",
        "Salve esse post pra depois",
        "Enregistre cette vidéo pour plus tard",
        "Speicher dir das für später",
        "Lưu lại video này để xem sau nhé",
        "Simpan video ini buat nanti",
        "three dinners 🔖",
    ],
)
def test_signals_save_cta_detected_across_languages(caption):
    assert detect_signals(caption).save_cta


@pytest.mark.parametrize(
    "caption",
    ["Save money on groceries with this trick", "my weekend in Lisbon", "Saving throw fails again lol", ""],
)
def test_signals_save_cta_not_triggered_by_other_uses(caption):
    assert not detect_signals(caption).save_cta


@pytest.mark.parametrize(
    "caption",
    [
        "How to fold a fitted sheet",
        "3 tips for crispy tofu",
        "Paso a paso: pan casero",
        "Hướng dẫn pha cà phê",
        "5 consejos para dormir",
    ],
)
def test_signals_informative_detected(caption):
    assert detect_signals(caption).informative


def test_signals_question_in_any_script():
    assert detect_signals("¿Qué le añadirías").question
    assert detect_signals("Which one first?").engage
    assert not detect_signals("Dinner is ready").question


def test_signals_counts_hashtags_mentions_emoji():
    s = detect_signals("Lunch with @ana 🍜🔥 #mealprep #càphê")
    assert s.n_hashtags == 2 and s.n_mentions == 1 and s.n_emoji == 2 and s.collab


def test_extract_hashtags_unicode_lowercase_dedup():
    assert extract_hashtags("#CàPhê sữa #cafe #CAFE x") == ("càphê", "cafe")


def test_strip_for_meaning_drops_cta_tags_and_mentions_only():
    text = strip_for_meaning("Crispy tofu in 10 minutes. Save this for later! #tofu @chef")
    assert text == "Crispy tofu in 10 minutes."


def test_matched_phrases_for_highlighting():
    from models.signals import matched_phrases

    assert matched_phrases("Crispy tofu. Save this for later 🔖 #savethis", "save_cta") == ["save this", "🔖"]
    assert matched_phrases("Which one first?", "engage") == ["which one", "?"]
    assert matched_phrases("plain words", "informative") == []
