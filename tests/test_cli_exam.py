"""`notedeck exam add|list|remove|status` and `notedeck review --jsonl`, through the real CLI.

The exam commands run under Typer's CliRunner; `review --jsonl` runs as a real subprocess
talking JSON lines over pipes, as a simulation or an editor plugin would, on a real SQLite file.
"""

from __future__ import annotations

import io
import json
import os
import select
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.study.exam import exam_forecast
from notedeck.study.exam_plan import planned_cards, to_exam
from notedeck.study.store import Store, review_log
from tests.helpers import REPO, write_notes
from tests.study.test_exams import STALIN, WEIMAR

runner = CliRunner()
NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
NOW_TEXT = NOW.isoformat()
EXAM_DAY = (NOW.date() + timedelta(days=14)).isoformat()
_DEADLINE_S = 60.0


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes", {"stalin.md": STALIN, "weimar.md": WEIMAR})


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'reviews.sqlite3'}"


def invoke(*args: str, code: int = 0, input_text: str | None = None) -> Any:
    result = runner.invoke(app, list(args), input=input_text)
    assert result.exit_code == code, result.output
    return result


def _exams(notes: Path, db: str) -> list[dict[str, Any]]:
    listed = json.loads(invoke("exam", "list", str(notes), "--db", db, "--json").stdout)
    return list(listed["exams"])


def test_an_exam_is_added_listed_and_removed(notes: Path, db: str) -> None:
    added = invoke(
        "exam", "add", "Paper 1", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT,
        "--pages", "weimar*", "--minutes", "40", "--weekly", "sun=0",
        "--off", "2026-03-07..2026-03-08",
    )  # fmt: skip
    cards = json.loads(invoke("cards", str(notes), "--db", db, "--json").stdout)["cards"]
    weimar = sum(card["source"]["page"] == "weimar.md" for card in cards)
    assert 0 < weimar < len(cards)
    assert f"Exam 'Paper 1' on Mon 16 Mar 2026: {weimar} cards in scope" in added.stdout
    assert _exams(notes, db) == [
        {
            "name": "Paper 1",
            "day": EXAM_DAY,
            "minutes": {
                "mon": 40,
                "tue": 40,
                "wed": 40,
                "thu": 40,
                "fri": 40,
                "sat": 40,
                "sun": 0,
            },
            "days_off": ["2026-03-07", "2026-03-08"],
            "pages": ["weimar*"],
            "sections": [],
        }
    ]
    shown = invoke("exam", "list", str(notes), "--db", db, "--now", NOW_TEXT).stdout
    assert "Paper 1" in shown and "14 days" in shown and "weimar*" in shown
    again = invoke(
        "exam", "add", "Paper 1", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT, code=2
    )
    assert "already an exam called 'Paper 1'" in again.stderr
    assert (
        "Removed exam 'Paper 1'."
        in invoke("exam", "remove", "Paper 1", str(notes), "--db", db).stdout
    )
    assert _exams(notes, db) == []
    gone = invoke("exam", "remove", "Paper 1", str(notes), "--db", db, code=2)
    assert gone.stderr.strip() == "Error: no exam called 'Paper 1' (exams: none)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("2026-03-01",),
            "Error: exam 'Paper 1' on 2026-03-01 is in the past (today is 2026-03-02)",
        ),
        ((EXAM_DAY, "--minutes", "0"), "has a budget of zero minutes before 2026-03-16"),
        ((EXAM_DAY, "--weekly", "mon=0,tue=0,wed=0,thu=0,fri=0,sat=0,sun=0"), "zero minutes"),
        (("16/03/2026",), "Error: '16/03/2026' is not a date; write it as YYYY-MM-DD"),
        ((EXAM_DAY, "--pages", "wiemar*"), "Error: 'wiemar*' matches no card in"),
        ((EXAM_DAY, "--sections", "Causes of WW1"), "'Causes of WW1' matches no card"),
    ],
)
def test_a_bad_exam_is_refused_in_one_line_and_nothing_is_kept(
    notes: Path, db: str, args: tuple[str, ...], message: str
) -> None:
    result = invoke(
        "exam", "add", "Paper 1", args[0], str(notes), "--db", db, "--now", NOW_TEXT, *args[1:],
        code=2,
    )  # fmt: skip
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert _exams(notes, db) == []


