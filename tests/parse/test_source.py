"""Reading bytes into repaired text: encodings, line endings, mojibake, entities, front matter."""

from __future__ import annotations

from notedeck.model import Severity
from notedeck.parse.source import decode_entities, read_source


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
