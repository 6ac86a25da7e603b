"""What the review store hands back: stored cards, due cards, answers and review-log rows.

Plain frozen values, detached from any connection, so a review session, the CLI and the
optimiser can keep them after the store's transaction has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from notedeck.model import Card, SourceDict
from notedeck.study.schedule import CardState, Rating
from notedeck.study.tables import CardStatus

__all__ = [
    "Answer",
    "DueCard",
    "ReviewRecord",
    "StoredCard",
    "StoredCardDict",
    "Undone",
]


class StoredCardDict(TypedDict):
    id: str
    kind: str
    front: str
    back: str
    status: str
    suspended: bool
    source: SourceDict
    tags: list[str]


@dataclass(frozen=True, slots=True)
class StoredCard:
    """A card as the store holds it, for identity reconciliation.

    Attributes:
        card: the card's id, texts, source, tags and exact-match key.
        status: active or retired.
        created_at, updated_at: when the row was added and last changed (UTC).
        retired_at: when it was retired, None while active.
        suspended_at: when the learner suspended it, None unless suspended.
    """

    card: Card
    status: CardStatus
    created_at: datetime
    updated_at: datetime
    retired_at: datetime | None = None
    suspended_at: datetime | None = None

    def to_dict(self) -> StoredCardDict:
        card = self.card
        return {
            "id": card.id,
            "kind": card.kind.value,
            "front": card.front,
            "back": card.back,
            "status": self.status.value,
            "suspended": self.suspended_at is not None,
            "source": card.source.to_dict(),
            "tags": list(card.tags),
        }


@dataclass(frozen=True, slots=True)
class QueueCounts:
    """What is left to review now: never-seen cards, cards in (re)learning, due reviews."""

    new: int
    learning: int
    due: int


@dataclass(frozen=True, slots=True)
class DueCard:
    """A card to show next and its memory state."""

    card: Card
    state: CardState


@dataclass(frozen=True, slots=True)
class Answer:
    """One recorded answer.

    Attributes:
        review_id: the review_log row id.
        card_id, rating, reviewed_at, duration_ms, idempotency_key: as recorded.
        state: the card's state after the answer (for a duplicate: its state now).
        duplicate: the idempotency key had been recorded before; nothing was written.
    """

    review_id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
    idempotency_key: str
    state: CardState
    duplicate: bool = False


@dataclass(frozen=True, slots=True)
class Undone:
    """An answer taken back by `undo_last_answer` and the state the card went back to."""

    review_id: int
    card_id: str
    idempotency_key: str
    restored: CardState


@dataclass(frozen=True, slots=True)
class ReviewRecord:
    """One row of the review log, as the optimiser and the exam planner read it."""

    review_id: int
    card_id: str
    rating: Rating
    reviewed_at: datetime
    duration_ms: int | None
