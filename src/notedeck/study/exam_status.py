"""How an exam stands: predicted exam-day recall overall, per page, section and essay factor.

The figures are the planner's forecast (`exam_forecast`) grouped by where each card comes from
(its page, section and factor); nothing here predicts memory itself. `exam status` prints this
and `exam status --json` (and the web app's exam page) reads `ExamStatus.to_dict()`.

An exam may cover a whole notebook: 313,000 cards on the 5,000-page bench notebook. The cards
travel as columns (`ScheduledColumns`, `PlannedColumns`) and are grouped with numpy, never as
an object per card.

A factor is an essay paragraph's argument, and its cards are its evidence. A factor whose
cards the plan leaves below `WEAK_RECALL` on the exam day is named, so the student knows
which paragraphs to revise from the notes rather than from cards alone.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import NamedTuple, TypedDict

import numpy as np

from notedeck.errors import ExamError
from notedeck.model import Source
from notedeck.study.exam import ExamForecast, exam_forecast
from notedeck.study.exam_cards import CardRecall, PlannedColumns, card_seconds
from notedeck.study.exam_plan import pages_of, to_exam
from notedeck.study.exam_spec import ExamSpec, ExamSpecDict
from notedeck.study.scheduled import FloatArray, IntArray, Place, ScheduledColumns
from notedeck.study.scheduled_cache import SavedColumns
from notedeck.study.store import Store

__all__ = [
    "AT_RISK_SECTIONS",
    "WEAK_RECALL",
    "ExamStatus",
    "ExamStatusDict",
    "RecallGroup",
    "budget_advice",
    "exam_status",
    "summarise_exam",
]

# Below this predicted recall a factor's evidence is "weak": fewer than seven facts in ten
# come back on the day, which in an essay paragraph means evidence missing, not just slips.
WEAK_RECALL = 0.7
# How many sections `at_risk` names: enough for a week's priorities, few enough to act on.
AT_RISK_SECTIONS = 5
# A larger budget is offered in the advice only if it adds at least this much recall.
_WORTH_MORE = 0.01


class RecallGroupDict(TypedDict):
    page: str
    section: str | None
    factor: str | None
    cards: int
    recall: float


class RecallGroup(NamedTuple):
    """Predicted exam-day recall of the cards from one page, section or factor.

    A named tuple, not a frozen dataclass: a whole notebook has 40,000 of them, and a frozen
    dataclass took 50 ms to make them (each field set through `object.__setattr__`).

    Attributes:
        page: the page id.
        section: the section title (None for a page's own figure).
        factor: the factor title (None for a page's or section's figure).
        cards: cards in the exam's scope from there.
        recall: their mean predicted recall on the exam morning.
    """

    page: str
    section: str | None
    factor: str | None
    cards: int
    recall: float

    def to_dict(self) -> RecallGroupDict:
        return {
            "page": self.page,
            "section": self.section,
            "factor": self.factor,
            "cards": self.cards,
            "recall": self.recall,
        }


class ExamStatusDict(TypedDict):
    exam: ExamSpecDict
    today: str
    days_left: int
    cards: int
    recall: float
    daily_minutes: float
    budget_covers_scope: bool
    advice: str
    pages: list[RecallGroupDict]
    sections: list[RecallGroupDict]
    factors: list[RecallGroupDict]
    at_risk: list[RecallGroupDict]
    weak_factors: list[RecallGroupDict]
    workload: list[list[str | float]]
    at_budgets: list[list[float]]


@dataclass(frozen=True, slots=True)
class ExamStatus:
    """An exam's forecast, grouped for the student.

    Attributes:
        exam: the exam as stored.
        today: the learner's date the forecast starts from.
        days_left: study days before the exam (today included, the exam day not).
        cards: cards in scope.
        recall: mean predicted exam-day recall over them, following the plan.
        daily_minutes: the budget's average minutes a day over the week.
        budget_covers_scope: every card gets learned and recall reaches the desired retention.
        advice: the plain truth about the budget, one or two sentences.
        pages, sections, factors: recall per page, per section, per factor, in notes order.
        at_risk: the sections with the lowest predicted recall, worst first.
        weak_factors: factors whose evidence cards stay below `WEAK_RECALL`, worst first.
        workload: (day, planned minutes) from today to the day before the exam.
        at_budgets: (minutes a day, recall the plan would reach with them).
    """

    exam: ExamSpec
    today: date
    days_left: int
    cards: int
    recall: float
    daily_minutes: float
    budget_covers_scope: bool
    advice: str
    pages: tuple[RecallGroup, ...]
    sections: tuple[RecallGroup, ...]
    factors: tuple[RecallGroup, ...]
    at_risk: tuple[RecallGroup, ...]
    weak_factors: tuple[RecallGroup, ...]
    workload: tuple[tuple[date, float], ...]
    at_budgets: tuple[tuple[float, float], ...]

    def to_dict(self) -> ExamStatusDict:
        return {
            "exam": self.exam.to_dict(),
            "today": self.today.isoformat(),
            "days_left": self.days_left,
            "cards": self.cards,
            "recall": self.recall,
            "daily_minutes": self.daily_minutes,
            "budget_covers_scope": self.budget_covers_scope,
            "advice": self.advice,
            "pages": [g.to_dict() for g in self.pages],
            "sections": [g.to_dict() for g in self.sections],
            "factors": [g.to_dict() for g in self.factors],
            "at_risk": [g.to_dict() for g in self.at_risk],
            "weak_factors": [g.to_dict() for g in self.weak_factors],
            "workload": [[day.isoformat(), minutes] for day, minutes in self.workload],
            "at_budgets": [[minutes, recall] for minutes, recall in self.at_budgets],
        }


def exam_status(
    store: Store, name: str, now: datetime, *, tz: tzinfo = UTC, cache_dir: Path | None = None
) -> ExamStatus:
    """The forecast for the notebook's exam `name`, from the cards as last built.

    `cache_dir`: where an exam over every page keeps the notebook's cards between runs
    (`scheduled_cache`); None reads them from the store each time.

    Raises:
        ExamError: the notebook has no exam of that name.
        StoreError: the store cannot be read.
    """
    spec = next((e for e in store.exams() if e.name == name), None)
    if spec is None:
        known = ", ".join(repr(e.name) for e in store.exams()) or "none yet"
        raise ExamError(f"no exam called {name!r} (exams: {known}); add one with notedeck exam add")
    saved = None
    if cache_dir is not None and store.notebook_id is not None:
        saved = SavedColumns(cache_dir, store.where, store.notebook_id)
    with _collector_paused():
        return _status(store, spec, now, tz, saved)


def _status(
    store: Store, spec: ExamSpec, now: datetime, tz: tzinfo, saved: SavedColumns | None
) -> ExamStatus:
    """`exam_status` of a found exam: its cards in scope, their forecast, its summary."""
    scheduled = store.scheduled_columns(pages_of(store, [spec]), saved=saved)
    in_scope = scheduled
    if spec.pages or spec.sections:  # else every card is in scope
        covered = np.fromiter(
            (
                spec.covers(Source(page, section, factor, 0))
                for page, section, factor in scheduled.places
            ),
            bool,
            len(scheduled.places),
        )
        in_scope = scheduled.where(covered[scheduled.place])
    cards = PlannedColumns.of_memory(
        in_scope.ids,
        id_rank=in_scope.id_rank,
        stability=in_scope.stability,
        difficulty=in_scope.difficulty,
        last_review=in_scope.last_review,
        seconds=card_seconds(store.answer_times(own=True), in_scope.ids),
    )
    forecast = exam_forecast(cards, to_exam(spec, None), now, store.scheduler_settings(), tz=tz)
    return summarise_exam(spec, forecast, in_scope, today=now.astimezone(tz).date())


def summarise_exam(
    spec: ExamSpec, forecast: ExamForecast, cards: ScheduledColumns, *, today: date
) -> ExamStatus:
    """Group a forecast's per-card recall by page, section and factor (in the notes order of
    `cards`), and put the budget's outcome into words."""
    recall = _recall_of(forecast, cards)
    places = cards.places
    pages = _groups(cards, recall, [(p[0], None, None) for p in places])
    sections = _groups(cards, recall, [(p[0], p[1], None) if p[1] else None for p in places])
    factors = _groups(cards, recall, [p if p[1] and p[2] else None for p in places])
    daily = _daily_minutes(spec)
    uneven = len(set(spec.minutes)) > 1
    return ExamStatus(
        exam=spec,
        today=today,
        days_left=max((spec.day - today).days, 0),
        cards=int(np.count_nonzero(~np.isnan(recall))),
        recall=forecast.recall,
        daily_minutes=daily,
        budget_covers_scope=forecast.budget_covers_scope,
        advice=(
            budget_advice(daily, forecast, average=uneven)
            if spec.day > today
            else f"The exam was on {spec.day.isoformat()}: nothing is left to plan, and review "
            "is plain FSRS again. `notedeck exam remove` forgets it."
            if spec.day < today
            else "The exam is today: nothing is left to plan, and review is plain FSRS again."
        ),
        pages=pages,
        sections=sections,
        factors=factors,
        at_risk=_worst(sections)[:AT_RISK_SECTIONS],
        weak_factors=tuple(g for g in _worst(factors) if g.recall < WEAK_RECALL),
        workload=forecast.workload,
        at_budgets=forecast.at_budgets,
    )


