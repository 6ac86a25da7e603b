"""Plan: a question box that shows the essay plan, and an essay box that gives feedback."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from starlette.responses import Response

from notedeck.web import deps
from notedeck.web.essays import MAX_ESSAY, MAX_QUESTION, Essays, plan_html
from notedeck.web.security import require_csrf

router = APIRouter(include_in_schema=False)


def essays(request: Request) -> Essays:
    found: Essays = request.app.state.essays
    return found


@router.get("/plan")
def plan(
    request: Request, question: Annotated[str, Query(max_length=MAX_QUESTION)] = ""
) -> Response:
    result = None
    if question.strip():
        result = essays(request).plan(deps.snapshot(request).notebook, question)
    return deps.render(
        request,
        "plan.html",
        question=question,
        plan=result,
        plan_body=plan_html(result) if result is not None else "",
    )


@router.post("/plan/feedback", dependencies=[Depends(require_csrf)])
def feedback(
    request: Request,
    question: Annotated[str, Form(max_length=MAX_QUESTION)],
    essay: Annotated[str, Form(max_length=MAX_ESSAY)],
) -> Response:
    result = essays(request).feedback(deps.snapshot(request).notebook, question, essay)
    return deps.render(request, "plan.html", question=question, essay=essay, feedback=result)
