"""Alembic environment for the review store.

notedeck runs migrations itself (`Store.migrate`) and hands Alembic an open connection inside
its own transaction, so there is no alembic.ini, no engine here and no offline mode.
"""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run notedeck migrations through notedeck.study.store.Store.migrate")

context.configure(
    connection=connection,
    target_metadata=None,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
