"""The review store: the one primary data notedeck owns (DESIGN §5).

SQLAlchemy Core over SQLite by default (PostgreSQL with the same code; `connect.py` turns a
URL into an engine), schema managed by the Alembic migrations in `migrations/`. On SQLite
every connection runs in WAL mode with `synchronous=FULL`, so a commit is on disk before
`record_answer` returns: a crash never loses an acknowledged answer. Writes take the write
lock up front (`BEGIN IMMEDIATE`) so a read-then-write transaction cannot be overtaken by
another process, and wait up to a minute for it. Opening the store and rebuilding unchanged
notes only read, so any number of read commands run beside a writer.

One database holds many notebooks (`for_notebook`); a store scoped to one reads and writes
only that notebook's cards.

Every card has a `card_state` row from the moment it is stored: a new card holds py-fsrs's own
starting state, due when it was added. That keeps "what is due next" on one index.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from notedeck.errors import ExamError, StoreError
from notedeck.model import Card, CardKind
from notedeck.study.connect import ENV_VAR as ENV_VAR
from notedeck.study.connect import WRITE, connect, describe_error
from notedeck.study.connect import default_db_url as default_db_url
from notedeck.study.exam_spec import ExamSpec
from notedeck.study.records import (
    Answer,
    DueCard,
    QueueCounts,
    ReviewRecord,
    StoredCard,
    Undone,
)
from notedeck.study.schedule import CardState, LearningState, Rating, SchedulerSettings, review
from notedeck.study.stats import AnswerRow, CardRow, StudyStats, summarise_stats
from notedeck.study.tables import (
    CARD_FIELDS,
    WEEKDAYS,
    CardStatus,
    card_from_row,
    card_state,
    cards,
    exam_days_off,
    exam_scope,
    exams,
    notebooks,
    review_log,
    settings,
    state_from_row,
    state_row,
    state_values,
)
from notedeck.study.tables import utc as _utc
from notedeck.study.upsert import CardWrites, UpsertReport, card_rows, plan_card_writes

if TYPE_CHECKING:
    from notedeck.study.identity import KnownCard  # with rapidfuzz: only a build needs it
    from notedeck.study.scheduled import ScheduledColumns
    from notedeck.study.scheduled_cache import SavedColumns

_MIGRATIONS = Path(__file__).with_name("migrations")
#: The newest migration's revision: a store at it needs no migrating (a test keeps it true).
SCHEMA_HEAD = "0004"


def _schema_revision(conn: sa.Connection) -> str | None:
    """The store's schema revision, read as Alembic writes it; None for a new store."""
    if not sa.inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


# Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations.
_MIGRATION_LOCK = 0x6E6F7465646563


class StaleBuild(StoreError):
    """Another build changed the notebook's cards after this build read them."""


