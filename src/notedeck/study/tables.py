"""The review store's tables: notebooks, cards, their memory state, the answer log, settings.

Migrations in `migrations/versions/` create these; this module is what queries are written
against, and it maps a `Card` and a `CardState` to and from their rows so that every query
reads and writes them the same way.

One database serves many notebooks: every card belongs to one `notebooks` row, and a build
reconciles only its own notebook's cards. Card ids stay unique across the whole database, so
`card_state` and `review_log` hang off the card alone. Review state belongs to the one learner
today; a class server adds a `learners` table and a `learner_id` to `card_state` (joining its
key) and to `review_log`. Cards and notebooks are shared by learners, so they need no change.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from enum import StrEnum
from functools import lru_cache
from typing import Any

import sqlalchemy as sa

from notedeck.model import Card, CardKind, Source
from notedeck.study.schedule import CardState, LearningState


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

notebooks = sa.Table(
    "notebooks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    # The resolved notebook folder; NULL for cards stored before notebooks were recorded,
    # until the notebook that built them adopts them (`Store.adopt_unclaimed`).
    sa.Column("root", sa.Text, unique=True),
    # Bumped by every build that writes, so a build can tell that another one overtook it.
    sa.Column("revision", sa.Integer, nullable=False),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.Column("built_at", UTCDateTime),
    sqlite_autoincrement=True,
)

cards = sa.Table(
    "cards",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("notebook_id", sa.Integer, sa.ForeignKey("notebooks.id"), nullable=False),
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
    sa.Column("suspended_at", UTCDateTime),  # set by the learner, never by a build
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

#: Weekday suffixes of the `exams.minutes_*` columns, Monday first as `date.weekday()` counts.
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# An exam belongs to a notebook and a learner ('' is the one learner a store has today).
exams = sa.Table(
    "exams",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("notebook_id", sa.Integer, sa.ForeignKey("notebooks.id"), nullable=False),
    sa.Column("learner", sa.Text, nullable=False, server_default=""),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("day", sa.Date, nullable=False),
    *(sa.Column(f"minutes_{day}", sa.Float, nullable=False) for day in WEEKDAYS),
    sa.Column("created_at", UTCDateTime, nullable=False),
    sa.UniqueConstraint("notebook_id", "learner", "name", name="uq_exams_name"),
    sqlite_autoincrement=True,
)

# What an exam covers: page globs and section names; none of either is the whole notebook.
exam_scope = sa.Table(
    "exam_scope",
    metadata,
    sa.Column("exam_id", sa.Integer, sa.ForeignKey("exams.id"), primary_key=True),
    sa.Column("kind", sa.Text, primary_key=True),  # 'page' or 'section'
    sa.Column("pattern", sa.Text, primary_key=True),
)

exam_days_off = sa.Table(
    "exam_days_off",
    metadata,
    sa.Column("exam_id", sa.Integer, sa.ForeignKey("exams.id"), primary_key=True),
    sa.Column("day", sa.Date, primary_key=True),
)


def utc(moment: datetime) -> datetime:
    """The same instant in UTC; naive datetimes are refused, never guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


# -- rows ----------------------------------------------------------------------------------

#: The `cards` columns a `Card` fills; status and timestamps are the store's own.
CARD_FIELDS = (
    "id",
    "kind",
    "front",
    "back",
    "page",
    "section",
    "factor",
    "line",
    "end_line",
    "tags",
    "key",
)


def card_row(card: Card) -> dict[str, Any]:
    """The `cards` values of a card (`CARD_FIELDS`), tags as a JSON list."""
    return {
        "id": card.id,
        "kind": card.kind.value,
        "front": card.front,
        "back": card.back,
        "page": card.source.page,
        "section": card.source.section,
        "factor": card.source.factor,
        "line": card.source.line,
        "end_line": card.source.end_line,
        "tags": _tags_json(card.tags),
        "key": card.key,
    }


@lru_cache(maxsize=4096)
def _tags_json(tags: tuple[str, ...]) -> str:
    """Cards of one factor share their tags, so each list is encoded once."""
    return json.dumps(list(tags))


def card_from_row(row: Any) -> Card:
    """The card a `cards` row holds."""
    source = Source(row.page, row.section, row.factor, row.line, row.end_line)
    return Card(
        row.id,
        CardKind(row.kind),
        row.front,
        row.back,
        source,
        tuple(json.loads(row.tags)),
        row.key,
    )


def state_values(state: CardState) -> dict[str, Any]:
    """The memory-state columns of `card_state` (and, prefixed `prev_`, of `review_log`)."""
    return {
        "state": int(state.state),
        "step": state.step,
        "stability": state.stability,
        "difficulty": state.difficulty,
        "due": state.due,
        "last_review": state.last_review,
    }


def state_row(card_id: str, state: CardState) -> dict[str, Any]:
    """A whole `card_state` row."""
    return {"card_id": card_id, **state_values(state)}


def state_from_row(row: Any, *, prefix: str = "") -> CardState:
    """The memory state in a row; `prefix="prev_"` reads the state a review_log row replaced."""
    get = row._mapping
    return CardState(
        state=LearningState(get[f"{prefix}state"]),
        due=get[f"{prefix}due"],
        step=get[f"{prefix}step"],
        stability=get[f"{prefix}stability"],
        difficulty=get[f"{prefix}difficulty"],
        last_review=get[f"{prefix}last_review"],
    )
