"""`.apkg` export, checked by importing it into a real Anki collection."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from anki.notes import Note
from history_cards import NOTEBOOK, PAGE_TITLES, edited_cards, sample_cards

from notedeck.export import anki
from notedeck.export.anki import (
    BASIC_MODEL_ID,
    CLOZE_MODEL_ID,
    REVERSED_MODEL_ID,
    NoteType,
    deck_id_for,
    deck_name_for,
    export_anki,
    note_faces,
    note_type_for,
)
from notedeck.export.report import ExportError
from notedeck.model import Card, CardKind, Source

T0 = 1_700_000_000.0
ALWAYS = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_ALWAYS

STRESEMANN_DECK = "Modern History::🇩🇪 Weimar Republic::Stresemann's recovery"
CRISIS_DECK = "Modern History::🇩🇪 Weimar Republic::Crisis years 1919–1923"
HITLER_DECK = "Modern History::Rise of Hitler::Hitler in power"
ITALY_DECK = "Modern History::Mussolini's Italy::Consolidation of power"
COLD_WAR_DECK = "Modern History::cold-war-cards"


def _export(cards: list[Card], path: Path, *, timestamp: float | None = T0) -> Path:
    export_anki(cards, path, deck_name=NOTEBOOK, page_titles=PAGE_TITLES, timestamp=timestamp)
    return path


def _import(col: Collection, path: Path, **options: object) -> None:
    request = ImportAnkiPackageRequest(
        package_path=str(path),
        options=ImportAnkiPackageOptions(with_scheduling=False, **options),  # type: ignore[arg-type]
    )
    col.import_anki_package(request)


def _notes(col: Collection) -> dict[str, Note]:
    notes = (col.get_note(nid) for nid in col.find_notes(""))
    return {note.guid: note for note in notes}


def _decks_of(col: Collection, note: Note) -> set[str]:
    return {col.decks.name(card.did) for card in note.cards()}


def test_report_counts_notes_cards_and_decks(tmp_path: Path, cards: list[Card]) -> None:
    report = export_anki(cards, tmp_path / "deck.apkg", deck_name=NOTEBOOK, page_titles=PAGE_TITLES)

    assert report.format == "apkg"
    assert report.path == tmp_path / "deck.apkg"
    assert report.path.stat().st_size > 0
    assert (report.notes, report.cards) == (9, 11)
    assert report.decks == tuple(
        sorted({STRESEMANN_DECK, CRISIS_DECK, HITLER_DECK, ITALY_DECK, COLD_WAR_DECK})
    )
    assert report.to_dict()["decks"] == list(report.decks)


def test_deck_and_model_ids_are_fixed_across_exports(tmp_path: Path, cards: list[Card]) -> None:
    first = _package_ids(_export(cards, tmp_path / "a.apkg", timestamp=T0))
    second = _package_ids(_export(cards, tmp_path / "b.apkg", timestamp=T0 + 3600))

    assert first == second
    decks, models = first
    assert decks[STRESEMANN_DECK] == deck_id_for(STRESEMANN_DECK)
    assert all(0 < deck_id < 2**53 for deck_id in decks.values())
    assert models == {
        BASIC_MODEL_ID: "notedeck Basic",
        REVERSED_MODEL_ID: "notedeck Basic (and reversed card)",
        CLOZE_MODEL_ID: "notedeck Cloze",
    }


def _package_ids(path: Path) -> tuple[dict[str, int], dict[int, str]]:
    """Deck name -> id and model id -> name, read straight from the package's SQLite file."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("collection.anki2")
    db_path = path.with_suffix(".anki2")
    db_path.write_bytes(data)
    with sqlite3.connect(db_path) as db:
        decks_json, models_json = db.execute("SELECT decks, models FROM col").fetchone()
    decks = {d["name"]: d["id"] for d in json.loads(decks_json).values() if d["id"] != 1}
    models = {int(k): m["name"] for k, m in json.loads(models_json).items()}
    return decks, models


