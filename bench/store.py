"""Benchmark the review store and the optimiser.

Run: .venv/bin/python bench/store.py [--cards 100000] [--reviews 1000000]

1. Builds a store with 100k cards and 1M review_log rows in a temporary SQLite file (bulk
   executemany inside one transaction), 90% of cards reviewed and due around "now".
2. Times fetch-next-due + record-answer, the work behind one keypress in a review session,
   over 2,000 iterations and prints p50/p95 (target p95 <= 15 ms).
3. Times `optimize` on 50k synthetic reviews (target <= 1 s).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from notedeck.model import Card, CardKind, Source
from notedeck.study.schedule import LearningState, Rating, optimize
from notedeck.study.store import Store, card_state, review_log

NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
CHUNK = 50_000


def _cards(count: int) -> list[Card]:
    return [
        Card(
            id=f"card-{i:07d}",
            kind=CardKind.BASIC,
            front=f"In which year did event {i} happen?",
            back=str(1900 + i % 120),
            source=Source(f"page-{i // 500:04d}.md", "Causes", f"Factor {i % 7}", i % 500 + 1),
            tags=("history", f"page-{i // 500:04d}"),
            key=f"page-{i // 500:04d}.md|{i}",
        )
        for i in range(count)
    ]


def _history(rng: random.Random, card_ids: list[str], total: int) -> Iterator[dict[str, object]]:
    """`total` review rows spread evenly over the cards; an exponential forgetting model
    decides recall."""
    serial = 0
    for index, card_id in enumerate(card_ids):
        per_card = total // len(card_ids) + (index < total % len(card_ids))
        when = NOW - timedelta(days=rng.uniform(200, 400))
        stability = rng.uniform(0.5, 8)
        for _ in range(per_card):
            gap = max(1.0, stability * rng.uniform(0.5, 2.0))
            recalled = rng.random() < 0.9 ** (gap / stability)
            rating = rng.choice((2, 3, 3, 3, 4)) if recalled else 1
            stability = stability * 2.3 if recalled else max(0.5, stability * 0.3)
            serial += 1
            yield {
                "card_id": card_id,
                "rating": rating,
                "reviewed_at": when,
                "duration_ms": rng.randint(1500, 20000),
                "idempotency_key": f"bench-{serial}",
                "prev_state": int(LearningState.REVIEW),
                "prev_step": None,
                "prev_stability": stability,
                "prev_difficulty": 5.0,
                "prev_due": when,
                "prev_last_review": when - timedelta(days=gap),
            }
            when += timedelta(days=min(gap, 30))


def _bulk_insert(store: Store, table: sa.Table, rows: Iterator[dict[str, object]]) -> int:
    total = 0
    with store.engine.begin() as conn:
        chunk: list[dict[str, object]] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) == CHUNK:
                conn.execute(sa.insert(table), chunk)
                total += len(chunk)
                chunk.clear()
        if chunk:
            conn.execute(sa.insert(table), chunk)
            total += len(chunk)
    return total


def _build(store: Store, n_cards: int, n_reviews: int, rng: random.Random) -> None:
    started = time.perf_counter()
    cards = _cards(n_cards)
    store.upsert_cards(cards, now=NOW - timedelta(days=400))
    reviewed = [c.id for c in cards[: n_cards * 9 // 10]]
    inserted = _bulk_insert(store, review_log, _history(rng, reviewed, n_reviews))
    # Reviewed cards get a review state due within a month either side of now.
    with store.engine.begin() as conn:
        for start in range(0, len(reviewed), CHUNK):
            conn.execute(
                sa.update(card_state)
                .where(card_state.c.card_id == sa.bindparam("b_id"))
                .values(
                    state=int(LearningState.REVIEW),
                    step=None,
                    stability=sa.bindparam("b_stability"),
                    difficulty=5.0,
                    due=sa.bindparam("b_due"),
                    last_review=sa.bindparam("b_last"),
                ),
                [
                    {
                        "b_id": card_id,
                        "b_stability": rng.uniform(1, 60),
                        "b_due": NOW + timedelta(days=rng.uniform(-30, 30)),
                        "b_last": NOW - timedelta(days=rng.uniform(1, 60)),
                    }
                    for card_id in reviewed[start : start + CHUNK]
                ],
            )
    # Start the session from a checkpointed file, as a learner's store is between sessions;
    # otherwise the first commits pay for copying the bulk load out of the WAL.
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    print(
        f"built {n_cards:,} cards and {inserted:,} review_log rows "
        f"in {time.perf_counter() - started:.1f}s"
    )


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 else 0


def bench_session(store: Store, iterations: int, rng: random.Random) -> None:
    fetch_ms: list[float] = []
    answer_ms: list[float] = []
    total_ms: list[float] = []
    now = NOW
    for i in range(iterations):
        now += timedelta(seconds=rng.randint(3, 15))
        t0 = time.perf_counter()
        (due,) = store.next_due(now, 1)
        t1 = time.perf_counter()
        store.record_answer(
            due.card.id,
            rng.choice(list(Rating)),
            now=now,
            idempotency_key=f"session-{i}",
            duration_ms=4000,
        )
        t2 = time.perf_counter()
        fetch_ms.append((t1 - t0) * 1000)
        answer_ms.append((t2 - t1) * 1000)
        total_ms.append((t2 - t0) * 1000)
    for name, values in (
        ("next_due", fetch_ms),
        ("record_answer", answer_ms),
        ("next_due+record_answer", total_ms),
    ):
        print(
            f"{name:>24}: p50 {_percentile(values, 50):6.2f} ms   "
            f"p95 {_percentile(values, 95):6.2f} ms   max {max(values):6.2f} ms"
        )
    p95 = _percentile(total_ms, 95)
    print(f"{'target p95 <= 15 ms':>24}: {'met' if p95 <= 15 else 'MISSED'} ({p95:.2f} ms)")


def bench_optimize(folder: Path, n_reviews: int, rng: random.Random) -> None:
    per_card = 10
    with Store.open(f"sqlite:///{folder / 'optimize.sqlite3'}") as store:
        cards = _cards(n_reviews // per_card)
        store.upsert_cards(cards, now=NOW - timedelta(days=400))
        _bulk_insert(store, review_log, _history(rng, [c.id for c in cards], n_reviews))
        started = time.perf_counter()
        result = optimize(store)
        elapsed = time.perf_counter() - started
    print(
        f"optimize on {result.reviews:,} reviews ({result.items:,} training items, "
        f"{result.cards:,} cards): {elapsed:.2f}s, fitted={result.fitted}; "
        f"target <= 1 s: {'met' if elapsed <= 1 else 'MISSED'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--iterations", type=int, default=2_000)
    parser.add_argument("--optimize-reviews", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="notedeck-bench-") as tmp:
        folder = Path(tmp)
        with Store.open(f"sqlite:///{folder / 'bench.sqlite3'}") as store:
            _build(store, args.cards, args.reviews, rng)
            bench_session(store, args.iterations, rng)
        bench_optimize(folder, args.optimize_reviews, rng)


if __name__ == "__main__":
    main()