def test_status_json_is_the_planners_forecast_grouped(notes: Path, db: str) -> None:
    invoke("exam", "add", "Paper 1", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT,
           "--minutes", "3")  # fmt: skip
    status = json.loads(
        invoke(
            "exam", "status", "Paper 1", str(notes), "--db", db, "--now", NOW_TEXT, "--json"
        ).stdout
    )
    with Store.open(db) as opened:
        store = opened.for_notebook(notes)
        shown = store.shown_cards()
        spec = store.exams()[0]
        forecast = exam_forecast(
            planned_cards(store, {d.card.id: d.state for d in shown}),
            to_exam(spec, (d.card.id for d in shown)),
            NOW,
            store.scheduler_settings(),
            tz=UTC,
        )
    assert status["cards"] == len(shown) == len(forecast.per_card)
    assert status["recall"] == pytest.approx(forecast.recall)
    for page in status["pages"]:
        mine = [forecast.per_card[d.card.id] for d in shown if d.card.source.page == page["page"]]
        assert page["recall"] == pytest.approx(sum(mine) / len(mine))
    assert status["workload"] == [[d.isoformat(), m] for d, m in forecast.workload]
    assert status["days_left"] == 14 and len(status["workload"]) == 14
    assert status["at_budgets"] == [list(pair) for pair in forecast.at_budgets]
    assert status["budget_covers_scope"] is forecast.budget_covers_scope
    assert status["advice"].startswith("At 3 min/day you will reach about ")
    shown_text = invoke(
        "exam", "status", "Paper 1", str(notes), "--db", db, "--now", NOW_TEXT
    ).stdout
    assert "Predicted recall on the day" in shown_text and "Planned minutes a day" in shown_text
    assert "By page" in shown_text and "By section" in shown_text
    assert all(section["section"] in shown_text for section in status["sections"])
    assert status["advice"] in " ".join(shown_text.split())
    missing = invoke("exam", "status", "Nope", str(notes), "--db", db, code=2)
    assert "no exam called 'Nope' (exams: 'Paper 1')" in missing.stderr


# -- review --jsonl ------------------------------------------------------------------------


class _Reviewer:
    """`notedeck review --jsonl` in a subprocess; we answer on its stdin."""

    def __init__(self, notes: Path, db: str, *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from notedeck.cli import app; app()",
             "review", str(notes), "--db", db, "--jsonl", *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        )  # fmt: skip
        self.lines: list[dict[str, Any]] = []
        self.pending = b""

    def read(self) -> dict[str, Any]:
        """The next line, read straight from the pipe: a buffered reader would hold lines
        that `select` cannot see."""
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        while b"\n" not in self.pending:
            ready, _, _ = select.select([fd], [], [], _DEADLINE_S)
            if not ready:
                self.process.kill()
                pytest.fail(f"no line from review --jsonl; so far: {self.lines}")
            chunk = os.read(fd, 65536)
            assert chunk, f"review --jsonl ended early: {self.finish()[1]}"
            self.pending += chunk
        line, _, self.pending = self.pending.partition(b"\n")
        self.lines.append(json.loads(line))
        return self.lines[-1]

    def send(self, text: str | dict[str, Any]) -> None:
        assert self.process.stdin is not None
        line = text if isinstance(text, str) else json.dumps(text)
        self.process.stdin.write(line.encode() + b"\n")
        self.process.stdin.flush()

    def finish(self) -> tuple[int, str]:
        assert self.process.stdin is not None and self.process.stderr is not None
        if not self.process.stdin.closed:
            self.process.stdin.close()
        code = self.process.wait(timeout=_DEADLINE_S)
        return code, self.process.stderr.read().decode(errors="replace")


def _answers(db: str) -> list[tuple[str, int, datetime, int | None]]:
    with Store.open(db) as store, store.engine.connect() as conn:
        rows = conn.execute(
            sa.select(
                review_log.c.card_id,
                review_log.c.rating,
                review_log.c.reviewed_at,
                review_log.c.duration_ms,
            ).order_by(review_log.c.id)
        )
        return [(r[0], r[1], r[2].replace(tzinfo=UTC), r[3]) for r in rows]


def test_review_jsonl_round_trip_with_a_bad_line_an_undo_and_a_quit(notes: Path, db: str) -> None:
    reviewer = _Reviewer(notes, db, "--now", NOW_TEXT)
    first = reviewer.read()
    assert set(first) >= {"card", "front", "back", "source"}
    assert first["source"]["page"] in ("stalin.md", "weimar.md") and first["new"] is True
    reviewer.send({"grade": 3, "seconds": 8})
    second = reviewer.read()
    reviewer.send("this is not json")
    assert reviewer.read()["error"].startswith("not JSON")
    assert reviewer.read() == second  # the same card, shown again
    reviewer.send({"grade": 7})
    assert reviewer.read() == {"error": "grade must be 1, 2, 3 or 4, got 7"}
    assert reviewer.read() == second
    reviewer.send({"grade": 1, "seconds": 12})
    reviewer.read()
    reviewer.send({"undo": True})
    assert reviewer.read() == {"undone": second["card"]}
    again = reviewer.read()
    assert "card" in again
    reviewer.send({"grade": 4, "seconds": 5})
    reviewer.read()
    reviewer.send({"quit": True})
    summary = reviewer.read()
    code, err = reviewer.finish()
    assert code == 0, err
    assert summary["stopped"] == "quit"
    assert summary["summary"]["reviewed"] == 2 and summary["summary"]["undone"] == 1
    assert summary["summary"]["seconds"] == 13
    assert summary["summary"]["ratings"] == {"again": 0, "hard": 0, "good": 1, "easy": 1}
    # Committed as the terminal review commits: the undone answer is gone, the clock moved
    # on by each answer's seconds (8, then the 12 of the answer taken back).
    assert _answers(db) == [
        (first["card"], 3, NOW, 8000),
        (again["card"], 4, NOW + timedelta(seconds=20), 5000),
    ]


