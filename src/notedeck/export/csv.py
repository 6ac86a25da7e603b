"""Tab-separated card lists for Quizlet's import and for Anki's text import.

Two styles, one card per line, UTF-8:

`quizlet`
    `term<TAB>definition`, no header. Paste the file into Quizlet's "Import" box (or choose the
    file) with "Between term and definition: Tab" and "Between cards: New line". Quizlet shows
    plain text and its import splits cards on every raw newline, so both sides are rendered to
    one line of plain text: line and block breaks become `; ` and tabs become spaces. A cloze
    shows its hidden parts as `[...]` in the term; the definition gives them. There are no ids,
    so re-importing into Quizlet makes a new set.

`anki`
    Anki's text import with file headers (Anki 2.1.55 and newer)::

        #separator:tab
        #html:true
        #guid column:1
        #notetype column:2
        #deck column:3
        #tags column:6

    then `guid<TAB>notetype<TAB>deck<TAB>front<TAB>back<TAB>tags`. The GUID is the notedeck card
    id, so importing a newer file updates the same notes (Anki's default, "Existing notes:
    Update") and Anki keeps their review history; `.apkg` export uses the same GUIDs. Faces are
    sanitised HTML on one line (a line break is `<br>`); a field that contains a tab or a double
    quote is quoted CSV-style, which Anki reads back. The note types are Anki's stock `Basic`,
    `Basic (and reversed card)` and `Cloze` (two fields each: Front/Back, or Text/Back Extra),
    which every English-language collection has; a collection whose stock note types carry
    translated names needs them picked in the import dialog. Decks are `Notebook::Page::Section`,
    as in the `.apkg` export, and Anki creates missing ones.

Formula injection: a spreadsheet opening either file runs a cell that starts with `=`, `+`,
`-`, `@`, a tab or a carriage return as a formula (`=HYPERLINK(…)` sends data away). Following
OWASP's CSV-injection advice, such a plain-text cell gets a leading `'`, which spreadsheets
read as "text" (even "-5 degrees": OWASP prefixes every one). The HTML faces of the `anki`
style are made inert the way HTML allows instead: their first character is written as a
character reference (`&#61;HYPERLINK(…)`), which Anki shows as the original text, where a
quote would show on the card. Fields with a tab or a quote are quoted as above.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Literal, TextIO

from notedeck.export.anki import (
    NoteType,
    anki_tags,
    card_ords,
    deck_name_for,
    note_faces,
    note_type_for,
    question_text,
)
from notedeck.export.markdown import cloze_answers, has_cloze, render_text
from notedeck.export.report import ExportError, ExportReport
from notedeck.export.target import replacing
from notedeck.model import Card

__all__ = ["ANKI_HEADER", "ANKI_NOTETYPES", "CsvStyle", "export_csv", "inert_html", "inert_text"]

CsvStyle = Literal["quizlet", "anki"]

ANKI_HEADER = (
    "#separator:tab",
    "#html:true",
    "#guid column:1",
    "#notetype column:2",
    "#deck column:3",
    "#tags column:6",
)
"""The file headers of the Anki style; the columns are guid, notetype, deck, front, back, tags."""

ANKI_NOTETYPES = {
    NoteType.BASIC: "Basic",
    NoteType.REVERSED: "Basic (and reversed card)",
    NoteType.CLOZE: "Cloze",
}
"""Anki's stock note type for each of ours."""

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""What makes a spreadsheet read a cell as a formula (OWASP, CSV injection)."""


def inert_text(cell: str) -> str:
    """A plain-text cell no spreadsheet runs as a formula: a leading `'` where needed."""
    return f"'{cell}" if cell.startswith(_FORMULA_START) else cell


def inert_html(cell: str) -> str:
    """An HTML cell no spreadsheet runs as a formula, shown by Anki exactly as before."""
    return f"&#{ord(cell[0])};{cell[1:]}" if cell.startswith(_FORMULA_START) else cell


def export_csv(
    cards: Sequence[Card],
    out: Path | TextIO,
    *,
    style: CsvStyle = "anki",
    deck_name: str = "notedeck",
    page_titles: Mapping[str, str] | None = None,
) -> ExportReport:
    """Write `cards` as a tab-separated file for Quizlet or for Anki's text import.

    Args:
        cards: the cards to export.
        out: a file path (a new path or a regular file, replaced in one step; written as
            UTF-8) or an open text stream.
        style: `quizlet` (term and definition, plain text) or `anki` (with file headers,
            GUIDs, note types, decks and tags; see the module docstring).
        deck_name: the top deck for the `anki` style, usually the notebook title.
        page_titles: page id to title, for deck names in the `anki` style.

    Returns:
        An `ExportReport`; `path` is None when `out` was a stream.

    Raises:
        ExportError: `style` is unknown, or `out` is not a regular file or a new path, or
            cannot be written.
    """
    if style not in ("quizlet", "anki"):
        raise ExportError(f"unknown CSV style {style!r}; use 'quizlet' or 'anki'")
    with _open(out) as stream:
        if style == "quizlet":
            count = _write_quizlet(cards, stream)
            return ExportReport(
                format="csv-quizlet", path=_path(out), notes=len(cards), cards=count
            )
        count, decks = _write_anki(cards, stream, deck_name=deck_name, page_titles=page_titles)
        return ExportReport(
            format="csv-anki", path=_path(out), notes=len(cards), cards=count, decks=decks
        )


def _write_quizlet(cards: Sequence[Card], stream: TextIO) -> int:
    for card in cards:
        if has_cloze(card.front) and not card.back.strip():
            definition = "; ".join(render_text(answer) for answer in cloze_answers(card.front))
        else:
            definition = render_text(card.back)
        term = render_text(question_text(card))
        stream.write(f"{inert_text(term)}\t{inert_text(definition)}\n")
    return len(cards)


def _write_anki(
    cards: Sequence[Card],
    stream: TextIO,
    *,
    deck_name: str,
    page_titles: Mapping[str, str] | None,
) -> tuple[int, tuple[str, ...]]:
    for line in ANKI_HEADER:
        stream.write(line + "\n")
    writer = csv.writer(stream, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    decks: set[str] = set()
    count = 0
    for card in cards:
        note_type = note_type_for(card)
        deck = deck_name_for(card, deck_name=deck_name, page_titles=page_titles)
        decks.add(deck)
        front, back = note_faces(card)
        count += len(card_ords(note_type, front=card.cloze or card.front, back=back))
        tags = " ".join(anki_tags(card.tags))
        writer.writerow(
            [
                inert_text(card.id),
                ANKI_NOTETYPES[note_type],
                inert_text(deck),
                inert_html(front),
                inert_html(back),
                inert_text(tags),
            ]
        )
    return count, tuple(sorted(decks))


@contextmanager
def _open(out: Path | TextIO) -> Iterator[TextIO]:
    if not isinstance(out, Path):
        yield out
        return
    with replacing(out) as partial, partial.open("w", encoding="utf-8", newline="") as stream:
        yield stream


def _path(out: Path | TextIO) -> Path | None:
    return out if isinstance(out, Path) else None
