"""The notebook's dated events in date order, for the timeline screen and its API.

`derive/events.py` finds the events of a page in page order; a timeline needs the whole
notebook (or one page or section) in date order, each event carrying enough of where it came
from for the reader to link to its point. Pure: a notebook in, values out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TypedDict

from notedeck.derive import dictionary
from notedeck.derive.cardtext import to_plain
from notedeck.derive.events import point_events
from notedeck.derive.hideable import TITLES, is_common
from notedeck.derive.terms import (
    POSSESSIVE_ENDING,
    STOP_WORDS,
    NameIndex,
    find_people,
    notebook_names,
    word_set,
)
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
        trimmed
        for mention in written
        for part in _split_adjacent(mention, alone)
        if (trimmed := _trimmed(part, names, words)) is not None
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


# Capitalised words, as `derive.terms` reads them.
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_a-z][\w'’-]*")
# Characters either side of a name that its reading (`the …`, `… argued`) is judged from.
_CONTEXT = 60
_LIST_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_WORD_BEFORE = re.compile(r"([\w'’-]+)\W*$")
_WORD_AFTER = re.compile(r"^\s([a-z][\w'’-]*)")
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\b|^['’](?=\s|$)")
# Words before a name that make it a place or a thing: `the Kronstadt naval base`, `in Nanjing`.
_ARTICLES = frozenset({"the", "a", "an"})
_PLACE_BEFORE = frozenset({"in", "at", "near", "into"})
# Words that may follow a person's name without being a noun it qualifies (`Stalin himself`).
_NEUTRAL_AFTER = STOP_WORDS | word_set(
    "himself herself alone later still never now soon again once instead even"
)
# Verbs that follow a person (past tense is caught by its ending).
_VERB_AFTER = word_set(
    "was had has is who became made took kept gave won led met ran told sent saw spoke "
    "began broke fell got rose said would could did wanted thought wrote knew left came went "
    "fled sought"
)
_PLURAL_VERBS = frozenset({"were", "are", "have"})
_PARTICLES = frozenset({"von", "van", "der", "de", "di", "da", "del", "la", "le"})


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
        capitals = {POSSESSIVE_ENDING.sub("", w) for w in _CAPITALISED.findall(plain)}
        words |= capitals
        if capitals.isdisjoint(names.people):
            continue  # no name here: most lines
        ref = FactorRef(page.id, page.title, section, factor, line, anchor(line))
        here = tuple(events.get((section, factor, line), ()))
        for start, end in find_people(plain, names):
            offset = start
            parts = _LIST_SPLIT.split(plain[start:end])
            before = plain[max(0, start - _CONTEXT) : start]
            lead = _WORD_BEFORE.search(before.rstrip())
            article = lead is not None and lead.group(1).lower() in _ARTICLES
            for part in parts:
                at = plain.index(part, offset)
                offset = at + len(part)
                if article and " " in part:
                    continue  # `the Truman Doctrine`, `the Kornilov Affair`: a thing's name
                after = plain[offset : offset + _CONTEXT]
                sign = _sign(before, after, part, listed=len(parts) > 1)
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


def _trimmed(mention: _Mention, names: NameIndex, words: dict[str, int]) -> _Mention | None:
    """The mention with a leading title or common word dropped (`Justice Earl Warren`), or
    None when the name is part of a thing's name (`Truman Doctrine`, `Marco Polo Bridge`)."""
    tokens = mention.name.split()
    if len(tokens) > 1 and tokens[-1] not in names.people and is_common(tokens[-1], words):
        return None
    start = 0
    while len(tokens) - start > 1 and (
        tokens[start] in TITLES
        or (tokens[start] not in names.people and is_common(tokens[start], words))
    ):
        start += 1
    if start == 0:
        return mention
    return replace(mention, name=" ".join(tokens[start:]))


def _own_events(name: str, events: tuple[TimelineEvent, ...]) -> tuple[TimelineEvent, ...]:
    """The events of a point that are about `name`: those whose text names them, or, when
    no event text names anyone by this name, all of them (the name is the point's subject)."""
    last = name.split()[-1]
    own = tuple(e for e in events if last in e.text)
    return own or events


