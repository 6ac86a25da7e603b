"""Reading bytes into repaired text: encodings, line endings, mojibake, entities, front matter."""

from __future__ import annotations

import re
import sys
from types import SimpleNamespace

import ftfy.bad_codecs  # registers the sloppy-windows-1252 codec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.model import Severity
from notedeck.parse.source import (
    _drop_trailing_space_refs,
    decode_entities,
    read_source,
)

# Correctly spelt words whose letters look like the start of mojibake.
ACCENTED_WORDS = (
    "Ostpolitik",
    "Côte d'Ivoire",
    "Gdańsk",
    "Müller",
    "Ñandú",
    "Ðorđević",
    "São Paulo",
    "Œuvre",
)


def codes(source) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.code for f in source.findings]


def test_crlf_becomes_lf_and_keeps_line_numbers() -> None:
    source = read_source(b"# Title\r\n\r\n* one\r\n* two\r\n", "p.md")
    assert source.body == "# Title\n\n* one\n* two\n"
    assert codes(source) == []


def test_bom_is_stripped() -> None:
    source = read_source("\ufeff# Título\n".encode(), "p.md")
    assert source.body == "# Título\n"
    assert codes(source) == []


def test_cp1252_file_is_read_with_a_finding() -> None:
    data = "# Caf\xe9 notes\n\n* na\xefve “quotes”\n".encode("cp1252")
    source = read_source(data, "p.md")
    assert "Café notes" in source.body
    assert "naïve “quotes”" in source.body
    [finding] = source.findings
    assert finding.code == "NOT_UTF8"
    assert finding.line == 1
    assert finding.page == "p.md"


def test_mojibake_is_repaired_and_reported_per_line() -> None:
    data = "# Notes\n\nStalinâ€™s rise\nplain line\nCafÃ© culture\n".encode()
    source = read_source(data, "p.md")
    assert "Stalin’s rise" in source.body
    assert "Café culture" in source.body
    assert [(f.code, f.line) for f in source.findings] == [
        ("MOJIBAKE_REPAIRED", 3),
        ("MOJIBAKE_REPAIRED", 5),
    ]
    assert "Stalin’s rise" in source.findings[0].message


def test_correct_accents_are_not_touched() -> None:
    data = "# Brüning and Tōjō\n\n* the Führer’s “mission”\n".encode()
    source = read_source(data, "p.md")
    assert source.body == data.decode()
    assert codes(source) == []


def garble(text: str, codec: str) -> str:
    """`text` as a sync tool mangles it: its UTF-8 bytes read as `codec`."""
    return text.encode().decode(codec)


@pytest.mark.parametrize("codec", ["sloppy-windows-1252", "latin-1"])
@pytest.mark.parametrize(
    "name",
    [
        "Сталин",  # Cyrillic
        "Ленин и Троцкий",
        "Советский Союз",  # с is byte 0x81, which cp1252 leaves undefined
        "Ιωάννης Μεταξάς",  # Greek
        "毛泽东",  # CJK
        "中华人民共和国",
        "東京で会いましょう",
        "جمال عبد الناصر",  # Arabic
        "דוד בן-גוריון",  # Hebrew
    ],
)
def test_mojibake_in_other_scripts_is_repaired(name: str, codec: str) -> None:
    data = f"# Leaders\n\n* **1924**: {garble(name, codec)} took power\nplain\n".encode()
    source = read_source(data, "p.md")
    assert source.body == f"# Leaders\n\n* **1924**: {name} took power\nplain\n"
    [finding] = source.findings
    assert (finding.code, finding.line, finding.page) == ("MOJIBAKE_REPAIRED", 3, "p.md")
    assert name in finding.message


def test_only_the_garbled_part_of_a_line_is_repaired() -> None:
    line = f"* Müller met {garble('Сталин', 'cp1252')} in Gdańsk – “Œuvre”"
    source = read_source(line.encode(), "p.md")
    assert source.body == "* Müller met Сталин in Gdańsk – “Œuvre”"
    assert codes(source) == ["MOJIBAKE_REPAIRED"]


def test_a_no_break_space_turned_into_a_space_is_restored() -> None:
    source = read_source("voilÃ le travail\n".encode(), "p.md")
    assert source.body == "voilà le travail\n"
    assert codes(source) == ["MOJIBAKE_REPAIRED"]


def test_mojibake_lines_keep_file_line_numbers_with_bom_and_crlf() -> None:
    data = "\ufeff# T\r\n\r\nÃ©tÃ©\r\n* Ð¡Ñ‚Ð°Ð»Ð¸Ð½\rend\r".encode()
    source = read_source(data, "p.md")
    assert source.body == "# T\n\nété\n* Сталин\nend\n"
    assert [(f.code, f.line) for f in source.findings] == [
        ("MOJIBAKE_REPAIRED", 3),
        ("MOJIBAKE_REPAIRED", 4),
    ]


