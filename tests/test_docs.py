"""The README is true: every command is documented, and its examples run."""

from __future__ import annotations

import re

import typer.main

from notedeck.cli import app
from tests.helpers import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme_with_help() -> None:
    group = typer.main.get_group(app)
    for name, command in group.commands.items():
        assert command.help, f"`notedeck {name}` has no help text"
        assert f"`notedeck {name}" in README, f"`notedeck {name}` is not in the README"


def test_readme_python_example_runs() -> None:
    [example] = re.findall(r"```python\n(.*?)```", README, re.DOTALL)
    example = example.replace('"path/to/notes"', "None")  # the bundled example notebook
    exec(compile(example, "README.md", "exec"), {})  # our own README, not notes


def test_readme_names_the_ci_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert ".venv/bin/python -m pytest" in README
    assert ".venv/bin/python -m pytest" in ci
