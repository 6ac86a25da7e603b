"""Benchmark building cards: load, derive, reconcile and store, cold and after an edit.

    python bench/cards.py [--pages 5000] [--runs 1] [--top 12] [--no-profile]

Makes (or reuses) a synthetic notebook with `make_notebook.py`, opens a fresh SQLite review
store in a temporary directory, and times the stages `build_cards` runs, one by one:

* load: `load_notebook`;
* derive: `derive_cards`, with the page cache keeping each page's cards (as `notedeck build`
  does), so writing them is part of a cold build and reading them part of a rebuild;
* reconcile: reading the stored cards (`Store.known_cards`) + `reconcile`;
* store: `Store.upsert_cards` with the retired statuses.

Every scenario but the last starts with the in-memory caches emptied (pages, file stamps,
the notebook's names, derived cards), so it pays what a new `notedeck build` pays: only the
on-disk page cache is left. Scenarios, in order:

1. cold, fresh page cache: an empty page-cache directory and an empty store;
2. cold, warm page cache: the page cache from 1, an empty store (a new store file);
3. rebuild after one edit: one word of one card-bearing bullet in one page replaced (a typo
   fix; later runs alternate it back), into the store from 2 — expect 0 new, ≥1 edited,
   0 retired;
4. rebuild with nothing changed;
5. rebuild after one edit in the same process, its caches kept (a server or a watcher).

Each timing is the median of `--runs` runs. Then one more rebuild after an edit runs under
cProfile (`bench/out/profile-cards-edit.prof`) and the top functions by own time are listed.
Peak memory is ru_maxrss of this process (tracemalloc would slow derive several-fold). The
1-minute load average is sampled around every timed run, since the machine is shared.
Results are printed as a table and written to `bench/out/cards.json`.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import re
import resource
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import make_notebook
from build import git_revision

from notedeck import page_cache
from notedeck.derive import cards, terms
from notedeck.derive.cards import derive_cards
from notedeck.model import Card
from notedeck.notebook import load_notebook
from notedeck.page_cache import PageCache
from notedeck.study.identity import RETIRED, reconcile
from notedeck.study.store import CardStatus, Store

OUT = Path(__file__).parent / "out"
STAGES = ("load", "derive", "reconcile", "store")
NOW = datetime(2025, 6, 1, 9, 0, tzinfo=UTC)
_BOLD_YEAR = re.compile(r"^\s*\* .*\*\*1\d{3}\*\*")
_WORD = re.compile(r"\b[a-z]{5,}\b")


@dataclass
class Run:
    """One timed build: seconds per stage, what reconciliation decided, load around it."""

    stages: dict[str, float]
    counts: dict[str, int]
    load_average: tuple[float, float]

    @property
    def total(self) -> float:
        return sum(self.stages.values())


@dataclass
class Row:
    """One scenario: its runs and the summary the table and JSON show."""

    name: str
    runs: list[Run] = field(default_factory=list)

    def median(self, stage: str | None = None) -> float:
        return statistics.median(r.total if stage is None else r.stages[stage] for r in self.runs)

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "total_s": round(self.median(), 3),
            "median_s": {s: round(self.median(s), 3) for s in STAGES},
            "runs": [
                {
                    "stages_s": {k: round(v, 3) for k, v in r.stages.items()},
                    "total_s": round(r.total, 3),
                    "counts": r.counts,
                    "load_average_1m": r.load_average,
                }
                for r in self.runs
            ],
            "counts": self.runs[-1].counts,
        }


# ---------------------------------------------------------------- building blocks


@contextmanager
def fresh_store(tmp: Path, name: str) -> Iterator[Store]:
    """An empty SQLite review store in `tmp`."""
    store = Store.open(f"sqlite:///{tmp / name}.sqlite3")
    try:
        yield store
    finally:
        store.close()


def staged_build(
    root: Path, cache_dir: Path, store: Store, now: datetime, *, new_process: bool = True
) -> tuple[Run, list[Card]]:
    """`load_notebook` then `build_cards`' own steps, timed separately (same calls, same order).

    With `new_process`, every in-memory cache is emptied first (pages, file stamps, names,
    derived cards), so the run pays what a new `notedeck build` pays: the on-disk page
    cache only. Without it, the run is a rebuild in a long-lived process (a server).
    """
    if new_process:
        page_cache.forget_memory()
        cards.forget_memory()
        terms.forget_memory()
    gc.collect()
    before = os.getloadavg()[0]
    times: dict[str, float] = {}

    started = time.perf_counter()
    notebook = load_notebook(root, cache_dir=cache_dir)
    times["load"] = time.perf_counter() - started

    started = time.perf_counter()
    memo = PageCache(cache_dir, notebook.root)  # what `notedeck build` hands derive
    derived = derive_cards(notebook, memo)
    memo.close()
    times["derive"] = time.perf_counter() - started

    started = time.perf_counter()
    result = reconcile(derived, store.known_cards())
    times["reconcile"] = time.perf_counter() - started

    started = time.perf_counter()
    statuses = {card_id: CardStatus(RETIRED) for card_id in result.retired}
    store.upsert_cards(result.cards, statuses, now=now)
    times["store"] = time.perf_counter() - started

    run = Run(times, result.counts(), (round(before, 2), round(os.getloadavg()[0], 2)))
    return run, list(result.cards)


class BulletEditor:
    """Replaces one word of one card-bearing bullet, alternating back; restores at the end.

    The bullet is the first in the middle page (or after) that has a bold year, so it yields a
    date cloze; the word is its last lower-case word of five letters or more that is not part
    of the answer. The replacement swaps two inner letters, like a typo made or fixed.
    """

    def __init__(self, root: Path) -> None:
        files = sorted(p for p in root.rglob("*.md") if p.name not in ("SUMMARY.md", "README.md"))
        for file in files[len(files) // 2 :]:
            lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
            for number, line in enumerate(lines):
                words = _WORD.findall(line) if _BOLD_YEAR.match(line) else []
                if words:
                    self.file, self.lines, self.number = file, lines, number
                    self.original = file.read_bytes()
                    self.word = words[-1]
                    self.typo = self.word[0] + self.word[2] + self.word[1] + self.word[3:]
                    self.edits = 0
                    return
        raise SystemExit(f"no bullet with a bold year in {root}")

    def describe(self) -> str:
        page = self.file.relative_to(self.file.parents[1]).as_posix()
        return f"{page}:{self.number + 1} '{self.word}' <-> '{self.typo}'"

    def change(self) -> None:
        """Typo in on odd edits, typo fixed on even ones; one word differs each time."""
        self.edits += 1
        old, new = (self.word, self.typo) if self.edits % 2 else (self.typo, self.word)
        line = self.lines[self.number]
        at = line.rindex(old)
        self.lines[self.number] = line[:at] + new + line[at + len(old) :]
        self.file.write_text("".join(self.lines), encoding="utf-8")

    def restore(self) -> None:
        self.file.write_bytes(self.original)


def profile_top(profiler: cProfile.Profile, top: int) -> tuple[float, list[dict[str, Any]]]:
    """The profile's total and its `top` functions by own time (tottime)."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    total: float = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    found = []
    for (file, line, func), (_, ncalls, tottime, cumtime, _) in rows[:top]:
        where = file.split("site-packages/")[-1].split("/src/")[-1]
        found.append(
            {
                "function": f"{where}:{line}({func})",
                "calls": ncalls,
                "tottime_s": round(tottime, 3),
                "cumtime_s": round(cumtime, 3),
                "share": round(tottime / total, 3) if total else 0.0,
            }
        )
    return total, found


