"""Which checks run, through the real CLI: essay checks quiet on documentation, and the
settings of `notedeck.toml` and of a page's front matter."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.notebook import bundled_example
from tests.helpers import as_new_process, write_notes

runner = CliRunner()

GUIDE = """# Installing the CLI

## Getting started

### Requirements

* a terminal and an internet connection

### Install

* run the installer and follow its prompts
"""
GUIDE_AS_ESSAY = ["NO_LINK_STATEMENT", "NO_EVIDENCE"] * 2  # two factors, no link, no name
ESSAY = """# Rise of Hitler

## Reasons for the rise of Hitler

### Propaganda

* Goebbels ran the campaigns of 1932
* **S: Propaganda won the votes that made Hitler chancellor.**

### Economic crisis

* unemployment rose sharply
"""


def check(root: Path, *extra: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["check", str(root), "--json", *extra])
    assert result.exit_code in (0, 1), result.output
    findings: list[dict[str, object]] = json.loads(result.stdout)["findings"]
    return findings


def codes(findings: list[dict[str, object]], page: str | None = None) -> list[str]:
    return [str(f["code"]) for f in findings if page is None or f["page"] == page]


def test_documentation_gets_no_essay_findings_and_one_note(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "docs", {"guide.md": GUIDE, "more.md": GUIDE})
    findings = check(root)
    assert codes(findings) == ["ESSAY_CHECKS_OFF"]
    [note] = findings
    assert note["severity"] == "info" and note["page"] is None
    message = str(note["message"])
    assert "2 pages (first 'guide.md')" in message and "essay = true" in message


def test_a_page_with_a_link_statement_is_checked_as_before(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "mixed", {"guide.md": GUIDE, "hitler.md": ESSAY})
    findings = check(root)
    # 'Economic crisis' has no link statement and no name or year.
    assert codes(findings, "hitler.md") == ["NO_LINK_STATEMENT", "NO_EVIDENCE"]
    assert codes(findings, "guide.md") == []
    assert codes(findings)[-1] == "ESSAY_CHECKS_OFF"


def test_the_seed_page_and_the_example_keep_their_essay_findings(
    tmp_path: Path, seed_page: Path
) -> None:
    page = tmp_path / "seed.md"
    page.write_bytes(seed_page.read_bytes())
    seed = codes(check(page))
    assert "WEAK_FACTOR" in seed and "ESSAY_CHECKS_OFF" not in seed
    example = check(bundled_example())
    assert ("NO_LINK_STATEMENT", "weimar-republic.md") in {(f["code"], f["page"]) for f in example}
    assert "WEAK_FACTOR" in codes(example) and "ESSAY_CHECKS_OFF" not in codes(example)


def test_notedeck_toml_turns_essay_checks_on_and_others_off(tmp_path: Path) -> None:
    root = write_notes(
        tmp_path / "docs",
        {
            "guide.md": GUIDE + "\n* the the end\n",
            "notedeck.toml": '[checks]\nessay = true\ndisable = ["REPEATED_WORD"]\n',
        },
    )
    assert codes(check(root)) == GUIDE_AS_ESSAY


def test_the_note_about_quiet_essay_checks_can_be_turned_off(tmp_path: Path) -> None:
    root = write_notes(
        tmp_path / "docs",
        {"guide.md": GUIDE, "notedeck.toml": '[checks]\ndisable = ["ESSAY_CHECKS_OFF"]\n'},
    )
    assert codes(check(root)) == []


def test_front_matter_overrides_the_notebook(tmp_path: Path) -> None:
    quiet_essay = "---\nnotedeck:\n  checks:\n    essay: false\n---\n" + ESSAY
    loud_guide = "---\nnotedeck:\n  checks: {essay: true, disable: [NO_EVIDENCE]}\n---\n" + GUIDE
    root = write_notes(
        tmp_path / "nb",
        {"essay.md": quiet_essay, "guide.md": loud_guide, "notedeck.toml": "[checks]\n"},
    )
    findings = check(root)
    assert codes(findings, "essay.md") == []
    assert codes(findings, "guide.md") == ["NO_LINK_STATEMENT", "NO_LINK_STATEMENT"]
    assert "ESSAY_CHECKS_OFF" not in codes(findings)  # settings decided; nothing to explain


def test_spelling_can_be_turned_off_for_the_notebook_or_a_page(tmp_path: Path) -> None:
    slip = "# Notes\n\n* the goverment fell in the crisis\n"
    root = write_notes(tmp_path / "nb", {"a.md": slip})
    assert codes(check(root)) == ["LIKELY_MISSPELLING"]
    (root / "notedeck.toml").write_text("[checks]\nspelling = false\n", encoding="utf-8")
    assert codes(check(root)) == []
    (root / "notedeck.toml").unlink()
    (root / "a.md").write_text("---\nnotedeck: {checks: {spelling: false}}\n---\n" + slip)
    assert codes(check(root)) == []


def test_a_bad_notedeck_toml_names_its_line_and_the_defaults_apply(tmp_path: Path) -> None:
    root = write_notes(
        tmp_path / "docs",
        {"guide.md": GUIDE, "notedeck.toml": "[checks]\nessay = true\ndisable = [\n"},
    )
    findings = check(root)
    assert codes(findings) == ["BAD_SETTINGS", "ESSAY_CHECKS_OFF"]
    bad = findings[0]
    assert bad["page"] == "notedeck.toml" and bad["line"] == 3
    assert "not valid TOML" in str(bad["message"]) and bad["severity"] == "warning"


def test_a_wrong_value_is_named_and_the_rest_is_kept(tmp_path: Path) -> None:
    root = write_notes(
        tmp_path / "docs",
        {
            "guide.md": GUIDE,
            "notedeck.toml": '[checks]\nessay = "yes"\ndisable = ["EMPTY_SECTON"]\ncolour = 1\n',
        },
    )
    findings = check(root)
    assert [(f["code"], f["line"], f["severity"]) for f in findings[:3]] == [
        ("BAD_SETTINGS", 2, "warning"),
        ("BAD_SETTINGS", 3, "info"),
        ("BAD_SETTINGS", 4, "warning"),
    ]
    assert "'EMPTY_SECTON'" in str(findings[1]["message"])
    assert codes(findings)[3:] == ["ESSAY_CHECKS_OFF"]  # essay: the default, auto


def test_a_bad_front_matter_setting_names_the_page_and_line(tmp_path: Path) -> None:
    page = "---\ntitle: Guide\nnotedeck: [essay]\n---\n" + GUIDE
    root = write_notes(tmp_path / "docs", {"guide.md": page})
    findings = check(root)
    first = findings[0]
    assert (first["code"], first["page"], first["line"]) == ("BAD_SETTINGS", "guide.md", 3)
    assert "notedeck: {checks: {essay: true}}" in str(first["message"])


def test_changing_notedeck_toml_is_not_served_from_the_page_cache(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "docs", {"guide.md": GUIDE})
    assert codes(check(root)) == ["ESSAY_CHECKS_OFF"]
    as_new_process()
    assert codes(check(root)) == ["ESSAY_CHECKS_OFF"]  # now from the cache
    (root / "notedeck.toml").write_text("[checks]\nessay = true\n", encoding="utf-8")
    assert codes(check(root)) == GUIDE_AS_ESSAY
    as_new_process()
    assert codes(check(root)) == GUIDE_AS_ESSAY
    (root / "notedeck.toml").unlink()
    assert codes(check(root)) == ["ESSAY_CHECKS_OFF"]
