"""Timeline and people: the notes' dated events drawn on the server, and who the notes name."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from notedeck.derive.timeline import people, timeline
from notedeck.web import deps
from notedeck.web.svg import timeline_svg

router = APIRouter(include_in_schema=False)
Filter = Annotated[str | None, Query(max_length=500)]


@router.get("/timeline")
def timeline_page(request: Request, page: Filter = None, section: Filter = None) -> Response:
    book = deps.snapshot(request).notebook
    events = timeline(
        book, page=page or None, section=section or None, memo=request.app.state.timeline_memo
    )
    sections = sorted(
        {s.title for p in book.pages if not page or p.id == page for s in p.sections if s.title}
    )
    return deps.render(
        request,
        "timeline.html",
        events=events,
        chart=timeline_svg(events, title="Timeline of the notes"),
        chosen_page=page or "",
        chosen_section=section or "",
        sections=sections,
        live=True,
    )


@router.get("/people")
def people_page(request: Request) -> Response:
    return deps.render(
        request,
        "people.html",
        people=people(deps.snapshot(request).notebook, memo=request.app.state.timeline_memo),
        live=True,
    )
