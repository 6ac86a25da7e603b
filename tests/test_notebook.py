"""Loading folders: SUMMARY order, .gitbook.yaml, skipped folders, bad files, the page cache."""

from __future__ import annotations

import marshal
import os
import pickle
import sqlite3
import time
from pathlib import Path

import pytest

from notedeck import page_cache
from notedeck.errors import NotebookNotFound
from notedeck.model import PageList, Severity
from notedeck.notebook import bundled_example, load_notebook, notebook_root
from tests.helpers import as_new_process, write_notes

PAGE = "# {title}\n\n## Theme\n\n### Factor\n\n* In 1924 Lenin died\n* **S: This mattered**\n"


def test_summary_order_and_unlisted_pages(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "SUMMARY.md": "# Table of contents\n\n* [Zed](z.md)\n  * [Alpha](sub/a.md)\n"
            "* [Gone](missing.md)\n* [Mid](m.md#part)\n",
            "z.md": PAGE.format(title="Zed"),
            "sub/a.md": PAGE.format(title="Alpha"),
            "m.md": PAGE.format(title="Mid"),
            "b.md": PAGE.format(title="Unlisted"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [p.id for p in notebook.pages] == ["z.md", "sub/a.md", "m.md", "b.md"]
    assert notebook.title == tmp_path.name
    codes = {(f.code, f.page, f.line) for f in notebook.findings}
    assert ("MISSING_PAGE", "SUMMARY.md", 5) in codes
    assert ("NOT_IN_SUMMARY", "b.md", None) in codes


def test_without_summary_order_is_by_path(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "b.md": PAGE.format(title="B"),
            "a/c.md": PAGE.format(title="C"),
            "a.md": PAGE.format(title="A"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [p.id for p in notebook.pages] == ["a.md", "a/c.md", "b.md"]


def test_gitbook_yaml_moves_root_and_summary(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            ".gitbook.yaml": (
                "root: ./docs/\nstructure:\n  readme: intro.md\n  summary: toc/contents.md\n"
            ),
            "docs/toc/contents.md": "# My space\n\n* [Second](../two.md)\n* [First](../one.md)\n",
            "docs/one.md": PAGE.format(title="One"),
            "docs/two.md": PAGE.format(title="Two"),
            "outside.md": PAGE.format(title="Outside the root"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert notebook.root == (tmp_path / "docs").resolve()
    assert notebook.title == "My space"
    assert [p.id for p in notebook.pages] == ["two.md", "one.md"]


def test_hidden_and_vendor_folders_are_skipped(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "a.md": PAGE.format(title="A"),
            ".git/x.md": "# no",
            ".obsidian/y.md": "# no",
            "node_modules/pkg/readme.md": "# no",
            "notes.txt": "not markdown",
        },
    )
    assert [p.id for p in load_notebook(tmp_path, cache_dir=False).pages] == ["a.md"]


def test_bad_pages_do_not_stop_the_notebook(tmp_path: Path) -> None:
    write_notes(
        tmp_path,
        {
            "a.md": "---\ntitle: [broken\n---\n# Broken front matter\n\n## S\n\n* still here\n",
            "b.md": b"\x00\x01\x02binary\xff\xfe",
            "c.md": "",
            "d.md": "# Fine\n\n* \xe9t\xe9".encode("cp1252"),
            "e.md": PAGE.format(title="Good"),
        },
    )
    notebook = load_notebook(tmp_path, cache_dir=False)
    assert [p.id for p in notebook.pages] == ["a.md", "b.md", "c.md", "d.md", "e.md"]
    by_page = {(f.page, f.code): f for f in notebook.all_findings()}
    bad_yaml = by_page[("a.md", "BAD_FRONT_MATTER")]
    assert bad_yaml.severity is Severity.ERROR and bad_yaml.line == 3
    assert notebook.page("a.md").sections[0].points[0].text == "still here"
    assert ("b.md", "BINARY_FILE") in by_page
    assert ("c.md", "EMPTY_PAGE") in by_page
    assert ("d.md", "NOT_UTF8") in by_page
    assert notebook.page("d.md").sections[0].points[0].text == "été"
    assert notebook.page("e.md").sections[0].factors[0].statements[0].preferred == "This mattered"


def test_single_file_and_missing_path(tmp_path: Path) -> None:
    write_notes(tmp_path, {"one.md": PAGE.format(title="Only"), "other.md": "# Other"})
    notebook = load_notebook(tmp_path / "one.md", cache_dir=False)
    assert [p.id for p in notebook.pages] == ["one.md"]
    with pytest.raises(NotebookNotFound, match="nope"):
        load_notebook(tmp_path / "nope", cache_dir=False)


def test_unchanged_pages_come_from_the_cache(tmp_path: Path) -> None:
    notes = write_notes(
        tmp_path / "notes", {"a.md": PAGE.format(title="A"), "b.md": PAGE.format(title="B")}
    )
    cache = tmp_path / "cache"
    first = load_notebook(notes, cache_dir=cache)
    second = load_notebook(notes, cache_dir=cache)
    assert second.pages[0] is first.pages[0]  # same object: not parsed again

    as_new_process()
    third = load_notebook(notes, cache_dir=cache)
    assert third.pages == first.pages and third.pages[0] is not first.pages[0]

    (notes / "b.md").write_text(PAGE.format(title="B edited"), encoding="utf-8")
    fourth = load_notebook(notes, cache_dir=cache)
    assert fourth.pages[0] is third.pages[0]
    assert fourth.pages[1].title == "B edited"


def test_a_new_process_reads_findings_without_outlines(tmp_path: Path) -> None:
    pages = {f"p{i}.md": PAGE.format(title=f"P{i}") + "* the the Treaty\n" for i in range(4)}
    notes = write_notes(tmp_path / "notes", pages | {"odd.md": "# Odd\n\n## Empty\n"})
    cache = tmp_path / "cache"
    first = load_notebook(notes, cache_dir=cache)
    expected = first.all_findings()
    assert any(f.code == "REPEATED_WORD" for f in expected)

    as_new_process()
    second = load_notebook(notes, cache_dir=cache)
    assert second.all_findings() == expected
    assert second.page_ids() == first.page_ids()
    assert isinstance(second.pages, PageList) and second.pages.loaded() == 0
    assert second.page("p2.md") == first.page("p2.md")
    assert second.pages.loaded() == 1
    assert list(second.pages) == list(first.pages)


def test_unchanged_files_are_not_read_again_by_a_new_process(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {"a.md": PAGE.format(title="A")})
    cache = tmp_path / "cache"
    file = notes / "a.md"
    os.utime(file, ns=(time.time_ns() - 10**10,) * 2)  # older than the racy-write window
    load_notebook(notes, cache_dir=cache)

    as_new_process()
    digest = page_cache.PageCache(cache, notes).known_digest(str(file))
    assert digest == page_cache.content_digest(file.read_bytes())

    file.write_text(PAGE.format(title="A changed"), encoding="utf-8")
    assert page_cache.PageCache(cache, notes).known_digest(str(file)) is None


def test_a_page_lost_from_the_cache_is_built_again(tmp_path: Path) -> None:
    notes = write_notes(
        tmp_path / "notes", {f"p{i}.md": PAGE.format(title=f"P{i}") for i in range(3)}
    )
    cache = tmp_path / "cache"
    first = load_notebook(notes, cache_dir=cache)
    (database,) = cache.glob("notebook-*.sqlite")
    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM outlines")
    db.close()

    as_new_process()
    again = load_notebook(notes, cache_dir=cache)
    assert [p.title for p in again.pages] == ["P0", "P1", "P2"]
    assert again.all_findings() == first.all_findings()


def test_an_edit_in_a_new_process_updates_spelling(tmp_path: Path) -> None:
    body = "* The secretary-general of the Party in 1922\n"
    notes = write_notes(tmp_path / "notes", {"a.md": PAGE.format(title="A") + body * 2})
    (notes / "b.md").write_text(PAGE.format(title="B"), encoding="utf-8")
    cache = tmp_path / "cache"
    assert not any(
        f.code == "INCONSISTENT_SPELLING" for f in load_notebook(notes, cache_dir=cache).findings
    )

    as_new_process()
    (notes / "b.md").write_text(
        PAGE.format(title="B") + "* The sectary-general spoke\n", encoding="utf-8"
    )
    found = [
        f
        for f in load_notebook(notes, cache_dir=cache).findings
        if f.code == "INCONSISTENT_SPELLING"
    ]
    assert [(f.page, f.line) for f in found] == [("b.md", 9)]


def test_progress_reaches_every_page_when_touched_files_come_from_the_cache(
    tmp_path: Path,
) -> None:
    notes = write_notes(
        tmp_path / "notes", {f"p{i}.md": PAGE.format(title=f"P{i}") for i in range(3)}
    )
    cache = tmp_path / "cache"
    seen: list[tuple[int, int]] = []
    load_notebook(notes, cache_dir=cache, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)

    as_new_process()
    for file in notes.glob("*.md"):  # same bytes, new times: read again, found in the cache
        os.utime(file, ns=(time.time_ns(),) * 2)
    seen.clear()
    load_notebook(notes, cache_dir=cache, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (3, 3)


def test_a_damaged_cache_file_is_replaced(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {"a.md": PAGE.format(title="A")})
    cache = tmp_path / "cache"
    expected = load_notebook(notes, cache_dir=cache).all_findings()
    (database,) = cache.glob("notebook-*.sqlite")
    database.write_bytes(b"not a database" * 100)

    as_new_process()
    assert load_notebook(notes, cache_dir=cache).all_findings() == expected
    as_new_process()
    assert load_notebook(notes, cache_dir=cache).all_findings() == expected
    with sqlite3.connect(database) as db:  # written afresh by the second build
        assert db.execute("SELECT count(*) FROM outlines").fetchone() == (1,)
    db.close()


def test_page_list_behaves_like_a_tuple_of_pages(tmp_path: Path) -> None:
    notebook = load_notebook(
        write_notes(tmp_path, {f"p{i}.md": PAGE.format(title=f"P{i}") for i in range(3)}),
        cache_dir=False,
    )
    pages = notebook.pages
    plain = tuple(pages)
    assert pages == plain and pages[1:] == plain[1:] and pages[-1] is plain[-1]
    assert pickle.loads(pickle.dumps(pages)) == plain
    with pytest.raises(KeyError):
        notebook.page("nope.md")


def test_parallel_cold_build_matches_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = {f"p{i:03}.md": PAGE.format(title=f"Page {i}") for i in range(230)}
    notes = write_notes(tmp_path / "notes", files)
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "cache"))
    as_new_process()
    parallel = load_notebook(notes, cache_dir=False, workers=2)
    # A worker wrote the dictionary's index for the next one-page rebuild.
    assert len(list((tmp_path / "cache").glob("words-*.sqlite"))) == 1
    as_new_process()
    serial = load_notebook(notes, cache_dir=False, workers=1)
    assert parallel.pages == serial.pages
    assert parallel.findings == serial.findings


def test_bundled_example_is_packaged() -> None:
    root = bundled_example()
    assert (root / "SUMMARY.md").is_file()
    notebook = load_notebook(cache_dir=False)
    assert notebook.root == root
    assert len(notebook.pages) >= 5


SPELLING_PAGE = (
    "# {title}\n\n## Theme\n\n### Factor\n\n"
    "* In 1924 the secretary-general of the Party, Stalin, won the vote\n"
    "* The opposition met Kamenev in {title}\n* **S: This mattered**\n"
)


def test_edits_patch_the_last_build_to_what_a_fresh_build_gives(tmp_path: Path) -> None:
    names = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot"]
    notes = write_notes(
        tmp_path / "notes",
        {f"{n}.md": SPELLING_PAGE.format(title=n.title()) for n in names}
        | {"SUMMARY.md": "# Summary\n\n" + "".join(f"* [{n}]({n}.md)\n" for n in names)},
    )
    cache = tmp_path / "cache"

    def rebuilt(new_process: bool) -> list[tuple[str, str | None, int | None, str]]:
        if new_process:
            as_new_process()
        patched = load_notebook(notes, cache_dir=cache).all_findings()
        assert patched == load_notebook(notes, cache_dir=None).all_findings()
        return [(f.code, f.page, f.line, f.message) for f in patched if "SPELLING" in f.code]

    def edit(page: str, old: str, new: str) -> None:
        file = notes / page
        file.write_text(file.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    assert rebuilt(new_process=True) == []
    edit("charlie.md", "The opposition", "The oppositoin")
    assert [(code, page, line) for code, page, line, _ in rebuilt(True)] == [
        ("LIKELY_MISSPELLING", "charlie.md", 8)
    ]
    edit("bravo.md", "secretary-general", "sectary-general")
    found = rebuilt(False)
    assert [(code, page) for code, page, _, _ in found] == [
        ("INCONSISTENT_SPELLING", "bravo.md"),
        ("LIKELY_MISSPELLING", "charlie.md"),
    ]
    assert found[0][3].startswith("'sectary-general' (line 7) and 'secretary-general'")
    edit("echo.md", "won the vote", "won the vote against Oppositoin")  # now a name
    assert [code for code, *_ in rebuilt(True)] == ["INCONSISTENT_SPELLING"]
    (notes / "bravo.md").unlink()
    assert rebuilt(True) == []
    (notes / "golf.md").write_text(
        SPELLING_PAGE.format(title="Golf").replace("the vote", "the ballott"), encoding="utf-8"
    )
    assert [(code, page) for code, page, _, _ in rebuilt(False)] == [
        ("LIKELY_MISSPELLING", "golf.md")
    ]
    summary = notes / "SUMMARY.md"
    summary.write_text(  # the same pages, read in the opposite order
        "# Summary\n\n" + "".join(f"* [{n}]({n}.md)\n" for n in reversed(names)),
        encoding="utf-8",
    )
    assert [page for _, page, _, _ in rebuilt(True)] == ["golf.md"]
    edit("echo.md", " against Oppositoin", "")
    assert [(code, page) for code, page, _, _ in rebuilt(True)] == [
        ("LIKELY_MISSPELLING", "charlie.md"),
        ("LIKELY_MISSPELLING", "golf.md"),
    ]


def test_a_cache_file_from_an_older_notedeck_is_made_again(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {"a.md": PAGE.format(title="A") + "* the the\n"})
    cache = tmp_path / "cache"
    expected = load_notebook(notes, cache_dir=None).all_findings()
    load_notebook(notes, cache_dir=cache)
    (database,) = cache.glob("notebook-*.sqlite")
    database.unlink()
    with sqlite3.connect(database) as db:  # the tables as notedeck 0.1 made them
        db.execute("CREATE TABLE results (name TEXT PRIMARY KEY, state TEXT, blob BLOB)")
        db.execute("INSERT INTO results VALUES ('findings', 'x', ?)", (pickle.dumps(("old",)),))
    db.close()

    as_new_process()
    assert load_notebook(notes, cache_dir=cache).all_findings() == expected
    as_new_process()
    again = load_notebook(notes, cache_dir=cache)
    assert again.all_findings() == expected
    assert isinstance(again.pages, PageList) and again.pages.loaded() == 0  # read from cache

    with sqlite3.connect(database) as db:  # a snapshot from an older notedeck: a pickle
        db.execute("UPDATE results SET blob = ? WHERE name = 'snapshot'", (pickle.dumps({}),))
    db.close()
    as_new_process()
    assert load_notebook(notes, cache_dir=cache).all_findings() == expected
    with sqlite3.connect(database) as db:  # one made by another version of the format
        (blob,) = db.execute("SELECT blob FROM results WHERE name = 'snapshot'").fetchone()
        older = marshal.loads(blob)
        older[0] = "0"
        db.execute("UPDATE results SET blob = ? WHERE name = 'snapshot'", (marshal.dumps(older),))
    db.close()
    as_new_process()
    assert load_notebook(notes, cache_dir=cache).all_findings() == expected


def test_a_new_word_list_makes_every_page_be_checked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page's unknown words came from the word list: another list (a new pyspellchecker)
    must not be answered from the cache."""
    from notedeck.derive import dictionary

    notes = write_notes(tmp_path / "notes", {"a.md": PAGE.format(title="A"), "b.md": "# B\n"})
    cache = tmp_path / "cache"

    def stored_under(stamp: str) -> list[str]:
        """Load in a new process with this word list; the lists the cached pages came from."""
        monkeypatch.setattr(dictionary, "list_stamp", lambda: stamp)
        as_new_process()
        load_notebook(notes, cache_dir=cache)
        (database,) = cache.glob("notebook-*.sqlite")
        with sqlite3.connect(database) as db:
            keys = [key for (key,) in db.execute("SELECT key FROM pages")]
        db.close()
        return sorted(key.split(":")[0].partition("+")[2] for key in keys)

    assert stored_under("10-20") == ["10-20", "10-20"]
    assert stored_under("11-20") == ["11-20", "11-20"]  # both pages checked again


def test_the_store_key_of_a_notebook_is_found_without_reading_its_pages(tmp_path: Path) -> None:
    """`exam status` keys the store by this folder and must agree with `build`."""
    plain = write_notes(tmp_path / "plain", {"a/b.md": "# B\n", "c.md": "# C\n"})
    assert notebook_root(plain) == load_notebook(plain, cache_dir=False).root
    space = write_notes(
        tmp_path / "space",
        {".gitbook.yaml": "root: ./docs/\n", "docs/README.md": "# Home\n", "notes.txt": "x"},
    )
    assert notebook_root(space) == (space / "docs").resolve()
    assert notebook_root(space) == load_notebook(space, cache_dir=False).root
    (tmp_path / "empty").mkdir()
    assert notebook_root(tmp_path / "empty") is None
    with pytest.raises(NotebookNotFound):
        notebook_root(tmp_path / "missing")
