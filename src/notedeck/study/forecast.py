"""The stats screen's series: cards due per day ahead, answers per day behind, retention per
section and cards by state.

Days are the learner's calendar days (`tz`), bounded here and counted by the store in SQL,
so a store of a million answers is never read row by row into Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TypedDict

from notedeck.study.store import Store

__all__ = [
    "DayCount",
    "DaySeries",
    "DaySeriesDict",
    "SectionRetention",
    "SectionRetentionDict",
    "StateCounts",
    "StateCountsDict",
    "cards_by_state",
    "due_per_day",
    "retention_per_section",
    "reviews_per_day",
]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class DayCountDict(TypedDict):
    date: str
    count: int


class DaySeriesDict(TypedDict):
    days: list[DayCountDict]
    total: int


@dataclass(frozen=True, slots=True)
class DayCount:
    """One calendar day of a series: the day and its count."""

    day: date
    count: int

    @property
    def label(self) -> str:
        """A short label for a chart axis (`4 Dec`), the same in every locale."""
        return f"{self.day.day} {_MONTHS[self.day.month - 1]}"


@dataclass(frozen=True, slots=True)
class DaySeries:
    """Counts per calendar day, oldest day first.

    Attributes:
        days: each day of the series, with its count; days with nothing have 0.
    """

    days: tuple[DayCount, ...]

    @property
    def total(self) -> int:
        return sum(day.count for day in self.days)

    def bars(self) -> tuple[tuple[str, float], ...]:
        """(label, count) per day, as `web.svg.bar_chart_svg` takes them."""
        return tuple((day.label, float(day.count)) for day in self.days)

    def to_dict(self) -> DaySeriesDict:
        return {
            "days": [{"date": d.day.isoformat(), "count": d.count} for d in self.days],
            "total": self.total,
        }


class SectionRetentionDict(TypedDict):
    page: str
    section: str | None
    reviews: int
    recalled: int
    retention: float


@dataclass(frozen=True, slots=True)
class SectionRetention:
    """How well one section's cards were recalled in a window.

    Attributes:
        page, section: where the cards come from.
        reviews: answers in the window (at least one).
        recalled: those rated above Again.
        retention: `recalled / reviews`.
    """

    page: str
    section: str | None
    reviews: int
    recalled: int

    @property
    def retention(self) -> float:
        return self.recalled / self.reviews

    def to_dict(self) -> SectionRetentionDict:
        return {
            "page": self.page,
            "section": self.section,
            "reviews": self.reviews,
            "recalled": self.recalled,
            "retention": self.retention,
        }


class StateCountsDict(TypedDict):
    new: int
    learning: int
    review: int
    suspended: int
    retired: int
    total: int


@dataclass(frozen=True, slots=True)
class StateCounts:
    """A notebook's cards by state; each card counts once.

    Attributes:
        new: never answered.
        learning: answered, in (re)learning steps.
        review: answered, in the review state.
        suspended: hidden from review by the learner (whatever their memory state).
        retired: gone from the notes, history kept.
    """

    new: int
    learning: int
    review: int
    suspended: int
    retired: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review + self.suspended + self.retired

    def bars(self) -> tuple[tuple[str, float], ...]:
        """(state, count) in lifecycle order, as `web.svg.bar_chart_svg` takes them."""
        return (
            ("new", float(self.new)),
            ("learning", float(self.learning)),
            ("review", float(self.review)),
            ("suspended", float(self.suspended)),
            ("retired", float(self.retired)),
        )

    def to_dict(self) -> StateCountsDict:
        return {
            "new": self.new,
            "learning": self.learning,
            "review": self.review,
            "suspended": self.suspended,
            "retired": self.retired,
            "total": self.total,
        }


def due_per_day(store: Store, now: datetime, *, days: int = 14, tz: tzinfo = UTC) -> DaySeries:
    """Cards due today (overdue ones included) and on each of the next `days` days.

    Only answered cards are counted: new cards wait until the learner chooses to start
    them, so they are not work that falls due (`cards_by_state` counts them).

    Raises:
        ValueError: `days` is negative or `now` is naive.
        StoreError: a database error.
    """
    today = _local_day(now, tz)
    if days < 0:
        raise ValueError(f"days must be 0 or more, got {days}")
    dates = [today + timedelta(days=n) for n in range(days + 1)]
    counts = store.due_counts([_day_start(d + timedelta(days=1), tz) for d in dates])
    return DaySeries(tuple(DayCount(d, n) for d, n in zip(dates, counts, strict=True)))


def reviews_per_day(store: Store, now: datetime, *, days: int = 30, tz: tzinfo = UTC) -> DaySeries:
    """Answers given on each of the last `days` calendar days, today included.

    Raises:
        ValueError: `days` is below 1 or `now` is naive.
        StoreError: a database error.
    """
    today = _local_day(now, tz)
    if days < 1:
        raise ValueError(f"days must be 1 or more, got {days}")
    dates = [today - timedelta(days=n) for n in reversed(range(days))]
    counts = store.answer_counts(
        _day_start(dates[0], tz), [_day_start(d + timedelta(days=1), tz) for d in dates]
    )
    return DaySeries(tuple(DayCount(d, n) for d, n in zip(dates, counts, strict=True)))


def retention_per_section(
    store: Store, now: datetime, *, days: int = 30
) -> tuple[SectionRetention, ...]:
    """Share of answers above Again per section over the last `days` days (24-hour days
    back from `now`), by page and then section in note order. Sections with no answer in
    the window have no retention to show and are left out.

    Raises:
        ValueError: `days` is below 1 or `now` is naive.
        StoreError: a database error.
    """
    _aware(now)
    if days < 1:
        raise ValueError(f"days must be 1 or more, got {days}")
    rows = store.section_answers(now - timedelta(days=days))
    return tuple(SectionRetention(page, section, n, ok) for page, section, n, ok in rows)


def cards_by_state(store: Store, now: datetime) -> StateCounts:
    """The notebook's cards by state: new, learning, review, suspended, retired.

    `now` is the moment the counts describe; the store's states are those of the last
    answer, so it is checked but not otherwise needed today.

    Raises:
        ValueError: `now` is naive.
        StoreError: a database error.
    """
    _aware(now)
    counts = store.state_counts()
    return StateCounts(
        new=counts["new"],
        learning=counts["learning"],
        review=counts["review"],
        suspended=counts["suspended"],
        retired=counts["retired"],
    )


def _local_day(now: datetime, tz: tzinfo) -> date:
    return _aware(now).astimezone(tz).date()


def _aware(now: datetime) -> datetime:
    """`now`, refused when naive: a guessed time zone would move day bounds silently."""
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {now.isoformat()}")
    return now


def _day_start(day: date, tz: tzinfo) -> datetime:
    """Local midnight starting `day`, as an aware datetime (a DST change moves it, not us)."""
    return datetime.combine(day, time(), tz)
