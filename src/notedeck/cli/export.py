"""`notedeck export anki|csv`: the notebook's cards for other tools, with stable ids."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from notedeck.cli.common import JsonOpt, PathArg, print_json, reported_errors
from notedeck.cli.study import DbOpt, studying
from notedeck.cli.terminal import echo
from notedeck.export.report import ExportReportDict
from notedeck.model import Notebook

export_app = typer.Typer(
    name="export",
    help="Export the cards: an Anki package, or a file for Quizlet or Anki's text import.",
    no_args_is_help=True,
)
OutArg = Annotated[Path, typer.Argument(help="The file to write.", show_default=False)]
StyleOpt = Annotated[
    str, typer.Option("--style", help="`anki` (with GUIDs and tags) or `quizlet`.")
]


def register(app: typer.Typer) -> None:
    app.add_typer(export_app)


@export_app.command()
def anki(out: OutArg, path: PathArg = None, db: DbOpt = None, json_output: JsonOpt = False) -> None:
    """An .apkg with one deck per page and sub-decks per section; re-imports update notes."""
    from notedeck.export.anki import export_anki

    with studying(path, db) as (notebook, _store, report), reported_errors():
        result = export_anki(
            report.cards, out, deck_name=notebook.title, page_titles=_page_titles(notebook)
        )
    _report(result.to_dict(), json_output)


@export_app.command()
def csv(
    out: OutArg,
    path: PathArg = None,
    db: DbOpt = None,
    style: StyleOpt = "anki",
    json_output: JsonOpt = False,
) -> None:
    """A tab-separated file that Quizlet's import and Anki's text import accept."""
    from notedeck.export.csv import export_csv

    if style not in ("anki", "quizlet"):
        raise typer.BadParameter("choose `anki` or `quizlet`", param_hint="--style")
    chosen: Literal["anki", "quizlet"] = "anki" if style == "anki" else "quizlet"
    with studying(path, db) as (notebook, _store, report), reported_errors():
        result = export_csv(
            report.cards,
            out,
            style=chosen,
            deck_name=notebook.title,
            page_titles=_page_titles(notebook),
        )
    _report(result.to_dict(), json_output)


def _page_titles(notebook: Notebook) -> dict[str, str]:
    return {page.id: page.title for page in notebook.pages}


def _report(data: ExportReportDict, json_output: bool) -> None:
    if json_output:
        print_json(data)
        return
    decks = f" in {len(data['decks'])} decks" if data["decks"] else ""
    echo(f"Wrote {data['notes']} notes ({data['cards']} cards){decks} to {data['path']}.")
