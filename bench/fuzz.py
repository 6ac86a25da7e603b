"""Fuzz campaign: generated hostile notes through read → outline → cards → export.

    python bench/fuzz.py [--count 100000] [--seed 0] [--batch 100] [--workers 1]
        [--cap 10] [--anki-every 1] [--store-every 20] [--json] [--out bench/out/fuzz]

Notes come from `bench/fuzz_notes.py` (note `i` of seed `s` is a pure function of the pair).
They are written `--batch` at a time into a temporary folder, one file per note, and each
folder goes through what the CLI does with a notebook, in a forked child process:

1. `load_notebook` (read, repair, front matter, outline, page health, notebook spelling),
   with no page cache and one process, as `notedeck show --no-cache` on one core;
2. the outline and findings as `show --json` and `check` print them (`Page.to_dict`,
   `Finding.to_dict`, `outline_text`, `findings_view`), serialised to JSON;
3. `derive_cards` and `reconcile` against an empty store (the ids a first build gives);
   every `--store-every`th batch (default 20th) instead runs `build_cards` into a real
   SQLite store, which doubles a batch's time;
4. `export_csv` in both styles, and `export_anki` to a real `.apkg` (one process), checked
   to open as a zip holding the collection. By default every batch is exported to Anki:
   it costs about 0.03 s of CPU a batch of 100 notes, a tenth of the batch
   (`--anki-every N` exports every Nth batch only).

A crash is any of:

- an exception escaping a stage (bad notes must give findings, not exceptions);
- a note taking over `--cap` seconds: while pages are read and outlined the child reports
  each page as it finishes, so the slow page is known at once; a later stage over its
  budget (`--cap` plus 0.2 s a note) is bisected down to the note;
- the child dying (a signal, or memory: children run with a 4 GB address-space limit);
- a broken invariant: a card face holding a C0/C1 control character other than tab and
  newline (`CONTROL_CHAR_IN_CARD`), the same in the exported CSV faces
  (`CONTROL_CHAR_IN_EXPORT`; the `.apkg` holds the same faces), exported rows that do not
  match the cards one to one, a front over 2,000 characters, an empty or duplicate id, card
  text from an attribute (`bench/fuzz_notes.HREF_MARKER`), or the YAML-executed marker file.
  Invariants are checked on every batch and do not stop it, so they cost no re-runs.

An exception or death in a batch is bisected to the note (or, when no single note fails
alone, to the smallest failing set). Crashes are grouped by signature: exception type and
the innermost notedeck frame (function, not line, so a signature survives edits), or the
invariant's name. For each signature the first note found is shrunk line by line (while the
same signature reproduces) and written to `--out` as `<signature>.md`, with the signature,
seed/index and traceback in `<signature>.txt`. `bench/out/` is git-ignored.

Throughput is printed (notes/s over the whole run, bisection included) with the projected
time for 100,000 notes.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import multiprocessing
import os
import re
import resource
import shutil
import sys
import tempfile
import time
import traceback
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from multiprocessing.connection import Connection
from multiprocessing.sharedctypes import Synchronized
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from fuzz_notes import EXECUTED_MARKER, HREF_MARKER, generate_note

from notedeck.cli.render import findings_view, outline_header, outline_text
from notedeck.derive import cards as cards_module
from notedeck.derive import dictionary
from notedeck.derive.cards import derive_cards
from notedeck.export.anki import export_anki
from notedeck.export.csv import ANKI_HEADER, export_csv
from notedeck.model import Card, Notebook, Page
from notedeck.notebook import load_notebook
from notedeck.study.identity import reconcile

OUT = Path(__file__).parent / "out" / "fuzz"
MAX_FRONT = 2_000
STAGE_ALLOWANCE_S = 0.2  # per note, on top of the cap, for the stages that run the whole batch
MEMORY_LIMIT = 4 << 30
STAGES = ("load", "outline", "cards", "export", "done")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TAG = re.compile(r"<[^<>]*>")
_SOURCE_ROOT = str(Path(__file__).resolve().parent.parent / "src")

Note = tuple[int, bytes]  # (index, bytes)


class InvariantBroken(Exception):
    """A side effect that must never happen (a note's YAML ran code); raised, as it cannot be
    put down to one page. Broken invariants of the output are returned, not raised."""

    def __init__(self, name: str, page: str, detail: str) -> None:
        super().__init__(f"{name} on {page}: {detail}")
        self.name, self.page = name, page


@dataclass
class BatchStats:
    """What one batch produced."""

    notes: int = 0
    pages: int = 0
    findings: int = 0
    cards: int = 0
    anki_exports: int = 0
    store_builds: int = 0
    broken: list[tuple[str, str, str]] = field(default_factory=list)  # (invariant, page, detail)


# ---------------------------------------------------------------- the pipeline


def page_name(index: int) -> str:
    """The file a note is written to: names sort in index order, as the notebook reads them."""
    return f"n{index:07d}.md"


def run_pipeline(
    notes: Sequence[Note],
    folder: Path,
    *,
    anki: bool = True,
    store: bool = False,
    report: Callable[[str, int], None] | None = None,
) -> BatchStats:
    """Run `notes` through every stage the CLI runs; raise on a crash, return broken invariants.

    `report(stage, page_number)` is called as work moves on (`page_number` -1 for a stage
    over the whole batch), for the watchdog.
    """
    tell = report or (lambda stage, number: None)
    notebook_dir = folder / "notebook"
    notebook_dir.mkdir()
    for index, data in notes:
        (notebook_dir / page_name(index)).write_bytes(data)

    tell("load", 0)
    notebook = load_notebook(
        notebook_dir, cache_dir=False, workers=1, progress=lambda done, total: tell("load", done)
    )
    pages = list(notebook.pages)
    for number, page in enumerate(pages):  # what `show --json` and `show` print
        tell("outline", number)
        json.dumps(page.to_dict(), ensure_ascii=False)
        outline_text(page)
    tell("outline", -1)
    findings = notebook.all_findings()
    json.dumps([finding.to_dict() for finding in findings], ensure_ascii=False)
    outline_header(notebook).plain  # noqa: B018 (rendering is the point)
    findings_view(findings).plain  # noqa: B018

    tell("cards", -1)
    numbers = {page.id: number for number, page in enumerate(pages)}
    with _reporting_pages(lambda page: tell("cards", numbers.get(page.id, -1))):
        if store:
            cards = _store_build(notebook, folder)
        else:
            cards = reconcile(derive_cards(notebook), ()).cards
    tell("export", -1)
    broken = check_cards(cards)
    titles = {page.id: page.title for page in pages}
    written = {}
    for style in ("anki", "quizlet"):
        stream = io.StringIO()
        export_csv(cards, stream, style=style, deck_name=notebook.title, page_titles=titles)
        written[style] = stream.getvalue()
    broken += check_exports(cards, anki_csv=written["anki"], quizlet_csv=written["quizlet"])
    if anki and cards:
        out = folder / "deck.apkg"
        export_anki(cards, out, deck_name=notebook.title, page_titles=titles, processes=1)
        with zipfile.ZipFile(out) as package:
            package.getinfo("collection.anki2")
    if os.path.exists(EXECUTED_MARKER):
        raise InvariantBroken("YAML_EXECUTED", "?", f"{EXECUTED_MARKER} was created")
    tell("done", -1)
    return BatchStats(
        notes=len(notes),
        pages=len(pages),
        findings=len(findings),
        cards=len(cards),
        anki_exports=int(anki and bool(cards)),
        store_builds=int(store),
        broken=broken,
    )


@contextlib.contextmanager
def _reporting_pages(tell: Callable[[Page], None]) -> Iterator[None]:
    """Have `derive_cards` say which page it is on, so the watchdog can name a slow page.

    `derive_cards` looks `derive_page_cards` up in its module on every call; the wrapper only
    reports and calls through, so the cards are the ones the CLI derives.
    """
    original = cards_module.derive_page_cards

    def reporting(page: Page, names: Any = None) -> tuple[Card, ...]:
        tell(page)
        return original(page, names)

    cards_module.derive_page_cards = reporting
    try:
        yield
    finally:
        cards_module.derive_page_cards = original


def _store_build(notebook: Notebook, folder: Path) -> tuple[Card, ...]:
    from notedeck.study.build import build_cards
    from notedeck.study.store import Store

    with Store.open(f"sqlite:///{folder / 'store.sqlite'}") as opened:
        return build_cards(notebook, opened, now=datetime(2026, 1, 1, tzinfo=UTC)).cards


def check_cards(cards: Sequence[Card]) -> list[tuple[str, str, str]]:
    """Each (invariant, page, detail) a card breaks, once per invariant and page."""
    seen: set[str] = set()
    broken: dict[tuple[str, str], str] = {}
    for card in cards:
        page = card.source.page
        if not card.id or card.id in seen:
            broken.setdefault(("BAD_CARD_ID", page), f"id {card.id!r}")
        seen.add(card.id)
        for face, text in (("front", card.front), ("back", card.back), ("cloze", card.cloze)):
            found = _CONTROL.search(text)
            if found:
                broken.setdefault(
                    ("CONTROL_CHAR_IN_CARD", page),
                    f"{face} holds {found.group()!r}: {text[max(0, found.start() - 60) :][:120]!r}",
                )
            if HREF_MARKER in text and HREF_MARKER in _TAG.sub("", text):  # a tag kept whole
                # as markup (an explicit cloze keeps the student's link) is not card text
                broken.setdefault(("ATTRIBUTE_TEXT_IN_CARD", page), f"{face}: {text[:160]!r}")
        if len(card.front) > MAX_FRONT:
            broken.setdefault(("LONG_FRONT", page), f"{len(card.front)} characters")
    return [(name, page, detail) for (name, page), detail in broken.items()]


def check_exports(
    cards: Sequence[Card], *, anki_csv: str, quizlet_csv: str
) -> list[tuple[str, str, str]]:
    """Each (invariant, page, detail) the exported files break: a control character in a
    card's exported faces (the `.apkg` holds the same faces as the Anki-style file), or a
    file whose rows do not match the cards one to one."""
    broken: dict[tuple[str, str], str] = {}
    pages = {card.id: card.source.page for card in cards}
    csv.field_size_limit(sys.maxsize)  # a face may be as long as a note's longest line
    rows = list(csv.reader(io.StringIO(anki_csv), delimiter="\t"))[len(ANKI_HEADER) :]
    lines = quizlet_csv.split("\n")[:-1]
    if len(rows) != len(cards) or len(lines) != len(cards):
        broken[("EXPORT_ROWS", "?")] = f"{len(cards)} cards, {len(rows)} and {len(lines)} rows"
        return [(name, page, detail) for (name, page), detail in broken.items()]
    for row, line, card in zip(rows, lines, cards, strict=True):
        page = pages.get(row[0], card.source.page)
        for where, text in (("anki csv", "\t".join(row[3:5])), ("quizlet csv", line)):
            found = _CONTROL.search(text)
            if found:
                detail = (
                    f"{where} holds {found.group()!r}: {text[max(0, found.start() - 60) :][:120]!r}"
                )
                broken.setdefault(("CONTROL_CHAR_IN_EXPORT", page), detail)
    return [(name, page, detail) for (name, page), detail in broken.items()]


def crashes_here(seed: int, indices: Sequence[int], folder: Path) -> tuple[BatchStats, list[str]]:
    """Run notes `indices` of `seed` in this process, without the watchdog (for a quick test):
    the figures of the notes that went through, and `page: signature: message` per crash."""
    notes = [(index, generate_note(seed, index)) for index in indices]
    crashes: list[str] = []
    try:
        stats = run_pipeline(notes, Path(tempfile.mkdtemp(dir=folder)))
    except Exception:
        stats = BatchStats()
        for note in notes:  # one at a time, to name the note
            try:
                alone = run_pipeline([note], Path(tempfile.mkdtemp(dir=folder)))
            except Exception as exc:
                crashes.append(f"{page_name(note[0])}: {signature_of(exc)}: {str(exc)[:200]}")
                continue
            for name in ("notes", *_SUMMED):
                setattr(stats, name, getattr(stats, name) + getattr(alone, name))
            stats.broken += alone.broken
    crashes += [f"{page}: Invariant:{name}: {detail}" for name, page, detail in stats.broken]
    return stats, crashes


# ---------------------------------------------------------------- the watchdog


@dataclass
class Outcome:
    """How a child's run of some notes ended."""

    ok: bool
    stats: BatchStats | None = None
    signature: str = ""
    message: str = ""
    trace: str = ""
    page: str | None = None  # the failing note's page, when the failure names one
    seconds: float = 0.0
    cpu: float = 0.0  # the child's own CPU time (a killed child reports none)


def signature_of(exc: BaseException) -> str:
    """Exception type and innermost notedeck frame, e.g. `RecursionError@parse/blocks.py:walk`."""
    if isinstance(exc, InvariantBroken):
        return f"Invariant:{exc.name}"
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(_SOURCE_ROOT) or "/notedeck/" in f.filename]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    if isinstance(exc, RecursionError) and ours:  # the innermost frame is wherever the stack
        # ran out; the function that recursed is the one most often on it
        counts = Counter((f.filename, f.name) for f in ours)
        where = next(f for f in ours if (f.filename, f.name) == counts.most_common(1)[0][0])
    if where is None:
        return type(exc).__name__
    path = (
        where.filename.split("/notedeck/", 1)[-1]
        if "/notedeck/" in where.filename
        else Path(where.filename).name
    )
    return f"{type(exc).__name__}@{path}:{where.name}"


