"""An exam as the learner defines it: a name, a date, minutes per weekday, days off, a scope.

This is what `notedeck exam add` checks and the store keeps. The planner (`study/exam.py`)
works on card ids and a budget; `scope_card_ids` turns the scope, written in the learner's
terms (page globs, section names), into the card ids it needs.

A scope of page globs and section names keeps the cards that match both: `--pages 'weimar*'
--sections 'Threats*'` is the Threats sections of the Weimar pages. With neither, the exam
covers the whole notebook.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fnmatch import fnmatchcase
from typing import TypedDict

from notedeck.errors import ExamError
from notedeck.model import Card, Source
from notedeck.study.tables import WEEKDAYS

__all__ = [
    "DEFAULT_MINUTES",
    "ExamSpec",
    "ExamSpecDict",
    "new_exam_spec",
    "parse_day",
    "parse_days_off",
    "parse_weekly",
    "scope_card_ids",
    "unmatched_scope",
]

#: Minutes a day when the learner names no budget: the figure the issue's examples use.
DEFAULT_MINUTES = 30.0
# A range of days off: 2026-12-24..2026-12-26 (both ends included).
_RANGE = re.compile(r"^\s*(\S+?)\s*\.\.\s*(\S+)\s*$")
_LEADING_SYMBOLS = re.compile(r"^[^\w*?]+")
# More than this many minutes a day is almost surely a typo (hours for minutes).
_MAX_MINUTES = 24 * 60


class ExamSpecDict(TypedDict):
    name: str
    day: str
    minutes: dict[str, float]
    days_off: list[str]
    pages: list[str]
    sections: list[str]


@dataclass(frozen=True, slots=True)
class ExamSpec:
    """One exam the learner revises for.

    Attributes:
        name: the learner's name for it, unique within a notebook.
        day: the exam date; the planner predicts recall for its morning.
        minutes: study minutes for each weekday, Monday first.
        days_off: dates with no study at all, whatever the weekday says.
        pages: page globs (matched against page ids such as `weimar-republic.md`).
        sections: section titles (case-insensitive; `*` and `?` work as in a glob).
    """

    name: str
    day: date
    minutes: tuple[float, float, float, float, float, float, float]
    days_off: tuple[date, ...] = ()
    pages: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    @property
    def whole_notebook(self) -> bool:
        return not self.pages and not self.sections

    def minutes_on(self, day: date) -> float:
        """Study minutes on `day`: none on a day off, else its weekday's figure."""
        return 0.0 if day in self.days_off else self.minutes[day.weekday()]

    def study_minutes(self, today: date) -> float:
        """All the minutes from `today` up to the day before the exam."""
        days = (today + timedelta(days=n) for n in range((self.day - today).days))
        return sum(self.minutes_on(day) for day in days)

    def covers_page(self, page: str) -> bool:
        """Whether the exam covers any of `page` (all of it, or some of its sections)."""
        return not self.pages or any(_page_matches(glob, page) for glob in self.pages)

    def covers(self, source: Source) -> bool:
        """Whether a card from `source` is in this exam's scope."""
        if not self.covers_page(source.page):
            return False
        if self.sections:
            return source.section is not None and any(
                _section_matches(name, source.section) for name in self.sections
            )
        return True

    def to_dict(self) -> ExamSpecDict:
        return {
            "name": self.name,
            "day": self.day.isoformat(),
            "minutes": dict(zip(WEEKDAYS, self.minutes, strict=True)),
            "days_off": [day.isoformat() for day in self.days_off],
            "pages": list(self.pages),
            "sections": list(self.sections),
        }

    @classmethod
    def from_dict(cls, data: ExamSpecDict) -> ExamSpec:
        minutes = tuple(float(data["minutes"][day]) for day in WEEKDAYS)
        return cls(
            name=data["name"],
            day=date.fromisoformat(data["day"]),
            minutes=minutes,  # type: ignore[arg-type]  # seven, one per WEEKDAYS entry
            days_off=tuple(date.fromisoformat(d) for d in data["days_off"]),
            pages=tuple(data["pages"]),
            sections=tuple(data["sections"]),
        )