def test_import_into_anki_gives_notes_cards_guids_and_decks(
    tmp_path: Path, cards: list[Card], collection: Collection
) -> None:
    _import(collection, _export(cards, tmp_path / "deck.apkg"))

    assert collection.note_count() == 9
    assert collection.card_count() == 11  # reversed -> 2, the c1+c2 cloze -> 2
    notes = _notes(collection)
    assert set(notes) == {card.id for card in cards}

    dawes = notes["nd-basic-dawes"]
    assert dawes.note_type()["name"] == "notedeck Basic"  # type: ignore[index]
    assert dawes["Front"] == "What was the <strong>Dawes Plan</strong>?"
    assert dawes["Back"] == "1924: US loans to Germany and reparations rescheduled"
    assert (
        dawes["Source"] == "weimar-republic.md › Stresemann's recovery › Economic recovery, line 12"
    )
    assert sorted(dawes.tags) == ["Economic_recovery", "Stresemann's_recovery", "weimar-republic"]
    assert _decks_of(collection, dawes) == {STRESEMANN_DECK}

    reichstag = notes["nd-rev-reichstag"]
    assert len(reichstag.cards()) == 2
    questions = [c.question() for c in sorted(reichstag.cards(), key=lambda c: c.ord)]
    assert '<div class="front">Reichstag</div>' in questions[0]
    assert '<div class="front">the German parliament</div>' in questions[1]

    ruhr = notes["nd-cloze-ruhr"]
    assert ruhr.note_type()["name"] == "notedeck Cloze"  # type: ignore[index]
    assert ruhr["Text"] == "In {{c1::1923}} French and Belgian troops occupied the {{c2::Ruhr}}"
    assert ruhr["Back Extra"] == ""  # the back only repeated the hidden parts
    assert len(ruhr.cards()) == 2
    assert _decks_of(collection, ruhr) == {CRISIS_DECK}
    first_cloze = sorted(ruhr.cards(), key=lambda c: c.ord)[0]
    assert "[...]" in first_cloze.question() and "Ruhr" in first_cloze.question()
    assert "1923" in first_cloze.answer()

    chancellor = notes["nd-date-chancellor"]  # generator style: blank in front, answer on back
    assert chancellor.note_type()["name"] == "notedeck Basic"  # type: ignore[index]
    assert chancellor["Front"] == "[...]: Hitler is appointed Chancellor"
    assert chancellor["Back"] == "January <strong>1933</strong>"
    assert _decks_of(collection, chancellor) == {HITLER_DECK}

    enabling = notes["nd-term-enabling"]  # a term cloze with a marker becomes a real cloze
    assert enabling.note_type()["name"] == "notedeck Cloze"  # type: ignore[index]
    assert len(enabling.cards()) == 1

    acerbo = notes["nd-factor-acerbo"]
    assert acerbo["Back"] == (
        "<ul><li>passed in 1923</li><li>two-thirds of seats to the largest party</li></ul>"
    )
    assert _decks_of(collection, acerbo) == {ITALY_DECK}

    truman = notes["nd-basic-truman"]
    assert truman["Back"] == "1947 promise to support<br>free peoples against communism"
    assert _decks_of(collection, truman) == {COLD_WAR_DECK}

    names = {entry.name for entry in collection.models.all_names_and_ids()}
    assert {"notedeck Basic", "notedeck Basic (and reversed card)", "notedeck Cloze"} <= names


def test_script_and_event_handlers_are_removed(
    tmp_path: Path, cards: list[Card], collection: Collection
) -> None:
    _import(collection, _export(cards, tmp_path / "deck.apkg"))

    hyper = _notes(collection)["nd-basic-hyper"]
    fields = " ".join(hyper.fields)
    assert "<script" not in fields and "alert" not in fields and "onerror" not in fields
    assert hyper["Front"] == "Hyperinflation peak"
    assert hyper["Back"] == '<img src="x"> 4.2 trillion marks to the dollar'


def test_reimport_updates_notes_adds_new_ones_and_keeps_reviews(
    tmp_path: Path, collection: Collection
) -> None:
    _import(collection, _export(sample_cards(), tmp_path / "v1.apkg"), update_notes=ALWAYS)
    dawes_card = _notes(collection)["nd-basic-dawes"].cards()[0]
    dawes_card.start_timer()
    collection.sched.answerCard(dawes_card, 3)  # Good
    reviewed = collection.get_card(dawes_card.id)
    before = (reviewed.type, reviewed.queue, reviewed.due, reviewed.ivl, reviewed.reps)
    assert reviewed.reps == 1
    notetypes = len(collection.models.all_names_and_ids())

    # An older timestamp on purpose: with ALWAYS the package wins whatever its age. (Anki takes
    # a note with the same GUID *and* modification time as unchanged, so it must differ.)
    older = _export(edited_cards(), tmp_path / "v2.apkg", timestamp=T0 - 3600)
    _import(collection, older, update_notes=ALWAYS)

    notes = _notes(collection)
    assert collection.note_count() == 10  # 9 old + 1 new; the dropped card is not deleted
    assert collection.card_count() == 12
    assert set(notes) == {c.id for c in sample_cards()} | {c.id for c in edited_cards()}
    assert notes["nd-basic-dawes"]["Back"] == "1924: $800m of US loans; reparations cut"
    assert notes["nd-basic-young"]["Front"] == (
        "What did the <strong>Young Plan</strong> (1929) change?"
    )
    assert _decks_of(collection, notes["nd-basic-young"]) == {STRESEMANN_DECK}
    after = collection.get_card(dawes_card.id)
    assert (after.type, after.queue, after.due, after.ivl, after.reps) == before
    assert after.did == reviewed.did
    assert collection.db is not None
    assert collection.db.scalar("select count() from revlog where cid = ?", dawes_card.id) == 1
    assert len(collection.models.all_names_and_ids()) == notetypes  # no "notedeck Basic-xxxx"


