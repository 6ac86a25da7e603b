"""Opening the review store from `--db`: unsupported URLs, a missing driver, missing folders
and damaged files each give one line naming the store, exit code 2, and change nothing."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.errors import StoreError
from notedeck.study.store import Store
from tests.helpers import write_notes

runner = CliRunner()

NOTES = """# Stalin

## Reasons for the rise of Stalin

### Control over the party

* Stalin became General Secretary in **1922**
* **S: Control of appointments gave Stalin a loyal majority at congresses**
"""


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes", {"stalin.md": NOTES})


def _one_line_error(args: list[str]) -> str:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.mark.parametrize(
    "url",
    [
        "mysql://user@localhost/notes",
        "foo://bar",
        "not a url at all",
        "sqlite+aiosqlite:///x.sqlite",
        "oracle://scott:tiger@db/orcl",
    ],
)
def test_an_unsupported_store_url_is_one_line_naming_what_is_supported(
    notes: Path, url: str
) -> None:
    line = _one_line_error(["cards", str(notes), "--db", url])
    assert "sqlite:///" in line and "postgresql://" in line
    assert "tiger" not in line  # a password is never echoed


def _cli_without_psycopg(*args: str) -> subprocess.CompletedProcess[str]:
    """The real CLI in a child process where `import psycopg` fails, as on an install
    without the `postgres` extra."""
    code = (
        "import sys\n"
        "sys.modules['psycopg'] = None  # importing it now raises ModuleNotFoundError\n"
        "from notedeck.cli import app\n"
        "app(sys.argv[1:], prog_name='notedeck')\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    return subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, env=env, timeout=120
    )


@pytest.mark.parametrize(
    "url", ["postgresql://me:secret@localhost/notes", "postgresql+psycopg://me@/notes?host=/tmp"]
)
def test_postgresql_without_the_driver_says_which_extra_to_install(notes: Path, url: str) -> None:
    result = _cli_without_psycopg("build", str(notes), "--db", url)
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "install notedeck[postgres]" in result.stderr
    assert "secret" not in result.stderr and "Traceback" not in result.stderr


def test_a_missing_folder_is_named_and_not_created(notes: Path, tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir"
    line = _one_line_error(["build", str(notes), "--db", f"sqlite:///{missing / 'x.sqlite'}"])
    assert str(missing / "x.sqlite") in line and "does not exist" in line
    assert not (tmp_path / "no").exists()


def test_the_default_location_is_created(
    notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "home" / ".local" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("NOTEDECK_DB", raising=False)
    result = runner.invoke(app, ["build", str(notes)])
    assert result.exit_code == 0, result.output
    stores = list((data / "notedeck").glob("notes-*.sqlite3"))
    assert len(stores) == 1


def test_a_file_that_is_not_a_database_is_named(notes: Path, tmp_path: Path) -> None:
    bogus = tmp_path / "reviews.sqlite3"
    bogus.write_bytes(b"this is not a database" * 300)
    line = _one_line_error(["stats", str(notes), "--db", f"sqlite:///{bogus}"])
    assert str(bogus) in line and "not a SQLite database" in line
    assert bogus.read_bytes() == b"this is not a database" * 300


def test_a_damaged_database_is_named(notes: Path, tmp_path: Path) -> None:
    path = tmp_path / "reviews.sqlite3"
    assert runner.invoke(app, ["build", str(notes), "--db", f"sqlite:///{path}"]).exit_code == 0
    raw = sqlite3.connect(path)
    raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    raw.close()
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    for offset in range(page_size, len(data), page_size):  # every page after the schema
        data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))
    line = _one_line_error(["cards", str(notes), "--db", f"sqlite:///{path}", "--json"])
    assert str(path) in line and "damaged" in line


def test_store_open_names_the_file_in_its_error(tmp_path: Path) -> None:
    bogus = tmp_path / "not-a-db.sqlite3"
    bogus.write_bytes(b"\x00junk" * 500)
    with pytest.raises(StoreError, match=str(bogus)):
        Store.open(f"sqlite:///{bogus}")
