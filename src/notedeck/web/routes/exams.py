"""Exams: the list with a form to add one, each exam's forecast with its workload chart, and
the same as JSON: `/api/exams` and `/api/exam?name=…` (what `notedeck exam list|status
--json` print).

Adding and removing are POSTs with the CSRF token, as every state change is. Input the
planner refuses (a past date, no minutes, a glob that matches no card, a name already used)
comes back on the form with the CLI's message and what was typed, never as a server error.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from pydantic import BaseModel, Field
from starlette.responses import JSONResponse, RedirectResponse, Response

from notedeck.errors import ExamError
from notedeck.study.exam_book import budget_text, scope_text, workload_periods
from notedeck.study.exam_status import WEAK_RECALL, ExamStatus
from notedeck.study.tables import WEEKDAYS
from notedeck.web import deps, exams
from notedeck.web.security import require_csrf
from notedeck.web.svg import bar_chart_svg

router = APIRouter(include_in_schema=False)
api = APIRouter(prefix="/api", tags=["api"])
posting = APIRouter(include_in_schema=False, dependencies=[Depends(require_csrf)])
api_posting = APIRouter(tags=["api"], dependencies=[Depends(require_csrf)])

_NAME = 200
_TEXT = 5000
Name = Annotated[str, Field(min_length=1, max_length=_NAME)]
Entry = Annotated[str, Field(max_length=500)]
FormText = Annotated[str, Form(max_length=_TEXT)]
FormNumber = Annotated[str, Form(max_length=20)]


class ExamIn(BaseModel):
    """An exam to add: as `notedeck exam add NAME DATE --pages … --sections … --minutes …
    --weekly … --off …` takes it."""

    name: Name
    day: Annotated[str, Field(max_length=40, description="The exam date, YYYY-MM-DD.")]
    pages: Annotated[list[Entry], Field(max_length=100)] = []
    sections: Annotated[list[Entry], Field(max_length=100)] = []
    minutes: float | None = Field(None, description="Minutes every day (default 30).")
    weekly: Annotated[
        dict[str, float], Field(max_length=7, description="Minutes per weekday: mon … sun.")
    ] = {}
    days_off: Annotated[
        list[Entry], Field(max_length=400, description="YYYY-MM-DD or FIRST..LAST.")
    ] = []


class ExamName(BaseModel):
    name: Name


# -- pages ----------------------------------------------------------------------------------


@router.get("/exams")
def exam_list(request: Request) -> Response:
    return _list_page(request)


@posting.post("/exams")
def exam_add(
    request: Request,
    name: Annotated[str, Form(max_length=_NAME)] = "",
    day: Annotated[str, Form(max_length=40)] = "",
    minutes: FormNumber = "",
    pages: FormText = "",
    sections: FormText = "",
    days_off: FormText = "",
    mon: FormNumber = "",
    tue: FormNumber = "",
    wed: FormNumber = "",
    thu: FormNumber = "",
    fri: FormNumber = "",
    sat: FormNumber = "",
    sun: FormNumber = "",
) -> Response:
    typed = {"name": name, "day": day, "minutes": minutes, "pages": pages,
             "sections": sections, "days_off": days_off, "mon": mon, "tue": tue, "wed": wed,
             "thu": thu, "fri": fri, "sat": sat, "sun": sun}  # fmt: skip
    state = request.app.state
    try:
        weekly = {wd: _number(typed[wd], wd) for wd in WEEKDAYS if typed[wd].strip()}
        wanted = exams.ExamRequest(
            name=name,
            day=day,
            minutes=_number(minutes, "minutes a day") if minutes.strip() else None,
            weekly=weekly,
            days_off=exams.lines(days_off),
            pages=exams.lines(pages),
            sections=exams.lines(sections),
        )
        spec, _covered = exams.add(
            deps.workspace(request), deps.desk(request), wanted, now=state.clock(), tz=state.tz
        )
    except ExamError as exc:
        return _list_page(request, error=str(exc), typed=typed, status_code=400)
    return RedirectResponse(_exam_url(spec.name), status_code=303)


@posting.post("/exams/remove")
def exam_remove(request: Request, name: Annotated[str, Form(max_length=_NAME)]) -> Response:
    exams.remove(deps.workspace(request), deps.desk(request), name)
    return RedirectResponse("/exams", status_code=303)


@router.get("/exam")
def exam_page(request: Request, name: Annotated[str, Query(max_length=_NAME)]) -> Response:
    state = request.app.state
    found = exams.status(deps.workspace(request), name, now=state.clock(), tz=state.tz)
    return deps.render(
        request,
        "exam.html",
        status=found,
        budget=budget_text(found.exam),
        scope=scope_text(found.exam),
        weak=WEAK_RECALL,
        titles=deps.workspace(request).links().titles,
        workload_chart=workload_svg(found),
    )


def workload_svg(found: ExamStatus) -> str:
    """The planned minutes to the exam as a bar chart: a bar a day, or a week or a month
    for long plans, as the terminal's chart groups them."""
    title, rows = workload_periods(found.workload)
    bars = [(label, round(minutes, 1)) for label, minutes in rows]
    return bar_chart_svg(bars, title=title, width=760, colour="#E69F00")


