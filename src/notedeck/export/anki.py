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
import gc
import hashlib
import html
import itertools
import json
import os
import re
import sqlite3
import sys
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from enum import StrEnum
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from notedeck.export.markdown import BLANK, cloze_answers, cloze_numbers, has_cloze, render_html
from notedeck.export.report import ExportError, ExportReport
from notedeck.export.target import check_target, replacing
from notedeck.model import Card, CardKind, Source

if TYPE_CHECKING:
    import genanki

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

_CLOZE_KINDS = frozenset(
    {CardKind.CLOZE, CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE}
)
_BLANKS = (BLANK, "[…]", "___")
_MIN_CARDS_PER_PROCESS = 2_000  # below this a forked process costs more than it saves
_MAX_PROCESSES = 4  # past this the single-process writing of the package dominates
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


_MODEL_IDS = {
    NoteType.BASIC: BASIC_MODEL_ID,
    NoteType.REVERSED: REVERSED_MODEL_ID,
    NoteType.CLOZE: CLOZE_MODEL_ID,
}


@functools.cache
def _models() -> dict[int, genanki.Model]:
    """The three note types by id, as genanki defines them.

    genanki is imported here rather than at the top: its import pulls in yaml and asyncio
    (about 40 ms), which CSV export never needs and a forked export does while the other
    processes build notes.
    """
    import genanki

    front_back = [{"name": "Front"}, {"name": "Back"}, {"name": "Source"}]
    basic = genanki.Model(
        BASIC_MODEL_ID,
        "notedeck Basic",
        fields=front_back,
        templates=[_basic_template("Card 1", "Front", "Back")],
        css=CSS,
    )
    reversed_ = genanki.Model(
        REVERSED_MODEL_ID,
        "notedeck Basic (and reversed card)",
        fields=front_back,
        templates=[
            _basic_template("Card 1", "Front", "Back"),
            _basic_template("Card 2", "Back", "Front"),
        ],
        css=CSS,
    )
    cloze = genanki.Model(
        CLOZE_MODEL_ID,
        "notedeck Cloze",
        fields=[{"name": "Text"}, {"name": "Back Extra"}, {"name": "Source"}],
        templates=[
            {
                "name": "Cloze",
                "qfmt": "{{cloze:Text}}",
                "afmt": "{{cloze:Text}}"
                '{{#Back Extra}}<hr id="answer"><div class="extra">{{Back Extra}}</div>'
                "{{/Back Extra}}" + _SOURCE,
            }
        ],
        css=CSS,
        model_type=genanki.Model.CLOZE,
    )
    return {model.model_id: model for model in (basic, reversed_, cloze)}


@functools.cache
def _schema() -> tuple[str, str, str]:
    """genanki's collection schema split in two, tables then indexes, and its `col` row."""
    from genanki.apkg_col import APKG_COL
    from genanki.apkg_schema import APKG_SCHEMA

    parts = [part.strip() for part in APKG_SCHEMA.split(";") if part.strip()]
    tables = ";\n".join(p for p in parts if not p.upper().startswith("CREATE INDEX"))
    indexes = ";\n".join(p for p in parts if p.upper().startswith("CREATE INDEX"))
    return tables, indexes, APKG_COL


