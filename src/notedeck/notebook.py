"""Load a folder (or one file) of notes into a `Notebook`, in reading order, with caching.

Reading, outlining and page health are pure functions of a file's bytes, so their result is
cached by content hash (`page_cache.py`). A cold build of many pages uses every core. Each
build leaves a snapshot (page versions, page findings, the spelling state) that the next one
patches: after an edit, only the changed pages and the words on them are looked at again.
"""

from __future__ import annotations

import errno
import gc
import os
import posixpath
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath
from typing import TypeGuard

from notedeck import cache_format
from notedeck.derive import dictionary
from notedeck.derive.health import check_page, has_link_statement, select_findings
from notedeck.derive.prose import PageText
from notedeck.derive.spelling import SpellingState, WordIndex, index_words
from notedeck.errors import NotebookNotFound
from notedeck.include_files import combined_digest, included_digest, included_path, read_included
from notedeck.model import Finding, FindingRow, Notebook, Page, PageList, Severity
from notedeck.page_cache import (
    CACHE_VERSION,
    DEFAULT_MAX_PAGE_BYTES,
    CachedPage,
    PageCache,
    UnfitFile,
    cache_key,
    content_digest,
    default_cache_dir,
    finding_rows,
    key_digest,
    read_regular,
    summary_blob,
)
from notedeck.parse.include import IncludedFiles, locate_findings
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source
from notedeck.parse.summary import GitbookConfig, parse_gitbook_config, parse_summary
from notedeck.settings import (
    ESSAY_CHECKS_OFF,
    CheckSwitches,
    page_switches,
    quiet_note,
    read_settings,
)

NOTE_SUFFIXES = (".md", ".markdown")
_SKIPPED_DIRS = {"node_modules", "_book", "__pycache__", "venv"}
_PARALLEL_THRESHOLD = 200
_CHUNK = 64  # pages a worker builds per task: small enough that both finish together
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class PageRecord:
    """A built page with the word index its notebook-wide spelling check needs.

    Attributes:
        page: the outline, with the findings its settings let through.
        words: the spelling word index.
        quiet: the page's essay checks were left quiet because it has no link statement;
            the cache keeps this as an `ESSAY_CHECKS_OFF` row, which the notebook turns into
            one finding for all such pages.
    """

    page: Page
    words: WordIndex
    quiet: bool = False

    def rows(self) -> tuple[FindingRow, ...]:
        """The page's findings as the cache keeps them, with the quiet mark."""
        rows = finding_rows(self.page.findings)
        if self.quiet:
            rows += (Finding(ESSAY_CHECKS_OFF, Severity.INFO, "", self.page.id).to_row(),)
        return rows


@dataclass(frozen=True, slots=True)
class _Layout:
    root: Path
    files: tuple[tuple[str, str], ...]  # (page id, file path) as strings: 5,000 `Path`s cost 25 ms
    title: str | None
    findings: tuple[Finding, ...]
    listed: frozenset[str] = frozenset()  # the pages a SUMMARY.md links


def notebook_root(path: Path | None) -> Path | None:
    """The folder a notebook's store is keyed by, found without reading a page: commands
    that only read the store (`exam status`) skip loading 5,000 pages. None when the
    notebook has no note to read.

    Raises:
        NotebookNotFound: the path does not exist or cannot be listed.
    """
    path = Path(path) if path is not None else bundled_example()
    if path.is_dir():  # one note found is enough: listing 5,000 takes a sixth of a second
        root, _ = _space_root(path, [])
        if next(_note_files(root), None) is not None:
            return root
    layout = _layout(path)
    return layout.root if layout.files else None


def bundled_example() -> Path:
    """The example notebook shipped inside the package."""
    return Path(__file__).parent / "examples" / "modern-history"


