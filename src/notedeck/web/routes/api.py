"""The JSON API: everything the pages show, as the CLI's `--json` prints it.

Each endpoint returns a model's `to_dict()`; none builds its own shape. State changes are
POSTs with the CSRF token in `X-CSRF-Token` (read it from `GET /api/session`).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from pydantic import BaseModel, Field

from notedeck.derive.timeline import people, timeline
from notedeck.notebook import shown_path
from notedeck.study.forecast import (
    cards_by_state,
    due_per_day,
    retention_per_section,
    reviews_per_day,
)
from notedeck.study.store import CardStatus
from notedeck.web import deps
from notedeck.web.essays import MAX_ESSAY, MAX_QUESTION
from notedeck.web.routes.health import page_health
from notedeck.web.routes.plan import essays
from notedeck.web.security import require_csrf

router = APIRouter(prefix="/api", tags=["api"])
posting = APIRouter(tags=["api"], dependencies=[Depends(require_csrf)])

CardId = Annotated[str, Field(min_length=1, max_length=200)]


class AnswerIn(BaseModel):
    """A grade for the card on screen: 1 again, 2 hard, 3 good, 4 easy."""

    card_id: CardId
    rating: Annotated[int, Field(ge=1, le=4)]


class CardIn(BaseModel):
    card_id: CardId


class EssayIn(BaseModel):
    question: Annotated[str, Field(min_length=1, max_length=MAX_QUESTION)]
    essay: Annotated[str, Field(max_length=MAX_ESSAY)]


@router.get("/session")
def session(request: Request) -> dict[str, str]:
    """The CSRF token every POST must send in `X-CSRF-Token`."""
    return {"csrf": request.state.csrf}


@router.get("/notebook")
def notebook(request: Request) -> dict[str, Any]:
    """The outline, as `notedeck show --json` prints it."""
    book = deps.snapshot(request).notebook
    data = book.to_dict()
    data["notebook"]["root"] = shown_path(book.root)
    return data


@router.get("/pages/{page_id:path}")
def page(request: Request, page_id: str) -> dict[str, Any]:
    """One page's outline."""
    try:
        return dict(deps.snapshot(request).notebook.page(page_id).to_dict())
    except KeyError:
        raise HTTPException(404, f"No page {page_id!r} in this notebook.") from None


@router.get("/findings")
def findings(request: Request) -> dict[str, Any]:
    """Every finding, as `notedeck check --json` prints it."""
    book = deps.snapshot(request).notebook
    return {"findings": [f.to_dict() for f in book.all_findings()]}


@router.get("/health")
def health(request: Request) -> dict[str, Any]:
    """Findings per page with the reader link of each, and the sections still to write."""
    book = deps.snapshot(request).notebook
    return {
        "pages": [
            {
                "page": item.page.id,
                "findings": [{**f.to_dict(), "url": url} for f, url in item.findings],
                "to_write": [{"section": title, "url": url} for title, url in item.to_write],
            }
            for item in page_health(deps.workspace(request), book)
        ]
    }


@router.get("/cards")
def cards(request: Request, retired: bool = False) -> dict[str, Any]:
    """The notebook's cards in notebook order, as `notedeck cards --json` lists them."""
    snap = deps.snapshot(request)
    stored = {s.card.id: s for s in deps.workspace(request).store.stored_cards()}
    listed = [stored[c.id] for c in snap.report.cards if c.id in stored]
    if retired:
        listed += [s for s in stored.values() if s.status is CardStatus.RETIRED]
    return {"cards": [s.to_dict() for s in listed]}


@router.get("/review")
def review(request: Request) -> dict[str, Any]:
    """The card on screen for this browser's sitting, or the sitting's summary at its end."""
    desk = deps.desk(request)
    shown = desk.current(request.state.sid)
    if shown is None:
        return {"card": None, "summary": desk.summary(request.state.sid).to_dict()}
    return {"card": shown.to_dict(), "summary": None}


@posting.post("/review/answer")
def answer(request: Request, body: AnswerIn) -> dict[str, Any]:
    """Grade the card on screen; committed before the answer. Then the next card."""
    recorded = deps.desk(request).answer(request.state.sid, body.card_id, body.rating)
    return {
        "answered": {
            "card_id": recorded.card_id,
            "rating": recorded.rating.name.lower(),
            "due": recorded.state.due.isoformat(),
        },
        **review(request),
    }


@posting.post("/review/undo")
def undo(request: Request) -> dict[str, Any]:
    """Take back this sitting's last answer."""
    undone = deps.desk(request).undo(request.state.sid)
    return {"undone": undone, **review(request)}


@posting.post("/review/suspend")
def suspend(request: Request, body: CardIn) -> dict[str, Any]:
    """Drop the card on screen from review, as `notedeck suspend` does."""
    deps.desk(request).suspend(request.state.sid, body.card_id)
    return {"suspended": body.card_id, **review(request)}


@router.get("/stats")
def stats(request: Request, days: Annotated[int, Query(ge=1, le=3650)] = 30) -> dict[str, Any]:
    """What `notedeck stats --json` prints."""
    store = deps.workspace(request).store
    return dict(
        store.stats(request.app.state.clock(), tz=request.app.state.tz, days=days).to_dict()
    )


@router.get("/forecast")
def forecast(request: Request) -> dict[str, Any]:
    """What the stats screen draws: due per day ahead, reviews per day behind, retention
    per section and cards by state."""
    store, state = deps.workspace(request).store, request.app.state
    now = state.clock()
    return {
        "due_per_day": due_per_day(store, now, days=14, tz=state.tz).to_dict(),
        "reviews_per_day": reviews_per_day(store, now, days=30, tz=state.tz).to_dict(),
        "retention_per_section": [r.to_dict() for r in retention_per_section(store, now)],
        "cards_by_state": cards_by_state(store, now).to_dict(),
    }


@router.get("/timeline")
def timeline_events(
    request: Request,
    page: Annotated[str | None, Query(max_length=500)] = None,
    section: Annotated[str | None, Query(max_length=500)] = None,
) -> dict[str, Any]:
    """The dated events in date order, optionally of one page or section."""
    book = deps.snapshot(request).notebook
    return {
        "events": [
            e.to_dict()
            for e in timeline(
                book, page=page, section=section, memo=request.app.state.timeline_memo
            )
        ]
    }


@router.get("/people")
def people_named(request: Request) -> dict[str, Any]:
    """Each person the notes name, with their dated events and the factors they appear in."""
    return {
        "people": [
            p.to_dict()
            for p in people(deps.snapshot(request).notebook, memo=request.app.state.timeline_memo)
        ]
    }


@router.get("/plan")
def plan(
    request: Request, question: Annotated[str, Query(min_length=1, max_length=MAX_QUESTION)]
) -> dict[str, Any]:
    """The essay plan, as `notedeck plan --json` prints it."""
    result = essays(request).plan(deps.snapshot(request).notebook, question)
    return {**result.to_dict(), "message": result.message, "warnings": list(result.warnings)}


@posting.post("/feedback")
def feedback(request: Request, body: EssayIn) -> dict[str, Any]:
    """Feedback on an essay, as `notedeck feedback --json` prints it."""
    result = essays(request).feedback(deps.snapshot(request).notebook, body.question, body.essay)
    return dict(result.to_dict())


router.include_router(posting)
