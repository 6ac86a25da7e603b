"""A review session: what to show next, recording answers, undoing the last one.

Interfaces (the terminal review, `review --jsonl`, the web app) drive a `ReviewSession`; each
answer is committed by the store before `answer` returns, so quitting at any moment loses
nothing.

While an exam is ahead the session follows the exam plan first: the planner's cards, best
first, recomputed after every answer, until the day's exam minutes are spent (or the plan has
nothing more that would raise exam-day recall). Only cards in some exam's scope are served in
that phase. Then, if the learner carries on, plain FSRS order follows: due reviews, then new
cards, from the whole notebook. With no exam ahead (none set, all removed, or all past) the
session is plain FSRS from the start. A sitting's own budget (`minutes`) caps both phases.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TypedDict

from notedeck.study.exam_plan import SessionPlan, load_session_plan
from notedeck.study.records import Answer, DueCard, QueueCounts, Undone
from notedeck.study.schedule import Rating
from notedeck.study.store import Store


class SessionSummaryDict(TypedDict):
    reviewed: int
    ratings: dict[str, int]
    undone: int
    seconds: float
    due_left: int
    learning_left: int
    new_left: int


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a session did.

    Attributes:
        reviewed: answers kept (undone ones excluded).
        ratings: answers kept, by rating name.
        undone: answers taken back.
        seconds: time spent answering.
        due_left: reviews still due when the session ended.
        learning_left: cards in (re)learning due by then.
        new_left: new cards still waiting (within the session's new-card limit or not).
    """

    reviewed: int
    ratings: tuple[tuple[str, int], ...]
    undone: int
    seconds: float
    due_left: int
    learning_left: int = 0
    new_left: int = 0

    def to_dict(self) -> SessionSummaryDict:
        return {
            "reviewed": self.reviewed,
            "ratings": dict(self.ratings),
            "undone": self.undone,
            "seconds": self.seconds,
            "due_left": self.due_left,
            "learning_left": self.learning_left,
            "new_left": self.new_left,
        }