def _child(
    notes: Sequence[Note],
    folder: Path,
    options: dict[str, bool],
    conn: Connection,
    stage: Synchronized,
    page: Synchronized,
    started: Synchronized,
) -> None:
    """In the forked child: run the pipeline and send back an `Outcome`."""
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    stages = {name: number for number, name in enumerate(STAGES)}

    def report(name: str, number: int) -> None:
        stage.value, page.value, started.value = stages[name], number, time.monotonic()

    try:
        stats = run_pipeline(notes, folder, report=report, **options)
        used = resource.getrusage(resource.RUSAGE_SELF)
        outcome = Outcome(True, stats, cpu=used.ru_utime + used.ru_stime)
    except BaseException as exc:  # everything, down to RecursionError and MemoryError
        outcome = Outcome(
            False,
            signature=signature_of(exc),
            message=f"{type(exc).__name__}: {str(exc)[:500]}",
            trace="".join(traceback.format_exception(exc, limit=-25))[-8000:],
            page=exc.page if isinstance(exc, InvariantBroken) else _on_page(notes, page.value),
        )
    conn.send(outcome)
    conn.close()


def _on_page(notes: Sequence[Note], number: int) -> str | None:
    """The page a stage was working on when it failed, if it works page by page."""
    return page_name(notes[number][0]) if 0 <= number < len(notes) else None


