"""No control character from the notes reaches the terminal, whatever the command.

A note holding OSC 52 (`ESC ] 52 ; c ; … BEL`) writes to the clipboard of the terminal that
prints it, OSC 0 retitles its window; C1 controls (`\\x9b` is CSI) do the same on some
terminals. Every command's output is checked here, human and `--json`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from tests.helpers import REPO, write_notes

runner = CliRunner()

OSC52 = "\x1b]52;c;SGVsbG8=\x07"
OSC0 = "\x1b]0;pwned\x07"
# Every C0 control but tab, newline and NUL (NUL early in a file makes it binary), DEL, C1.
CONTROLS = "".join(chr(c) for c in [*range(1, 9), *range(11, 32), *range(0x7F, 0xA0)])
FORBIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
FORBIDDEN_BYTES = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_COLOUR = {"FORCE_COLOR": "1", "COLUMNS": "200"}
_SGR = re.compile(r"\x1b\[[0-9;]*m")  # Rich's own colours, on a colour terminal only

PAGE = (
    f"# Stalin {OSC0}takes power\n\n"
    f"## Reasons for the rise of Stalin\x9b2J\n\n"
    f"### Control over the party{OSC0}\n\n"
    "* Stalin had [link=https://evil.example]Trotsky[/link] killed in Mexico in 1940 [/]\n"
    f"* Stalin became General Secretary in **1922** {OSC52}and kept it\n"
    f"* He appointed Molotov and Kaganovich {CONTROLS} to key posts in 1924\n"
    "* **S: Control of appointments gave Stalin a loyal majority at congresses**\n"
    f"* Lenin's testament::It was kept secret in 1924 {OSC52}\n"
    + "".join(f"* Filler point number {n} about the Politburo\n" for n in range(400))
    + "* A NUL late in the file \x00 is text too\n"
)


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[Path, str]:
    notes = write_notes(tmp_path / "notes", {f"stalin{OSC0}.md": PAGE})
    return notes, f"sqlite:///{tmp_path / 'study.sqlite'}"


def _clean(text: str, *, styled: bool = False) -> str:
    """The output, asserted free of control characters (Rich's colours aside)."""
    plain = _SGR.sub("", text) if styled else text
    found = sorted({f"{ord(c):#04x}" for c in FORBIDDEN.findall(plain)})
    assert not found, f"control characters printed: {found}"
    return plain


def _run(*args: str, input: str | None = None, env: dict[str, str] | None = None) -> str:
    result = runner.invoke(app, list(args), input=input, env=env)
    assert result.exit_code in (0, 1), result.output  # 1: `check` found errors
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    _clean(result.stderr, styled=bool(env))
    return _clean(result.stdout, styled=bool(env))


def test_show_of_a_hostile_page_prints_no_control_byte(hostile: tuple[Path, str]) -> None:
    notes, _ = hostile
    done = subprocess.run(
        [sys.executable, "-c", "from notedeck.cli import app; app()", "show", str(notes)],
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert not FORBIDDEN_BYTES.findall(done.stdout + done.stderr)
    text = done.stdout.decode("ascii")  # the page is ASCII once its controls are gone
    assert "Stalin became General Secretary in **1922** and kept it" in text  # escape gone whole
    assert "Stalin takes power" in text


def test_human_output_of_every_command_is_clean(hostile: tuple[Path, str]) -> None:
    notes, db = hostile
    assert "takes power" in _run("show", str(notes))
    assert "takes power" in _run("show", str(notes), env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    _run("check", str(notes))
    _run("check", str(notes), env={"FORCE_COLOR": "1"})
    assert "new" in _run("build", str(notes), "--db", db)
    assert "Lenin" in _run("cards", str(notes), "--db", db, env={"FORCE_COLOR": "1"})
    _run("stats", str(notes), "--db", db, env={"FORCE_COLOR": "1"})
    reviewed = _run("review", str(notes), "--db", db, input=" \n3\n" * 10 + "q\n")
    assert "Reviewed 10 cards" in reviewed
    assert "[link=][...][/link]" in reviewed  # note text, not Rich markup (nor a crash)
    styled = _run("review", str(notes), "--db", db, input=" \n3\n" * 10 + "q\n", env=_COLOUR)
    assert "Reviewed 10 cards" in styled
    assert "Wrote" in _run("export", "csv", str(notes / "c.tsv"), str(notes), "--db", db)
    question = "Why did Stalin rise to power?"
    assert "Control over the party" in _run("plan", question, str(notes), env=_COLOUR)
    assert "Control over the party" in _run("plan", question, str(notes), "--md")
    essay = notes.parent / "essay.txt"
    essay.write_text(f"Stalin rose because he controlled the party {OSC52}in 1922.\n")
    _run("feedback", str(essay), "--question", question, str(notes), env=_COLOUR)


def test_json_output_escapes_controls_and_keeps_the_text(hostile: tuple[Path, str]) -> None:
    notes, db = hostile
    shown = json.loads(_run("show", str(notes), "--json"))
    points = [p["text"] for p in shown["pages"][0]["sections"][0]["factors"][0]["points"]]
    assert any(OSC52 in text for text in points)  # a program still gets the exact text
    assert any("\x7f" in text and "\x9b" in text for text in points)
    json.loads(_run("check", str(notes), "--json"))
    cards = json.loads(_run("cards", str(notes), "--db", db, "--json"))["cards"]
    # A card's faces never hold an escape at all, not even escaped: the text is what was
    # meant. (Its source, the page's own headings, keeps the exact text, escaped.)
    faces = [card["front"] + card["back"] for card in cards]
    assert faces and not any(FORBIDDEN.search(face) for face in faces)
    assert not any("]52;" in card["front"] + card["back"] for card in cards)
    json.loads(_run("stats", str(notes), "--db", db, "--json"))
    plan = json.loads(_run("plan", "Why did Stalin rise to power?", str(notes), "--json"))
    assert "Control over the party" in json.dumps(plan, ensure_ascii=False)


def test_every_command_prints_through_the_terminal_module() -> None:
    """The guarantee for commands not written yet: output goes through `cli/terminal.py`."""
    raw = re.compile(
        r"typer\.echo\(|click\.echo\(|sys\.std(?:out|err)\.write\(|(?<![.\w])print\(|\bConsole\("
    )
    cli = REPO / "src" / "notedeck" / "cli"
    offenders = [
        f"{path.name}:{number}"
        for path in sorted(cli.glob("*.py"))
        if path.name != "terminal.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if raw.search(line)
    ]
    assert offenders == []
