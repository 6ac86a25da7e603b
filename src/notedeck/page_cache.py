"""Built pages cached by content hash, so an unchanged page is never parsed twice.

Two levels: a dict in the process (a server or watcher rebuilds in milliseconds), and one
SQLite file per notebook in the user cache directory (a new process skips parsing). The file
holds three tables:

- `pages`: per page version, its findings and word index (small; read when a page changed);
- `outlines`: per page version, the outline (large; read only when a page is used);
- `files`: each file's size, inode and modification time when it was last hashed, so a new
  process does not read unchanged files;
- `results`: notebook-wide results, e.g. the last build's snapshot (`notebook.py`);
- `derived`: what `derive/` asks to keep (a page's cards, the notebook's names), as a
  `DerivedMemo`.

Every value is stored as JSON of plain data (`cache_format.py`), never as a pickle: whoever
can write the cache directory must not be able to run code in the next `notedeck check`.
The cache is only ever an accelerator: any failure to read or write it is ignored, and a
value that cannot be read back is built again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import stat
import time
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from notedeck import cache_format
from notedeck.cache_format import Plain

if TYPE_CHECKING:
    from notedeck.derive.spelling import WordIndex
    from notedeck.model import Finding, FindingRow, Page

# Bump whenever parsing, outlining or page health changes what a page turns into.
CACHE_VERSION = "41"
_MEMORY: dict[str, CachedPage] = {}
_STATS: dict[str, FileStamp] = {}
_RACY_NS = 2_000_000_000
_MEMORY_LIMIT = 50_000
_BATCH = 500  # SQLite's default limit on bound parameters is 999
_SCHEMA_VERSION = 4  # tables of another version are dropped and made again
DEFAULT_MAX_PAGE_BYTES = 10 * 1024 * 1024
"""Pages larger than this are skipped with a finding: real notes are a few KB to a few MB."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, summary BLOB);
CREATE TABLE IF NOT EXISTS outlines (key TEXT PRIMARY KEY, page BLOB);
CREATE TABLE IF NOT EXISTS files (
    path BLOB PRIMARY KEY, mtime_ns INTEGER, size INTEGER, ino INTEGER,
    hashed_ns INTEGER, digest TEXT
);
CREATE TABLE IF NOT EXISTS results (name TEXT PRIMARY KEY, blob BLOB);
CREATE TABLE IF NOT EXISTS derived (kind TEXT, key TEXT, blob BLOB, PRIMARY KEY (kind, key));
"""


@dataclass(slots=True)
class CachedPage:
    """One page version: findings and words at hand, the outline built or decoded on use.

    Attributes:
        findings: the page's own findings, as plain rows (`Finding.to_row`).
        words: its spelling word index; None when only the outline was read from disk.
        page: the outline, once built or decoded.
        blob: the outline as stored (from a worker or the disk), until it is decoded.
        summary: findings and words as `summary_blob` makes them, when a worker sent them so.
    """

    findings: tuple[FindingRow, ...]
    words: WordIndex | None
    page: Page | None = None
    blob: bytes | None = None
    summary: bytes | None = None


@dataclass(frozen=True, slots=True)
class FileStamp:
    """What a file looked like when it was hashed: `(mtime_ns, size, inode)`, when, the hash."""

    stamp: tuple[int, int, int]
    hashed_ns: int
    digest: str


class UnfitFile(Exception):
    """A file with a note's name that is not read as a page: not a regular file, or too big.

    Attributes:
        code: the finding code, `NOT_A_FILE` or `PAGE_TOO_BIG`.
        reason: why, as the end of a sentence naming the file.
    """

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def check_fit(info: os.stat_result, max_bytes: int, file: str) -> None:
    """Refuse what would hang or exhaust a build: a FIFO blocks a reader until someone
    writes, and `/dev/zero` never ends. Only regular files up to `max_bytes` are pages.

    Raises:
        UnfitFile: the file is not a regular file, or larger than `max_bytes`.
    """
    if not stat.S_ISREG(info.st_mode):
        kind = _KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        link = "a symlink to " if os.path.islink(file) else ""
        raise UnfitFile("NOT_A_FILE", f"is {link}{kind}")
    if info.st_size > max_bytes:
        raise UnfitFile(
            "PAGE_TOO_BIG",
            f"is {info.st_size / 2**20:.1f} MB, over the {max_bytes / 2**20:g} MB page limit",
        )


_KINDS = {
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def read_regular(file: str, max_bytes: int = DEFAULT_MAX_PAGE_BYTES) -> bytes:
    """A regular file's bytes, checked on the open file itself, so that a file swapped for
    a FIFO after it was listed still cannot block (it is opened non-blocking).

    Raises:
        UnfitFile: not a regular file, or over `max_bytes`.
        OSError: the file cannot be opened or read.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(file, flags)
    with open(descriptor, "rb", closefd=True) as handle:
        check_fit(os.fstat(descriptor), max_bytes, file)
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:  # grew since it was examined
        raise UnfitFile("PAGE_TOO_BIG", f"is over the {max_bytes / 2**20:g} MB page limit")
    return data


