import pytest

from models.text.signals import detect_signals
from models.text.wording import (
    append_sentence,
    guess_language,
    how_to_for,
    opened_with,
    problem_for,
    question_for,
    save_cta_for,
)


@pytest.mark.parametrize(
    ("caption", "lang"),
    [
        ("the best way to cook rice for your family", "en"),
        ("la mejor forma de hacer arroz para la familia", "es"),
        ("cách pha cà phê sữa đá cho cả nhà", "vi"),
        ("Receita de bolo de cenoura", "pt"),  # read as Turkish by the old stop-word guesser
        ("Recette facile de gâteau au chocolat", "fr"),  # ... as Spanish
        ("Gesundes Frühstück in 5 Minuten", "de"),  # ... as English
        ("Sund morgenmad på 5 minutter", "da"),
        ("", "en"),
        ("🔥🔥", "en"),
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
    # A caption ending mid-sentence gets a full stop (it used to run on: "Rice bowls Save this!").
    assert append_sentence("Rice bowls #mealprep #lunch", "Save this!") == "Rice bowls. Save this! #mealprep #lunch"
    assert append_sentence("Rice bowls 🍚", "Save this!") == "Rice bowls 🍚 Save this!"
    assert append_sentence("", "Save this!") == "Save this!"


def test_danish_drafts_get_danish_suggestions():
    caption = "Min morgenrutine før arbejde"
    assert guess_language(caption) == "da"
    assert save_cta_for(caption) == "Gem videoen til senere 🔖"
    assert save_cta_for("5 tips til bedre søvn") == "Gem videoen, så du har alle 5 ved hånden 🔖"
    assert question_for(caption) == "Hvad ville du tilføje?"
    assert how_to_for(caption).startswith("Sådan")
    for sentence in (save_cta_for(caption), how_to_for(caption), problem_for(caption), question_for(caption)):
        assert guess_language(f"{caption} {sentence}") == "da"


def test_openers_do_not_repeat_the_caption():
    # Issue 12: "How to sunday meal prep: five lunches, step by step: Sunday meal prep: five lunches".
    for suggest in (how_to_for, problem_for):
        sentence = suggest("Sunday meal prep: five lunches")
        assert "meal prep" not in sentence.lower() and "lunches" not in sentence.lower()
    assert how_to_for("my cat did a thing lol") == "Here's how, step by step"


@pytest.mark.parametrize(
    ("caption", "cta"),
    [
        ("3 consejos para dormir mejor", "Guarda estos 3 para después 🔖"),
        # "estos" and "dicas" do not agree with recipes and steps: the list call is not used.
        ("3 recetas fáciles para la cena", "Guarda esto para tener los pasos a mano 🔖"),
        ("5 passos para começar a correr", "Salve esse passo a passo pra depois 🔖"),
        ("3 mẹo ngủ ngon hơn", "Lưu lại 3 mẹo này để dùng sau nhé 🔖"),
        ("3 con mèo nhà mình", "Lưu lại video này để xem sau nhé 🔖"),  # three cats, no tips
        ("5 Rezepte für die Woche", "Speicher dir das, dann hast du alle 5 griffbereit 🔖"),
    ],
)
def test_save_cta_list_call_only_where_its_words_agree(caption, cta):
    assert save_cta_for(caption) == cta


@pytest.mark.parametrize(
    "caption",
    [
        "Why is my rice always sticky? #rice",
        "¿Por qué se pega el arroz",
        "なぜ？ rice again",  # a full-width question mark is a question too
        "POV: you finally fixed your rice",
    ],
)
def test_no_opener_before_a_question_or_a_colon(caption):
    assert opened_with(caption, "Here's the easy fix:", " ") is None


def test_opener_leads_a_plain_line_and_tags_stay_last():
    assert opened_with("Fluffy rice every time #rice @chef", "Here's the easy fix:", " ") == (
        "Here's the easy fix: Fluffy rice every time #rice @chef"
    )
    # A mention or hashtag with a question mark in it is no question; a caption with no words gets the opener alone.
    assert opened_with("@who? rice", "Here's how", ": ") == "Here's how: @who? rice"
    assert opened_with("#rice 🍚", "Here's the easy fix:", " ") == "Here's the easy fix #rice 🍚"


@pytest.mark.parametrize(
    "caption",
    [
        "How to make cold brew at home #coffee",
        "how I fixed my sourdough",
        "Sådan laver du den perfekte kaffe",
        "Cách làm bánh flan không cần lò",
        "👉 How to fold a fitted sheet",
    ],
)
def test_no_opener_before_a_line_that_already_leads(caption):
    # "Here's the easy fix: How to make cold brew" stacks two lead-ins; the tip describes the change instead.
    assert opened_with(caption, "Here's the easy fix:", " ") is None
    assert opened_with(caption, "Løsningen, du har ledt efter:", " ") is None


@pytest.mark.parametrize("caption", ["Howard's first cold brew", "Tipsy brunch with the girls", "Learning to knit"])
def test_a_lead_word_inside_another_word_is_no_lead(caption):
    assert opened_with(caption, "Here's the easy fix:", " ") == f"Here's the easy fix: {caption}"
