"""The spelling word index: its fast tokenizer must agree with the word pattern exactly."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from notedeck.derive.spelling import _MID_SENTENCE_NAME, _NOT_PROSE, _WORD, _odd, _vocabulary
from notedeck.notebook import load_notebook
from tests.helpers import write_notes

_PROSE = st.text(
    alphabet=st.sampled_from([*"abcxyzéüß-'’ _.,;()[]1924\n\t", "ǅ", "٣", "Ⅻ", "\u0301"]),
    max_size=200,
)


@given(_PROSE)
def test_vocabulary_is_the_set_of_word_matches(text: str) -> None:
    assert _vocabulary(text) == set(_WORD.findall(text))


def test_vocabulary_keeps_hyphenated_terms_and_contractions_whole() -> None:
    text = "the secretary-general's (1922) plan, lenin's death; war-communism didn't end."
    assert _vocabulary(text) == {
        "the", "secretary-general", "s", "plan", "lenin", "death", "war-communism", "didn't",
        "end",
    }  # fmt: skip


@given(st.text(alphabet=st.sampled_from(list("aZbY ,;)(.\n")), max_size=80))
def test_mid_sentence_names_are_capitalised_words_after_lower_case_and_a_space(
    text: str,
) -> None:
    reference = re.compile(r"(?<=[a-z,;)] )[A-Z][a-z]+")
    assert _MID_SENTENCE_NAME.findall(text) == reference.findall(text)


def _misspelled(tmp_path: Path, files: dict[str, str]) -> list[str]:
    notebook = load_notebook(write_notes(tmp_path / "nb", files), cache_dir=False)
    return [
        re.findall(r"'([^']+)'", f.message)[0]
        for f in notebook.findings
        if f.code == "LIKELY_MISSPELLING"
    ]


def test_code_urls_paths_and_html_are_never_spell_checked(tmp_path: Path) -> None:
    page = (
        "# Setup\n\n"
        "* Run `kubectl aplly -f deploymnt.yaml` first\n"
        "* Edit config/settngs.yaml and docs/imaage.png, see https://exmaple.com/instalation\n"
        "* Upgrade to v2.3.1 or 1.0.0-betta, call x = fooo() and read <code>retreive()</code>\n"
        '* the &nbsp; entity and <span class="higlight">text</span> stay\n'
        "* The goverment fell\n"
        "\n```bash\nsudo apt-get instal recieve-tool\n```\n"
    )
    assert _misspelled(tmp_path, {"setup.md": page}) == ["goverment"]


def test_contractions_and_possessives_stay_whole(tmp_path: Path) -> None:
    page = "# Notes\n\n* The students' essays didn't answer; they won't, it's Lenin's fault\n"
    assert _misspelled(tmp_path, {"n.md": page}) == []


def test_a_word_used_three_times_is_the_notebooks_own(tmp_path: Path) -> None:
    twice = "# A\n\n* the fradulent claim\n* another fradulent claim\n"
    assert _misspelled(tmp_path, {"a.md": twice}) == ["fradulent"]
    thrice = {"a.md": twice, "b.md": "# B\n\n* a third fradulent claim\n"}
    assert _misspelled(tmp_path, thrice) == []


def test_words_written_in_code_are_vocabulary_in_prose(tmp_path: Path) -> None:
    page = "# Tools\n\n* install with `pip install requestz`\n* then requestz fetches pages\n"
    assert _misspelled(tmp_path, {"t.md": page}) == []


def test_jargon_and_coinages_are_not_misspellings(tmp_path: Path) -> None:
    page = (
        "# Dev notes\n\n"
        "* a sandboxed refetch of the keypair with whitespaces and realtime probers\n"
        "* gcloud and iframe and regex and sudo and wifi\n"
        "* but this is a persmission problem with the retreive step\n"
    )
    assert sorted(_misspelled(tmp_path, {"d.md": page})) == ["persmission", "retreive"]


def test_other_scripts_and_split_emphasis_are_not_misspellings(tmp_path: Path) -> None:
    page = (
        "# 笔记\n\n* 读写分离：master写、slave读，提高服务器的读写负载能力\n"
        "* The `/run` **d**irectory and I**mportant:** notes\n"
        "* Ελληνικά κείμενα εδώ\n"
    )
    assert _misspelled(tmp_path, {"zh.md": page}) == []


@given(st.sets(st.text(alphabet=st.sampled_from(list("aZbY.:/_1*-'é写")), min_size=1, max_size=8)))
def test_the_quick_test_for_non_prose_tokens_agrees_with_the_pattern(tokens: set[str]) -> None:
    assert _odd(tokens) == {token for token in tokens if _NOT_PROSE.search(token)}
