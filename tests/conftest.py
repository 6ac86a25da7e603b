"""Shared fixtures: an isolated cache and user data dir, and the seed page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import seed_files


@pytest.fixture(autouse=True)
def _isolated_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test's cache and database out of the real user directories."""
    base = tmp_path_factory.getbasetemp()
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(base / "data"))
    monkeypatch.delenv("NOTEDECK_DB", raising=False)


@pytest.fixture
def seed_page() -> Path:
    pages = seed_files()
    if not pages:
        pytest.skip("the seed page is not available (../shared/seeds)")
    return pages[0]
