"""The review store's tables: cards, their memory state, the answer log and settings.

Migrations in `migrations/versions/` create these; this module is what queries are written
against.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import sqlalchemy as sa


class CardStatus(StrEnum):
    """Whether a stored card is shown for review; retired cards keep their history."""

    ACTIVE = "active"
    RETIRED = "retired"


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """Aware datetimes in, UTC-aware datetimes out, on every dialect.

    SQLite has no time zones, so values are stored as naive UTC text (which also sorts in time
    order); PostgreSQL gets `timestamptz`.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        value = utc(value)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = sa.MetaData()

cards = sa.Table(
    "cards",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("front", sa.Text, nullable=False),
    sa.Column("back", sa.Text, nullable=False),
    sa.Column("page", sa.Text, nullable=False),
    sa.Column("section", sa.Text),
    sa.Column("factor", sa.Text),
    sa.Column("line", sa.Integer, nullable=False),
    sa.Column("end_line", sa.Integer),
    sa.Column("tags", sa.Text, nullable=False),
    sa.Column("key", sa.Text, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("updated_at", UTCDateTime, nullable=False),
    sa.Column("retired_at", UTCDateTime),
)

card_state = sa.Table(
    "card_state",
    metadata,
    sa.Column("card_id", sa.Text, sa.ForeignKey("cards.id"), primary_key=True),
    sa.Column("state", sa.Integer, nullable=False),
    sa.Column("step", sa.Integer),
    sa.Column("stability", sa.Float),
    sa.Column("difficulty", sa.Float),
    sa.Column("due", UTCDateTime, nullable=False),
    sa.Column("last_review", UTCDateTime),
)

review_log = sa.Table(
    "review_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("card_id", sa.Text, sa.ForeignKey("cards.id"), nullable=False),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("reviewed_at", UTCDateTime, nullable=False),
    sa.Column("duration_ms", sa.Integer),
    sa.Column("idempotency_key", sa.Text, nullable=False, unique=True),
    sa.Column("prev_state", sa.Integer, nullable=False),
    sa.Column("prev_step", sa.Integer),
    sa.Column("prev_stability", sa.Float),
    sa.Column("prev_difficulty", sa.Float),
    sa.Column("prev_due", UTCDateTime, nullable=False),
    sa.Column("prev_last_review", UTCDateTime),
    sqlite_autoincrement=True,
)

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are refused, never guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)
