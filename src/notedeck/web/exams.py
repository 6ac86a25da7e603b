"""What the Exams screen and the exam API share: an exam as the browser sends it, turned into
the library's calls (`study.exam_spec`, `study.exam_book`, `study.exam_status`) exactly as
`notedeck exam add|remove|status` makes them.

A form holds one glob or section per line and a field per weekday; the JSON API holds lists
and a `{weekday: minutes}` table. Both become the arguments `new_exam_spec` takes, so the
checks and their messages are the CLI's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, tzinfo

from notedeck.errors import ExamError, NotedeckError
from notedeck.notebook import shown_path
from notedeck.page_cache import default_cache_dir
from notedeck.study.exam_book import add_exam, find_exam, remove_exam
from notedeck.study.exam_spec import ExamSpec, new_exam_spec, parse_day, parse_days_off
from notedeck.study.exam_status import ExamStatus, exam_status
from notedeck.study.tables import WEEKDAYS
from notedeck.web.reviewing import ReviewDesk
from notedeck.web.workspace import Workspace

__all__ = ["ExamRequest", "NoSuchExam", "add", "lines", "remove", "status"]


class NoSuchExam(NotedeckError):
    """An exam page or removal for a name the notebook has no exam under."""


@dataclass(frozen=True, slots=True)
class ExamRequest:
    """An exam as the learner filled it in.

    Attributes:
        name: the exam's name.
        day: its date as typed, YYYY-MM-DD.
        minutes: minutes every day (None: the default, or what `weekly` leaves).
        weekly: minutes for some weekdays (`mon`…`sun`); days left out take `minutes`.
        days_off: dates or FIRST..LAST ranges with no study.
        pages: page globs; sections: section titles (both empty: the whole notebook).
    """

    name: str
    day: str
    minutes: float | None = None
    weekly: Mapping[str, float] = field(default_factory=dict)
    days_off: tuple[str, ...] = ()
    pages: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()

    def spec(self, now: datetime, tz: tzinfo) -> ExamSpec:
        """The exam checked as `exam add` checks it.

        Raises:
            ExamError: a date that does not parse or is not ahead, an unknown weekday, a
                budget that is not minutes or adds up to nothing.
        """
        unknown = [day for day in self.weekly if day not in WEEKDAYS]
        if unknown:
            raise ExamError(
                f"{unknown[0]!r} is not a weekday; use {', '.join(WEEKDAYS)} for minutes per day"
            )
        weekly = ",".join(f"{day}={self.weekly[day]!r}" for day in WEEKDAYS if day in self.weekly)
        return new_exam_spec(
            self.name,
            parse_day(self.day),
            today=now.astimezone(tz).date(),
            minutes=self.minutes,
            weekly=weekly or None,
            days_off=parse_days_off(self.days_off),
            pages=self.pages,
            sections=self.sections,
        )


def lines(text: str) -> tuple[str, ...]:
    """A form's text box as entries, one a line, blank lines left out."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def add(
    workspace: Workspace, desk: ReviewDesk, wanted: ExamRequest, *, now: datetime, tz: tzinfo
) -> tuple[ExamSpec, int]:
    """Keep the exam for the served notebook; the exam and how many cards it covers.

    Open review sittings start afresh, so the next card shown follows the new plan, as a
    new `notedeck review` would.

    Raises:
        ExamError: what `notedeck exam add` refuses, with its message.
    """
    spec = wanted.spec(now, tz)
    snapshot = workspace.current()
    where = shown_path(snapshot.notebook.root)
    kept, covered = add_exam(
        workspace.store, spec, snapshot.report.cards, now=now, where=where, tz=tz
    )
    desk.restart()
    return kept, covered


def remove(workspace: Workspace, desk: ReviewDesk, name: str) -> int:
    """Forget the exam called `name`; how many exams are left. Open review sittings start
    afresh, back in plain FSRS order if no exam is left.

    Raises:
        NoSuchExam: there is no exam of that name.
    """
    try:
        left = remove_exam(workspace.store, name)
    except ExamError as exc:
        raise NoSuchExam(str(exc)) from None
    desk.restart()
    return left


def status(workspace: Workspace, name: str, *, now: datetime, tz: tzinfo) -> ExamStatus:
    """How the exam called `name` stands, as `notedeck exam status` shows it.

    Raises:
        NoSuchExam: there is no exam of that name.
    """
    if find_exam(workspace.store, name) is None:
        known = ", ".join(repr(spec.name) for spec in workspace.store.exams()) or "none yet"
        raise NoSuchExam(f"no exam called {name.strip()!r} (exams: {known})")
    # The same saved copy of the cards as `notedeck exam status`, when the workspace keeps a
    # cache at all: a whole-notebook exam page then opens without reading every card.
    cache_dir = default_cache_dir() if workspace.use_cache else None
    return exam_status(workspace.store, name.strip(), now, tz=tz, cache_dir=cache_dir)
