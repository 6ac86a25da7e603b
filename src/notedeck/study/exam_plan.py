"""Where the store meets the exam planner: stored exams and cards become the planner's input.

The planner (`study/exam.py`) works on card ids, memory states and budgets; the store keeps
exams as the learner wrote them (`ExamSpec`) and cards with their sources. This module joins
the two for the review session and for `exam status`, so both read the same cards, the same
seconds per card and the same scopes.

A review session asks `SessionPlan.queue` for the next cards after every answer. The plan
holds the cards in scope in memory and updates a card's state from the answer the store
returns, so recomputing the queue never reads the database again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, tzinfo

from notedeck.study.exam import Budget, Exam, PlannedCard, exam_queue, seconds_per_card
from notedeck.study.exam_spec import ExamSpec
from notedeck.study.records import DueCard
from notedeck.study.schedule import CardState, SchedulerSettings
from notedeck.study.store import Store

__all__ = [
    "SessionPlan",
    "exams_ahead",
    "load_session_plan",
    "pages_of",
    "planned_cards",
    "to_exam",
]


def to_exam(spec: ExamSpec, card_ids: Iterable[str] | None) -> Exam:
    """The planner's view of a stored exam over the cards in its scope (None: every card
    the planner is given)."""
    scope = None if card_ids is None else frozenset(card_ids)
    return Exam(spec.name, spec.day, Budget(spec.minutes, frozenset(spec.days_off)), scope)


def planned_cards(store: Store, states: Mapping[str, CardState]) -> tuple[PlannedCard, ...]:
    """The cards with their states and their seconds per review from this notebook's log."""
    seconds = seconds_per_card(store.review_history(own=True), states)
    return tuple(PlannedCard(card_id, state, seconds[card_id]) for card_id, state in states.items())


def pages_of(store: Store, specs: Sequence[ExamSpec]) -> list[str] | None:
    """The pages the exams cover (some may be outside a section scope), so that an exam on
    one unit reads only that unit's cards; None when one covers every page."""
    if any(not spec.pages for spec in specs):
        return None
    return [p for p in store.card_pages() if any(spec.covers_page(p) for spec in specs)]


def exams_ahead(specs: Iterable[ExamSpec], today: date) -> tuple[ExamSpec, ...]:
    """Exams still to come; on the exam day itself the plan is over."""
    return tuple(spec for spec in specs if spec.day > today)


@dataclass
class SessionPlan:
    """The exam plan a review session follows while an exam is ahead.

    Attributes:
        exams: the planner's exams still ahead, scopes resolved to card ids.
        settings: the scheduler settings whose parameters predict recall.
        tz: the learner's time zone (days and the exam morning are theirs).
        cards: every card in some exam's scope, by id, with its current state.
        seconds: expected seconds per review, by card id.
        seen: the newest answer the states include (see `catch_up`).
    """

    exams: tuple[Exam, ...]
    settings: SchedulerSettings
    tz: tzinfo
    cards: dict[str, DueCard]
    seconds: dict[str, float]
    seen: int = 0
    _planned: dict[str, PlannedCard] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._planned = {
            card_id: PlannedCard(card_id, due.state, self.seconds[card_id])
            for card_id, due in self.cards.items()
        }

    def day_minutes(self, today: date) -> float:
        """The learner's exam minutes today: the largest budget among the exams ahead, as the
        planner counts it (time is the learner's; two exams' budgets are not added)."""
        return max(
            (exam.budget.minutes_on(today) for exam in self.exams if exam.day > today),
            default=0.0,
        )

    def queue(
        self, now: datetime, *, minutes_left: float, unavailable: Callable[[DueCard], bool]
    ) -> tuple[DueCard, ...]:
        """The cards to show now, best first; () when the plan has nothing more today.

        Cards `unavailable` says no to (siblings of cards answered today) are left out before
        planning, so the day's minutes go to cards that can be shown.
        """
        ids = exam_queue(
            tuple(p for p in self._planned.values() if not unavailable(self.cards[p.card_id])),
            self.exams,
            now,
            self.settings,
            tz=self.tz,
            minutes_left=minutes_left,
        )
        return tuple(self.cards[card_id] for card_id in ids)

    def catch_up(self, store: Store) -> None:
        """Take in answers given since the plan last looked (by another sitting, say), so
        the queue is not planned on states that have moved on."""
        self.seen, states = store.answered_after(self.seen)
        for card_id, state in states.items():
            self.update(card_id, state)

    def covers(self, card_id: str) -> bool:
        return card_id in self.cards

    def update(self, card_id: str, state: CardState) -> None:
        """A card's state after an answer (or an undo), so the next queue sees it."""
        if card_id in self.cards:
            self.cards[card_id] = replace(self.cards[card_id], state=state)
            self._planned[card_id] = replace(self._planned[card_id], state=state)

    def estimated_seconds(self, card_id: str) -> float | None:
        return self.seconds.get(card_id)


def load_session_plan(store: Store, now: datetime, *, tz: tzinfo) -> SessionPlan | None:
    """The plan for the notebook's exams still ahead at `now`; None when there are none (the
    session then serves plain FSRS order). Exams belong to a notebook, so a store not scoped
    to one has none.

    Raises:
        StoreError: the store cannot be read.
    """
    if store.notebook_id is None:
        return None
    ahead = exams_ahead(store.exams(), now.astimezone(tz).date())
    if not ahead:
        return None
    seen = store.latest_answer_id()  # before the cards: an answer in between is caught up
    shown = store.shown_cards(pages_of(store, ahead))
    scopes = [frozenset(d.card.id for d in shown if spec.covers(d.card.source)) for spec in ahead]
    in_scope = frozenset().union(*scopes)
    cards = {d.card.id: d for d in shown if d.card.id in in_scope}
    seconds = seconds_per_card(store.review_history(own=True), cards)
    return SessionPlan(
        exams=tuple(to_exam(spec, scope) for spec, scope in zip(ahead, scopes, strict=True)),
        settings=store.scheduler_settings(),
        tz=tz,
        cards=cards,
        seconds=seconds,
        seen=seen,
    )
