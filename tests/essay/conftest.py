"""Shared essay fixtures: the real sentence model and a vector cache, loaded once a module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, load_embedder


@pytest.fixture(scope="module")
def model() -> EmbedderLoad:
    load = load_embedder()
    assert load.available, load.reason
    return load


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddingCache]:
    with EmbeddingCache(tmp_path_factory.mktemp("vectors")) as c:
        yield c
