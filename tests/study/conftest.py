"""A fresh review store per test: a SQLite file in tmp_path, and PostgreSQL when asked.

Set NOTEDECK_TEST_PG to a PostgreSQL URL (e.g. postgresql+psycopg://postgres@/nd?host=/tmp)
to run every store-fixture test against PostgreSQL too; its public schema is wiped per test.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from notedeck.study.store import Store

PG_URL = os.environ.get("NOTEDECK_TEST_PG", "")


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'reviews.sqlite3'}"
    if not PG_URL:
        pytest.skip("set NOTEDECK_TEST_PG to run against PostgreSQL")
    engine = sa.create_engine(PG_URL)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return PG_URL


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    with Store.open(db_url) as opened:
        yield opened