def test_mojibake_in_a_file_that_is_not_utf8() -> None:
    source = read_source("naïve\nCafÃ©\n".encode("cp1252"), "p.md")
    assert source.body == "naïve\nCafé\n"
    assert [(f.code, f.line) for f in source.findings] == [
        ("NOT_UTF8", 1),
        ("MOJIBAKE_REPAIRED", 2),
    ]


@pytest.mark.parametrize("codec", ["cp1252", "sloppy-windows-1252", "latin-1"])
def test_every_utf8_lead_byte_pattern_reaches_ftfy(
    codec: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each line holds one lead byte and as many continuation bytes as it announces, as the
    # codec shows them (cp1252 has no character for 0x81, 0x8D, 0x8F, 0x90 and 0x9D: U+FFFD).
    lines = []
    for lead in range(0xC2, 0xF5):
        length = 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        for continuation in range(0x80, 0xC0):
            garbled = bytes([lead] + [continuation] * (length - 1))
            lines.append(f"a {garbled.decode(codec, errors='replace')} b")
    # A stand-in for ftfy shows which lines the pre-check hands over.
    fake = SimpleNamespace(fix_encoding=lambda line: f"fixed {line}")
    monkeypatch.setitem(sys.modules, "ftfy", fake)
    source = read_source("\n".join(["# T", *lines, "plain é – ok"]).encode(), "p.md")
    assert [f.line for f in source.findings] == list(range(2, len(lines) + 2))
    assert source.body.split("\n")[1:] == [f"fixed {line}" for line in lines] + ["plain é – ok"]


def test_accented_words_are_left_alone() -> None:
    data = "\n".join(["# Europe", "", *ACCENTED_WORDS, " and ".join(ACCENTED_WORDS)]).encode()
    source = read_source(data, "p.md")
    assert source.body == data.decode()
    assert codes(source) == []


@pytest.mark.parametrize("word", ACCENTED_WORDS)
def test_ftfy_leaves_accented_words_alone(word: str) -> None:
    # The pre-check keeps these from ftfy; ftfy would not change them either.
    assert ftfy.fix_encoding(word) == word
    assert ftfy.fix_encoding(f"“{word}”") == f"“{word}”"


def test_pages_with_accents_and_emoji_never_load_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ftfy", None)  # `import ftfy` would now raise
    quoted = [f"* “{word}”, ‘{word}’ — {word}… {word}’s" for word in ACCENTED_WORDS]
    data = "\n".join(["# 🪖 Europe – 1945", "", *quoted, "« déjà vu », Ærø, Þór, 1°C"]).encode()
    source = read_source(data, "p.md")
    assert source.body == data.decode()
    assert codes(source) == []


def test_entities_are_decoded_and_trailing_hard_space_dropped() -> None:
    text = "* one&#x20;\n&#x20;\n* Marks &#x26; Spencer&#38;Co\n* a&#x20;b &#8212; c &#x20; \n"
    assert decode_entities(text) == "* one\n\n* Marks & Spencer&Co\n* a b — c\n"


def test_entities_never_create_html() -> None:
    assert decode_entities("&#x3C;script&#x3E;") == "&lt;script&gt;"


def test_front_matter_gitbook_fields() -> None:
    data = (
        b"---\ndescription: 'A page'\ncover: >-\n  https://example.org/a.jpg?x=1&y=2\n"
        b"coverY: -3.5\n---\n\n# Title\n"
    )
    source = read_source(data, "p.md")
    assert source.front_matter == {
        "description": "A page",
        "cover": "https://example.org/a.jpg?x=1&y=2",
        "coverY": -3.5,
    }
    # The front matter is blanked, not cut, so the title stays on its file line.
    assert source.body.split("\n")[7] == "# Title"


def test_broken_yaml_is_an_error_with_its_line_and_the_body_survives() -> None:
    data = b"---\ndescription: fine\ncover: [unclosed\ncoverY: 3\n---\n# Title\n\n* point\n"
    source = read_source(data, "p.md")
    [finding] = source.findings
    assert finding.code == "BAD_FRONT_MATTER"
    assert finding.severity is Severity.ERROR
    assert finding.line in (3, 4)
    assert source.front_matter == {}
    assert "* point" in source.body


def test_yaml_is_loaded_safely() -> None:
    data = b"---\nx: !!python/object/apply:os.system ['echo hacked']\n---\n# T\n"
    source = read_source(data, "p.md")
    assert [f.code for f in source.findings] == ["BAD_FRONT_MATTER"]
    assert source.front_matter == {}


def test_front_matter_that_is_not_a_mapping() -> None:
    source = read_source(b"---\n- a\n- b\n---\n# T\n", "p.md")
    assert codes(source) == ["BAD_FRONT_MATTER"]


def test_binary_and_empty_files() -> None:
    binary = read_source(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "img.md")
    assert binary.binary and binary.body == ""
    assert codes(binary) == ["BINARY_FILE"]
    assert binary.findings[0].severity is Severity.ERROR
    empty = read_source(b"", "empty.md")
    assert codes(empty) == ["EMPTY_PAGE"]
    assert read_source(b"  \n\n", "blank.md").body == ""


def test_hard_spaces_only_go_at_line_ends_in_every_spelling() -> None:
    text = "a &#x20; &#X0020;\t&#32; \nb&#x20;c\nd &#x20;x&#x20;\n&#x20;&#x20;&#x20;\n"
    assert decode_entities(text) == "a\nb c\nd  x\n\n"


def test_a_long_tail_of_hard_spaces_goes_at_once() -> None:
    assert decode_entities("word" + " &#x20;" * 50 + "\nnext&#32;") == "word\nnext"


def test_many_lines_of_references_decode_like_a_few() -> None:
    # Past a few dozen lines the whole rest of the text is decoded in two regex passes.
    lines = [f"* {n}&#x26;&#8212;&#x20;" for n in range(100)]
    assert decode_entities("\n".join(lines)) == "\n".join(f"* {n}&—" for n in range(100))


def test_references_after_many_ampersands_are_found() -> None:
    text = "R&D " * 20 + "&#x41;&#x20;\n" + "Q&A " * 20 + "&#66;"
    assert decode_entities(text) == "R&D " * 20 + "A\n" + "Q&A " * 20 + "B"


def test_printable_drops_terminal_escapes_whole_and_keeps_the_words() -> None:
    from notedeck.parse.source import printable

    text = "a\x1b]52;c;SGVsbG8=\x07b \x1b]0;title\x1b\\c \x1b[31mred\x1b[0m d\x00e\x9bf\tg\nh"
    assert printable(text) == "ab c red def\tg\nh"
    assert printable("an open \x1b]0;title stays text") == "an open 0;title stays text"


def test_a_long_run_of_hard_spaces_inside_a_line_is_read_in_linear_time() -> None:
    """Found by the fuzz run: 33,000 `&#x20;` not ending their line took 15 s (quadratic)."""
    line = "### " + "&#x20;" * 33_000 + "&#x2"
    assert decode_entities(line) == "### " + " " * 33_000 + "&#x2"
    many = "\n".join(["a&#x20;"] * 40 + [line])  # past the line-by-line fast path
    assert decode_entities(many).split("\n")[-1] == line.replace("&#x20;", " ")


# The regex the peeling replaced, kept here as the reference it must agree with.
_TRAILING_SPACE_REF = re.compile(r"(?:[ \t]*&#(?:[xX]0*20|0*32);)+[ \t]*$", re.MULTILINE)
_LINE_PIECES = st.sampled_from(
    ["&#x20;", "&#32;", "&#X020;", "&#x2", "&#", ";", " ", "\t", "a", "&"]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_LINE_PIECES, max_size=30).map("".join))
