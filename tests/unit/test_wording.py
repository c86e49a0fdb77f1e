import pytest

from models.signals import detect_signals
from models.wording import append_sentence, guess_language, how_to_for, problem_for, question_for, save_cta_for


@pytest.mark.parametrize(
    ("caption", "lang"),
    [
        ("the best way to cook rice for your family", "en"),
        ("la mejor forma de hacer arroz para la familia", "es"),
        ("cách pha cà phê sữa đá cho cả nhà", "vi"),
        ("", "en"),
    ],
)
def test_guess_language(caption, lang):
    assert guess_language(caption) == lang


@pytest.mark.parametrize(
    "caption",
    [
        "5 lunches under 10 minutes",
        "how to prep rice for the week",
        "la mejor forma de hacer arroz para la familia",
        "cách pha cà phê sữa đá cho cả nhà",
        "Mein Frühstück für die Woche und das ist gut",
    ],
)
def test_suggestions_are_detected_by_the_signals_they_promise(caption):
    assert detect_signals(save_cta_for(caption)).save_cta
    assert detect_signals(question_for(caption)).question
    assert detect_signals(how_to_for(caption)).informative
    assert detect_signals(problem_for(caption)).solves_problem


def test_save_cta_wording_varies_with_the_draft():
    assert save_cta_for("5 lunches under 10 minutes") != save_cta_for("my sunday at the market")
    assert "5" in save_cta_for("5 lunches under 10 minutes")


def test_append_sentence_keeps_trailing_hashtags_last():
    assert append_sentence("Rice bowls #mealprep #lunch", "Save this!") == "Rice bowls Save this! #mealprep #lunch"
    assert append_sentence("", "Save this!") == "Save this!"
