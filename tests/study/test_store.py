"""The review store over a real SQLite file with migrations applied."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from datetime import UTC, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from synthetic_reviews import T0, make_cards

from notedeck.errors import StoreError
from notedeck.study import store as store_module
from notedeck.study.schedule import CardState, LearningState, Rating
from notedeck.study.store import (
    SCHEMA_HEAD,
    CardStatus,
    Store,
    default_db_url,
    review_log,
)

HERE = Path(__file__).parent


def _review_rows(store: Store) -> list[sa.Row]:
    with store.engine.connect() as conn:
        return list(conn.execute(sa.select(review_log).order_by(review_log.c.id)))


def test_migrations_create_the_tables(store: Store) -> None:
    with store.engine.connect() as conn:
        tables = set(sa.inspect(conn).get_table_names())
        version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    assert {"notebooks", "cards", "card_state", "review_log", "settings", "exams"} <= tables
    assert version == "0004"


def test_the_known_schema_head_is_the_newest_migration() -> None:
    """Opening a store skips Alembic when the store is at SCHEMA_HEAD: a migration added
    without moving it would never run."""
    from alembic.script import ScriptDirectory

    migrations = Path(store_module.__file__).with_name("migrations")
    assert ScriptDirectory(str(migrations)).get_current_head() == SCHEMA_HEAD


def test_sqlite_connections_use_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    store = Store.open(f"sqlite:///{tmp_path / 'pragmas.sqlite3'}")
    with store, store.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys")
        }
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1}


def test_reopening_a_migrated_store_keeps_its_data(db_url: str) -> None:
    with Store.open(db_url) as first:
        first.upsert_cards(make_cards(2), now=T0)
    with Store.open(db_url) as again:
        assert [c.card.id for c in again.stored_cards()] == ["card-000000", "card-000001"]


def test_cards_round_trip_with_a_new_card_state(store: Store) -> None:
    cards = make_cards(3)
    cards[1] = replace(cards[1], tags=("a", "b"), source=replace(cards[1].source, end_line=9))
    report = store.upsert_cards(cards, now=T0)
    assert (report.inserted, report.updated, report.unchanged) == (3, 0, 0)

    stored = store.stored_cards()
    assert [s.card for s in stored] == cards
    assert all(s.status is CardStatus.ACTIVE and s.created_at == T0 for s in stored)
    state = store.card_state(cards[0].id)
    assert state == CardState.new(T0)
    assert state.is_new and state.due.tzinfo is UTC


def test_upsert_updates_texts_and_never_deletes(store: Store) -> None:
    cards = make_cards(3)
    store.upsert_cards(cards, now=T0)
    edited = replace(cards[0], front="Reworded question?")
    later = T0 + timedelta(days=1)

    report = store.upsert_cards([edited], now=later)

    assert (report.inserted, report.updated, report.retired) == (1 - 1, 1, 0)
    by_id = {s.card.id: s for s in store.stored_cards()}
    assert len(by_id) == 3, "cards missing from the build are not deleted"
    assert by_id[edited.id].card.front == "Reworded question?"
    assert by_id[edited.id].updated_at == later
    assert by_id[cards[2].id].updated_at == T0


def test_retired_cards_keep_history_and_leave_the_queue(store: Store) -> None:
    cards = make_cards(2)
    store.upsert_cards(cards, now=T0)
    store.record_answer(cards[0].id, Rating.GOOD, now=T0, idempotency_key="a1")

    report = store.upsert_cards(
        [cards[1]], {cards[0].id: CardStatus.RETIRED}, now=T0 + timedelta(days=1)
    )

    assert report.retired == 1
    retired = store.stored_cards(status=CardStatus.RETIRED)
    assert [r.card.id for r in retired] == [cards[0].id]
    assert retired[0].retired_at == T0 + timedelta(days=1)
    assert [r.card_id for r in _review_rows(store)] == [cards[0].id]
    far_future = T0 + timedelta(days=3650)
    assert [d.card.id for d in store.next_due(far_future, 10)] == [cards[1].id]

    revived = store.upsert_cards(cards, now=T0 + timedelta(days=2))
    assert revived.revived == 1
    assert store.stored_cards(status=CardStatus.RETIRED) == ()
    assert store.card_state(cards[0].id).last_review == T0, "state survives retirement"


def test_upsert_refuses_unknown_ids_and_duplicates(store: Store) -> None:
    cards = make_cards(1)
    with pytest.raises(StoreError, match="unknown cards: nope"):
        store.upsert_cards(cards, {"nope": CardStatus.RETIRED}, now=T0)
    with pytest.raises(StoreError, match="given twice"):
        store.upsert_cards(cards + cards, now=T0)
    assert store.stored_cards() == (), "a refused upsert writes nothing"


def test_record_answer_writes_log_and_state_together(store: Store) -> None:
    card = make_cards(1)[0]
    store.upsert_cards([card], now=T0)

    answer = store.record_answer(
        card.id, Rating.GOOD, now=T0 + timedelta(minutes=5), idempotency_key="k1", duration_ms=4200
    )

    assert not answer.duplicate
    assert answer.state == store.card_state(card.id)
    assert answer.state.last_review == T0 + timedelta(minutes=5)
    assert answer.state.stability is not None
    (row,) = _review_rows(store)
    assert (row.card_id, row.rating, row.duration_ms, row.idempotency_key) == (
        card.id,
        3,
        4200,
        "k1",
    )
    assert row.reviewed_at.replace(tzinfo=UTC) == T0 + timedelta(minutes=5)


def test_same_idempotency_key_records_once(store: Store) -> None:
    card = make_cards(1)[0]
    store.upsert_cards([card], now=T0)
    first = store.record_answer(card.id, Rating.GOOD, now=T0, idempotency_key="same")

    again = store.record_answer(
        card.id, Rating.AGAIN, now=T0 + timedelta(hours=1), idempotency_key="same"
    )

    assert again.duplicate
    assert (again.review_id, again.rating, again.reviewed_at) == (
        first.review_id,
        Rating.GOOD,
        T0,
    )
    assert len(_review_rows(store)) == 1
    assert store.card_state(card.id) == first.state


def test_record_answer_rejects_bad_input(store: Store) -> None:
    store.upsert_cards(make_cards(1), now=T0)
    with pytest.raises(StoreError, match="no card 'ghost'"):
        store.record_answer("ghost", Rating.GOOD, now=T0, idempotency_key="g")
    with pytest.raises(ValueError):
        store.record_answer("card-000000", 5, now=T0, idempotency_key="r")
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record_answer("card-000000", 3, now=T0.replace(tzinfo=None), idempotency_key="n")
    assert _review_rows(store) == []


def test_undo_restores_the_previous_state_and_removes_the_answer(store: Store) -> None:
    card = make_cards(1)[0]
    store.upsert_cards([card], now=T0)
    first = store.record_answer(card.id, Rating.GOOD, now=T0, idempotency_key="u1")
    store.record_answer(card.id, Rating.AGAIN, now=T0 + timedelta(days=2), idempotency_key="u2")

    undone = store.undo_last_answer("u2")

    assert undone is not None and undone.restored == first.state
    assert store.card_state(card.id) == first.state
    assert [r.idempotency_key for r in _review_rows(store)] == ["u1"]
    assert store.undo_last_answer("u2") is None, "undo twice is harmless"

    assert store.undo_last_answer("u1") is not None
    assert store.card_state(card.id) == CardState.new(T0), "back to a brand-new card"


def test_undo_refuses_an_answer_that_is_not_the_cards_latest(store: Store) -> None:
    card = make_cards(1)[0]
    store.upsert_cards([card], now=T0)
    store.record_answer(card.id, Rating.GOOD, now=T0, idempotency_key="old")
    store.record_answer(card.id, Rating.GOOD, now=T0 + timedelta(days=1), idempotency_key="new")

    with pytest.raises(StoreError, match="not the latest answer"):
        store.undo_last_answer("old")
    assert len(_review_rows(store)) == 2


def test_next_due_puts_due_reviews_before_new_cards_in_reading_order(store: Store) -> None:
    cards = make_cards(4)
    store.upsert_cards(cards, now=T0)
    store.record_answer(cards[2].id, Rating.AGAIN, now=T0, idempotency_key="x")

    soon = T0 + timedelta(minutes=2)  # after the 1-minute learning step
    due = store.next_due(soon, 3)

    assert [d.card.id for d in due] == [cards[2].id, cards[0].id, cards[1].id]
    assert due[0].state.state is LearningState.LEARNING and not due[0].state.is_new
    assert [d.card.id for d in store.next_due(soon, 3, include_new=False)] == [cards[2].id]
    assert [d.card.id for d in store.next_due(T0, 5, include_new=False)] == []


def test_stats_count_due_states_reviews_and_retention(store: Store) -> None:
    cards = make_cards(5)
    store.upsert_cards(cards, now=T0)
    store.record_answer(cards[0].id, Rating.AGAIN, now=T0, idempotency_key="s1")
    store.record_answer(cards[1].id, Rating.EASY, now=T0, idempotency_key="s2")
    store.record_answer(cards[2].id, Rating.GOOD, now=T0 - timedelta(days=1), idempotency_key="s3")
    store.upsert_cards([], {cards[4].id: CardStatus.RETIRED}, now=T0)

    stats = store.stats(T0 + timedelta(minutes=30), days=7)

    assert (stats.active, stats.retired) == (4, 1)
    # Again and Good on a new card stay in learning steps (1 and 10 minutes); Easy graduates.
    assert dict(stats.by_state) == {"new": 1, "learning": 2, "review": 1, "relearning": 0}
    assert (stats.due_now, stats.due_today) == (2, 2)
    assert stats.reviews == 3
    assert stats.retention == pytest.approx(2 / 3)
    per_day = dict(stats.reviews_per_day)
    assert len(per_day) == 7 and per_day[T0.date()] == 2
    assert per_day[T0.date() - timedelta(days=1)] == 1
    assert stats.to_dict()["by_state"]["review"] == 1


def test_settings_round_trip_json(store: Store) -> None:
    assert store.get_setting("missing", 7) == 7
    store.set_setting("desired_retention", 0.85)
    store.set_setting("desired_retention", 0.8)
    store.set_setting("nested", {"a": [1, 2]})
    assert store.get_setting("desired_retention") == 0.8
    assert store.get_setting("nested") == {"a": [1, 2]}


def test_default_db_url_is_per_notebook_and_env_overrides(tmp_path: Path) -> None:
    one = default_db_url(tmp_path / "History Notes", environ={})
    two = default_db_url(tmp_path / "other" / "History Notes", environ={})
    assert one.startswith("sqlite:///") and one.endswith(".sqlite3")
    assert "history-notes-" in one and one != two
    assert default_db_url(tmp_path, environ={"NOTEDECK_DB": "postgresql://x/y"}) == (
        "postgresql://x/y"
    )


def test_open_wraps_driver_errors(tmp_path: Path) -> None:
    (tmp_path / "not-a-db.sqlite3").write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError) as info:
        Store.open(f"sqlite:///{tmp_path / 'not-a-db.sqlite3'}")
    assert isinstance(info.value.__cause__, sa.exc.SQLAlchemyError)


def _child_env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}


def test_a_killed_process_never_loses_an_acknowledged_answer(tmp_path: Path) -> None:
    path = tmp_path / "durable.sqlite3"
    url = f"sqlite:///{path}"
    with Store.open(url) as setup:
        setup.upsert_cards(make_cards(50), now=T0)
    rng = random.Random(20250106)
    acked: list[str] = []
    for round_no in range(6):
        child = subprocess.Popen(
            [sys.executable, str(HERE / "answer_loop.py"), url, f"r{round_no}", str(round_no)],
            stdout=subprocess.PIPE,
            text=True,
            env=_child_env(),
        )
        assert child.stdout is not None
        wanted = rng.randint(5, 60)
        deadline = time.monotonic() + 60
        while len([k for k in acked if k.startswith(f"r{round_no}-")]) < wanted:
            line = child.stdout.readline()
            assert line and time.monotonic() < deadline, "answer loop stopped early"
            acked.append(line.split()[1])
        time.sleep(rng.uniform(0, 0.02))  # land the kill mid-transaction some of the time
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        acked.extend(line.split()[1] for line in rest.splitlines() if line.startswith("ACK "))
        assert child.returncode == -signal.SIGKILL

    raw = sqlite3.connect(path)
    try:
        assert raw.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        logged = {k for (k,) in raw.execute("SELECT idempotency_key FROM review_log")}
    finally:
        raw.close()
    missing = [k for k in acked if k not in logged]
    assert not missing, f"acknowledged answers lost: {missing[:5]}"
    assert len(acked) >= 6 * 5
