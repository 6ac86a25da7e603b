"""Rich views of library objects. No decisions about the notes are made here."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from notedeck.model import Factor, Finding, Notebook, Page, Point, Severity
from notedeck.model import Table as TableModel

if TYPE_CHECKING:  # heavy modules; `show` and `check` should not pay for them
    from notedeck.essay.feedback import Feedback
    from notedeck.essay.rank import FactorRef
    from notedeck.study.stats import StudyStats
    from notedeck.study.store import StoredCard

Span = tuple[str, str]  # (text, Rich style); "" for none
OutlineLine = tuple[int, tuple[Span, ...]]  # (depth, spans); depth 0 is the page itself
_SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def outline_header(notebook: Notebook) -> Text:
    """The line above the pages: the notebook's title and where it was read from."""
    return Text.assemble((notebook.title, "bold"), "  ", (str(notebook.root), "dim"))


def outline_lines(page: Page) -> Iterator[OutlineLine]:
    """The page's outline as (depth, spans) lines, depth first: the one walk of the outline
    that both the Rich tree and the plain text are built from."""
    yield 0, ((page.title, "bold blue"), ("  ", ""), (page.id, "dim"))
    if page.description:
        yield 1, ((page.description, "italic"),)
    for section in page.sections:
        empty: tuple[Span, ...] = (("  ", ""), ("(empty)", "yellow")) if section.empty else ()
        yield 1, ((section.title, "bold"), *empty)
        yield from _point_lines(section.points, depth=2)
        for factor in section.factors:
            yield from _factor_lines(factor, depth=2)


def _factor_lines(factor: Factor, *, depth: int) -> Iterator[OutlineLine]:
    note: tuple[Span, ...] = (("  ", ""), (f"({factor.note})", "dim")) if factor.note else ()
    yield depth, ((factor.title, "dim" if factor.weak else "green"), *note)
    yield from _point_lines(factor.points, depth=depth + 1)
    for statement in factor.statements:
        for index, wording in enumerate(statement.alternatives):
            yield depth + 1, (("S:" if index == 0 else "OR", "magenta"), (" " + wording, ""))


def _point_lines(points: Sequence[Point], *, depth: int) -> Iterator[OutlineLine]:
    for point in points:
        if point.table is not None:
            yield from _table_lines(point.table, depth=depth)
            continue
        label: tuple[Span, ...] = (
            ((f"{point.label.value}:", "cyan"), (" ", "")) if point.label else ()
        )
        yield depth, (*label, (point.text, ""))
        yield from _point_lines(point.children, depth=depth + 1)


def _table_lines(table: TableModel, *, depth: int) -> Iterator[OutlineLine]:
    """A table as a line per row, cells apart by ` │ `, the header row bold."""
    if table.header:
        yield depth, ((" │ ".join(table.header), "bold"),)
    for row in table.rows:
        yield depth, ((" │ ".join(row), ""),)


def page_tree(page: Page) -> Tree:
    """One page's outline as a Rich tree: one per page, so a notebook of thousands of pages
    is printed as it is built instead of laid out whole (52 s and 1 GB for 5,000 pages)."""
    lines = outline_lines(page)
    _, spans = next(lines)
    branches = [Tree(Text.assemble(*spans))]
    for depth, spans in lines:
        del branches[depth:]  # a line is a child of the last line one level up
        branches.append(branches[-1].add(Text.assemble(*spans)))
    return branches[0]


def outline_text(page: Page) -> str:
    """One page's outline as plain text, two spaces a level: for pipes and files, where
    Rich's styles are lost and its layout costs milliseconds a page."""
    return "".join(
        _indented("".join(text for text, _ in spans), "  " * depth) + "\n"
        for depth, spans in outline_lines(page)
    )


def _indented(text: str, indent: str) -> str:
    """A line of the outline; a point of several lines (code, a run of facts) keeps them
    under it rather than at the left margin."""
    if "\n" not in text:
        return indent + text
    first, *rest = text.split("\n")
    return "\n".join([indent + first, *(indent + "  " + line if line else "" for line in rest)])