def export_anki(
    cards: Sequence[Card],
    out: Path,
    *,
    deck_name: str,
    page_titles: Mapping[str, str] | None = None,
    timestamp: float | None = None,
    processes: int | None = None,
) -> ExportReport:
    """Write `cards` to an Anki package at `out`.

    Args:
        cards: the cards to export; each needs a non-empty id, unique among them.
        out: the `.apkg` file to write: a new path or a regular file, replaced in one step
            (`target.replacing`); parent folders are created.
        deck_name: the top deck, usually the notebook title.
        page_titles: page id to title, for deck names; a page missing here is named after its
            file name. Section titles come from `card.source.section`.
        timestamp: modification time (seconds since the epoch) stamped on the notes; the current
            time by default. Anki's default import updates a note only when the package's copy
            is newer than the collection's, and even "always update" skips a note whose GUID
            and modification time both match, so a fresh export should carry a new time.
        processes: how many processes build the notes. By default one per CPU (four at
            most) when there are thousands of cards and the platform can fork; rendering
            Markdown is most of an export's time, and the package is the same either way.

    Returns:
        An `ExportReport` with note, card and deck counts.

    Raises:
        ExportError: a card has no id, two cards share one, or `out` is not a regular file or
            a new path, or cannot be written.
    """
    _check_ids(cards)
    decks = _decks(cards, deck_name=deck_name, page_titles=page_titles)
    if processes is None or not hasattr(os, "fork"):
        processes = _default_processes(len(cards))
    check_target(out)  # before the work: a device or a symlink is refused at once
    with replacing(out) as partial:
        stamp = time.time() if timestamp is None else timestamp
        with _collector_paused():
            collection, notes, card_count = _collection(cards, decks, stamp, processes=processes)
        # Stored, not deflated, as genanki writes packages: deflating took a fifth of an
        # export's time to make a file Anki unpacks on import anyway.
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("collection.anki2", collection)
            archive.writestr("media", "{}")
    return ExportReport(
        format="apkg",
        path=out,
        notes=notes,
        cards=card_count,
        decks=tuple(sorted(set(decks.values()))),
    )


def note_type_for(card: Card) -> NoteType:
    """The note type a card exports as: cloze only when its front has `{{cN::…}}` markers."""
    if card.kind is CardKind.REVERSED:
        return NoteType.REVERSED
    if card.kind in _CLOZE_KINDS and has_cloze(_cloze_text(card)):
        return NoteType.CLOZE
    return NoteType.BASIC


def _cloze_text(card: Card) -> str:
    """A cloze note's text: the student's own `{{cN::…}}` text, kept beside the front that
    shows its blanks; older stores kept it as the front itself."""
    return card.cloze or card.front


def note_faces(card: Card) -> tuple[str, str]:
    """The first two fields as sanitised HTML: (Front, Back), or (Text, Back Extra) for a cloze.

    A cloze's Back Extra is left empty when the back only repeats the hidden parts. A
    cloze-derived card exported as Basic shows its blank as `[...]`; if its front still holds
    the answer word for word, that answer is blanked so the question does not give it away.
    """
    _, front, back = _faces(card)
    return front, back


def _faces(card: Card) -> tuple[NoteType, str, str]:
    """`note_type_for` and `note_faces` in one pass, for the export loop."""
    kind = card.kind
    if kind is CardKind.REVERSED:
        return NoteType.REVERSED, render_html(card.front), render_html(card.back)
    if kind in _CLOZE_KINDS and has_cloze(text := _cloze_text(card)):
        front, back = text, card.back
        extra = "" if _same_text(back, "; ".join(cloze_answers(front))) else back
        return NoteType.CLOZE, render_html(front), render_html(extra)
    return NoteType.BASIC, render_html(question_text(card)), render_html(card.back)


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
    return f"{' › '.join(parts)}, {_line(source)}"


def _line(source: Source) -> str:
    """`line N`, or for text a page includes, the file it is written in and its line there."""
    if source.file is not None:
        return f"{source.file} line {source.file_line}"
    return f"line {source.line}"


_NoteRow = tuple[int, str, int, str, str, str]
"""A `notes` row: id, GUID, model id, tags as Anki stores them (` a b `), fields joined by
`\\x1f`, and sort field. Plain tuples, not dataclasses: the export makes one per card."""

_CardRow = tuple[int, int, int, int, int]
"""A `cards` row: id, note id, deck id, template ord and due position."""

_Rows = tuple[list[_NoteRow], list[_CardRow]]
"""The rows of a slice of cards; ids and due positions count from 0 within the slice."""

_Where = tuple[str, str | None]


