"""`notedeck show` and `notedeck check` through the real CLI."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.cli.common import print_json, print_json_streamed
from notedeck.notebook import load_notebook
from tests.helpers import NOTES, write_notes

runner = CliRunner()


def _two_pages(root: Path) -> Path:
    """The outline fixture (labels, nesting, S:/OR, a weak factor, an empty section) and a
    small page that comes before it in reading order."""
    return write_notes(
        root,
        {
            "b.md": "# Second page\n\n## Empty theme\n\n## Full theme\n\n### Factor\n\n* a point\n",
            "war.md": (NOTES / "structure.md").read_text(encoding="utf-8"),
        },
    )


def _depth(lines: list[str], text: str) -> int:
    """How many levels (two spaces each) the one line holding `text` is indented."""
    [line] = [line for line in lines if text in line]
    return (len(line) - len(line.lstrip(" "))) // 2


def test_show_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["show", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"notebook", "pages", "findings"}
    assert set(data["notebook"]) == {"root", "title"}
    page = next(p for p in data["pages"] if p["id"] == "ussr-power-struggle.md")
    assert set(page) == {"id", "title", "icon", "description", "cover", "cover_y", "sections"}
    section = page["sections"][1]
    assert set(section) == {"title", "line", "empty", "points", "factors"}
    factor = section["factors"][0]
    assert set(factor) == {"title", "note", "weak", "line", "points", "statements"}
    assert set(factor["statements"][0]) == {"alternatives", "line"}
    assert set(factor["points"][0]) == {"text", "line", "label", "children"}
    assert set(data["findings"][0]) == {"code", "severity", "page", "line", "message"}
    # The same data the library gives: the CLI adds nothing of its own.
    assert data == json.loads(json.dumps(load_notebook().to_dict()))


def test_show_json_streams_the_same_document(tmp_path: Path) -> None:
    root = _two_pages(tmp_path / "notes")
    result = runner.invoke(app, ["show", str(root), "--json"])
    assert result.exit_code == 0, result.output
    expected = load_notebook(root).to_dict()
    assert [p["id"] for p in expected["pages"]] == ["b.md", "war.md"] and expected["findings"]
    # Piped, it is the very text one `json.dumps` of `to_dict()` gives.
    assert result.stdout == json.dumps(expected, ensure_ascii=False) + "\n"

    only = runner.invoke(app, ["show", str(root), "--json", "--page", "war.md"])
    assert only.exit_code == 0, only.output
    data = json.loads(only.stdout)
    assert data["notebook"] == expected["notebook"]
    assert data["pages"] == [expected["pages"][1]]
    assert data["findings"] == [f for f in expected["findings"] if f["page"] == "war.md"]
    assert data["findings"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stdout", [io.StringIO, _Terminal])
def test_streamed_json_is_what_print_json_prints(
    stdout: type[io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Indented at a terminal, compact in a pipe; arrays item by item, empty ones too."""
    items = [{"id": "a", "n": [1, {"x": "é\nz"}]}, {"id": "b", "n": []}]

    def run(write: Any, fields: dict[str, Any]) -> str:
        out = stdout()
        monkeypatch.setattr(sys, "stdout", out)
        write(fields)
        return out.getvalue()

    head = {"root": "/n", "title": "T"}
    streamed = run(print_json_streamed, {"notebook": head, "pages": iter(items), "f": iter([])})
    whole = run(print_json, {"notebook": head, "pages": items, "f": []})
    assert streamed == whole
    assert json.loads(streamed)["pages"] == items