def build_page(
    page_id: str,
    path: Path,
    data: bytes,
    digest: str | None = None,
    checks: CheckSwitches | None = None,
    included: IncludedFiles | None = None,
) -> PageRecord:
    """Read, outline and check one page. Pure: the same bytes and settings give the same record.

    `checks` are the notebook's settings (`notedeck.toml`); the page's front matter may
    override them. `included` holds the files its `{% include %}` lines name
    (`include_files.read_included`); findings on their lines name them.
    """
    digest = digest or included_digest(content_digest(data), included or {})
    page = outline_page(page_id, path, read_source(data, page_id), digest, included)
    text = PageText(page)  # health and spelling read the same prose
    source = data.decode("utf-8", errors="replace") if "notedeck" in page.front_matter else ""
    own, problems = page_switches(page.front_matter, page_id, source)
    switches = own.under(checks or CheckSwitches())
    essay_page = has_link_statement(page)
    found, quiet = select_findings(
        page.findings + problems + check_page(page, text), switches, essay_page=essay_page
    )
    page = replace(page, findings=locate_findings(page, found))
    words = index_words(
        page,
        text,
        misspellings=switches.allows("LIKELY_MISSPELLING", essay_page=essay_page),
        pairs=switches.allows("INCONSISTENT_SPELLING", essay_page=essay_page),
    )
    return PageRecord(page, words, quiet)


