"""The `notedeck` command line: parse options, call the library once, render the result."""

from __future__ import annotations

import typer

from notedeck.cli import essay, exam, export, notes, study
from notedeck.cli.common import MaxPageOpt, options

app = typer.Typer(
    name="notedeck",
    help="Turn Markdown revision notes into flashcards, essay plans and a revision schedule.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _options(max_page_mb: MaxPageOpt = 10.0) -> None:
    """Options for every command, kept for `load`."""
    options.max_page_mb = max_page_mb


notes.register(app)
study.register(app)
essay.register(app)
export.register(app)
exam.register(app)

__all__ = ["app"]
