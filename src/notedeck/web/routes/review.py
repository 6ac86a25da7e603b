"""Review in the browser: one card at a time, graded with the keyboard or the buttons.

Forms post and redirect back (POST, then GET), so a reload never sends a grade twice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from starlette.responses import RedirectResponse, Response

from notedeck.model import Card
from notedeck.web import deps
from notedeck.web.security import require_csrf

router = APIRouter(include_in_schema=False)
posting = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
CardField = Annotated[str, Form(max_length=200)]


@router.get("/review")
def review(request: Request) -> Response:
    desk = deps.desk(request)
    shown = desk.current(request.state.sid)
    if shown is None:
        return deps.render(request, "review_done.html", summary=desk.summary(request.state.sid))
    return deps.render(request, "review.html", shown=shown, source_url=_source_url(shown.card))


@posting.post("/review/answer")
def answer(
    request: Request, card_id: CardField, rating: Annotated[int, Form(ge=1, le=4)]
) -> Response:
    deps.desk(request).answer(request.state.sid, card_id, rating)
    return RedirectResponse("/review", status_code=303)


@posting.post("/review/undo")
def undo(request: Request) -> Response:
    deps.desk(request).undo(request.state.sid)
    return RedirectResponse("/review", status_code=303)


@posting.post("/review/suspend")
def suspend(request: Request, card_id: CardField) -> Response:
    deps.desk(request).suspend(request.state.sid, card_id)
    return RedirectResponse("/review", status_code=303)


@posting.post("/review/finish")
def finish(request: Request) -> Response:
    summary = deps.desk(request).finish(request.state.sid)
    return deps.render(request, "review_done.html", summary=summary, finished=True)


def _source_url(card: Card) -> str:
    """The card's point in the reader."""
    return f"{deps.page_url(card.source.page)}#L{card.source.line}"


router.include_router(posting)
