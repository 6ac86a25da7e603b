"""Where a review store lives and how notedeck connects to it.

A store URL is checked before any driver is loaded, so an unsupported one, a missing
PostgreSQL driver or a mistyped SQLite folder each get one line naming the store, and a
database error later names it too. SQLite connections are set up for durability (WAL,
`synchronous=FULL`) and to wait for the write lock rather than fail.
"""

from __future__ import annotations

import hashlib
import os
import re
import sqlite3
import time
import unicodedata
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import platformdirs
import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError

from notedeck.errors import StoreError

__all__ = ["ENV_VAR", "WRITE", "connect", "default_data_dir", "default_db_url", "describe_error"]

ENV_VAR = "NOTEDECK_DB"
#: The execution option that makes a SQLite transaction take the write lock up front.
WRITE = "notedeck_write"
_BUSY_TIMEOUT_MS = 60_000
_SUPPORTED = "review stores are SQLite (sqlite:///PATH) or PostgreSQL (postgresql://USER@HOST/DB)"
# Drivers by the URL's dialect; a bare `postgresql://` means psycopg 3, which
# `notedeck[postgres]` installs (SQLAlchemy alone would pick psycopg2).
_DRIVERS = {
    "sqlite": "sqlite",
    "sqlite+pysqlite": "sqlite",
    "postgresql": "postgresql+psycopg",
    "postgresql+psycopg": "postgresql+psycopg",
}


def default_data_dir() -> Path:
    """Where default stores live: the user data directory."""
    return Path(platformdirs.user_data_dir("notedeck"))


def default_db_url(notebook_root: Path, *, environ: Mapping[str, str] | None = None) -> str:
    """The store URL for a notebook: `$NOTEDECK_DB`, else one SQLite file per notebook.

    The file lives in the user data directory and is named by a readable slug of the notebook's
    folder plus a hash of its resolved path, so two notebooks called `history` do not share one.
    """
    env = os.environ if environ is None else environ
    if env.get(ENV_VAR):
        return env[ENV_VAR]
    resolved = notebook_root.expanduser().resolve()
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:12]  # bytes: any folder name
    ascii_name = unicodedata.normalize("NFKD", resolved.stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "notebook"
    path = default_data_dir() / f"{slug}-{digest}.sqlite3"
    return sa.URL.create("sqlite", database=str(path)).render_as_string()


def connect(url: str) -> tuple[Engine, str]:
    """The engine for a store URL and how messages name the store (its file, or its URL
    without the password).

    Raises:
        StoreError: an unparsable or unsupported URL, a missing driver, or a SQLite file
            whose folder does not exist outside the default location.
    """
    try:
        parsed = sa.make_url(url)
    except (ArgumentError, ValueError) as exc:
        raise StoreError(f"not a review store URL: {url!r}; {_SUPPORTED}") from exc
    shown = parsed.render_as_string(hide_password=True)
    driver = _DRIVERS.get(parsed.drivername)
    if driver is None:
        raise StoreError(f"unsupported review store URL {shown!r}; {_SUPPORTED}")
    parsed = parsed.set(drivername=driver)
    where = shown
    if driver == "sqlite" and parsed.database not in (None, "", ":memory:"):
        path = Path(parsed.database).expanduser()
        where = str(path)
        if path.parent == default_data_dir():
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the folder for review store {path}: {exc}"
                ) from exc
        elif not path.parent.is_dir():
            raise StoreError(
                f"cannot open review store {path}: its folder {path.parent} does not exist"
            )
    try:
        engine = sa.create_engine(parsed)
    except ImportError as exc:
        if driver.startswith("postgresql"):
            raise StoreError(
                f"cannot open review store {shown!r}: PostgreSQL support is not installed; "
                "install notedeck[postgres] (pip install 'notedeck[postgres]')"
            ) from exc
        raise StoreError(f"cannot open review store {shown!r}: {exc}") from exc
    except (SQLAlchemyError, ValueError) as exc:
        raise StoreError(f"cannot open review store {shown!r}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return engine, where


def describe_error(exc: SQLAlchemyError, where: str) -> str:
    """One line for a database error: the store, then the driver's own reason.

    SQLAlchemy's text adds the SQL statement and a link on further lines.
    """
    reason = str(exc.orig) if isinstance(exc, DBAPIError) else str(exc)
    reason = " ".join(reason.split()) or type(exc).__name__
    damaged = "not a database" in reason or "malformed" in reason
    if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.DatabaseError) and damaged:
        return f"review store {where} is damaged or not a SQLite database ({reason})"
    return f"review store {where}: {reason}"


def _configure_sqlite(engine: Engine) -> None:
    """Durable WAL settings on every connection, and BEGIN issued by us, not by sqlite3.

    Python 3.11's sqlite3 skips BEGIN before SELECT, which would let another process write
    between our read of a card's state and our write of the next one.
    """

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        _set_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _set_wal(cursor: sqlite3.Cursor) -> None:
    """Switch to WAL, waiting for a concurrent first opener: changing the journal mode of a
    fresh file can fail at once with "database is locked", without the busy timeout."""
    for attempt in range(600):
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 599:
                raise
            time.sleep(0.1)
