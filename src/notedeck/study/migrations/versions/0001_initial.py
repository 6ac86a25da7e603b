"""The first tables: cards, card_state, review_log, settings.

Revision ID: 0001
Revises:
Create Date: 2025-01-01

Types are spelled out here rather than imported from store.py: a migration is a snapshot and
must not change when the code does. Times are DateTime(timezone=True): naive UTC text on
SQLite, timestamptz on PostgreSQL.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cards",
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
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.Column("retired_at", _TIME),
        sa.CheckConstraint("status IN ('active', 'retired')", name="ck_cards_status"),
    )
    op.create_index("ix_cards_key", "cards", ["key"])
    op.create_table(
        "card_state",
        sa.Column("card_id", sa.Text, sa.ForeignKey("cards.id"), primary_key=True),
        sa.Column("state", sa.Integer, nullable=False),
        sa.Column("step", sa.Integer),
        sa.Column("stability", sa.Float),
        sa.Column("difficulty", sa.Float),
        sa.Column("due", _TIME, nullable=False),
        sa.Column("last_review", _TIME),
    )
    # Two partial indexes: next_due walks reviewed cards by due time, then new cards.
    op.create_index(
        "ix_card_state_due_reviewed",
        "card_state",
        ["due", "card_id"],
        sqlite_where=sa.text("last_review IS NOT NULL"),
        postgresql_where=sa.text("last_review IS NOT NULL"),
    )
    op.create_index(
        "ix_card_state_due_new",
        "card_state",
        ["due", "card_id"],
        sqlite_where=sa.text("last_review IS NULL"),
        postgresql_where=sa.text("last_review IS NULL"),
    )
    op.create_table(
        "review_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("card_id", sa.Text, sa.ForeignKey("cards.id"), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("reviewed_at", _TIME, nullable=False),
        sa.Column("duration_ms", sa.Integer),
        sa.Column("idempotency_key", sa.Text, nullable=False),
        sa.Column("prev_state", sa.Integer, nullable=False),
        sa.Column("prev_step", sa.Integer),
        sa.Column("prev_stability", sa.Float),
        sa.Column("prev_difficulty", sa.Float),
        sa.Column("prev_due", _TIME, nullable=False),
        sa.Column("prev_last_review", _TIME),
        sa.CheckConstraint("rating BETWEEN 1 AND 4", name="ck_review_log_rating"),
        sa.UniqueConstraint("idempotency_key", name="uq_review_log_idempotency_key"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_review_log_card", "review_log", ["card_id", "id"])
    op.create_index("ix_review_log_reviewed_at", "review_log", ["reviewed_at"])
    op.create_table(
        "settings",
        sa.Column("key", sa.Text, primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("settings")
    op.drop_table("review_log")
    op.drop_table("card_state")
    op.drop_table("cards")
