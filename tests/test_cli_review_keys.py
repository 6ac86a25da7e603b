"""`notedeck review` on a real pseudo-terminal: a grade typed before its prompt is kept.

Each key is typed the moment the output before it is seen, as a fast typist does; the deadline
only turns a lost key (the loop waiting for ever) into a failure instead of a hang.
"""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.study.store import Store
from tests.helpers import REPO, write_notes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX terminal")

NOTES = """# Stalin

## Reasons for the rise of Stalin

### Control over the party

* Stalin became General Secretary in **1922**
* Trotsky missed Lenin's funeral in 1924
* Stalin expelled Trotsky from the Communist Party in 1927
"""
_DEADLINE_S = 60.0
_SGR = re.compile(r"\x1b\[[0-9;]*m")


class _Terminal:
    """`notedeck review` run on the slave side of a pty; we type on the master side."""

    def __init__(self, *args: str) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from notedeck.cli import app; app()", *args],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env={**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "120"},
            close_fds=True,
        )
        os.close(slave)
        self.seen = b""

    def wait_for(self, text: str, *, count: int = 1) -> None:
        """Read the screen until `text` has been shown `count` times."""
        deadline = time.monotonic() + _DEADLINE_S
        while self.screen().count(text) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                self.process.kill()
                pytest.fail(f"{text!r} never appeared; the screen showed:\n{self.screen()}")
            ready, _, _ = select.select([self.master], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    pytest.fail(f"{text!r} never appeared before exit:\n{self.screen()}")
                self.seen += chunk

    def screen(self) -> str:
        """What was shown, without Rich's colours."""
        return _SGR.sub("", self.seen.decode(errors="replace"))

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> int:
        code = self.process.wait(timeout=_DEADLINE_S)
        os.close(self.master)
        return code


def test_a_grade_typed_before_its_prompt_is_recorded(tmp_path: Path) -> None:
    notes = write_notes(tmp_path / "notes", {"stalin.md": NOTES})
    db = f"sqlite:///{tmp_path / 'study.sqlite'}"
    assert CliRunner().invoke(app, ["build", str(notes), "--db", db]).exit_code == 0

    terminal = _Terminal("review", str(notes), "--db", db)
    terminal.wait_for("space/enter: show answer")
    terminal.type(" 3")  # reveal and grade in one go: the grade comes before its prompt
    terminal.wait_for("next due")
    terminal.wait_for("space/enter: show answer", count=2)
    terminal.type(" 4")
    terminal.wait_for("next due", count=2)
    terminal.wait_for("space/enter: show answer", count=3)
    terminal.type("q")
    terminal.wait_for("Reviewed 2 cards")
    assert terminal.close() == 0

    with Store.open(db) as store:
        assert sorted(r.rating.name for r in store.review_history()) == ["EASY", "GOOD"]
