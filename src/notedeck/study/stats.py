"""Study statistics: due counts, reviews per day, retention and card states, overall and per
page and section.

Pure: the store hands over plain rows and this module counts them, so the arithmetic is
tested without a database and is the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import NamedTuple, TypedDict

from notedeck.study.schedule import LearningState, Rating

STATE_NAMES = ("new", *(s.name.lower() for s in LearningState))


class CardRow(NamedTuple):
    """What stats need of a stored card and its memory state."""

    card_id: str
    page: str
    section: str | None
    status: str
    state: int
    due: datetime
    last_review: datetime | None


class AnswerRow(NamedTuple):
    card_id: str
    reviewed_at: datetime
    rating: int


class GroupStatsDict(TypedDict):
    page: str
    section: str | None
    active: int
    due_today: int
    reviews: int
    retention: float | None
    by_state: dict[str, int]


@dataclass(frozen=True, slots=True)
class GroupStats:
    """Counts for the active cards of one page section.

    Attributes:
        page, section: where the cards come from.
        active: cards in review.
        due_today: reviewed cards due before the learner's day ends.
        reviews: answers in the window.
        retention: share of those answers above Again; None without answers.
        by_state: cards by FSRS state, with `new` for cards never answered.
    """

    page: str
    section: str | None
    active: int
    due_today: int
    reviews: int
    retention: float | None
    by_state: tuple[tuple[str, int], ...]

    def to_dict(self) -> GroupStatsDict:
        return {
            "page": self.page,
            "section": self.section,
            "active": self.active,
            "due_today": self.due_today,
            "reviews": self.reviews,
            "retention": self.retention,
            "by_state": dict(self.by_state),
        }


class StudyStatsDict(TypedDict):
    active: int
    retired: int
    due_now: int
    due_today: int
    by_state: dict[str, int]
    reviews_per_day: list[tuple[str, int]]
    reviews: int
    retention: float | None
    groups: list[GroupStatsDict]


@dataclass(frozen=True, slots=True)
class StudyStats:
    """Counts for `notedeck stats`.

    Attributes:
        active, retired: cards by status.
        due_now: active, already-reviewed cards due at `now`.
        due_today: active, already-reviewed cards due before the learner's day ends.
        by_state: active cards by FSRS state, with `new` for cards never answered.
        reviews_per_day: (local date, answers) for each day of the window, oldest first.
        reviews: answers in the window.
        retention: share of the window's answers rated above Again; None without answers.
        groups: the same counts per page section, in the order cards were given.
    """

    active: int
    retired: int
    due_now: int
    due_today: int
    by_state: tuple[tuple[str, int], ...]
    reviews_per_day: tuple[tuple[date, int], ...]
    reviews: int
    retention: float | None
    groups: tuple[GroupStats, ...] = field(default=())

    def to_dict(self) -> StudyStatsDict:
        return {
            "active": self.active,
            "retired": self.retired,
            "due_now": self.due_now,
            "due_today": self.due_today,
            "by_state": dict(self.by_state),
            "reviews_per_day": [(d.isoformat(), n) for d, n in self.reviews_per_day],
            "reviews": self.reviews,
            "retention": self.retention,
            "groups": [g.to_dict() for g in self.groups],
        }


def summarise_stats(
    card_rows: Iterable[CardRow],
    answers: Iterable[AnswerRow],
    *,
    now: datetime,
    tz: tzinfo = UTC,
    days: int = 30,
) -> StudyStats:
    """Count cards and answers; answers are those of the last `days` local days."""
    today = now.astimezone(tz).date()
    day_end = datetime.combine(today + timedelta(days=1), time(), tz)
    window_start = datetime.combine(today - timedelta(days=days - 1), time(), tz)
    statuses: Counter[str] = Counter()
    group_of: dict[str, tuple[str, str | None]] = {}
    totals = _Tally()
    groups: dict[tuple[str, str | None], _Tally] = defaultdict(_Tally)
    due_now = 0
    for row in card_rows:
        statuses[row.status] += 1
        if row.status != "active":
            continue
        where = (row.page, row.section)
        group_of[row.card_id] = where
        state = "new" if row.last_review is None else LearningState(row.state).name.lower()
        due_today = row.last_review is not None and row.due < day_end
        due_now += row.last_review is not None and row.due <= now
        for tally in (totals, groups[where]):
            tally.active += 1
            tally.states[state] += 1
            tally.due_today += due_today
    per_day = {today - timedelta(days=i): 0 for i in reversed(range(days))}
    for answer in answers:
        if answer.reviewed_at < window_start:
            continue
        local_day = answer.reviewed_at.astimezone(tz).date()
        per_day[local_day] = per_day.get(local_day, 0) + 1
        recalled = answer.rating > Rating.AGAIN
        tallies = [totals]
        if answer.card_id in group_of:
            tallies.append(groups[group_of[answer.card_id]])
        for tally in tallies:
            tally.reviews += 1
            tally.recalled += recalled
    return StudyStats(
        active=statuses["active"],
        retired=statuses["retired"],
        due_now=due_now,
        due_today=totals.due_today,
        by_state=totals.state_counts(),
        reviews_per_day=tuple(sorted((d, n) for d, n in per_day.items() if d <= today)),
        reviews=totals.reviews,
        retention=totals.retention(),
        groups=tuple(
            GroupStats(
                page, section, t.active, t.due_today, t.reviews, t.retention(), t.state_counts()
            )
            for (page, section), t in groups.items()
        ),
    )


@dataclass(slots=True)
class _Tally:
    active: int = 0
    due_today: int = 0
    reviews: int = 0
    recalled: int = 0
    states: Counter[str] = field(default_factory=Counter)

    def retention(self) -> float | None:
        return self.recalled / self.reviews if self.reviews else None

    def state_counts(self) -> tuple[tuple[str, int], ...]:
        return tuple((name, self.states[name]) for name in STATE_NAMES)
