"""Odd files in a notebook: names that are not UTF-8, FIFOs, devices, huge pages, no pages.

Each is read or skipped with a finding naming it; none hangs, crashes or stops the rest.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.notebook import load_notebook
from tests.helpers import REPO, as_new_process, write_notes

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file names and FIFOs")
PAGE = "# Stalin\n\n## Rise\n\n* In **1924** Stalin became General Secretary.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def latin1_named(tmp_path: Path) -> Path:
    """A notebook with a page and a folder whose names are Latin-1 bytes, not UTF-8."""
    root = write_notes(tmp_path / "notes", {"ok.md": PAGE})
    (root / "caf\udce9.md").write_bytes(PAGE.encode())  # the file b"caf\xe9.md"
    os.makedirs(os.fsencode(root) + b"/d\xff")
    (root / "d\udcff" / "x.md").write_bytes(PAGE.replace("Stalin", "Trotsky").encode())
    return root


@posix_only
@pytest.mark.parametrize("cache", [True, False])
def test_a_name_that_is_not_utf8_is_read_and_shown_with_replacement_characters(
    latin1_named: Path, tmp_path: Path, cache: bool
) -> None:
    notebook = load_notebook(latin1_named, cache_dir=tmp_path / "cache" if cache else False)
    assert notebook.page_ids() == ("caf\ufffd.md", "d\ufffd/x.md", "ok.md")
    assert notebook.page("caf\ufffd.md").title == "Stalin"
    warned = [f for f in notebook.all_findings() if f.code == "NAME_NOT_UTF8"]
    assert [f.page for f in warned] == ["caf\ufffd.md", "d\ufffd/x.md"]
    if cache:  # a second, warm load reads the same from the cache
        as_new_process()
        again = load_notebook(latin1_named, cache_dir=tmp_path / "cache")
        assert again.page_ids() == notebook.page_ids()


@posix_only
def test_every_command_prints_and_stores_a_name_that_is_not_utf8(
    latin1_named: Path, tmp_path: Path
) -> None:
    code, out, err = run("check", str(latin1_named))
    assert code == 0, err
    assert "caf\ufffd.md" in out and "NAME_NOT_UTF8" in out
    code, out, err = run("show", "--json", str(latin1_named))
    assert code == 0, err
    ids = [page["id"] for page in json.loads(out)["pages"]]
    assert ids == ["caf\ufffd.md", "d\ufffd/x.md", "ok.md"]
    db = tmp_path / "cards.sqlite"
    code, out, err = run("build", str(latin1_named), "--db", f"sqlite:///{db}")
    assert code == 0, err
    with sqlite3.connect(db) as conn:  # valid UTF-8 text in the store
        stored = {row[0] for row in conn.execute("SELECT DISTINCT page FROM cards")}
    assert "caf\ufffd.md" in stored
    code, out, err = run("cards", "--json", str(latin1_named), "--db", f"sqlite:///{db}")
    assert code == 0, err
    assert "caf\ufffd.md" in out
    csv_file = tmp_path / "cards.csv"
    code, out, err = run(
        "export", "csv", str(csv_file), str(latin1_named), "--db", f"sqlite:///{db}"
    )
    assert code == 0, err
    assert "Trotsky" in csv_file.read_text(encoding="utf-8")  # from the folder b"d\xff"


@posix_only
def test_names_that_look_alike_once_shown_are_all_read(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    (root / "caf\udce9.md").write_bytes(PAGE.encode())
    (root / "caf\udce8.md").write_bytes(PAGE.replace("Stalin", "Lenin").encode())
    (root / "caf\ufffd.md").write_bytes(PAGE.replace("Stalin", "Trotsky").encode())
    notebook = load_notebook(root, cache_dir=False)
    titles = {page.id: page.title for page in notebook.pages}
    assert titles == {
        "caf\ufffd.md": "Trotsky",  # a valid name keeps its id
        "caf\ufffd (2).md": "Lenin",  # b"caf\xe8.md"
        "caf\ufffd (3).md": "Stalin",  # b"caf\xe9.md"
    }


@pytest.fixture
def special(tmp_path: Path) -> Path:
    """A good page beside a FIFO, a symlink to /dev/zero, a dangling symlink, a symlink
    loop, a folder named like a page, and a page over the size cap."""
    root = write_notes(tmp_path / "notes", {"good.md": PAGE, "dir.md/inner.md": PAGE})
    os.mkfifo(root / "fifo.md")
    (root / "zero.md").symlink_to("/dev/zero")
    (root / "dangling.md").symlink_to(root / "nowhere.md")
    (root / "loop.md").symlink_to(root / "loop.md")
    with open(root / "big.md", "wb") as big:  # 12 MB (of NULs: quick to read once let in)
        big.truncate(12 * 2**20)
    return root


@posix_only
def test_special_files_are_skipped_with_a_finding_naming_them(special: Path) -> None:
    notebook = load_notebook(special, cache_dir=False)
    assert notebook.page_ids() == ("dir.md/inner.md", "good.md")
    found = {f.page: (f.code, f.message) for f in notebook.all_findings()}
    assert found["fifo.md"] == ("NOT_A_FILE", "'fifo.md' is a FIFO (named pipe); skipped.")
    assert found["zero.md"] == (
        "NOT_A_FILE",
        "'zero.md' is a symlink to a character device; skipped.",
    )
    assert found["dangling.md"] == (
        "UNREADABLE_FILE",
        "Cannot read 'dangling.md': it is a symlink to a file that does not exist.",
    )
    assert found["loop.md"] == (
        "UNREADABLE_FILE",
        "Cannot read 'loop.md': it is a symlink that points back at itself.",
    )
    assert found["big.md"] == (
        "PAGE_TOO_BIG",
        "'big.md' is 12.0 MB, over the 10 MB page limit; skipped "
        "(raise the limit with --max-page-mb).",
    )


@posix_only
def test_check_on_special_files_finishes_and_a_flag_raises_the_page_cap(special: Path) -> None:
    code, out, err = run("check", str(special))
    assert code == 1, err  # PAGE_TOO_BIG and the unreadable links are errors
    assert "fifo.md" in out and "NOT_A_FILE" in out and "PAGE_TOO_BIG" in out
    code, out, err = run("--max-page-mb", "20", "check", "--json", str(special))
    codes = {f["page"]: f["code"] for f in json.loads(out)["findings"]}
    assert codes["big.md"] == "BINARY_FILE"  # read, this time
    assert codes["fifo.md"] == "NOT_A_FILE"


@posix_only
def test_a_fifo_never_blocks_a_build_with_the_cache(special: Path, tmp_path: Path) -> None:
    for _ in range(2):  # cold, then warm
        as_new_process()
        notebook = load_notebook(special, cache_dir=tmp_path / "cache")
        assert "fifo.md" not in notebook.page_ids()
        assert any(f.page == "fifo.md" for f in notebook.all_findings())
    db = f"sqlite:///{tmp_path / 'cards.sqlite'}"
    code, out, err = run("build", str(special), "--db", db)
    assert code == 0, err
    assert out.startswith("2 cards: 2 new")


WITH_DB = ["--db", "sqlite:///DB"]
EMPTY_COMMANDS = [
    ["show"],
    ["check"],
    ["plan", "Why did Stalin rise?"],
    ["build", *WITH_DB],
    ["cards", *WITH_DB],
    ["review", *WITH_DB],
    ["stats", *WITH_DB],
    ["optimize", *WITH_DB],
    ["suspend", "no-such-card", *WITH_DB],
    ["unsuspend", "no-such-card", *WITH_DB],
    ["export", "anki", "OUT.apkg", *WITH_DB],
    ["export", "csv", "OUT.csv", *WITH_DB],
]


@pytest.mark.parametrize("command", EMPTY_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_every_command_on_a_folder_without_notes_says_so(
    tmp_path: Path, command: list[str]
) -> None:
    empty = tmp_path / "empty"
    (empty / "pictures").mkdir(parents=True)
    (empty / "readme.txt").write_text("not a note")
    args = [str(tmp_path / a) if a.startswith("OUT") else a for a in command]
    args = [a.replace("DB", str(tmp_path / "cards.sqlite")) for a in args]
    at = args.index("--db") if "--db" in args else len(args)
    code, out, err = run(*args[:at], str(empty), *args[at:])
    assert code == 2
    assert err == f"Error: no Markdown notes found in {empty}\n"
    assert "Traceback" not in out + err
    assert not (tmp_path / "OUT.apkg").exists() and not (tmp_path / "OUT.csv").exists()


def test_feedback_on_a_folder_without_notes_says_so(tmp_path: Path) -> None:
    essay = tmp_path / "essay.md"
    essay.write_text("Stalin rose because he controlled the party.")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run("feedback", str(essay), "-q", "Why did Stalin rise?", str(empty))
    assert (code, err) == (2, f"Error: no Markdown notes found in {empty}\n")


@posix_only
def test_a_folder_of_only_special_files_says_so_and_names_one(tmp_path: Path) -> None:
    root = tmp_path / "notes"
    root.mkdir()
    os.mkfifo(root / "pipe.md")
    code, _, err = run("check", str(root))
    assert code == 2
    assert err == (
        f"Error: no Markdown notes found in {root}; skipped: 'pipe.md' is a FIFO (named pipe);"
        " skipped.\n"
    )


@posix_only
def test_a_notebook_folder_named_in_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """Printed through a strict UTF-8 stdout, as on a terminal set to UTF-8: any lone
    surrogate left in the output would crash the command."""
    root = tmp_path / "r\udce9vision"  # the folder b"r\xe9vision"
    write_notes(root, {"a.md": PAGE})
    env = {**os.environ, "PYTHONIOENCODING": "utf-8:strict", "PYTHONPATH": str(REPO / "src")}
    env["XDG_DATA_HOME"] = str(tmp_path / "data")  # the default store, named from the folder
    env.pop("NOTEDECK_DB", None)
    db = f"sqlite:///{tmp_path / 'cards.sqlite'}"
    outputs = {}
    for args in (["show"], ["show", "--json"], ["check"], ["cards", "--db", db], ["build"]):
        done = subprocess.run(
            [sys.executable, "-c", "from notedeck.cli import app; app()", *args, bytes(root)],
            capture_output=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode(errors="replace")
        outputs[args[-1]] = done.stdout.decode("utf-8")  # strict: valid UTF-8 throughout
    assert outputs["show"].startswith(f"r\ufffdvision  {tmp_path}/r\ufffdvision\n")
    assert json.loads(outputs["--json"])["notebook"]["root"] == str(tmp_path) + "/r\ufffdvision"
