"""Dates in an essay checked against the notes: a year given wrongly, and events put in the
wrong order.

A year is read with the words around it, and compared with the dated note that shares most
of them. A year in brackets dates the words before it ("the Treaty of London (1839)"); what
follows belongs to the next clause. Two wrong years can do more harm than two slips: when
they swap the order of two events, an argument that one led to the other stands on a false
chronology.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypedDict

from notedeck.essay.lexical import plain, tokenize
from notedeck.model import Notebook, Page, Point

__all__ = [
    "DateConflict",
    "DateConflictDict",
    "date_conflicts",
    "reversed_pairs",
    "sentences",
]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")


class DateConflictDict(TypedDict):
    essay_year: int
    notes_year: int
    essay: str
    notes: str
    page: str


@dataclass(frozen=True, slots=True)
class DateConflict:
    """A year in the essay that the notes give differently for the same event.

    Attributes:
        essay_year: the year the essay gives.
        notes_year: the year the notes give for the same words.
        essay: the essay's sentence.
        notes: the note's point, Markdown emphasis removed.
        page: the page the note is on.
    """

    essay_year: int
    notes_year: int
    essay: str
    notes: str
    page: str

    def to_dict(self) -> DateConflictDict:
        return {
            "essay_year": self.essay_year,
            "notes_year": self.notes_year,
            "essay": self.essay,
            "notes": self.notes,
            "page": self.page,
        }


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph."""
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _mentions(text: str, *, reach: int, whole: bool = False) -> list[tuple[int, set[str]]]:
    """Each year in `text` with the content words within `reach` words of it (other years
    out); with `whole`, a text with one year (a note's point) is all about it. A bracketed
    year takes only the words before it."""
    words = text.split()
    found = [(i, int(y)) for i, word in enumerate(words) for y in _YEAR.findall(word)]
    entire = whole and len({y for _, y in found}) == 1
    if entire:
        reach = len(words)
    out = []
    for i, year in found:
        closes = words[i].rstrip(",.;:!?").endswith(")")  # "(1839)", "(October 1929)"
        after = [] if closes and not entire else words[i + 1 : i + 1 + reach]
        window = " ".join(words[max(0, i - reach) : i] + after)
        out.append((year, {w for w in tokenize(window) if not w.isdigit()}))
    return out


_Note = tuple[int, set[str], Point, str]


def _points(page: Page) -> list[Point]:
    found: list[Point] = []
    for section in page.sections:
        found += [p for top in section.points for p in top.walk()]
        found += [p for f in section.factors for p in f.all_points()]
    return found


def date_conflicts(
    paragraphs: list[str], pages: list[Page], notebook: Notebook
) -> list[DateConflict]:
    """Years in the essay that the notes give otherwise for the same thing.

    The note a sentence is compared with comes from `pages` (the question's); a year the
    notes give anywhere for the same words ("Chancellor on 30 January 1933" on another page)
    is not wrong.
    """
    notes: list[_Note] = []
    for page in pages:
        for p in _points(page):
            mentions = _mentions(plain(p.text), reach=8, whole=True)
            notes += [(y, ctx, p, page.id) for y, ctx in mentions]
    dated: dict[int, list[set[str]]] = {}  # the notebook's points of a year, read once
    conflicts = []
    for sentence in (s for par in paragraphs for s in sentences(par)):
        mentions = _mentions(sentence, reach=6)
        for year, ctx in mentions:
            best = max(notes, key=lambda n: len(n[1] & ctx), default=None)
            if best is None or year in best[2].years:
                continue
            # A note whose year the sentence also gives is about the sentence's other date
            # ("from 12 seats in 1928 to 230 in 1932"), unless that date's own words have
            # nothing to do with it ("…Vienna in June 1959 … the Wall in August 1961").
            if any(y == best[0] and len(c & best[1]) >= 2 for y, c in mentions):
                continue
            if len(best[1] & ctx) < 3:
                continue
            same = max((len(n[1] & ctx) for n in notes if n[0] == year), default=0)
            near = len(best[1] & ctx) - 1
            if same < near and _attested(dated, notebook, year, ctx) < near:
                conflicts.append(
                    DateConflict(year, best[0], sentence, plain(best[2].text), best[3])
                )
    return conflicts


def _attested(
    dated: dict[int, list[set[str]]], notebook: Notebook, year: int, ctx: set[str]
) -> int:
    """The most content words any point of the notebook dated `year` shares with `ctx`."""
    if year not in dated:
        dated[year] = [
            {w for w in tokenize(plain(point.text)) if not w.isdigit()}
            for page in notebook.pages
            for section in page.sections
            for top in (*section.points, *(p for f in section.factors for p in f.points))
            for point in top.walk()
            if year in point.years
        ]
    return max((len(words & ctx) for words in dated[year]), default=0)


def reversed_pairs(conflicts: list[DateConflict]) -> list[tuple[DateConflict, DateConflict]]:
    """Pairs of wrong years that swap the order of two events the notes put the other way
    round: the essay has A before B, the notes B before A."""
    pairs = []
    for i, a in enumerate(conflicts):
        for b in conflicts[i + 1 :]:
            if a.notes == b.notes:
                continue
            essay_order = (a.essay_year > b.essay_year) - (a.essay_year < b.essay_year)
            notes_order = (a.notes_year > b.notes_year) - (a.notes_year < b.notes_year)
            if essay_order and notes_order and essay_order != notes_order:
                pairs.append((a, b))
    return pairs
