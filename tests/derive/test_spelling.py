"""The spelling word index: its fast tokenizer must agree with the word pattern exactly."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from notedeck.derive.spelling import _WORD, _vocabulary

_PROSE = st.text(
    alphabet=st.sampled_from(list("abcxyzéüß-'’ _.,;()[]1924\n\t") + ["ǅ", "٣", "Ⅻ", "\u0301"]),
    max_size=200,
)


@given(_PROSE)
def test_vocabulary_is_the_set_of_word_matches(text: str) -> None:
    assert _vocabulary(text) == set(_WORD.findall(text))


def test_vocabulary_keeps_hyphenated_terms_whole_and_splits_at_apostrophes() -> None:
    text = "the secretary-general's (1922) plan, lenin's death; war-communism."
    assert _vocabulary(text) == {
        "the", "secretary-general", "s", "plan", "lenin", "death", "war-communism",
    }  # fmt: skip
