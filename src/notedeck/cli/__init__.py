"""The `notedeck` command line: parse options, call the library once, render the result."""

from __future__ import annotations

import typer

from notedeck.cli import essay, export, notes, study

app = typer.Typer(
    name="notedeck",
    help="Turn Markdown revision notes into flashcards, essay plans and a revision schedule.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
notes.register(app)
study.register(app)
essay.register(app)
export.register(app)

__all__ = ["app"]