def test_review_jsonl_serves_only_the_exams_cards_within_its_budget(notes: Path, db: str) -> None:
    invoke("exam", "add", "Weimar", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT,
           "--pages", "weimar.md", "--minutes", "1")  # fmt: skip
    reviewer = _Reviewer(notes, db, "--now", NOW_TEXT, "--minutes", "1")
    shown = []
    while "card" in (line := reviewer.read()):
        shown.append(line)
        reviewer.send({"grade": 3, "seconds": 20})
    code, err = reviewer.finish()
    assert code == 0, err
    assert len(shown) == 3  # one minute of 20-second answers
    assert all(card["exam"] and card["source"]["page"] == "weimar.md" for card in shown)
    assert line["stopped"] == "budget" and line["summary"]["seconds"] == 60


def test_review_jsonl_after_the_exam_serves_plain_fsrs(notes: Path, db: str) -> None:
    invoke("exam", "add", "Weimar", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT,
           "--pages", "weimar.md")  # fmt: skip
    after = (date.fromisoformat(EXAM_DAY) + timedelta(days=1)).isoformat() + "T09:00:00+00:00"
    reviewer = _Reviewer(notes, db, "--now", after, "--new", "3")
    shown = []
    while "card" in (line := reviewer.read()):
        shown.append(line)
        reviewer.send({"grade": 3, "seconds": 4})
    assert reviewer.finish()[0] == 0
    assert len(shown) == 3 and not any(card["exam"] for card in shown)
    assert shown[0]["source"]["page"] == "stalin.md"  # reading order, not the plan's
    assert line["stopped"] == "queue"


def test_review_jsonl_ends_cleanly_when_its_input_does(notes: Path, db: str) -> None:
    reviewer = _Reviewer(notes, db)
    reviewer.read()
    assert reviewer.process.stdin is not None
    reviewer.process.stdin.close()
    assert reviewer.read()["stopped"] == "end of input"
    assert reviewer.finish()[0] == 0
    assert _answers(db) == []


def test_review_refuses_a_bad_clock_or_budget(notes: Path, db: str) -> None:
    bad_now = invoke("review", str(notes), "--db", db, "--jsonl", "--now", "yesterday", code=2)
    assert "--now 'yesterday' is not an ISO time" in bad_now.stderr
    no_time = invoke("review", str(notes), "--db", db, "--jsonl", "--minutes", "0", code=2)
    assert "--minutes must be more than 0" in no_time.stderr


def test_the_terminal_review_follows_the_plan_and_says_when_it_is_done(
    notes: Path, db: str
) -> None:
    invoke("exam", "add", "Weimar", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT,
           "--pages", "weimar.md")  # fmt: skip
    first = invoke("review", str(notes), "--db", db, "--now", NOW_TEXT, "--minutes", "5",
                   input_text="\n3\nq\n").stdout  # fmt: skip
    assert "· exam plan" in first
    assert "weimar.md ›" in first and "stalin.md ›" not in first
    invoke("exam", "remove", "Weimar", str(notes), "--db", db)
    plain = invoke("review", str(notes), "--db", db, "--now", NOW_TEXT,
                   input_text="\n3\nq\n").stdout  # fmt: skip
    assert "exam plan" not in plain and "stalin.md ›" in plain  # reading order again


def test_the_terminal_review_says_when_todays_exam_minutes_are_spent(notes: Path, db: str) -> None:
    from itertools import count

    from notedeck.cli.keys import PipedKeys
    from notedeck.cli.review import run_review
    from notedeck.cli.terminal import SafeConsole
    from notedeck.study.session import ReviewSession

    invoke("exam", "add", "Weimar", EXAM_DAY, str(notes), "--db", db, "--now", NOW_TEXT,
           "--pages", "weimar.md", "--minutes", "1")  # fmt: skip
    ticks = count(step=10)  # each card takes 10 s to reveal and grade: 6 fill the minute
    screen = SafeConsole(record=True, width=120)
    with Store.open(db) as opened:
        session = ReviewSession(opened.for_notebook(notes), clock=lambda: NOW, session_id="t")
        keys = PipedKeys(io.StringIO("\n3\n" * 8 + "q\n"))
        run_review(session, screen, keys=keys, monotonic=lambda: float(next(ticks)))
    text = screen.export_text()
    before, done, after = text.partition("Today's exam plan is done; carrying on with due cards.")
    assert done and before.count("· exam plan") == 6 and "exam plan" not in after
    assert "stalin.md ›" in after  # plain FSRS order: the notebook's new cards from the top


@pytest.mark.parametrize("command", [["list"], ["status", "Finals"], ["remove", "Finals"]])
def test_exam_commands_on_a_folder_without_notes_say_so(tmp_path: Path, command: list[str]) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "picture.png").write_bytes(b"\x89PNG")
    db = f"sqlite:///{tmp_path / 'store.db'}"
    result = runner.invoke(app, ["exam", *command, str(empty), "--db", db])
    assert result.exit_code == 2
    assert f"no Markdown notes found in {empty}" in result.output
    assert not (tmp_path / "store.db").exists()
