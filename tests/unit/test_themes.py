"""Themes as a creator reads them: a name in the captions' own words, and examples cleaned for reading."""

import numpy as np
import pytest

from models.fit.themes import find_themes, name_themes
from models.text.language import DATA
from models.text.readable_captions import clean_caption

# Two subjects per creator, written for these tests in the shapes real captions take.
DANISH = {
    0: (
        "Vi betaler alt for meget i skat! Skattelettelser nu 📈 #dkpol",
        "Skat på arbejde skal ned, det er min mærkesag #dkpol",
        "Hvorfor skal din skat finansiere det her? 🤔",
        "Lavere skat til almindelige lønmodtagere #skat #dkpol",
        "Skat, skat og mere skat. Nu må det stoppe",
    ),
    1: (
        "Klimaet kan ikke vente. Vi skal have mere vindmøller #klima #dkpol",
        "Vindmøller på land eller til havs? Klima debat i aften",
        "Grøn omstilling og klima: her er vores plan #klima",
        "Klima er vores generations vigtigste opgave",
        "Flere vindmøller, mindre kul. Klima nu! 🌍 #klima",
    ),
}
VIETNAMESE = {
    0: (
        "Cách pha trà sữa oolong tại nhà siêu dễ #trasua",
        "Trà sữa oolong nướng ngon hơn ngoài tiệm nè 🧋",
        "Công thức trà sữa trân châu đường đen #trasua #xuhuong",
        "Thử làm trà sữa matcha cho cả nhà",
    ),
    1: (
        "Review quán bún bò Huế mới mở ở quận 3 #review #fyp",
        "Bún bò Huế chuẩn vị, ăn là ghiền 🍜",
        "Đi ăn bún bò Huế sáng chủ nhật cùng mình #review",
        "Quán bún bò Huế này có ngon không? #review",
    ),
}


def _labelled(groups: dict[int, tuple[str, ...]]) -> tuple[list[str], np.ndarray]:
    captions = [c for label in sorted(groups) for c in groups[label]]
    labels = np.array([label for label in sorted(groups) for _ in groups[label]])
    return captions, labels


@pytest.mark.parametrize(
    ("groups", "lang", "expected"),
    [(DANISH, "da", {0: "skat", 1: "klima"}), (VIETNAMESE, "vi", {0: "trà sữa", 1: "bún bò huế"})],
)
def test_a_theme_is_named_by_the_words_that_set_it_apart(groups, lang, expected):
    captions, labels = _labelled(groups)
    names = name_themes(captions, labels, sorted(groups))
    for label, word in expected.items():
        terms = names[label].split(", ")
        assert 1 <= len(terms) <= 3, names[label]
        assert any(word in term for term in terms), names[label]
        # In the captions' own words, never their common ones, nor tags every creator uses.
        assert not set(" ".join(terms).lstrip("#").split()) & DATA[lang].stopwords, names[label]
        assert not {"#fyp", "#xuhuong"} & set(terms), names[label]
        other = expected[1 - label]
        assert not any(other in term for term in terms), names[label]


def test_a_tag_on_every_post_names_no_theme():
    # The creator tags every post #dkpol: that is who they are, not what one theme is about.
    # (Themes of unequal size: the smoothing then gives a tag on every post a sliver of lift.)
    captions, labels = _labelled(
        {0: tuple(f"{c} #dkpol" for c in DANISH[0]), 1: tuple(f"{c} #dkpol" for c in DANISH[1][:4])}
    )
    names = name_themes(captions, labels, [0, 1])
    assert all("#dkpol" not in name for name in names.values()), names


def test_nothing_sets_a_theme_apart_gives_no_name():
    captions = ["Morning coffee", "coffee, again"] * 4  # both themes use the same words as often
    labels = np.array([0, 0, 1, 1] * 2)
    assert name_themes(captions, labels, [0, 1]) == {0: "", 1: ""}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("['Bún bò Huế chuẩn vị', '#review']", "Bún bò Huế chuẩn vị #review"),  # a list stored as text
        ("First line\nsecond line\n\n#tag", "First line second line #tag"),
        ("First line\\nsecond line", "First line second line"),  # an escape written out as text
        ("Zero\u200bwidth\u200d and \\u200d gone", "Zerowidth and gone"),
        ("Chef 👩\u200d🍳 cooks", "Chef 👩\u200d🍳 cooks"),  # the joiner inside an emoji stays
        ("  spaced   out  ", "spaced out"),
    ],
)
def test_example_captions_read_as_text(raw, clean):
    assert clean_caption(raw) == clean


def test_a_long_example_is_cut_between_words():
    caption = "Sunday meal prep for the whole family, five lunches " * 4 + "#mealprepsunday #budgetmeals"
    for limit in range(30, 200, 7):
        short = clean_caption(caption, limit)
        assert len(short) <= limit + 1 and short.endswith("…"), short
        body = short[:-1]
        assert caption.startswith(body) and caption[len(body)] in " ,", short  # cut where a word ended
        assert not body.endswith((",", " ")), short
    assert clean_caption("x" * 300, 50) == "x" * 50 + "…"  # one endless word is still cut


