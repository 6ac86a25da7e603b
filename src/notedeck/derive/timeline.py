"""The timeline and people screens' data: the notebook's dated events in date order, and
the people the notes name with their events and factors.

`derive/events.py` finds the events of a page in page order; a timeline needs the whole
notebook (or one page or section) in date order, each event carrying enough of where it came
from for the reader to link to its point. People are read with `derive/persons.py`. Pure: a
notebook in, values out (a `TimelineMemo`, when given, only keeps what was worked out).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TypedDict

from notedeck.derive import dictionary
from notedeck.derive.cardtext import to_plain
from notedeck.derive.events import point_events
from notedeck.derive.hideable import is_common
from notedeck.derive.persons import (
    CONTEXT,
    after_article,
    capitalised_words,
    list_parts,
    reading,
    short_forms,
    split_adjacent,
    trimmed_name,
)
from notedeck.derive.terms import NameIndex, find_people, notebook_names
from notedeck.model import Event, Notebook, Page, Source

__all__ = [
    "FactorRef",
    "FactorRefDict",
    "Person",
    "PersonDict",
    "TimelineEvent",
    "TimelineEventDict",
    "TimelineMemo",
    "anchor",
    "page_events",
    "people",
    "timeline",
]


class TimelineEventDict(TypedDict):
    year: int
    month: int | None
    day: int | None
    text: str
    page: str
    page_title: str
    section: str | None
    factor: str | None
    line: int
    anchor: str


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One dated event, placed: what happened, when, and which point of which page says so.

    Attributes:
        year, month, day: the date as written; month and day are None when not written.
        text: what happened, as plain text (no Markdown, no HTML).
        page: the page id; `page_title` its title.
        section, factor: the headings the point sits under (factor None outside one).
        line: the point's 1-based line in the page's file.
        anchor: the id the reader gives that point (`L<line>`), for a link to it.
    """

    year: int
    month: int | None
    day: int | None
    text: str
    page: str
    page_title: str
    section: str | None
    factor: str | None
    line: int
    anchor: str

    @property
    def sort_key(self) -> tuple[int, int, int]:
        """Year, month, day; an unknown month or day sorts before the known ones of its year."""
        return self.year, self.month or 0, self.day or 0

    def to_dict(self) -> TimelineEventDict:
        return {
            "year": self.year,
            "month": self.month,
            "day": self.day,
            "text": self.text,
            "page": self.page,
            "page_title": self.page_title,
            "section": self.section,
            "factor": self.factor,
            "line": self.line,
            "anchor": self.anchor,
        }


def anchor(line: int) -> str:
    """The element id the reader gives the point on `line`."""
    return f"L{line}"


def timeline(
    notebook: Notebook,
    *,
    page: str | None = None,
    section: str | None = None,
    memo: TimelineMemo | None = None,
) -> tuple[TimelineEvent, ...]:
    """The notebook's dated events in date order.

    Events of the same date keep reading order (page order, then line), so the timeline of
    an unchanged notebook is always drawn the same way.

    Args:
        notebook: the loaded notebook.
        page: only this page's events (a page id); an unknown id gives no events.
        section: only the events under sections with this title (on `page`, if given).
        memo: where a long-running process keeps each page's events, so that after an
            edit only the edited pages are read again.
    """
    versions = notebook.page_versions()
    numbers = [n for n, (page_id, _) in enumerate(versions) if page in (None, page_id)]
    events = [
        (number, event.line, event)
        for number in numbers
        for event in _events_of(notebook, number, versions[number], memo)
        if section is None or event.section == section
    ]
    events.sort(key=lambda item: (item[2].sort_key, item[0], item[1]))
    return tuple(event for _, _, event in events)


