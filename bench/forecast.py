"""Benchmark the stats screen's series on a large review store.

Run: .venv/bin/python bench/forecast.py [--cards 100000] [--reviews 1000000] [--db URL] [--json]

Builds a store as bench/store.py does (100k cards of one notebook, 1M review_log rows, 90% of
cards reviewed and due within a month either side of "now"; 500 cards suspended, 1,000
retired), then times each of `due_per_day`, `reviews_per_day`, `retention_per_section` and
`cards_by_state` over several runs and prints the median and the slowest, in milliseconds.
Without --db the store is a temporary SQLite file; with --db (e.g. a throwaway PostgreSQL)
the database's public schema is wiped first.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import store as store_bench  # bench/store.py: the same cards and history

from notedeck.study.forecast import (
    cards_by_state,
    due_per_day,
    retention_per_section,
    reviews_per_day,
)
from notedeck.study.store import CardStatus, Store, card_state, cards, review_log

NOW = store_bench.NOW
TZ = ZoneInfo("Europe/London")


def build(store: Store, n_cards: int, n_reviews: int, rng: random.Random) -> None:
    started = time.perf_counter()
    made = store_bench._cards(n_cards)
    store.upsert_cards(made, now=NOW - timedelta(days=400))
    reviewed = [c.id for c in made[: n_cards * 9 // 10]]
    # The history ends around "now", so the last 30 days hold answers to count.
    history = store_bench._history(rng, reviewed, n_reviews)
    shifted = (
        {**row, "reviewed_at": NOW - (store_bench.NOW - row["reviewed_at"]) % timedelta(400)}  # type: ignore[operator]
        for row in history
    )
    inserted = store_bench._bulk_insert(store, review_log, shifted)
    with store.engine.begin() as conn:
        for start in range(0, len(reviewed), store_bench.CHUNK):
            conn.execute(
                sa.update(card_state)
                .where(card_state.c.card_id == sa.bindparam("b_id"))
                .values(
                    state=sa.bindparam("b_state"),
                    step=None,
                    stability=10.0,
                    difficulty=5.0,
                    due=sa.bindparam("b_due"),
                    last_review=sa.bindparam("b_last"),
                ),
                [
                    {
                        "b_id": card_id,
                        "b_state": rng.choice((1, 2, 2, 2, 2, 3)),
                        "b_due": NOW + timedelta(days=rng.uniform(-30, 30)),
                        "b_last": NOW - timedelta(days=rng.uniform(1, 60)),
                    }
                    for card_id in reviewed[start : start + store_bench.CHUNK]
                ],
            )
        suspended = [c.id for c in made[:: max(1, n_cards // 500)]]
        conn.execute(sa.update(cards).where(cards.c.id.in_(suspended)).values(suspended_at=NOW))
    retired = {c.id: CardStatus.RETIRED for c in made[-(n_cards // 100) :]}
    store.upsert_cards([], retired, now=NOW)
    if store.engine.dialect.name == "sqlite":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with store.engine.connect() as conn:
            conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("ANALYZE")
    print(
        f"built {n_cards:,} cards and {inserted:,} review_log rows "
        f"({store.engine.dialect.name}) in {time.perf_counter() - started:.1f}s"
    )


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, object]:
    result = call()  # a first run warms the caches, as a page load after another would
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), max(times), result


def bench(store: Store, runs: int) -> dict[str, dict[str, float]]:
    calls: dict[str, Callable[[], object]] = {
        "due_per_day (14 days)": lambda: due_per_day(store, NOW, days=14, tz=TZ),
        "reviews_per_day (30 days)": lambda: reviews_per_day(store, NOW, days=30, tz=TZ),
        "reviews_per_day (365 days)": lambda: reviews_per_day(store, NOW, days=365, tz=TZ),
        "retention_per_section (30 days)": lambda: retention_per_section(store, NOW, days=30),
        "cards_by_state": lambda: cards_by_state(store, NOW),
    }
    figures: dict[str, dict[str, float]] = {}
    for name, call in calls.items():
        median, slowest, result = timed(call, runs)
        figures[name] = {"median_ms": round(median, 1), "max_ms": round(slowest, 1)}
        print(f"{name:>32}: median {median:7.1f} ms   max {slowest:7.1f} ms   {_shown(result)}")
    return figures


def _shown(result: object) -> str:
    total = getattr(result, "total", None)
    if total is not None:
        return f"total {total:,}"
    if isinstance(result, tuple):
        return f"{len(result)} sections"
    return ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=100_000)
    parser.add_argument("--reviews", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", help="a database URL; its public schema is wiped (PostgreSQL)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory(prefix="notedeck-bench-") as tmp:
        url = args.db or f"sqlite:///{Path(tmp) / 'forecast.sqlite3'}"
        if args.db:
            engine = sa.create_engine(args.db)
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
            engine.dispose()
        with Store.open(url) as opened:
            store = opened.for_notebook(Path(tmp) / "notes")
            build(store, args.cards, args.reviews, rng)
            figures = bench(store, args.runs)
    if args.json:
        print(json.dumps({"cards": args.cards, "reviews": args.reviews, "figures": figures}))


if __name__ == "__main__":
    main()
