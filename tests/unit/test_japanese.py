"""Japanese captions (no spaces between words): levers, word counts, theme terms, hashtags, suggestions."""

import pytest

from models.core.hashtags import extract_hashtags
from models.fit.themes import _terms
from models.text.language.identify import language_of
from models.text.language.words import content_words, count_words
from models.text.signals import detect_signals
from models.text.wording import append_sentence, question_for, save_cta_for


@pytest.mark.parametrize(
    ("caption", "lever"),
    [
        ("簡単パスタの作り方🍝 保存してね", "save_cta"),
        ("あとで見返す用のメモ", "save_cta"),
        ("【保存版】冬のスキンケア", "save_cta"),
        ("キッチン掃除のやり方", "informative"),
        ("おすすめコスメ5選です", "informative"),  # a numbered list, with no space around the number
        ("肌荒れのお悩み解決", "solves_problem"),
        ("みんなはどっち派？コメントで教えて", "engage"),
        ("友達とコラボしてみた", "collab"),
    ],
)
def test_japanese_levers_are_found_without_spaces(caption, lever):
    assert language_of(caption) == "ja"
    assert getattr(detect_signals(caption), lever)


def test_storing_food_is_not_a_call_to_save():
    assert not detect_signals("冷凍保存して一週間もちます").save_cta
    assert detect_signals("冷凍保存のコツ、保存してね").save_cta


def test_word_count_reads_japanese_by_length_and_leaves_spaced_text_alone():
    spaced = "Sunday meal prep: 5 tips 🍝"
    assert count_words(spaced) == len(spaced.split())
    assert count_words("朝") == 1
    short, long = count_words("朝ごはん"), count_words("5分でできるヘルシー朝ごはんを毎日作っています")
    assert 1 <= short < long
    assert detect_signals("5分でできるヘルシー朝ごはんを毎日作っています").n_words == long


def test_theme_terms_are_the_kanji_and_katakana_words():
    assert content_words("新作コスメの紹介です") == ["新作", "コスメ", "紹介"]
    assert content_words("pasta") == ["pasta"]
    terms = _terms("新作コスメの紹介 #コスメ", frozenset())
    assert {"コスメ", "新作 コスメ", "#コスメ"} <= terms
    assert not any("の" in t for t in terms)  # particles never name a theme


def test_a_hashtag_ends_at_japanese_punctuation():
    assert extract_hashtags("今日の晩ごはん #料理、#簡単レシピ。") == ("料理", "簡単レシピ")


def test_suggestions_are_japanese_and_detected_once_applied():
    caption = "簡単パスタの作り方"
    sentence = save_cta_for(caption)
    assert language_of(sentence) == "ja"
    applied = append_sentence(caption + " #パスタ", sentence)
    assert applied == f"{caption}。{sentence} #パスタ"  # a Japanese full stop, no space
    assert detect_signals(applied).save_cta
    assert question_for(caption).endswith("？")
