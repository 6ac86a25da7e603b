"""Exams in the store, the exam-aware review session, and `exam status`'s figures.

Real notes derived into cards, a real SQLite file (and PostgreSQL when NOTEDECK_TEST_PG is
set), the real planner; nothing of ours is mocked.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from notedeck.errors import ExamError
from notedeck.notebook import load_notebook
from notedeck.study import store as store_module
from notedeck.study.build import build_cards
from notedeck.study.exam import ExamForecast, exam_forecast
from notedeck.study.exam_plan import planned_cards, to_exam
from notedeck.study.exam_spec import (
    ExamSpec,
    new_exam_spec,
    parse_days_off,
    parse_weekly,
    scope_card_ids,
)
from notedeck.study.exam_status import exam_status, summarise_exam
from notedeck.study.schedule import Rating
from notedeck.study.scheduled import ScheduledColumns
from notedeck.study.session import ReviewSession, SteppedClock
from notedeck.study.store import Store, review_log
from tests.helpers import write_notes

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)  # a Monday evening
TODAY = NOW.date()
MIGRATIONS = Path(store_module.__file__).with_name("migrations")

STALIN = """# Stalin

## Reasons for the rise of Stalin

### Control over the party

* Stalin became General Secretary in **1922**
* He appointed loyal supporters such as Molotov and Kaganovich to key posts
* Trotsky missed Lenin's funeral in **1924**
* **S: Control of appointments gave Stalin a loyal majority at congresses**

### Defeating the Left Opposition

* Stalin expelled Trotsky from the Communist Party in **1927**
* Zinoviev and Kamenev lost their posts in **1926**
"""

WEIMAR = """# Weimar

## Threats to the Weimar Republic

### The Spartacist uprising

* The Spartacists rose in Berlin in **1919**
* Rosa Luxemburg and Karl Liebknecht were killed by the Freikorps
* **S: The uprising showed the Republic relied on the army and the Freikorps**

### The Kapp Putsch

* Wolfgang Kapp seized Berlin in **1920**
* A general strike by Berlin workers ended the putsch
* The army under Hans von Seeckt refused to fire on the Freikorps

### Hyperinflation

* France occupied the Ruhr in **1923**
* By November **1923** a loaf of bread cost 200 billion marks
* Gustav Stresemann ended passive resistance
* The Rentenmark replaced the worthless currency in **1924**

### The Munich Putsch

