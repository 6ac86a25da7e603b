"""Which words are English, and how common: pyspellchecker's list, read only as far as needed.

A cold build looks up most of the 160k words, so it loads the whole list once, before
forking workers that share it. A new process rebuilding one changed page looks up a few
hundred, which a SQLite index answers in about 2 ms, against 35 ms to load the whole list
even from its marshal copy. Both copies live in notedeck's cache directory and are only an
accelerator: one that cannot be read or written is skipped, and the list is loaded from
pyspellchecker instead.

A copy is used only if it says it was made by this version of the code from this very
list: each is named after, and records, `_FORMAT` and the SHA-256 of pyspellchecker's file;
the marshal copy also records the hash of its own payload. A well-formed copy of some other
list (an older format, another pyspellchecker, a file put there by hand) once turned 8
spelling findings into 833; now it is ignored and written again from the source.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import marshal
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Collection
from functools import cache, lru_cache
from pathlib import Path

from notedeck.page_cache import default_cache_dir

__all__ = [
    "american",
    "forget_memory",
    "frequencies",
    "frequency",
    "keep_index",
    "list_stamp",
    "load",
    "unknown",
]

_WORDS: dict[str, int] | None = None
# Past this many words looked up through the index (about 2 µs each), a process has spent
# what loading the whole list costs (35 ms), and loads it: never more than twice the better
# choice, without knowing how many pages are coming. A page has ~500 words; `suggest` ~800.
_INDEX_BUDGET = 20_000
_indexed = 0  # words looked up through the index so far
_index_failed = False  # reading the index failed: the next full load rewrites it
_MMAP_BYTES = 1 << 26  # pages read through mmap: a third off a fresh process's query
# Bump when the copies' layout or what goes into them changes.
_FORMAT = "2"
_MAGIC = b"notedeck-words"


def frequencies(words: Collection[str], *, as_written: bool = False) -> dict[str, int]:
    """The known English words among `words`, with their frequency; a British spelling
    (`colour`, `organise`, `centre`) counts as its American one, which the list holds, unless
    `as_written` (spelling checks: a notebook that writes both `color` and `colour` is told)."""
    found = _looked_up(words)
    if as_written:
        return found
    missing = set(words).difference(found)
    if missing and (spelled := {w: v for w in missing if (v := american(w))}):
        known = _looked_up(set(spelled.values()))
        found.update((w, known[v]) for w, v in spelled.items() if v in known)
    return found


@lru_cache(maxsize=1 << 16)
def american(word: str) -> str:
    """The American spelling of a British one (`behaviour` → `behavior`, `analysed` →
    `analyzed`, `travelled` → `traveled`), or "" when `word` has no British marks."""
    if word in _AS_WRITTEN:
        return ""
    spelled = _BRITISH_WORDS.get(word, word)
    for pattern, replacement in _BRITISH:
        spelled = pattern.sub(replacement, spelled)
    return spelled if spelled != word else ""


#: British spellings, each with its American form, tried in order on a word the list lacks.
_BRITISH = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"(?<=[a-z]{2})our(?=(?:s|ed|ing|ful|fully|less|ites?|abl[ey]|ers?|ists?)?$)", "or"),
        (r"(?<=[a-z]{3})is(?=(?:e|es|ed|er|ers|ing|ation|ations|ational)$)", "iz"),
        (r"(?<=[a-z]{2})ys(?=(?:e|es|ed|ing)$)", "yz"),
        (r"(?<=[a-z]{2}[^aeiou])re(?=s?$)", "er"),
        (r"(?<=[a-z]{2}[^aeiou])red$", "ered"),
        (r"(?<=[a-z]{2})ence(?=s?$)", "ense"),
        (r"(?<=[a-z]{3})ogue(?=s?$)", "og"),
        (r"(?<=[a-z]{2}[aeiou])ll(?=(?:ed|ing|er|ers|ery)$)", "l"),
        (r"(?<=[a-z])ae(?=[a-z]{2})", "e"),
        (r"oe(?=[a-z]{3})", "e"),
        (r"(?<=[a-z]{4})amme(?=s?$)", "am"),
        (r"^scep", "skep"),
    )
)
#: British spellings that are names as often as words: `Labour` in British notes is the party.
_AS_WRITTEN = frozenset({"labour"})
#: Words spelled apart. Those whose American form has other senses (`cheque`, `check`;
#: `storey`, `story`) are left out: its frequency would make a rare word everyday.
_BRITISH_WORDS = {
    "aluminium": "aluminum",
    "plough": "plow",
    "ploughed": "plowed",
    "sulphur": "sulfur",
    "mould": "mold",
    "gaol": "jail",
    "jewellery": "jewelry",
    "pyjamas": "pajamas",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
}


def _looked_up(words: Collection[str]) -> dict[str, int]:
    global _indexed
    if not words:
        return {}
    known = _WORDS
    if known is None and _indexed + len(words) <= _INDEX_BUDGET:
        found = _from_index(words)
        if found is not None:
            _indexed += len(words)
            return found
    if known is None:
        known = _load(write_index=True)
    return {word: known[word] for word in words if word in known}


def frequency(word: str) -> int:
    """One word's frequency (0 when unknown): a plain lookup once the list is in memory."""
    known = _WORDS
    if known is not None:
        found = known.get(word)
        if found is None and (spelled := american(word)):
            found = known.get(spelled)
        return found or 0
    return frequencies((word,)).get(word, 0)


def unknown(words: set[str]) -> set[str]:
    """The words among `words` that the list does not hold, as written (`colour` is one).

    With the list in memory this is one set difference, done in C: a cold build asks it for
    every word of every page.
    """
    return words.difference(_WORDS if _WORDS is not None else _looked_up(words))


