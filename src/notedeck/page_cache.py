"""Outlined pages cached by content hash, so an unchanged page is never parsed twice.

Two levels: a dict in the process (a server or watcher rebuilds in milliseconds), and one
SQLite file per notebook in the user cache directory (a new process skips parsing). The cache
is only ever an accelerator: any failure to read or write it is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

# Bump whenever parsing, outlining or page health changes what a page turns into.
CACHE_VERSION = "4"
_MEMORY: dict[str, Any] = {}
_STATS: dict[Path, tuple[tuple[int, int, int], int, str]] = {}
_RACY_NS = 2_000_000_000
_MEMORY_LIMIT = 50_000
_BATCH = 500  # SQLite's default limit on bound parameters is 999


def default_cache_dir() -> Path:
    """`NOTEDECK_CACHE_DIR`, else the platform's user cache directory."""
    override = os.environ.get("NOTEDECK_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("notedeck", appauthor=False))


def cache_key(path: Path, digest: str) -> str:
    """Content hash plus location: a page records where it was read from."""
    return f"{CACHE_VERSION}:{digest}:{path}"


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_if_changed(file: Path) -> tuple[bytes | None, str]:
    """The file's bytes and content hash; bytes are None when the hash is known unread.

    Like git's index: a file whose size, inode and modification time are what they were
    when it was last hashed is not read again. A file modified within two seconds of being
    hashed is always re-read, since a quick second write could keep its timestamp.

    Raises:
        OSError: the file cannot be read.
    """
    info = file.stat()
    stamp = (info.st_mtime_ns, info.st_size, info.st_ino)
    known = _STATS.get(file)
    if known is not None and known[0] == stamp and known[1] - info.st_mtime_ns > _RACY_NS:
        return None, known[2]
    data = file.read_bytes()
    digest = content_digest(data)
    if len(_STATS) > _MEMORY_LIMIT:
        _STATS.clear()
    _STATS[file] = (stamp, time.time_ns(), digest)
    return data, digest


class PageCache:
    """Pickled page records keyed by `cache_key`; one SQLite file per notebook root."""

    def __init__(self, directory: Path | None, root: Path) -> None:
        self.path: Path | None = None
        if directory is not None:
            name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
            self.path = directory / f"pages-{name}.sqlite"

    def get_many(self, keys: Iterable[str]) -> dict[str, Any]:
        """The cached records for those keys that have one."""
        found: dict[str, Any] = {}
        missing: list[str] = []
        for key in keys:
            if key in _MEMORY:
                found[key] = _MEMORY[key]
            else:
                missing.append(key)
        for key, blob in self._read(missing):
            try:
                record = pickle.loads(blob)
            except Exception:
                continue
            found[key] = _MEMORY[key] = record
        return found

    def put_many(self, records: dict[str, Any], blobs: dict[str, bytes] | None = None) -> None:
        """Remember new records in memory and on disk; `blobs` are records already pickled."""
        blobs = blobs or {}
        if len(_MEMORY) + len(records) > _MEMORY_LIMIT:
            _MEMORY.clear()
        _MEMORY.update(records)
        if self.path is None or not records:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with sqlite3.connect(self.path, timeout=5) as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, blob BLOB)")
                db.executemany(
                    "INSERT OR REPLACE INTO pages VALUES (?, ?)",
                    (
                        (k, blobs.get(k) or pickle.dumps(v, protocol=pickle.HIGHEST_PROTOCOL))
                        for k, v in records.items()
                    ),
                )
            db.close()
        except (sqlite3.Error, OSError):
            return

    def prune(self, live_keys: set[str]) -> None:
        """Forget disk entries for page versions that no longer exist."""
        if self.path is None or not self.path.exists():
            return
        try:
            with sqlite3.connect(self.path, timeout=5) as db:
                stale = [(k,) for (k,) in db.execute("SELECT key FROM pages") if k not in live_keys]
                db.executemany("DELETE FROM pages WHERE key = ?", stale)
            db.close()
        except sqlite3.Error:
            return

    def _read(self, keys: list[str]) -> Iterator[tuple[str, bytes]]:
        if not keys or self.path is None or not self.path.exists():
            return
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error:
            return
        try:
            for start in range(0, len(keys), _BATCH):
                batch = keys[start : start + _BATCH]
                marks = ",".join("?" * len(batch))
                yield from db.execute(f"SELECT key, blob FROM pages WHERE key IN ({marks})", batch)
        except sqlite3.Error:
            return
        finally:
            db.close()