# ---------------------------------------------------------------- report


def print_table(rows: list[Row]) -> None:
    print(
        f"\n{'scenario':<34} {'total':>8} "
        + " ".join(f"{s:>9}" for s in STAGES)
        + f"  {'new':>6} {'edited':>6} {'unch.':>7} {'retired':>7}  {'load avg':>9}"
    )
    for row in rows:
        counts = row.runs[-1].counts
        loads = [x for r in row.runs for x in r.load_average]
        load = f"{min(loads):.1f}-{max(loads):.1f}"
        print(
            f"{row.name:<34} {row.median():>7.2f}s "
            + " ".join(f"{row.median(s):>8.2f}s" for s in STAGES)
            + f"  {counts['new']:>6} {counts['edited']:>6} {counts['unchanged']:>7}"
            f" {counts['retired']:>7}  {load:>9}"
        )


def print_profile(total: float, top: list[dict[str, Any]]) -> None:
    print(f"\nrebuild after edit under cProfile: {total:.1f}s profiled; top by own time:")
    print(f"{'tottime':>8} {'share':>6} {'cumtime':>8} {'calls':>10}  function")
    for r in top:
        print(
            f"{r['tottime_s']:>7.2f}s {r['share']:>6.1%} {r['cumtime_s']:>7.2f}s "
            f"{r['calls']:>10}  {r['function']}"
        )


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="notebook size (default 5000)")
    parser.add_argument("--runs", type=int, default=1, help="runs per scenario (default 1)")
    parser.add_argument("--top", type=int, default=12, help="profile rows (default 12)")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile run")
    parser.add_argument("--json", type=Path, default=OUT / "cards.json", help="JSON output")
    args = parser.parse_args(argv)

    root = make_notebook.default_out_dir(args.pages)
    if make_notebook.is_current(root, args.pages):
        print(f"reusing {root}")
    else:
        total = make_notebook.make_notebook(args.pages, root)
        print(f"wrote {root}: {total / 1e6:.1f} MB")
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    revision = git_revision()  # at the start: the library code this process imports

    rows = [
        Row("cold, fresh page cache"),
        Row("cold, warm page cache"),
        Row("rebuild after one-word edit"),
        Row("rebuild, nothing changed"),
        Row("rebuild after edit, same process"),
    ]
    editor = BulletEditor(root)
    print(f"edit: {editor.describe()}")
    kinds: Counter[str] = Counter()
    profile: dict[str, Any] = {}
    clock = iter(NOW + timedelta(minutes=i) for i in range(10_000))
    with tempfile.TemporaryDirectory(prefix="notedeck-bench-cards-") as tmp_name:
        tmp = Path(tmp_name)
        for n in range(args.runs):  # each in a new, empty page-cache directory
            warm_cache = tmp / f"page-cache-{n}"
            with fresh_store(tmp, f"cold-{n}") as store:
                run, _ = staged_build(root, warm_cache, store, next(clock))
                rows[0].runs.append(run)
        # from here on, warm_cache is the page cache the last cold run filled
        for n in range(args.runs):
            with fresh_store(tmp, f"warm-{n}") as store:
                run, built = staged_build(root, warm_cache, store, next(clock))
                rows[1].runs.append(run)
        kinds = Counter(card.kind.value for card in built)
        with fresh_store(tmp, f"warm-{args.runs - 1}") as store:  # the last store from 2
            try:
                for _ in range(args.runs):
                    editor.change()
                    rows[2].runs.append(staged_build(root, warm_cache, store, next(clock))[0])
                    rows[3].runs.append(staged_build(root, warm_cache, store, next(clock))[0])
                    editor.change()
                    run, _ = staged_build(root, warm_cache, store, next(clock), new_process=False)
                    rows[4].runs.append(run)
                if not args.no_profile:
                    editor.change()
                    profiler = cProfile.Profile()
                    profiler.enable()
                    run, _ = staged_build(root, warm_cache, store, next(clock))
                    profiler.disable()
                    stats_file = OUT / "profile-cards-edit.prof"
                    profiler.dump_stats(stats_file)
                    total, top = profile_top(profiler, args.top)
                    profile = {
                        "stats_file": str(stats_file),
                        "profiled_total_s": round(total, 2),
                        "stages_s": {k: round(v, 2) for k, v in run.stages.items()},
                        "counts": run.counts,
                        "top_by_tottime": top,
                    }
            finally:
                editor.restore()

    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print_table(rows)
    print(
        "\nload = load_notebook; every row but the last empties the in-memory caches first, as "
        "a new process would (disk page cache only); reconcile "
        "includes reading the stored cards; times are medians of "
        f"{args.runs} run(s); load avg = 1-min range seen around the runs"
    )
    print(
        "cards by kind: "
        + ", ".join(f"{k} {v}" for k, v in kinds.most_common())
        + f"; total {sum(kinds.values())}"
    )
    print(f"peak RSS: this process {maxrss_mb:.0f} MB, page-build workers {children_mb:.0f} MB")
    if profile:
        print_profile(profile["profiled_total_s"], profile["top_by_tottime"])

    report = {
        "pages": args.pages,
        "notebook": str(root),
        "edit": editor.describe(),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "revision": revision,
        "load_average_at_start": load_at_start,
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "runs": args.runs,
        "results": [row.as_json() for row in rows],
        "cards_by_kind": dict(kinds.most_common()),
        "cards_total": sum(kinds.values()),
        "memory": {"maxrss_mb": round(maxrss_mb, 1), "children_maxrss_mb": round(children_mb, 1)},
        "profile_rebuild_after_edit": profile,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