def budget_advice(daily_minutes: float, forecast: ExamForecast, *, average: bool = False) -> str:
    """The plain truth: what the budget reaches and, if it falls short, what more would.

    "At 30 min/day you will reach about 71 %; 45 min/day reaches 85 %." The larger budget
    offered is the smallest one tried that adds recall; when none does, more time would not
    help and the sentence says what the budget reaches alone. `average`: the minutes differ
    by weekday, and `daily_minutes` is their average.
    """
    per_day = "min/day on average" if average else "min/day"
    reached = f"At {daily_minutes:g} {per_day} you will reach about {_percent(forecast.recall)}"
    if forecast.budget_covers_scope:
        return reached + ": the budget covers the exam."
    better = next(
        (
            (minutes, recall)
            for minutes, recall in sorted(forecast.at_budgets)
            if minutes > daily_minutes and recall >= forecast.recall + _WORTH_MORE
        ),
        None,
    )
    if better is None:
        return reached + "."
    return f"{reached}; {better[0]:g} min/day reaches {_percent(better[1])}."


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"


def _daily_minutes(spec: ExamSpec) -> float:
    """The week's average minutes a day: the planner's other budgets are given every day,
    so this is the figure they compare with."""
    return round(sum(spec.minutes) / 7, 1)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a whole notebook's cards are read and grouped.

    Reading 313,000 rows makes a million objects, none in a cycle, and the collector's passes
    over them took 0.3 s of the 2 s `exam status` took on the 5,000-page bench notebook.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _recall_of(forecast: ExamForecast, cards: ScheduledColumns) -> FloatArray:
    """Each card's predicted recall as an array beside `cards`; NaN for a card the forecast
    left out. Free when the forecast was given these very cards (as `exam_status` does)."""
    per_card = forecast.per_card
    if isinstance(per_card, CardRecall) and per_card.ids is cards.ids:
        return per_card.array
    return np.fromiter((per_card.get(i, np.nan) for i in cards.ids), float, len(cards.ids))


