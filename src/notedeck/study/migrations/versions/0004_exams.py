"""Exams a learner revises for: a date, a daily budget, days off and a scope in the notes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04

Three new tables; no existing table, card, memory state or answer is touched, so every
history is kept. An exam belongs to one notebook and one learner: `learner` is '' for the
one learner a store has today, and a class server's learner ids fit the same column, so the
exam tables need no change when learners arrive. Minutes per weekday are seven columns rather
than a JSON list so that a database check keeps each of them at zero or more.

One index is added to `cards`, (notebook_id, page, line): an exam covers pages, and reading
one unit's cards of a 313,000-card notebook by id took 4 s of random reads.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def upgrade() -> None:
    op.create_table(
        "exams",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("notebook_id", sa.Integer, sa.ForeignKey("notebooks.id"), nullable=False),
        sa.Column("learner", sa.Text, nullable=False, server_default=""),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("day", sa.Date, nullable=False),
        *(sa.Column(f"minutes_{day}", sa.Float, nullable=False) for day in _WEEKDAYS),
        sa.Column("created_at", _TIME, nullable=False),
        sa.UniqueConstraint("notebook_id", "learner", "name", name="uq_exams_name"),
        *(
            sa.CheckConstraint(f"minutes_{day} >= 0", name=f"ck_exams_minutes_{day}")
            for day in _WEEKDAYS
        ),
        sqlite_autoincrement=True,
    )
    op.create_table(
        "exam_scope",
        sa.Column("exam_id", sa.Integer, sa.ForeignKey("exams.id"), primary_key=True),
        sa.Column("kind", sa.Text, primary_key=True),
        sa.Column("pattern", sa.Text, primary_key=True),
        sa.CheckConstraint("kind IN ('page', 'section')", name="ck_exam_scope_kind"),
    )
    op.create_table(
        "exam_days_off",
        sa.Column("exam_id", sa.Integer, sa.ForeignKey("exams.id"), primary_key=True),
        sa.Column("day", sa.Date, primary_key=True),
    )

    op.create_index("ix_cards_notebook_page", "cards", ["notebook_id", "page", "line"])


def downgrade() -> None:
    op.drop_index("ix_cards_notebook_page", "cards")
    op.drop_table("exam_days_off")
    op.drop_table("exam_scope")
    op.drop_table("exams")