def test_found_themes_carry_names_and_clean_distinct_examples():
    captions, labels = _labelled(DANISH)
    captions = [c.replace(". ", ".\n") for c in captions] + [captions[0]]  # lines, and a repeat
    labels = np.append(labels, 0)
    rng = np.random.default_rng(0)
    centres = np.eye(8)[[0, 1]]
    embeddings = centres[labels] + 0.01 * rng.standard_normal((len(labels), 8))
    y = np.where(labels == 0, 0.5, -0.5)
    themes = find_themes(captions, embeddings, y, np.exp(y))
    assert [t.name.split(", ")[0] for t in themes][:1] and len(themes) == 2
    skat = next(t for t in themes if "skat" in t.name)
    assert skat.relative_save_rate > 1 and "klima" in themes[1].name
    for theme in themes:
        assert theme.examples and len(theme.examples) == len(set(theme.examples))
        assert all("\n" not in e and "\\n" not in e for e in theme.examples)


def test_tiktoks_reply_prefix_names_no_theme():
    # "Replying to @name" is TikTok's own line above a video that answers a comment, in the
    # app's language: a creator who answers many comments must not get a theme called "replying".
    replies = (
        "Replying to @mads Hvorfor skal skatten ned? Her er svaret",
        "Replying to @Line Ja, vi stemmer for forslaget",
        "Replying to @ole_k Det handler om arbejdspladser",
        "Svarer @ida Tak for spørgsmålet om skolerne",
        "Replying to @sara Børnene skal have en god skole",
    )
    captions, labels = _labelled({0: replies, 1: DANISH[1]})
    names = name_themes(captions, labels, [0, 1])
    terms = " ".join(names.values()).split()
    assert not {"replying", "replying to", "svarer", "to"} & {t.strip(",") for t in terms}, names


def test_a_phrase_is_not_split_into_its_pieces():
    # Vietnamese writes a word as syllables: "bộ sưu tập" (a collection) is one term, and "tập"
    # (also "episode") used once more on its own must not take the name and leave "bộ sưu".
    theme = (
        "Bộ sưu tập ly mới đã có mặt tại quán",
        "Săn ngay bộ sưu tập ly mùa hè",
        "Bộ sưu tập bánh trung thu năm nay",
        "Ra mắt bộ sưu tập túi vải xinh xắn",
        "Tập 2: pha trà đào cùng bạn",
    )
    others = (
        "Cà phê sữa đá buổi sáng",
        "Trà sữa trân châu size lớn",
        "Bánh mì nóng giòn mỗi ngày",
        "Sinh tố bơ mát lạnh",
        "Nước ép cam tươi",
        "Trà đào cam sả thơm lừng",
        "Cà phê muối béo ngậy",
        "Bạc xỉu cho ngày mới",
    )
    captions, labels = _labelled({0: others, 1: theme})
    name = name_themes(captions, labels, [1])[1]
    assert "bộ sưu tập" in name.split(", ") and "bộ sưu" not in name.split(", "), name


def test_a_themes_examples_use_its_names_words():
    """Issue 30: a theme named "mì, #koreno, #korenojumbo" showed an example with none of those words.
    Here the best-saving caption at the very centre of the "skat" theme never says skat."""
    captions, labels = _labelled(DANISH)
    captions, labels = [*captions, "Se hele talen her, link i bio"], np.append(labels, 0)
    rng = np.random.default_rng(0)
    embeddings = np.eye(8)[labels] + 0.01 * rng.standard_normal((len(labels), 8))
    embeddings[-1] = np.eye(8)[0]  # the centre itself
    y = np.where(labels == 0, 0.5, -0.5)
    y[-1] = 2.0  # and the best-saving
    themes = find_themes(captions, embeddings, y, np.exp(y))
    for theme in themes:
        words = theme.name.split(", ")
        assert theme.name and theme.examples
        assert all(any(w in e.casefold() for w in words) for e in theme.examples), (theme.name, theme.examples)


def _theme(name: str, rate: float, axis: int):
    from models.fit.themes import ThemeStat

    centroid = np.eye(8, dtype=np.float32)[axis]
    return ThemeStat(
        name=name,
        posts=12,
        relative_save_rate=rate,
        saves_per_1k=3.0,
        examples=(f"about {name or 'it'}",),
        centroid=centroid,
    )


def test_no_tip_angles_a_post_towards_a_theme_no_words_describe():
    """Issue 30: the top theme was "(no words set it apart)" and the tip still said "angle this post
    towards your most-saved theme". The tip names the best-saving theme that has words, or says nothing."""
    from types import SimpleNamespace

    from models.fit.features import PostInput
    from models.read.tips.most_saved_themes import most_saved_themes

    post = PostInput(caption="Noget helt andet i dag", hashtags=(), hour=None, weekday=None)
    elsewhere = np.eye(8, dtype=np.float32)[5]
    model = SimpleNamespace(themes_=[_theme("", 1.6, 0), _theme("skat", 1.3, 1)], n_posts_=60)
    (change,) = most_saved_themes(post, model, elsewhere, meaning=post.caption)
    assert "“skat”" in change.advice and "words describe" in change.advice and "most-saved theme" not in change.advice
    assert np.array_equal(change.embedding, model.themes_[1].centroid)
    model.themes_ = [_theme("", 1.6, 0), _theme("", 1.3, 1)]
    assert list(most_saved_themes(post, model, elsewhere, meaning=post.caption)) == []