def findings_view(findings: Sequence[Finding]) -> Text:
    """Findings grouped by page: the page, then a line per finding (line, severity, code,
    message). Lines of text rather than a table per page: laying out the 5,000 tables of a
    5,000-page notebook took Rich 9 s."""
    if not findings:
        return Text("No problems found.", style="green")
    by_page: dict[str, list[Finding]] = {}
    for finding in findings:
        by_page.setdefault(finding.page or "(notebook)", []).append(finding)
    width = max(len(_where(f)) for f in findings)
    view = Text()
    for page, group in by_page.items():
        view.append(page + "\n", style="italic")
        for finding in sorted(group, key=lambda f: (f.file or "", f.line or 0)):
            view.append(f"{_where(finding):>{width}}  ", style="dim")
            view.append(f"{finding.severity.value:<7}  ", style=_SEVERITY_STYLE[finding.severity])
            view.append(finding.code, style="bold")
            view.append(f"  {finding.message}\n")
        view.append("\n")
    counts = {s: sum(1 for f in findings if f.severity is s) for s in Severity}
    view.append(", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items()))
    return view


def _where(finding: Finding) -> str:
    """A finding's line; one in a file the page includes is named with it."""
    line = str(finding.line or "")
    return f"{finding.file}:{line}" if finding.file else line


def cards_table(stored: Sequence[StoredCard]) -> Table:
    table = Table(show_lines=False, expand=True)
    table.add_column("kind", style="dim", no_wrap=True)
    table.add_column("front", ratio=3, overflow="fold")
    table.add_column("back", ratio=2, overflow="fold")
    table.add_column("where", style="dim", ratio=1, overflow="fold")
    for entry in stored:
        card = entry.card
        retired = entry.status.value == "retired"
        table.add_row(
            card.kind.value + (" (retired)" if retired else ""),
            escape(card.front),
            escape(card.back),
            escape(card.source.place()),
            style="dim" if retired else None,
        )
    table.caption = f"{len(stored)} cards"
    return table


def stats_view(stats: StudyStats) -> Group:
    retention = f"{stats.retention:.0%}" if stats.retention is not None else "–"
    states = ", ".join(f"{n} {name}" for name, n in stats.by_state)
    head = Text.from_markup(
        f"[bold]{stats.due_today}[/] due today ({stats.due_now} now) · "
        f"{stats.active} active, {stats.retired} retired · cards: {states}\n"
        f"{stats.reviews} reviews in the window · retention {retention}"
    )
    recent = [(d, n) for d, n in stats.reviews_per_day if n] or list(stats.reviews_per_day[-1:])
    days = Text("Reviews per day: " + ", ".join(f"{d:%d %b} {n}" for d, n in recent[-14:]))
    table = Table(title="By page and section", title_justify="left")
    for name, justify in (
        ("page", "left"),
        ("section", "left"),
        ("cards", "right"),
        ("due today", "right"),
        ("reviews", "right"),
        ("retention", "right"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for group in stats.groups:
        kept = f"{group.retention:.0%}" if group.retention is not None else "–"
        table.add_row(
            escape(group.page),
            escape(group.section or ""),
            str(group.active),
            str(group.due_today),
            str(group.reviews),
            kept,
        )
    return Group(head, days, Text(""), table)


def feedback_view(feedback: Feedback) -> Group:
    lines = [Text.from_markup(f"[bold]Estimated level: {feedback.level.value}[/]")]
    lines.extend(Text(f"  {reason}") for reason in feedback.reasons)

    def refs(title: str, items: Sequence[FactorRef], style: str) -> None:
        if items:
            lines.append(Text(title, style="bold"))
            lines.extend(Text(f"  • {ref.factor}  ({ref.page})", style=style) for ref in items)

    refs("Factors used", feedback.factors_used, "green")
    refs("Factors missed", feedback.factors_missed, "yellow")
    if feedback.paragraphs:
        lines.append(Text("Paragraphs", style="bold"))
        for number, paragraph in enumerate(feedback.paragraphs, start=1):
            factor = paragraph.factor.factor if paragraph.factor else "no factor from the notes"
            if paragraph.factor is None and paragraph.part.value != "argument":
                factor = paragraph.part.value  # the introduction or the conclusion
            link = "[green]links to the question[/]" if paragraph.linked else "[yellow]no link[/]"
            lines.append(Text.from_markup(f"  {number}. {escape(factor)} · {link}"))
    for conflict in feedback.date_conflicts:
        lines.append(
            Text(
                f"Date: the essay says {conflict.essay_year}, the notes say {conflict.notes_year}: "
                f"{conflict.notes}",
                style="red",
            )
        )
    judgement = "yes" if feedback.judgement else "no"
    lines.append(Text(f"Supported judgement: {judgement}"))
    if feedback.advice:
        lines.append(Text("Advice", style="bold"))
        lines.extend(Text(f"  • {tip}") for tip in feedback.advice)
    return Group(*lines)