class TimelineMemo:
    """Each page's events and written names, kept by page id and content hash.

    The web app draws the timeline and the people view again after every edit; with one
    memo for the life of the process, only the pages whose content changed are read again,
    and the names of the pages holding a word that the edit made a name (or no longer one).
    Values of pages no longer in the notebook are dropped on
    each `people` call, so the memo never holds more than one notebook's worth.
    """

    def __init__(self) -> None:
        self._events: dict[tuple[str, str], tuple[TimelineEvent, ...]] = {}
        self._mentions: dict[tuple[str, str, int], tuple[tuple[_Mention, ...], frozenset[str]]]
        self._mentions = {}
        self._names: NameIndex | None = None
        self._people: tuple[tuple[tuple[str, str], ...], tuple[Person, ...]] | None = None

    def _page_events(
        self, notebook: Notebook, number: int, version: tuple[str, str]
    ) -> tuple[TimelineEvent, ...]:
        page_id, digest = version
        found = self._events.get((page_id, digest)) if digest else None
        return found if found is not None else self._page_events_of(notebook.pages[number])

    def _page_mentions(
        self, notebook: Notebook, number: int, version: tuple[str, str], names: NameIndex
    ) -> tuple[_Mention, ...]:
        if names is not self._names:
            self._forget_names(names)
        page_id, digest = version
        if not digest:
            return _mentions(number, notebook.pages[number], names, self)[0]
        key = (page_id, digest, number)
        found = self._mentions.get(key)
        if found is None:
            found = self._mentions[key] = _mentions(number, notebook.pages[number], names, self)
        return found[0]

    def _forget_names(self, names: NameIndex) -> None:
        """Drop the names of the pages that hold a word the new index reads differently."""
        old = self._names
        self._names = names
        if old is None:
            self._mentions.clear()
            return
        changed = (old.people ^ names.people) | (old.proper ^ names.proper)
        for key in [k for k, (_, words) in self._mentions.items() if not words.isdisjoint(changed)]:
            del self._mentions[key]

    def _page_events_of(self, page: Page) -> tuple[TimelineEvent, ...]:
        if not page.digest:
            return page_events(page)
        found = self._events.get((page.id, page.digest))
        if found is None:
            found = self._events[page.id, page.digest] = page_events(page)
        return found

    def _keep_only(self, versions: tuple[tuple[str, str], ...]) -> None:
        current = set(versions)
        for key in [k for k in self._events if k not in current]:
            del self._events[key]
        for mention_key in [k for k in self._mentions if k[:2] not in current]:
            del self._mentions[mention_key]


def _events_of(
    notebook: Notebook, number: int, version: tuple[str, str], memo: TimelineMemo | None
) -> tuple[TimelineEvent, ...]:
    if memo is None:
        return page_events(notebook.pages[number])
    return memo._page_events(notebook, number, version)


def page_events(page: Page) -> tuple[TimelineEvent, ...]:
    """A page's events in page order, placed for the timeline.

    Dates are read from each point's plain text, so a link, a tag or an entity never
    splits an event's description (`The [Reichstag](…) fire` reads `The Reichstag fire`),
    and nothing inside code (`` `v1999` ``, a fenced block) is taken for a date. Points that
    are flashcards the student wrote are cards, not events.
    """
    events: list[TimelineEvent] = []
    for section in page.sections:
        holders = [(None, section.points)] + [(f.title, f.points) for f in section.factors]
        for factor, points in holders:
            for top in points:
                for point in top.walk():
                    if point.cards or point.code or not point.years:
                        continue
                    source = Source(page.id, section.title, factor, point.line)
                    readable = replace(point, text=_readable(point.text))
                    events.extend(_placed(e, page) for e in point_events(readable, source))
    return tuple(events)


def _readable(markdown: str) -> str:
    """A point's words without markup, and without code, URLs or paths."""
    plain = to_plain(markdown)
    text = plain.text
    for start, end in sorted(plain.protected, reverse=True):
        text = f"{text[:start]} {text[end:]}"
    return " ".join(text.split())


def _placed(event: Event, page: Page) -> TimelineEvent:
    source = event.source
    return TimelineEvent(
        year=event.year,
        month=event.month,
        day=event.day,
        text=event.text,
        page=page.id,
        page_title=page.title,
        section=source.section,
        factor=source.factor,
        line=source.line,
        anchor=anchor(source.line),
    )


# ---------------------------------------------------------------- people


class FactorRefDict(TypedDict):
    page: str
    page_title: str
    section: str | None
    factor: str | None
    line: int
    anchor: str


