"""Many read commands beside one writer on one review store: how many fail?

    .venv/bin/python bench/concurrency.py                      # 50 readers + review answers
    .venv/bin/python bench/concurrency.py --writer build       # + builds of another notebook
    .venv/bin/python bench/concurrency.py --writer edit        # + the readers' notes edited
    .venv/bin/python bench/concurrency.py --db postgresql://…  # the same on PostgreSQL

Copies the bundled example notebook to a temporary folder, builds it into a fresh store
(SQLite in the same folder unless `--db`), then starts the writer and `--readers` processes
of `notedeck cards --json` at once. A reader fails if it exits non-zero or prints an error.
Writers:

- `answers`: one process recording review answers to the notebook's cards, one
  transaction each, for as long as the readers run;
- `build`: `notedeck build` of a second notebook (an edited copy) into the same store, over
  and over;
- `edit`: one page of the readers' own notebook changes just before they start, so every
  reader must write too (they queue on the write lock, and all but one find nothing left).

Prints the failures (target 0), the writer's writes and the wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import notedeck

EXAMPLE = Path(notedeck.__file__).parent / "examples" / "modern-history"
CLI = "import sys\nfrom notedeck.cli import app\napp(sys.argv[1:], prog_name='notedeck')\n"
ANSWERS = """
import sys, random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from notedeck.study.store import Store
store = Store.open(sys.argv[1]).for_notebook(Path(sys.argv[2]))
ids = [s.card.id for s in store.stored_cards()]
rng, now = random.Random(7), datetime(2026, 1, 1, tzinfo=UTC)
stop = Path(sys.argv[3])
n = 0
while not stop.exists():
    now += timedelta(minutes=rng.randrange(1, 60))
    store.record_answer(rng.choice(ids), rng.randint(1, 4), now=now, idempotency_key=f"b{n}")
    n += 1
print(n)
"""
BUILDS = """
import subprocess, sys
from pathlib import Path
notes, db, stop = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
page = sorted(notes.glob("*.md"))[-1]
n = 0
while not stop.exists():
    with page.open("a", encoding="utf-8") as f:
        f.write(f"\\n* In **{1900 + n % 100}** point number {n} was added\\n")
    done = subprocess.run([sys.executable, "-c", sys.argv[4], "build", str(notes), "--db", db],
                          capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        sys.exit(1)
    n += 1
print(n)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--writer", choices=("answers", "build", "edit"), default="answers")
    parser.add_argument("--db", help="store URL (default: a fresh SQLite file)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="notedeck-concurrency-") as tmp:
        work = Path(tmp)
        notes = work / "notes"
        shutil.copytree(EXAMPLE, notes)
        db = args.db or f"sqlite:///{work / 'reviews.sqlite3'}"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
            "XDG_CACHE_HOME": str(work / "cache"),
        }
        python = sys.executable

        def run(*cli: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [python, "-c", CLI, *cli], capture_output=True, text=True, env=env, check=True
            )

        run("build", str(notes), "--db", db)
        stop = work / "stop"
        writer: subprocess.Popen[str] | None = None
        if args.writer == "answers":
            writer_cmd = [python, "-c", ANSWERS, db, str(notes), str(stop)]
        elif args.writer == "build":
            other = work / "other-notebook"
            shutil.copytree(EXAMPLE, other)
            run("build", str(other), "--db", db)
            writer_cmd = [python, "-c", BUILDS, str(other), db, str(stop), CLI]
        else:
            page = sorted(notes.glob("*.md"))[0]
            with page.open("a", encoding="utf-8") as f:
                f.write("\n* In **1936** a point was added while the readers started\n")
            writer_cmd = [python, "-c", CLI, "build", str(notes), "--db", db]

        started = time.perf_counter()
        writer = subprocess.Popen(
            writer_cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
        )
        readers = [
            subprocess.Popen(
                [python, "-c", CLI, "cards", str(notes), "--db", db, "--json"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(args.readers)
        ]
        failures: list[str] = []
        counts: set[int] = set()
        for reader in readers:
            out, err = reader.communicate()
            if reader.returncode != 0 or err.strip():
                failures.append(err.strip().splitlines()[-1] if err.strip() else "exit code")
            else:
                counts.add(len(json.loads(out)["cards"]))
        stop.touch()
        out, err = writer.communicate()
        elapsed = time.perf_counter() - started

    writer_ok = writer.returncode == 0
    print(
        json.dumps(
            {
                "readers": args.readers,
                "writer": args.writer,
                "store": "postgresql" if args.db and args.db.startswith("postgres") else "sqlite",
                "reader_failures": len(failures),
                "writer_failed": not writer_ok,
                "writer_output": out.strip()[-200:],
                "card_counts_seen": sorted(counts),
                "seconds": round(elapsed, 1),
            }
        )
    )
    for failure in sorted(set(failures)):
        print(f"  {failures.count(failure)} × {failure}", file=sys.stderr)
    if not writer_ok:
        print(f"  writer: {err.strip()[-300:]}", file=sys.stderr)
    sys.exit(1 if failures or not writer_ok else 0)


if __name__ == "__main__":
    main()
