"""What the app serves: the notebook as it is now, its cards, and the review store.

The notebook is loaded and its cards built exactly as `notedeck build` does (`study/build.py`,
through the page cache), so a card keeps its id and history whichever of the two saw an
edit first. A reload swaps in a new `Snapshot` whole: a request reads one snapshot from start
to end and never sees half of an edit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from notedeck.derive import dictionary
from notedeck.errors import NotedeckError
from notedeck.include_files import read_included
from notedeck.model import Card, Notebook, Page
from notedeck.notebook import load_notebook
from notedeck.page_cache import DEFAULT_MAX_PAGE_BYTES, PageCache, default_cache_dir
from notedeck.parse.include import expand_includes
from notedeck.parse.source import read_source
from notedeck.study.build import BuildReport, build_cards
from notedeck.study.store import Store, default_db_url
from notedeck.web.render import Links, RenderedPage, render_page


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One version of the notes with the cards built from it.

    Attributes:
        version: counts reloads; the browser reloads a page when it grows.
        notebook: the notes.
        report: the build that matched the notes' cards to the store.
        cards_at: the cards of each (page id, line), for the reader's reveal buttons.
        error: why the last reload failed (the previous notes are still served), or None.
    """

    version: int
    notebook: Notebook
    report: BuildReport
    cards_at: dict[tuple[str, int], tuple[Card, ...]]
    error: str | None = None
    _rendered: dict[str, RenderedPage] = field(default_factory=dict, compare=False)
    _links: list[Links] = field(default_factory=list, compare=False)

    def page_cards(self, page_id: str) -> dict[int, list[Card]]:
        """The page's cards by line."""
        cards: dict[int, list[Card]] = {}
        for (page, line), at in self.cards_at.items():
            if page == page_id:
                cards.setdefault(line, []).extend(at)
        return cards


class Workspace:
    """The notebook at `source` and its review store, reloaded on demand.

    Attributes:
        source: the folder or file given to `serve` (None: the bundled example).
        store: the review store scoped to the notebook.
        use_cache: read and keep pages through the page cache, as the CLI does.
    """

    def __init__(
        self,
        source: Path | None,
        db_url: str | None,
        *,
        use_cache: bool = True,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
        links: Callable[[Snapshot], Links],
    ) -> None:
        """Load the notes, open the store and build the cards; `links` says how the
        reader links pages and files (`web.deps.links_for`).

        Raises:
            NotedeckError: the notes cannot be found or the store cannot be opened.
        """
        self.source = source
        self.use_cache = use_cache
        self.clock = clock
        self.max_page_bytes = max_page_bytes
        self._make_links = links
        self._lock = threading.Lock()
        self._changed = threading.Condition()
        self._closed = False
        # A server lives long and renders pages (self-test marks) all day: the word list in
        # memory (35 ms once) beats a lookup in its on-disk index per sentence (1.4 ms each).
        dictionary.load()
        notebook = self._load()
        self._base = Store.open(db_url or default_db_url(notebook.root))
        try:
            self.store = self._base.for_notebook(notebook.root)
            self._snapshot = self._built(notebook, version=1)
        except NotedeckError:
            self._base.close()
            raise

    @property
    def root(self) -> Path:
        return self._snapshot.notebook.root

    def current(self) -> Snapshot:
        return self._snapshot

    def reload(self) -> Snapshot:
        """Read the notes again and rebuild their cards; on failure keep serving the last
        good notes, with the reason in `Snapshot.error`."""
        with self._lock:
            old = self._snapshot
            try:
                snapshot = self._built(self._load(), version=old.version + 1)
                self._prepare(snapshot, old)
            except NotedeckError as exc:
                snapshot = Snapshot(
                    old.version + 1, old.notebook, old.report, old.cards_at, error=str(exc)
                )
            self._snapshot = snapshot
        with self._changed:
            self._changed.notify_all()
        return snapshot

    def wait_for_change(self, since: int, timeout: float) -> int:
        """Block until the version passes `since` or `timeout` seconds pass; the version."""
        with self._changed:
            self._changed.wait_for(
                lambda: self._closed or self._snapshot.version > since, timeout=timeout
            )
        return self._snapshot.version

    def close(self) -> None:
        """Close the store and let every browser waiting for a change go."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        self._base.close()

    def links(self, snapshot: Snapshot | None = None) -> Links:
        """How the reader links pages and files, made once per version of the notes."""
        snapshot = snapshot or self._snapshot
        if not snapshot._links:
            snapshot._links.append(self._make_links(snapshot))
        return snapshot._links[0]

    def rendered(self, page: Page, snapshot: Snapshot | None = None) -> RenderedPage:
        """The page as the reader shows it, rendered once per version of the page."""
        snapshot = snapshot or self._snapshot
        found = snapshot._rendered.get(page.id)
        if found is not None:
            return found
        try:
            data = page.path.read_bytes()
        except OSError:
            data = b""
        body = read_source(data, page.id).body
        cards = snapshot.page_cards(page.id)
        lines = None
        if page.included:  # the reader shows included blocks where GitBook does
            files = read_included(snapshot.notebook.root, page.id, data)
            expanded = expand_includes(page.id, body, files)
            body, lines = expanded.text, expanded.lines
        result = render_page(page, body, links=self.links(snapshot), cards=cards, lines=lines)
        snapshot._rendered[page.id] = result
        return result

    def _prepare(self, snapshot: Snapshot, old: Snapshot) -> None:
        """Keep the renders of pages an edit left alone, and render the edited ones now, so
        the browser reloading after a save gets its page at once."""
        same_links = self.links(snapshot).titles == self.links(old).titles
        before = dict(old.notebook.page_versions())
        for page_id, digest in snapshot.notebook.page_versions():
            kept = old._rendered.get(page_id)
            unchanged = same_links and before.get(page_id) == digest
            if (
                kept is not None
                and unchanged
                and (snapshot.page_cards(page_id) == old.page_cards(page_id))
            ):
                snapshot._rendered[page_id] = kept
                continue
            if not unchanged and page_id in before:
                self.rendered(snapshot.notebook.page(page_id), snapshot)

    def _load(self) -> Notebook:
        notebook = load_notebook(
            self.source, cache_dir=self.use_cache, max_page_bytes=self.max_page_bytes
        )
        if not notebook.pages:
            from notedeck.notebook import shown_path

            raise NotedeckError(f"no Markdown notes found in {shown_path(notebook.root)}")
        return notebook

    def _built(self, notebook: Notebook, *, version: int) -> Snapshot:
        memo = PageCache(default_cache_dir(), notebook.root) if self.use_cache else None
        try:
            report = build_cards(notebook, self.store, now=self.clock(), memo=memo)
        finally:
            if memo is not None:
                memo.close()
        cards_at: dict[tuple[str, int], list[Card]] = {}
        for card in report.cards:
            cards_at.setdefault((card.source.page, card.source.line), []).append(card)
        return Snapshot(
            version, notebook, report, {key: tuple(value) for key, value in cards_at.items()}
        )
