"""Benchmark the exam commands and the exam-aware review session.

Run: PYTHONPATH=src .venv/bin/python bench/exam_cli.py [--pages 5000] [--runs 3] [--whole]
     [--notebook DIR --db FILE] [--answered SHARE [--logged]] [--cards 1500] [--answers 300]
     [--json bench/out/exam_cli.json]

1. `exam status`, warm: makes (or reuses) the synthetic notebook (`make_notebook.py`) and its
   store under bench/out (one `notedeck build`, the first time only: minutes), adds an exam on
   one unit (50 pages) and, with --whole, one on the whole notebook, then runs
   `notedeck exam status NAME --json` as a new process, once to warm the caches and --runs
   times more, and prints the median wall and CPU seconds. Target: <= 1 s warm. The first
   run of an exam over every page also saves the notebook's cards in notedeck's cache
   directory (`NOTEDECK_CACHE_DIR` moves it), which the warm runs read.
   The bench store's cards are all new; `--answered 0.45` first gives that share of them a
   memory state (seeded, written straight into `card_state`, only into a store with no
   answers yet: use a copy), as a notebook well into its revision has; with `--logged`, their
   answers go into the log as well, timed (what the planner's seconds per card read).
2. The review session while an exam is ahead, on a fresh SQLite store of --cards cards all in
   the exam's scope: `next_card()` (which recomputes the exam queue from the answer just
   given) and `answer()` (one committed transaction), p50/p95 over --answers answers.
   Target for the queue: p95 <= 15 ms.

Times are wall-clock on whatever else the machine is doing; the CPU seconds of the child
process are printed beside them, as they depend less on load. Each `notedeck` process runs
with Python's bytecode cache on (in a temporary folder), as an installed notedeck does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import make_notebook

from notedeck.model import Card, CardKind, Source
from notedeck.study.exam_spec import new_exam_spec
from notedeck.study.schedule import Rating
from notedeck.study.session import ReviewSession, SteppedClock
from notedeck.study.store import Store

OUT = Path(__file__).parent / "out"
REPO = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


def _child_env() -> dict[str, str]:
    """The environment of a `notedeck` run: this one, with notedeck's sources first, and
    Python's compiled bytecode cached (in a folder of this run) even where the caller's
    environment says not to write it (PYTHONDONTWRITEBYTECODE): an installed notedeck has its
    modules compiled, and compiling them again on each run cost 0.1 s of a warm run."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return env | {"PYTHONPATH": str(REPO / "src"), "PYTHONPYCACHEPREFIX": _PYCACHE.name}


_PYCACHE = tempfile.TemporaryDirectory(prefix="notedeck-bench-pyc-")