def test_default_anki_import_updates_from_a_newer_export(
    tmp_path: Path, collection: Collection
) -> None:
    """Anki's default keeps a note unless the package's copy is newer; a later export is."""
    _import(collection, _export(sample_cards(), tmp_path / "v1.apkg", timestamp=T0))
    _import(collection, _export(edited_cards(), tmp_path / "v2.apkg", timestamp=T0 + 86400))

    assert collection.note_count() == 10
    assert _notes(collection)["nd-basic-dawes"]["Back"] == (
        "1924: $800m of US loans; reparations cut"
    )


def test_cloze_without_marker_is_a_basic_card_with_the_answer_blanked() -> None:
    source = Source("rise-of-hitler.md", "Hitler in power", None, 5)
    card = Card("x", CardKind.DATE_CLOZE, "Hitler is appointed Chancellor in 1933", "1933", source)

    assert note_type_for(card) is NoteType.BASIC
    assert note_faces(card) == ("Hitler is appointed Chancellor in [...]", "1933")


def test_cloze_back_with_more_than_the_answers_becomes_back_extra() -> None:
    source = Source("weimar-republic.md", None, None, 1)
    card = Card(
        "x", CardKind.CLOZE, "The {{c1::Spartacists}} rose in 1919", "led by *Luxemburg*", source
    )

    assert note_type_for(card) is NoteType.CLOZE
    assert note_faces(card) == (
        "The {{c1::Spartacists}} rose in 1919",
        "led by <em>Luxemburg</em>",
    )


def test_deck_names_soften_separators_and_fall_back_to_the_file_name() -> None:
    card = Card("x", CardKind.BASIC, "q", "a", Source("eras/cold-war.md", "USA :: USSR", None, 1))

    assert deck_name_for(card, deck_name="History") == "History::cold-war::USA : USSR"
    assert deck_name_for(
        card, deck_name="History", page_titles={"eras/cold-war.md": "Cold War"}
    ) == ("History::Cold War::USA : USSR")


def test_missing_or_repeated_ids_raise(tmp_path: Path, cards: list[Card]) -> None:
    with pytest.raises(ExportError, match="share the id 'nd-basic-dawes'"):
        export_anki([*cards, cards[0]], tmp_path / "x.apkg", deck_name=NOTEBOOK)
    blank = Card("", CardKind.BASIC, "q", "a", Source("p.md", None, None, 3))
    with pytest.raises(ExportError, match=r"p\.md, line 3 has no id"):
        export_anki([blank], tmp_path / "x.apkg", deck_name=NOTEBOOK)
    assert not (tmp_path / "x.apkg").exists()