@dataclass(frozen=True, slots=True)
class FactorRef:
    """A place in the notes where a person is named: the factor (or the section, outside one).

    Attributes:
        page, page_title: the page id and title.
        section, factor: the headings; factor None for a point directly under a section.
        line: the first line in that factor (or section) that names the person.
        anchor: the reader's id for that line (`L<line>`).
    """

    page: str
    page_title: str
    section: str | None
    factor: str | None
    line: int
    anchor: str

    def to_dict(self) -> FactorRefDict:
        return {
            "page": self.page,
            "page_title": self.page_title,
            "section": self.section,
            "factor": self.factor,
            "line": self.line,
            "anchor": self.anchor,
        }


class PersonDict(TypedDict):
    name: str
    mentions: int
    events: list[TimelineEventDict]
    factors: list[FactorRefDict]


@dataclass(frozen=True, slots=True)
class Person:
    """Someone the notes name, with what the notes say they did and where.

    Attributes:
        name: the name as the notes write it, in full where they write it in full.
        mentions: how many times the notes name them (headings, points, link statements).
        events: the dated events of the points that name them, in date order.
        factors: the factors (or sections) that name them, in reading order.
    """

    name: str
    mentions: int
    events: tuple[TimelineEvent, ...]
    factors: tuple[FactorRef, ...]

    def to_dict(self) -> PersonDict:
        return {
            "name": self.name,
            "mentions": self.mentions,
            "events": [e.to_dict() for e in self.events],
            "factors": [f.to_dict() for f in self.factors],
        }


def people(notebook: Notebook, *, memo: TimelineMemo | None = None) -> tuple[Person, ...]:
    """Everyone the notes name, most mentioned first (then by name).

    Who is a person comes from `derive.terms.NameIndex`, learnt from how the student writes
    (capitalised mid-sentence, acting as a subject, after a title). A word the index takes for
    a person but which the notes mostly write as a place or a thing (`the Kronstadt naval
    base`, `in Nanjing`, `"Manchukuo"`) is left out, and so is an everyday word (`the
    Democrats`) or a thing named after someone (`the Truman Doctrine`). A short form
    (`Schleicher`) counts as the fuller one written before it on the same page (`Kurt von
    Schleicher`); elsewhere it stays apart, as it cannot be told who is meant.

    A `memo` (see `TimelineMemo`) keeps each page's names and the last answer, so an
    unchanged notebook is answered at once and an edit re-reads only what it changed.
    """
    versions = notebook.page_versions()
    known = memo._people if memo is not None else None
    if known is not None and known[0] == versions and all(digest for _, digest in versions):
        return known[1]
    names = notebook_names(notebook)
    if memo is not None:
        memo._keep_only(versions)
        written = [
            m
            for number in range(len(versions))
            for m in memo._page_mentions(notebook, number, versions[number], names)
        ]
    else:
        written = [
            m
            for number, page in enumerate(notebook.pages)
            for m in _mentions(number, page, names, None)[0]
        ]
    words = dictionary.frequencies({w.lower() for m in written for w in m.name.split()})
    alone = {m.name for m in written if " " not in m.name}
    mentions = [
        replace(mention, name=trimmed, sign=1 if owner else mention.sign)
        for mention in written
        for part, owner in split_adjacent(mention.name, alone)
        if (trimmed := trimmed_name(part, names, words)) is not None
    ]
    groups: dict[str, list[_Mention]] = {}
    for mention in _joined_on_page(mentions):
        groups.setdefault(mention.name, []).append(mention)
    found = [
        _person(name, group)
        for name, group in groups.items()
        if sum(m.sign for m in group) >= 0 and not (" " not in name and is_common(name, words))
    ]
    found.sort(key=lambda p: (-p.mentions, p.name.casefold(), p.name))
    if memo is not None:
        memo._people = (versions, tuple(found))
    return tuple(found)


@dataclass(frozen=True, slots=True)
class _Mention:
    """One name written once: where, what the point it sits on dates, and how it reads.

    `order` is (page number, line), for reading order; `sign` is +1 where the words around it
    read as a person's (a possessive, a verb after it, a first name before it), -1 where they
    read as a place's or a thing's (`in` before it, quotes, a noun after it), -2 after an
    article (`the Kronstadt rising`).
    """

    name: str
    order: tuple[int, int]
    ref: FactorRef
    events: tuple[TimelineEvent, ...] = field(default=())
    sign: int = 0
    heading: bool = False