def _list_page(
    request: Request,
    *,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    state = request.app.state
    specs = deps.workspace(request).store.exams()
    today: date = state.clock().astimezone(state.tz).date()
    rows = [
        {"spec": s, "url": _exam_url(s.name), "days": (s.day - today).days,
         "budget": budget_text(s), "scope": scope_text(s)}
        for s in specs
    ]  # fmt: skip
    return deps.render(
        request,
        "exams.html",
        status_code=status_code,
        exams=rows,
        today=today,
        error=error,
        typed=typed or {},
        weekdays=WEEKDAYS,
    )


def _number(text: str, what: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise ExamError(f"{what}: {text.strip()!r} is not a number of minutes") from None


def _exam_url(name: str) -> str:
    """An exam's page; the name goes in the query, where any name is safe (a path would
    refuse `..` or a backslash)."""
    return "/exam?" + urlencode({"name": name})


# -- JSON -----------------------------------------------------------------------------------


@api.get("/exams")
def exams_json(request: Request) -> dict[str, Any]:
    """The notebook's exams, soonest first, as `notedeck exam list --json` prints them."""
    state = request.app.state
    today = state.clock().astimezone(state.tz).date()
    specs = deps.workspace(request).store.exams()
    return {"today": today.isoformat(), "exams": [spec.to_dict() for spec in specs]}


@api_posting.post("/exams", status_code=201)
def exam_add_json(request: Request, body: ExamIn) -> Response:
    """Add an exam, as `notedeck exam add` does; 400 with the reason when it is refused."""
    state = request.app.state
    wanted = exams.ExamRequest(
        name=body.name,
        day=body.day,
        minutes=body.minutes,
        weekly=body.weekly,
        days_off=tuple(body.days_off),
        pages=tuple(body.pages),
        sections=tuple(body.sections),
    )
    spec, covered = exams.add(
        deps.workspace(request), deps.desk(request), wanted, now=state.clock(), tz=state.tz
    )
    return JSONResponse({"exam": spec.to_dict(), "cards": covered}, status_code=201)


@api.get("/exam")
def exam_status_json(
    request: Request, name: Annotated[str, Query(max_length=_NAME)]
) -> dict[str, Any]:
    """Predicted exam-day recall per page, section and factor, the sections most at risk,
    the day-by-day workload and the budget's truth, as `notedeck exam status --json`."""
    state = request.app.state
    found = exams.status(deps.workspace(request), name, now=state.clock(), tz=state.tz)
    return dict(found.to_dict())


@api_posting.post("/exams/remove")
def exam_remove_json(request: Request, body: ExamName) -> dict[str, Any]:
    """Forget an exam, as `notedeck exam remove` does; review goes back to plain FSRS."""
    left = exams.remove(deps.workspace(request), deps.desk(request), body.name)
    return {"removed": body.name.strip(), "left": left}


router.include_router(posting)
api.include_router(api_posting)
