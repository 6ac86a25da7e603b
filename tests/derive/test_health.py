"""Health findings: structure gaps, repeated words and spelling across the notebook."""

from __future__ import annotations

from pathlib import Path

from notedeck.notebook import load_notebook
from tests.helpers import write_notes


def findings(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, str | None, int | None]]:
    notebook = load_notebook(write_notes(tmp_path, files), cache_dir=False)
    return [(f.code, f.page, f.line) for f in notebook.all_findings()]


def test_structure_findings(tmp_path: Path) -> None:
    text = (
        "# Topic\n\n## Empty theme\n\n## Theme\n\n"
        "### No link\n\n* Hitler became chancellor in 1933\n\n"
        "### No evidence\n\n* it was bad\n* **S: so it mattered**\n\n"
        "### Weak one (not good for essay)\n\n* whatever\n"
    )
    assert findings(tmp_path, {"t.md": text}) == [
        ("EMPTY_SECTION", "t.md", 3),
        ("NO_LINK_STATEMENT", "t.md", 7),
        ("NO_EVIDENCE", "t.md", 11),
        ("WEAK_FACTOR", "t.md", 16),
    ]


def test_repeated_word_names_the_line(tmp_path: Path) -> None:
    text = "# T\n\n* fine line\n* he argued with the the Party\n* had had enough\n"
    assert findings(tmp_path, {"t.md": text}) == [("REPEATED_WORD", "t.md", 4)]


def test_inconsistent_spelling_across_pages(tmp_path: Path) -> None:
    one = (
        "# One\n\n* He was appointed secretary-general of the party\n"
        "* The secretary-general ruled\n"
    )
    two = "# Two\n\n* He kept his post as sectary-general\n* The north-east and the north-west\n"
    result = load_notebook(write_notes(tmp_path, {"one.md": one, "two.md": two}), cache_dir=False)
    [finding] = [f for f in result.findings if f.code == "INCONSISTENT_SPELLING"]
    assert (finding.page, finding.line) == ("two.md", 3)
    assert "'sectary-general'" in finding.message and "'secretary-general'" in finding.message


def test_inflections_are_not_inconsistent(tmp_path: Path) -> None:
    text = (
        "# T\n\n* anti-communist and anti-communism\n* short-term and long-term\n"
        "* self-governing and self-government\n"
    )
    assert findings(tmp_path, {"t.md": text}) == []


def test_misspelling_accepts_names_and_british_spelling(tmp_path: Path) -> None:
    one = "# One\n\n* The organisation favoured Zinoviev and the Politburo\n* a goverment crisis\n"
    two = "# Two\n\n* later zinoviev and the politburo were purged\n"
    got = findings(tmp_path, {"one.md": one, "two.md": two})
    assert got == [("LIKELY_MISSPELLING", "one.md", 4)]
    notebook = load_notebook(tmp_path, cache_dir=False)
    [finding] = notebook.findings
    assert "'goverment'" in finding.message and "government" in finding.message


def test_plurals_of_dictionary_words_are_not_misspellings(tmp_path: Path) -> None:
    text = (
        "# T\n\n* the blackshirts marched on Rome\n* rival armies and hunger marches\n"
        "* colonisations and the parliments\n"
    )
    got = findings(tmp_path, {"t.md": text})
    assert got == [("LIKELY_MISSPELLING", "t.md", 5)]
    [finding] = load_notebook(tmp_path, cache_dir=False).findings
    assert "'parliments'" in finding.message


def repeated(text: str) -> list[tuple[int | None, str]]:
    from notedeck.derive.health import check_page
    from notedeck.parse.outline import outline_page
    from notedeck.parse.source import read_source

    page = outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))
    return [(f.line, f.message) for f in check_page(page) if f.code == "REPEATED_WORD"]


def test_repeated_words_only_within_a_line_and_between_blanks() -> None:
    text = (
        "# T\n\n* ends with the\n* the next point\n* in 1923 in Munich\n"
        "* until 1940, until then\n* The the\tthe army\n* the. The end\n* word_ word\n"
    )
    assert repeated(text) == [(7, "'The the': the word 'The' is written twice.")]


def test_repeated_words_with_letters_that_fold_to_ascii() -> None:
    # The Kelvin sign folds to "k" and the long s to itself: the regex's own rules apply.
    assert repeated("# T\n\n* the \u212aing king\n* the the end\n") == [
        (3, "'\u212aing king': the word '\u212aing' is written twice."),
        (4, "'the the': the word 'the' is written twice."),
    ]
    assert repeated("# T\n\n* \u017f \u017f\n") == []


def test_two_words_each_meant_are_not_one_term_spelled_two_ways(tmp_path: Path) -> None:
    text = (
        "# T\n\n* a superset of the superuser rights, backlinks and backticks\n"
        "* non-Spring and non-String apps, pre-defined and pre-designed rows\n"
        "* the sever-side code and the server-side code\n"
    )
    got = load_notebook(write_notes(tmp_path, {"t.md": text}), cache_dir=False).findings
    assert [f.message.split(" look")[0] for f in got if f.code == "INCONSISTENT_SPELLING"] == [
        "'sever-side' (line 5) and 'server-side'"
    ]


def test_a_part_heading_whose_writing_sits_in_its_subsections_is_not_empty(
    tmp_path: Path,
) -> None:
    text = (
        "# WebView settings\n\nWhat the settings do.\n\n# Security issues\n\n"
        "## File access\n\nFile URLs may read other files.\n\n## Still to write\n"
    )
    found = findings(tmp_path, {"docs.md": text})
    assert [f for f in found if f[0] == "EMPTY_SECTION"] == [("EMPTY_SECTION", "docs.md", 11)]