class Store:
    """The review store over one SQLAlchemy Engine; methods are one transaction each.

    A store from `open` sees every card; `for_notebook` gives one that reads and writes only
    a notebook's cards (the CLI always works through one).
    """

    def __init__(self, engine: Engine, *, where: str = "", notebook_id: int | None = None) -> None:
        self.engine = engine
        self.where = where or engine.url.render_as_string(hide_password=True)
        self.notebook_id = notebook_id

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open (creating if needed) the store at `url` and bring its schema up to date.

        A SQLite file's folder is created only in the default location (the user data
        directory); anywhere else a missing folder is an error, so a mistyped `--db` does
        not leave new folders behind.

        Raises:
            StoreError: an unsupported URL, a missing driver, or a database that cannot be
                opened or migrated; the message names the file or URL.
        """
        engine, where = connect(url)
        store = cls(engine, where=where)
        if migrate:
            try:
                store.migrate()
            except StoreError:
                engine.dispose()
                raise
        return store

    def for_notebook(self, root: Path) -> Store:
        """This store scoped to the notebook at `root`, which is recorded on first use.

        Only the first call for a notebook writes; later ones only read.

        Raises:
            StoreError: a database error.
        """
        key = root_key(root)
        with self._begin(write=False) as conn:
            found = conn.execute(sa.select(notebooks.c.id).where(notebooks.c.root == key)).scalar()
        if found is None:
            with self._begin(write=True) as conn:
                found = _register_notebook(conn, key)
        return Store(self.engine, where=self.where, notebook_id=found)

    def adopt_unclaimed(self, keys: Collection[str]) -> int:
        """Take over the cards stored before notebooks were recorded, if they are ours.

        Migration 0003 put such cards in a notebook with no root. The first notebook to build
        that has no cards of its own and derives a card with one of their keys (page, anchor,
        kind and answer) is the one that built them: it adopts them all, with their history.
        Another notebook sharing the store leaves them alone, even with a page of the same
        name. Returns how many cards were adopted.

        Raises:
            StoreError: the store is not scoped to a notebook, or a database error.
        """
        if self.notebook_id is None:
            raise StoreError("adopting cards needs a store scoped to a notebook")
        mine = cards.c.notebook_id == self.notebook_id
        with self._begin(write=False) as conn:
            unclaimed = conn.execute(_unclaimed_query()).scalar()
            if unclaimed is None or conn.execute(sa.select(cards.c.id).where(mine)).first():
                return 0
            theirs = conn.execute(
                sa.select(cards.c.key).where(cards.c.notebook_id == unclaimed)
            ).scalars()
            if set(keys).isdisjoint(theirs):
                return 0
        with self._begin(write=True) as conn:
            locked = conn.execute(
                sa.select(notebooks.c.id)
                .where(notebooks.c.id == unclaimed, notebooks.c.root.is_(None))
                .with_for_update()
            ).scalar()
            if locked is None or conn.execute(sa.select(cards.c.id).where(mine)).first():
                return 0  # another build adopted them first, or this notebook has cards now
            moved = conn.execute(
                sa.update(cards)
                .where(cards.c.notebook_id == unclaimed)
                .values(notebook_id=self.notebook_id)
            ).rowcount
            conn.execute(sa.delete(notebooks).where(notebooks.c.id == unclaimed))
            conn.execute(
                sa.update(notebooks)
                .where(notebooks.c.id == self.notebook_id)
                .values(revision=notebooks.c.revision + 1)
            )
        return int(moved)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _begin(self, *, write: bool) -> Iterator[Connection]:
        """One transaction; SQLAlchemy errors leave as `StoreError`, naming the store.

        A read sees one snapshot on PostgreSQL too (REPEATABLE READ; a read-only transaction
        there never fails to serialise), as it does on SQLite: a build compares a notebook's
        revision with the cards read beside it, and they must be of the same moment.
        """
        with self._errors(), self.engine.connect() as conn:
            if write:
                conn.execution_options(**{WRITE: True})
            elif conn.dialect.name == "postgresql":
                conn.execution_options(isolation_level="REPEATABLE READ")
            with conn.begin():
                yield conn

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except SQLAlchemyError as exc:
            raise StoreError(describe_error(exc, self.where)) from exc

    def migrate(self) -> None:
        """Apply the Alembic migrations up to head, in one transaction.

        A store already at head is only read, so opening one never takes the write lock.
        Concurrent first opens are serialised: by the write lock on SQLite, by an advisory
        lock on PostgreSQL; the second finds the schema made and does nothing.
        """
        with self._begin(write=False) as conn:
            if _schema_revision(conn) == SCHEMA_HEAD:
                return
        # Alembic is a fifth of a second to import: only a store that needs it pays for it.
        from alembic import command
        from alembic.config import Config
        from alembic.util import CommandError

        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        sqlite_db = self.engine.dialect.name == "sqlite"
        try:
            with self._errors(), self.engine.connect() as conn:
                raw: Any = conn.connection.driver_connection
                if sqlite_db:  # rebuilding a table needs foreign keys off, outside a transaction
                    raw.execute("PRAGMA foreign_keys = OFF")
                try:
                    conn.execution_options(**{WRITE: True})
                    with conn.begin():
                        if conn.dialect.name == "postgresql":
                            conn.execute(
                                sa.text("SELECT pg_advisory_xact_lock(:key)"),
                                {"key": _MIGRATION_LOCK},
                            )
                        cfg.attributes["connection"] = conn
                        command.upgrade(cfg, "head")
                        if sqlite_db and conn.exec_driver_sql("PRAGMA foreign_key_check").first():
                            raise StoreError(
                                f"cannot migrate review store {self.where}: "
                                "it holds rows whose cards are missing"
                            )
                finally:
                    if sqlite_db:
                        try:
                            raw.execute("PRAGMA foreign_keys = ON")
                        except sqlite3.Error:
                            conn.invalidate()  # never back into the pool without its keys
        except CommandError as exc:
            raise StoreError(f"cannot migrate review store {self.where}: {exc}") from exc

    def _scoped(self, query: Any) -> Any:
        """`query` limited to this store's notebook, if it has one."""
        if self.notebook_id is None:
            return query
        return query.where(cards.c.notebook_id == self.notebook_id)

    def _shown(self, *, by_due: bool = False) -> sa.ColumnElement[bool]:
        """Cards offered for review: this notebook's active, unsuspended ones.

        `by_due`: the query walks cards in due order and stops early. SQLite then must not
        start from the notebook index (it would read every card of the notebook and sort
        them: 180 ms for 100k cards, against 0.1 ms down the due index), so the notebook
        test is written as an expression no index serves.
        """
        shown = sa.and_(cards.c.status == CardStatus.ACTIVE.value, cards.c.suspended_at.is_(None))
        if self.notebook_id is None:
            return shown
        notebook = cards.c.notebook_id + 0 if by_due else cards.c.notebook_id
        return sa.and_(shown, notebook == self.notebook_id)

    # -- cards ---------------------------------------------------------------------------

    def upsert_cards(
        self,
        new_cards: Iterable[Card],
        statuses: Mapping[str, CardStatus] | None = None,
        *,
        now: datetime,
        expected_revision: int | None = None,
    ) -> UpsertReport:
        """Store cards and statuses for the identity layer; no card row is ever deleted.

        When nothing would change, nothing is written: the write lock is not taken, so
        read commands on unchanged notes run beside writers. Inserts skip a card id that is
        already stored (`ON CONFLICT DO NOTHING`), so a retried or concurrent build cannot
        fail on a duplicate key or count a card twice.

        Args:
            new_cards: cards to insert or update (texts, source, tags, key); active unless
                `statuses` says otherwise.
            statuses: status by card id; ids not in `new_cards` only change status
                (retire or revive).
            now: the build time; new cards become due then, in the order given.
            expected_revision: the notebook revision the caller's reconciliation read
                (`known_cards_at`); a build passes it so it never writes over a newer one.

        Raises:
            StaleBuild: the notebook's cards changed since `expected_revision`.
            StoreError: a duplicate card id, an unknown id in `statuses`, a card id held by
                another notebook, or a database error.
        """
        now = _utc(now)
        statuses = dict(statuses or {})
        rows = card_rows(new_cards)
        notebook_id = self.notebook_id
        planned: tuple[int, CardWrites] | None = None  # (revision read, writes planned)
        if notebook_id is not None:
            with self._begin(write=False) as conn:
                revision = _revision(conn, notebook_id)
                writes = plan_card_writes(rows, statuses, _compared(conn, notebook_id), now=now)
            if expected_revision is not None and revision != expected_revision:
                raise StaleBuild("another build changed this notebook's cards")
            if writes.nothing_to_do:
                return writes.report
            planned = (revision, writes)
        with self._begin(write=True) as conn:
            if notebook_id is None:
                notebook_id = _unclaimed_notebook(conn, now)
            revision = _revision(conn, notebook_id, lock=True)
            if expected_revision is not None and revision != expected_revision:
                raise StaleBuild("another build changed this notebook's cards")
            if planned is not None and planned[0] == revision:
                writes = planned[1]  # no build wrote in between: the plan still holds
            else:
                writes = plan_card_writes(rows, statuses, _compared(conn, notebook_id), now=now)
            if writes.nothing_to_do:
                return writes.report
            inserted: list[str] = []
            if writes.inserts:
                inserted = _insert_new_cards(conn, notebook_id, writes.inserts, now)
                if len(inserted) < len(writes.inserts):
                    taken = sorted({r["id"] for r in writes.inserts} - set(inserted))
                    raise StoreError(
                        f"card ids already belong to another notebook in {self.where}: "
                        f"{', '.join(taken[:5])}; build again"
                    )
            mine = cards.c.notebook_id == notebook_id
            if writes.updates:
                conn.execute(
                    sa.update(cards)
                    .where(cards.c.id == sa.bindparam("b_id"), mine)
                    .values(
                        {
                            k: sa.bindparam(f"b_{k}")
                            for k in [*CARD_FIELDS, "updated_at"]
                            if k != "id"
                        }
                    ),
                    writes.updates,
                )
            if writes.status_changes:
                conn.execute(
                    sa.update(cards)
                    .where(cards.c.id == sa.bindparam("b_id"), mine)
                    .values(
                        status=sa.bindparam("b_status"),
                        retired_at=sa.bindparam("b_retired_at"),
                        updated_at=sa.bindparam("b_updated_at"),
                    ),
                    writes.status_changes,
                )
            conn.execute(
                sa.update(notebooks)
                .where(notebooks.c.id == notebook_id)
                .values(revision=notebooks.c.revision + 1, built_at=now)
            )
        return writes.report

    def known_cards(self) -> tuple[KnownCard, ...]:
        """What identity reconciliation needs of every stored card (of this notebook)."""
        return self.known_cards_at()[1]

    def known_cards_at(self) -> tuple[int | None, tuple[KnownCard, ...]]:
        """The notebook's revision and its cards as identity reconciliation needs them, read
        in one transaction; pass the revision to `upsert_cards` as `expected_revision`."""
        columns = (cards.c.id, cards.c.kind, cards.c.front, cards.c.back, cards.c.key,
                   cards.c.page, cards.c.status)  # fmt: skip
        with self._begin(write=False) as conn:
            revision = None if self.notebook_id is None else _revision(conn, self.notebook_id)
            rows = conn.execute(self._scoped(sa.select(*columns)).order_by(cards.c.id)).fetchall()
        kinds = {kind.value: kind for kind in CardKind}  # a dict lookup, not Enum's call
        from notedeck.study.identity import KnownCard

        return revision, tuple(KnownCard(r[0], kinds[r[1]], *r[2:]) for r in rows)

    def ids_elsewhere(self, card_ids: Iterable[str]) -> set[str]:
        """Which of `card_ids` are held by other notebooks' cards (ids are unique across the
        database, so a new card must not take one)."""
        ids = list(card_ids)
        found: set[str] = set()
        if self.notebook_id is None or not ids:
            return found
        with self._begin(write=False) as conn:
            for start in range(0, len(ids), 500):
                query = sa.select(cards.c.id).where(
                    cards.c.id.in_(ids[start : start + 500]),
                    cards.c.notebook_id != self.notebook_id,
                )
                found.update(conn.execute(query).scalars())
        return found

    def stored_cards(self, *, status: CardStatus | None = None) -> tuple[StoredCard, ...]:
        """Every stored card of this notebook (or those with `status`), ordered by id."""
        query = self._scoped(sa.select(cards)).order_by(cards.c.id)
        if status is not None:
            query = query.where(cards.c.status == status.value)
        with self._begin(write=False) as conn:
            return tuple(
                StoredCard(
                    card_from_row(r),
                    CardStatus(r.status),
                    r.created_at,
                    r.updated_at,
                    r.retired_at,
                    r.suspended_at,
                )
                for r in conn.execute(query)
            )

    def suspend(self, card_id: str, now: datetime) -> bool:
        """Hide a card from review until `unsuspend`; its history is kept, and rebuilds of
        the notes leave it suspended. Returns False when it was already suspended.

        Raises:
            StoreError: no such card.
        """
        return self._set_suspended(card_id, _utc(now))

    def unsuspend(self, card_id: str) -> bool:
        """Show a suspended card for review again. Returns False when it was not suspended.

        Raises:
            StoreError: no such card.
        """
        return self._set_suspended(card_id, None)

    def _set_suspended(self, card_id: str, when: datetime | None) -> bool:
        with self._begin(write=True) as conn:
            query = self._scoped(sa.select(cards.c.suspended_at).where(cards.c.id == card_id))
            row = conn.execute(query).first()
            if row is None:
                raise StoreError(f"no card with id {card_id!r} in this notebook's store")
            if (row.suspended_at is None) == (when is None):
                return False
            conn.execute(cards.update().where(cards.c.id == card_id).values(suspended_at=when))
            # The notebook's cards changed: a saved copy of them (`columns_version`) is stale.
            conn.execute(
                sa.update(notebooks)
                .where(
                    notebooks.c.id
                    == sa.select(cards.c.notebook_id).where(cards.c.id == card_id).scalar_subquery()
                )
                .values(revision=notebooks.c.revision + 1)
            )
            return True

    def card_state(self, card_id: str) -> CardState:
        """The card's current memory state.

        Raises:
            StoreError: no such card.
        """
        with self._begin(write=False) as conn:
            return _read_state(conn, card_id)

    # -- answers -------------------------------------------------------------------------

    def record_answer(
        self,
        card_id: str,
        rating: Rating | int,
        *,
        now: datetime,
        idempotency_key: str,
        duration_ms: int | None = None,
    ) -> Answer:
        """Record one answer and reschedule the card, committed before this returns.

        The review_log row and the new card_state are written in one transaction. Sending
        the same `idempotency_key` again records nothing and returns the first answer with
        `duplicate=True`, so a client may retry freely.

        Raises:
            ValueError: a rating outside 1–4 or a naive `now`.
            StoreError: unknown card or a database error.
        """
        rating = Rating(rating)
        now = _utc(now)
        try:
            with self._begin(write=True) as conn:
                found = _answer_by_key(conn, idempotency_key)
                if found is not None:
                    return found
                before = _read_state(conn, card_id, lock=True)
                after = review(before, rating, now, settings=_scheduler_settings(conn))
                inserted = conn.execute(
                    sa.insert(review_log).values(
                        card_id=card_id,
                        rating=int(rating),
                        reviewed_at=now,
                        duration_ms=duration_ms,
                        idempotency_key=idempotency_key,
                        **{f"prev_{k}": v for k, v in state_values(before).items()},
                    )
                ).inserted_primary_key
                assert inserted is not None  # an INSERT always reports its key
                review_id = inserted[0]
                conn.execute(
                    sa.update(card_state)
                    .where(card_state.c.card_id == card_id)
                    .values(state_values(after))
                )
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            # Another writer recorded the same key between our check and our insert.
            with self._begin(write=False) as conn:
                found = _answer_by_key(conn, idempotency_key)
            if found is None:
                raise
            return found
        return Answer(int(review_id), card_id, rating, now, duration_ms, idempotency_key, after)

    def undo_last_answer(self, idempotency_key: str) -> Undone | None:
        """Take back the learner's last answer to a card, restoring the state before it.

        This deletes the review_log row, the one exception to the log being append-only.
        An undone answer is a mis-key the learner retracted at once, not evidence about their
        memory; deleting it keeps every reader of the log (stats, the optimiser, the exam
        planner) free of a filter they could forget. The row carries the card's state from
        before the answer, so the restore is exact even if parameters changed since. Only the
        card's latest answer can be undone; an older one would rewrite later history.

        Returns:
            What was undone, or None when no answer has that key (e.g. it was already undone).

        Raises:
            StoreError: the answer is not the card's latest, or a database error.
        """
        with self._begin(write=True) as conn:
            row = conn.execute(
                sa.select(review_log).where(review_log.c.idempotency_key == idempotency_key)
            ).one_or_none()
            if row is None:
                return None
            latest = conn.execute(
                sa.select(sa.func.max(review_log.c.id)).where(review_log.c.card_id == row.card_id)
            ).scalar_one()
            if latest != row.id:
                raise StoreError(
                    f"answer {idempotency_key!r} is not the latest answer to card {row.card_id!r}; "
                    "only the latest can be undone"
                )
            restored = state_from_row(row, prefix="prev_")
            conn.execute(
                sa.update(card_state)
                .where(card_state.c.card_id == row.card_id)
                .values(state_values(restored))
            )
            conn.execute(sa.delete(review_log).where(review_log.c.id == row.id))
        return Undone(row.id, row.card_id, idempotency_key, restored)

    def review_history(self, *, own: bool = False) -> tuple[ReviewRecord, ...]:
        """Every answer in the log, by card then in the order given; with `own`, only those
        to this notebook's cards (how long *these* cards take to answer, for the planner)."""
        query = sa.select(
            review_log.c.id,
            review_log.c.card_id,
            review_log.c.rating,
            review_log.c.reviewed_at,
            review_log.c.duration_ms,
        ).order_by(review_log.c.card_id, review_log.c.id)
        if own and self.notebook_id is not None:
            # EXISTS, not a join: SQLite then walks the log and looks each card up, instead of
            # walking all of a notebook's cards (0.4 s for 313,000 cards and an empty log).
            query = query.where(
                sa.exists().where(
                    cards.c.id == review_log.c.card_id, cards.c.notebook_id == self.notebook_id
                )
            )
        with self._begin(write=False) as conn:
            return tuple(
                ReviewRecord(r[0], r[1], Rating(r[2]), r[3], r[4]) for r in conn.execute(query)
            )

    def answer_times(self, *, own: bool = False) -> list[tuple[str, int]]:
        """(card id, milliseconds) of every answer with a duration, by card then in order;
        with `own`, only this notebook's cards. All the exam planner reads of the log: the
        driver's own rows, no record object or timestamp per answer (`review_history` took
        1.4 s for 141,000 answers, this a tenth of that)."""
        query = (
            sa.select(review_log.c.card_id, review_log.c.duration_ms)
            .where(review_log.c.duration_ms > 0)
            .order_by(review_log.c.card_id, review_log.c.id)
        )
        with self._begin(write=False) as conn:
            if own and self.notebook_id is not None and _cards_elsewhere(conn, self.notebook_id):
                # EXISTS, as in `review_history`: a lookup of each answer's card (0.7 s for
                # 141,000 answers), so only when another notebook has cards to leave out.
                query = query.where(
                    sa.exists().where(
                        cards.c.id == review_log.c.card_id, cards.c.notebook_id == self.notebook_id
                    )
                )
            return _plain_rows(conn, query)

    # -- queue and stats -----------------------------------------------------------------

    def next_due(
        self, now: datetime, limit: int = 20, *, include_new: bool = True
    ) -> tuple[DueCard, ...]:
        """Active cards to show at `now`: due reviews by due time, then new cards.

        Reviews come first because a forgotten review costs more than a postponed new card;
        new cards follow in the order they were added (reading order).
        """
        now = _utc(now)
        base = sa.select(cards, card_state).join(card_state, card_state.c.card_id == cards.c.id)
        shown = self._shown(by_due=True)
        reviewed = base.where(
            card_state.c.last_review.is_not(None), card_state.c.due <= now, shown
        ).order_by(card_state.c.due, card_state.c.card_id)
        unseen = base.where(card_state.c.last_review.is_(None), shown).order_by(
            card_state.c.due, card_state.c.card_id
        )
        with self._begin(write=False) as conn:
            rows = list(conn.execute(reviewed.limit(limit)))
            if include_new and len(rows) < limit:
                rows += conn.execute(unseen.limit(limit - len(rows)))
        return tuple(DueCard(card_from_row(r), state_from_row(r)) for r in rows)

    def queue_counts(self, now: datetime) -> QueueCounts:
        """Active, unsuspended cards waiting now: new, in (re)learning, and due reviews."""
        now = _utc(now)
        shown = self._shown()
        seen = card_state.c.last_review.is_not(None)
        learning = card_state.c.state.in_((LearningState.LEARNING, LearningState.RELEARNING))
        query = (
            sa.select(
                sa.func.count().filter(~seen),
                sa.func.count().filter(seen, learning, card_state.c.due <= now),
                sa.func.count().filter(seen, ~learning, card_state.c.due <= now),
            )
            .select_from(cards.join(card_state, card_state.c.card_id == cards.c.id))
            .where(shown)
        )
        with self._begin(write=False) as conn:
            new, learn, due = conn.execute(query).one()
        return QueueCounts(new, learn, due)

    def reviewed_lines(self, since: datetime) -> dict[tuple[str, int], set[str]]:
        """The cards answered since `since`, by the note line they come from: siblings of a
        card answered today are buried until tomorrow, as Anki does."""
        query = self._scoped(
            sa.select(cards.c.page, cards.c.line, cards.c.id)
            .join(review_log, review_log.c.card_id == cards.c.id)
            .where(review_log.c.reviewed_at >= _utc(since))
            .distinct()
        )
        lines: dict[tuple[str, int], set[str]] = {}
        with self._begin(write=False) as conn:
            for page, line, card_id in conn.execute(query):
                lines.setdefault((page, line), set()).add(card_id)
        return lines

    def stats(self, now: datetime, *, tz: tzinfo = UTC, days: int = 30) -> StudyStats:
        """Counts for the stats screen, overall and per page section.

        Days are calendar days in the learner's `tz`; answers older than the window are not
        read at all.
        """
        now = _utc(now)
        window_start = now - timedelta(days=days + 1)
        card_query = self._scoped(
            sa.select(
                cards.c.id,
                cards.c.page,
                cards.c.section,
                cards.c.status,
                card_state.c.state,
                card_state.c.due,
                card_state.c.last_review,
            )
            .join(card_state, card_state.c.card_id == cards.c.id)
            .order_by(cards.c.page, cards.c.line)
        )
        answer_query = self._scoped(
            sa.select(review_log.c.card_id, review_log.c.reviewed_at, review_log.c.rating)
            .join(cards, cards.c.id == review_log.c.card_id)
            .where(review_log.c.reviewed_at >= window_start)
        )
        with self._begin(write=False) as conn:
            card_rows = [CardRow(*row) for row in conn.execute(card_query)]
            answers = [AnswerRow(*row) for row in conn.execute(answer_query)]
        return summarise_stats(card_rows, answers, now=now, tz=tz, days=days)

    # -- forecast and charts (aggregated in SQL: a store may hold a million answers) -------

    def due_counts(self, bounds: Sequence[datetime]) -> tuple[int, ...]:
        """Reviewed cards offered for review, counted by when they fall due: before
        `bounds[0]` (overdue included), then between each bound and the next. Cards due
        after the last bound, and new cards, are not counted."""
        due = card_state.c.due
        query = (
            sa.select(cards.c.id)
            .join(card_state, card_state.c.card_id == cards.c.id)
            .where(self._shown(), card_state.c.last_review.is_not(None))
        )
        with self._begin(write=False) as conn:
            return _bucket_counts(conn, query, due, [_utc(b) for b in bounds])

    def answer_counts(self, since: datetime, bounds: Sequence[datetime]) -> tuple[int, ...]:
        """Answers to this notebook's cards from `since` on, counted between `since` and
        `bounds[0]`, then between each bound and the next.

        A store that holds no other notebook's cards (one SQLite file per notebook, the
        default) is counted from the `reviewed_at` index alone, never reading a row.
        """
        reviewed_at = review_log.c.reviewed_at
        query = sa.select(review_log.c.id).where(reviewed_at >= _utc(since))
        with self._begin(write=False) as conn:
            if not self._alone(conn):
                joined = query.join(cards, cards.c.id == review_log.c.card_id)
                query = self._by_window(conn, joined)
            return _bucket_counts(conn, query, reviewed_at, [_utc(b) for b in bounds])

    def section_answers(self, since: datetime) -> tuple[tuple[str, str | None, int, int], ...]:
        """(page, section, answers, answers above Again) for the active cards' answers since
        `since`, by page, then section in note order; sections with no answer are left out."""
        recalled = sa.case((review_log.c.rating > int(Rating.AGAIN), 1), else_=0)
        query = (
            sa.select(cards.c.page, cards.c.section, sa.func.count(), sa.func.sum(recalled))
            .join(cards, cards.c.id == review_log.c.card_id)
            .where(review_log.c.reviewed_at >= _utc(since))
            .group_by(cards.c.page, cards.c.section)
            .order_by(cards.c.page, sa.func.min(cards.c.line))
        )
        with self._begin(write=False) as conn:
            query = self._by_window(conn, query, status=CardStatus.ACTIVE)
            return tuple((r[0], r[1], int(r[2]), int(r[3] or 0)) for r in conn.execute(query))

    def _alone(self, conn: Connection) -> bool:
        """No other notebook has cards here, so every answer is this notebook's."""
        if self.notebook_id is None:
            return True
        others = sa.select(cards.c.id).where(
            sa.or_(cards.c.notebook_id < self.notebook_id, cards.c.notebook_id > self.notebook_id)
        )
        return conn.execute(others.limit(1)).first() is None

    def _by_window(self, conn: Connection, query: Any, *, status: CardStatus | None = None) -> Any:
        """A query over a window of answers joined to their cards, limited to this notebook
        (and to cards of `status`).

        SQLite, which keeps no statistics here, would walk every answer of the notebook's
        cards from the card index; written so that no index serves them (`notebook_id + 0`),
        the conditions leave it the `reviewed_at` index, and the cost grows with the window,
        not the history (30 days of 1M answers: 440 -> 250 ms). PostgreSQL plans from its
        statistics, and the same trick would mislead it (277 ms -> 1.4 s), so it gets the
        plain conditions.
        """
        plain = conn.dialect.name != "sqlite"
        if status is not None:
            column = cards.c.status if plain else cards.c.status.concat("")
            query = query.where(column == status.value)
        if self.notebook_id is not None:
            column = cards.c.notebook_id if plain else cards.c.notebook_id + 0
            query = query.where(column == self.notebook_id)
        return query

    def state_counts(self) -> dict[str, int]:
        """This notebook's cards by state: new, learning (relearning too), review, suspended
        (active ones the learner hid) and retired; each card counts once."""
        seen = card_state.c.last_review.is_not(None)
        active = cards.c.status == CardStatus.ACTIVE.value
        shown = sa.and_(active, cards.c.suspended_at.is_(None))
        learning = card_state.c.state.in_((LearningState.LEARNING, LearningState.RELEARNING))
        query = self._scoped(
            sa.select(
                sa.func.count().filter(shown, ~seen),
                sa.func.count().filter(shown, seen, learning),
                sa.func.count().filter(shown, seen, ~learning),
                sa.func.count().filter(active, cards.c.suspended_at.is_not(None)),
                sa.func.count().filter(~active),
            ).select_from(cards.join(card_state, card_state.c.card_id == cards.c.id))
        )
        with self._begin(write=False) as conn:
            row = conn.execute(query).one()
        return dict(zip(("new", "learning", "review", "suspended", "retired"), row, strict=True))

    def card_pages(self) -> tuple[str, ...]:
        """The pages this notebook's cards come from: what an exam's page globs match.

        Retired and suspended cards count too, so the read stays on the page index (a
        filter on status read every row: 0.2 s for the 5,000-page bench notebook).
        """
        query = self._scoped(sa.select(cards.c.page).distinct().order_by(cards.c.page))
        with self._begin(write=False) as conn:
            return tuple(conn.execute(query).scalars())

    def shown_cards(self, pages: Collection[str] | None = None) -> tuple[DueCard, ...]:
        """Cards offered for review (active, unsuspended) with their memory states, in notes
        order: every one, or those of `pages` (what an exam covers).

        By page, on the `(notebook_id, page, line)` index: reading the 3,300 cards of one
        unit of the 5,000-page bench notebook by card id took 4 s of random reads.
        """
        query = (
            sa.select(cards, card_state)
            .join(card_state, card_state.c.card_id == cards.c.id)
            .where(self._shown())
        )
        with self._begin(write=False) as conn:
            rows = _rows_of_pages(conn, query, pages)
            rows.sort(key=lambda r: (r.page, r.line, r.id))
            return tuple(DueCard(card_from_row(r), state_from_row(r)) for r in rows)

    def scheduled_columns(
        self, pages: Collection[str] | None = None, *, saved: SavedColumns | None = None
    ) -> ScheduledColumns:
        """Cards offered for review (active, unsuspended) with their memory states, as numpy
        columns in notes order: every one, or those of `pages` (what an exam covers).

        What an exam forecast reads, and nothing more. Two plain SELECTs with no type
        processing, because a row object per card was the cost: 4.5 s for the 313,000 cards
        of the 5,000-page bench notebook. For every page, the memory states are read without a
        join, only for answered cards, and matched to the cards by id (ids are unique in the
        whole store): a join looks up every card's state by its key, 0.3 s there even with
        nothing answered. For some pages, only their cards' states are looked up.

        `saved`: for every page of a notebook, a copy kept between runs, used when the store
        is still at the version it was read at (`_columns_version`, read in the same
        transaction as the cards), and saved again otherwise.
        """
        from notedeck.study.scheduled import ScheduledColumns

        notebook_id = self.notebook_id
        if pages is not None or notebook_id is None:
            saved = None

        query = sa.select(
            cards.c.id, cards.c.page, cards.c.section, cards.c.factor, cards.c.line
        ).where(self._shown())
        answered = sa.select(
            card_state.c.card_id,
            card_state.c.stability,
            card_state.c.difficulty,
            _EpochMicroseconds(card_state.c.last_review),
        ).where(card_state.c.last_review.is_not(None))
        with self._begin(write=False) as conn:
            version = ""
            if saved is not None and notebook_id is not None:
                version = _columns_version(conn, notebook_id)
                found = saved.load(version)
                if found is not None:
                    return found
            rows = _rows_of_pages(conn, query, pages, plain=True)
            if pages is None:
                states = _plain_rows(conn, answered)
            else:  # a few pages' cards: look their states up, not every answered card's
                of_cards = answered.join_from(card_state, cards, cards.c.id == card_state.c.card_id)
                states = _rows_of_pages(conn, of_cards.where(self._shown()), pages, plain=True)
        columns = ScheduledColumns.from_rows(rows, states)
        if saved is not None:
            saved.save(version, columns)
        return columns

    def latest_answer_id(self) -> int:
        """The id of the newest answer in the log (0 for none): where `answered_after`
        starts from."""
        with self._begin(write=False) as conn:
            return int(conn.execute(sa.select(sa.func.max(review_log.c.id))).scalar() or 0)

    def answered_after(self, review_id: int) -> tuple[int, dict[str, CardState]]:
        """The newest answer's id, and the memory state now of each card answered after
        answer `review_id`: how a long review sitting learns what another one (a second
        browser tab, the terminal) did meanwhile, without reading every card again."""
        with self._begin(write=False) as conn:
            rows = conn.execute(
                sa.select(review_log.c.id, review_log.c.card_id).where(review_log.c.id > review_id)
            ).all()
            if not rows:
                return review_id, {}
            ids = sorted({r.card_id for r in rows})
            states = {
                r.card_id: state_from_row(r)
                for start in range(0, len(ids), 500)
                for r in conn.execute(
                    sa.select(card_state).where(card_state.c.card_id.in_(ids[start : start + 500]))
                )
            }
        return max(r.id for r in rows), states

    def answered_seconds(self, since: datetime) -> float:
        """Seconds spent answering this notebook's cards since `since` (answers without a
        duration count nothing): how much of a day's budget is already used."""
        query = self._scoped(
            sa.select(sa.func.coalesce(sa.func.sum(review_log.c.duration_ms), 0))
            .select_from(review_log.join(cards, cards.c.id == review_log.c.card_id))
            .where(review_log.c.reviewed_at >= _utc(since))
        )
        with self._begin(write=False) as conn:
            return float(conn.execute(query).scalar_one()) / 1000

    # -- exams ---------------------------------------------------------------------------

    def add_exam(self, spec: ExamSpec, *, now: datetime, learner: str = "") -> None:
        """Keep an exam for this notebook and learner ('' is the store's one learner).

        Raises:
            ExamError: the notebook already has an exam of that name for this learner.
            StoreError: the store is not scoped to a notebook, or a database error.
        """
        notebook_id = self._notebook_needed("exams")
        mine = sa.and_(exams.c.notebook_id == notebook_id, exams.c.learner == learner)
        with self._begin(write=True) as conn:
            if conn.execute(sa.select(exams.c.id).where(mine, exams.c.name == spec.name)).first():
                raise ExamError(
                    f"there is already an exam called {spec.name!r}; "
                    "remove it first (notedeck exam remove)"
                )
            inserted = conn.execute(
                sa.insert(exams).values(
                    notebook_id=notebook_id,
                    learner=learner,
                    name=spec.name,
                    day=spec.day,
                    created_at=_utc(now),
                    **{f"minutes_{d}": m for d, m in zip(WEEKDAYS, spec.minutes, strict=True)},
                )
            ).inserted_primary_key
            assert inserted is not None  # an INSERT always reports its key
            exam_id = inserted[0]
            scope = [{"kind": "page", "pattern": p} for p in spec.pages]
            scope += [{"kind": "section", "pattern": s} for s in spec.sections]
            if scope:
                conn.execute(sa.insert(exam_scope), [{"exam_id": exam_id, **r} for r in scope])
            if spec.days_off:
                conn.execute(
                    sa.insert(exam_days_off),
                    [{"exam_id": exam_id, "day": day} for day in spec.days_off],
                )

    def exams(self, *, learner: str = "") -> tuple[ExamSpec, ...]:
        """This notebook's exams for a learner, soonest first.

        Raises:
            StoreError: the store is not scoped to a notebook, or a database error.
        """
        notebook_id = self._notebook_needed("exams")
        query = (
            sa.select(exams)
            .where(exams.c.notebook_id == notebook_id, exams.c.learner == learner)
            .order_by(exams.c.day, exams.c.name)
        )
        with self._begin(write=False) as conn:
            rows = conn.execute(query).fetchall()
            ids = [r.id for r in rows]
            scope = conn.execute(
                sa.select(exam_scope)
                .where(exam_scope.c.exam_id.in_(ids))
                .order_by(exam_scope.c.exam_id, exam_scope.c.kind, exam_scope.c.pattern)
            ).fetchall()
            off = conn.execute(
                sa.select(exam_days_off)
                .where(exam_days_off.c.exam_id.in_(ids))
                .order_by(exam_days_off.c.exam_id, exam_days_off.c.day)
            ).fetchall()
        return tuple(
            ExamSpec(
                name=r.name,
                day=r.day,
                minutes=tuple(float(r._mapping[f"minutes_{d}"]) for d in WEEKDAYS),  # type: ignore[arg-type]
                days_off=tuple(o.day for o in off if o.exam_id == r.id),
                pages=tuple(s.pattern for s in scope if s.exam_id == r.id and s.kind == "page"),
                sections=tuple(
                    s.pattern for s in scope if s.exam_id == r.id and s.kind == "section"
                ),
            )
            for r in rows
        )

    def remove_exam(self, name: str, *, learner: str = "") -> bool:
        """Forget an exam (its plan goes with it; no card or answer changes). Returns False
        when there is no exam of that name.

        Raises:
            StoreError: the store is not scoped to a notebook, or a database error.
        """
        notebook_id = self._notebook_needed("exams")
        with self._begin(write=True) as conn:
            exam_id = conn.execute(
                sa.select(exams.c.id).where(
                    exams.c.notebook_id == notebook_id,
                    exams.c.learner == learner,
                    exams.c.name == name,
                )
            ).scalar()
            if exam_id is None:
                return False
            conn.execute(sa.delete(exam_scope).where(exam_scope.c.exam_id == exam_id))
            conn.execute(sa.delete(exam_days_off).where(exam_days_off.c.exam_id == exam_id))
            conn.execute(sa.delete(exams).where(exams.c.id == exam_id))
        return True

    def _notebook_needed(self, what: str) -> int:
        if self.notebook_id is None:
            raise StoreError(f"{what} need a store scoped to a notebook")
        return self.notebook_id

    # -- settings ------------------------------------------------------------------------

    def get_setting(self, key: str, default: Any = None) -> Any:
        """A setting's JSON value, or `default` when unset."""
        with self._begin(write=False) as conn:
            raw = conn.execute(sa.select(settings.c.value).where(settings.c.key == key)).scalar()
        return default if raw is None else json.loads(raw)

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON-serialisable setting, replacing any earlier value."""
        encoded = json.dumps(value)
        with self._begin(write=True) as conn:
            done = conn.execute(
                sa.update(settings).where(settings.c.key == key).values(value=encoded)
            )
            if done.rowcount == 0:
                conn.execute(sa.insert(settings).values(key=key, value=encoded))

    def scheduler_settings(self) -> SchedulerSettings:
        """The FSRS scheduler settings in force (defaults for anything unset).

        Raises:
            StoreError: the stored settings are not valid FSRS settings.
        """
        with self._begin(write=False) as conn:
            return _scheduler_settings(conn)


# -- reads and writes shared by the methods -----------------------------------------------


def _rows_of_pages(
    conn: Connection, query: Any, pages: Collection[str] | None, *, plain: bool = False
) -> list[Any]:
    """The rows of a query over cards, all of them or those of `pages` (500 pages a query,
    on the page index); with `plain`, as the driver's tuples (see `_plain_rows`)."""
    read = _plain_rows if plain else _rows
    if pages is None:
        return read(conn, query)
    wanted = sorted(pages)
    return [
        row
        for start in range(0, len(wanted), 500)
        for row in read(conn, query.where(cards.c.page.in_(wanted[start : start + 500])))
    ]


