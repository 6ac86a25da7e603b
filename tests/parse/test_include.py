"""`{% include %}`: the included text outlined in place, its lines named honestly."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.model import Inclusion, Page
from notedeck.parse.include import MAX_DEPTH, MAX_INCLUDED_CHARS, _Locator, resolve_include
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source

PAGE_ID = "history/russia.md"
ECON = ".gitbook/includes/econ.md"
RUSSIA = (
    "# Russia\n"  # 1
    "\n"
    "## Causes of the revolution\n"  # 3
    "\n"
    '{% include "../.gitbook/includes/econ.md" %}\n'  # 5
    "\n"
    "* Bread shortages in **1917** caused strikes\n"  # 7
)
ECON_TEXT = (
    "---\n"
    "title: Economy\n"
    "---\n"
    "\n"
    "## Industrial growth\n"  # 5
    "\n"
    "* Factories grew fast after **1890**\n"  # 7
    "* **S:** so workers became a force\n"  # 8
    "\n"
    "## Peasants\n"  # 10
    "\n"
    "* Land hunger in **1905** caused riots\n"  # 12
    "* Which year did the peasants riot? :: 1905\n"  # 13
)


def _page(text: str, files: dict[str, bytes | str], page_id: str = PAGE_ID) -> Page:
    source = read_source(text.encode(), page_id)
    return outline_page(page_id, Path(page_id), source, "", files)


def test_included_text_is_outlined_where_the_include_is() -> None:
    page = _page(RUSSIA, {ECON: ECON_TEXT.encode()})
    (section,) = page.sections
    assert section.title == "Causes of the revolution"
    # The block's `##` headings nest under the `##` the include sits in: factors.
    assert [f.title for f in section.factors] == ["Industrial growth", "Peasants"]
    assert section.factors[0].statements[0].preferred == "so workers became a force"
    assert [p.text for p in section.factors[1].points] == [
        "Land hunger in **1905** caused riots",
        "Which year did the peasants riot? :: 1905",
    ]
    # What follows the block belongs to the section again, not to the block's last factor.
    assert [p.text for p in section.points] == ["Bread shortages in **1917** caused strikes"]
    assert not [f for f in page.findings if f.code == "BAD_INCLUDE"]


def test_included_lines_are_numbered_after_the_page_and_located_in_their_file() -> None:
    page = _page(RUSSIA, {ECON: ECON_TEXT.encode()})
    (section,) = page.sections
    assert section.points[0].line == 7  # the page's own lines keep their numbers
    own_lines = RUSSIA.count("\n") + 1
    peasants = section.factors[1]
    assert peasants.line > own_lines
    assert page.locate(peasants.line) == (ECON, 10)
    assert page.locate(section.factors[0].statements[0].line) == (ECON, 8)
    (card,) = peasants.points[1].cards
    assert page.locate(card.line) == (ECON, 13)
    assert page.locate(7) == (None, 7)
    (span,) = page.included
    assert (span.file, span.at) == (ECON, 5)
    assert page.to_dict()["included"][0]["file"] == ECON


def test_a_block_included_before_any_section_gives_sections() -> None:
    text = '# Notes\n\n{% include "parts/a.md" %}\n'
    part = b"# Part A\n\n* One point\n\n## Detail\n\n* Two\n"
    page = _page(text, {"parts/a.md": part}, page_id="notes.md")
    assert page.title == "Notes"  # the block's `#` is not taken for the page's title
    assert [s.title for s in page.sections] == ["Part A"]
    assert [f.title for f in page.sections[0].factors] == ["Detail"]


def test_an_include_inside_code_is_shown_as_written() -> None:
    text = '# P\n\n```markdown\n{% include "x.md" %}\n```\n'
    page = _page(text, {"x.md": b"* never read\n"}, page_id="p.md")
    (point,) = page.sections[0].points
    assert point.code and point.text == '{% include "x.md" %}'


def test_nested_includes_name_the_innermost_file() -> None:
    files: dict[str, bytes | str] = {
        "a.md": b'* From a\n\n{% include "sub/b.md" %}\n',
        "sub/b.md": b"* From b, line one\n* From b, line two\n",
    }
    page = _page('# P\n\n{% include "a.md" %}\n', files, page_id="p.md")
    points = page.sections[0].points
    assert [p.text for p in points] == ["From a", "From b, line one", "From b, line two"]
    assert [page.locate(p.line) for p in points] == [("a.md", 1), ("sub/b.md", 1), ("sub/b.md", 2)]


@pytest.mark.parametrize(
    ("include", "files", "why"),
    [
        ('"missing.md"', {"missing.md": "the file does not exist"}, "does not exist"),
        ('"../../etc/passwd"', {}, "leads out of the notebook"),
        ('"p.md"', {}, "would include itself (p.md → p.md)"),
        ('"bin.md"', {"bin.md": b"\x00\x01\x02 binary"}, "is binary"),
        ('"big.md"', {"big.md": "is 2.0 MB, over the 1 MB limit"}, "over the 1 MB limit"),
        ('""', {}, "names no file"),
        ('"git+https://github.com/a/b.git/c.md#1.0"', {}, "never fetched"),
    ],
)
def test_a_bad_include_is_named_with_its_line_and_the_page_still_works(
    include: str, files: dict[str, bytes | str], why: str
) -> None:
    text = f"# P\n\n## S\n\n* Before\n\n{{% include {include} %}}\n\n* After\n"
    page = _page(text, files, page_id="p.md")
    (finding,) = [f for f in page.findings if f.code == "BAD_INCLUDE"]
    assert (finding.page, finding.line, finding.file) == ("p.md", 7, None)
    assert why in finding.message
    assert [p.text for p in page.sections[0].points] == ["Before", "After"]
    assert page.sections[0].points[1].line == 9


def test_a_cycle_through_two_files_is_cut_where_it_closes() -> None:
    files: dict[str, bytes | str] = {
        "a.md": b'* In a\n{% include "b.md" %}\n',
        "b.md": b'* In b\n{% include "a.md" %}\n',
    }
    page = _page('# P\n\n{% include "a.md" %}\n', files, page_id="p.md")
    assert [p.text for p in page.sections[0].points] == ["In a", "In b"]
    (finding,) = [f for f in page.findings if f.code == "BAD_INCLUDE"]
    assert (finding.file, finding.line) == ("b.md", 2)  # the include that closes the loop
    assert "a.md → b.md → a.md" in finding.message


def test_a_chain_past_the_depth_limit_stops_with_a_finding() -> None:
    files: dict[str, bytes | str] = {
        f"{n}.md": f'* Level {n}\n{{% include "{n + 1}.md" %}}\n'.encode() for n in range(10)
    }
    page = _page('# P\n\n{% include "0.md" %}\n', files, page_id="p.md")
    texts = [p.text for p in page.sections[0].points]
    assert texts == [f"Level {n}" for n in range(MAX_DEPTH)]
    (finding,) = [f for f in page.findings if f.code == "BAD_INCLUDE"]
    assert "levels deep" in finding.message
    assert (finding.file, finding.line) == (f"{MAX_DEPTH - 1}.md", 2)


def test_a_repair_in_an_included_file_names_that_file() -> None:
    broken = "* Caf\u00e9 culture\n".encode().decode("cp1252").encode()  # mojibake: CafÃ©
    page = _page('# P\n\n{% include "inc.md" %}\n', {"inc.md": broken}, page_id="p.md")
    assert page.sections[0].points[0].text == "Caf\u00e9 culture"
    repaired = [f for f in page.findings if f.file == "inc.md"]
    assert repaired and all(f.page == "p.md" and f.line == 1 for f in repaired)


@pytest.mark.parametrize(
    ("including", "target", "resolved"),
    [
        ("history/russia.md", "../.gitbook/includes/econ.md", ".gitbook/includes/econ.md"),
        ("history/russia.md", "notes.md", "history/notes.md"),
        ("a/b/c.md", "/.gitbook/includes/x.md", ".gitbook/includes/x.md"),
        ("a.md", "../outside.md", None),
        ("a/b.md", "../../x.md", None),
        ("a.md", "..", None),
        ("a.md", "git+https://github.com/a/b.git/c.md", None),
    ],
)
def test_include_paths_resolve_inside_the_notebook_only(
    including: str, target: str, resolved: str | None
) -> None:
    assert resolve_include(including, target) == resolved


_LINES = st.sampled_from(
    [
        "# Title",
        "## Section",
        "### Factor",
        "#### Deep",
        "* A point from **1917**",
        "* **S:** so it mattered",
        "Q :: A",
        "```",
        "{% hint style='info' %}",
        "{% endhint %}",
        "{% tabs %}",
        '{% tab title="One" %}',
        "{% endtabs %}",
        '{% include "a.md" %}',
        '{% include "sub/b.md" %}',
        '{% include "../out.md" %}',
        '{% include "missing.md" %}',
        "{% include %}",
        "",
    ]
)
_TEXTS = st.lists(_LINES, max_size=25).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(page=_TEXTS, a=_TEXTS, b=_TEXTS)
def test_any_page_and_blocks_outline_with_every_line_in_its_own_file(
    page: str, a: str, b: str
) -> None:
    files: dict[str, bytes | str] = {
        "a.md": a.encode(),
        "sub/b.md": b.encode(),
        "missing.md": "the file does not exist",
    }
    outlined = _page(page, files, page_id="p.md")
    sizes = {None: page.count("\n") + 1, "a.md": a.count("\n") + 1, "sub/b.md": b.count("\n") + 1}
    lines = [
        point.line
        for section in outlined.sections
        for holder in (section, *section.factors)
        for top in holder.points
        for point in top.walk()
    ]
    for line in lines:
        file, number = outlined.locate(line)
        assert file in sizes and 1 <= number <= sizes[file]
    for finding in outlined.findings:
        if finding.line is not None:
            assert 1 <= finding.line <= sizes[finding.file]


def test_a_page_that_would_grow_without_bound_takes_in_a_bounded_amount() -> None:
    block = ("* " + "word " * 20 + "\n") * 1000  # ~100 KB
    fan = '{% include "block.md" %}\n' * 10
    files: dict[str, bytes | str] = {"fan.md": fan.encode(), "block.md": block.encode()}
    page = _page("# P\n\n" + '{% include "fan.md" %}\n' * 10, files, page_id="p.md")
    copies = sum(len(s.points) for s in page.sections) // 1000
    assert 0 < copies * len(block) <= MAX_INCLUDED_CHARS
    refused = [f for f in page.findings if f.code == "BAD_INCLUDE"]
    assert len(refused) == 100 - copies
    assert all("characters of included text" in f.message for f in refused)
    assert {f.file for f in refused} == {"fan.md"}


@given(
    st.lists(st.tuples(st.integers(0, 5), st.integers(1, 6), st.integers(1, 50)), max_size=12),
    st.lists(st.integers(-2, 200), max_size=40),
)
def test_the_fast_locator_agrees_with_page_locate(
    runs: list[tuple[int, int, int]], lines: list[int]
) -> None:
    spans, first = [], 30
    for number, (gap, count, start) in enumerate(runs):
        first += gap
        spans.append(Inclusion(first, count, f"f{number}.md", start, 3))
        first += count
    page = Page("p.md", Path("p.md"), "P", included=tuple(spans))
    locate = _Locator(page.included)
    for line in lines:
        assert locate(line) == page.locate(line)
