"""Child process for the durability test: answer cards forever, acknowledging each answer.

Usage: python answer_loop.py DB_URL PREFIX SEED

Prints `ACK <idempotency_key>` and flushes only after `record_answer` has returned, i.e. after
the commit. The parent kills this process with SIGKILL at a random moment.
"""

from __future__ import annotations

import random
import sys
from datetime import UTC, datetime, timedelta

from notedeck.study.store import Store


def main(url: str, prefix: str, seed: int) -> None:
    rng = random.Random(seed)
    store = Store.open(url)
    card_ids = [c.card.id for c in store.stored_cards()]
    now = datetime(2025, 3, 1, tzinfo=UTC)
    for i in range(10**9):
        now += timedelta(seconds=rng.randrange(1, 600))
        key = f"{prefix}-{i}"
        store.record_answer(
            rng.choice(card_ids), rng.randint(1, 4), now=now, idempotency_key=key, duration_ms=900
        )
        sys.stdout.write(f"ACK {key}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
