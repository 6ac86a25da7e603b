"""Profile `load_notebook`: a cold single-process build and a warm new-process build.

    python bench/profile_build.py [--cold-pages 500] [--warm-pages 5000] [--top 20]

Each profile runs in a fresh interpreter (so one-off costs such as loading the spelling
dictionary are counted as a real command would pay them) and covers the `load_notebook`
call only; imports are timed separately. Functions are listed by own time (tottime) with
their share of the profiled total. Stats files are kept in `bench/out/` for `snakeviz` or
`python -m pstats`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import make_notebook

OUT = Path(__file__).parent / "out"


def child(root: Path, cache_dir: Path, workers: int, stats_file: Path) -> None:
    """In the fresh interpreter: import, then profile one `load_notebook` call."""
    started = time.perf_counter()
    from notedeck.notebook import load_notebook

    print(f"import notedeck.notebook: {time.perf_counter() - started:.3f}s")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    notebook = load_notebook(root, cache_dir=cache_dir, workers=workers)
    profiler.disable()
    elapsed = time.perf_counter() - started
    print(f"load_notebook: {elapsed:.3f}s under the profiler, {len(notebook.pages)} pages")
    profiler.dump_stats(stats_file)


def run_child(root: Path, cache_dir: Path, workers: int, stats_file: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            str(root),
            str(cache_dir),
            str(workers),
            str(stats_file),
        ],
        check=True,
    )


def report(stats_file: Path, top: int) -> None:
    """The `top` functions by own time, with their share of the total."""
    stats = pstats.Stats(str(stats_file), stream=io.StringIO())
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)  # type: ignore[attr-defined]
    print(f"total {total:.3f}s; top {top} by own time:")
    print(f"{'own s':>7} {'share':>6} {'cum s':>7} {'calls':>9}  function")
    for (file, line, name), (_, calls, tottime, cumtime, _) in rows[:top]:
        where = _short(file)
        label = f"{where}:{line}({name})" if where != "~" else name
        print(f"{tottime:7.3f} {tottime / total:6.1%} {cumtime:7.3f} {calls:9d}  {label}")


def _short(file: str) -> str:
    for marker in ("/src/notedeck/", "/site-packages/", "/lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file


def ensure_notebook(pages: int) -> Path:
    root = make_notebook.default_out_dir(pages)
    if not make_notebook.is_current(root, pages):
        make_notebook.make_notebook(pages, root)
    return root


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        root, cache_dir, workers, stats_file = argv[1:5]
        child(Path(root), Path(cache_dir), int(workers), Path(stats_file))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cold-pages", type=int, default=500, help="cold build size")
    parser.add_argument("--warm-pages", type=int, default=5000, help="warm build size")
    parser.add_argument("--top", type=int, default=20, help="functions to list")
    args = parser.parse_args(argv)
    OUT.mkdir(exist_ok=True)

    with tempfile.TemporaryDirectory(prefix="notedeck-profile-") as tmp:
        cold_root = ensure_notebook(args.cold_pages)
        cold_stats = OUT / f"profile-cold-{args.cold_pages}.prof"
        print(f"== cold build, 1 process, {args.cold_pages} pages")
        run_child(cold_root, Path(tmp) / "cold", 1, cold_stats)
        report(cold_stats, args.top)

        warm_root = ensure_notebook(args.warm_pages)
        warm_cache = Path(tmp) / "warm"
        warm_stats = OUT / f"profile-warm-{args.warm_pages}.prof"
        print(f"\n== warm build, new process, {args.warm_pages} pages (priming the cache first)")
        run_child(warm_root, warm_cache, 0, OUT / "profile-prime.prof")
        run_child(warm_root, warm_cache, 0, warm_stats)
        report(warm_stats, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