def _groups(
    cards: ScheduledColumns, recall: FloatArray, keys: Sequence[Place | None]
) -> tuple[RecallGroup, ...]:
    """Mean recall per group of places, groups in the notes order of their first card;
    `keys` holds each place's group (None: in none).

    The sums run over the cards in notes order, one after the other (`np.bincount`), as
    Python 3.11's `sum` over them did: the figures are the same to the last bit (3.12's `sum`
    compensates rounding and may differ from them in the last digits).
    """
    codes: dict[Place, int] = {}
    of_place = np.array(
        [-1 if key is None else codes.setdefault(key, len(codes)) for key in keys], np.intp
    )
    group: IntArray = of_place[cards.place]
    counted = (group >= 0) & ~np.isnan(recall)
    group, values = group[counted], recall[counted]
    counts = np.bincount(group, minlength=len(codes))
    sums = np.bincount(group, weights=values, minlength=len(codes))
    first = np.full(len(codes), len(group), np.intp)
    np.minimum.at(first, group, np.arange(len(group)))  # each group's first card, unsorted
    found = list(codes)
    order = np.argsort(first, kind="stable")
    shown = order[counts[order] > 0]
    return tuple(
        RecallGroup._make((*found[k], n, mean))
        for k, n, mean in zip(
            shown.tolist(),
            counts[shown].tolist(),
            (sums[shown] / counts[shown]).tolist(),  # as `total / n` divides: IEEE, exact
            strict=True,
        )
    )


def _worst(groups: Sequence[RecallGroup]) -> tuple[RecallGroup, ...]:
    """Lowest recall first; among equals, the larger group (more to lose) first, then in
    the order given (a stable sort, as `sorted` on (recall, -cards) gives; numpy's takes a
    whole notebook's 25,000 factors in a third of the time)."""
    n = len(groups)
    recall = np.fromiter((g.recall for g in groups), float, n)
    cards = np.fromiter((g.cards for g in groups), np.int64, n)
    return tuple([groups[i] for i in np.lexsort((-cards, recall)).tolist()])
