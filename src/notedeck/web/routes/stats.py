"""Stats: due today and the next 14 days, reviews per day, retention per section, cards by
state; the charts are SVG drawn on the server."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from notedeck.study.forecast import (
    cards_by_state,
    due_per_day,
    retention_per_section,
    reviews_per_day,
)
from notedeck.web import deps
from notedeck.web.svg import bar_chart_svg

router = APIRouter(include_in_schema=False)


@router.get("/stats")
def stats(request: Request) -> Response:
    store, now, tz = deps.workspace(request).store, request.app.state.clock(), request.app.state.tz
    due = due_per_day(store, now, days=14, tz=tz)
    reviews = reviews_per_day(store, now, days=30, tz=tz)
    states = cards_by_state(store, now)
    return deps.render(
        request,
        "stats.html",
        due=due,
        reviews=reviews,
        states=states,
        retention=retention_per_section(store, now, days=30),
        due_chart=bar_chart_svg(due.bars(), title="Due today and each of the next 14 days"),
        reviews_chart=bar_chart_svg(reviews.bars(), title="Reviews per day, last 30 days"),
        states_chart=bar_chart_svg(states.bars(), title="Cards by state", colour="#009E73"),
    )
