"""The terminal review loop: show a card, reveal it, take a grade, repeat."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.markup import escape
from rich.panel import Panel
from rich.text import Text

from notedeck.cli.keys import Keys
from notedeck.model import Card, CardKind
from notedeck.study.schedule import Rating
from notedeck.study.session import ReviewSession

_GRADES = {"1": Rating.AGAIN, "2": Rating.HARD, "3": Rating.GOOD, "4": Rating.EASY}
_REVEAL_HELP = "[dim]space/enter: show answer · u: undo last · q: quit[/]"
_GRADE_HELP = "[dim]1 again · 2 hard · 3 good · 4 easy · u: undo last · q: quit[/]"


def run_review(
    session: ReviewSession,
    console: Console,
    *,
    keys: Keys,
    monotonic: Callable[[], float],
) -> None:
    """Drive a session until nothing is due or the learner quits; then print a summary.

    Every grade is committed by the store before the next card appears, so quitting (or a
    crash) at any point loses nothing that was acknowledged. Keys typed ahead are kept, but
    for those typed before a card's question shows: they were meant for the card before.
    """
    planned = False
    while (due := session.next_card()) is not None:
        if planned and not session.from_plan:
            console.print("[green]Today's exam plan is done; carrying on with due cards.[/]")
        planned = session.from_plan
        keys.discard()
        front, back = faces(due.card)
        n, m = session.position()
        left = session.counts()
        plan = " · exam plan" if session.from_plan else ""
        console.print(
            f"[dim]Card {n} of {m} · left: {left.new} new, {left.learning} learning,"
            f" {left.due} due{plan}[/]"
        )
        # Text, not markup: a note's `[link=…]` or `[/]` is shown as written.
        console.print(Panel(Text(front), title=_where(due.card), title_align="left"))
        console.print(_REVEAL_HELP)
        started = monotonic()
        key = keys.read().lower()
        if key == "q":
            break
        if key == "u":
            _undo(session, console)
            continue
        console.print(Panel(Text(back), border_style="green"))
        console.print(_GRADE_HELP)
        while (key := keys.read().lower()) not in _GRADES and key not in ("u", "q"):
            console.print("[yellow]Press 1, 2, 3 or 4 to grade.[/]")
        if key == "q":
            break
        if key == "u":
            _undo(session, console)
            continue
        elapsed = int((monotonic() - started) * 1000)
        answer = session.answer(due, _GRADES[key], duration_ms=elapsed)
        console.print(
            f"[dim]{answer.rating.name.title()} · next due {answer.state.due:%d %b %H:%M}[/]"
        )
    summary = session.summary()
    ratings = ", ".join(f"{n} {name}" for name, n in summary.ratings if n)
    console.print(
        f"\n[bold]Reviewed {summary.reviewed} card{'s' if summary.reviewed != 1 else ''}[/]"
        + (f" ({ratings})" if ratings else "")
        + (f", {summary.undone} undone" if summary.undone else "")
        + f". Left: {summary.due_left} due, {summary.learning_left} learning,"
        f" {summary.new_left} new."
    )


def faces(card: Card) -> tuple[str, str]:
    """What to show before and after the reveal: plain text, as the cards are."""
    if card.kind in _CLOZES:
        return card.front, f"{card.front}\n\n→ {card.back}"
    return card.front, card.back


_CLOZES = (CardKind.CLOZE, CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE)


def _undo(session: ReviewSession, console: Console) -> None:
    undone = session.undo()
    console.print("[yellow]Undid the last answer.[/]" if undone else "[dim]Nothing to undo.[/]")


def _where(card: Card) -> str:
    parts = [card.source.page, card.source.section, card.source.factor]
    return escape(" › ".join(p for p in parts if p)) + f"  [dim]{card.kind.value}[/]"
