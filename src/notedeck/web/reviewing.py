"""Review sittings in the browser: one `ReviewSession` per browser, as the terminal has one.

The browser shows a card, then posts a grade for it; between the two requests the sitting
remembers which card is on screen, so a reload shows the same card again (and "Card n of m"
does not move) and a grade for any other card is refused rather than recorded against it.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import TypedDict

from notedeck.errors import NotedeckError
from notedeck.model import Card, CardKind, SourceDict
from notedeck.study.exam_spec import ExamSpec
from notedeck.study.records import Answer, DueCard, QueueCounts
from notedeck.study.schedule import LearningState, Rating
from notedeck.study.session import ReviewSession, SessionSummary
from notedeck.study.store import Store

_MAX_SITTINGS = 64
# Recount the cards left at most this often: between counts each answer moves the last count
# (`_moved`), so only cards falling due meanwhile are missed, for two seconds at most.
_RECOUNT_AFTER_S = 2.0
# Look for exams added or removed elsewhere (`notedeck exam add` in a terminal) at most this
# often: reading them costs ~1 ms, too much to pay on every card.
_EXAMS_AFTER_S = 2.0
_CLOZES = (CardKind.CLOZE, CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE)


class NotShown(NotedeckError):
    """A grade or suspension for a card that is not the one on screen."""


class CountsDict(TypedDict):
    new: int
    learning: int
    due: int


class ShownCardDict(TypedDict):
    id: str
    kind: str
    front: str
    back: str
    source: SourceDict
    position: int
    of: int
    left: CountsDict


@dataclass(frozen=True, slots=True)
class ShownCard:
    """The card on screen and where the sitting stands.

    Attributes:
        card: the card.
        position, of: "Card n of m".
        left: new, learning and due cards left now.
    """

    card: Card
    position: int
    of: int
    left: QueueCounts

    @property
    def back(self) -> str:
        """The answer side: a cloze shows its sentence again with the answer under it."""
        if self.card.kind in _CLOZES:
            return f"{self.card.front}\n\n→ {self.card.back}"
        return self.card.back

    def to_dict(self) -> ShownCardDict:
        left = self.left
        return {
            "id": self.card.id,
            "kind": self.card.kind.value,
            "front": self.card.front,
            "back": self.back,
            "source": self.card.source.to_dict(),
            "position": self.position,
            "of": self.of,
            "left": {"new": left.new, "learning": left.learning, "due": left.due},
        }


@dataclass
class _Sitting:
    session: ReviewSession
    shown: DueCard | None = None
    shown_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: QueueCounts | None = None
    counting: bool = False
    counted_at: float = float("-inf")


class ReviewDesk:
    """The sittings of every browser using this app, by session id (a cookie)."""

    def __init__(
        self,
        store: Callable[[], Store],
        *,
        clock: Callable[[], datetime],
        tz: tzinfo,
        new_limit: int = 20,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._clock = clock
        self._tz = tz
        self._new_limit = new_limit
        self._monotonic = monotonic
        self._sittings: OrderedDict[str, _Sitting] = OrderedDict()
        self._lock = threading.Lock()
        self._exams: tuple[ExamSpec, ...] | None = None
        self._exams_read_at = float("-inf")
        self._exams_lock = threading.Lock()

    def current(self, sid: str) -> ShownCard | None:
        """The card to show this browser now (the same one until it is graded), or None
        when the sitting is over."""
        self._follow_exams()
        sitting = self._sitting(sid)
        with sitting.lock:
            return self._show(sitting)

    def answer(self, sid: str, card_id: str, rating: Rating | int) -> Answer:
        """Record a grade for the card on screen; committed before this returns.

        Raises:
            NotShown: `card_id` is not the card on screen (a stale tab, a double submit).
            ValueError: a rating outside 1–4.
        """
        rating = Rating(rating)
        sitting = self._sitting(sid)
        with sitting.lock:
            shown = self._on_screen(sitting, card_id)
            elapsed = int((self._monotonic() - sitting.shown_at) * 1000)
            answer = sitting.session.answer(shown, rating, duration_ms=max(elapsed, 0))
            sitting.shown = None
            sitting.counts = _moved(sitting.counts, shown, answer, self._clock())
            self._recount(sitting)
            return answer

    def undo(self, sid: str) -> bool:
        """Take back this sitting's last answer; False when there was none."""
        sitting = self._sitting(sid)
        with sitting.lock:
            undone = sitting.session.undo()
            if undone is None:
                return False
            sitting.shown = None
            sitting.counts = None  # counted afresh for the card shown next
            return True

    def suspend(self, sid: str, card_id: str) -> None:
        """Drop the card on screen from review (`notedeck suspend` does the same).

        Raises:
            NotShown: `card_id` is not the card on screen.
        """
        sitting = self._sitting(sid)
        with sitting.lock:
            shown = self._on_screen(sitting, card_id)
            sitting.session.store.suspend(card_id, self._clock())
            sitting.shown = None
            sitting.counts = _moved(sitting.counts, shown, None, self._clock())
            self._recount(sitting)

    def summary(self, sid: str) -> SessionSummary:
        sitting = self._sitting(sid)
        with sitting.lock:
            return sitting.session.summary()

    def finish(self, sid: str) -> SessionSummary:
        """End the sitting; the next visit starts a new one."""
        with self._lock:
            sitting = self._sittings.pop(sid, None)
        if sitting is None:
            return self._new_sitting().session.summary()
        with sitting.lock:
            return sitting.session.summary()

    def restart(self) -> None:
        """End every open sitting: the exams changed, and a sitting keeps the exam plan it
        began with. Each browser's next visit starts a sitting on the new plan."""
        with self._lock:
            self._sittings.clear()
        with self._exams_lock:
            self._exams = None  # read afresh next time, without starting over again

    def _follow_exams(self) -> None:
        """Start over when the exams changed since they were last read, as `restart`."""
        with self._exams_lock:
            now = self._monotonic()
            if now - self._exams_read_at < _EXAMS_AFTER_S:
                return
            self._exams_read_at = now
            exams, before = self._store().exams(), self._exams
            self._exams = exams
        if before is not None and exams != before:
            with self._lock:
                self._sittings.clear()

    def _show(self, sitting: _Sitting) -> ShownCard | None:
        if sitting.shown is None:
            sitting.shown = sitting.session.next_card()
            sitting.shown_at = self._monotonic()
        if sitting.shown is None:
            return None
        position, of = sitting.session.position()
        if sitting.counts is None:
            sitting.counts = sitting.session.counts()
            sitting.counted_at = self._monotonic()
        return ShownCard(sitting.shown.card, position, of, sitting.counts)

    def _recount(self, sitting: _Sitting) -> None:
        """Count the cards left again, off the request and at most every two seconds:
        counting 45,000 due cards of a 100k store takes ~100 ms, and the answer's reply
        should not wait for it. Until the count is in, the reply shows the last count moved
        by the answer (`_moved`)."""
        if sitting.counting or self._monotonic() - sitting.counted_at < _RECOUNT_AFTER_S:
            return
        sitting.counting = True
        sitting.counted_at = self._monotonic()

        def count() -> None:
            try:
                fresh: QueueCounts | None = sitting.session.counts()
            except NotedeckError:
                fresh = None
            with sitting.lock:
                sitting.counting = False
                if fresh is not None and sitting.counts is not None:
                    sitting.counts = fresh

        threading.Thread(target=count, name="notedeck-count", daemon=True).start()

    def _on_screen(self, sitting: _Sitting, card_id: str) -> DueCard:
        if sitting.shown is None:
            self._show(sitting)
        if sitting.shown is None or sitting.shown.card.id != card_id:
            raise NotShown(f"card {card_id!r} is not the card on screen; reload the review")
        return sitting.shown

    def _sitting(self, sid: str) -> _Sitting:
        with self._lock:
            sitting = self._sittings.get(sid)
            if sitting is None:
                sitting = self._sittings[sid] = self._new_sitting()
                while len(self._sittings) > _MAX_SITTINGS:
                    self._sittings.popitem(last=False)
            self._sittings.move_to_end(sid)
            return sitting

    def _new_sitting(self) -> _Sitting:
        session = ReviewSession(
            self._store(),
            clock=self._clock,
            session_id=f"web-{uuid.uuid4().hex}",
            new_limit=self._new_limit,
            tz=self._tz,
        )
        return _Sitting(session)


def _moved(
    counts: QueueCounts | None, shown: DueCard, answer: Answer | None, now: datetime
) -> QueueCounts | None:
    """The counts left after `shown` was answered (`answer`) or suspended (None): the card
    leaves its group, and joins learning or due again when it is due again already."""
    if counts is None:
        return None
    new, learning, due = counts.new, counts.learning, counts.due
    before = shown.state
    if before.last_review is None:
        new -= 1
    elif before.state in _LEARNING:
        learning -= 1
    else:
        due -= 1
    if answer is not None and answer.state.due <= now:
        if answer.state.state in _LEARNING:
            learning += 1
        else:
            due += 1
    return QueueCounts(max(new, 0), max(learning, 0), max(due, 0))


_LEARNING = (LearningState.LEARNING, LearningState.RELEARNING)
