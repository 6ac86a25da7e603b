"""Synthetic review histories and bulk loading for the store and scheduler tests.

History comes from a plain exponential forgetting model, not from FSRS, so the optimiser has
something real to fit and its answer should differ from the default parameters.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from notedeck.model import Card, CardKind, Source
from notedeck.study.schedule import CardState
from notedeck.study.store import Store, review_log

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

_FIRST_STABILITY = {1: 0.5, 2: 1.5, 3: 4.0, 4: 12.0}


@dataclass(frozen=True, slots=True)
class SyntheticAnswer:
    card_id: str
    rating: int
    reviewed_at: datetime


def make_cards(count: int, *, page: str = "history.md") -> list[Card]:
    return [
        Card(
            id=f"card-{i:06d}",
            kind=CardKind.BASIC,
            front=f"Question {i}?",
            back=f"Answer {i}",
            source=Source(page, "Section", "Factor", i + 1),
            tags=("history",),
            key=f"{page}|{i}",
        )
        for i in range(count)
    ]


def simulate_history(
    rng: random.Random, card_ids: list[str], reviews_per_card: int, start: datetime
) -> Iterator[SyntheticAnswer]:
    """Answers to each card: a first rating, then reviews at roughly the true stability."""
    for card_id in card_ids:
        when = start + timedelta(days=rng.randrange(30), hours=rng.uniform(8, 20))
        first = rng.choices((1, 2, 3, 4), weights=(0.2, 0.1, 0.5, 0.2))[0]
        stability = _FIRST_STABILITY[first] * rng.uniform(0.7, 1.3)
        yield SyntheticAnswer(card_id, first, when)
        for _ in range(reviews_per_card - 1):
            gap = max(1, round(stability * rng.uniform(0.5, 2.0)))
            when += timedelta(days=gap, minutes=rng.uniform(-90, 90))
            recalled = rng.random() < 0.9 ** (gap / stability)
            if recalled:
                rating = rng.choices((2, 3, 4), weights=(0.15, 0.7, 0.15))[0]
                stability *= {2: 1.4, 3: 2.3, 4: 3.5}[rating]
            else:
                rating = 1
                stability = max(0.5, stability * 0.3)
            yield SyntheticAnswer(card_id, rating, when)


def bulk_load_answers(store: Store, answers: list[SyntheticAnswer]) -> None:
    """Append answers to review_log in one transaction, as an import would.

    card_state is left alone: these tests only read the log. The `prev_*` columns get a
    new card's state, which the log requires but nothing here reads.
    """
    rows = []
    for i, answer in enumerate(answers):
        new = CardState.new(answer.reviewed_at)
        rows.append(
            {
                "card_id": answer.card_id,
                "rating": answer.rating,
                "reviewed_at": answer.reviewed_at,
                "duration_ms": 5000,
                "idempotency_key": f"import-{i}",
                "prev_state": int(new.state),
                "prev_step": new.step,
                "prev_stability": None,
                "prev_difficulty": None,
                "prev_due": new.due,
                "prev_last_review": None,
            }
        )
    with store.engine.begin() as conn:
        conn.execute(sa.insert(review_log), rows)