def _rows(conn: Connection, query: Any) -> list[Any]:
    return list(conn.execute(query))


def _plain_rows(conn: Connection, query: Any) -> list[tuple[Any, ...]]:
    """The rows of `query` as the driver's own tuples, without SQLAlchemy's row objects or
    result processing: for 313,000 cards the row objects cost more CPU than the read (0.67 s
    against 0.43 s). Only for columns whose values need no processing (text and numbers)."""
    result = conn.execute(query)
    try:
        return list(result.cursor.fetchall())
    except conn.dialect.loaded_dbapi.Error as exc:  # as `conn.execute` would have wrapped it
        raise sa.exc.DBAPIError.instance(None, None, exc, conn.dialect.loaded_dbapi.Error) from exc
    finally:
        result.close()


class _EpochMicroseconds(FunctionElement[int]):
    """A UTCDateTime column as whole microseconds since the Unix epoch, computed by the
    database: an integer reads far faster than a datetime, and it is exact, so the planner's
    `timestamp()` of it is the same float."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(_EpochMicroseconds, "sqlite")
def _epoch_microseconds_sqlite(
    element: _EpochMicroseconds, compiler: SQLCompiler, **kw: Any
) -> str:
    # SQLAlchemy stores SQLite datetimes as 'YYYY-MM-DD HH:MM:SS.ffffff' (naive UTC).
    column = compiler.process(element.clauses.clauses[0], **kw)
    return (
        f"(CAST(strftime('%s', {column}) AS INTEGER) * 1000000"
        f" + CAST(substr({column}, 21, 6) AS INTEGER))"
    )


@compiles(_EpochMicroseconds, "postgresql")
def _epoch_microseconds_pg(element: _EpochMicroseconds, compiler: SQLCompiler, **kw: Any) -> str:
    # EXTRACT gives an exact numeric from PostgreSQL 14 on.
    column = compiler.process(element.clauses.clauses[0], **kw)
    return f"CAST(EXTRACT(EPOCH FROM {column}) * 1000000 AS BIGINT)"


def _compared(conn: Connection, notebook_id: int) -> dict[str, Any]:
    """A notebook's stored cards by id, only the columns `plan_card_writes` compares:
    timestamps cost more to decode than everything else."""
    compared = [cards.c[name] for name in CARD_FIELDS] + [cards.c.status]
    query = sa.select(*compared).where(cards.c.notebook_id == notebook_id)
    return {r.id: r for r in conn.execute(query).fetchall()}


def _columns_version(conn: Connection, notebook_id: int) -> str:
    """The notebook's row (first stored, revision) and the answer log's newest id and size.

    Exact, not a guess: a build that changes a card, an adoption and a suspend raise the
    revision; an answer adds a log row whose id was never used before (the id only grows),
    so the newest id is new; an undo deletes a row, so the size falls. A store made anew at
    the same place has another creation time. One row and a count of the log, whatever the
    card count.
    """
    created, revision = conn.execute(
        sa.select(notebooks.c.created_at, notebooks.c.revision).where(notebooks.c.id == notebook_id)
    ).one()
    newest, size = conn.execute(sa.select(sa.func.max(review_log.c.id), sa.func.count())).one()
    return f"{SCHEMA_HEAD}:{notebook_id}:{created.isoformat()}:{revision}:{newest or 0}:{size}"


def _cards_elsewhere(conn: Connection, notebook_id: int) -> bool:
    """Whether any other notebook has a card in the store: two probes of the notebook index."""
    other = sa.select(cards.c.id).limit(1)
    return any(
        conn.execute(other.where(side)).first() is not None
        for side in (cards.c.notebook_id < notebook_id, cards.c.notebook_id > notebook_id)
    )


def _revision(conn: Connection, notebook_id: int, *, lock: bool = False) -> int:
    """The notebook's build revision; `lock` holds its row until commit (PostgreSQL), so
    builds of one notebook take turns. On SQLite the write transaction already excludes."""
    query = sa.select(notebooks.c.revision).where(notebooks.c.id == notebook_id)
    if lock:
        query = query.with_for_update()
    revision = conn.execute(query).scalar()
    if revision is None:
        raise StoreError(f"no notebook {notebook_id} in the review store")
    return int(revision)


def _insert_ignoring(conn: Connection, table: sa.Table) -> Any:
    """`INSERT … ON CONFLICT DO NOTHING` for the store's two dialects (imported here: a
    SQLite store that only reads, as `exam status` does, never loads the PostgreSQL one)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects import postgresql

        return postgresql.insert(table).on_conflict_do_nothing()
    from sqlalchemy.dialects import sqlite

    return sqlite.insert(table).on_conflict_do_nothing()


