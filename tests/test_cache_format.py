"""The page cache stores plain data that cannot run code, and reads back what it stored."""

from __future__ import annotations

import os
import pickle
import sqlite3
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from typer.testing import CliRunner

from notedeck import cache_format
from notedeck.cli import app
from notedeck.derive.cards import derive_page_cards
from notedeck.derive.spelling import SpellingState, index_words
from notedeck.derive.terms import index_names
from notedeck.notebook import bundled_example, load_notebook
from notedeck.page_cache import PageCache, default_cache_dir
from tests.helpers import as_new_process
from tests.test_robustness import NOTE_TEXT, build_text

runner = CliRunner()


class _Planted:
    """A pickle that, once loaded, makes a folder: proof that loading it ran code."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


def _plant(database: Path, marker: Path) -> int:
    """Replace every stored value in the page cache with the planted pickle."""
    blob = pickle.dumps(_Planted(marker))
    planted = 0
    with sqlite3.connect(database) as db:
        for table, column in (
            ("pages", "summary"),
            ("outlines", "page"),
            ("results", "blob"),
            ("derived", "blob"),
        ):
            planted += db.execute(f"UPDATE {table} SET {column} = ?", (blob,)).rowcount
    db.close()
    return planted


def test_a_planted_pickle_in_the_cache_is_never_run(tmp_path: Path) -> None:
    notes = bundled_example()
    db = ["--db", f"sqlite:///{tmp_path / 'cards.sqlite'}"]
    marker = tmp_path / "code-ran"
    assert runner.invoke(app, ["cards", "--json", str(notes), *db]).exit_code == 0
    expected = runner.invoke(app, ["check", "--json", str(notes)]).stdout
    shown = runner.invoke(app, ["show", "--json", str(notes)]).stdout
    cards = runner.invoke(app, ["cards", "--json", str(notes), *db]).stdout
    database = PageCache(default_cache_dir(), notes).path
    assert database is not None
    assert _plant(database, marker) > 10  # every page, outline, snapshot and memo

    for args, before in (
        (["check", "--json", str(notes)], expected),
        (["show", "--json", str(notes)], shown),
        (["cards", "--json", str(notes), *db], cards),
    ):
        as_new_process()
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert not marker.exists(), f"`notedeck {args[0]}` ran code from the cache"
        assert result.stdout == before  # rebuilt: the same as before
    with sqlite3.connect(database) as db:  # and every planted value was written again
        stored = [row[0] for row in db.execute("SELECT page FROM outlines")]
        stored += [row[0] for row in db.execute("SELECT blob FROM results")]
    db.close()
    assert stored and pickle.dumps(_Planted(marker)) not in stored


def test_a_damaged_value_is_a_cache_miss(tmp_path: Path) -> None:
    notes = bundled_example()
    cache = tmp_path / "cache"
    expected = load_notebook(notes, cache_dir=False)
    load_notebook(notes, cache_dir=cache)
    (database,) = cache.glob("notebook-*.sqlite")
    with sqlite3.connect(database) as db:  # well-formed, but not what notedeck wrote
        db.execute("UPDATE outlines SET page = ?", (cache_format.dumps(("a", 1)),))
        db.execute("UPDATE pages SET summary = ?", (b"\xff\x00",))
        db.execute("UPDATE results SET blob = ?", (cache_format.dumps([13, {}, None]),))
    db.close()
    as_new_process()
    again = load_notebook(notes, cache_dir=cache)
    assert list(again.pages) == list(expected.pages)
    assert again.all_findings() == expected.all_findings()


def test_every_example_page_and_its_cards_round_trip() -> None:
    notebook = load_notebook(bundled_example(), cache_dir=False)
    names = index_names(notebook.pages)
    for page in notebook.pages:
        blob = cache_format.dumps(cache_format.page_to_plain(page))
        again = cache_format.page_from_plain(cache_format.loads(blob))
        assert again == page
        assert again.findings == page.findings and again.front_matter == page.front_matter
        cards = derive_page_cards(page, names)
        plain = cache_format.loads(cache_format.dumps(cache_format.cards_to_plain(cards)))
        again_cards = cache_format.cards_from_plain(plain)
        assert again_cards == cards
        # Card equality skips alternates; identity needs them after a cached build too.
        assert [c.alternates for c in again_cards] == [c.alternates for c in cards]
    assert any(c.alternates for p in notebook.pages for c in derive_page_cards(p, names))
    plain = cache_format.names_to_plain(names)
    assert cache_format.names_from_plain(cache_format.loads(cache_format.dumps(plain))) == names


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTE_TEXT)
def test_any_page_round_trips_through_the_cache_format(text: str) -> None:
    record = build_text(text)
    page = record.page
    blob = cache_format.dumps(cache_format.page_to_plain(page))
    assert cache_format.page_from_plain(cache_format.loads(blob)) == page
    summary = cache_format.summary_to_plain([f.to_row() for f in page.findings], index_words(page))
    rows, words = cache_format.summary_from_plain(cache_format.loads(cache_format.dumps(summary)))
    assert rows == tuple(f.to_row() for f in page.findings) and words == record.words
    state = SpellingState()
    state.update([(page.id, None, record.words)], [page.id], [page])
    plain = cache_format.loads(cache_format.dumps(cache_format.spelling_to_plain(state)))
    assert cache_format.spelling_from_plain(plain) == state