def _decks(
    cards: Sequence[Card], *, deck_name: str, page_titles: Mapping[str, str] | None
) -> dict[_Where, str]:
    """The deck name of each (page, section) the cards come from, in order of first use."""
    decks: dict[_Where, str] = {}
    for card in cards:
        where = (card.source.page, card.source.section)
        if where not in decks:
            decks[where] = deck_name_for(card, deck_name=deck_name, page_titles=page_titles)
    return decks


def _note_rows(cards: Sequence[Card], deck_ids: Mapping[_Where, int]) -> _Rows:
    """The package rows of `cards`; deck ids, source labels and tags are worked out once each.

    Cards of one factor share their deck and their source label but for the line, and cards
    of one section share their tags, so the loop looks those up instead. A note takes the
    next id, and its cards the ids after it, as genanki numbers them; new cards are due in
    note order, so Anki shows them in the order of the notes.
    """
    places: dict[tuple[str, str | None, str | None], tuple[int, str]] = {}
    tag_text: dict[tuple[str, ...], str] = {}
    notes: list[_NoteRow] = []
    card_rows: list[_CardRow] = []
    next_id = 0
    for position, card in enumerate(cards):
        source = card.source
        where = (source.page, source.section, source.factor)
        place = places.get(where)
        if place is None:
            label = html.escape(" › ".join(part for part in where if part), quote=False)
            place = places[where] = (deck_ids[source.page, source.section], label)
        tags = tag_text.get(card.tags)
        if tags is None:
            safe = anki_tags(card.tags)
            tags = tag_text[card.tags] = f" {' '.join(safe)} " if safe else ""
        note_type, front, back = _faces(card)
        note_id = next_id
        fields = f"{front}\x1f{back}\x1f{place[1]}, {html.escape(_line(source), quote=False)}"
        notes.append((note_id, card.id, _MODEL_IDS[note_type], tags, fields, front))
        for ord_ in card_ords(note_type, front=card.cloze or card.front, back=back):
            next_id += 1
            card_rows.append((next_id, note_id, place[0], ord_, position))
        next_id += 1
    return notes, card_rows


def _check_ids(cards: Sequence[Card]) -> None:
    seen: set[str] = set()
    for card in cards:
        if not card.id:
            raise ExportError(f"a card from {source_label(card)} has no id")
        if card.id in seen:
            raise ExportError(f"two cards share the id {card.id!r}")
        seen.add(card.id)


def _collection(
    cards: Sequence[Card], decks: Mapping[_Where, str], timestamp: float, *, processes: int
) -> tuple[bytes, int, int]:
    """The package's `collection.anki2` with its note and card counts.

    This is what `genanki.Package.write_to_file` writes (genanki's schema, `col` row, deck and
    model JSON), built in memory. genanki rewrites the deck and model JSON once per deck and
    inserts rows one at a time; at 20,000 cards that was most of the export's time, so the
    JSON is written once and rows go in batches. With several processes, each forked child
    builds the notes of one slice of the cards into a database of its own, which is copied
    in, slice by slice, with its ids and due positions moved along.
    """
    names = {deck_id_for(name): name for name in decks.values()}  # in order of first use
    deck_ids = {where: deck_id_for(name) for where, name in decks.items()}
    slices = _slices(len(cards), processes)
    children: list[_Child] = []
    db = sqlite3.connect(":memory:")
    try:
        for part in slices[1:]:
            children.append(_Child(functools.partial(_part_bytes, cards[part], deck_ids)))
        tables, indexes, col = _schema()
        db.executescript(tables)
        db.executescript(col)
        mod = int(timestamp)
        next_id = int(timestamp * 1000)
        next_id, position = _insert(db, _note_rows(cards[slices[0]], deck_ids), next_id, 0, mod)
        for child, part in zip(children, slices[1:], strict=True):
            data = child.result()
            if data is None:  # the child failed: build its slice here (raising what it raised)
                rows = _note_rows(cards[part], deck_ids)
                next_id, position = _insert(db, rows, next_id, position, mod)
            else:
                next_id, position = _copy_part(db, data, next_id, position, mod)
        _write_col(db, names, timestamp)
        db.executescript(indexes)  # built once over all rows, not per insert
        db.commit()
        (notes,) = db.execute("SELECT count() FROM notes").fetchone()
        (card_count,) = db.execute("SELECT count() FROM cards").fetchone()
        return db.serialize(), notes, card_count
    finally:
        db.close()
        for child in children:
            child.close()