def root_key(root: Path) -> str:
    """How the store names a notebook: its resolved folder, with any bytes of the name that
    are not UTF-8 written as backslash escapes so the text can be stored."""
    return os.fsencode(root.expanduser().resolve()).decode("utf-8", "backslashreplace")


def _register_notebook(conn: Connection, root: str) -> int:
    """The id of the notebook at `root`, recorded if new. Run in a write transaction; two
    processes registering one notebook at once get the same row."""
    query = sa.select(notebooks.c.id).where(notebooks.c.root == root)
    found = conn.execute(query).scalar()
    if found is None:
        conn.execute(
            _insert_ignoring(conn, notebooks).values(
                root=root, revision=0, created_at=datetime.now(UTC)
            )
        )
        found = conn.execute(query).scalar_one()
    return int(found)


def _unclaimed_query() -> sa.Select[Any]:
    """The first root-less notebook: cards stored before notebooks were recorded, or by a
    store not scoped to a notebook."""
    return sa.select(sa.func.min(notebooks.c.id)).where(notebooks.c.root.is_(None))


def _unclaimed_notebook(conn: Connection, now: datetime) -> int:
    """The notebook that cards written without one belong to: the root-less row."""
    found = conn.execute(_unclaimed_query()).scalar()
    if found is not None:
        return int(found)
    inserted = conn.execute(
        sa.insert(notebooks).values(root=None, revision=0, created_at=now)
    ).inserted_primary_key
    assert inserted is not None  # an INSERT always reports its key
    return int(inserted[0])