def _sign(before: str, after: str, name: str, *, listed: bool) -> int:
    """+1 when the words around a name read as a person's, -1 when as a place's or thing's.

    Args:
        before: the text before the name (before the whole list, for a list of names).
        after: the text after it.
        name: the name as written.
        listed: the name is one of a list (`Trotsky and Zinoviev were`).
    """
    before = before.rstrip()
    clues = 0
    if _POSSESSIVE_AFTER.match(after):
        clues += 1
    elif (word := _WORD_AFTER.match(after)) is not None:
        following = word.group(1)
        if following in _PLURAL_VERBS and not listed:
            clues -= 1  # `Democrats were`: a group, not one person
        elif following in _VERB_AFTER or following.endswith("ed"):
            clues += 1
        elif following not in _NEUTRAL_AFTER and not following.endswith("ly"):
            clues -= 1  # `Kronstadt naval base`, `Mitsubishi group`: a name used as a noun
    lead = _WORD_BEFORE.search(before)
    lead_word = lead.group(1).lower() if lead is not None else ""
    if lead_word in _ARTICLES:
        clues -= 2  # `the Kronstadt rising`: a person's name almost never takes an article
    elif lead_word in _PLACE_BEFORE or before.endswith(('"', "“", "‘")):
        clues -= 1
    tokens = name.split()
    if len(tokens) > 1 and tokens[0] not in _PARTICLES:
        clues += 1  # a first name and a surname
    return max(-2, min(1, clues))


def _split_adjacent(mention: _Mention, alone: set[str]) -> tuple[_Mention, ...]:
    """Two names side by side as two mentions: a form whose every word is written alone
    elsewhere as a name (`made Stalin Lenin's closest comrade`), or one with a possessive
    inside (`Stalin's Lublin Poles`)."""
    tokens = mention.name.split()
    inner = next((n for n, t in enumerate(tokens[:-1]) if POSSESSIVE_ENDING.search(t)), None)
    if inner is not None:
        owner = POSSESSIVE_ENDING.sub("", tokens[inner])
        return (
            replace(mention, name=" ".join([*tokens[:inner], owner]), sign=1),
            *_split_adjacent(replace(mention, name=" ".join(tokens[inner + 1 :])), alone),
        )
    if len(tokens) < 2 or not all(token in alone for token in tokens):
        return (mention,)
    return tuple(replace(mention, name=token) for token in tokens)


def _joined_on_page(mentions: list[_Mention]) -> Iterator[_Mention]:
    """Mentions in reading order, a short form renamed to the one fuller form on the same
    page that it is short for (`Schleicher` → `Kurt von Schleicher`, `Hamaguchi` →
    `Hamaguchi Osachi`).

    A name is written in full where a page first tells of the person, then shortened; a
    heading may use the short form before that (`Mussolini's rise`). So a short form that a
    point uses before the fuller one is written is someone else (`Mao` before `Mao Anying`,
    his son; `Kennedy` before `Robert Kennedy`) and stays as it is, and so does a short form
    two fuller forms share.
    """
    by_page: dict[int, list[_Mention]] = {}
    for mention in sorted(mentions, key=lambda m: m.order):
        by_page.setdefault(mention.order[0], []).append(mention)
    for on_page in by_page.values():
        first_seen: dict[str, int] = {}  # where each form is first written
        first_alone: dict[str, int] = {}  # where a point (not a heading) first writes it
        for position, mention in enumerate(on_page):
            first_seen.setdefault(mention.name, position)
            if not mention.heading:
                first_alone.setdefault(mention.name, position)
        fuller = {
            short: full
            for short, full in _fuller_forms(list(first_seen)).items()
            if first_alone.get(short, len(on_page)) > first_seen[full]
        }
        for mention in on_page:
            full = fuller.get(mention.name)
            yield mention if full is None else replace(mention, name=full)


def _fuller_forms(forms: list[str]) -> dict[str, str]:
    """Each form that is the end or the start of exactly one fuller form (after forms that
    are part of a fuller one themselves are set aside), mapped to it."""
    tokens = {form: tuple(form.split()) for form in forms}
    found: dict[str, str] = {}
    for form, short in tokens.items():
        size = len(short)
        longer = {
            other
            for other, full in tokens.items()
            if len(full) > size
            and (full[-size:] == short or (full[:size] == short and short[0] not in _PARTICLES))
        }
        heads = {f for f in longer if not any(o != f and f" {f} " in f" {o} " for o in longer)}
        if len(heads) == 1:
            found[form] = heads.pop()
    return found


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
