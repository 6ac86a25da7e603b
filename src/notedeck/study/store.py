"""The review store: the one primary data notedeck owns (DESIGN §5).

SQLAlchemy Core over SQLite by default (PostgreSQL with the same code), schema managed by the
Alembic migrations in `migrations/`. On SQLite every connection runs in WAL mode with
`synchronous=FULL`, so a commit is on disk before `record_answer` returns: a crash never
loses an acknowledged answer. Writes take the write lock up front (`BEGIN IMMEDIATE`) so a
read-then-write transaction cannot be overtaken by another process.

Every card has a `card_state` row from the moment it is stored: a new card holds py-fsrs's own
starting state, due when it was added. That keeps "what is due next" on one index.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.util import CommandError
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from notedeck.errors import StoreError
from notedeck.model import Card, CardKind
from notedeck.study.identity import KnownCard
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
    CardStatus,
    card_from_row,
    card_state,
    cards,
    review_log,
    settings,
    state_from_row,
    state_row,
    state_values,
)
from notedeck.study.tables import utc as _utc
from notedeck.study.upsert import UpsertReport, card_rows, plan_card_writes

ENV_VAR = "NOTEDECK_DB"
_MIGRATIONS = Path(__file__).with_name("migrations")
_WRITE = "notedeck_write"


def default_db_url(notebook_root: Path, *, environ: Mapping[str, str] | None = None) -> str:
    """The store URL for a notebook: `$NOTEDECK_DB`, else one SQLite file per notebook.

    The file lives in the user data directory and is named by a readable slug of the notebook's
    folder plus a hash of its resolved path, so two notebooks called `history` do not share one.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return env[ENV_VAR]
    resolved = notebook_root.expanduser().resolve()
    digest = hashlib.sha256(str(resolved).encode()).hexdigest()[:12]
    ascii_name = unicodedata.normalize("NFKD", resolved.stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "notebook"
    path = Path(platformdirs.user_data_dir("notedeck")) / f"{slug}-{digest}.sqlite3"
    return sa.URL.create("sqlite", database=str(path)).render_as_string()


def _configure_sqlite(engine: Engine) -> None:
    """Durable WAL settings on every connection, and BEGIN issued by us, not by sqlite3.

    Python 3.11's sqlite3 skips BEGIN before SELECT, which would let another process write
    between our read of a card's state and our write of the next one.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA busy_timeout = 10000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class Store:
    """The review store over one SQLAlchemy Engine; methods are one transaction each."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Store:
        """Open (creating if needed) the store at `url` and bring its schema up to date.

        Raises:
            StoreError: the database cannot be opened or migrated.
        """
        try:
            parsed = sa.make_url(url)
            if parsed.get_backend_name() == "sqlite" and parsed.database not in (
                None,
                "",
                ":memory:",
            ):
                Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(parsed)
        except (SQLAlchemyError, ValueError, OSError) as exc:
            raise StoreError(f"cannot open review store {url!r}: {exc}") from exc
        if engine.dialect.name == "sqlite":
            _configure_sqlite(engine)
        store = cls(engine)
        if migrate:
            try:
                store.migrate()
            except StoreError:
                engine.dispose()
                raise
        return store

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _begin(self, *, write: bool) -> Iterator[Connection]:
        """One transaction; SQLAlchemy errors leave as `StoreError`."""
        try:
            with self.engine.connect() as conn:
                if write:
                    conn.execution_options(**{_WRITE: True})
                with conn.begin():
                    yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"review store error: {exc}") from exc

    def migrate(self) -> None:
        """Apply the Alembic migrations up to head, in one transaction."""
        cfg = Config()
        cfg.set_main_option("script_location", str(_MIGRATIONS))
        try:
            with self._begin(write=True) as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        except CommandError as exc:
            raise StoreError(f"cannot migrate review store: {exc}") from exc

    # -- cards ---------------------------------------------------------------------------

    def upsert_cards(
        self,
        new_cards: Iterable[Card],
        statuses: Mapping[str, CardStatus] | None = None,
        *,
        now: datetime,
    ) -> UpsertReport:
        """Store cards and statuses for the identity layer; no card row is ever deleted.

        Args:
            new_cards: cards to insert or update (texts, source, tags, key); active unless
                `statuses` says otherwise.
            statuses: status by card id; ids not in `new_cards` only change status
                (retire or revive).
            now: the build time; new cards become due then, in the order given.

        Raises:
            StoreError: a duplicate card id, an unknown id in `statuses`, or a database error.
        """
        now = _utc(now)
        statuses = dict(statuses or {})
        rows = card_rows(new_cards)
        with self._begin(write=True) as conn:
            # Only what is compared: timestamps cost more to decode than everything else.
            compared = [cards.c[name] for name in CARD_FIELDS] + [cards.c.status]
            existing = {r.id: r for r in conn.execute(sa.select(*compared)).fetchall()}
            writes = plan_card_writes(rows, statuses, existing, now=now)
            if writes.inserts:
                conn.execute(sa.insert(cards), writes.inserts)
                # Microsecond steps keep new cards in the given (reading) order on the due index.
                conn.execute(
                    sa.insert(card_state),
                    [
                        state_row(r["id"], CardState.new(now + timedelta(microseconds=i)))
                        for i, r in enumerate(writes.inserts)
                    ],
                )
            if writes.updates:
                conn.execute(
                    sa.update(cards)
                    .where(cards.c.id == sa.bindparam("b_id"))
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
                    .where(cards.c.id == sa.bindparam("b_id"))
                    .values(
                        status=sa.bindparam("b_status"),
                        retired_at=sa.bindparam("b_retired_at"),
                        updated_at=sa.bindparam("b_updated_at"),
                    ),
                    writes.status_changes,
                )
        return writes.report

    def known_cards(self) -> tuple[KnownCard, ...]:
        """What identity reconciliation needs of every stored card, read in one narrow query."""
        columns = (cards.c.id, cards.c.kind, cards.c.front, cards.c.back, cards.c.key,
                   cards.c.page, cards.c.status)  # fmt: skip
        with self._begin(write=False) as conn:
            rows = conn.execute(sa.select(*columns).order_by(cards.c.id)).fetchall()
        kinds = {kind.value: kind for kind in CardKind}  # a dict lookup, not Enum's call
        return tuple(KnownCard(r[0], kinds[r[1]], *r[2:]) for r in rows)

    def stored_cards(self, *, status: CardStatus | None = None) -> tuple[StoredCard, ...]:
        """Every stored card (or those with `status`), ordered by id."""
        query = sa.select(cards).order_by(cards.c.id)
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
            row = conn.execute(sa.select(cards.c.suspended_at).where(cards.c.id == card_id)).first()
            if row is None:
                raise StoreError(f"no card with id {card_id!r} in this store")
            if (row.suspended_at is None) == (when is None):
                return False
            conn.execute(cards.update().where(cards.c.id == card_id).values(suspended_at=when))
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

    def review_history(self) -> tuple[ReviewRecord, ...]:
        """Every answer in the log, by card then in the order given."""
        query = sa.select(
            review_log.c.id,
            review_log.c.card_id,
            review_log.c.rating,
            review_log.c.reviewed_at,
            review_log.c.duration_ms,
        ).order_by(review_log.c.card_id, review_log.c.id)
        with self._begin(write=False) as conn:
            return tuple(
                ReviewRecord(r[0], r[1], Rating(r[2]), r[3], r[4]) for r in conn.execute(query)
            )

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
        shown = sa.and_(cards.c.status == CardStatus.ACTIVE.value, cards.c.suspended_at.is_(None))
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
        shown = sa.and_(cards.c.status == CardStatus.ACTIVE.value, cards.c.suspended_at.is_(None))
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
        query = (
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
        card_query = (
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
        answer_query = sa.select(
            review_log.c.card_id, review_log.c.reviewed_at, review_log.c.rating
        ).where(review_log.c.reviewed_at >= window_start)
        with self._begin(write=False) as conn:
            card_rows = [CardRow(*row) for row in conn.execute(card_query)]
            answers = [AnswerRow(*row) for row in conn.execute(answer_query)]
        return summarise_stats(card_rows, answers, now=now, tz=tz, days=days)

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
