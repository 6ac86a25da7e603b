"""Dates in the notes: where they sit in a point's text, and the dated events of a page.

`find_dates` is the one place that knows how a student writes a date (`1924`, `**1924**`,
`27 February 1933`, `28/9/1912`, `March 1921`, `1929–32`, `from 1929 to 1932`, `8–9 November 1923`,
`30 June and 2 July 1934`). Date cloze cards hide what it finds; sequence cards and
timelines use `derive_events`. A four-digit number only counts as a year when the outliner
already recorded it in `Point.years`, so years are recognised once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

from notedeck.model import Event, Page, Point, Source

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# Inside a date, a month may be written in lower case, as untidy notes do (`29 oct 1956`).
_ANY_CASE_MONTH = f"(?:{_MONTH}|{_MONTH.lower()})"  # (?i:…) would be three times slower
_DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?<![\d,.$£€/-])(?:1\d{3}|20\d{2})(?![\d%]|,\d|\.\d|'?s\b)"
_DASH = r"\s*[–—-]\s*"
# 28/9/1912 or 28.9.1912, day first as British students write it.
_NUMERIC = (
    r"(?<![\w/.-])(?:[0-2]?[1-9]|[123]0|31)[/.](?:0?[1-9]|1[0-2])[/.](?:1\d{3}|20\d{2})(?![\w/])"
)
_NUMERIC_PARTS = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.]")
_SINGLE = (
    rf"(?:{_NUMERIC}"
    rf"|{_DAY}\s+{_ANY_CASE_MONTH}\s+{_YEAR}"  # 27 February 1933
    rf"|{_ANY_CASE_MONTH}\s+{_DAY},?\s+{_YEAR}"  # February 27, 1933
    rf"|{_ANY_CASE_MONTH}\s+{_YEAR}"  # February 1933
    rf"|{_YEAR})"
)
_DATE = re.compile(
    rf"(?:{_DAY}(?:{_DASH}|\s+to\s+){_DAY}\s+{_ANY_CASE_MONTH}\s+{_YEAR}"  # 8–9 November 1923
    # 30 June and 2 July 1934
    rf"|{_DAY}\s+{_ANY_CASE_MONTH}(?:{_DASH}|\s+(?:to|and)\s+){_DAY}\s+{_ANY_CASE_MONTH}\s+{_YEAR}"
    rf"|{_ANY_CASE_MONTH}(?:{_DASH}|\s+to\s+){_ANY_CASE_MONTH}\s+{_YEAR}"  # August to November 1937
    # between 1929 and 1931
    rf"|(?<=[Bb]etween )(?:{_ANY_CASE_MONTH}\s+)?{_YEAR}\s+and\s+(?:{_ANY_CASE_MONTH}\s+)?{_YEAR}"
    rf"|{_SINGLE}(?:{_DASH}|\s+to\s+){_SINGLE}"  # 1929–1932, June 1948 to May 1949
    rf"|{_YEAR}{_DASH}\d{{2}}(?![\d%])"  # 1929–32
    rf"|{_SINGLE})"
)
_BOLD_DATE = re.compile(r"(\*\*|__)([^*_\n]{4,40}?)\1")
_YEAR_ONLY = re.compile(r"1\d{3}|20\d{2}")
_MONTH_WORD = re.compile(_ANY_CASE_MONTH)
MONTH = _MONTH
"""A month's name or abbreviation, capitalised, as a regular-expression fragment."""
MONTH_NAMES = frozenset(name.capitalize() for name in _MONTHS)
MONTH_NUMBERS = dict(_MONTHS)
"""A month's number by its name or abbreviation, in lower case (`feb` → 2)."""
_DAY_BEFORE_MONTH = re.compile(rf"^({_DAY})\s+{_ANY_CASE_MONTH}")
_MARKUP = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_CLAUSE_BREAK = re.compile(r"[;,:]\s+|(?<=[a-z]{2})[.!?]\s+(?=[A-Z])|\s+\(|\)\s*")
_LEAD_IN = re.compile(
    r"^(?:(?:and|but|so|then)\s+)?(?:and|but|so|when|after|before|in|on|by|from|until|once|as|and|but|then|between|during|since)\s+",
    re.IGNORECASE,
)
_TRAIL = re.compile(r"(?:\s+(?:in|on|by|from|between|during|since|of|at|until|around|for))+$")
_MAX_EVENT_WORDS = 16
_SUBJECT_CHARS = 300  # a point's subject (`Trotsky`, `Kurt von Schleicher`) opens it


@dataclass(frozen=True, slots=True)
class DateSpan:
    """A date (or date range) found in a text.

    Attributes:
        start, end: character offsets into the text searched.
        text: the date as written, without bold markup.
        year, month, day: the start of the date; month and day when written.
    """

    start: int
    end: int
    text: str
    year: int
    month: int | None = None
    day: int | None = None


def unbold_dates(text: str) -> str:
    """Drop bold markup around a date (`**1924**` → `1924`), so the date reads as plain text."""

    def repl(match: re.Match[str]) -> str:
        inner = match.group(2)
        found = _DATE.fullmatch(inner.strip())
        return inner if found else match.group(0)

    return _BOLD_DATE.sub(repl, text)


