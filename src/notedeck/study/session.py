"""A review session: what to show next, recording answers, undoing the last one.

Interfaces (the terminal review, the web app) drive a `ReviewSession`; each answer is
committed by the store before `answer` returns, so quitting at any moment loses nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TypedDict

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
class ReviewSession:
    """One sitting of reviews over a store.

    Attributes:
        store: where cards, states and answers live.
        clock: the time now (UTC-aware); a parameter so tests and replays are exact.
        session_id: prefix of each answer's idempotency key; unique per session.
        new_limit: most new cards to introduce in this session.
    """

    store: Store
    clock: Callable[[], datetime]
    session_id: str
    new_limit: int = 20
    tz: tzinfo = UTC
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

    def next_card(self) -> DueCard | None:
        """The next card to show, or None when nothing more is due now.

        A card whose sibling (a card from the same note line) was answered today is buried
        until tomorrow: seeing one would give the other away.
        """
        include_new = self._new_seen < self.new_limit
        now = self.clock()
        # Room past the buried siblings, asked for a little at a time: the first card or two
        # are nearly always free, and reading thousands of rows per card cost 300 ms on a
        # store of 100k cards.
        most = 1 + 10 * len(self._answered_lines)
        limit = min(8, most)
        while True:
            found = self.store.next_due(now, limit=limit, include_new=include_new)
            for due in found:
                source = (due.card.source.page, due.card.source.line or 0)
                answered = self._answered_lines.get(source)
                if not answered or answered == {due.card.id}:
                    self._shown += 1
                    return due
            if len(found) < limit or limit >= most:
                return None
            limit = min(limit * 8, most)

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
        self._new_seen += due.state.last_review is None
        line = (due.card.source.page, due.card.source.line or 0)
        self._answered_lines.setdefault(line, set()).add(due.card.id)
        return answer

    def undo(self) -> Undone | None:
        """Take back this session's last answer; None when there is nothing to undo."""
        if not self._answers:
            return None
        last = self._answers.pop()
        undone = self.store.undo_last_answer(last.idempotency_key)
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
            seconds=sum(a.duration_ms or 0 for a in self._answers) / 1000,
            due_left=left.due,
            learning_left=left.learning,
            new_left=left.new,
        )