def test_show_outline_is_plain_text_when_piped(tmp_path: Path) -> None:
    root = _two_pages(tmp_path / "notes")
    result = runner.invoke(app, ["show", str(root)])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.stdout and "├" not in result.stdout  # no Rich rendering
    lines = result.stdout.splitlines()
    assert lines[0] == f"notes  {root}"
    assert lines.index("Second page  b.md") < lines.index("📜 The road to war  war.md")
    assert "  Empty theme  (empty)" in lines and "  Still to write  (empty)" in lines
    assert "  Fixture for the outline rules" in lines  # the description
    assert "    Italian ambitions  (not needed)" in lines  # a weak factor and its note
    assert "      P: Appeasement encouraged Hitler to take bigger risks" in lines
    statements = [
        "      S: Appeasement let Hitler grow stronger without a fight",
        "      OR By giving way, Britain and France made war more likely later",
        "      S: A second, separate link",
    ]
    assert [lines.index(s) for s in statements] == sorted(lines.index(s) for s in statements)
    signed = _depth(lines, "Signed on 23 August 1939")
    assert _depth(lines, "It contained a secret protocol") == signed + 1
    assert _depth(lines, "Stalin gained eastern Poland") == signed + 2

    only = runner.invoke(app, ["show", str(root), "--page", "b.md"])
    assert only.exit_code == 0, only.output
    assert only.stdout == (
        f"notes  {root}\nSecond page  b.md\n  Empty theme  (empty)\n  Full theme\n"
        "    Factor\n      a point\n"
    )


def test_show_outline_on_a_terminal_is_a_rich_tree_per_page(tmp_path: Path) -> None:
    root = _two_pages(tmp_path / "notes")
    piped = runner.invoke(app, ["show", str(root)]).stdout.splitlines()
    result = runner.invoke(app, ["show", str(root)], env={"FORCE_COLOR": "1", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b[1;34mSecond page\x1b[0m  \x1b[2mb.md\x1b[0m" in out  # a tree's root line
    assert "\x1b[1mEmpty theme\x1b[0m  \x1b[33m(empty)\x1b[0m" in out
    assert "\x1b[2mItalian ambitions\x1b[0m  \x1b[2m(not needed)\x1b[0m" in out
    assert "\x1b[32mAppeasement (1935–39)\x1b[0m" in out
    assert "\x1b[36mP:\x1b[0m Appeasement encouraged" in out
    assert "\x1b[35mOR\x1b[0m By giving way" in out
    plain = Text.from_ansi(out).plain
    assert "├── " in plain and "└── " in plain
    assert plain.count("\n") >= len(piped)
    for line in piped:  # the same content as the plain outline
        assert line.strip() in plain

    result = runner.invoke(app, ["show", "--page", "ussr-power-struggle.md"])
    assert result.exit_code == 0
    assert "Soviet Russia" in result.stdout
    assert "not really good for essay" in result.stdout
    assert "Weimar" not in result.stdout
    missing = runner.invoke(app, ["show", "--page", "nope.md"])
    assert missing.exit_code == 2
    assert "No page 'nope.md'" in missing.stderr


def test_check_exit_codes(tmp_path: Path) -> None:
    good = write_notes(tmp_path / "good", {"a.md": "# A\n\n## S\n\n* In 1924 Lenin died\n"})
    ok = runner.invoke(app, ["check", str(good), "--json"])
    assert ok.exit_code == 0
    assert json.loads(ok.stdout) == {"findings": []}

    bad = write_notes(tmp_path / "bad", {"a.md": "---\nx: [\n---\n# A\n", "b.md": "# B\n"})
    failed = runner.invoke(app, ["check", str(bad), "--json"])
    assert failed.exit_code == 1
    [finding] = json.loads(failed.stdout)["findings"]
    assert finding["code"] == "BAD_FRONT_MATTER" and finding["page"] == "a.md"

    human = runner.invoke(app, ["check", str(bad)])
    assert human.exit_code == 1
    assert "BAD_FRONT_MATTER" in human.stdout and "1 error" in human.stdout

    missing = runner.invoke(app, ["check", str(tmp_path / "absent")])
    assert missing.exit_code == 2
    assert "No notebook at" in missing.stderr


def test_check_on_the_example_notebook_groups_by_page() -> None:
    result = runner.invoke(app, ["check"])
    assert result.exit_code == 0
    assert "ussr-power-struggle.md" in result.stdout
    assert "EMPTY_SECTION" in result.stdout
    assert result.stdout.count("ussr-power-struggle.md") == 1


def test_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert command.help, f"{name} has no help text"
        assert runner.invoke(app, [name, "--help"]).exit_code == 0
