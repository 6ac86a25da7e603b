"""`notedeck show` and `notedeck check` through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.notebook import load_notebook
from tests.helpers import write_notes

runner = CliRunner()


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


def test_show_tree_and_page_filter() -> None:
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
