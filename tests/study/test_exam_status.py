"""`exam status` on a store of many answered cards, against the FSRS forgetting curve by hand.

On the exam day nothing is left to plan, so each card's predicted recall is its FSRS
retrievability at the exam morning and every figure can be recomputed here in plain Python:
the curve R(t, S) = (1 + F t / S) ** -w20, with F chosen so that R(S, S) = 0.9 and t the whole
days since the last answer. Real notes derived into cards, a real SQLite file (and PostgreSQL
when NOTEDECK_TEST_PG is set), answers recorded through the store.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from notedeck.model import Source
from notedeck.notebook import load_notebook
from notedeck.study.build import build_cards
from notedeck.study.exam import EXAM_HOUR
from notedeck.study.exam_spec import new_exam_spec
from notedeck.study.exam_status import RecallGroup, exam_status
from notedeck.study.schedule import CardState, Rating
from notedeck.study.store import Store
from tests.helpers import write_notes

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
EXAM_DAY = date(2026, 3, 20)
THEMES = ("Causes", "Consequences", "Opposition")
PEOPLE = ("Stresemann", "Ebert", "Noske", "Kapp", "Seeckt", "Hugenberg", "Papen", "Schleicher")


def _page(n: int) -> str:
    """A page of three sections of three factors, each with four dated points."""
    lines = [f"# Country {n}", ""]
    for s, theme in enumerate(THEMES):
        lines += [f"## {theme} of the crisis in country {n}", ""]
        for f in range(3):
            lines += [f"### Factor {f + 1}: pressure from group {s}{f}", ""]
            for p in range(4):
                who = PEOPLE[(n + s + f + p) % len(PEOPLE)]
                year = 1900 + (n * 37 + s * 11 + f * 5 + p * 3) % 60
                lines.append(f"* {who} led the movement in province {s}{f}{p} in **{year}**")
            lines.append("")
    return "\n".join(lines)


def _recall(state: CardState, w20: float, morning: datetime) -> float:
    if state.last_review is None or state.stability is None:
        return 0.0
    factor = 0.9 ** (1.0 / -w20) - 1.0
    days = (morning - state.last_review).days
    return float((1.0 + factor * days / state.stability) ** -w20)


def _by_hand(
    recalls: list[tuple[Source, float]], key: Callable[[Source], tuple[str, ...] | None]
) -> list[tuple[tuple[str, ...], int, float]]:
    groups: defaultdict[tuple[str, ...], list[float]] = defaultdict(list)
    for source, value in recalls:
        if (k := key(source)) is not None:
            groups[k].append(value)
    return [(k, len(v), sum(v) / len(v)) for k, v in groups.items()]


def _shown(groups: tuple[RecallGroup, ...], size: int) -> list[tuple[tuple[str, ...], int, float]]:
    return [
        (tuple(x for x in (g.page, g.section, g.factor)[:size] if x is not None), g.cards, g.recall)
        for g in groups
    ]


@pytest.fixture
def answered(store: Store, tmp_path: Path) -> Store:
    """Five pages of cards, two thirds of them answered one to three times over seven weeks."""
    notes = write_notes(tmp_path / "notes", {f"country-{n}.md": _page(n) for n in range(5)})
    scoped = store.for_notebook(notes)
    build_cards(load_notebook(notes, cache_dir=False), scoped, now=NOW - timedelta(days=60))
    rng = random.Random(14)
    for n, due in enumerate(scoped.shown_cards()):
        if n % 3 == 2:
            continue
        at = NOW - timedelta(days=rng.uniform(20, 50), seconds=rng.randrange(86400))
        for k in range(rng.randrange(1, 4)):
            scoped.record_answer(
                due.card.id,
                Rating(rng.randrange(1, 5)),
                now=at,
                idempotency_key=f"a{n}-{k}",
                duration_ms=rng.randrange(3000, 20000),
            )
            at += timedelta(days=rng.uniform(0.5, 9))
    return scoped


@pytest.mark.parametrize(
    ("pages", "sections"), [((), ()), (("country-[13]*",), ("causes*", "opposition*"))]
)
def test_figures_on_the_exam_day_are_the_fsrs_curve_grouped_by_hand(
    answered: Store, pages: tuple[str, ...], sections: tuple[str, ...]
) -> None:
    spec = new_exam_spec(
        "Final", EXAM_DAY, today=NOW.date(), minutes=30, pages=pages, sections=sections
    )
    answered.add_exam(spec, now=NOW)
    on_the_day = datetime.combine(EXAM_DAY, time(7), UTC)
    status = exam_status(answered, "Final", on_the_day)

    w20 = answered.scheduler_settings().parameters[20]
    morning = datetime.combine(EXAM_DAY, time(EXAM_HOUR), UTC)
    shown = [d for d in answered.shown_cards() if spec.covers(d.card.source)]  # notes order
    recalls = [(d.card.source, _recall(d.state, w20, morning)) for d in shown]
    assert len(shown) > 100 and sum(v > 0 for _, v in recalls) > 50

    assert status.days_left == 0 and status.cards == len(shown)
    assert status.recall == pytest.approx(sum(v for _, v in recalls) / len(recalls), abs=1e-12)
    for got, want in (
        (_shown(status.pages, 1), _by_hand(recalls, lambda s: (s.page,))),
        (
            _shown(status.sections, 2),
            _by_hand(recalls, lambda s: (s.page, s.section) if s.section else None),
        ),
        (
            _shown(status.factors, 3),
            _by_hand(
                recalls, lambda s: (s.page, s.section, s.factor) if s.section and s.factor else None
            ),
        ),
    ):
        assert [(k, n) for k, n, _ in got] == [(k, n) for k, n, _ in want]
        assert [r for _, _, r in got] == pytest.approx([r for _, _, r in want], abs=1e-12)
    worst = min(status.sections, key=lambda g: g.recall)
    assert status.at_risk[0] == worst
    assert [g.factor for g in status.weak_factors] == [
        g.factor
        for g in sorted(status.factors, key=lambda g: (g.recall, -g.cards))
        if g.recall < 0.7
    ]
