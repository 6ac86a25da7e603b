"""Derived cards kept in the page cache: a new process derives only the pages that changed."""

from __future__ import annotations

import shutil
from pathlib import Path

from notedeck.derive.cards import derive_cards
from notedeck.model import Card, PageList
from notedeck.notebook import bundled_example, load_notebook
from notedeck.page_cache import PageCache
from tests.helpers import as_new_process


def _derive(notes: Path, cache: Path) -> tuple[tuple[Card, ...], PageList, int]:
    """The notebook's cards, its pages, and how many pages deriving had to load."""
    notebook = load_notebook(notes, cache_dir=cache)
    assert isinstance(notebook.pages, PageList)
    before = notebook.pages.loaded()  # the title may come from README.md
    memo = PageCache(cache, notebook.root)
    try:
        derived = derive_cards(notebook, memo)
    finally:
        memo.close()
    return derived, notebook.pages, notebook.pages.loaded() - before


def test_a_new_process_reads_remembered_cards_without_loading_pages(tmp_path: Path) -> None:
    notes = shutil.copytree(bundled_example(), tmp_path / "notes")
    cache = tmp_path / "cache"
    as_new_process()
    first, pages, _ = _derive(notes, cache)
    assert first == derive_cards(load_notebook(notes, cache_dir=False))
    assert pages.loaded() == len(pages)  # a first build reads every page

    as_new_process()
    again, _, loads = _derive(notes, cache)
    assert again == first
    assert loads == 0


def test_after_an_edit_only_that_page_is_derived_again(tmp_path: Path) -> None:
    notes = shutil.copytree(bundled_example(), tmp_path / "notes")
    cache = tmp_path / "cache"
    as_new_process()
    _derive(notes, cache)
    remembered = PageCache(cache, notes).stored("cards")
    file = notes / "weimar-republic.md"
    text = file.read_text(encoding="utf-8")
    assert "government" in text
    file.write_text(text.replace("government", "govrenment", 1), encoding="utf-8")  # a typo

    as_new_process()
    edited, pages, _ = _derive(notes, cache)
    assert edited == derive_cards(load_notebook(notes, cache_dir=False))
    now = PageCache(cache, notes).stored("cards")
    assert len(now) == len(pages)
    (gone,) = remembered - now  # the edited page's old cards are forgotten...
    (new,) = now - remembered  # ...and its new ones are the only ones derived
    assert gone.startswith("weimar-republic.md\x1f") and new.startswith("weimar-republic.md\x1f")
