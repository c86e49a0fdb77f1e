import pytest

from models.core.hashtags import extract_hashtags
from models.text.signals import detect_signals, strip_for_meaning


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
    assert text == "Crispy tofu in 10 minutes"  # the full stop before a dropped sentence is no content


def test_strip_for_meaning_drops_the_sentences_tips_write():
    """A tip's variant must mean what the draft means: the opener or question we add is no content."""
    from models.text.wording import append_sentence, how_to_for, question_for

    draft = "Sunday meal prep: five lunches"
    assert strip_for_meaning(f"{how_to_for(draft)}: {draft}") == strip_for_meaning(draft) == draft
    assert strip_for_meaning(append_sentence(draft, question_for(draft))) == draft


def test_matched_phrases_for_highlighting():
    from models.text.signals import matched_phrases

    assert matched_phrases("Crispy tofu. Save this for later 🔖 #savethis", "save_cta") == ["save this", "🔖"]
    assert matched_phrases("Which one first?", "engage") == ["which one", "?"]
    assert matched_phrases("plain words", "informative") == []


@pytest.mark.parametrize(
    ("caption", "lever"),
    [
        ("Gem den til senere!", "save_cta"),
        ("Husk at gemme videoen, før du handler ind", "save_cta"),
        ("Sådan laver du den perfekte kanelsnegl", "informative"),
        ("Trin for trin: hjemmelavet pasta", "informative"),
        ("5 tips til en billigere madpakke", "informative"),
        ("Træt af at smide mad ud? Her er løsningen", "solves_problem"),
        ("Hvad synes du om den nye skolereform", "engage"),
        ("Skriv i kommentarerne hvem der skal med", "engage"),
    ],
)
def test_signals_danish_phrases(caption, lever):
    assert getattr(detect_signals(caption), lever)


@pytest.mark.parametrize(
    "caption",
    [
        "Cách pha trà sữa oolong tại nhà",
        "Cach pha tra sua oolong tai nha",
        "Làm bánh flan chỉ với 3 bước",
        "Lam banh flan chi voi 3 buoc",
        "Mẹo giữ rau tươi cả tuần",
        "Công thức cà phê muối cực dễ",
        "Nhà mình làm thế này nè. Cách làm nước mơ ngâm đường",
        "Hướng dẫn từng bước làm sữa chua",
    ],
)
def test_signals_vietnamese_how_to_with_and_without_accents(caption):
    assert detect_signals(caption).informative


@pytest.mark.parametrize(
    ("caption", "lever"),
    [
        ("Con mèo nhà mình hôm nay lười quá", "informative"),  # mèo (cat) folds to mẹo (tip)
        ("Cách đây 3 năm mình còn ở Đà Lạt", "informative"),  # "cách đây": ago
        ("Thưởng thức cà phê phin theo một cách mới nha", "informative"),
        ("Cùng nhau lưu lại khoảnh khắc đẹp đầu năm", "save_cta"),  # keep a memory, not the video
        ("Vẽ tranh sơn dầu cuối tuần", "solves_problem"),  # tranh (painting) folds to tránh (avoid)
    ],
)
def test_signals_vietnamese_false_friends(caption, lever):
    assert not getattr(detect_signals(caption), lever)


def test_signals_vietnamese_save_calls():
    assert detect_signals("Nhớ lưu lại công thức này nhé").save_cta
    assert detect_signals("Luu lai video nay de xem sau nhe").save_cta


@pytest.mark.parametrize(
    ("caption", "lever"),
    [
        ("Weekend trip to Sin City with my friends", "solves_problem"),  # Spanish "sin" (without)
        ("Price tag reveal for my new car", "engage"),  # Vietnamese "tag" (tag a friend)
        ("My favourite tarif for the summer holidays", "informative"),  # Turkish "tarif" (recipe)
    ],
)
def test_signals_read_only_the_captions_languages(caption, lever):
    assert not getattr(detect_signals(caption), lever)


def test_signals_too_short_to_identify_read_every_language():
    assert detect_signals("Kaydet!").save_cta
    assert detect_signals("Guárdalo 🔖").save_cta


def test_matched_phrases_vietnamese_and_danish():
    from models.text.signals import matched_phrases

    assert "cach pha" in matched_phrases("Cách pha trà sữa tại nhà", "informative")
    assert matched_phrases("Cách xin tiền vợ dễ dàng", "informative") == ["cach xin"]  # whole words
    assert matched_phrases("Gem den til senere 🔖", "save_cta") == ["gem den", "🔖"]
    assert matched_phrases("Cùng nhau lưu lại khoảnh khắc đẹp", "save_cta") == []


def test_tip_variants_reuse_the_drafts_language():
    from models.text.language.identify import _ranking
    from models.text.wording import append_sentence, how_to_for, problem_for, question_for, save_cta_for

    draft = "Kartoffelsalat som min mormor lavede den hver sommer #opskrift"
    assert not detect_signals(draft).save_cta
    runs = _ranking.cache_info().misses
    variants = [append_sentence(draft, save_cta_for(draft)), append_sentence(draft, question_for(draft))]
    variants += [f"{how_to_for(draft)}: {draft}", f"{problem_for(draft)} {draft}"]
    signals = [detect_signals(v) for v in variants]
    # The identifier ran for the draft only: each variant is the draft plus one of our sentences.
    assert _ranking.cache_info().misses == runs
    assert signals[0].save_cta and signals[1].engage and signals[2].informative and signals[3].solves_problem


@pytest.mark.parametrize(
    ("caption", "lever", "marked"),
    [
        ("Cách pha cà phê muối. Nhớ lưu lại nhé 🔖", "save_cta", ["Nhớ lưu lại", "🔖"]),
        ("Cách pha cà phê muối tại nhà", "informative", ["Cách pha"]),
        ("Sådan laver du kaffe. Gem den til senere!", "save_cta", ["Gem den"]),
        ("🍜🍜 Guarda esto para después", "save_cta", ["Guarda esto"]),  # emoji before: offsets in code points
        ("Straße? Which one would you pick", "engage", ["?", "Which one", "would you"]),
        ("#savethis Save this for later", "save_cta", ["Save this"]),  # a hashtag is not read
    ],
)
def test_match_spans_point_into_the_caption_as_written(caption, lever, marked):
    # The detectors match folded text ("luu lai"); a client highlights the caption as typed.
    from models.text.signals import match_spans

    spans = match_spans(caption, lever)
    assert [caption[a:b] for a, b in spans] == marked
    assert all(a < b for a, b in spans) and spans == sorted(spans)


def test_match_spans_in_a_caption_typed_with_combining_accents():
    import unicodedata

    from models.text.signals import match_spans

    caption = unicodedata.normalize("NFD", "Nhớ lưu lại công thức này nhé")
    (span,) = match_spans(caption, "save_cta")
    assert unicodedata.normalize("NFC", caption[span[0] : span[1]]).lower() in ("nhớ lưu", "lưu lại", "nhớ lưu lại")