@dataclass
class SteppedClock:
    """A clock that stands still until told to move: `review --now` starts it at a given
    time and moves it on by each answer's seconds, so a simulated day runs the same every
    time and a card failed a minute ago comes back a minute of answering later."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class ReviewSession:
    """One sitting of reviews over a store.

    Attributes:
        store: where cards, states and answers live.
        clock: the time now (UTC-aware); a parameter so tests and replays are exact.
        session_id: prefix of each answer's idempotency key; unique per session.
        new_limit: most new cards to introduce in this session (plain FSRS phase).
        tz: the learner's time zone: where their day, and an exam's morning, begin.
        minutes: this sitting's budget; None for no limit. Time is the answers' durations,
            or a card's expected seconds for an answer given without one.
        exams: follow the notebook's exam plan while an exam is ahead (False: plain FSRS).
    """

    store: Store
    clock: Callable[[], datetime]
    session_id: str
    new_limit: int = 20
    tz: tzinfo = UTC
    minutes: float | None = None
    exams: bool = True
    _plan: SessionPlan | None = None
    _spent: list[float] = field(default_factory=list)
    _spent_today: float = 0.0
    _started_on: date | None = None
    _from_plan: bool = False
    _answers: list[Answer] = field(default_factory=list)
    _undone: int = 0
    _new_seen: int = 0
    _counter: int = 0
    _shown: int = 0
    _total: int = 0
    _answered_lines: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        now = self.clock()
        local = now.astimezone(self.tz)
        day_start = local.replace(hour=0, minute=0, second=0, microsecond=0)
        self._answered_lines = self.store.reviewed_lines(day_start)
        counts = self.store.queue_counts(now)
        self._total = counts.due + counts.learning + min(counts.new, self.new_limit)
        if self.exams:
            self._plan = load_session_plan(self.store, now, tz=self.tz)
        if self._plan is not None:
            self._spent_today = self.store.answered_seconds(day_start)
            self._started_on = local.date()

    def next_card(self) -> DueCard | None:
        """The next card to show, or None when nothing more is due now or the sitting's
        minutes are spent.

        A card whose sibling (a card from the same note line) was answered today is buried
        until tomorrow: seeing one would give the other away.
        """
        self._from_plan = False
        if self.budget_spent():
            return None
        now = self.clock()
        for due in self._planned(now):
            if not self._buried(due):
                self._shown += 1
                self._from_plan = True
                return due
        include_new = self._new_seen < self.new_limit
        limit = 1 + 10 * len(self._answered_lines)  # room past the buried siblings
        for due in self.store.next_due(now, limit=limit, include_new=include_new):
            if not self._buried(due):
                self._shown += 1
                return due
        return None

    def _buried(self, due: DueCard) -> bool:
        answered = self._answered_lines.get((due.card.source.page, due.card.source.line or 0))
        return bool(answered) and answered != {due.card.id}

    def _planned(self, now: datetime) -> tuple[DueCard, ...]:
        """The exam plan's cards for now, within what is left of today's exam minutes and
        of the sitting's; () with no exam ahead."""
        if self._plan is None:
            return ()
        spent = sum(self._spent)
        today = now.astimezone(self.tz).date()
        left = self._plan.day_minutes(today) - self._seconds_on(today) / 60
        if self.minutes is not None:
            left = min(left, self.minutes - spent / 60)
        if left <= 0:
            return ()
        self._plan.catch_up(self.store)
        return self._plan.queue(now, minutes_left=left, unavailable=self._buried)

    def _seconds_on(self, day: date) -> float:
        """Time answered on `day`: before this sitting (read when it began) and in it. A
        sitting left open past midnight (a browser tab) starts the new day at nothing."""
        before = self._spent_today if day == self._started_on else 0.0
        return before + sum(
            seconds
            for answer, seconds in zip(self._answers, self._spent, strict=True)
            if answer.reviewed_at.astimezone(self.tz).date() == day
        )

    @property
    def from_plan(self) -> bool:
        """Whether the card `next_card` gave last was chosen by the exam plan."""
        return self._from_plan

    @property
    def following_exam_plan(self) -> bool:
        """Whether an exam is ahead, so the session serves its plan first."""
        return self._plan is not None

    def last_seconds(self) -> float:
        """The time the last kept answer counted for (its duration, or its estimate)."""
        return self._spent[-1] if self._spent else 0.0

    def budget_spent(self) -> bool:
        """Whether the sitting's minutes (if it has a budget) are used up."""
        return self.minutes is not None and sum(self._spent) >= self.minutes * 60

    def position(self) -> tuple[int, int]:
        """(n, m) for "card n of m": this card's place among the cards this session holds."""
        return self._shown, max(self._total, self._shown)

    def counts(self) -> QueueCounts:
        """New, learning and due cards left now."""
        return self.store.queue_counts(self.clock())

    def answer(self, due: DueCard, rating: Rating | int, *, duration_ms: int | None) -> Answer:
        """Record a grade for the card shown; committed before this returns."""
        self._counter += 1
        key = f"{self.session_id}:{self._counter}"
        answer = self.store.record_answer(
            due.card.id, rating, now=self.clock(), idempotency_key=key, duration_ms=duration_ms
        )
        self._answers.append(answer)
        estimate = self._plan.estimated_seconds(due.card.id) if self._plan else None
        self._spent.append(duration_ms / 1000 if duration_ms is not None else estimate or 0.0)
        if self._plan is not None:
            self._plan.update(due.card.id, answer.state)
        self._new_seen += due.state.last_review is None
        line = (due.card.source.page, due.card.source.line or 0)
        self._answered_lines.setdefault(line, set()).add(due.card.id)
        return answer

    def undo(self) -> Undone | None:
        """Take back this session's last answer; None when there is nothing to undo."""
        if not self._answers:
            return None
        last = self._answers.pop()
        self._spent.pop()
        undone = self.store.undo_last_answer(last.idempotency_key)
        if undone is not None and self._plan is not None:
            self._plan.update(undone.card_id, undone.restored)
        if undone is not None:
            self._undone += 1
            self._new_seen -= undone.restored.last_review is None
            self._shown = max(self._shown - 1, 0)
        return undone

    def summary(self) -> SessionSummary:
        ratings = Counter(a.rating.name.lower() for a in self._answers)
        left = self.counts()
        return SessionSummary(
            reviewed=len(self._answers),
            ratings=tuple((r.name.lower(), ratings[r.name.lower()]) for r in Rating),
            undone=self._undone,
            seconds=sum(self._spent),
            due_left=left.due,
            learning_left=left.learning,
            new_left=left.new,
        )
