"""`{% include %}` through the loader and the CLI: real files, the real page cache."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.derive.cards import derive_cards
from notedeck.export.anki import source_label
from notedeck.include_files import read_included
from notedeck.notebook import load_notebook
from notedeck.parse.include import MAX_INCLUDE_BYTES, MAX_INCLUDED_CHARS
from tests.helpers import FIXTURES, as_new_process, write_notes

SPACE = FIXTURES / "gitbook-include"
TIPS = ".gitbook/includes/exam-tips.md"
runner = CliRunner()


def _space(tmp_path: Path) -> Path:
    """The fixture space copied, every file dated in the past, so that the page cache
    trusts a file it hashed before without reading it again (as on a real machine)."""
    root = Path(shutil.copytree(SPACE, tmp_path / "space"))
    _age(root)
    return root


def _age(root: Path, when: int = 1_600_000_000) -> None:
    for folder, _, names in os.walk(root):
        for name in names:
            os.utime(Path(folder, name), (when, when))


def _texts(notebook_root: Path, page_id: str, **kwargs: object) -> list[str]:
    page = load_notebook(notebook_root, **kwargs).page(page_id)  # type: ignore[arg-type]
    return [
        point.text
        for section in page.sections
        for factor in section.factors
        for point in factor.all_points()
    ]


def test_a_gitbook_space_shows_its_reusable_content_on_every_page_that_includes_it() -> None:
    notebook = load_notebook(SPACE, cache_dir=False)
    assert notebook.page_ids() == ("README.md", "russia/revolution.md", "germany/weimar.md")
    for page_id in ("russia/revolution.md", "germany/weimar.md"):
        revision = notebook.page(page_id).sections[-1]
        assert revision.title == "Revision"
        (tips,) = revision.factors
        assert tips.title == "Exam tips"
        assert "Plan for five minutes before you write." in [p.text for p in tips.points]
    cards = [c for c in derive_cards(notebook) if c.back == "the link"]
    assert {c.source.page for c in cards} == {"russia/revolution.md", "germany/weimar.md"}


def test_check_names_the_included_file_and_its_line() -> None:
    result = runner.invoke(app, ["check", str(SPACE), "--json", "--no-cache"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    in_tips = [f for f in findings if f.get("file") == TIPS]
    assert in_tips and {f["line"] for f in in_tips} == {5}  # `## Exam tips` in its own file
    assert {f["page"] for f in in_tips} == {"russia/revolution.md", "germany/weimar.md"}
    shown = runner.invoke(app, ["check", str(SPACE), "--no-cache"])
    assert f"{TIPS}:5" in shown.output


def test_editing_an_included_file_refreshes_every_page_that_includes_it(tmp_path: Path) -> None:
    root = _space(tmp_path)
    cache = tmp_path / "cache"
    before = load_notebook(root, cache_dir=cache)
    versions = dict(before.page_versions())
    assert "Plan for five minutes before you write." in _texts(
        root, "germany/weimar.md", cache_dir=cache
    )
    as_new_process()
    tips = root / TIPS
    tips.write_text(tips.read_text().replace("five minutes", "ten minutes"))
    _age(root, 1_600_000_100)  # an edit made long ago: only its size and time tell
    as_new_process()
    after = load_notebook(root, cache_dir=cache)
    changed = dict(after.page_versions())
    assert changed["README.md"] == versions["README.md"]
    for page_id in ("russia/revolution.md", "germany/weimar.md"):
        assert changed[page_id] != versions[page_id]
        points = _texts(root, page_id, cache_dir=cache)
        assert "Plan for ten minutes before you write." in points
        assert "Plan for five minutes before you write." not in points


def test_an_unchanged_space_is_read_from_the_cache_with_its_includes(tmp_path: Path) -> None:
    root = _space(tmp_path)
    cache = tmp_path / "cache"
    first = load_notebook(root, cache_dir=cache)
    as_new_process()
    again = load_notebook(root, cache_dir=cache)
    assert again.page_versions() == first.page_versions()
    assert again.page("germany/weimar.md") == first.page("germany/weimar.md")
    assert [f.to_dict() for f in again.all_findings()] == [
        f.to_dict() for f in first.all_findings()
    ]


def test_a_symlink_out_of_the_notebook_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("* the secret text\n")
    root = write_notes(tmp_path / "notes", {"page.md": '# P\n\n{% include "inc.md" %}\n\n* Mine\n'})
    (root / "inc.md").symlink_to(secret)
    page = load_notebook(root, cache_dir=False).page("page.md")
    texts = [p.text for s in page.sections for p in s.points]
    assert "the secret text" not in texts and "Mine" in texts
    (finding,) = [f for f in page.findings if f.code == "BAD_INCLUDE"]
    assert finding.line == 3 and "out of the notebook" in finding.message


def test_a_huge_included_file_is_refused_and_the_page_still_works(tmp_path: Path) -> None:
    big = b"* x\n" * (MAX_INCLUDE_BYTES // 4 + 1)
    page_text = '# P\n\n* Mine\n\n{% include ".gitbook/big.md" %}\n'
    root = write_notes(tmp_path / "notes", {"page.md": page_text, ".gitbook/big.md": big})
    result = runner.invoke(app, ["check", str(root), "--json", "--no-cache"])
    findings = json.loads(result.output)["findings"]
    (bad,) = [f for f in findings if f["code"] == "BAD_INCLUDE"]
    assert (bad["page"], bad["line"]) == ("page.md", 5)
    assert "limit for an included file" in bad["message"]
    shown = runner.invoke(app, ["show", str(root), "--json", "--no-cache"])
    (page,) = json.loads(shown.output)["pages"]
    assert [p["text"] for p in page["sections"][0]["points"]] == ["Mine"]


def test_an_include_of_a_file_written_later_is_picked_up(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "notes", {"page.md": '# P\n\n{% include "later.md" %}\n'})
    _age(root)
    cache = tmp_path / "cache"
    page = load_notebook(root, cache_dir=cache).page("page.md")
    assert [f.code for f in page.findings] == ["BAD_INCLUDE"]
    as_new_process()
    write_notes(root, {"later.md": "* Written later\n"})
    _age(root)
    page = load_notebook(root, cache_dir=cache).page("page.md")
    assert [p.text for s in page.sections for p in s.points] == ["Written later"]
    assert not page.findings


def test_an_included_file_is_a_page_only_when_summary_links_it(tmp_path: Path) -> None:
    page = '# Page\n\n{% include "parts/block.md" %}\n'
    block = "# Block\n\n* Shared point\n"
    plain = write_notes(tmp_path / "plain", {"page.md": page, "parts/block.md": block})
    notebook = load_notebook(plain, cache_dir=False)
    assert notebook.page_ids() == ("page.md",)
    assert [p.text for s in notebook.page("page.md").sections for p in s.points] == ["Shared point"]
    assert not [f for f in notebook.all_findings() if f.page == "parts/block.md"]

    summary = "# Contents\n\n* [Page](page.md)\n* [Block](parts/block.md)\n"
    listed = write_notes(
        tmp_path / "listed", {"SUMMARY.md": summary, "page.md": page, "parts/block.md": block}
    )
    assert load_notebook(listed, cache_dir=False).page_ids() == ("page.md", "parts/block.md")


@pytest.mark.parametrize("block", ["inc/block.md", ".gitbook/includes/block.md"])
def test_a_misspelling_in_an_included_file_names_that_file(tmp_path: Path, block: str) -> None:
    """Whether or not the block would be a page of its own (it is not: it is included)."""
    root = write_notes(
        tmp_path / "notes",
        {
            "page.md": f'# Page\n\n* Lenin returned in **1917**\n\n{{% include "{block}" %}}\n',
            block: "# Block\n\n* The provisional goverment fell in October\n",
        },
    )
    result = runner.invoke(app, ["check", str(root), "--json", "--no-cache"])
    findings = json.loads(result.output)["findings"]
    (slip,) = [f for f in findings if f["code"] == "LIKELY_MISSPELLING"]
    assert (slip["page"], slip.get("file"), slip["line"]) == ("page.md", block, 3)


def test_cards_and_their_anki_label_name_the_included_file(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'study.sqlite'}"
    result = runner.invoke(app, ["cards", str(SPACE), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.output)["cards"]
    (peel,) = [
        c for c in listed if c["back"] == "the link" and c["source"]["page"] == "germany/weimar.md"
    ]
    assert (peel["source"]["file"], peel["source"]["file_line"]) == (TIPS, 12)
    card = next(
        c for c in derive_cards(load_notebook(SPACE, cache_dir=False)) if c.back == "the link"
    )
    assert source_label(card).endswith(f"{TIPS} line 12")


def test_the_web_app_hears_an_edit_to_an_included_file(tmp_path: Path) -> None:
    """Live reload watches every note under the folder, `.gitbook/includes/` too."""
    from fastapi.testclient import TestClient

    from notedeck.web.app import create_app

    root = _space(tmp_path)
    app = create_app(root, f"sqlite:///{tmp_path / 'store.sqlite'}", watch=True)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        version = client.get("/api/changes").json()["version"]
        tips = root / TIPS
        edited = tips.read_text().replace("five minutes", "ten minutes")
        for _ in range(5):  # saved again if the watcher was not yet listening
            tips.write_text(edited)
            changed = client.get("/api/changes", params={"since": version, "wait": 5}).json()
            if changed["version"] > version:
                break
        assert changed["version"] > version
        page = client.get("/api/pages/germany/weimar.md").json()
    tips_factor = page["sections"][-1]["factors"][0]
    assert "Plan for ten minutes before you write." in [p["text"] for p in tips_factor["points"]]


def test_a_spelling_told_in_a_message_names_the_included_file(tmp_path: Path) -> None:
    root = write_notes(
        tmp_path / "notes",
        {
            "page.md": "# Page\n\n* Kornilov marched on the capital in **1917**\n\n"
            '{% include ".gitbook/includes/b.md" %}\n',
            "other.md": "# Other\n\n* Kornilov was a general\n",
            ".gitbook/includes/b.md": "# Block\n\n* Later Kornilow was arrested\n",
        },
    )
    result = runner.invoke(app, ["check", str(root), "--json", "--no-cache"])
    (pair,) = [
        f for f in json.loads(result.output)["findings"] if f["code"] == "INCONSISTENT_SPELLING"
    ]
    assert (pair["page"], pair.get("file"), pair["line"]) == (
        "page.md",
        ".gitbook/includes/b.md",
        3,
    )
    assert "'Kornilow' (line 3 of .gitbook/includes/b.md)" in pair["message"]


def test_reading_stops_when_a_page_would_take_in_too_much(tmp_path: Path) -> None:
    names = [f"blocks/{n:02}.md" for n in range(20)]
    big = b"x" * (MAX_INCLUDE_BYTES - 1)
    page = "".join(f'{{% include "{name}" %}}\n' for name in names).encode()
    root = write_notes(tmp_path / "notes", {name: big for name in names})
    files = read_included(root, "p.md", page)
    read = [name for name, got in files.items() if isinstance(got, bytes)]
    refused = {got for got in files.values() if isinstance(got, str)}
    assert len(files) == 20
    assert 0 < len(read) * len(big) <= 4 * MAX_INCLUDED_CHARS + len(big)
    assert refused == {
        f"the page would take in over {MAX_INCLUDED_CHARS:,} characters of included text"
    }


def test_a_reordered_space_still_knows_what_its_unchanged_pages_include(tmp_path: Path) -> None:
    notes = {
        "SUMMARY.md": "# Contents\n\n* [A](a.md)\n* [B](b.md)\n",
        "a.md": '# A\n\n{% include "parts/x.md" %}\n',
        "b.md": "# B\n\n* Own point\n",
        "parts/x.md": "* Shared point\n",
    }
    root = write_notes(tmp_path / "notes", notes)
    _age(root)
    cache = tmp_path / "cache"
    assert load_notebook(root, cache_dir=cache).page_ids() == ("a.md", "b.md")
    as_new_process()
    write_notes(root, {"SUMMARY.md": "# Contents\n\n* [B](b.md)\n* [A](a.md)\n"})
    _age(root)
    notebook = load_notebook(root, cache_dir=cache)
    assert notebook.page_ids() == ("b.md", "a.md")
    assert not [f for f in notebook.all_findings() if f.page == "parts/x.md"]


def test_the_reader_shows_an_included_block_where_the_page_includes_it(tmp_path: Path) -> None:
    """The web reader renders the page as GitBook does: the reusable block in place, its
    anchors at the included lines that findings and cards point to."""
    from fastapi.testclient import TestClient

    from notedeck.web.app import create_app

    root = _space(tmp_path)
    page = load_notebook(root, cache_dir=False).page("germany/weimar.md")
    tips = next(i for i in page.included if i.file == TIPS)
    app = create_app(root, f"sqlite:///{tmp_path / 'store.sqlite'}", watch=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        html = client.get("/page/germany/weimar.md").text
    assert "Plan for five minutes before you write." in html
    assert "{% include" not in html
    block = range(tips.first, tips.first + tips.count)
    assert any(f'id="L{line}"' in html for line in block)
    after = html.split("Plan for five minutes", 1)[1]
    assert "Start each paragraph with the factor" in after  # the block reads in order


def test_health_names_the_included_file_and_links_to_its_block_in_the_reader(
    tmp_path: Path,
) -> None:
    from fastapi.testclient import TestClient

    from notedeck.web.app import create_app

    root = _space(tmp_path)
    page = load_notebook(root, cache_dir=False).page("germany/weimar.md")
    tips = next(i for i in page.included if i.file == TIPS)
    app = create_app(root, f"sqlite:///{tmp_path / 'store.sqlite'}", watch=False)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        rows = client.get("/api/health").json()
    weimar = next(r for r in rows["pages"] if r["page"] == "germany/weimar.md")
    tip = next(f for f in weimar["findings"] if f.get("file") == TIPS)
    anchor = int(tip["url"].rsplit("#L", 1)[1])
    assert tips.first <= anchor < tips.first + tips.count
