"""GitBook spaces as GitBook lays them out: dot-named pages, folders of several spaces, and
the real spaces in `tests/fixtures/gitbook-real/` read with no markup left in."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.derive.cards import derive_cards
from notedeck.notebook import load_notebook
from notedeck.parse.gitbook import read_gitbook
from tests.helpers import FIXTURES, write_notes

runner = CliRunner()
PAGE = "# {title}\n\n## Theme\n\n* In 1924 Lenin died\n"
REAL = FIXTURES / "gitbook-real"
# What the benchmark counts as markup left in (bench/gitbook.py), for the tags GitBook writes.
LEFT_IN = re.compile(
    r"(?<!\\)</?(?:a|mark|figure|figcaption|picture|source|img|table|td|tr|pre|details|summary"
    r"|strong|em|p|div|span|br)(?=[\s/>])|(?<!\\)\{%|&lt;|&#|\"mention\"",
    re.IGNORECASE,
)


def test_a_dot_named_page_linked_from_summary_is_a_page(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "SUMMARY.md": "# Table of contents\n\n* [Intro](README.md)\n* [...](....md)\n",
            "README.md": PAGE.format(title="Intro"),
            "....md": PAGE.format(title="..."),
            ".draft.md": PAGE.format(title="Not linked"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [(p.id, p.title) for p in notebook.pages] == [("README.md", "Intro"), ("....md", "...")]
    codes = {f.code for f in notebook.all_findings()}
    assert "MISSING_PAGE" not in codes
    assert "NOT_IN_SUMMARY" not in codes  # an unlinked dot file stays hidden, as before


def test_a_folder_of_spaces_reads_each_space_in_its_own_order(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "guide/SUMMARY.md": "# Contents\n\n* [Start](start.md)\n* [Basics](basics.md)\n",
            "guide/basics.md": PAGE.format(title="Basics"),
            "guide/start.md": PAGE.format(title="Start"),
            "api/SUMMARY.md": "# Summary\n\n* [Pets](pets.md)\n* [Auth](auth.md)\n* [Gone](x.md)\n",
            "api/auth.md": PAGE.format(title="Auth"),
            "api/pets.md": PAGE.format(title="Pets"),
            "loose.md": PAGE.format(title="Loose"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [p.id for p in notebook.pages] == [
        "api/pets.md",
        "api/auth.md",
        "guide/start.md",
        "guide/basics.md",
        "loose.md",
    ]
    assert "Table of contents" not in [p.title for p in notebook.pages]
    assert notebook.title == tmp_path.name
    findings = {(f.code, f.page, f.line) for f in notebook.all_findings()}
    assert ("MISSING_PAGE", "api/SUMMARY.md", 5) in findings
    assert ("NOT_IN_SUMMARY", "loose.md", None) in findings


def test_summary_links_from_the_space_root_and_a_yaml_with_zero_width_spaces(
    tmp_path: Path,
) -> None:
    write_notes(
        tmp_path,
        {
            ".gitbook.yaml": "root: ./\n\n\u200bstructure:\n    summary: toc.md\u200b\n",
            "toc.md": "## 9\n\n * [Begin](/contents/9/begin.md)\n",
            "contents/9/begin.md": PAGE.format(title="Begin"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [p.id for p in notebook.pages] == ["contents/9/begin.md"]
    assert not [f for f in notebook.all_findings() if f.code == "MISSING_PAGE"]


# Links that are dead in the repositories themselves, by SUMMARY.md line: a page missing at
# the pinned commit (0xn3va), a link to a folder (Brighter).
DEAD_LINKS = {"0xn3va+cheat-sheets": [108], "BrighterCommand+Docs": [22, 120]}


@pytest.mark.parametrize("space", sorted(p.name for p in REAL.iterdir() if p.is_dir()))
def test_a_real_space_reads_every_summary_page_with_no_gitbook_markup_left(space: str) -> None:
    notebook = load_notebook(REAL / space, cache_dir=False, workers=1)
    missing = [f.line for f in notebook.all_findings() if f.code == "MISSING_PAGE"]
    assert missing == DEAD_LINKS.get(space, [])
    assert len(notebook.pages) >= 99
    left: list[str] = []
    for page in notebook.pages:
        texts = [page.title]
        for section in page.sections:
            texts.append(section.title)
            for factor in section.factors:
                texts.append(factor.title)
            points = [*section.points, *(p for f in section.factors for p in f.points)]
            todo = list(points)
            while todo:
                point = todo.pop()
                todo.extend(point.children)
                if point.table is not None:
                    texts += [c for row in (point.table.header, *point.table.rows) for c in row]
                elif not point.code:
                    texts.append(point.text)
        left += [t for t in texts if LEFT_IN.search(re.sub(r"`[^`]*`", "", t))]
    # The Android pages of 0xn3va write `&lt;iframe&gt;` in prose: shown as `<iframe>`.
    assert [t for t in left if "iframe" not in t] == []


def test_real_space_cards_hold_no_gitbook_markup() -> None:
    notebook = load_notebook(REAL / "BeefreeSDK+beefree-sdk-docs", cache_dir=False, workers=1)
    cards = derive_cards(notebook)
    assert len(cards) > 500
    assert [c.front for c in cards if LEFT_IN.search(c.front + c.back)] == []


def test_show_json_gives_tables_as_rows_and_tabs_as_sub_headings(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "install.md": (
                '# Install\n\n## Get it\n\n{% tabs %}\n{% tab title="macOS" %}\n'
                "1. Open the dmg\n{% endtab %}\n{% endtabs %}\n\n"
                '{% hint style="danger" %}\nBack up first.\n{% endhint %}\n\n'
                "| Key | Does |\n|---|---|\n| `q` | quits |\n"
            )
        },
    )
    result = runner.invoke(app, ["show", str(tmp_path), "--json"])
    assert result.exit_code == 0, result.output
    (page,) = json.loads(result.stdout)["pages"]
    section = page["sections"][0]
    assert [
        (f["title"], f["block"], [p["text"] for p in f["points"]]) for f in section["factors"]
    ] == [("macOS", "tab", ["Open the dmg"])]
    hint, table = section["points"]
    assert (hint["text"], hint["block"]) == ("Back up first.", "hint:danger")
    assert table["table"] == {"header": ["Key", "Does"], "rows": [["`q`", "quits"]]}
    text = runner.invoke(app, ["show", str(tmp_path)]).stdout
    assert "Key │ Does" in text and "`q` │ quits" in text and "{%" not in text


def test_the_rewrite_of_every_real_page_keeps_its_lines() -> None:
    for page in REAL.rglob("*.md"):
        text = page.read_text("utf-8", errors="replace")
        assert read_gitbook(text).text.count("\n") == text.count("\n"), page


def test_tables_and_block_kinds_survive_the_page_cache(tmp_path: Path) -> None:
    space = REAL / "AxonIQ+reference-guide"
    fresh = load_notebook(space, cache_dir=tmp_path, workers=1)
    blocks: set[str] = set()
    tables = 0
    for page in fresh.pages:
        for section in page.sections:
            blocks |= {section.block, *(f.block for f in section.factors)}
            tops = [*section.points, *(p for f in section.factors for p in f.points)]
            for point in (p for top in tops for p in top.walk()):
                blocks.add(point.block)
                tables += point.table is not None
    assert "tab" in blocks and tables > 5
    cached = load_notebook(space, cache_dir=tmp_path, workers=1)
    assert list(cached.pages) == list(fresh.pages)


def test_a_space_folder_may_name_its_summary_in_its_own_gitbook_yaml(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "guide/.gitbook.yaml": "structure:\n  summary: toc.md\n",
            "guide/toc.md": "# Guide\n\n* [Second](b.md)\n* [First](a.md)\n",
            "guide/a.md": PAGE.format(title="First"),
            "guide/b.md": PAGE.format(title="Second"),
            "api/SUMMARY.md": "# API\n\n* [Pets](pets.md)\n",
            "api/pets.md": PAGE.format(title="Pets"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [p.id for p in notebook.pages] == ["api/pets.md", "guide/b.md", "guide/a.md"]


def test_show_keeps_the_lines_of_code_under_their_point(tmp_path: Path) -> None:
    write_notes(tmp_path, {"p.md": "# P\n\n## Run it\n\n```bash\nmake\n\nmake test\n```\n"})
    text = runner.invoke(app, ["show", str(tmp_path)]).stdout
    assert "  Run it\n    make\n\n      make test\n" in text
