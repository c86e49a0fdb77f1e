"""One spelling of a tag, whichever door it came in by."""

import unicodedata

import msgspec

from models.core.hashtags import extract_hashtags, normalize_hashtag
from models.core.records import Draft
from models.fit.features import draft_to_input, records_to_inputs
from tests.helpers import small_history
from training.importers.values import parse_hashtags

DECOMPOSED = unicodedata.normalize("NFD", "CàPhê")  # "a" + combining grave, as some keyboards send it


def test_caption_column_and_draft_list_agree_on_a_decomposed_tag():
    expected = ("càphê",)
    assert normalize_hashtag(f" #{DECOMPOSED} ") == "càphê"
    assert extract_hashtags(f"ngon quá #{DECOMPOSED} #càphê") == expected
    assert parse_hashtags(f"#{DECOMPOSED}, càphê") == expected
    draft = draft_to_input(Draft(caption="x", hashtags=[DECOMPOSED, "#CÀPHÊ"]), last_post_at=None, utc_offset_min=0)
    assert draft.hashtags == expected


def test_history_post_without_a_tag_column_reads_its_caption_the_same_way():
    post = small_history(1)[0]

    post = msgspec.structs.replace(post, caption=f"soup #{DECOMPOSED}", hashtags=())
    (inputs,) = records_to_inputs([post], 0)
    assert inputs.hashtags == ("càphê",)
