"""Years in text: the bound an exam question sets, and the span a note heading names.

These are two readers on purpose. A question limits itself with a phrase ("by 1929",
"between 1919 and 1923", "in the 1930s"), so `parse_time_bound` looks for those phrasings
and keeps which side is open. A heading just names years ("The Kronstadt rising (1921)",
"Weimar 1919–23"), so `year_span` takes every year it finds, with or without a phrase.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import TypedDict

from notedeck.derive.events import MONTH_NUMBERS

__all__ = [
    "TimeBound",
    "TimeBoundDict",
    "bound_words",
    "in_bound",
    "parse_time_bound",
    "year_span",
]


@dataclass(frozen=True, slots=True)
class TimeBound:
    """The years a question limits itself to.

    Attributes:
        start: first year, or None for "by 1929" / "before 1914".
        end: last year, or None for "after 1945" / "since 1945".
        text: the phrase as written, e.g. `in the years 1933–34`.
    """

    start: int | None
    end: int | None
    text: str
    start_month: int | None = None  # "after March 1917"
    end_month: int | None = None  # "by January 1933", "in February 1917"

    def to_dict(self) -> TimeBoundDict:
        return {"start": self.start, "end": self.end, "text": self.text}


class TimeBoundDict(TypedDict):
    start: int | None
    end: int | None
    text: str


# --- a question's bound ---------------------------------------------------------------------

_YEAR = r"(?<!\d)(?:c\.\s*)?(1\d{3}|20\d{2})(?!\d)"
_DASH = r"\s*(?:-|–|—|‑|−|to)\s*"
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_DAY_MONTH = rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\s+)?"  # "by January 1933"
_PERIOD = r"(?:(?:(?:in|during|over|across|throughout|within|for)\s+)?the\s+(?:years|period)\s+)"


#: Counts of years written as words, from two.
_COUNT_WORDS = (
    *("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"),
    *("twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen"),
    *("nineteen", "twenty"),
)
_COUNTS = "|".join(_COUNT_WORDS)


def _end_year(start: int, text: str) -> int:
    """`1929` from `29` after 1924: a short end year takes its leading digits from the start."""
    end = int(str(start)[: 4 - len(text)] + text)
    return end if end >= start else end + 10 ** len(text)


# Tried in order; the first pattern that matches anywhere wins. Each yields (start, end).
_TIME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(rf"{_PERIOD}?\bbetween\s+{_YEAR}\s+and\s+{_YEAR}", re.I), "range"),
    (re.compile(rf"{_PERIOD}?\bfrom\s+{_YEAR}\s+(?:to|until|till|-|–)\s+{_YEAR}", re.I), "range"),
    (
        re.compile(
            rf"(?:{_PERIOD}|\b(?:in|during|over|from|of)\s+)?\(?{_YEAR}{_DASH}(?:c\.\s*)?"
            r"(\d{4}|\d{1,2})(?!\d)\)?",
            re.I,
        ),
        "range",
    ),
    (re.compile(r"\b(?:in|during|throughout)\s+the\s+(1\d{2}0|20\d0)s\b", re.I), "decade"),
    # "in the early 1930s", "at the end of the 1920s": a part of a decade
    (
        re.compile(
            r"\b(?:(?:in|during|at|by|towards?|over)\s+)?the\s+(?P<part>early|mid|late|"
            r"(?:end|close|start|beginning)\s+of\s+the)[\s-]*(?P<decade>1\d{2}0|20\d0)s\b",
            re.I,
        ),
        "part",
    ),
    # "in the decade after the Supreme Court's ruling of 1954", "in the ten years after 1945"
    (
        re.compile(
            rf"(?P<lead>\b(?:in|during|over|within)\s+the\s+(?:decade|(\d{{1,2}}|{_COUNTS})\s+"
            rf"years)\s+(?:after|following))\s+(?P<event>[^,?;]*?\s)??{_DAY_MONTH}{_YEAR}",
            re.I,
        ),
        "after",
    ),
    (
        re.compile(
            rf"\b(?:by|before|until|till|up\s+to|prior\s+to)\s+(?:the\s+end\s+of\s+)?"
            rf"{_DAY_MONTH}{_YEAR}",
            re.I,
        ),
        "end",
    ),
    (re.compile(rf"\b(?:after|since|from)\s+{_DAY_MONTH}{_YEAR}", re.I), "start"),
    (
        re.compile(rf"\b(?:in|during)\s+(?:(?:early|late|mid-?)\s*)?(?:{_MONTH}\s+)?{_YEAR}", re.I),
        "single",
    ),
    # "this view of the summer of 1914": a season is its year
    (re.compile(rf"\bthe\s+(?:spring|summer|autumn|fall|winter)\s+of\s+{_YEAR}", re.I), "single"),
)


#: The years of a decade its parts name, from its first year.
_DECADE_PARTS = {
    "early": (0, 3),
    "start": (0, 2),
    "beginning": (0, 2),
    "mid": (3, 6),
    "late": (6, 9),
    "end": (7, 9),
    "close": (7, 9),
}


def parse_time_bound(text: str) -> TimeBound | None:
    """The first time-bound phrase in `text` ("by 1929", "1933–34", "in the 1920s"), or None."""
    for pattern, kind in _TIME_PATTERNS:
        m = pattern.search(text)
        if m is None:
            continue
        raw = m.group(0).strip()
        if kind == "after":  # the years after a year: a count, or ten
            start = int(m.group(4))
            # "after the Supreme Court's ruling of 1954": the event is the question's topic too
            said = m.group("lead") if m.group("event") else m.group(0).strip()
            count = m.group(2) or "10"
            years = int(count) if count.isdigit() else _COUNT_WORDS.index(count.lower()) + 2
            return TimeBound(start, start + years, said)
        if kind == "part":
            decade = int(m.group("decade"))
            low, high = _DECADE_PARTS[m.group("part").split()[0].lower()]
            if raw.lower().startswith("by"):  # "by the end of the 1930s": up to then
                return TimeBound(None, decade + high, raw)
            return TimeBound(decade + low, decade + high, raw)
        first = int(m.group(1))
        named = re.search(_MONTH, raw, re.I)
        month = MONTH_NUMBERS[named.group(0).lower()] if named else None
        if kind == "range":
            return TimeBound(first, _end_year(first, m.group(2)), raw)
        if kind == "decade":
            return TimeBound(first, first + 9, raw)

        if kind == "end":
            return TimeBound(None, first, raw, end_month=month)
        if kind == "start":
            return TimeBound(first, None, raw, start_month=month)
        return TimeBound(first, first, raw, start_month=month, end_month=month)
    return None


def in_bound(year: int, bound: TimeBound | None, month: int | None = None) -> bool:
    """Whether `year` (and `month`, when known) falls inside `bound`; every date does when
    there is no bound. A month counts only where the bound names one: October 1917 is
    outside "in February 1917", any month of 1917 inside "in 1917"."""
    if bound is None:
        return True
    if not (
        (bound.start is None or year >= bound.start) and (bound.end is None or year <= bound.end)
    ):
        return False
    if month is None:
        return True
    if year == bound.end and bound.end_month is not None and month > bound.end_month:
        return False
    return not (year == bound.start and bound.start_month is not None and month < bound.start_month)


def bound_words(bound: TimeBound) -> str:
    """`by 1929`, `after March 1917` or `between 1919 and 1923`, for gap messages."""
    start = f"{_month_name(bound.start_month)}{bound.start}"
    end = f"{_month_name(bound.end_month)}{bound.end}"
    if bound.start is None:
        return f"by {end}"
    if bound.end is None:
        return f"after {start}"
    if bound.start == bound.end:
        return f"in {end}"
    return f"between {start} and {end}"


def _month_name(month: int | None) -> str:
    return f"{calendar.month_name[month]} " if month else ""


# --- a heading's span -----------------------------------------------------------------------

_SPAN = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?:\s*(?:-|–|—|to)\s*(\d{4}|\d{2})(?!\d))?")


_OPEN_BEFORE = re.compile(rf"\b(?:before|by|until|till|up\s+to|prior\s+to)\s+{_YEAR}", re.I)


def year_span(text: str) -> tuple[int, int] | None:
    """First and last year a heading names ("1919–23" is 1919–1923), or None.

    A heading open on one side ("Crises before 1914", "Limits of progress by 1968") names no
    span: its one year is where it stops, not when it happened.
    """
    if _OPEN_BEFORE.search(text) and len(_SPAN.findall(text)) == 1:
        return None
    years: list[int] = []
    for m in _SPAN.finditer(text):
        years.append(int(m[1]))
        if m[2]:
            end = m[2] if len(m[2]) == 4 else m[1][:2] + m[2]
            years.append(int(end))
    return (min(years), max(years)) if years else None