* Hitler tried to seize power in Munich in **1923**
* Erich Ludendorff marched beside Hitler
* Hitler wrote Mein Kampf in Landsberg prison in **1924**
"""


def _spec(name: str = "Paper 1", days: int = 20, **scope: tuple[str, ...]) -> ExamSpec:
    return new_exam_spec(name, TODAY + timedelta(days=days), today=TODAY, minutes=30, **scope)


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes", {"stalin.md": STALIN, "weimar.md": WEIMAR})


@pytest.fixture
def scoped(store: Store, notes: Path) -> Store:
    mine = store.for_notebook(notes)
    build_cards(load_notebook(notes, cache_dir=False), mine, now=NOW - timedelta(days=1))
    return mine


def _pages(store: Store) -> dict[str, str]:
    return {due.card.id: due.card.source.page for due in store.shown_cards()}


# -- the store -----------------------------------------------------------------------------


def test_an_exam_is_kept_listed_and_removed_for_its_own_notebook(
    scoped: Store, store: Store, tmp_path: Path
) -> None:
    spec = new_exam_spec(
        "Paper 1",
        date(2026, 4, 1),
        today=TODAY,
        minutes=45,
        weekly="sat=0,sun=90",
        days_off=parse_days_off(["2026-03-20..2026-03-22", "2026-03-25"]),
        pages=["stalin*"],
        sections=["Reasons for the rise of Stalin"],
    )
    scoped.add_exam(spec, now=NOW)
    scoped.add_exam(_spec("Mock", days=5), now=NOW)
    other = store.for_notebook(write_notes(tmp_path / "other", {"w.md": WEIMAR}))

    assert scoped.exams() == (_spec("Mock", days=5), spec)  # soonest first, all fields back
    assert scoped.exams()[1].minutes == (45, 45, 45, 45, 45, 0, 90)
    assert len(scoped.exams()[1].days_off) == 4
    assert other.exams() == ()
    assert scoped.exams(learner="someone else") == ()
    with pytest.raises(ExamError, match="already an exam called 'Paper 1'"):
        scoped.add_exam(_spec("Paper 1", days=9), now=NOW)
    assert scoped.remove_exam("Paper 1") is True
    assert scoped.remove_exam("Paper 1") is False
    assert [e.name for e in scoped.exams()] == ["Mock"]


def test_migration_0004_adds_the_exam_tables_and_keeps_every_history(
    db_url: str, notes: Path
) -> None:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(db_url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0003")
    engine.dispose()
    # Fill it as the 0003 code did: a build, answers, an undo.
    with Store.open(db_url, migrate=False) as old:
        mine = old.for_notebook(notes)
        build_cards(load_notebook(notes, cache_dir=False), mine, now=NOW)
        ids = [due.card.id for due in mine.shown_cards()]
        for n, card_id in enumerate(ids[:4]):
            mine.record_answer(
                card_id, Rating(1 + n % 4), now=NOW + timedelta(minutes=n), idempotency_key=f"k{n}"
            )
        with old.engine.connect() as conn:
            log_before = [tuple(r) for r in conn.execute(sa.select(review_log))]
            tables_before = set(sa.inspect(conn).get_table_names())
        states_before = {card_id: mine.card_state(card_id) for card_id in ids}
    assert "exams" not in tables_before

    with Store.open(db_url) as migrated:
        mine = migrated.for_notebook(notes)
        with migrated.engine.connect() as conn:
            version = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            log_after = [tuple(r) for r in conn.execute(sa.select(review_log))]
            tables = set(sa.inspect(conn).get_table_names())
        assert version == "0004"
        assert {"exams", "exam_scope", "exam_days_off"} <= tables
        assert log_after == log_before and len(log_after) == 4
        assert {card_id: mine.card_state(card_id) for card_id in ids} == states_before
        mine.add_exam(_spec(), now=NOW)
        assert [e.name for e in mine.exams()] == ["Paper 1"]


# -- checking an exam ------------------------------------------------------------------------


def test_an_exam_in_the_past_or_today_is_refused() -> None:
    with pytest.raises(ExamError, match=r"2026-03-01 is in the past \(today is 2026-03-02\)"):
        new_exam_spec("Paper 1", date(2026, 3, 1), today=TODAY)
    with pytest.raises(ExamError, match="is today"):
        new_exam_spec("Paper 1", TODAY, today=TODAY)


@pytest.mark.parametrize(
    ("options", "why"),
    [
        ({"minutes": 0}, "budget of zero minutes"),
        ({"weekly": "mon=0,tue=0,wed=0,thu=0,fri=0,sat=0,sun=0"}, "budget of zero minutes"),
        ({"minutes": 20, "weekly": "mon=0,tue=0,wed=0,thu=0,fri=0"}, "budget of zero minutes"),
        ({"minutes": -5}, "not a number of minutes"),
        ({"weekly": "monday=30,funday=10"}, "'funday=10' should be a weekday"),
        ({"weekly": "mon=30,mon=20"}, "names mon twice"),
        ({"weekly": "tue=lots"}, "'lots' for tue is not a number"),
    ],
)
def test_a_budget_without_minutes_is_refused(options: dict[str, object], why: str) -> None:
    # The exam is on Saturday 7 March: the study days are Monday to Friday.
    with pytest.raises(ExamError, match=why):
        new_exam_spec("Paper 1", date(2026, 3, 7), today=TODAY, **options)  # type: ignore[arg-type]


def test_days_off_over_every_study_day_leave_a_zero_budget() -> None:
    off = parse_days_off(["2026-03-02..2026-03-06"])
    assert len(off) == 5
    with pytest.raises(ExamError, match="zero minutes"):
        new_exam_spec("Paper 1", date(2026, 3, 7), today=TODAY, days_off=off)
    with pytest.raises(ExamError, match="end before they start"):
        parse_days_off(["2026-03-06..2026-03-02"])


def test_an_exam_spec_round_trips_through_its_dict() -> None:
    spec = new_exam_spec(
        "Paper 1",
        date(2026, 4, 1),
        today=TODAY,
        weekly="sat=0,sun=90",
        days_off=parse_days_off(["2026-03-20..2026-03-21"]),
        pages=["stalin*"],
        sections=["Rise"],
    )
    assert ExamSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


def test_weekly_minutes_fill_the_days_they_leave_out() -> None:
    assert parse_weekly("sat=0, Sunday=60", 45) == (45, 45, 45, 45, 45, 0, 60)


def test_scope_is_page_globs_and_section_names_together(scoped: Store) -> None:
    cards = [due.card for due in scoped.shown_cards()]
    pages = {card.id: card.source.page for card in cards}
    stalin = scope_card_ids(_spec(pages=("stalin",)), cards)
    threats = scope_card_ids(_spec(sections=("threats TO the weimar republic",)), cards)
    both = scope_card_ids(_spec(pages=("stalin.md",), sections=("threats*",)), cards)
    assert stalin and {pages[i] for i in stalin} == {"stalin.md"}
    assert threats and {pages[i] for i in threats} == {"weimar.md"}
    assert both == frozenset()
    assert scope_card_ids(_spec(), cards) == frozenset(pages)


def test_scheduled_columns_are_the_shown_cards_without_their_text(
    scoped: Store, store: Store, tmp_path: Path
) -> None:
    shown = scoped.shown_cards()
    for n, due in enumerate(shown[:3]):
        scoped.record_answer(due.card.id, Rating(n + 1), now=NOW, idempotency_key=f"s{n}")
    scoped.suspend(shown[3].card.id, NOW)
    # Another notebook's answered card in the same store is not read as one of these.
    other = store.for_notebook(write_notes(tmp_path / "other", {"stalin.md": STALIN}))
    build_cards(load_notebook(tmp_path / "other", cache_dir=False), other, now=NOW)
    other.record_answer(other.shown_cards()[0].card.id, Rating.GOOD, now=NOW, idempotency_key="o")

    expected = scoped.shown_cards()
    columns = scoped.scheduled_columns()
    assert columns.ids == tuple(d.card.id for d in expected) and len(columns) == len(shown) - 1
    places = [columns.places[i] for i in columns.place.tolist()]
    assert places == [(d.card.source.page, d.card.source.section, d.card.source.factor)
                      for d in expected]  # fmt: skip
    for i, due in enumerate(expected):
        state = due.state
        if state.last_review is None:
            assert np.isnan(columns.last_review[i]) and np.isnan(columns.stability[i])
            continue
        assert columns.last_review[i] == state.last_review.timestamp()
        assert (columns.stability[i], columns.difficulty[i]) == (state.stability, state.difficulty)
    assert np.count_nonzero(~np.isnan(columns.last_review)) == 3
    assert sorted(columns.ids, key=lambda i: columns.id_rank[columns.ids.index(i)]) == sorted(
        columns.ids
    )
    assert scoped.card_pages() == ("stalin.md", "weimar.md")
    assert {p[0] for p in scoped.scheduled_columns(["weimar.md"]).places} == {"weimar.md"}


# -- the exam-aware queue ------------------------------------------------------------------


def _sitting(
    store: Store, *, at: datetime = NOW, minutes: float | None = None, seconds: float = 10.0
) -> list[tuple[str, bool]]:
    """Review until the session stops, every answer Good in `seconds`: (card, from the plan)."""
    clock = SteppedClock(at)
    session = ReviewSession(store, clock=clock, session_id=f"s{at:%j%H%M}", minutes=minutes)
    served: list[tuple[str, bool]] = []
    while (due := session.next_card()) is not None and len(served) < 200:
        served.append((due.card.id, session.from_plan))
        session.answer(due, Rating.GOOD, duration_ms=int(seconds * 1000))
        clock.advance(seconds)
    return served


def test_out_of_scope_cards_are_never_served_while_the_exam_budget_lasts(scoped: Store) -> None:
    pages = _pages(scoped)
    scoped.add_exam(
        new_exam_spec("Weimar", TODAY + timedelta(days=10), today=TODAY, minutes=1, pages=["w*"]),
        now=NOW,
    )
    served = _sitting(scoped, minutes=3)  # one minute of exam plan, then plain FSRS
    planned = [card for card, from_plan in served if from_plan]
    assert len(planned) == 6  # 60 seconds of 10-second answers
    assert {pages[card] for card in planned} == {"weimar.md"}
    assert served[: len(planned)] == [(card, True) for card in planned]  # the plan came first
    assert "stalin.md" in {pages[card] for card, _ in served[len(planned) :]}  # then plain FSRS


def _copy_of(notes: Path, tmp_path: Path, name: str) -> Store:
    """A second store with the same notes and cards, in a SQLite file of its own (beside a
    PostgreSQL store too: the two dialects must serve the same order)."""
    twin = Store.open(f"sqlite:///{tmp_path / name}.sqlite3").for_notebook(notes)
    build_cards(load_notebook(notes, cache_dir=False), twin, now=NOW - timedelta(days=1))
    return twin


def test_removing_an_exam_restores_plain_fsrs_order(
    scoped: Store, notes: Path, tmp_path: Path
) -> None:
    plain = _copy_of(notes, tmp_path, "plain")
    scoped.add_exam(_spec("Paper 1", days=20, pages=("weimar*",)), now=NOW)
    day_one = _sitting(scoped, at=NOW, minutes=1)
    planned = [card for card, from_plan in day_one if from_plan]
    assert planned == [card for card, _ in day_one]
    fsrs_order = [due.card.id for due in plain.next_due(NOW, limit=len(planned))]
    assert planned != fsrs_order  # the plan is not what plain FSRS would have served
    # The same answers in a store that never had an exam: both now hold the same history.
    for n, card_id in enumerate(planned):
        plain.record_answer(
            card_id,
            Rating.GOOD,
            now=NOW + timedelta(seconds=10 * n),
            idempotency_key=f"replay{n}",
            duration_ms=10_000,
        )
    scoped.remove_exam("Paper 1")
    next_day = NOW + timedelta(days=1)
    after_removal = _sitting(scoped, at=next_day, minutes=2)
    assert after_removal == _sitting(plain, at=next_day, minutes=2)
    assert len(after_removal) == 12 and not any(from_plan for _, from_plan in after_removal)
    plain.close()


def test_after_the_exam_day_review_is_plain_fsrs(scoped: Store) -> None:
    scoped.add_exam(_spec("Soon", days=2), now=NOW)
    before = ReviewSession(scoped, clock=lambda: NOW, session_id="a")
    after = ReviewSession(scoped, clock=lambda: NOW + timedelta(days=3), session_id="b")
    assert before.following_exam_plan and not after.following_exam_plan
    first = after.next_card()
    assert first is not None and not after.from_plan
    assert first.card.id == scoped.next_due(NOW + timedelta(days=3), limit=1)[0].card.id


def test_two_exams_share_a_card_and_its_time_is_counted_once(scoped: Store) -> None:
    pages = _pages(scoped)
    # Both cover the Weimar page; each has a minute a day. Time is the learner's: one
    # minute of the plan in all, and a card in both exams is served once.
    for name, scope in (("History", ()), ("Weimar", ("weimar*",))):
        scoped.add_exam(
            new_exam_spec(
                name, TODAY + timedelta(days=8), today=TODAY, minutes=1, pages=list(scope)
            ),
            now=NOW,
        )
    served = _sitting(scoped, minutes=5)
    planned = [card for card, from_plan in served if from_plan]
    assert len(planned) == 6 == len(set(planned))
    assert {pages[card] for card in planned} <= set(pages.values())


def test_the_days_budget_counts_answers_from_earlier_sittings(scoped: Store) -> None:
    scoped.add_exam(
        new_exam_spec("Paper 1", TODAY + timedelta(days=10), today=TODAY, minutes=1), now=NOW
    )
    first = [c for c, planned in _sitting(scoped, at=NOW, minutes=0.5) if planned]
    later = NOW + timedelta(minutes=5)
    second = [c for c, planned in _sitting(scoped, at=later, minutes=5) if planned]
    assert len(first) == 3 and len(second) == 3  # half the minute, then the other half


def test_a_sitting_left_open_past_midnight_gets_the_new_days_minutes(scoped: Store) -> None:
    scoped.add_exam(
        new_exam_spec("Paper 1", TODAY + timedelta(days=10), today=TODAY, minutes=1), now=NOW
    )
    clock = SteppedClock(datetime(2026, 3, 2, 23, 57, tzinfo=UTC))
    session = ReviewSession(scoped, clock=clock, session_id="night")
    planned = 0
    while (due := session.next_card()) is not None and session.from_plan:
        session.answer(due, Rating.GOOD, duration_ms=10_000)
        clock.advance(10)
        planned += 1
    assert planned == 6  # Monday's minute
    clock.advance(3600)  # Tuesday, 01:00, the same sitting
    assert session.next_card() is not None and session.from_plan


def test_two_sittings_see_each_others_answers(scoped: Store) -> None:
    scoped.add_exam(_spec("Paper 1", days=10), now=NOW)
    tab_a = ReviewSession(scoped, clock=lambda: NOW, session_id="a")
    tab_b = ReviewSession(scoped, clock=lambda: NOW, session_id="b")
    first_a, first_b = tab_a.next_card(), tab_b.next_card()
    assert first_a is not None and first_b is not None and first_a.card == first_b.card
    tab_a.answer(first_a, Rating.GOOD, duration_ms=8000)
    again_b = tab_b.next_card()  # tab B learns that tab A has just answered that card
    assert again_b is not None and tab_b.from_plan and again_b.card != first_a.card


# -- exam status ---------------------------------------------------------------------------


def test_status_figures_are_the_forecasts_grouped_by_page_and_section(scoped: Store) -> None:
    # Some history first, so recall differs between cards.
    ids = list(_pages(scoped))
    for n, card_id in enumerate(ids[:5]):
        scoped.record_answer(
            card_id, Rating(1 + n % 4), now=NOW - timedelta(hours=20), idempotency_key=f"h{n}"
        )
    spec = _spec("Paper 1", days=14)
    scoped.add_exam(spec, now=NOW)
    status = exam_status(scoped, "Paper 1", NOW)

    shown = scoped.shown_cards()
    cards = planned_cards(scoped, {d.card.id: d.state for d in shown})
    forecast = exam_forecast(cards, to_exam(spec, _pages(scoped)), NOW, scoped.scheduler_settings())
    assert status.recall == pytest.approx(forecast.recall)
    assert status.cards == len(shown) == len(forecast.per_card)
    for group in status.pages:
        mine = [forecast.per_card[d.card.id] for d in shown if d.card.source.page == group.page]
        assert group.cards == len(mine)
        assert group.recall == pytest.approx(sum(mine) / len(mine))
    assert sum(g.cards for g in status.pages) == status.cards
    assert status.workload == forecast.workload and len(status.workload) == 14
    assert status.at_risk[0].recall == min(g.recall for g in status.sections)
    with pytest.raises(ExamError, match="no exam called 'Nope'"):
        exam_status(scoped, "Nope", NOW)


def _three_card_forecast(recalls: dict[str, float], covers: bool) -> ExamForecast:
    return ExamForecast(
        exam="Paper 1",
        recall=sum(recalls.values()) / len(recalls),
        per_card=recalls,
        workload=((TODAY, 30.0),),
        at_budgets=((15.0, 0.55), (30.0, 0.7), (45.0, 0.85), (60.0, 0.9)),
        budget_covers_scope=covers,
    )


def test_status_of_three_cards_by_hand() -> None:
    sources = ScheduledColumns.from_rows(
        [
            ("c", "weimar.md", "Threats", "Kapp Putsch", 9),
            ("b", "stalin.md", "Rise", "Defeating the Left", 13),
            ("a", "stalin.md", "Rise", "Control over the party", 7),
        ],
        [],
    )
    forecast = _three_card_forecast({"a": 0.93, "b": 0.45, "c": 0.75}, covers=False)
    status = summarise_exam(_spec(days=1), forecast, sources, today=TODAY)

    assert status.recall == pytest.approx(0.71)
    assert [(g.page, g.cards, round(g.recall, 3)) for g in status.pages] == [
        ("stalin.md", 2, 0.69),
        ("weimar.md", 1, 0.75),
    ]
    assert [(g.section, round(g.recall, 3)) for g in status.at_risk] == [
        ("Rise", 0.69),
        ("Threats", 0.75),
    ]
    assert [g.factor for g in status.weak_factors] == ["Defeating the Left"]
    assert status.advice == "At 30 min/day you will reach about 71 %; 45 min/day reaches 85 %."
    weekdays_only = new_exam_spec(
        "Paper 1", TODAY + timedelta(days=1), today=TODAY, minutes=30, weekly="sat=0,sun=0"
    )
    later = summarise_exam(_spec(days=1), forecast, sources, today=TODAY + timedelta(days=3))
    assert later.days_left == 0 and later.advice.startswith("The exam was on 2026-03-03:")
    # 30 min/day every day adds nothing over 71 % here, so the offer is 45.
    assert summarise_exam(weekdays_only, forecast, sources, today=TODAY).advice == (
        "At 21.4 min/day on average you will reach about 71 %; 45 min/day reaches 85 %."
    )
    covered = summarise_exam(
        _spec(days=1),
        _three_card_forecast({"a": 0.95, "b": 0.9, "c": 0.94}, True),
        sources,
        today=TODAY,
    )
    assert covered.advice == "At 30 min/day you will reach about 93 %: the budget covers the exam."
    assert covered.weak_factors == ()
    page = status.to_dict()["pages"][0]
    assert (page["page"], page["cards"], page["recall"]) == ("stalin.md", 2, pytest.approx(0.69))


def test_planned_cards_take_their_seconds_from_the_log(
    scoped: Store, store: Store, tmp_path: Path
) -> None:
    shown = scoped.shown_cards()
    first = shown[0].card.id
    for n in range(3):
        scoped.record_answer(
            first,
            Rating.GOOD,
            now=NOW + timedelta(days=n),
            idempotency_key=f"t{n}",
            duration_ms=4000,
        )
    # Another notebook's slow answers are not this notebook's cards' cost.
    other_root = write_notes(tmp_path / "other", {"o.md": STALIN.replace("Stalin", "Lenin")})
    other = store.for_notebook(other_root)
    build_cards(load_notebook(other_root, cache_dir=False), other, now=NOW)
    for n, due in enumerate(other.shown_cards()):
        other.record_answer(
            due.card.id, Rating.GOOD, now=NOW, idempotency_key=f"o{n}", duration_ms=60_000
        )
    seconds = {
        c.card_id: c.seconds
        for c in planned_cards(scoped, {d.card.id: d.state for d in scoped.shown_cards()})
    }
    assert seconds[first] == pytest.approx(4.0)
    assert seconds[shown[1].card.id] == pytest.approx(4.0)  # no history: the learner's median