def _insert_new_cards(
    conn: Connection, notebook_id: int, rows: list[dict[str, Any]], now: datetime
) -> list[str]:
    """Insert cards and their starting states, skipping ids already stored; returns the ids
    inserted, in order."""
    inserted = set(
        conn.execute(
            _insert_ignoring(conn, cards).returning(cards.c.id),
            [{**r, "notebook_id": notebook_id} for r in rows],
        ).scalars()
    )
    fresh = [r["id"] for r in rows if r["id"] in inserted]
    if fresh:
        # Microsecond steps keep new cards in the given (reading) order on the due index.
        conn.execute(
            _insert_ignoring(conn, card_state),
            [
                state_row(card_id, CardState.new(now + timedelta(microseconds=i)))
                for i, card_id in enumerate(fresh)
            ],
        )
    return fresh


# -- reads shared by the methods ----------------------------------------------------------


def _read_state(conn: Connection, card_id: str, *, lock: bool = False) -> CardState:
    query = sa.select(card_state).where(card_state.c.card_id == card_id)
    if lock:
        query = query.with_for_update()
    row = conn.execute(query).one_or_none()
    if row is None:
        raise StoreError(f"no card {card_id!r} in the review store")
    return state_from_row(row)


def _answer_by_key(conn: Connection, idempotency_key: str) -> Answer | None:
    row = conn.execute(
        sa.select(review_log).where(review_log.c.idempotency_key == idempotency_key)
    ).one_or_none()
    if row is None:
        return None
    return Answer(
        row.id,
        row.card_id,
        Rating(row.rating),
        row.reviewed_at,
        row.duration_ms,
        row.idempotency_key,
        _read_state(conn, row.card_id),
        duplicate=True,
    )


