"""`study/exam_book.py`: adding and removing exams as both the CLI and the web app do it,
over real notes and a real store (SQLite, and PostgreSQL when NOTEDECK_TEST_PG is set)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from notedeck.errors import ExamError
from notedeck.notebook import load_notebook
from notedeck.study.build import build_cards
from notedeck.study.exam_book import (
    MAX_DAYS_AHEAD,
    add_exam,
    budget_text,
    find_exam,
    remove_exam,
    scope_text,
    workload_periods,
)
from notedeck.study.exam_spec import new_exam_spec, parse_days_off
from notedeck.study.store import Store
from tests.helpers import write_notes
from tests.study.test_exams import NOW, STALIN, TODAY, WEIMAR


@pytest.fixture
def built(store: Store, tmp_path: Path) -> tuple[Store, list]:
    notes = write_notes(tmp_path / "notes", {"stalin.md": STALIN, "weimar.md": WEIMAR})
    mine = store.for_notebook(notes)
    report = build_cards(load_notebook(notes, cache_dir=False), mine, now=NOW)
    return mine, list(report.cards)


def test_an_exam_is_kept_with_only_the_days_off_before_it(built: tuple[Store, list]) -> None:
    store, cards = built
    spec = new_exam_spec(
        "Paper 1",
        TODAY + timedelta(days=10),
        today=TODAY,
        minutes=20,
        days_off=parse_days_off(["2000-01-01..2026-03-03", "2026-03-20..2099-01-01"]),
        pages=["weimar*"],
    )
    kept, covered = add_exam(store, spec, cards, now=NOW, where="notes")
    assert kept.days_off == (TODAY, TODAY + timedelta(days=1))  # 2 and 3 March; none after
    assert store.exams() == (kept,)
    assert covered == sum(card.source.page == "weimar.md" for card in cards) > 5
    assert find_exam(store, "  Paper 1 ") == kept
    assert budget_text(kept) == "20 min a day, 2 days off"
    assert scope_text(kept) == "pages weimar*"


def test_refused_exams_are_not_kept(built: tuple[Store, list]) -> None:
    store, cards = built
    far = new_exam_spec("Far", TODAY + timedelta(days=MAX_DAYS_AHEAD + 1), today=TODAY)
    with pytest.raises(ExamError, match="more than three years ahead; is the year right"):
        add_exam(store, far, cards, now=NOW, where="notes")
    typo = new_exam_spec(
        "Typo", TODAY + timedelta(days=9), today=TODAY, sections=["Threats*", "Nope"]
    )
    with pytest.raises(ExamError, match=r"^'Nope' matches no card in my notes$"):
        add_exam(store, typo, cards, now=NOW, where="my notes")
    assert store.exams() == ()


def test_removing_names_the_exams_there_are(built: tuple[Store, list]) -> None:
    store, cards = built
    for name in ("Paper 1", "Paper 2"):
        add_exam(store, new_exam_spec(name, TODAY + timedelta(days=9), today=TODAY), cards,
                 now=NOW, where="notes")  # fmt: skip
    assert remove_exam(store, " Paper 1") == 1
    with pytest.raises(ExamError, match=r"^no exam called 'Paper 1' \(exams: 'Paper 2'\)$"):
        remove_exam(store, "Paper 1")
    assert [spec.name for spec in store.exams()] == ["Paper 2"]


def test_long_plans_are_shown_by_week_then_by_month() -> None:
    def days(n: int) -> list[tuple[date, float]]:
        return [(date(2026, 3, 2) + timedelta(days=k), 10.0) for k in range(n)]

    title, rows = workload_periods(days(31))
    assert title == "Planned minutes a day" and len(rows) == 31 and rows[0] == ("Mon 02 Mar", 10.0)
    title, rows = workload_periods(days(60))
    assert title == "Planned minutes a week" and rows[0] == ("week of 02 Mar", 70.0)
    assert sum(m for _, m in rows) == 600.0 and len(rows) == 9
    title, rows = workload_periods(days(800))
    assert title == "Planned minutes a month" and rows[0] == ("Mar 2026", 300.0)
    assert sum(m for _, m in rows) == 8000.0