def test_unwritable_path_raises(tmp_path: Path, cards: list[Card]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot write"):
        export_anki(cards, blocker / "deck.apkg", deck_name=NOTEBOOK)


def _many_cards(copies: int) -> list[Card]:
    return [
        dataclasses.replace(card, id=f"{card.id}-{copy}")
        for copy in range(copies)
        for card in sample_cards()
    ]


def _package_dump(path: Path) -> list[str]:
    """The package's collection as SQL statements: every row of every table, in order."""
    with zipfile.ZipFile(path) as archive:
        data = archive.read("collection.anki2")
    db = sqlite3.connect(":memory:")
    try:
        db.deserialize(data)
        return list(db.iterdump())
    finally:
        db.close()


@pytest.mark.parametrize("processes", [2, 3])
def test_forked_processes_write_the_same_package_as_one(tmp_path: Path, processes: int) -> None:
    cards = _many_cards(40)
    one = export_anki(
        cards, tmp_path / "one.apkg", deck_name=NOTEBOOK, page_titles=PAGE_TITLES, timestamp=T0
    )
    forked = export_anki(
        cards,
        tmp_path / "forked.apkg",
        deck_name=NOTEBOOK,
        page_titles=PAGE_TITLES,
        timestamp=T0,
        processes=processes,
    )

    assert (forked.notes, forked.cards, forked.decks) == (one.notes, one.cards, one.decks)
    assert _package_dump(tmp_path / "forked.apkg") == _package_dump(tmp_path / "one.apkg")


def test_a_failed_child_leaves_its_slice_to_the_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(*_: object) -> bytes:
        raise RuntimeError("the child breaks")

    cards = _many_cards(10)
    _export(cards, tmp_path / "one.apkg")
    monkeypatch.setattr(anki, "_part_bytes", fail)
    export_anki(
        cards,
        tmp_path / "forked.apkg",
        deck_name=NOTEBOOK,
        page_titles=PAGE_TITLES,
        timestamp=T0,
        processes=2,
    )

    assert _package_dump(tmp_path / "forked.apkg") == _package_dump(tmp_path / "one.apkg")


def test_a_derived_explicit_cloze_is_a_real_anki_cloze(
    tmp_path: Path, collection: Collection
) -> None:
    """The front the student reviews shows `[...]`; Anki still gets `{{c1::…}}` to cloze."""
    from notedeck.derive.cards import derive_cards
    from notedeck.notebook import load_notebook

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "berlin.md").write_text(
        "# Berlin\n\n## Crises\n\nThe Wall went up in {{c1::1961}} and fell in {{c2::1989}}.\n",
        encoding="utf-8",
    )
    (card,) = derive_cards(load_notebook(notes, cache_dir=False))
    assert card.front == "The Wall went up in [...] and fell in [...]."
    assert note_type_for(card) is NoteType.CLOZE
    _import(collection, _export([card], tmp_path / "berlin.apkg"))
    (note,) = _notes(collection).values()
    assert note.note_type()["id"] == CLOZE_MODEL_ID
    questions = sorted((c.ord, c.question()) for c in note.cards())
    assert len(questions) == 2
    assert "[...]" in questions[0][1] and "1989" in questions[0][1]


def test_deck_names_from_hostile_titles_are_escaped_as_card_text_is(
    tmp_path: Path, collection: Collection
) -> None:
    hostile = Card(
        "nd-hostile",
        CardKind.BASIC,
        "Who led the Putsch?",
        "Hitler",
        Source("evil.md", "<img src=x onerror=alert(2)> Putsch", None, 3),
    )
    titles = {"evil.md": "<script>alert(1)</script> Weimar"}
    path = tmp_path / "deck.apkg"
    report = export_anki([hostile], path, deck_name="Notes & <b>more</b>", page_titles=titles)
    expected = (
        "Notes &amp; &lt;b&gt;more&lt;/b&gt;::&lt;script&gt;alert(1)&lt;/script&gt; Weimar"
        "::&lt;img src=x onerror=alert(2)&gt; Putsch"
    )
    assert report.decks == (expected,)
    decks, _ = _package_ids(path)
    assert list(decks) == [expected]

    _import(collection, path)
    [note] = _notes(collection).values()
    assert _decks_of(collection, note) == {expected}
    names = " ".join(deck.name for deck in collection.decks.all_names_and_ids())
    assert "<" not in names and ">" not in names


def test_a_cloze_with_a_link_reaches_anki_as_its_words_not_its_address(
    tmp_path: Path, collection: Collection
) -> None:
    """Found by the fuzz run (seed 5): the cloze text kept `[Ebert](https://…)` whole."""
    from notedeck.derive.cards import derive_cards
    from notedeck.notebook import load_notebook

    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "weimar.md").write_text(
        "# Weimar\n\n## Crises\n\n"
        "[Ebert](https://example.org/ebert) faced the **Kapp Putsch** in {{c1::1920}}.\n",
        encoding="utf-8",
    )
    (card,) = derive_cards(load_notebook(notes, cache_dir=False))
    assert card.cloze == "Ebert faced the Kapp Putsch in {{c1::1920}}."
    _import(collection, _export([card], tmp_path / "weimar.apkg"))
    (note,) = _notes(collection).values()
    (anki_card,) = note.cards()
    assert "example.org" not in anki_card.question() + anki_card.answer()
    assert "Ebert faced the" in anki_card.question()