def run_watched(notes: Sequence[Note], *, cap: float, anki: bool, store: bool) -> Outcome:
    """Run `notes` in a forked child under the watchdog; never raises for the notes' sake."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    stage, page, started = context.Value("i", 0), context.Value("i", 0), context.Value("d", 0.0)
    started.value = time.monotonic()
    folder = Path(tempfile.mkdtemp(prefix="notedeck-fuzz-"))
    process = context.Process(
        target=_child,
        args=(notes, folder, {"anki": anki, "store": store}, send, stage, page, started),
        daemon=True,
    )
    begin = time.perf_counter()
    process.start()
    send.close()
    budget = cap + STAGE_ALLOWANCE_S * len(notes)
    try:
        while True:
            if receive.poll(0.05):
                try:
                    outcome: Outcome = receive.recv()
                except EOFError:
                    break
                process.join()
                outcome.seconds = time.perf_counter() - begin
                return outcome
            if not process.is_alive():
                break
            number = page.value
            slow_page = 0 <= number < len(notes)
            if time.monotonic() - started.value > (cap if slow_page else budget):
                process.kill()
                process.join()
                where = page_name(notes[number][0]) if slow_page else None
                return Outcome(
                    False,
                    signature=f"Timeout@{STAGES[stage.value]}",
                    message=f"over {cap:g} s" if slow_page else f"over {budget:.1f} s",
                    page=where,
                    seconds=time.perf_counter() - begin,
                )
        process.join()
        return Outcome(
            False,
            signature=f"Died:exit{process.exitcode}",
            message=f"the child ended with exit code {process.exitcode} and no outcome",
            seconds=time.perf_counter() - begin,
        )
    finally:
        receive.close()
        if process.is_alive():
            process.kill()
            process.join()
        shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- the campaign


@dataclass
class Crash:
    """One failing note (or set of notes) and how it failed."""

    signature: str
    indices: list[int]
    message: str
    trace: str


_SUMMED = ("pages", "findings", "cards", "anki_exports", "store_builds")


@dataclass
class Campaign:
    seed: int
    cap: float
    anki_every: int
    store_every: int
    stats: BatchStats = field(default_factory=BatchStats)
    crashes: list[Crash] = field(default_factory=list)
    runs: int = 0
    clean_notes: int = 0  # notes of batches that went through at the first try ...
    clean_cpu: float = 0.0  # ... and the CPU time those runs took

    def run_batch(self, number: int, notes: list[Note]) -> None:
        self.stats.notes += len(notes)
        anki = self.anki_every > 0 and number % self.anki_every == 0
        store = self.store_every > 0 and number % self.store_every == 0
        outcome = self._run(notes, anki=anki, store=store)
        if outcome.ok:
            self.clean_notes += len(notes)
            self.clean_cpu += outcome.cpu
            self._count(outcome)
            return
        self._isolate(notes, outcome, anki=anki, store=store)

    def _run(self, notes: Sequence[Note], *, anki: bool, store: bool) -> Outcome:
        self.runs += 1
        return run_watched(notes, cap=self.cap, anki=anki, store=store)

    def _count(self, outcome: Outcome) -> None:
        """Add a successful run's figures, and record each broken invariant as a crash."""
        assert outcome.stats is not None
        for name in _SUMMED:
            setattr(self.stats, name, getattr(self.stats, name) + getattr(outcome.stats, name))
        for name, page, detail in outcome.stats.broken:
            index = int(page[1:8]) if re.fullmatch(r"n\d{7}\.md", page) else -1
            self.crashes.append(Crash(f"Invariant:{name}", [index], detail, ""))

    def _isolate(self, notes: list[Note], outcome: Outcome, *, anki: bool, store: bool) -> None:
        """Find the note behind a failed run, record it, and run the rest again."""
        if outcome.page is not None and len(notes) > 1:
            culprit = [n for n in notes if page_name(n[0]) == outcome.page]
            # A slow page was timed on its own; a failing one is run alone to make sure.
            alone = outcome if outcome.signature.startswith("Timeout") else None
            if culprit and alone is None:
                alone = self._run(culprit, anki=anki, store=store)
            if culprit and alone is not None and outcome.signature in signatures(alone):
                self._record(culprit, outcome)
                rest = [n for n in notes if n not in culprit]
                again = self._run(rest, anki=anki, store=store)
                if again.ok:
                    self._count(again)
                else:
                    self._isolate(rest, again, anki=anki, store=store)
                return
        if len(notes) == 1:
            self._record(notes, outcome)
            return
        half = len(notes) // 2
        results = [
            (part, self._run(part, anki=anki, store=store)) for part in (notes[:half], notes[half:])
        ]
        if all(result.ok for _, result in results):  # only the two halves together fail
            self._record(notes, outcome)
            for _, result in results:
                self._count(result)
            return
        for part, result in results:
            if result.ok:
                self._count(result)
            else:
                self._isolate(part, result, anki=anki, store=store)

    def _record(self, notes: list[Note], outcome: Outcome) -> None:
        self.crashes.append(
            Crash(outcome.signature, [index for index, _ in notes], outcome.message, outcome.trace)
        )


