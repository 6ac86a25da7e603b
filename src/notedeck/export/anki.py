"""Anki packages (`.apkg`) built with genanki.

Identity is what makes a re-export safe:

- a note's GUID is the notedeck card id, so importing a newer package *updates* the notes already
  in the collection, and Anki keeps their review history;
- the three note types have fixed ids (`BASIC_MODEL_ID`, ...) and fixed field names, so every
  export lands on the same note types instead of creating `notedeck Basic-1a2b3` copies;
- deck ids are a hash of the deck name, so the same page and section always map to one deck.

Decks follow Anki's `::` hierarchy: `Notebook::Page::Section` (a card without a section goes in
the page deck).

Note types:

- `notedeck Basic` (Front, Back, Source) for `basic`, `factor` and `sequence` cards, and for a
  cloze-derived card whose front has no `{{cN::…}}` marker (its front shows the blank, `[...]`);
- `notedeck Basic (and reversed card)` (same fields, two templates) for `reversed` cards;
- `notedeck Cloze` (Text, Back Extra, Source) for `cloze`, `date_cloze` and `term_cloze` cards
  whose front holds `{{cN::…}}`; Anki makes one card per distinct `cN`.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import itertools
import json
import os
import re
import sqlite3
import time
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path, PurePosixPath

import genanki
from genanki.apkg_col import APKG_COL
from genanki.apkg_schema import APKG_SCHEMA

from notedeck.export.markdown import BLANK, cloze_answers, cloze_numbers, has_cloze, render_html
from notedeck.export.report import ExportError, ExportReport
from notedeck.model import Card, CardKind

__all__ = [
    "BASIC_MODEL_ID",
    "CLOZE_MODEL_ID",
    "REVERSED_MODEL_ID",
    "NoteType",
    "anki_tags",
    "card_ords",
    "deck_id_for",
    "deck_name_for",
    "export_anki",
    "note_faces",
    "note_type_for",
    "question_text",
    "source_label",
]

# Chosen once; never change them, or every user's next import creates new note types.
BASIC_MODEL_ID = 1_738_562_401
REVERSED_MODEL_ID = 1_738_562_402
CLOZE_MODEL_ID = 1_738_562_403

_CLOZE_KINDS = frozenset({CardKind.CLOZE, CardKind.DATE_CLOZE, CardKind.TERM_CLOZE})
_BLANKS = (BLANK, "[…]", "___")
_SCHEMA_PARTS = [part.strip() for part in APKG_SCHEMA.split(";") if part.strip()]
_SCHEMA_TABLES = ";\n".join(p for p in _SCHEMA_PARTS if not p.upper().startswith("CREATE INDEX"))
_SCHEMA_INDEXES = ";\n".join(p for p in _SCHEMA_PARTS if p.upper().startswith("CREATE INDEX"))
_SPACE = re.compile(r"\s+")


class NoteType(StrEnum):
    """Which Anki note type a card is exported as."""

    BASIC = "basic"
    REVERSED = "reversed"
    CLOZE = "cloze"


CSS = """\
.card {
  font-family: -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 20px;
  line-height: 1.45;
  color: #1f2328;
  background-color: #ffffff;
  text-align: left;
  max-width: 40em;
  margin: 0 auto;
  padding: 0.5em 1em;
}
.nightMode .card, .card.nightMode { color: #e6edf3; background-color: #0d1117; }
.front { font-weight: 500; }
.back, .extra { margin-top: 0.4em; }
hr#answer { border: 0; border-top: 1px solid #d0d7de; margin: 0.8em 0; }
.cloze { font-weight: 600; color: #0969da; }
.nightMode .cloze { color: #58a6ff; }
.source { margin-top: 1.2em; font-size: 0.7em; color: #656d76; }
ul, ol { padding-left: 1.3em; margin: 0.3em 0; }
code { font-size: 0.9em; background: rgba(175, 184, 193, 0.2); padding: 0.1em 0.3em; }
table { border-collapse: collapse; }
td, th { border: 1px solid #d0d7de; padding: 0.2em 0.5em; }
"""

_SOURCE = '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}'


def _basic_template(name: str, question: str, answer: str) -> dict[str, str]:
    return {
        "name": name,
        "qfmt": f'<div class="front">{{{{{question}}}}}</div>',
        "afmt": f'{{{{FrontSide}}}}<hr id="answer"><div class="back">{{{{{answer}}}}}</div>'
        + _SOURCE,
    }


_FRONT_BACK_FIELDS = [{"name": "Front"}, {"name": "Back"}, {"name": "Source"}]

BASIC_MODEL = genanki.Model(
    BASIC_MODEL_ID,
    "notedeck Basic",
    fields=_FRONT_BACK_FIELDS,
    templates=[_basic_template("Card 1", "Front", "Back")],
    css=CSS,
)
REVERSED_MODEL = genanki.Model(
    REVERSED_MODEL_ID,
    "notedeck Basic (and reversed card)",
    fields=_FRONT_BACK_FIELDS,
    templates=[
        _basic_template("Card 1", "Front", "Back"),
        _basic_template("Card 2", "Back", "Front"),
    ],
    css=CSS,
)
CLOZE_MODEL = genanki.Model(
    CLOZE_MODEL_ID,
    "notedeck Cloze",
    fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}],
    templates=[
        {
            "name": "Cloze",
            "qfmt": "{{cloze:Text}}",
            "afmt": "{{cloze:Text}}"
            '{{#Back Extra}}<hr id="answer"><div class="extra">{{Back Extra}}</div>{{/Back Extra}}'
            + _SOURCE,
        }
    ],
    css=CSS,
    model_type=genanki.Model.CLOZE,
)
_MODELS = {
    NoteType.BASIC: BASIC_MODEL,
    NoteType.REVERSED: REVERSED_MODEL,
    NoteType.CLOZE: CLOZE_MODEL,
}


def export_anki(
    cards: Sequence[Card],
    out: Path,
    *,
    deck_name: str,
    page_titles: Mapping[str, str] | None = None,
    timestamp: float | None = None,
) -> ExportReport:
    """Write `cards` to an Anki package at `out`.

    Args:
        cards: the cards to export; each needs a non-empty id, unique among them.
        out: the `.apkg` file to write (replaced if it exists; parent folders are created).
        deck_name: the top deck, usually the notebook title.
        page_titles: page id to title, for deck names; a page missing here is named after its
            file name. Section titles come from `card.source.section`.
        timestamp: modification time (seconds since the epoch) stamped on the notes; the current
            time by default. Anki's default import updates a note only when the package's copy
            is newer than the collection's, and even "always update" skips a note whose GUID
            and modification time both match, so a fresh export should carry a new time.

    Returns:
        An `ExportReport` with note, card and deck counts.

    Raises:
        ExportError: a card has no id, two cards share one, or `out` cannot be written.
    """
    _check_ids(cards)
    decks: dict[str, genanki.Deck] = {}
    names: dict[tuple[str, str | None], str] = {}
    notes: list[_Note] = []
    for card in cards:
        where = (card.source.page, card.source.section)
        name = names.get(where)
        if name is None:
            name = names[where] = deck_name_for(card, deck_name=deck_name, page_titles=page_titles)
        deck = decks.get(name)
        if deck is None:
            deck = decks[name] = genanki.Deck(deck_id_for(name), name)
        notes.append(_note(card, deck_id=deck.deck_id))
    _write_package(list(decks.values()), notes, out, timestamp=timestamp)
    return ExportReport(
        format="apkg",
        path=out,
        notes=len(notes),
        cards=sum(len(note.ords) for note in notes),
        decks=tuple(sorted(decks)),
    )


def note_type_for(card: Card) -> NoteType:
    """The note type a card exports as: cloze only when its front has `{{cN::…}}` markers."""
    if card.kind is CardKind.REVERSED:
        return NoteType.REVERSED
    if card.kind in _CLOZE_KINDS and has_cloze(card.front):
        return NoteType.CLOZE
    return NoteType.BASIC


def note_faces(card: Card) -> tuple[str, str]:
    """The first two fields as sanitised HTML: (Front, Back), or (Text, Back Extra) for a cloze.

    A cloze's Back Extra is left empty when the back only repeats the hidden parts. A
    cloze-derived card exported as Basic shows its blank as `[...]`; if its front still holds
    the answer word for word, that answer is blanked so the question does not give it away.
    """
    if note_type_for(card) is NoteType.CLOZE:
        extra = "" if _same_text(card.back, "; ".join(cloze_answers(card.front))) else card.back
        return render_html(card.front), render_html(extra)
    return render_html(question_text(card)), render_html(card.back)


def card_ords(note_type: NoteType, *, front: str, back: str) -> tuple[int, ...]:
    """The template ords Anki makes cards for: one per `cN` of a cloze, else one or two.

    A reversed note gets card 2, which asks the back, only when it has a back.
    """
    if note_type is NoteType.CLOZE:
        return tuple(sorted(n - 1 for n in cloze_numbers(front) if n > 0)) or (0,)
    if note_type is NoteType.REVERSED and back:
        return (0, 1)
    return (0,)


def question_text(card: Card) -> str:
    """The Markdown question for a card shown as a plain question (no cloze markers)."""
    if card.kind not in _CLOZE_KINDS or has_cloze(card.front):
        return card.front
    if any(blank in card.front for blank in _BLANKS):
        return card.front
    answer = card.back.strip()
    if answer and "\n" not in answer and answer in card.front:
        return card.front.replace(answer, BLANK, 1)
    return card.front


def deck_name_for(
    card: Card, *, deck_name: str, page_titles: Mapping[str, str] | None = None
) -> str:
    """`Notebook::Page::Section` for a card; `::` inside a title is softened to `:`."""
    page = card.source.page
    title = (page_titles or {}).get(page) or PurePosixPath(page).stem or page
    parts = [deck_name, title]
    if card.source.section:
        parts.append(card.source.section)
    return "::".join(_deck_part(part) for part in parts)


def deck_id_for(name: str) -> int:
    """A stable deck id from the deck's full name (below 2**53, so Anki's JavaScript is safe)."""
    digest = hashlib.sha256(f"notedeck deck\x00{name}".encode()).digest()
    return (1 << 31) + int.from_bytes(digest[:8], "big") % ((1 << 52) - (1 << 31))


def anki_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags Anki accepts: whitespace inside a tag becomes `_`; empty and repeated tags go."""
    out: dict[str, None] = {}
    for tag in tags:
        safe = _anki_tag(tag)
        if safe:
            out.setdefault(safe, None)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _anki_tag(tag: str) -> str:
    return _SPACE.sub("_", tag.strip())


def source_label(card: Card) -> str:
    """Where the card came from, as one line of plain text: `page › section › factor, line N`."""
    source = card.source
    parts = [p for p in (source.page, source.section, source.factor) if p]
    return f"{' › '.join(parts)}, line {source.line}"


@dataclass(frozen=True, slots=True)
class _Note:
    """One note as it goes into the package: its fields, and the template ords it makes cards of."""

    guid: str
    model: genanki.Model
    fields: tuple[str, str, str]
    tags: tuple[str, ...]
    deck_id: int
    ords: tuple[int, ...]


def _note(card: Card, *, deck_id: int) -> _Note:
    note_type = note_type_for(card)
    front, back = note_faces(card)
    return _Note(
        guid=card.id,
        model=_MODELS[note_type],
        fields=(front, back, html.escape(source_label(card), quote=False)),
        tags=anki_tags(card.tags),
        deck_id=deck_id,
        ords=card_ords(note_type, front=card.front, back=back),
    )


def _check_ids(cards: Sequence[Card]) -> None:
    seen: set[str] = set()
    for card in cards:
        if not card.id:
            raise ExportError(f"a card from {source_label(card)} has no id")
        if card.id in seen:
            raise ExportError(f"two cards share the id {card.id!r}")
        seen.add(card.id)


def _write_package(
    decks: list[genanki.Deck], notes: list[_Note], out: Path, *, timestamp: float | None
) -> None:
    partial = out.with_name(out.name + ".partial")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        stamp = time.time() if timestamp is None else timestamp
        collection = _collection_bytes(decks, notes, timestamp=stamp)
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
            archive.writestr("collection.anki2", collection)
            archive.writestr("media", "{}")
        os.replace(partial, out)
    except OSError as exc:
        _discard(partial)
        raise ExportError(f"cannot write {out}: {exc}") from exc


def _collection_bytes(decks: list[genanki.Deck], notes: list[_Note], *, timestamp: float) -> bytes:
    """The package's `collection.anki2`: genanki's schema, deck and model JSON, and our rows.

    This is what `genanki.Package.write_to_file` writes, built in memory. genanki rewrites
    the deck and model JSON once per deck and inserts rows one at a time; at 20,000 cards
    that was most of the export's time, so the JSON is written once and rows go in batches.
    New cards are due in note order, so Anki shows them in the order of the notes.
    """
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_SCHEMA_TABLES)
        db.executescript(APKG_COL)
        (decks_json,) = db.execute("SELECT decks FROM col").fetchone()
        all_decks = json.loads(decks_json)
        all_decks.update((str(deck.deck_id), deck.to_json()) for deck in decks)
        models = {note.model.model_id: note.model for note in notes}
        first_deck = decks[0].deck_id if decks else 1
        all_models = {mid: model.to_json(timestamp, first_deck) for mid, model in models.items()}
        db.execute(
            "UPDATE col SET decks = ?, models = ?", (json.dumps(all_decks), json.dumps(all_models))
        )
        mod = int(timestamp)
        ids = itertools.count(int(timestamp * 1000))
        note_rows: list[tuple[object, ...]] = []
        card_rows: list[tuple[object, ...]] = []
        for position, note in enumerate(notes):
            note_id = next(ids)
            tags = f" {' '.join(note.tags)} " if note.tags else ""
            flds = "\x1f".join(note.fields)
            sort_field = note.fields[0]
            note_rows.append(
                (note_id, note.guid, note.model.model_id, mod, -1, tags, flds, sort_field, 0, 0, "")
            )
            blank_schedule = (0, 0, 0, 0, 0, 0, 0, 0, "")  # ivl ... data, as genanki writes them
            card_rows.extend(
                (next(ids), note_id, note.deck_id, ord_, mod, -1, 0, 0, position, *blank_schedule)
                for ord_ in note.ords
            )
        db.executemany("INSERT INTO notes VALUES (?,?,?,?,?,?,?,?,?,?,?)", note_rows)
        db.executemany("INSERT INTO cards VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", card_rows)
        db.executescript(_SCHEMA_INDEXES)  # built once over all rows, not per insert
        db.commit()
        return db.serialize()
    finally:
        db.close()


def _deck_part(title: str) -> str:
    cleaned = _SPACE.sub(" ", title.replace("::", ":")).strip()
    return cleaned or "Untitled"


def _same_text(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
