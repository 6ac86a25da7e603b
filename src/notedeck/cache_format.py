"""The page cache's stored form: model values as plain tuples, lists, strings and numbers.

The cache directory is only as trusted as whoever can write to it, so nothing read from it
may run code: it held pickles, and a planted pickle ran its `__reduce__` on the next
`notedeck check`. Values are now written with `marshal`, which only ever gives back plain
values (tuples, lists, dicts, strings, numbers, None; never an instance of a class of ours
and never a call), and the functions here rebuild model objects from those by position,
checking each field's type. A blob that does not have the expected shape raises
(`ValueError`, `TypeError`, `KeyError`), which the cache treats as a miss: the page is built
again.

Why marshal and not JSON: the one-page rebuild of a 5,000-page notebook re-reads and
re-writes the notebook's snapshot (17,000 findings and the spelling state). As JSON that
took 0.25 s of the 0.3 s budget (encode, decode, and lists turned back into tuples); marshal
does it in about a tenth of that, keeps tuples as tuples, and, like JSON, builds no objects
but plain ones. Text that is not valid UTF-8 (a file name's lone surrogates) round-trips.
"""

from __future__ import annotations

import marshal
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notedeck.model import (
    Card,
    CardKind,
    ExplicitCard,
    Factor,
    FindingRow,
    Inclusion,
    Label,
    Page,
    Point,
    Section,
    Source,
    Statement,
    Table,
)

if TYPE_CHECKING:
    from notedeck.derive.spelling import SpellingState, WordIndex

Plain = Any  # what `marshal.loads` gives: tuple, list, dict, str, int, float, bool or None
_SEVERITIES = frozenset(("error", "warning", "info"))
_KINDS = {kind.value: kind for kind in CardKind}
_LABELS = {label.value: label for label in Label}
_FRONT_MATTER_DEPTH = 16  # deeper YAML is kept as its text


def dumps(value: Plain) -> bytes:
    """Plain data as bytes.

    Raises:
        ValueError: the value holds something that is not plain data.
    """
    return marshal.dumps(value)


def loads(blob: bytes) -> Plain:
    """Bytes from `dumps` back to plain data; never an object of ours, never a call.

    Raises:
        ValueError: not something `dumps` wrote (truncated, or not marshal data at all).
        TypeError: not bytes.
    """
    if type(blob) is not bytes:
        raise TypeError("expected bytes")
    try:
        return marshal.loads(blob)
    except EOFError as exc:
        raise ValueError("truncated cache value") from exc


# ---------------------------------------------------------------- findings and words


def rows_to_plain(rows: Sequence[FindingRow]) -> Plain:
    return tuple(rows)


def rows_from_plain(data: Plain) -> tuple[FindingRow, ...]:
    """Finding rows, checked just enough that `Finding.from_row` cannot fail on them: a
    snapshot holds thousands, so a full check per field would cost more than the load."""
    if type(data) is not tuple or not all(
        type(row) is tuple and len(row) == 6 and row[1] in _SEVERITIES for row in data
    ):
        raise TypeError("not finding rows")
    return data


def _row(row: Plain) -> FindingRow:
    code, severity, message, page, line, file = row
    if severity not in _SEVERITIES:
        raise ValueError("not a severity")
    return (
        _str(code),
        _str(severity),
        _str(message),
        _opt_str(page),
        _opt_int(line),
        _opt_str(file),
    )


def words_to_plain(words: WordIndex | None) -> Plain:
    return None if words is None else [words.rare, words.unknown, words.names]


def words_from_plain(data: Plain) -> WordIndex | None:
    from notedeck.derive.spelling import WordIndex

    if data is None:
        return None
    rare, unknown, names = data
    return WordIndex(_str(rare), _str(unknown), _str(names))


def summary_to_plain(rows: Sequence[FindingRow], words: WordIndex | None) -> Plain:
    return [rows_to_plain(rows), words_to_plain(words)]


def summary_from_plain(data: Plain) -> tuple[tuple[FindingRow, ...], WordIndex | None]:
    rows, words = data
    return rows_from_plain(rows), words_from_plain(words)


# ---------------------------------------------------------------- the outline


