"""The spelling word index: its fast tokenizer must agree with the word pattern exactly."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from notedeck.derive.spelling import _MID_SENTENCE_NAME, _WORD, _vocabulary

_PROSE = st.text(
    alphabet=st.sampled_from([*"abcxyzéüß-'’ _.,;()[]1924\n\t", "ǅ", "٣", "Ⅻ", "\u0301"]),
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


@given(st.text(alphabet=st.sampled_from(list("aZbY ,;)(.\n")), max_size=80))
def test_mid_sentence_names_are_capitalised_words_after_lower_case_and_a_space(
    text: str,
) -> None:
    reference = re.compile(r"(?<=[a-z,;)] )[A-Z][a-z]+")
    assert _MID_SENTENCE_NAME.findall(text) == reference.findall(text)