def _bucket_counts(
    conn: Connection, query: sa.Select[Any], column: Any, bounds: list[datetime]
) -> tuple[int, ...]:
    """How many rows of `query` have `column` below `bounds[0]`, then in each interval
    between one bound and the next.

    One pass, grouped by a CASE that finds a row's interval by halving (a year of days is
    nine comparisons a row, not 365), so rows never leave the database, and day bounds in
    any time zone work the same on every dialect.
    """
    if not bounds:
        return ()
    bucket = _interval(column, bounds, 0, len(bounds)).label("bucket")
    numbered = query.where(column < bounds[-1]).add_columns(bucket).subquery()
    counted = sa.select(numbered.c.bucket, sa.func.count()).group_by(numbered.c.bucket)
    counts = [0] * len(bounds)
    for number, count in conn.execute(counted):
        counts[number] = int(count)
    return tuple(counts)


def _interval(column: Any, bounds: list[datetime], lo: int, hi: int) -> Any:
    """The index of the first of `bounds[lo:hi]` that `column` is below, as SQL; a value
    not below any of them gets `hi - 1` (the caller keeps only values below the last)."""
    if hi - lo == 1:
        return sa.literal_column(str(lo), sa.Integer)
    middle = (lo + hi) // 2
    return sa.case(
        (column < bounds[middle - 1], _interval(column, bounds, lo, middle)),
        else_=_interval(column, bounds, middle, hi),
    )


def _scheduler_settings(conn: Connection) -> SchedulerSettings:
    rows = conn.execute(
        sa.select(settings.c.key, settings.c.value).where(
            settings.c.key.in_(SchedulerSettings.KEYS)
        )
    ).all()
    try:
        return SchedulerSettings.from_settings({key: json.loads(value) for key, value in rows})
    except (ValueError, TypeError) as exc:
        raise StoreError(f"the stored FSRS settings are invalid: {exc}") from exc
