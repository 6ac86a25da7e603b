"""Many processes on one review store: readers beside a writer, and builds racing each other.

Real processes (or threads with their own connections) on a real SQLite file, and on
PostgreSQL when NOTEDECK_TEST_PG is set. Nothing here is timed: each test counts failures.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.notebook import load_notebook
from notedeck.study.build import BuildReport, build_cards
from notedeck.study.store import Store, cards
from tests.helpers import write_notes

HERE = Path(__file__).parent
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

NOTES = """# Stalin

## Reasons for the rise of Stalin

### Control over the party

* Stalin became General Secretary in **1922**
* He appointed loyal supporters such as Molotov and Kaganovich to key posts
* **S: Control of appointments gave Stalin a loyal majority at congresses**

### Trotsky's mistakes

* Trotsky missed Lenin's funeral in 1924
* Trotsky believed in "Permanent Revolution"
* **S: Trotsky's errors let Stalin paint him as disloyal**
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes", {"stalin.md": NOTES})


def _child_env(tmp_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }


_CLI = "import sys\nfrom notedeck.cli import app\napp(sys.argv[1:], prog_name='notedeck')\n"


def test_read_commands_on_unchanged_notes_run_while_another_process_holds_the_write_lock(
    notes: Path, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.sqlite3"
    db = f"sqlite:///{path}"
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(notes), "--db", db]).exit_code == 0
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the write lock, held until the reads are done
    try:
        for args in (
            ["cards", str(notes), "--json"],
            ["stats", str(notes), "--json"],
            ["build", str(notes), "--json"],
            ["export", "csv", str(tmp_path / "cards.csv"), str(notes)],
            ["export", "anki", str(tmp_path / "cards.apkg"), str(notes)],
        ):
            result = runner.invoke(app, [*args, "--db", db])
            assert result.exit_code == 0, (args, result.output)
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_build_that_must_write_waits_for_the_lock_instead_of_failing(
    notes: Path, tmp_path: Path
) -> None:
    path = tmp_path / "reviews.sqlite3"
    db = f"sqlite:///{path}"
    assert CliRunner().invoke(app, ["build", str(notes), "--db", db]).exit_code == 0
    page = notes / "stalin.md"
    page.write_text(NOTES.replace("appointed loyal", "apointed loyal"), encoding="utf-8")
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        build = subprocess.Popen(
            [sys.executable, "-c", _CLI, "build", str(notes), "--db", db, "--json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_child_env(tmp_path),
        )
        with pytest.raises(subprocess.TimeoutExpired):
            build.wait(timeout=5)  # still waiting for the lock, not failed
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    out, err = build.communicate(timeout=120)
    assert build.returncode == 0, err
    assert json.loads(out)["edited"] >= 1


def test_twenty_readers_beside_a_writer_all_succeed(notes: Path, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'reviews.sqlite3'}"
    env = _child_env(tmp_path)
    built = subprocess.run(
        [sys.executable, "-c", _CLI, "build", str(notes), "--db", db, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr
    total = json.loads(built.stdout)["active"]
    writer = subprocess.Popen(
        [sys.executable, str(HERE / "answer_loop.py"), db, "w", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert writer.stdout is not None
        assert writer.stdout.readline().startswith("ACK "), "the writer never answered"
        readers = [
            subprocess.Popen(
                [sys.executable, "-c", _CLI, "cards", str(notes), "--db", db, "--json"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
            for _ in range(20)
        ]
        outcomes = [(r.wait(timeout=300), *r.communicate()) for r in readers]
        assert writer.poll() is None, "the writer stopped while readers ran"
    finally:
        writer.send_signal(signal.SIGTERM)
        acked, writer_errors = writer.communicate(timeout=60)
    failures = [err for code, _out, err in outcomes if code != 0]
    assert failures == [], failures[:3]
    assert all(len(json.loads(out)["cards"]) == total for _code, out, _err in outcomes)
    assert "Error" not in writer_errors and "locked" not in writer_errors
    assert acked.count("ACK ") >= 1


def _race_builds(url: str, notes: Path, *, builders: int = 2) -> list[BuildReport]:
    """Build one notebook from several threads at once, each with its own connections,
    released together so they open, migrate and write the store at the same moment."""
    notebook = load_notebook(notes, cache_dir=False)
    gate = threading.Barrier(builders)
    reports: list[BuildReport] = []
    errors: list[BaseException] = []

    def build() -> None:
        try:
            gate.wait()
            with Store.open(url) as store:
                reports.append(build_cards(notebook, store.for_notebook(notes), now=NOW))
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(builders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert errors == [], errors
    return reports


def _stored_count(url: str) -> int:
    with Store.open(url) as store, store.engine.connect() as conn:
        return int(conn.execute(sa.select(sa.func.count()).select_from(cards)).scalar_one())


def _fresh(url: str, round_no: int, tmp_path: Path) -> str:
    """An empty store again: a new SQLite file, or PostgreSQL's public schema wiped."""
    if url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'round-{round_no}.sqlite3'}"
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql("DROP SCHEMA public CASCADE")
        conn.exec_driver_sql("CREATE SCHEMA public")
    engine.dispose()
    return url


def test_builds_racing_on_a_fresh_store_all_succeed_and_count_once(
    db_url: str, notes: Path, tmp_path: Path
) -> None:
    for round_no in range(4):
        url = _fresh(db_url, round_no, tmp_path)
        reports = _race_builds(url, notes, builders=3)
        total = reports[0].active
        assert sorted(r.new for r in reports) == [0, 0, total], round_no
        assert all(r.new + r.unchanged == total and r.retired == 0 for r in reports)
        assert _stored_count(url) == total


def test_builds_racing_on_a_set_up_store_both_succeed_and_count_once(
    db_url: str, notes: Path
) -> None:
    Store.open(db_url).close()  # migrated, no cards yet
    first = _race_builds(db_url, notes)
    total = first[0].active
    assert sorted(r.new for r in first) == [0, total]
    # An edit, then two builds at once again: one reports the edit, the other nothing.
    page = notes / "stalin.md"
    page.write_text(NOTES.replace("appointed loyal", "apointed loyal"), encoding="utf-8")
    second = _race_builds(db_url, notes)
    assert sorted(r.edited for r in second)[0] == 0 and sum(r.edited for r in second) >= 1
    assert all(r.new == 0 and r.retired == 0 for r in second)
    assert _stored_count(db_url) == total
