"""`notedeck show` and `notedeck check`: the notes as notedeck understands them."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from notedeck.cli.common import (
    JsonOpt,
    NoCacheOpt,
    PathArg,
    console,
    fail,
    load,
    print_json,
    print_json_streamed,
)
from notedeck.cli.terminal import write
from notedeck.model import Notebook, Severity


def register(app: typer.Typer) -> None:
    app.command()(show)
    app.command()(check)


def show(
    path: PathArg = None,
    json_output: JsonOpt = False,
    page: Annotated[
        str | None, typer.Option("--page", help="Only this page id (e.g. `stalin.md`).")
    ] = None,
    no_cache: NoCacheOpt = False,
) -> None:
    """Show the outline: pages, sections, factors, evidence and link statements."""
    from notedeck.notebook import shown_path

    notebook = load(path, no_cache=no_cache)
    if page is not None:
        notebook = _only_page(notebook, page)
    if json_output:
        print_json_streamed(
            {  # `Notebook.to_dict()`, one page at a time
                "notebook": {"root": shown_path(notebook.root), "title": notebook.title},
                "pages": (p.to_dict() for p in notebook.pages),
                "findings": (f.to_dict() for f in notebook.all_findings()),
            }
        )
    else:
        _print_outline(notebook)


def check(
    path: PathArg = None,
    json_output: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Report problems in the notes, page by page. Exits 1 when any is an error."""
    notebook = load(path, no_cache=no_cache)
    findings = notebook.all_findings()
    if json_output:
        print_json({"findings": [f.to_dict() for f in findings]})
    else:
        from notedeck.cli.render import findings_view

        view, out = findings_view(findings), console()
        if out.is_terminal:  # the terminal wraps long lines; Rich wrapping 17,000 took seconds
            out.print(view, soft_wrap=True)
        else:  # no styles to show: the text as it is, without Rich's rendering
            write(view.plain + "\n")
    if any(f.severity is Severity.ERROR for f in findings):
        raise typer.Exit(1)


def _print_outline(notebook: Notebook) -> None:
    """The header, then page by page: output starts at once and one page's view is alive."""
    from notedeck.cli.render import outline_header, outline_text, page_tree
    from notedeck.notebook import shown_path

    out = console()
    header = outline_header(replace(notebook, root=Path(shown_path(notebook.root))))
    if out.is_terminal:
        out.print(header)
        for page in notebook.pages:
            out.print(page_tree(page))
    else:  # no styles to show, so no Rich layout (3.6-7.6 ms a page) either
        write(header.plain + "\n")
        for page in notebook.pages:
            write(outline_text(page))


def _only_page(notebook: Notebook, page_id: str) -> Notebook:
    try:
        page = notebook.page(page_id)
    except KeyError:
        known = ", ".join(notebook.page_ids()[:10])
        fail(f"No page '{page_id}' in the notebook. Pages: {known}")
    findings = tuple(f for f in notebook.findings if f.page == page_id)
    return replace(notebook, pages=(page,), findings=findings)