def new_exam_spec(
    name: str,
    day: date,
    *,
    today: date,
    minutes: float | None = None,
    weekly: str | None = None,
    days_off: Iterable[date] = (),
    pages: Iterable[str] = (),
    sections: Iterable[str] = (),
) -> ExamSpec:
    """An exam checked for what would make planning meaningless.

    Args:
        name: the exam's name.
        day: its date.
        today: the learner's date today (in their time zone).
        minutes: minutes every day; `DEFAULT_MINUTES` when neither this nor `weekly` is given.
        weekly: per-weekday minutes, `"mon=30,tue=0,…"`; days it leaves out take `minutes`.
        days_off: dates with no study.
        pages: page globs; sections: section names (both empty: the whole notebook).

    Raises:
        ExamError: an empty name, an exam today or in the past, a budget that is not a
            number of minutes, or no study minutes at all before the exam.
    """
    name = name.strip()
    if not name:
        raise ExamError("an exam needs a name")
    if day < today:
        raise ExamError(
            f"exam {name!r} on {day.isoformat()} is in the past (today is {today.isoformat()})"
        )
    if day == today:
        raise ExamError(
            f"exam {name!r} is today; notedeck plans revision for the days before an exam"
        )
    every_day = DEFAULT_MINUTES if minutes is None else _checked_minutes(minutes, "--minutes")
    per_weekday = parse_weekly(weekly, every_day) if weekly else (every_day,) * 7
    spec = ExamSpec(
        name=name,
        day=day,
        minutes=per_weekday,  # type: ignore[arg-type]  # always seven
        days_off=tuple(sorted(set(days_off))),
        pages=_unique(p.strip() for p in pages),
        sections=_unique(s.strip() for s in sections),
    )
    if spec.study_minutes(today) <= 0:
        raise ExamError(
            f"exam {name!r} has a budget of zero minutes before {day.isoformat()}; "
            "give some minutes a day (--minutes or --weekly) or fewer days off"
        )
    return spec


def parse_day(text: str) -> date:
    """A date written as YYYY-MM-DD.

    Raises:
        ExamError: anything else, quoted in the message.
    """
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ExamError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def parse_days_off(texts: Iterable[str]) -> tuple[date, ...]:
    """Dates off, each a YYYY-MM-DD date or a range `FIRST..LAST` (both included).

    Raises:
        ExamError: a date that does not parse or a range that ends before it starts.
    """
    days: set[date] = set()
    for text in texts:
        ranged = _RANGE.match(text)
        if ranged is None:
            days.add(parse_day(text))
            continue
        first, last = parse_day(ranged[1]), parse_day(ranged[2])
        if last < first:
            raise ExamError(f"the days off {text!r} end before they start")
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return tuple(sorted(days))


def parse_weekly(text: str, default: float) -> tuple[float, ...]:
    """Minutes for each weekday, Monday first, from `"mon=30,tue=0,sat=60"`.

    Days not named take `default`, so `--minutes 45 --weekly sat=0,sun=0` is 45 minutes on
    weekdays and nothing at the weekend.

    Raises:
        ExamError: an unknown weekday, a day named twice, or minutes that are not a number
            from 0 to 1440.
    """
    minutes = [default] * 7
    named: set[str] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        day, sep, value = part.partition("=")
        key = day.strip().lower()[:3]
        if not sep or key not in WEEKDAYS or not day.strip().lower().startswith(key):
            raise ExamError(
                f"--weekly: {part!r} should be a weekday and minutes, e.g. mon=30 "
                f"(weekdays: {', '.join(WEEKDAYS)})"
            )
        if key in named:
            raise ExamError(f"--weekly names {key} twice")
        named.add(key)
        try:
            number = float(value)
        except ValueError:
            raise ExamError(f"--weekly: {value.strip()!r} for {key} is not a number") from None
        minutes[WEEKDAYS.index(key)] = _checked_minutes(number, f"--weekly {key}")
    return tuple(minutes)


def scope_card_ids(spec: ExamSpec, cards: Iterable[Card]) -> frozenset[str]:
    """The ids of the cards the exam covers."""
    return frozenset(card.id for card in cards if spec.covers(card.source))


def unmatched_scope(spec: ExamSpec, sources: Sequence[Source]) -> tuple[str, ...]:
    """The page globs and section names that match no card, as the learner wrote them: a
    typo there would silently shrink the exam to nothing."""
    missing = [g for g in spec.pages if not any(_page_matches(g, s.page) for s in sources)]
    missing += [
        name
        for name in spec.sections
        if not any(s.section and _section_matches(name, s.section) for s in sources)
    ]
    return tuple(missing)


def _checked_minutes(value: float, option: str) -> float:
    if not 0 <= value <= _MAX_MINUTES:  # also refuses NaN
        raise ExamError(f"{option}: {value:g} is not a number of minutes a day (0 to 1440)")
    return float(value)


def _page_matches(glob: str, page: str) -> bool:
    """A page glob matches the page id with or without its `.md`, so `weimar*` and
    `weimar-republic` both find `weimar-republic.md`."""
    stem = page[:-3] if page.endswith(".md") else page
    return fnmatchcase(page, glob) or fnmatchcase(stem, glob)


def _section_matches(name: str, title: str) -> bool:
    wanted, title = _folded(name), _folded(title)
    if "*" in wanted or "?" in wanted:
        return fnmatchcase(title, wanted)
    return wanted == title


def _folded(text: str) -> str:
    """Case, spacing and a leading emoji or symbol do not count: `soviet russia*` finds
    `🚩 Soviet Russia: winning and keeping power`."""
    return " ".join(_LEADING_SYMBOLS.sub("", text).casefold().split())


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(item for item in items if item))
