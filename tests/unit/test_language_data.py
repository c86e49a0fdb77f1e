"""The per-language modules hold data only, in the names the package reads."""

import importlib
import sys
import types

import pytest

from models.text import language
from models.text.language import LANGUAGES, OPTIONAL, REQUIRED
from models.text.signals import detect_signals


def _plain(value) -> bool:
    if isinstance(value, str):
        return True
    if isinstance(value, tuple | frozenset):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return False


@pytest.mark.parametrize("code", LANGUAGES)
def test_language_module_is_data_only(code):
    module = importlib.import_module(f"models.text.language.{code}")
    public = {name: value for name, value in vars(module).items() if not name.startswith("_")}
    assert set(REQUIRED) <= set(public) <= {*REQUIRED, *OPTIONAL}
    assert all(_plain(value) for value in public.values()), code


def _fake_language(monkeypatch, **names) -> str:
    module = types.ModuleType("models.text.language.zz")
    english = importlib.import_module("models.text.language.en")
    for name in REQUIRED:
        setattr(module, name, getattr(english, name))
    for name, value in names.items():
        if value is None:
            delattr(module, name)
        else:
            setattr(module, name, value)
    monkeypatch.setitem(sys.modules, "models.text.language.zz", module)
    return "zz"


def test_a_misspelt_name_is_refused_not_skipped(monkeypatch):
    code = _fake_language(monkeypatch, FALSE_FRIEND={"save_cta": ("save money",)})
    with pytest.raises(ValueError, match="FALSE_FRIEND"):
        language._load(code)


def test_a_missing_name_is_refused(monkeypatch):
    code = _fake_language(monkeypatch, DANGLING=None)
    with pytest.raises(ValueError, match="lacks DANGLING"):
        language._load(code)


def test_a_well_formed_language_loads_folded(monkeypatch):
    code = _fake_language(monkeypatch, SAVE_CTA=("Guárdalo YA",), EXACT_ACCENTS=())
    data = language._load(code)
    assert data.phrases["save_cta"] == ("guardalo ya",)
    assert data.list_fits is None  # no LIST_TEMPLATE_FITS: the list call fits any list


@pytest.mark.parametrize(
    ("caption", "lever"),
    [("Dinner ideas 📌", "save_cta"), ("Bún bò Huế 💾", "save_cta"), ("Ăn gì hôm nay？", "question")],
)
def test_language_free_marks_count_in_any_caption(caption, lever):
    assert getattr(detect_signals(caption), lever)
    assert not getattr(detect_signals(caption[:-1]), lever)  # the same caption without its mark
