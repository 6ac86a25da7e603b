"""Cards a learner suspends: hidden from review until unsuspended, kept through rebuilds.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-04

A column of its own rather than a status: a build sets `status` (active or retired) from the
notes, and must never undo what the learner chose.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("suspended_at", sa.DateTime(timezone=True)))


def downgrade() -> None:
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("suspended_at")