@lru_cache(maxsize=1 << 16)
def find_dates(text: str, years: tuple[int, ...] | None = None) -> tuple[DateSpan, ...]:
    """Dates and date ranges in `text` (bold markup already removed), in order.

    Args:
        text: the point's text, after `unbold_dates`.
        years: the point's `years` from the outliner; a date whose years are not among them
            is not a date (a number such as `1500 soldiers` written in a way the outliner
            rejected). None accepts every year.
    """
    if years == () or not any(char.isdigit() for char in text):
        return ()
    spans = []
    for match in _DATE.finditer(text):
        found = [int(y) for y in _YEAR_ONLY.findall(match.group(0))]
        if not found or (years is not None and found[0] not in years):
            continue
        spans.append(_span(match, found[0]))
    return tuple(spans)


def derive_events(page: Page) -> tuple[Event, ...]:
    """Every dated happening on a page, in page order (not date order).

    A point with two separate dates (`resigned in 1925 and was expelled in 1927`) gives two
    events; a range gives one event dated by its start.
    """
    events: list[Event] = []
    for section in page.sections:
        holders = [(None, section.points)] + [(f.title, f.points) for f in section.factors]
        for factor_title, points in holders:
            for point in _walk_all(points):
                if point.cards:  # a card the student wrote, not a note
                    continue
                source = Source(page.id, section.title, factor_title, point.line)
                events.extend(point_events(point, source))
    return tuple(events)


def point_events(point: Point, source: Source) -> tuple[Event, ...]:
    """The events of one point, each with a short text that leaves its date out."""
    if not point.years:
        return ()
    text = unbold_dates(point.text)
    spans = find_dates(text, point.years)
    # Only a date's neighbours bound its clause, so each is passed just those: a line of
    # thousands of dates is then read in linear time.
    neighbours = [spans[max(0, n - 1) : n + 2] for n in range(len(spans))]
    return tuple(
        Event(span.year, event_text(text, span, near), source, span.month, span.day)
        for span, near in zip(spans, neighbours, strict=True)
    )


def event_text(text: str, span: DateSpan, others: tuple[DateSpan, ...] = ()) -> str:
    """A short description of what happened at `span`: its clause, with the date taken out.

    Other dates in the same text (`others`) bound the clause, so `resigned in 1925 and was
    expelled in 1927` describes each date by its own half.
    """
    lo = max((o.end for o in others if o.end <= span.start), default=0)
    hi = min((o.start for o in others if o.start >= span.end), default=len(text))
    plain_before = text[lo : span.start]
    plain_after = text[span.end : hi]
    # The clause around the date: back to the previous break, on to the next one.
    starts = [m.end() for m in _CLAUSE_BREAK.finditer(plain_before)]
    left = plain_before[starts[-1] :] if starts else plain_before
    if hi < len(text):  # another date follows: this date's part ends at the joining word
        plain_after = re.split(r"\s+(?:and|but|then|while)\s+|,\s*", plain_after)[0]
    nxt = _CLAUSE_BREAK.search(plain_after)
    right = plain_after[: nxt.start()] if nxt else plain_after
    clause = _tidy(f"{_TRAIL.sub('', left.rstrip())} {right.strip()}")
    if lo and re.match(r"(?:was|were|had|and)\b", clause, re.IGNORECASE):
        # `… in 1925 and was expelled in 1927`: the second half borrows the point's subject.
        # The subject is the point's first words: reading only the start keeps a line of
        # thousands of dates linear (the whole prefix made it quadratic: 8,000 dates, 5 min).
        opening = text[: min(span.start, _SUBJECT_CHARS)]
        subject = re.match(r"((?:[A-Z][\w'’-]*\s+)+)", _tidy(opening) + " ")
        if subject:
            clause = f"{subject.group(1).strip()} {clause[:1].lower()}{clause[1:]}"
    if len(clause.split()) < 2:  # too little left: use the whole point
        clause = _tidy(f"{_TRAIL.sub('', plain_before.rstrip())} {plain_after.strip()}")
    words = clause.split()
    if len(words) > _MAX_EVENT_WORDS:
        clause = " ".join(words[:_MAX_EVENT_WORDS]) + "…"
    return clause


def _tidy(text: str) -> str:
    text = _MARKUP.sub("", text).replace("()", "")
    text = re.sub(r"\s+([,;:.])", r"\1", text)
    text = re.sub(r"([,;:])[,;:]+", r"\1", text)
    text = " ".join(text.split()).strip(" ,;:.-–")
    text = _LEAD_IN.sub("", text)
    text = text.strip(" ,;:.-–()")
    return text[:1].upper() + text[1:] if text else text


def _span(match: re.Match[str], year: int) -> DateSpan:
    written = match.group(0)
    if numeric := _NUMERIC_PARTS.match(written):
        parts = int(numeric.group(1)), int(numeric.group(2))
        return DateSpan(match.start(), match.end(), written, year, parts[1], parts[0])
    month_match = _MONTH_WORD.search(written)
    month = _MONTHS[month_match.group(0).rstrip(".").lower()] if month_match else None
    first_year = _YEAR_ONLY.search(written)
    # A month (and day) only describes the start when it is written before the first year.
    if month_match and first_year and month_match.start() > first_year.start():
        month = None
    day_match = _DAY_BEFORE_MONTH.match(written)
    day = int(re.sub(r"\D", "", day_match.group(1))) if day_match and month else None
    if day is not None and not 1 <= day <= 31:
        day = None
    if day is None and month and (early := re.match(r"^(\d{1,2})\D", written)):
        day = int(early.group(1)) if 1 <= int(early.group(1)) <= 31 else None
    return DateSpan(match.start(), match.end(), written, year, month, day)


def _walk_all(points: tuple[Point, ...]) -> Iterator[Point]:
    for top in points:
        yield from top.walk()
