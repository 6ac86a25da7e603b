"""Reading the files a page includes (`{% include %}`), for the loader.

Parsing an include is pure (`parse/include.py`); this is the I/O at its edge. It reads
every file a page includes, and the files those include, never outside the notebook's
folder (a symlink out of it is refused like a `../` path), never more than
`MAX_INCLUDE_BYTES` a file, and never anything but a regular file.

A page's version covers what it includes: `included_digest` folds each included file's
hash into the page's own, so an edit to a shared block rebuilds every page that shows it.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from notedeck.page_cache import UnfitFile, read_regular
from notedeck.parse.include import (
    MAX_DEPTH,
    MAX_INCLUDE_BYTES,
    MAX_INCLUDED_CHARS,
    include_targets,
    resolve_include,
)

# What one page may take in is bounded in characters (`MAX_INCLUDED_CHARS`); a character is
# at most 4 bytes, so reading stops once that many characters' worth of bytes are read.
_MAX_READ = 4 * MAX_INCLUDED_CHARS
_TOO_MUCH = f"the page would take in over {MAX_INCLUDED_CHARS:,} characters of included text"

Reader = Callable[[str, int], bytes]
"""Reads a file's bytes, refusing one over the size given (`page_cache.read_regular`)."""


def read_included(
    root: Path, page_id: str, data: bytes, read: Reader = read_regular
) -> dict[str, bytes | str]:
    """What each include of a page names, read: bytes, or why not (as a sentence's end).

    Includes of included files are followed to `MAX_DEPTH` levels; a path out of the
    notebook is not read at all (`expand_includes` says so).
    """
    if b"include" not in data:
        return {}
    files: dict[str, bytes | str] = {}
    base = os.path.realpath(root)
    todo = [(page_id, data, 0)]
    left = _MAX_READ  # bytes still to read for this page
    while todo:
        including, content, depth = todo.pop()
        if depth > MAX_DEPTH:
            continue
        text = content.decode("utf-8", errors="replace").replace("\r\n", "\n")
        for _, target in include_targets(text):
            child = resolve_include(including, target)
            if child is None or child in files or child == page_id:
                continue
            if left <= 0:
                files[child] = _TOO_MUCH
                continue
            got = files[child] = _read_one(base, child, read)
            if isinstance(got, bytes):
                left -= len(got)
            if isinstance(got, bytes) and b"include" in got:
                todo.append((child, got, depth + 1))
    return files


def _read_one(base: str, child: str, read: Reader) -> bytes | str:
    real = included_path(Path(base), child)
    if not real.startswith(base.rstrip(os.sep) + os.sep):
        return "the path leads out of the notebook, which is never read"
    try:
        return read(real, MAX_INCLUDE_BYTES)
    except UnfitFile as exc:
        return str(exc.reason).replace("page limit", "limit for an included file")
    except FileNotFoundError:
        return "the file does not exist"
    except OSError as exc:
        return f"the file cannot be read ({exc.strerror or exc})"


def included_digest(digest: str, files: Mapping[str, bytes | str]) -> str:
    """A page's version: its own content hash, with each included file's folded in."""
    if not files:
        return digest
    return combined_digest(
        digest,
        {
            name: hashlib.sha256(got).hexdigest() if isinstance(got, bytes) else "!" + got
            for name, got in files.items()
        },
    )


def combined_digest(digest: str, parts: Mapping[str, str]) -> str:
    """`digest` with (name, hash) pairs folded in, in name order."""
    folded = hashlib.sha256(digest.encode())
    for name in sorted(parts):
        folded.update(f"\0{name}\0{parts[name]}".encode("utf-8", "surrogateescape"))
    return folded.hexdigest()


def included_path(root: Path, name: str) -> str:
    """Where an included file (a notebook-relative path) is read from."""
    return os.path.realpath(os.path.join(root, *name.split("/")))
