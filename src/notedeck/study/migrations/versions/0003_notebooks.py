"""One database for many notebooks: a `notebooks` table, and every card belongs to one.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04

Before this, a build reconciled every card in the store, so two notebooks sharing one database
retired each other's cards. Cards already stored go to one notebook row whose root is not yet
known (NULL). The notebook that built them adopts them on its first build afterwards: the
first one with no cards of its own that derives a card with one of their keys
(`Store.adopt_unclaimed`); another notebook sharing the store leaves them alone. No card,
memory state or answer is changed, so every history is kept.

On SQLite the cards table is rebuilt to add the foreign key; `Store.migrate` turns foreign-key
enforcement off around migrations (SQLite's own recipe for rebuilding a table) and checks the
keys before committing.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "notebooks",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("root", sa.Text),
        sa.Column("revision", sa.Integer, nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("built_at", _TIME),
        sa.UniqueConstraint("root", name="uq_notebooks_root"),
        sqlite_autoincrement=True,
    )
    with op.batch_alter_table("cards") as batch:
        batch.add_column(sa.Column("notebook_id", sa.Integer))
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM cards LIMIT 1").first() is not None:
        bind.exec_driver_sql(
            "INSERT INTO notebooks (root, revision, created_at, built_at) "
            "SELECT NULL, 0, MIN(created_at), MAX(updated_at) FROM cards"
        )
        bind.exec_driver_sql(
            "UPDATE cards SET notebook_id = (SELECT MAX(id) FROM notebooks WHERE root IS NULL)"
        )
    with op.batch_alter_table("cards") as batch:
        batch.alter_column("notebook_id", existing_type=sa.Integer, nullable=False)
        batch.create_foreign_key("fk_cards_notebook", "notebooks", ["notebook_id"], ["id"])
    op.create_index("ix_cards_notebook", "cards", ["notebook_id", "status"])


def downgrade() -> None:
    op.drop_index("ix_cards_notebook", "cards")
    with op.batch_alter_table("cards") as batch:
        batch.drop_constraint("fk_cards_notebook", type_="foreignkey")
        batch.drop_column("notebook_id")
    op.drop_table("notebooks")
