"""`notedeck review --jsonl`: the review session as JSON lines, for programs.

For simulations, tests and other front-ends (editor plugins). It drives the same
`ReviewSession` as the terminal review, so answers are committed, keyed and scheduled exactly
as there. The protocol, one JSON object a line:

    out  {"card": ID, "front": …, "back": …, "source": {…}, "kind": …, "new": …, "exam": …}
    in   {"grade": 1-4, "seconds": 7.5}      an answer ("seconds" may be left out)
    in   {"undo": true}                      take back the last answer
    out  {"undone": ID or null}              …what was taken back, then the next card
    in   {"quit": true}                      stop (so does the end of input)
    out  {"error": "…"}                      a line that is not an answer; the card is shown again
    out  {"summary": {…}, "stopped": "queue" | "budget" | "quit" | "end of input"}   the last line

`"exam": true` marks a card chosen by the exam plan. With `--now` the clock starts there and
moves on by each answer's seconds.
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TextIO

from notedeck.cli.terminal import write_json
from notedeck.study.records import DueCard
from notedeck.study.schedule import Rating
from notedeck.study.session import ReviewSession

__all__ = ["Reply", "parse_reply", "run_jsonl"]

# An answer said to take longer than this is a mistake in the caller (milliseconds sent as
# seconds), not a learner: it would spend a day's budget on one card.
_MAX_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class Reply:
    """One line of input: a grade (with its seconds, if given), an undo or a quit."""

    grade: Rating | None = None
    seconds: float | None = None
    undo: bool = False
    quit: bool = False


def parse_reply(line: str) -> Reply:
    """The answer a line holds.

    Raises:
        ValueError: the line is not one of the protocol's answers; the message says why.
    """
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(data, dict):
        raise ValueError('expected an object such as {"grade": 3, "seconds": 7.5}')
    if data.get("quit") is True:
        return Reply(quit=True)
    if data.get("undo") is True:
        return Reply(undo=True)
    if "grade" not in data:
        raise ValueError('expected "grade", {"undo": true} or {"quit": true}')
    grade = data["grade"]
    if isinstance(grade, bool) or grade not in (1, 2, 3, 4):
        raise ValueError(f"grade must be 1, 2, 3 or 4, got {json.dumps(grade)}")
    seconds = data.get("seconds")
    if seconds is not None and (
        isinstance(seconds, bool)
        or not isinstance(seconds, int | float)
        or not math.isfinite(seconds)
        or not 0 <= seconds <= _MAX_SECONDS
    ):
        raise ValueError(f"seconds must be a number from 0 to 3600, got {json.dumps(seconds)}")
    return Reply(grade=Rating(int(grade)), seconds=None if seconds is None else float(seconds))


def run_jsonl(
    session: ReviewSession, lines: TextIO, *, advance: Callable[[float], None] | None = None
) -> None:
    """Show cards and take answers until the queue or the budget is used up, or the caller
    quits; then print the summary line.

    Args:
        session: the review session to drive.
        lines: where answers come from, one JSON object a line.
        advance: moves a stepped clock on by an answer's seconds (`review --now`).
    """
    due: DueCard | None = None
    stopped = "queue"
    while True:
        if due is None:
            due = session.next_card()
            if due is None:
                stopped = "budget" if session.budget_spent() else "queue"
                break
            _emit(_card_line(due, exam=session.from_plan))
        line = lines.readline()
        if not line:
            stopped = "end of input"
            break
        if not line.strip():
            continue
        try:
            reply = parse_reply(line)
        except ValueError as exc:
            _emit({"error": str(exc)})
            _emit(_card_line(due, exam=session.from_plan))
            continue
        if reply.quit:
            stopped = "quit"
            break
        if reply.undo:
            undone = session.undo()
            _emit({"undone": undone.card_id if undone else None})
            due = None
            continue
        assert reply.grade is not None  # parse_reply returns a grade, an undo or a quit
        duration = None if reply.seconds is None else round(reply.seconds * 1000)
        session.answer(due, reply.grade, duration_ms=duration)
        if advance is not None:
            advance(session.last_seconds())
        due = None
    _emit({"summary": session.summary().to_dict(), "stopped": stopped})


def _card_line(due: DueCard, *, exam: bool) -> dict[str, Any]:
    card = due.card
    return {
        "card": card.id,
        "front": card.front,
        "back": card.back,
        "source": card.source.to_dict(),
        "kind": card.kind.value,
        "new": due.state.is_new,
        "exam": exam,
    }


def _emit(data: dict[str, Any]) -> None:
    write_json(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()
