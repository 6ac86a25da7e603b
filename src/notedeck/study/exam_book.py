"""The notebook's exams as the learner manages them, for the CLI and the web app alike.

`notedeck exam add|remove` and the web app's Exams screen make the same checks and say the
same things: a page glob or section name that matches no card is refused (a typo would
silently shrink the exam to nothing), removing an unknown exam names the known ones, and an
exam's budget and scope read the same in the terminal and in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, tzinfo

from notedeck.errors import ExamError
from notedeck.model import Card
from notedeck.study.exam_spec import ExamSpec, scope_card_ids, unmatched_scope
from notedeck.study.store import Store
from notedeck.study.tables import WEEKDAYS

__all__ = [
    "MAX_DAYS_AHEAD",
    "add_exam",
    "budget_text",
    "find_exam",
    "remove_exam",
    "scope_text",
    "workload_periods",
]

#: The furthest ahead an exam may be: a two-year course and then some. Beyond it a date is
#: almost surely a typo (2207 for 2027), and planning every day to it takes minutes.
MAX_DAYS_AHEAD = 3 * 366
# Up to this many days the workload is shown a day a bar, then a week a bar, then a month.
_DAILY_UP_TO = 31
_WEEKLY_UP_TO = 2 * 366


def add_exam(
    store: Store,
    spec: ExamSpec,
    cards: Sequence[Card],
    *,
    now: datetime,
    where: str,
    tz: tzinfo = UTC,
) -> tuple[ExamSpec, int]:
    """Keep `spec` for the notebook whose cards are `cards`: the exam as kept (days off
    outside the days to the exam left out: a range typed too wide would fill the store) and
    how many cards it covers.

    Args:
        store: the store scoped to the notebook.
        spec: the exam, already checked by `new_exam_spec`.
        cards: the notebook's cards as just built.
        now: when the exam is added.
        where: the notebook as the learner knows it (its shown path), for the message.
        tz: the learner's time zone, where their today begins.

    Raises:
        ExamError: the exam is more than `MAX_DAYS_AHEAD` days away, a page glob or
            section name matches no card, or the notebook already has an exam of that name.
        StoreError: the store cannot be written.
    """
    today = now.astimezone(tz).date()
    if (spec.day - today).days > MAX_DAYS_AHEAD:
        raise ExamError(
            f"exam {spec.name!r} on {spec.day.isoformat()} is more than three years ahead; "
            "is the year right?"
        )
    missing = unmatched_scope(spec, [card.source for card in cards])
    if missing:
        listed = ", ".join(repr(m) for m in missing)
        raise ExamError(f"{listed} matches no card in {where}")
    spec = replace(spec, days_off=tuple(d for d in spec.days_off if today <= d < spec.day))
    store.add_exam(spec, now=now)
    return spec, len(scope_card_ids(spec, cards))


def find_exam(store: Store, name: str) -> ExamSpec | None:
    """The notebook's exam called `name` (spaces around it do not count), or None."""
    name = name.strip()
    return next((spec for spec in store.exams() if spec.name == name), None)


def remove_exam(store: Store, name: str) -> int:
    """Forget the exam called `name`; how many exams the notebook keeps.

    Raises:
        ExamError: there is no exam of that name (the message lists the ones there are).
        StoreError: the store cannot be written.
    """
    name = name.strip()
    if not store.remove_exam(name):
        known = ", ".join(repr(spec.name) for spec in store.exams()) or "none"
        raise ExamError(f"no exam called {name!r} (exams: {known})")
    return len(store.exams())


def budget_text(spec: ExamSpec) -> str:
    """ "30 min a day", or each weekday's minutes when they differ, plus the days off."""
    if len(set(spec.minutes)) == 1:
        text = f"{spec.minutes[0]:g} min a day"
    else:
        text = ", ".join(f"{day} {m:g}" for day, m in zip(WEEKDAYS, spec.minutes, strict=True))
        text += " min"
    if spec.days_off:
        text += f", {len(spec.days_off)} day{'s' if len(spec.days_off) != 1 else ''} off"
    return text


def scope_text(spec: ExamSpec) -> str:
    """What the exam covers, in the learner's own globs and section names."""
    if spec.whole_notebook:
        return "the whole notebook"
    parts = []
    if spec.pages:
        parts.append("pages " + ", ".join(spec.pages))
    if spec.sections:
        parts.append("sections " + ", ".join(spec.sections))
    return "; ".join(parts)


def workload_periods(
    workload: Sequence[tuple[date, float]],
) -> tuple[str, tuple[tuple[str, float], ...]]:
    """Planned minutes to show as bars: a day a bar up to a month, then a week a bar (by
    Monday), then a month a bar, so a long plan stays readable. The title and the rows."""
    if len(workload) <= _DAILY_UP_TO:
        return "Planned minutes a day", tuple((f"{d:%a %d %b}", m) for d, m in workload)
    totals: dict[date, float] = {}
    weekly = len(workload) <= _WEEKLY_UP_TO
    for day, minutes in workload:
        start = day - timedelta(days=day.weekday()) if weekly else day.replace(day=1)
        totals[start] = totals.get(start, 0.0) + minutes
    if weekly:
        return "Planned minutes a week", tuple(
            (f"week of {start:%d %b}", m) for start, m in totals.items()
        )
    return "Planned minutes a month", tuple((f"{start:%b %Y}", m) for start, m in totals.items())