def signatures(outcome: Outcome) -> set[str]:
    """The crash signatures a run showed: its exception, or the invariants its cards broke."""
    if not outcome.ok:
        return {outcome.signature}
    assert outcome.stats is not None
    return {f"Invariant:{name}" for name, _, _ in outcome.stats.broken}


def shrink(note: bytes, signature: str, *, cap: float, attempts: int = 120) -> bytes:
    """A smaller note with the same crash signature: drop runs of lines while it still fails."""
    lines = note.split(b"\n")
    chunk = max(1, len(lines) // 2)
    tried = 0
    while chunk >= 1 and tried < attempts:
        start, changed = 0, False
        while start < len(lines) and tried < attempts:
            candidate = lines[:start] + lines[start + chunk :]
            tried += 1
            outcome = run_watched([(0, b"\n".join(candidate))], cap=cap, anki=True, store=False)
            if signature in signatures(outcome) and candidate:
                lines, changed = candidate, True
            else:
                start += chunk
        if not changed:
            chunk //= 2
    return b"\n".join(lines)


def write_reproducers(campaign: Campaign, out: Path, *, minimise: bool) -> dict[str, str]:
    """One reproducer per signature: the note (shrunk) as `.md`, what failed as `.txt`."""
    out.mkdir(parents=True, exist_ok=True)
    written: dict[str, str] = {}
    for crash in campaign.crashes:
        if crash.signature in written or min(crash.indices) < 0:
            continue
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "_", crash.signature).strip("_")[:120]
        notes = [generate_note(campaign.seed, index) for index in crash.indices]
        if len(notes) == 1:
            data = notes[0]
            if minimise and not crash.signature.startswith(("Timeout", "Died")):
                data = shrink(data, crash.signature, cap=campaign.cap)
            (out / f"{slug}.md").write_bytes(data)
        else:
            folder = out / slug
            folder.mkdir(exist_ok=True)
            for index, data in zip(crash.indices, notes, strict=True):
                (folder / page_name(index)).write_bytes(data)
        (out / f"{slug}.txt").write_text(
            f"signature: {crash.signature}\nseed: {campaign.seed}\nindices: {crash.indices}\n"
            f"message: {crash.message}\n\n{crash.trace}\n",
            encoding="utf-8",
            errors="backslashreplace",
        )
        written[crash.signature] = str(out / (f"{slug}.md" if len(notes) == 1 else slug))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--start", type=int, default=0, help="first note index")
    parser.add_argument("--batch", type=int, default=100, help="notes per notebook")
    parser.add_argument("--workers", type=int, default=1, help="batches run at once")
    parser.add_argument("--cap", type=float, default=10.0, help="seconds a note may take")
    parser.add_argument("--anki-every", type=int, default=1, help="0: never export .apkg")
    parser.add_argument("--store-every", type=int, default=20, help="0: never use a store")
    parser.add_argument("--no-shrink", action="store_true", help="keep reproducers whole")
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)

    with contextlib.suppress(FileNotFoundError):
        os.remove(EXECUTED_MARKER)
    dictionary.load()  # once, before the children fork, as the CLI's workers share it
    campaign = Campaign(args.seed, args.cap, args.anki_every, args.store_every)
    batches = [
        (number, list(range(start, min(start + args.batch, args.start + args.count))))
        for number, start in enumerate(range(args.start, args.start + args.count, args.batch))
    ]
    begin, cpu_begin = time.perf_counter(), _cpu_seconds()
    if args.workers > 1:
        _run_parallel(campaign, batches, args.workers)
    else:
        for done, (number, indices) in enumerate(batches, start=1):
            campaign.run_batch(number, [(i, generate_note(args.seed, i)) for i in indices])
            _progress(done, len(batches), campaign, begin, quiet=args.json)
    seconds, cpu = time.perf_counter() - begin, _cpu_seconds() - cpu_begin
    reproducers = write_reproducers(campaign, args.out, minimise=not args.no_shrink)
    result = _result(campaign, args, seconds, cpu, reproducers)
    if args.json:
        print(json.dumps(result, indent=2, ensure_ascii=False))
    else:
        _print(result)
    return 1 if campaign.crashes else 0