def load() -> None:
    """Load the whole word list into memory now (before forking build workers)."""
    if _WORDS is None:
        _load(write_index=False)


def keep_index() -> None:
    """Write the on-disk index if it is missing, from the list in memory.

    A cold build has workers idle while the last pages are built; one of them writes the
    index then (90 ms), so that the first rebuild after an edit does not.
    """
    index = _copy("sqlite")
    if _WORDS is not None and index is not None and not index.exists():
        known = _WORDS
        _replace_whole(index, lambda partial: _write_index(partial, known))


def forget_memory() -> None:
    """Drop the in-memory list (tests/benches use it to stand for a new process)."""
    global _WORDS, _indexed, _index_failed
    _WORDS, _indexed, _index_failed = None, 0, False


def _from_index(words: Collection[str]) -> dict[str, int] | None:
    """Look `words` up in the on-disk index; None when there is no readable index."""
    global _index_failed
    path = _copy("sqlite")
    if path is None:
        return None
    try:
        # immutable: the file is only ever replaced whole, so SQLite need not lock it.
        uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            if db.execute("SELECT format, source FROM made_from").fetchall() != [
                (_FORMAT, _source_digest())
            ]:
                _index_failed = True  # another list's index: the next full load rewrites it
                return None
            db.execute(f"PRAGMA mmap_size={_MMAP_BYTES}")
            # One JSON parameter has no limit on its length, and the join, a primary-key
            # search per word, is faster than `IN (?, ?, ...)` batches.
            sql = "SELECT word, freq FROM json_each(?) CROSS JOIN words ON word = value"
            return dict(db.execute(sql, (json.dumps(list(words)),)))
    except sqlite3.Error:
        _index_failed = True
        return None


def _load(*, write_index: bool) -> dict[str, int]:
    """The whole list, from its marshal copy or pyspellchecker; writes the copies missing.

    A cold build (`load`) has no use for the index, and writes it with `keep_index` when
    workers are free.
    """
    global _WORDS
    copy, index = _copy("marshal"), _copy("sqlite")
    known = _read_marshal(copy) if copy is not None else None
    if known is None:
        from spellchecker import SpellChecker

        known = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
        if copy is not None:
            data = _stamped(marshal.dumps(known))
            _replace_whole(copy, lambda partial: partial.write_bytes(data))
    if write_index and index is not None and (_index_failed or not index.exists()):
        _replace_whole(index, lambda partial: _write_index(partial, known))
    _WORDS = known
    return known


def _stamped(payload: bytes) -> bytes:
    """The marshal copy: a header line naming the format, the source and the payload's hash."""
    digest = hashlib.sha256(payload).hexdigest()
    header = b" ".join((_MAGIC, _FORMAT.encode(), _source_digest().encode(), digest.encode()))
    return header + b"\n" + payload


def _read_marshal(path: Path) -> dict[str, int] | None:
    """The list from its marshal copy, if the copy is whole and made from the source."""
    try:
        header, _, payload = path.read_bytes().partition(b"\n")
    except OSError:
        return None
    expected = [_MAGIC, _FORMAT.encode(), _source_digest().encode()]
    parts = header.split(b" ")
    if parts[:3] != expected or parts[3:] != [hashlib.sha256(payload).hexdigest().encode()]:
        return None  # another format, another list, or damaged: made again
    try:
        known = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return known if isinstance(known, dict) else None


def _write_index(path: Path, known: dict[str, int]) -> None:
    """Fill a new index file in one statement.

    SQLite reads the list from one JSON dump 30% faster than `executemany` binds 160k rows.
    """
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=OFF")  # a half-written file is thrown away anyway
        db.execute("PRAGMA synchronous=OFF")
        db.execute("BEGIN")
        db.execute("CREATE TABLE words (word TEXT PRIMARY KEY, freq INTEGER) WITHOUT ROWID")
        db.execute("INSERT INTO words SELECT key, value FROM json_each(?)", (json.dumps(known),))
        db.execute("CREATE TABLE made_from (format TEXT, source TEXT)")
        db.execute("INSERT INTO made_from VALUES (?, ?)", (_FORMAT, _source_digest()))
        db.execute("COMMIT")


def _replace_whole(path: Path, write: Callable[[Path], object]) -> None:
    """Write a cache file whole or not at all; a cache that cannot be written is skipped."""
    partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}.partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)
        write(partial)
        os.replace(partial, path)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _copy(suffix: str) -> Path | None:
    """Where the cached copy of the word list with this suffix lives, if the list is found."""
    if not _source_digest():
        return None
    return default_cache_dir() / f"words-en-{_FORMAT}-{_source_digest()[:16]}.{suffix}"


@cache
def list_stamp() -> str:
    """Which word list is installed, cheaply (its file's size and time, one `stat`): page
    caches key what they derived from it (each page's unknown words) by this, so a new
    pyspellchecker makes them derive again."""
    path = _source_path()
    try:
        info = path.stat() if path is not None else None
    except OSError:
        info = None
    return f"{info.st_size}-{info.st_mtime_ns}" if info is not None else "none"


def _source_path() -> Path | None:
    """pyspellchecker's English list, found without importing pyspellchecker."""
    from importlib.util import find_spec

    spec = find_spec("spellchecker")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent / "resources" / "en.json.gz"


@cache
def _source_digest() -> str:
    """SHA-256 of pyspellchecker's English list (650 KB: about a millisecond); "" when it
    cannot be found or read."""
    path = _source_path()
    try:
        data = path.read_bytes() if path is not None else b""
    except OSError:
        data = b""
    return hashlib.sha256(data).hexdigest() if data else ""
