"""Fixtures for export tests: sample cards and a real Anki collection to import them into."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from anki.collection import Collection
from history_cards import sample_cards

from notedeck.model import Card


@pytest.fixture
def cards() -> list[Card]:
    return sample_cards()


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    """A fresh Anki collection file, closed after the test."""
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        yield col
    finally:
        col.close()