def page_to_plain(page: Page) -> Plain:
    return [
        page.id,
        str(page.path),
        page.title,
        page.icon,
        page.description,
        page.cover,
        page.cover_y,
        [_section(section) for section in page.sections],
        [finding.to_row() for finding in page.findings],
        page.digest,
        _front_matter(page.front_matter, 0),
        [[s.first, s.count, s.file, s.start, s.at] for s in page.included],
    ]


def page_from_plain(data: Plain) -> Page:
    from notedeck.model import Finding

    pid, path, title, icon, description, cover, cover_y, sections, rows, digest, meta, spans = data
    if not isinstance(meta, dict):
        raise TypeError("front matter is not a mapping")
    included = tuple(
        Inclusion(_int(first), _int(count), _str(file), _int(start), _int(at))
        for first, count, file, start, at in spans
    )
    return Page(
        _str(pid),
        Path(_str(path)),
        _str(title),
        _opt_str(icon),
        _opt_str(description),
        _opt_str(cover),
        float(cover_y) if cover_y is not None else None,
        tuple(map(_section_from, sections)),
        tuple(Finding.from_row(_row(row)) for row in rows),
        _str(digest),
        meta,
        included,
    )


def _section(section: Section) -> Plain:
    return [
        section.title,
        section.line,
        [_factor(factor) for factor in section.factors],
        [_point(point) for point in section.points],
        section.empty,
        section.block,
    ]


def _section_from(data: Plain) -> Section:
    title, line, factors, points, empty, block = data
    return Section(
        _str(title),
        _int(line),
        tuple(map(_factor_from, factors)),
        tuple(map(_point_from, points)),
        bool(empty),
        _str(block),
    )


def _factor(factor: Factor) -> Plain:
    return [
        factor.title,
        factor.line,
        factor.note,
        factor.weak,
        [_point(point) for point in factor.points],
        [[list(s.alternatives), s.line] for s in factor.statements],
        factor.block,
    ]


def _factor_from(data: Plain) -> Factor:
    title, line, note, weak, points, statements, block = data
    return Factor(
        _str(title),
        _int(line),
        _opt_str(note),
        bool(weak),
        tuple(map(_point_from, points)),
        tuple(Statement(tuple(map(_str, alts)), _int(at)) for alts, at in statements),
        _str(block),
    )


def _point(point: Point) -> Plain:
    # The outliner caps nesting (`parse.outline.MAX_DEPTH`), so recursion is bounded here.
    return (
        point.text,
        point.line,
        point.label.value if point.label else None,
        tuple(map(_point, point.children)),
        point.years,
        point.terms,
        tuple((c.kind.value, c.front, c.back, c.line) for c in point.cards),
        point.code,
        point.block,
        [list(point.table.header), [list(row) for row in point.table.rows]]
        if point.table is not None
        else None,
    )


def _point_from(data: Plain) -> Point:
    """A point; the commonest value in the cache, so its checks are inlined and an empty
    field (most are) costs one test."""
    text, line, label, children, years, terms, cards, code, block, table = data
    if type(text) is not str or type(line) is not int:
        raise TypeError("not a point")
    return Point(
        text,
        line,
        _LABELS[label] if label is not None else None,
        tuple(map(_point_from, children)) if children else (),
        tuple(map(_int, years)) if years else (),
        tuple(map(_str, terms)) if terms else (),
        tuple(ExplicitCard(_KINDS[k], _str(f), _str(b), _int(n)) for k, f, b, n in cards)
        if cards
        else (),
        code is True,
        _str(block) if block else "",
        _table_from(table) if table is not None else None,
    )


def _table_from(data: Plain) -> Table:
    header, rows = data
    return Table(tuple(map(_str, header)), tuple(tuple(map(_str, row)) for row in rows))