def _cli(*args: str) -> tuple[float, float, str]:
    """Run `notedeck ARGS` in a new process: (wall s, child CPU s, stdout)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", "from notedeck.cli import app; app()", *args],
        capture_output=True,
        text=True,
        env=_child_env(),
        check=False,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"notedeck {' '.join(args)} failed: {done.stderr.strip()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def answer_share(db_file: Path, share: float, seed: int = 7, *, logged: bool = False) -> int:
    """Give `share` of the store's cards a review-state memory, last answered up to 60 days
    ago, unless some card has been answered already; how many cards have a memory state.
    `logged`: each such card also gets its answer in the log, timed 3-20 s, as a store whose
    memory states came from reviews has (the planner reads seconds per card from it)."""
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(tzinfo=None)
    with sqlite3.connect(db_file) as conn:
        answered = conn.execute(
            "SELECT count(*) FROM card_state WHERE last_review IS NOT NULL"
        ).fetchone()[0]
        if answered:
            return int(answered)
        rows = []
        for (card_id,) in conn.execute("SELECT card_id FROM card_state ORDER BY card_id"):
            if rng.random() >= share:
                continue
            last = now - timedelta(days=rng.uniform(0.01, 60.0))
            stability, difficulty = rng.uniform(0.5, 80.0), rng.uniform(1.0, 10.0)
            due = last + timedelta(days=stability)
            rows.append((stability, difficulty, f"{due:%Y-%m-%d %H:%M:%S.%f}",
                         f"{last:%Y-%m-%d %H:%M:%S.%f}", card_id))  # fmt: skip
        conn.executemany(
            "UPDATE card_state SET state = 2, step = NULL, stability = ?, difficulty = ?, "
            "due = ?, last_review = ? WHERE card_id = ?",
            rows,
        )
        if logged:
            conn.executemany(
                "INSERT INTO review_log (card_id, rating, reviewed_at, duration_ms, "
                "idempotency_key, prev_state, prev_step, prev_due) VALUES (?, 3, ?, ?, ?, 0, 0, ?)",
                [
                    (row[4], row[3], rng.randrange(3000, 20000), f"bench-{n}", row[3])
                    for n, row in enumerate(rows)
                ],
            )
        # Written behind the store's back: raise the notebooks' revision as a build would, so
        # that a copy `exam status` saved of the cards before (scheduled_cache) is not used.
        conn.execute("UPDATE notebooks SET revision = revision + 1")
        return len(rows)


def bench_status(
    pages: int,
    runs: int,
    whole: bool,
    root: Path | None,
    db_file: Path | None,
    answered: float = 0.0,
    logged: bool = False,
) -> dict[str, Any]:
    root = root or OUT / f"exam-notebook-{pages}"
    db_file = db_file or OUT / f"exam-notebook-{pages}.sqlite3"
    if not (root / make_notebook.MANIFEST).exists():
        print(f"writing a {pages}-page notebook in {root} …", flush=True)
        make_notebook.make_notebook(pages, root)
    db = f"sqlite:///{db_file}"
    if not db_file.exists():
        print("building its cards once (this takes minutes) …", flush=True)
        _cli("build", str(root), "--db", db)
    with_memory = answer_share(db_file, answered, logged=logged) if answered > 0 else 0
    with sqlite3.connect(db_file) as conn:
        in_log = int(conn.execute("SELECT count(*) FROM review_log").fetchone()[0])
    today = date.today()
    exams = {"Unit 1": ["unit-001/*"]} | ({"Everything": []} if whole else {})
    with Store.open(db) as opened:
        store = opened.for_notebook(root)
        for name, globs in exams.items():
            store.remove_exam(name)
            spec = new_exam_spec(
                name, today + timedelta(days=30), today=today, minutes=30, pages=globs
            )
            store.add_exam(spec, now=datetime.now(UTC))
    results: dict[str, Any] = {}
    for name in exams:
        args = ("exam", "status", name, str(root), "--db", db, "--json")
        first = _cli(*args)  # warms the OS file cache and saves the cards (scheduled_cache)
        timings = [_cli(*args) for _ in range(runs)]
        status = json.loads(timings[-1][2])
        results[name] = {
            "cards": status["cards"],
            "cards_with_memory_in_store": with_memory,
            "answers_in_log": in_log,
            "recall": round(status["recall"], 3),
            "first_run_wall_s": round(first[0], 2),
            "wall_s_median": round(statistics.median(t[0] for t in timings), 2),
            "cpu_s_median": round(statistics.median(t[1] for t in timings), 2),
            "wall_s_min": round(min(t[0] for t in timings), 2),
        }
        print(
            f"exam status {name!r} ({status['cards']} cards of a {pages}-page notebook): "
            f"{results[name]['wall_s_median']} s wall, {results[name]['cpu_s_median']} s CPU "
            f"(median of {runs}, warm; target <= 1 s); "
            f"first run {results[name]['first_run_wall_s']} s",
            flush=True,
        )
    return results


def _cards(count: int) -> list[Card]:
    return [
        Card(
            id=f"card-{i:05d}",
            kind=CardKind.BASIC,
            front=f"In which year did event {i} happen?",
            back=str(1900 + i % 120),
            source=Source(f"page-{i // 60:03d}.md", f"Section {i // 20}", f"Factor {i // 5}", i),
            tags=(),
            key=f"key-{i}",
        )
        for i in range(count)
    ]


def bench_session(count: int, answers: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "notes"
        root.mkdir()
        with Store.open(f"sqlite:///{Path(folder) / 'session.sqlite3'}") as opened:
            store = opened.for_notebook(root)
            store.upsert_cards(_cards(count), now=NOW - timedelta(days=40))
            # Half the deck learned over the last month, so the queue mixes reviews and new cards.
            for n, card_id in enumerate(f"card-{i:05d}" for i in range(0, count, 2)):
                at = NOW - timedelta(days=rng.uniform(1, 30))
                store.record_answer(
                    card_id, Rating.GOOD, now=at, idempotency_key=f"h{n}", duration_ms=8000
                )
            spec = new_exam_spec("Final", NOW.date() + timedelta(days=30), today=NOW.date(),
                                 minutes=600)  # fmt: skip
            store.add_exam(spec, now=NOW)
            clock = SteppedClock(NOW)
            started = time.perf_counter()
            session = ReviewSession(store, clock=clock, session_id="bench", minutes=600)
            opened_s = time.perf_counter() - started
            queue_ms: list[float] = []
            answer_ms: list[float] = []
            for _ in range(answers):
                started = time.perf_counter()
                due = session.next_card()
                queue_ms.append((time.perf_counter() - started) * 1000)
                if due is None:
                    break
                grade = Rating.GOOD if rng.random() < 0.85 else Rating.AGAIN
                seconds = rng.uniform(4, 15)
                started = time.perf_counter()
                session.answer(due, grade, duration_ms=round(seconds * 1000))
                answer_ms.append((time.perf_counter() - started) * 1000)
                clock.advance(seconds)
    result = {
        "cards": count,
        "answers": len(answer_ms),
        "session_start_s": round(opened_s, 3),
        "next_card_ms_p50": round(statistics.median(queue_ms), 2),
        "next_card_ms_p95": round(statistics.quantiles(queue_ms, n=20)[-1], 2),
        "answer_ms_p50": round(statistics.median(answer_ms), 2),
        "answer_ms_p95": round(statistics.quantiles(answer_ms, n=20)[-1], 2),
    }
    print(
        f"review session, exam over {count} cards: start {result['session_start_s']} s; "
        f"next_card (queue recomputed) p50 {result['next_card_ms_p50']} ms, "
        f"p95 {result['next_card_ms_p95']} ms (target <= 15); answer p50 "
        f"{result['answer_ms_p50']} ms, p95 {result['answer_ms_p95']} ms",
        flush=True,
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--whole", action="store_true", help="also an exam on every page")
    parser.add_argument("--cards", type=int, default=1500)
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--notebook", type=Path, help="reuse this bench notebook folder")
    parser.add_argument("--db", type=Path, help="reuse this SQLite store of its cards")
    parser.add_argument(
        "--answered", type=float, default=0.0, help="share of cards to give a memory state"
    )
    parser.add_argument(
        "--logged", action="store_true", help="with --answered: their answers in the log too"
    )
    parser.add_argument("--skip-status", action="store_true")
    parser.add_argument("--json", type=Path, default=OUT / "exam_cli.json")
    args = parser.parse_args()
    OUT.mkdir(exist_ok=True)
    report: dict[str, Any] = {"when": datetime.now(UTC).isoformat(timespec="seconds")}
    report["session"] = bench_session(args.cards, args.answers)
    if not args.skip_status:
        report["status"] = bench_status(
            args.pages, args.runs, args.whole, args.notebook, args.db, args.answered, args.logged
        )
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
