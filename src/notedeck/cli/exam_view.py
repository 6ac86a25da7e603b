"""Rich views of exams and their status, with the workload as a terminal bar chart."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from notedeck.study.exam_book import budget_text, scope_text, workload_periods
from notedeck.study.exam_spec import ExamSpec
from notedeck.study.exam_status import WEAK_RECALL, ExamStatus, RecallGroup

# Bars of the workload chart: the longest is this many cells wide.
_BAR_WIDTH = 40
# Rows per table in the status view: the worst and best matter, the middle can wait.
_ROWS = 12


def exams_table(specs: Sequence[ExamSpec], today: date) -> Table | Text:
    if not specs:
        return Text("No exams yet. Add one with: notedeck exam add NAME YYYY-MM-DD")
    table = Table(title="Exams", title_justify="left")
    for name, justify in (("exam", "left"), ("date", "left"), ("in", "right"),
                          ("budget", "left"), ("covers", "left")):  # fmt: skip
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for spec in specs:
        days = (spec.day - today).days
        when = f"{days} days" if days > 0 else "past" if days < 0 else "today"
        table.add_row(
            escape(spec.name),
            f"{spec.day:%a %d %b %Y}",
            when,
            budget_text(spec),
            escape(scope_text(spec)),
            style="dim" if days <= 0 else None,
        )
    return table


def status_view(status: ExamStatus) -> Group:
    spec = status.exam
    style = "green" if status.budget_covers_scope else "yellow"
    parts: list[Table | Text] = [
        Text.from_markup(
            f"[bold]{escape(spec.name)}[/] on {spec.day:%a %d %b %Y}, {_when(status)} · "
            f"{status.cards} cards ({escape(scope_text(spec))}) · {budget_text(spec)}"
        ),
        Text.from_markup(f"Predicted recall on the day: [bold]{_percent(status.recall)}[/]"),
        Text(status.advice, style=style),
        Text(""),
    ]
    if len(status.sections) > len(status.at_risk):  # else "By section" shows them all
        parts.append(_recall_table("Sections most at risk", status.at_risk, section=True))
    if status.weak_factors:
        parts.append(
            _recall_table(
                f"Essay factors with weak evidence (below {_percent(WEAK_RECALL)})",
                status.weak_factors[:_ROWS],
                section=True,
                factor=True,
            )
        )
    parts.append(_recall_table("By page", status.pages[:_ROWS], more=len(status.pages)))
    parts.append(
        _recall_table(
            "By section", status.sections[:_ROWS], section=True, more=len(status.sections)
        )
    )
    parts.append(workload_chart(status.workload))
    return Group(*parts)


def workload_chart(workload: Sequence[tuple[date, float]]) -> Table | Text:
    """Planned minutes as horizontal bars: a day a row, or a week or month a row for long
    plans (`workload_periods`)."""
    if not workload:
        return Text("No study days left before the exam.")
    title, rows = workload_periods(workload)
    top = max((minutes for _, minutes in rows), default=0.0) or 1.0
    table = Table(title=title, title_justify="left", box=None, show_header=False)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(no_wrap=True)
    table.add_column(justify="right")
    for label, minutes in rows:
        cells = round(minutes / top * _BAR_WIDTH)
        table.add_row(label, Text("█" * cells, style="cyan"), f"{minutes:.0f}")
    return table


def _recall_table(
    title: str,
    groups: Sequence[RecallGroup],
    *,
    section: bool = False,
    factor: bool = False,
    more: int = 0,
) -> Table:
    """Recall per group, in the order given; `more`: how many there are in all, when only
    the first are shown (the rest are in `--json`)."""
    table = Table(title=title, title_justify="left")
    if more > len(groups):
        table.caption = f"the first {len(groups)} of {more}; all are in --json"
    table.add_column("page")
    if section:
        table.add_column("section")
    if factor:
        table.add_column("factor")
    table.add_column("cards", justify="right")
    table.add_column("recall", justify="right")
    for group in groups:
        cells: list[str | Text] = [escape(group.page)]
        if section:
            cells.append(escape(group.section or ""))
        if factor:
            cells.append(escape(group.factor or ""))
        weak = group.recall < WEAK_RECALL
        cells += [str(group.cards), Text(_percent(group.recall), style="red" if weak else "")]
        table.add_row(*cells)
    return table


def _when(status: ExamStatus) -> str:
    if status.days_left:
        return f"in {status.days_left} day{'s' if status.days_left != 1 else ''}"
    return "today" if status.exam.day == status.today else "past"


def _percent(value: float) -> str:
    return f"{round(value * 100)} %"
