"""Health: the `check` findings page by page, each linked to its line in the reader, and the
sections still to write."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from starlette.responses import Response

from notedeck.model import Finding, Notebook, Page, Severity
from notedeck.web import deps
from notedeck.web.render import RenderedPage
from notedeck.web.workspace import Workspace

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class PageHealth:
    """One page's findings and its empty sections, with where each links to."""

    page: Page
    findings: tuple[tuple[Finding, str], ...]
    to_write: tuple[tuple[str, str], ...]


def page_health(workspace: Workspace, notebook: Notebook) -> tuple[PageHealth, ...]:
    """Pages with something to say, in reading order; notebook-wide findings that name a
    page (a spelling seen across pages) are listed on that page too."""
    snap = workspace.current()
    elsewhere: dict[str, list[Finding]] = {}
    for finding in notebook.findings:
        if finding.page is not None:
            elsewhere.setdefault(finding.page, []).append(finding)
    out: list[PageHealth] = []
    for page in notebook.pages:
        findings = (*page.findings, *elsewhere.get(page.id, ()))
        empty = [s for s in page.sections if s.empty]
        if not findings and not empty:
            continue
        rendered = workspace.rendered(page, snap)
        out.append(
            PageHealth(
                page,
                tuple((f, _link(page, rendered, _page_line(page, f))) for f in findings),
                tuple((s.title, _link(page, rendered, s.line)) for s in empty),
            )
        )
    return tuple(out)


def _page_line(page: Page, finding: Finding) -> int | None:
    """The page line a finding's line stands for: one in a file the page includes is shown,
    in the reader, where the page includes it."""
    if finding.file is None or finding.line is None:
        return finding.line
    for span in page.included:
        if span.file == finding.file and span.start <= finding.line < span.start + span.count:
            return span.first + finding.line - span.start
    return None


def _link(page: Page, rendered: RenderedPage, line: int | None) -> str:
    """The reader's address of `line`: the block it belongs to."""
    anchor = rendered.anchor_for(line)
    url = deps.page_url(page.id)
    return f"{url}#L{anchor}" if anchor is not None else url


@router.get("/health")
def health(request: Request) -> Response:
    snap = deps.snapshot(request)
    pages = page_health(deps.workspace(request), snap.notebook)
    notebook_wide = tuple(f for f in snap.notebook.findings if f.page is None)
    errors = sum(f.severity is Severity.ERROR for f in snap.notebook.all_findings())
    return deps.render(
        request,
        "health.html",
        pages=pages,
        notebook_wide=notebook_wide,
        errors=errors,
        live=True,
    )
