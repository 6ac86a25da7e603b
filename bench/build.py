"""Benchmark building a notebook: cold, warm and one-page-changed, in and out of process.

    python bench/build.py [--pages 5000] [--runs 3]

Makes (or reuses) a synthetic notebook with `make_notebook.py`, then times `load_notebook`
(read + outline + health, spelling included):

* cold: an empty cache directory (so the spelling dictionary's fast-loading copy is made
  again too) and cleared in-memory caches, every core, then `workers=1`; also in a new
  process, which is what the first `notedeck` command on a machine pays;
* warm: nothing changed, in the same process (in-memory cache) and in a new process (the
  on-disk SQLite cache only);
* one page changed: one page's bytes modified, in the same process and in a new process.

Each timing is the median of `--runs` runs. Peak memory is the tracemalloc peak of one
in-process build call (Python allocations of the calling process only) and the maximum
resident set size of each new process and of its worker processes. Results are printed as
a table and written to `bench/out/build.json`.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

import make_notebook

from notedeck import page_cache
from notedeck.derive import dictionary
from notedeck.model import Notebook
from notedeck.notebook import load_notebook

OUT = Path(__file__).parent / "out"
COLD_TARGET_S = 5.0
WARM_TARGET_S = 0.3

# Run in a new process: times its own import and `load_notebook`, reports its peak memory.
_CHILD = """
import json, resource, sys, time
from pathlib import Path
started = time.perf_counter()
from notedeck.notebook import load_notebook
imported = time.perf_counter()
workers = int(sys.argv[3]) or None
notebook = load_notebook(sys.argv[1], cache_dir=Path(sys.argv[2]), workers=workers)
loaded = time.perf_counter()
print(json.dumps({
    "import_s": imported - started,
    "load_s": loaded - imported,
    "pages": len(notebook.pages),
    "findings": len(notebook.all_findings()),
    "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "children_maxrss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
}))
"""


@dataclass
class Result:
    """One benchmark row: per-run seconds and what the build produced."""

    name: str
    runs_s: list[float]
    target_s: float | None = None
    pages: int = 0
    findings: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def median_s(self) -> float:
        return statistics.median(self.runs_s)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["median_s"] = round(self.median_s, 4)
        data["runs_s"] = [round(t, 4) for t in self.runs_s]
        data["meets_target"] = None if self.target_s is None else self.median_s <= self.target_s
        return data


# ---------------------------------------------------------------- building blocks


@contextmanager
def fresh_cache_dir() -> Iterator[Path]:
    """An empty cache directory, used for everything notedeck caches (pages and the spelling
    dictionary's copy), and empty in-memory caches: what a first run on a machine sees."""
    page_cache.forget_memory()
    dictionary.forget_memory()
    with tempfile.TemporaryDirectory(prefix="notedeck-bench-") as tmp:
        previous = os.environ.get("NOTEDECK_CACHE_DIR")
        os.environ["NOTEDECK_CACHE_DIR"] = tmp
        try:
            yield Path(tmp)
        finally:
            if previous is None:
                del os.environ["NOTEDECK_CACHE_DIR"]
            else:
                os.environ["NOTEDECK_CACHE_DIR"] = previous


def timed(build: Callable[[], Notebook]) -> tuple[float, Notebook]:
    gc.collect()
    started = time.perf_counter()
    notebook = build()
    return time.perf_counter() - started, notebook


def traced_peak_mb(build: Callable[[], Notebook]) -> float:
    """Peak Python memory allocated by this process during one build, in MB."""
    gc.collect()
    tracemalloc.start()
    try:
        build()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 2**20


def in_new_process(root: Path, cache_dir: Path, workers: int | None = None) -> dict[str, Any]:
    """Load the notebook in a fresh interpreter; its own timings plus the wall time seen here."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(root), str(cache_dir), str(workers or 0)],
        check=True,
        capture_output=True,
        text=True,
        env=os.environ | {"NOTEDECK_CACHE_DIR": str(cache_dir)},
    )
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    report["process_s"] = time.perf_counter() - started
    return report


def counts(notebook: Notebook) -> dict[str, int]:
    return {"pages": len(notebook.pages), "findings": len(notebook.all_findings())}


class PageEditor:
    """Changes one page's bytes a different way each time; restores it at the end."""

    def __init__(self, file: Path) -> None:
        self.file = file
        self.original = file.read_bytes()
        self.edits = 0

    def change(self) -> None:
        self.edits += 1
        line = f"* Edit {self.edits}: the Treaty of Varna was signed in **1923**\n"
        self.file.write_bytes(self.original + line.encode())

    def restore(self) -> None:
        self.file.write_bytes(self.original)


# ---------------------------------------------------------------- the benchmarks


def bench_cold(root: Path, runs: int, workers: int | None) -> Result:
    times, built = [], None
    for _ in range(runs):
        with fresh_cache_dir() as cache_dir:
            elapsed, notebook = timed(
                lambda d=cache_dir: load_notebook(root, cache_dir=d, workers=workers)
            )
            times.append(elapsed)
            built = counts(notebook)
    name = f"cold, in process, workers={workers or os.cpu_count()}"
    return Result(name, times, COLD_TARGET_S, **(built or {}))


def bench_cold_new_process(root: Path, runs: int) -> Result:
    reports = []
    for _ in range(runs):
        with fresh_cache_dir() as cache_dir:
            reports.append(in_new_process(root, cache_dir))
    return _process_result("cold, new process", reports, COLD_TARGET_S)


def bench_warm(root: Path, cache_dir: Path, runs: int) -> tuple[Result, Result]:
    """Nothing changed: same process (memory cache), then new processes (disk cache)."""
    times, built = [], {}
    for _ in range(runs):
        elapsed, notebook = timed(lambda: load_notebook(root, cache_dir=cache_dir))
        times.append(elapsed)
        built = counts(notebook)
    same = Result("warm, in process", times, WARM_TARGET_S, **built)
    reports = [in_new_process(root, cache_dir) for _ in range(runs)]
    return same, _process_result("warm, new process", reports, WARM_TARGET_S)


def bench_one_page(root: Path, cache_dir: Path, runs: int) -> tuple[Result, Result]:
    """One page's bytes changed since the last build, in process and in new processes."""
    files = sorted(p for p in root.rglob("*.md") if p.name not in ("SUMMARY.md", "README.md"))
    editor = PageEditor(files[len(files) // 2])
    try:
        times, built = [], {}
        for _ in range(runs):
            editor.change()
            elapsed, notebook = timed(lambda: load_notebook(root, cache_dir=cache_dir))
            times.append(elapsed)
            built = counts(notebook)
        same = Result("one page changed, in process", times, WARM_TARGET_S, **built)
        reports = []
        for _ in range(runs):
            editor.change()
            reports.append(in_new_process(root, cache_dir))
        other = _process_result("one page changed, new process", reports, WARM_TARGET_S)
    finally:
        editor.restore()
    return same, other


def _process_result(name: str, reports: list[dict[str, Any]], target: float) -> Result:
    def median(key: str) -> float:
        return round(statistics.median(r[key] for r in reports), 4)

    return Result(
        name,
        [r["load_s"] for r in reports],
        target,
        pages=reports[-1]["pages"],
        findings=reports[-1]["findings"],
        extra={
            "import_s": median("import_s"),
            "process_s": median("process_s"),
            "maxrss_mb": max(r["maxrss_mb"] for r in reports),
            "children_maxrss_mb": max(r["children_maxrss_mb"] for r in reports),
        },
    )


def bench_memory(root: Path, warm_cache_dir: Path) -> dict[str, float]:
    """tracemalloc peaks of single in-process builds (not timed: tracing slows them)."""
    with fresh_cache_dir() as cache_dir:
        cold = traced_peak_mb(lambda: load_notebook(root, cache_dir=cache_dir))
    with fresh_cache_dir() as cache_dir:
        cold_serial = traced_peak_mb(lambda: load_notebook(root, cache_dir=cache_dir, workers=1))
    load_notebook(root, cache_dir=warm_cache_dir)  # refill the memory cache
    warm = traced_peak_mb(lambda: load_notebook(root, cache_dir=warm_cache_dir))
    return {
        "cold_traced_peak_mb": round(cold, 1),
        "cold_workers1_traced_peak_mb": round(cold_serial, 1),
        "warm_traced_peak_mb": round(warm, 1),
    }


# ---------------------------------------------------------------- report


def print_table(results: list[Result], memory: dict[str, float]) -> None:
    print(
        f"\n{'build':<34} {'median':>8} {'runs (s)':<24} {'target':>7} "
        f"{'import':>7} {'RSS MB':>7} {'workers':>8}"
    )
    for r in results:
        runs = " ".join(f"{t:.3f}" for t in r.runs_s)
        ok = "" if r.target_s is None else ("ok" if r.median_s <= r.target_s else "MISS")
        target = f"≤{r.target_s:g} {ok}" if r.target_s else ""
        imp = f"{r.extra['import_s']:.2f}" if "import_s" in r.extra else ""
        rss = f"{r.extra['maxrss_mb']:.0f}" if "maxrss_mb" in r.extra else ""
        kids = f"{r.extra['children_maxrss_mb']:.0f}" if r.extra.get("children_maxrss_mb") else ""
        print(
            f"{r.name:<34} {r.median_s:>7.3f}s {runs:<24} {target:>7} {imp:>7} {rss:>7} {kids:>8}"
        )
    print(
        "\nnew-process rows: median is load_notebook only; 'import' is `import "
        "notedeck.notebook`; RSS = max resident set of the process / of its workers"
    )
    print("memory: " + ", ".join(f"{k} {v}" for k, v in memory.items()))


def git_revision() -> str:
    """The library commit measured, with `+dirty` when the work tree has changes."""
    repo = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "src"],
            cwd=repo,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+dirty" if dirty else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000, help="notebook size (default 5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per timing (default 3)")
    parser.add_argument("--json", type=Path, default=OUT / "build.json", help="JSON output")
    args = parser.parse_args(argv)

    root = make_notebook.default_out_dir(args.pages)
    if make_notebook.is_current(root, args.pages):
        print(f"reusing {root}")
    else:
        total = make_notebook.make_notebook(args.pages, root)
        print(f"wrote {root}: {total / 1e6:.1f} MB")

    results = [
        bench_cold(root, args.runs, workers=None),
        bench_cold(root, args.runs, workers=1),
        bench_cold_new_process(root, args.runs),
    ]
    with fresh_cache_dir() as cache_dir:
        load_notebook(root, cache_dir=cache_dir)  # fill both cache levels
        results += [
            *bench_warm(root, cache_dir, args.runs),
            *bench_one_page(root, cache_dir, args.runs),
        ]
        memory = bench_memory(root, cache_dir)
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    memory |= {"bench_process_maxrss_mb": round(usage, 1), "children_maxrss_mb": round(children, 1)}

    print_table(results, memory)
    report = {
        "pages": args.pages,
        "notebook": str(root),
        "bytes": sum(p.stat().st_size for p in root.rglob("*.md")),
        "cpu_count": os.cpu_count(),
        "python": sys.version.split()[0],
        "revision": git_revision(),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "runs": args.runs,
        "results": [r.as_json() for r in results],
        "memory": memory,
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