def _run_parallel(campaign: Campaign, batches: list[tuple[int, list[int]]], workers: int) -> None:
    """`--workers N`: N batches at a time, each campaign's share run in a thread (children
    do the work; threads only wait on them)."""
    from concurrent.futures import ThreadPoolExecutor

    parts = [Campaign(campaign.seed, campaign.cap, campaign.anki_every, campaign.store_every)
             for _ in range(workers)]  # fmt: skip

    def work(slot: int) -> None:
        for number, indices in batches[slot::workers]:
            parts[slot].run_batch(number, [(i, generate_note(campaign.seed, i)) for i in indices])

    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(work, range(workers)))
    for part in parts:
        campaign.runs += part.runs
        campaign.clean_notes += part.clean_notes
        campaign.clean_cpu += part.clean_cpu
        campaign.crashes += part.crashes
        for name in ("notes", *_SUMMED):
            setattr(campaign.stats, name, getattr(campaign.stats, name) + getattr(part.stats, name))
    campaign.crashes.sort(key=lambda crash: crash.indices[0])


def _progress(done: int, total: int, campaign: Campaign, begin: float, *, quiet: bool) -> None:
    if quiet or (not sys.stderr.isatty() and done % 10 and done != total):
        return
    rate = campaign.stats.notes / max(time.perf_counter() - begin, 1e-9)
    sys.stderr.write(
        f"\r{done}/{total} batches, {campaign.stats.notes} notes, {rate:.0f} notes/s, "
        f"{len(campaign.crashes)} crashes" + ("\n" if not sys.stderr.isatty() else "")
    )


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children: on a machine shared with other
    work, wall time says more about the neighbours than about notedeck."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _result(
    campaign: Campaign,
    args: argparse.Namespace,
    seconds: float,
    cpu: float,
    reproducers: dict[str, str],
) -> dict[str, Any]:
    by_signature = Counter(crash.signature for crash in campaign.crashes)
    rate = campaign.stats.notes / seconds if seconds else 0.0
    cpu_rate = campaign.stats.notes / cpu if cpu else 0.0
    clean_rate = campaign.clean_notes / campaign.clean_cpu if campaign.clean_cpu else 0.0
    return {
        "seed": args.seed,
        "start": args.start,
        "count": args.count,
        "batch": args.batch,
        "workers": args.workers,
        "cap_s": args.cap,
        "anki_every": args.anki_every,
        "store_every": args.store_every,
        "notes": campaign.stats.notes,
        "pages": campaign.stats.pages,
        "findings": campaign.stats.findings,
        "cards": campaign.stats.cards,
        "anki_exports": campaign.stats.anki_exports,
        "store_builds": campaign.stats.store_builds,
        "child_runs": campaign.runs,
        "crashes": len(campaign.crashes),
        "signatures": {
            signature: {
                "count": count,
                "indices": [
                    i for c in campaign.crashes if c.signature == signature for i in c.indices
                ][:20],
                "message": next(c.message for c in campaign.crashes if c.signature == signature),
                "reproducer": reproducers.get(signature),
            }
            for signature, count in by_signature.most_common()
        },
        "seconds": round(seconds, 1),
        "cpu_seconds": round(cpu, 1),
        "notes_per_s": round(rate, 1),
        "notes_per_cpu_s": round(cpu_rate, 1),
        "projected_100k_min": round(100_000 / rate / 60, 1) if rate else None,
        "projected_100k_cpu_min": round(100_000 / cpu_rate / 60, 1) if cpu_rate else None,
        "clean_notes": campaign.clean_notes,
        "clean_notes_per_cpu_s": round(clean_rate, 1),
        "clean_projected_100k_cpu_min": round(100_000 / clean_rate / 60, 1) if clean_rate else None,
    }