def load_notebook(
    path: Path | str | None = None,
    *,
    cache_dir: Path | bool | None = True,
    workers: int | None = None,
    progress: Progress | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> Notebook:
    """Load a notebook folder or a single Markdown file.

    Pages come back as a `PageList`: a page found in the cache is decoded when first used,
    so a command that only needs findings never loads the outlines.

    Args:
        path: folder or file; the bundled example notebook when None.
        cache_dir: where to keep the page cache; True for the user cache directory,
            False or None to parse every page afresh.
        workers: processes for a cold build; default: every core.
        progress: called with (pages done, pages total) as pages are built.
        max_page_bytes: a larger file is skipped with a `PAGE_TOO_BIG` finding.

    Only regular files are read: a FIFO, a device or a symlink to one is skipped with a
    `NOT_A_FILE` finding, so that no file can hang or exhaust a build.

    Raises:
        NotebookNotFound: the path does not exist or cannot be listed.
    """
    source = Path(path) if path is not None else bundled_example()
    layout = _layout(source)
    # notedeck.toml sits at the folder given, or at the root `.gitbook.yaml` names.
    settings = read_settings(
        dict.fromkeys([source if source.is_dir() else source.parent, layout.root])
    )
    checks = settings.checks
    directory = default_cache_dir() if cache_dir is True else (cache_dir or None)
    cache = PageCache(
        directory if isinstance(directory, Path) else None, layout.root, max_bytes=max_page_bytes
    )

    findings = list(layout.findings)
    files: dict[str, str] = {}
    known: dict[str, str] = {}
    words = dictionary.list_stamp()  # a page's unknown words depend on the list
    if checks.stamp():  # and its findings on the settings
        words += "~" + checks.stamp()
    last = _snapshot_from_plain(cache.get_result("snapshot"))
    shared_digests: dict[str, str | None] = {}  # a block many pages include is looked at once
    carried: dict[str, tuple[str, ...]] = {}  # what pages known unchanged include
    for page_id, file in layout.files:
        try:
            digest = cache.known_digest(file)
        except (OSError, UnfitFile) as exc:
            findings.append(_unreadable(page_id, exc))
            continue
        files[page_id] = file
        if digest is not None and last is not None and page_id in last.includes:
            digest = _known_included(
                cache, layout.root, digest, last.includes[page_id], shared_digests
            )
            if digest is not None:
                carried[page_id] = last.includes[page_id]
        if digest is not None:
            known[page_id] = cache_key(file, digest, words)

    if not _usable(last, files):
        last = None
    try:
        if last is not None and known == last.keys and len(known) == len(files):
            snapshot, pages = last, _page_list(cache, layout.root, known, files, last, checks)
        else:
            snapshot, pages = _build(
                cache, layout.root, files, (known, carried), findings, workers, progress, last,
                words, checks,
            )  # fmt: skip
            cache.put_result("snapshot", _snapshot_to_plain(snapshot))
        cache.save()
    finally:
        cache.close()
    spelling = _located(snapshot.spelling.findings(pages.ids), pages, snapshot.includes)
    parts = _included_parts(pages.ids, snapshot.includes, layout.listed)
    if parts:
        spelling = _on_includers(spelling, parts, pages.ids, snapshot.includes)
        pages = _without(pages, parts)
    quiet = [pid for pid, rows in snapshot.findings.items() if _quiet(rows) and pid not in parts]
    notebook_findings = [
        finding
        for finding in (*findings, *spelling)
        if checks.allows(finding.code, essay_page=True) and finding.page not in parts
    ]
    note = quiet_note(quiet) if checks.allows(ESSAY_CHECKS_OFF, essay_page=True) else None
    return Notebook(
        root=layout.root,
        title=layout.title or _fallback_title(layout.root, pages),
        pages=pages,
        findings=settings.findings + tuple(notebook_findings) + ((note,) if note else ()),
    )


def _known_included(
    cache: PageCache,
    root: Path,
    digest: str,
    included: tuple[str, ...],
    seen: dict[str, str | None],
) -> str | None:
    """A page's version from its own hash and its included files' hashes, when every one
    of them is known unchanged without reading it; None when the page must be read.
    `seen` keeps each included file's known hash (None: unknown) for the other pages."""
    parts = {}
    for name in included:
        if name not in seen:
            try:
                seen[name] = cache.known_digest(included_path(root, name))
            except (OSError, UnfitFile):
                seen[name] = None
        known = seen[name]
        if known is None:
            return None
        parts[name] = known
    return combined_digest(digest, parts)


def _included_parts(
    ids: tuple[str, ...], includes: dict[str, tuple[str, ...]], listed: frozenset[str]
) -> frozenset[str]:
    """Pages that another page includes and no SUMMARY.md links: parts of those pages, not
    pages of their own (GitBook keeps them under `.gitbook/includes/`, which is never read
    as pages; this is for a block kept anywhere else)."""
    if not includes:
        return frozenset()
    included = {name for names in includes.values() for name in names}
    return frozenset(pid for pid in ids if pid in included and pid not in listed)


def _on_includers(
    findings: tuple[Finding, ...],
    parts: frozenset[str],
    ids: tuple[str, ...],
    includes: dict[str, tuple[str, ...]],
) -> tuple[Finding, ...]:
    """Findings on an included part, told on the first page that includes it, in its file."""
    includer: dict[str, str] = {}
    for pid in ids:
        for name in includes.get(pid, ()):
            includer.setdefault(name, pid)
    return tuple(
        replace(f, page=includer[f.page], file=f.page)
        if f.page in parts and f.file is None and f.page in includer
        else f
        for f in findings
    )


def _without(pages: PageList, left_out: frozenset[str]) -> PageList:
    """`pages` but those `left_out`, each still built (or read from the cache) on first use."""
    kept = [n for n, pid in enumerate(pages.ids) if pid not in left_out]
    return PageList(
        [pages.ids[n] for n in kept],
        [pages.digests[n] for n in kept],
        [f for f in pages.findings if f.page not in left_out],
        lambda number: pages[kept[number]],
    )


def _located(
    findings: tuple[Finding, ...], pages: PageList, includes: dict[str, tuple[str, ...]]
) -> tuple[Finding, ...]:
    """Notebook-wide findings on a page's included lines, at the file and line they are in."""
    if not includes or not any(f.page in includes for f in findings):
        return findings
    numbers = {pid: number for number, pid in enumerate(pages.ids)}
    return tuple(
        locate_findings(pages[numbers[f.page]], (f,))[0]
        if f.page in includes and f.page in numbers
        else f
        for f in findings
    )


def _quiet(rows: tuple[FindingRow, ...]) -> bool:
    """Whether a page's cached rows hold the mark of essay checks left quiet."""
    return any(row[0] == ESSAY_CHECKS_OFF for row in rows)


@dataclass(slots=True)
class _Snapshot:
    """What a build leaves for the next one: each page's version and findings, and the
    notebook's spelling state, so that an edit patches them instead of starting over.

    Attributes:
        keys: page id to version (`cache_key`), in reading order.
        findings: page id to its own findings, as plain rows.
        spelling: the notebook-wide spelling state.
        version: the `CACHE_VERSION` that made it.
        includes: page id to the files it includes (`{% include %}`), for pages with any:
            their hashes are part of the page's version.
    """

    keys: dict[str, str]
    findings: dict[str, tuple[FindingRow, ...]]
    spelling: SpellingState
    version: str = CACHE_VERSION
    includes: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _usable(last: object, files: dict[str, str]) -> TypeGuard[_Snapshot]:
    """Whether the last build's snapshot can be patched: made by this version of notedeck,
    and with the pages it shares with this build in the same order (spelling findings point
    at the first page using a word, so a reordered notebook is checked from scratch)."""
    if not isinstance(last, _Snapshot) or last.version != CACHE_VERSION:
        return False
    shared = [pid for pid in last.keys if pid in files]
    return shared == [pid for pid in files if pid in last.keys]


def _snapshot_to_plain(snapshot: _Snapshot) -> cache_format.Plain:
    return [
        snapshot.version,
        snapshot.keys,
        {pid: cache_format.rows_to_plain(rows) for pid, rows in snapshot.findings.items()},
        cache_format.spelling_to_plain(snapshot.spelling),
        {pid: list(names) for pid, names in snapshot.includes.items()},
    ]


def _snapshot_from_plain(data: cache_format.Plain) -> _Snapshot | None:
    """The last build's snapshot, or None when there is none or it is not what we wrote."""
    if not isinstance(data, list) or not data or data[0] != CACHE_VERSION:
        return None
    try:
        version, keys, findings, spelling, includes = data
        if not all(isinstance(part, dict) for part in (keys, findings, includes)):
            return None
        return _Snapshot(
            {str(pid): str(key) for pid, key in keys.items()},
            {pid: cache_format.rows_from_plain(rows) for pid, rows in findings.items()},
            cache_format.spelling_from_plain(spelling),
            version,
            {str(pid): tuple(map(str, names)) for pid, names in includes.items()},
        )
    except (ValueError, TypeError, KeyError):
        return None


def _build(
    cache: PageCache,
    root: Path,
    files: dict[str, str],
    known_pages: tuple[dict[str, str], dict[str, tuple[str, ...]]],
    findings: list[Finding],
    workers: int | None,
    progress: Progress | None,
    last: _Snapshot | None,
    words: str,
    checks: CheckSwitches,
) -> tuple[_Snapshot, PageList]:
    """Build what changed since the `last` snapshot (everything, without one).

    `known_pages` holds the keys of files unchanged since they were hashed, and what those
    of them include. The other files are read and hashed a chunk at a time, each chunk
    handed to a worker as soon as it is read, so reading overlaps building. An unreadable
    file becomes a finding and is left out.
    """
    known, carried = known_pages
    before = last.keys if last is not None else {}
    entries = cache.get_many(key for pid, key in known.items() if before.get(pid) != key)
    unread = [
        pid
        for pid in files
        if pid not in known or (known[pid] != before.get(pid) and known[pid] not in entries)
    ]
    workers = workers or os.cpu_count() or 1
    parallel = workers > 1 and len(unread) >= _PARALLEL_THRESHOLD
    size = min(_CHUNK, max(16, len(unread) // (workers * 8))) if parallel else len(unread) or 1
    keys = dict(known)
    includes = dict(carried)
    done = len(files) - len(unread)
    if progress:
        progress(done, len(files))
    with _pool(workers if parallel else 0) as pool:
        batches = []
        for start in range(0, len(unread), size):
            todo = []
            for pid in unread[start : start + size]:
                try:
                    data, digest = cache.read(files[pid])
                except (OSError, UnfitFile) as exc:
                    findings.append(_unreadable(pid, exc))
                    continue
                included = read_included(root, pid, data, cache.read_included)
                includes.pop(pid, None)
                if included:
                    includes[pid] = tuple(sorted(included))
                    digest = included_digest(digest, included)
                keys[pid] = cache_key(files[pid], digest, words)
                if before.get(pid) != keys[pid]:  # not just touched
                    todo.append((pid, files[pid], data, digest, included))
            entries.update(cache.get_many(keys[pid] for pid, _, _, _, _ in todo))
            todo = [item for item in todo if keys[item[0]] not in entries]
            batches.append(pool.submit(_build_chunk, todo, checks) if pool else todo)
            done += min(size, len(unread) - start) - len(todo)  # read, but known after all
        if pool:
            pool.submit(dictionary.keep_index)  # for the next rebuild, by the first idle worker
        for batch in batches:
            if isinstance(batch, Future):
                built = _built(batch.result())
            else:
                built = _build_here(batch, checks)
            fresh = {}
            for pid, entry in built:
                fresh[keys[pid]] = entry
                done += 1
                if progress:
                    progress(done, len(files))
            cache.put_many(fresh)
            cache.save(min_pages=500)  # written while the workers build the next batches
            entries.update(fresh)
        if progress:
            progress(done, len(files))
    keys = {pid: keys[pid] for pid in files if pid in keys}  # reading order
    changed = [pid for pid, key in keys.items() if before.get(pid) != key]
    removed = [pid for pid in before if pid not in keys]
    includes = {pid: names for pid, names in includes.items() if pid in keys}
    if changed or removed:
        shared = {included_path(root, name) for names in includes.values() for name in names}
        cache.prune(set(keys.values()), set(files.values()) | shared)
    rows = {
        pid: last.findings[pid] if before.get(pid) == key and last else entries[key].findings
        for pid, key in keys.items()
    }
    snapshot = _Snapshot(keys, rows, SpellingState(), includes=includes)
    pages = _page_list(cache, root, keys, files, snapshot, checks)
    patch = _spelling_changes(cache, before, keys, entries, changed + removed) if last else None
    if last is not None and patch is not None:
        snapshot.spelling = last.spelling
    else:  # from scratch
        entries.update(cache.get_many(key for key in keys.values() if key not in entries))
        patch = [
            (pid, None, _words(entries.get(key), pages, number))
            for number, (pid, key) in enumerate(keys.items())
        ]
    snapshot.spelling.update(patch, pages.ids, pages)
    return snapshot, pages


def _spelling_changes(
    cache: PageCache,
    before: dict[str, str],
    keys: dict[str, str],
    entries: dict[str, CachedPage],
    pids: list[str],
) -> list[tuple[str, WordIndex | None, WordIndex | None]] | None:
    """Each changed or removed page's word index before and now; None if one is lost."""
    old = cache.get_many(before[pid] for pid in pids if pid in before)
    patch: list[tuple[str, WordIndex | None, WordIndex | None]] = []
    for pid in pids:
        was = None
        if pid in before:
            entry = old.get(before[pid])
            if entry is not None and entry.words is not None:
                was = entry.words
            elif entry is not None and entry.page is not None:
                was = index_words(entry.page)
            else:
                return None
        now = entries[keys[pid]] if pid in keys else None
        if now is not None and now.words is None:
            return None
        patch.append((pid, was, now.words if now is not None else None))
    return patch


def _words(entry: CachedPage | None, pages: PageList, number: int) -> WordIndex:
    """A page's word index, indexing the page again when only its outline was kept."""
    if entry is not None and entry.words is not None:
        return entry.words
    return index_words(pages[number])


def _page_list(
    cache: PageCache,
    root: Path,
    keys: dict[str, str],
    files: dict[str, str],
    snapshot: _Snapshot,
    checks: CheckSwitches,
) -> PageList:
    ids, versions = list(keys), list(keys.values())
    cache.expect(versions)

    def load(number: int) -> Page:
        page = cache.page(versions[number])
        if page is None:  # gone from the cache since it was listed: build it again
            try:
                data = read_regular(files[ids[number]], cache.max_bytes)
            except (OSError, UnfitFile):
                data = b""
            included = read_included(root, ids[number], data)
            file = Path(files[ids[number]])
            page = build_page(ids[number], file, data, checks=checks, included=included).page
        return page

    findings = [
        Finding.from_row(row)
        for rows in snapshot.findings.values()
        for row in rows
        if row[0] != ESSAY_CHECKS_OFF
    ]
    return PageList(ids, [key_digest(key) for key in versions], findings, load)


def _unreadable(page_id: str, exc: OSError | UnfitFile) -> Finding:
    """The finding for a file left out of the notebook, naming it."""
    if isinstance(exc, UnfitFile):
        severity = Severity.ERROR if exc.code == "PAGE_TOO_BIG" else Severity.WARNING
        hint = " (raise the limit with --max-page-mb)" if exc.code == "PAGE_TOO_BIG" else ""
        message = f"'{page_id}' {exc.reason}; skipped{hint}."
        return Finding(exc.code, severity, message, page_id)
    why = exc.strerror or str(exc)
    if exc.errno == errno.ENOENT and os.path.islink(exc.filename or ""):
        why = "it is a symlink to a file that does not exist"
    elif exc.errno == errno.ELOOP:
        why = "it is a symlink that points back at itself"
    return Finding("UNREADABLE_FILE", Severity.ERROR, f"Cannot read '{page_id}': {why}.", page_id)


@contextmanager
def _pool(workers: int) -> Iterator[ProcessPoolExecutor | None]:
    """Worker processes for a cold build, or None to build in this process."""
    if workers < 2:
        yield None
        return
    dictionary.load()  # once, before the fork, so workers share it
    # A forked worker freezes what it inherits, so its collections never walk the parent's
    # objects (nor copy the memory they sit in).
    with ProcessPoolExecutor(max_workers=workers, initializer=gc.freeze) as pool:
        yield pool


def _built(chunk: list[tuple[str, bytes, bytes]]) -> Iterator[tuple[str, CachedPage]]:
    """A worker's pages: findings and words decoded, outlines left encoded until used."""
    for page_id, summary, blob in chunk:
        rows, words = cache_format.summary_from_plain(cache_format.loads(summary))
        yield page_id, CachedPage(rows, words, blob=blob, summary=summary)


_Todo = tuple[str, str, bytes, str, dict[str, bytes | str]]
"""A page to build: id, file, bytes, version, and the files it includes."""


def _build_here(todo: list[_Todo], checks: CheckSwitches) -> Iterator[tuple[str, CachedPage]]:
    for page_id, file, data, digest, included in todo:
        record = build_page(page_id, Path(file), data, digest, checks, included)
        yield page_id, CachedPage(record.rows(), record.words, page=record.page)


def _build_chunk(chunk: list[_Todo], checks: CheckSwitches) -> list[tuple[str, bytes, bytes]]:
    """Worker side: (page id, encoded findings and words, encoded outline) per page.

    The cyclic collector is paused for the chunk and run once after it: pages are many
    small objects with no cycles, and collecting while they are built cost 10% of a build.
    """
    built = []
    gc.disable()
    try:
        for pid, file, data, digest, included in chunk:
            record = build_page(pid, Path(file), data, digest, checks, included)
            summary = summary_blob(record.rows(), record.words)
            outline = cache_format.dumps(cache_format.page_to_plain(record.page))
            built.append((pid, summary, outline))
    finally:
        gc.enable()
        gc.collect()
    return built


# ---------------------------------------------------------------- finding the pages


def _space_root(path: Path, findings: list[Finding]) -> tuple[Path, GitbookConfig]:
    """The folder `.gitbook.yaml` names as the space's root (or `path`), and that config."""
    config = GitbookConfig()
    config_file = path / ".gitbook.yaml"
    if config_file.is_file():
        config = parse_gitbook_config(_read_text(config_file))
        if config.problem:
            findings.append(
                Finding(
                    "BAD_GITBOOK_YAML",
                    Severity.ERROR,
                    f".gitbook.yaml cannot be read ({config.problem}); "
                    "GitBook's defaults were used.",
                    ".gitbook.yaml",
                    None,
                )
            )
    root = (path / config.root).resolve() if config.root not in ("", ".", "./") else path
    if not root.is_dir():
        findings.append(
            Finding(
                "BAD_GITBOOK_YAML",
                Severity.ERROR,
                f".gitbook.yaml names root '{config.root}', which is not a folder.",
                ".gitbook.yaml",
                None,
            )
        )
        root = path
    return root, config


def _layout(path: Path) -> _Layout:
    if path.is_file():
        return _Layout(path.parent, ((path.name, str(path)),), None, ())
    if not path.is_dir():
        raise NotebookNotFound(f"No notebook at {path}: it is neither a folder nor a file.")
    findings: list[Finding] = []
    root, config = _space_root(path, findings)
    try:
        found = _found_files(root, findings)
    except OSError as exc:
        raise NotebookNotFound(f"Cannot list {_shown(str(root))}: {exc.strerror}.") from exc

    summary_id = PurePosixPath(config.summary).as_posix()
    title = None
    order: list[str] = []
    at_root = (root / summary_id).is_file()
    summaries = [summary_id] if at_root else _space_summaries(root, found)
    for summary in summaries:
        folder = str(PurePosixPath(summary).parent) if "/" in summary else ""
        parsed = parse_summary(_read_text(root / summary), folder)
        title = parsed.title if len(summaries) == 1 else None
        for entry in parsed.entries:
            if entry.path in found:
                if entry.path not in order:
                    order.append(entry.path)
            else:
                findings.append(
                    Finding(
                        "MISSING_PAGE",
                        Severity.WARNING,
                        f"SUMMARY links to '{entry.path}' ('{entry.title}'), which does not exist.",
                        summary,
                        entry.line,
                    )
                )
        found.pop(summary, None)
    listed = set(order)
    # A page whose name starts with "." (GitBook names a page titled "…" `....md`) is read
    # only when a SUMMARY.md links it; otherwise it is a hidden file, as before.
    rest = sorted(pid for pid in found if pid not in listed and not _hidden(pid))
    if order:
        for pid in rest:
            findings.append(
                Finding(
                    "NOT_IN_SUMMARY",
                    Severity.INFO,
                    f"'{pid}' is not linked from {' or '.join(summaries)}; it is shown last.",
                    pid,
                    None,
                )
            )
    files = tuple((pid, found[pid]) for pid in order + rest)
    return _Layout(root, files, title, tuple(findings), frozenset(order))


def _space_summaries(root: Path, found: dict[str, str]) -> list[str]:
    """The SUMMARY.md of each space in a folder of spaces with no root one, by folder.

    A repository may hold several GitBook spaces side by side (`docs/guide/SUMMARY.md`,
    `docs/api/SUMMARY.md`); each is read in its own order, one space after another. A
    space folder's own `.gitbook.yaml` may name its summary otherwise.
    """
    summaries = {pid for pid in found if "/" in pid and PurePosixPath(pid).name == "SUMMARY.md"}
    for folder in {str(PurePosixPath(pid).parent) for pid in found if "/" in pid}:
        config_file = root / folder / ".gitbook.yaml"
        if config_file.is_file():
            config = parse_gitbook_config(_read_text(config_file))
            named = posixpath.normpath(posixpath.join(folder, config.root, config.summary))
            if named in found and not named.startswith("../"):
                summaries.discard(posixpath.join(folder, "SUMMARY.md"))
                summaries.add(named)
    return sorted(summaries, key=lambda pid: PurePosixPath(pid).parts)


def _hidden(page_id: str) -> bool:
    return PurePosixPath(page_id).name.startswith(".")


def _found_files(root: Path, findings: list[Finding]) -> dict[str, str]:
    """Page id to file path of every note under `root`.

    A name that is not valid UTF-8 keeps its real path for reading, and gets an id with
    U+FFFD in place of the bad bytes, so that everything printed or stored is valid text.
    Such an id that is already taken (by a name written with U+FFFD, or by another bad
    name) is told apart by a number.
    """
    found: dict[str, str] = {}
    odd: list[tuple[str, str]] = []
    for page_id, file in _note_files(root):
        shown = _shown(page_id)
        if shown == page_id:
            found[page_id] = file
        else:
            odd.append((shown, file))
    for shown, file in sorted(odd):
        stem, dot, suffix = shown.rpartition(".")
        number = 2
        while shown in found:
            shown = f"{stem} ({number}){dot}{suffix}"
            number += 1
        found[shown] = file
        findings.append(
            Finding(
                "NAME_NOT_UTF8",
                Severity.WARNING,
                f"'{shown}': the file or folder name is not valid UTF-8; "
                "it is shown with \ufffd in place of the bytes that are not.",
                shown,
            )
        )
    return found


def _shown(name: str) -> str:
    """A file name as text: bytes that are not UTF-8 (lone surrogates in `str`) as U+FFFD."""
    if name.isascii():
        return name
    return os.fsencode(name).decode("utf-8", errors="replace")


def _note_files(root: Path) -> Iterator[tuple[str, str]]:
    base = str(root)
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in _SKIPPED_DIRS)
        relative = os.path.relpath(folder, base)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        for name in files:
            if name.lower().endswith(NOTE_SUFFIXES):
                yield prefix + name, os.path.join(folder, name)


def _read_text(file: Path) -> str:
    """SUMMARY.md or .gitbook.yaml as text; "" when it is not a readable regular file."""
    try:
        data = read_regular(str(file))
    except (OSError, UnfitFile):
        return ""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def _fallback_title(root: Path, pages: PageList) -> str:
    for number, page_id in enumerate(pages.ids):
        if page_id.lower() == "readme.md":
            return pages[number].title
    return _shown(root.name or str(root))


def shown_path(path: Path) -> str:
    """A path as printable text, with U+FFFD for bytes in its name that are not UTF-8."""
    return _shown(str(path))