def _mentions(
    number: int, page: Page, names: NameIndex, memo: TimelineMemo | None
) -> tuple[tuple[_Mention, ...], frozenset[str]]:
    """Every name written on a page (headings, points, link statements), and every
    capitalised word of the page: its names can change only when one of those words
    becomes, or stops being, a name."""
    events: dict[tuple[str | None, str | None, int], list[TimelineEvent]] = {}
    placed = page_events(page) if memo is None else memo._page_events_of(page)
    for event in placed:
        events.setdefault((event.section, event.factor, event.line), []).append(event)
    found: list[_Mention] = []
    words: set[str] = set()
    for text, section, factor, line, heading in _page_texts(page):
        plain = to_plain(text).text
        capitals = capitalised_words(plain)
        words |= capitals
        if capitals.isdisjoint(names.people):
            continue  # no name here: most lines
        ref = FactorRef(page.id, page.title, section, factor, line, anchor(line))
        here = tuple(events.get((section, factor, line), ()))
        for start, end in find_people(plain, names):
            offset = start
            parts = list_parts(plain[start:end])
            before = plain[max(0, start - CONTEXT) : start]
            thing = after_article(before)
            for part in parts:
                at = plain.index(part, offset)
                offset = at + len(part)
                if thing and " " in part:
                    continue  # `the Truman Doctrine`, `the Kornilov Affair`: a thing's name
                after = plain[offset : offset + CONTEXT]
                sign = reading(before, after, part, listed=len(parts) > 1)
                own = _own_events(part, here)
                found.append(_Mention(part, (number, line), ref, own, sign, heading))
    return tuple(found), frozenset(words)


def _page_texts(page: Page) -> Iterator[tuple[str, str | None, str | None, int, bool]]:
    """(text, section, factor, line, is a heading) of every heading, point and link wording
    of a page, in the order they are written."""
    for section in page.sections:
        yield section.title, section.title, None, section.line, True
        for top in section.points:
            for point in top.walk():
                yield point.text, section.title, None, point.line, False
        for factor in section.factors:
            yield factor.title, section.title, factor.title, factor.line, True
            for point in factor.all_points():
                yield point.text, section.title, factor.title, point.line, False
            for statement in factor.statements:
                for wording in statement.alternatives:
                    yield wording, section.title, factor.title, statement.line, False


def _own_events(name: str, events: tuple[TimelineEvent, ...]) -> tuple[TimelineEvent, ...]:
    """The events of a point that are about `name`: those whose text names them, or, when
    no event text names anyone by this name, all of them (the name is the point's subject)."""
    last = name.split()[-1]
    own = tuple(e for e in events if last in e.text)
    return own or events


def _joined_on_page(mentions: list[_Mention]) -> Iterator[_Mention]:
    """Mentions in reading order, each short form renamed to the fuller form it is short for
    on its page (`derive.persons.short_forms`)."""
    by_page: dict[int, list[_Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.order):
        by_page.setdefault(mention.order[0], []).append(mention)
    for on_page in by_page.values():
        fuller = short_forms([(m.name, m.heading) for m in on_page])
        for mention in on_page:
            full = fuller.get(mention.name)
            yield mention if full is None else replace(mention, name=full)


def _person(name: str, group: list[_Mention]) -> Person:
    events: dict[tuple[str, int, int, str], TimelineEvent] = {}
    factors: dict[tuple[str, str | None, str | None], FactorRef] = {}
    for mention in sorted(group, key=lambda m: m.order):
        for event in mention.events:
            events.setdefault((event.page, event.line, event.year, event.text), event)
        ref = mention.ref
        factors.setdefault((ref.page, ref.section, ref.factor), ref)
    return Person(
        name=name,
        mentions=len(group),
        events=tuple(sorted(events.values(), key=lambda e: e.sort_key)),
        factors=tuple(factors.values()),
    )