def forget_memory() -> None:
    """Empty this process's page and file-stamp caches, leaving only the disk cache: what a
    new process starts with (benchmarks and tests use it to stand for one)."""
    _MEMORY.clear()
    _STATS.clear()


def default_cache_dir() -> Path:
    """`NOTEDECK_CACHE_DIR`, else the platform's user cache directory."""
    override = os.environ.get("NOTEDECK_CACHE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("notedeck", appauthor=False))


def cache_key(path: Path | str, digest: str, words: str = "") -> str:
    """Content hash plus location (a page records where it was read from), under the
    version of the code and of the word list (`words`) that built it.

    A file name that is not valid UTF-8 (kept in `str` as lone surrogates, which SQLite
    cannot store) is written as the hex of its bytes after a NUL, which no path contains.
    """
    where = str(path)
    if not where.isascii():
        try:
            where.encode("utf-8")
        except UnicodeEncodeError:
            where = "\0" + os.fsencode(where).hex()
    return f"{CACHE_VERSION}{'+' + words if words else ''}:{digest}:{where}"


def key_digest(key: str) -> str:
    """The content hash inside a `cache_key`."""
    return key.split(":", 2)[1]


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class PageCache:
    """Page versions keyed by `cache_key`; one SQLite file per notebook root."""

    def __init__(
        self, directory: Path | None, root: Path, *, max_bytes: int = DEFAULT_MAX_PAGE_BYTES
    ) -> None:
        self.path: Path | None = None
        self._former: Path | None = None
        self.max_bytes = max_bytes
        if directory is not None:
            name = hashlib.sha256(os.fsencode(root.resolve())).hexdigest()[:16]
            self.path = directory / f"notebook-{name}.sqlite"
            self._former = directory / f"pages-{name}.sqlite"  # before the tables were split
        self._files_known = self.path is None
        self._stamps: dict[str, tuple[int, int, int]] = {}
        self._new_stamps: dict[str, FileStamp] = {}
        self._expected: list[str] = []
        self._position: dict[str, int] = {}
        self._fetched: dict[str, bytes] = {}
        self._batch = 1
        self._pending = _no_rows()
        self._live: tuple[set[str], set[str]] | None = None
        self._forget: tuple[str, set[str]] | None = None
        self._writer: sqlite3.Connection | None = None

    # ------------------------------------------------------------------ files

    def known_digest(self, file: str) -> str | None:
        """The content hash of a file unchanged since it was hashed, without reading it.

        Like git's index: a file whose size, inode and modification time are what they were
        when it was last hashed is not read again. A file modified within two seconds of
        being hashed is always re-read, since a quick second write could keep its timestamp.

        Raises:
            UnfitFile: the file is not a regular file, or too big to be a page.
            OSError: the file cannot be examined.
        """
        info = os.stat(file)
        check_fit(info, self.max_bytes, file)
        stamp = self._stamps[file] = (info.st_mtime_ns, info.st_size, info.st_ino)
        if file not in _STATS and not self._files_known:
            self._recall_files()
        known = _STATS.get(file)
        if known is not None and known.stamp == stamp and known.hashed_ns - stamp[0] > _RACY_NS:
            return known.digest
        return None

    def read(self, file: str, max_bytes: int | None = None) -> tuple[bytes, str]:
        """Read and hash a file, remembering its stamp from `known_digest` with the hash.

        Raises:
            UnfitFile: the file is not a regular file, or larger than `max_bytes` (by
                default, too big to be a page).
            OSError: the file cannot be read.
        """
        data = read_regular(file, max_bytes or self.max_bytes)
        digest = content_digest(data)
        stamp = self._stamps.pop(file, None)
        if stamp is not None:
            if len(_STATS) > _MEMORY_LIMIT:
                _STATS.clear()
            _STATS[file] = self._new_stamps[file] = FileStamp(stamp, time.time_ns(), digest)
        return data, digest

    def read_included(self, file: str, max_bytes: int) -> bytes:
        """A file a page includes, its stamp kept like a page's, so that the next build
        knows it unchanged without reading it (`known_digest`).

        Raises:
            UnfitFile: the file is not a regular file, or larger than `max_bytes`.
            OSError: the file cannot be read.
        """
        info = os.stat(file)
        self._stamps[file] = (info.st_mtime_ns, info.st_size, info.st_ino)
        return self.read(file, max_bytes)[0]

    def _recall_files(self) -> None:
        self._files_known = True
        rows = self._select("SELECT path, mtime_ns, size, ino, hashed_ns, digest FROM files", ())
        for path, mtime_ns, size, ino, hashed_ns, digest in rows:
            if isinstance(path, bytes):
                _STATS.setdefault(
                    os.fsdecode(path), FileStamp((mtime_ns, size, ino), hashed_ns, digest)
                )

    # ------------------------------------------------------------------ pages

    def get_many(self, keys: Iterable[str]) -> dict[str, CachedPage]:
        """The cached versions among `keys`; those from disk come without their outline."""
        found: dict[str, CachedPage] = {}
        missing: list[str] = []
        for key in keys:
            if key in _MEMORY:
                found[key] = _MEMORY[key]
            else:
                missing.append(key)
        for key, summary in self._select_in("SELECT key, summary FROM pages", missing):
            try:
                rows, words = cache_format.summary_from_plain(cache_format.loads(summary))
            except (ValueError, TypeError, KeyError, RecursionError):
                continue  # not what we wrote: the page is built again
            entry = CachedPage(rows, words)
            found[key] = _MEMORY[key] = entry
        return found

    def expect(self, keys: Iterable[str]) -> None:
        """Note, in reading order, the versions whose outlines may be asked for next."""
        self._expected = [k for k in keys if k not in _MEMORY or _MEMORY[k].page is None]
        self._position = {k: n for n, k in enumerate(self._expected)}

    def page(self, key: str) -> Page | None:
        """The outline of a cached version, or None when the cache no longer has it."""
        entry = _MEMORY.get(key)
        if entry is not None and entry.page is not None:
            return entry.page
        blob = (entry.blob if entry is not None else None) or self._fetch(key)
        if blob is None:
            return None
        try:
            page = cache_format.page_from_plain(cache_format.loads(blob))
        except (ValueError, TypeError, KeyError, RecursionError):
            return None
        if entry is None:
            entry = _MEMORY[key] = CachedPage(finding_rows(page.findings), None)
        entry.page, entry.blob = page, None
        return page

    def _fetch(self, key: str) -> bytes | None:
        """Read an outline with the next expected ones, twice as many as the last read.

        A caller after one page (`show --page`) reads one; one going through them all
        reads a few dozen batches; one picking a handful reads a few dozen pages.
        """
        if key not in self._fetched:
            start = self._position.get(key)
            wanted = [key]
            if start is not None:
                wanted += self._expected[start + 1 : start + self._batch]
                self._batch = min(2 * self._batch, 4096)
            self._fetched.update(self._select_in("SELECT key, page FROM outlines", wanted))
        return self._fetched.pop(key, None)

    def put_many(self, entries: dict[str, CachedPage]) -> None:
        """Remember new versions in memory now, and on disk at `save`."""
        if len(_MEMORY) + len(entries) > _MEMORY_LIMIT:
            _MEMORY.clear()
        _MEMORY.update(entries)
        if self.path is None:
            return
        for key, entry in entries.items():
            summary = entry.summary or summary_blob(entry.findings, entry.words)
            self._pending["pages"].append((key, summary))
            entry.summary = None
            blob = entry.blob
            if blob is None and entry.page is not None:
                blob = cache_format.dumps(cache_format.page_to_plain(entry.page))
            self._pending["outlines"].append((key, blob))

    def prune(self, live_keys: set[str], live_files: set[str]) -> None:
        """At `save`, forget page versions and files that no longer exist."""
        self._live = (live_keys, live_files)

    # ------------------------------------------------------------------ results

    def get_result(self, name: str) -> Plain | None:
        """The notebook-wide result last kept under `name`, as plain data, or None."""
        for (blob,) in self._select("SELECT blob FROM results WHERE name = ?", (name,)):
            try:
                return cache_format.loads(blob)
            except (ValueError, TypeError, RecursionError):
                return None
        return None

    def put_result(self, name: str, value: Plain) -> None:
        """Keep a notebook-wide result (plain data) at `save`, in place of the last one."""
        if self.path is not None:
            self._pending["results"].append((name, cache_format.dumps(value)))

    def save(self, *, min_pages: int = 0) -> None:
        """Write what was learnt since the last save in one transaction.

        With `min_pages`, wait until that many pages are pending: a cold build saves as it
        goes, and a commit per handful of pages cost a quarter of the writing. The
        connection stays open until `close`: closing the last connection to a WAL database
        checkpoints it, which made saving a cold build in batches 3x slower.
        """
        if len(self._pending["pages"]) < min_pages:
            return
        stamps = [
            (os.fsencode(name), *s.stamp, s.hashed_ns, s.digest)
            for name, s in self._new_stamps.items()
        ]  # as bytes: a file name need not be valid UTF-8
        self._new_stamps.clear()
        self._pending["files"].extend(stamps)
        pending, self._pending = self._pending, _no_rows()
        live, self._live = self._live, None
        forget, self._forget = self._forget, None
        if self.path is None or not (live or forget or any(pending.values())):
            return
        try:
            db = self._writer or self._open_writer()
            with db:
                for table, rows in pending.items():
                    if rows:
                        marks = ",".join("?" * len(rows[0]))
                        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})", rows)
                if live is not None:
                    _delete_stale(db, *live)
                if forget is not None:
                    _forget_derived(db, *forget)
        except sqlite3.DatabaseError as exc:
            if type(exc) is sqlite3.DatabaseError:  # not a database, or a damaged one
                self._discard()  # the next build writes a new one
        except (sqlite3.Error, OSError):
            return

    def _discard(self) -> None:
        self.close()
        if self.path is not None:
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(OSError):
                    Path(f"{self.path}{suffix}").unlink()

    def close(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(sqlite3.Error):
                self._writer.close()
            self._writer = None

    def _open_writer(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if self._former is not None:
            self._former.unlink(missing_ok=True)
        db = self._writer = sqlite3.connect(self.path, timeout=5)
        # Outlines are ~10 KB blobs: 64 KB pages keep most in one page instead of a chain of
        # overflow pages, which halved the time to write a cold build's 50 MB. (A new file
        # only: the size is fixed once the file has tables.)
        db.execute("PRAGMA page_size=65536")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")  # a cache: losing the last write is fine
        if db.execute("PRAGMA user_version").fetchone()[0] != _SCHEMA_VERSION:
            tables = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
            for (table,) in tables:
                db.execute(f'DROP TABLE "{table}"')
            db.executescript(_SCHEMA)
            db.execute(f"PRAGMA user_version = {_SCHEMA_VERSION}")
        return db

    # ------------------------------------------------------------------ derived values

    def stored(self, kind: str) -> set[str]:
        """The keys `remember` kept values of this kind under (`DerivedMemo`)."""
        rows = self._select("SELECT key FROM derived WHERE kind = ?", (kind,))
        return {key for (key,) in rows}

    def recall(self, kind: str, keys: Sequence[str]) -> dict[str, Any]:
        """The values `remember` kept under these keys (`DerivedMemo`)."""
        found: dict[str, Any] = {}
        codec = cache_format.DERIVED.get(kind)
        if codec is None or not keys or self.path is None or not self.path.exists():
            return found
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error:
            return found
        try:
            for start in range(0, len(keys), _BATCH):
                batch = list(keys[start : start + _BATCH])
                marks = ",".join("?" * len(batch))
                query = f"SELECT key, blob FROM derived WHERE kind = ? AND key IN ({marks})"
                for key, blob in db.execute(query, [kind, *batch]):
                    with contextlib.suppress(ValueError, TypeError, KeyError, RecursionError):
                        found[key] = codec[1](cache_format.loads(blob))
        except sqlite3.Error:
            pass
        finally:
            db.close()
        return found

    def remember(
        self, kind: str, values: Mapping[str, Any], *, keep: Collection[str] | None = None
    ) -> None:
        """Keep `values` on disk now; with `keep`, forget the kind's other keys (`DerivedMemo`)."""
        codec = cache_format.DERIVED.get(kind)
        if self.path is None or codec is None:
            return
        encode = codec[0]
        self._pending["derived"].extend(
            (kind, key, cache_format.dumps(encode(v))) for key, v in values.items()
        )
        self._forget = (kind, set(keep)) if keep is not None else None
        self.save()

    # ------------------------------------------------------------------ SQLite

    def _select(self, sql: str, params: tuple[Any, ...]) -> list[tuple[Any, ...]]:
        if self.path is None or not self.path.exists():
            return []
        try:
            db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error:
            return []
        try:
            return db.execute(sql, params).fetchall()
        except sqlite3.Error:
            return []
        finally:
            db.close()

    def _select_in(self, sql: str, keys: list[str]) -> Iterator[tuple[str, bytes]]:
        """`sql WHERE key IN (...)` over `keys`, in batches."""
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
                yield from db.execute(f"{sql} WHERE key IN ({marks})", batch)
        except sqlite3.Error:
            return
        finally:
            db.close()


def _no_rows() -> dict[str, list[tuple[Any, ...]]]:
    return {"pages": [], "outlines": [], "files": [], "results": [], "derived": []}


def _delete_stale(db: sqlite3.Connection, live_keys: set[str], live_files: set[str]) -> None:
    stale = [(k,) for (k,) in db.execute("SELECT key FROM pages") if k not in live_keys]
    db.executemany("DELETE FROM pages WHERE key = ?", stale)
    db.executemany("DELETE FROM outlines WHERE key = ?", stale)
    live = {os.fsencode(file) for file in live_files}
    gone = [(p,) for (p,) in db.execute("SELECT path FROM files") if p not in live]
    db.executemany("DELETE FROM files WHERE path = ?", gone)


def _forget_derived(db: sqlite3.Connection, kind: str, keep: set[str]) -> None:
    known = db.execute("SELECT key FROM derived WHERE kind = ?", (kind,)).fetchall()
    stale = [(kind, key) for (key,) in known if key not in keep]
    db.executemany("DELETE FROM derived WHERE kind = ? AND key = ?", stale)


def finding_rows(findings: Iterable[Finding]) -> tuple[FindingRow, ...]:
    """Findings as the cache keeps them: thousands of plain rows load 3x faster than objects."""
    return tuple(finding.to_row() for finding in findings)


def summary_blob(findings: Sequence[FindingRow], words: WordIndex | None) -> bytes:
    """A page's findings and word index as the `pages` table keeps them."""
    return cache_format.dumps(cache_format.summary_to_plain(findings, words))