def _insert(
    db: sqlite3.Connection, rows: _Rows, first_id: int, first_position: int, mod: int
) -> tuple[int, int]:
    """Insert a slice's rows from `first_id` and `first_position`; returns the next of each.

    Columns that are the same for every row, and the offsets, are written into the statement
    rather than bound row by row.
    """
    notes, cards = rows
    # id, guid, mid, mod, usn, tags, flds, sfld, csum, flags, data
    db.executemany(f"INSERT INTO notes VALUES (? + {first_id},?,?,{mod},-1,?,?,?,0,0,'')", notes)
    # id, nid, did, ord, mod, usn, type, queue, due, then ivl ... data as genanki writes them
    db.executemany(
        f"INSERT INTO cards VALUES (? + {first_id},? + {first_id},?,?,{mod},-1,0,0,"
        f"? + {first_position},0,0,0,0,0,0,0,0,'')",
        cards,
    )
    return first_id + len(notes) + len(cards), first_position + len(notes)


_PART_TABLES = """
CREATE TABLE notes (id INTEGER PRIMARY KEY, guid, mid, mod, usn, tags, flds, sfld, csum, flags,
    data);
CREATE TABLE cards (id INTEGER PRIMARY KEY, nid, did, ord, mod, usn, type, queue, due, ivl,
    factor, reps, lapses, left, odue, odid, flags, data);
"""
"""A child's staging tables: the package's columns in order. They carry no types, so values go
through the package's own column affinities once, when they are copied in."""


def _part_bytes(cards: Sequence[Card], deck_ids: Mapping[_Where, int]) -> bytes:
    """One slice's notes and cards in a database of their own, ids and positions from 0."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(_PART_TABLES)
        _insert(db, _note_rows(cards, deck_ids), 0, 0, 0)
        db.commit()
        return db.serialize()
    finally:
        db.close()


def _copy_part(
    db: sqlite3.Connection, data: bytes, next_id: int, position: int, mod: int
) -> tuple[int, int]:
    """Copy a child's notes and cards in after the rows so far; returns the next id and position."""
    db.execute("ATTACH ':memory:' AS part")
    try:
        db.deserialize(data, name="part")
        (notes,) = db.execute("SELECT count() FROM part.notes").fetchone()
        (cards,) = db.execute("SELECT count() FROM part.cards").fetchone()
        db.execute(
            "INSERT INTO notes SELECT id + :id, guid, mid, :mod, usn, tags, flds, sfld, csum,"
            " flags, data FROM part.notes ORDER BY id",
            {"id": next_id, "mod": mod},
        )
        db.execute(
            "INSERT INTO cards SELECT id + :id, nid + :id, did, ord, :mod, usn, type, queue,"
            " due + :position, ivl, factor, reps, lapses, left, odue, odid, flags, data"
            " FROM part.cards ORDER BY id",
            {"id": next_id, "mod": mod, "position": position},
        )
        db.commit()
    finally:
        db.execute("DETACH part")
    return next_id + notes + cards, position + notes


