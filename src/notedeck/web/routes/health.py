"""Health: the `check` findings page by page, each linked to its line in the reader, and the
sections still to write."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from notedeck.model import Finding, Notebook, Page, Severity
from notedeck.web import deps
from notedeck.web.workspace import Workspace

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class PageHealth:
    """One page's findings and its empty sections, with where each links to."""

    page: Page
    findings: tuple[tuple[Finding, str], ...]
    to_write: tuple[tuple[str, str], ...]


def page_health(workspace: Workspace, notebook: Notebook) -> tuple[PageHealth, ...]:
    """Pages with something to say, in reading order."""
    snap = workspace.current()
    out: list[PageHealth] = []
    for page in notebook.pages:
        empty = [s for s in page.sections if s.empty]
        if not page.findings and not empty:
            continue
        rendered = workspace.rendered(page, snap)
        url = deps.page_url(page.id)

        def at(line: int | None, url: str = url, rendered: object = rendered) -> str:
            from notedeck.web.render import RenderedPage

            assert isinstance(rendered, RenderedPage)
            anchor = rendered.anchor_for(line)
            return f"{url}#L{anchor}" if anchor is not None else url

        out.append(
            PageHealth(
                page,
                tuple((f, at(f.line)) for f in page.findings),
                tuple((s.title, at(s.line)) for s in empty),
            )
        )
    return tuple(out)


@router.get("/health")
def health(request: Request) -> Response:
    snap = deps.snapshot(request)
    pages = page_health(deps.workspace(request), snap.notebook)
    notebook_wide = tuple(f for f in snap.notebook.findings)
    errors = sum(f.severity is Severity.ERROR for f in snap.notebook.all_findings())
    return deps.render(
        request,
        "health.html",
        pages=pages,
        notebook_wide=notebook_wide,
        errors=errors,
        live=True,
    )