def _front_matter(value: Any, depth: int) -> Plain:
    """YAML front matter as JSON can hold it: dates as ISO text, anything odd as its text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if depth < _FRONT_MATTER_DEPTH and isinstance(value, Mapping):
        return {str(k): _front_matter(v, depth + 1) for k, v in value.items()}
    if depth < _FRONT_MATTER_DEPTH and isinstance(value, list | tuple):
        return [_front_matter(v, depth + 1) for v in value]
    return str(value)


# ---------------------------------------------------------------- the spelling state


def spelling_to_plain(state: SpellingState) -> Plain:
    return [
        state.pages_of,
        dict(state.rare),
        dict(state.unknown),
        dict(state.names),
        [(a, b, row) for (a, b), row in state.inconsistent.items()],
        state.misspelled,
    ]


def spelling_from_plain(data: Plain) -> SpellingState:
    from notedeck.derive.spelling import SpellingState

    pages_of, rare, unknown, names, inconsistent, misspelled = data
    if not all(type(x) is dict for x in (pages_of, rare, unknown, names, misspelled)):
        raise TypeError("spelling state is not made of mappings")
    if not all(type(pids) is list for pids in pages_of.values()):
        raise TypeError("spelling state: pages of a word are not a list")
    return SpellingState(
        pages_of,
        _counter(rare),
        _counter(unknown),
        _counter(names),
        {(_str(a), _str(b)): _row(row) for a, b, row in inconsistent},
        {_str(word): _row(row) for word, row in misspelled.items()},
    )


# ---------------------------------------------------------------- what `derive/` remembers


def cards_to_plain(cards: Sequence[Card]) -> Plain:
    return [
        [
            c.id,
            c.kind.value,
            c.front,
            c.back,
            _source(c.source),
            list(c.tags),
            c.key,
            c.cloze,
            cards_to_plain(c.alternates),  # the other clauses identity may keep instead
        ]
        for c in cards
    ]


def _source(source: Source) -> Plain:
    """A card's source; the file and line of included text only when it has them, so cards
    remembered before includes were read still load."""
    plain = [source.page, source.section, source.factor, source.line, source.end_line]
    if source.file is not None:
        plain += [source.file, source.file_line]
    return plain


def cards_from_plain(data: Plain) -> tuple[Card, ...]:
    cards = []
    for cid, kind, front, back, source, tags, key, cloze, alternates in data:
        page, section, factor, line, end_line, *included = source
        file, file_line = included if included else (None, None)
        cards.append(
            Card(
                _str(cid),
                _KINDS[kind],
                _str(front),
                _str(back),
                Source(
                    _str(page),
                    _opt_str(section),
                    _opt_str(factor),
                    _int(line),
                    _opt_int(end_line),
                    _opt_str(file),
                    _opt_int(file_line),
                ),
                tuple(map(_str, tags)),
                _str(key),
                _str(cloze),
                cards_from_plain(alternates),
            )
        )
    return tuple(cards)


def names_to_plain(index: Any) -> Plain:
    return [sorted(index.people), sorted(index.proper)]


def names_from_plain(data: Plain) -> Any:
    from notedeck.derive.terms import NameIndex

    people, proper = data
    return NameIndex(frozenset(map(_str, people)), frozenset(map(_str, proper)))


def tally_to_plain(tally: Any) -> Plain:
    return [dict(tally.mid), dict(tally.caps), dict(tally.lower), dict(tally.score), tally.mates]


def tally_from_plain(data: Plain) -> Any:
    from notedeck.derive.terms import _NameTally

    mid, caps, lower, score, mates = data
    return _NameTally(
        mid=_counter(mid),
        caps=_counter(caps),
        lower=_counter(lower),
        score=_counter(score),
        mates=[(_str(a), _str(b)) for a, b in mates],
    )


DERIVED: dict[str, tuple[Any, Any]] = {
    "cards": (cards_to_plain, cards_from_plain),
    "names": (names_to_plain, names_from_plain),
    "tally": (tally_to_plain, tally_from_plain),
}
"""Each kind of value `derive/` keeps through the memo: (to plain, from plain). A kind
missing here is kept in memory only."""


# ---------------------------------------------------------------- leaves


def _counter(data: Plain) -> Counter[str]:
    if type(data) is not dict or not all(type(count) is int for count in data.values()):
        raise TypeError("expected a mapping of counts")
    if not all(type(word) is str for word in data):
        raise TypeError("expected a mapping of words")
    return Counter(data)


def _str(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("expected a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("expected an integer")
    return value


def _opt_int(value: Any) -> int | None:
    return None if value is None else _int(value)