def test_trailing_hard_spaces_are_dropped_as_the_reference_regex_drops_them(line: str) -> None:
    assert _drop_trailing_space_refs(line) == _TRAILING_SPACE_REF.sub("", line)


def test_a_long_run_of_hard_spaces_broken_near_its_end_keeps_its_text() -> None:
    # Found by bench/fuzz.py: the regex went back over the run from each reference in it,
    # so a 200,000-character line took minutes. Its text is unchanged by the faster way.
    line = "* Stalin " + "&#x20;" * 30_000 + "\x1b0; in 1924 &#x20;&#x20;"
    expected = "* Stalin " + " " * 30_000 + "\x1b0; in 1924"
    assert decode_entities(line) == expected
    assert read_source(((line + "\n") * 40).encode(), "p.md").body == (expected + "\n") * 40


def test_a_number_too_long_for_python_in_front_matter_is_a_finding() -> None:
    """Found by the fuzz run: a 4,800-digit YAML integer raised ValueError while loading."""
    source = read_source(b"---\ncoverY: " + b"9" * 4_800 + b"\n---\n# Page\n", "p.md")
    assert source.front_matter == {}
    assert [f.code for f in source.findings] == ["BAD_FRONT_MATTER"]
    assert source.body.endswith("# Page\n")


def test_references_in_code_stay_as_written() -> None:
    # A page teaching HTML shows `&#169;` in code; in prose it is ©.
    assert decode_entities("Write `&#169;` for &#169;&#x20;") == "Write `&#169;` for ©"
    fenced = "a &#169;\n```html\n<p>&#169; 2024</p>\n```\nb &#x3C;\n"
    assert decode_entities(fenced) == "a ©\n```html\n<p>&#169; 2024</p>\n```\nb &lt;\n"


def test_gitbooks_nan_reference_stands_for_nothing() -> None:
    assert decode_entities("1. Export\n   &#xNAN;_Note: not in a change request._\n") == (
        "1. Export\n   _Note: not in a change request._\n"
    )