def _write_col(db: sqlite3.Connection, decks: Mapping[int, str], timestamp: float) -> None:
    """Put our decks, and the note types the notes use, into the `col` row's JSON."""
    import genanki

    (decks_json,) = db.execute("SELECT decks FROM col").fetchone()
    all_decks = json.loads(decks_json)
    all_decks.update(
        (str(deck_id), genanki.Deck(deck_id, name).to_json()) for deck_id, name in decks.items()
    )
    first_deck = next(iter(decks), 1)
    used = db.execute("SELECT mid FROM notes GROUP BY mid ORDER BY min(id)").fetchall()
    models = {mid: _models()[mid].to_json(timestamp, first_deck) for (mid,) in used}
    db.execute("UPDATE col SET decks = ?, models = ?", (json.dumps(all_decks), json.dumps(models)))


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the package is built.

    The export makes a few hundred thousand short-lived tuples and strings, none in a cycle,
    and every collection they set off would walk all of the caller's objects, the cards
    among them; in a forked child that walk also copies every page it touches.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _default_processes(cards: int) -> int:
    """One process per CPU (four at most) when the cards are many and forking is safe.

    Children are forked (never spawned: they must inherit the cards, not be sent them) and
    only on Linux, where fork is the norm, from a process with no other threads, since a
    child inherits no thread but whatever lock one held. On a busy machine a second process
    costs about 10% more than one; on an idle one it saves about 30%.
    """
    if sys.platform != "linux" or not hasattr(os, "fork") or threading.active_count() > 1:
        return 1
    try:
        if len(os.listdir("/proc/self/task")) > 1:  # threads Python did not start
            return 1
        cpus = len(os.sched_getaffinity(0))
    except OSError:
        return 1
    return max(1, min(cpus, _MAX_PROCESSES, cards // _MIN_CARDS_PER_PROCESS))


def _slices(count: int, parts: int) -> list[slice]:
    """`parts` consecutive slices of `count` items, as even as can be (at least one)."""
    parts = max(1, min(parts, count))
    bounds = [count * i // parts for i in range(parts + 1)]
    return [slice(start, stop) for start, stop in itertools.pairwise(bounds)]


class _Child:
    """A forked process that runs `build` and hands back its bytes through a pipe.

    `os.fork` rather than `multiprocessing`: the child needs nothing but what it inherits and
    one pipe back, and importing multiprocessing costs more than the fork. The child leaves
    with `os._exit`, so the parent's buffers, atexit hooks and test fixtures never run twice.
    If the fork fails, there is no child and `result` says so.
    """

    def __init__(self, build: Callable[[], bytes]) -> None:
        self._pid: int | None = None
        self._pipe: BinaryIO | None = None
        read_end, write_end = os.pipe()
        try:
            self._pid = os.fork()
        except OSError:
            os.close(read_end)
            os.close(write_end)
            return
        if self._pid == 0:  # pragma: no cover - runs in the child, whose coverage is not kept
            code = 1
            try:
                os.close(read_end)
                with open(write_end, "wb") as pipe:
                    pipe.write(build())
                code = 0
            finally:
                os._exit(code)
        os.close(write_end)
        self._pipe = open(read_end, "rb")  # noqa: SIM115 - closed by close()

    def result(self) -> bytes | None:
        """What `build` returned, once the child is done; None if it failed or never ran."""
        if self._pipe is None:
            return None
        data = self._pipe.read()
        return data if self._wait() == 0 else None

    def close(self) -> None:
        """Stop listening (a child still writing gets a broken pipe) and reap the child."""
        if self._pipe is not None:
            self._pipe.close()
        self._wait()

    def _wait(self) -> int:
        if self._pid is None:
            return 1
        _, status = os.waitpid(self._pid, 0)
        self._pid = None
        return os.waitstatus_to_exitcode(status)


def _deck_part(title: str) -> str:
    """One level of a deck name, HTML-escaped as card text is: Anki shows deck names in
    HTML (the deck list, `{{Deck}}` on a card), so a page titled `<script>…` must not run."""
    cleaned = _SPACE.sub(" ", title.replace("::", ":")).strip()
    return html.escape(cleaned, quote=False) or "Untitled"


def _same_text(a: str, b: str) -> bool:
    return _SPACE.sub(" ", a).strip() == _SPACE.sub(" ", b).strip()