def _batches(every: int) -> str:
    return {0: "no batch", 1: "every batch"}.get(every, f"every {every}th batch")


def _print(result: dict[str, Any]) -> None:
    print(
        f"\n{result['notes']} notes (seed {result['seed']}, from {result['start']}) in "
        f"{result['seconds']} s: {result['pages']} pages, {result['findings']} findings, "
        f"{result['cards']} cards; {result['anki_exports']} .apkg exports "
        f"({_batches(result['anki_every'])}), {result['store_builds']} store builds "
        f"({_batches(result['store_every'])}; re-runs that isolate a crash count too)"
    )
    print(
        f"{result['notes_per_s']} notes/s on {result['workers']} worker(s), "
        f"{result['notes_per_cpu_s']} notes per CPU-second ({result['cpu_seconds']} CPU-s); "
        f"100,000 notes would take {result['projected_100k_min']} min "
        f"({result['projected_100k_cpu_min']} min of CPU)"
    )
    print(
        f"batches that passed at the first try: {result['clean_notes']} notes at "
        f"{result['clean_notes_per_cpu_s']} notes per CPU-second in the child, "
        f"{result['clean_projected_100k_cpu_min']} min of CPU for 100,000 such notes; "
        "the rest of the time went to timeouts and to re-runs that find a crashing note"
    )
    print(f"{result['crashes']} crashes")
    for signature, info in result["signatures"].items():
        print(f"  {info['count']:5d}  {signature}  e.g. notes {info['indices'][:5]}")
        print(f"         {info['message'][:160]}")
        print(f"         reproducer: {info['reproducer']}")


if __name__ == "__main__":
    sys.exit(main())
