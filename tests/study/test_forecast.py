"""The stats screen's series over a real store: due ahead, answers behind, retention per
section, cards by state (SQLite, and PostgreSQL when NOTEDECK_TEST_PG is set)."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from synthetic_reviews import T0, make_cards

from notedeck.model import Source
from notedeck.study.forecast import (
    cards_by_state,
    due_per_day,
    retention_per_section,
    reviews_per_day,
)
from notedeck.study.schedule import Rating
from notedeck.study.store import CardStatus, Store

NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)


def _answer(store: Store, card_id: str, rating: int, when: datetime) -> None:
    store.record_answer(card_id, rating, now=when, idempotency_key=f"{card_id}@{when}")


def test_due_per_day_matches_the_cards_own_due_dates(tmp_path: Path, store: Store) -> None:
    scoped = store.for_notebook(tmp_path)
    cards = make_cards(60)
    scoped.upsert_cards(cards, now=NOW - timedelta(days=40))
    rng = random.Random(7)
    for card in cards[:50]:  # ten are never answered: new cards are not work falling due
        when = NOW - timedelta(days=rng.uniform(0.5, 30))
        for _ in range(rng.randint(1, 3)):
            _answer(scoped, card.id, rng.choice(list(Rating)), when)
            when += timedelta(days=rng.uniform(0.2, 3))
    tz = ZoneInfo("America/New_York")

    series = due_per_day(scoped, NOW, days=14, tz=tz)

    today = NOW.astimezone(tz).date()
    expected: Counter[date] = Counter()
    for card in cards[:50]:
        due_day = scoped.card_state(card.id).due.astimezone(tz).date()
        expected[max(due_day, today)] += 1  # overdue cards are due today
    assert [d.day for d in series.days] == [today + timedelta(days=n) for n in range(15)]
    assert [d.count for d in series.days] == [expected[d.day] for d in series.days]
    assert series.total == sum(n for d, n in expected.items() if d <= today + timedelta(days=14))
    assert series.total > 0


def test_due_per_day_leaves_out_suspended_retired_and_later_cards(store: Store) -> None:
    cards = make_cards(4)
    store.upsert_cards(cards, now=NOW - timedelta(days=3))
    for card in cards:
        _answer(store, card.id, Rating.AGAIN, NOW - timedelta(hours=1))  # due again in minutes
    store.suspend(cards[1].id, NOW)
    store.upsert_cards(cards[:2] + cards[3:], {cards[2].id: CardStatus.RETIRED}, now=NOW)

    series = due_per_day(store, NOW, days=2)

    assert [d.count for d in series.days] == [2, 0, 0]
    assert due_per_day(store, NOW, days=0).to_dict() == {
        "days": [{"date": "2025-03-10", "count": 2}],
        "total": 2,
    }


def test_reviews_per_day_counts_local_days_of_the_window(tmp_path: Path, store: Store) -> None:
    mine = store.for_notebook(tmp_path / "mine")
    theirs = store.for_notebook(tmp_path / "theirs")
    cards = make_cards(3)
    mine.upsert_cards(cards, now=T0)
    theirs.upsert_cards([replace(c, id=f"other-{c.id}") for c in cards], now=T0)
    tz = timezone(timedelta(hours=2))
    moments = [
        NOW - timedelta(days=40),  # before the window
        datetime(2025, 3, 8, 21, 30, tzinfo=UTC),  # 8 March in UTC, 23:30 on the 8th at +2
        datetime(2025, 3, 8, 22, 30, tzinfo=UTC),  # 00:30 on 9 March at +2
        datetime(2025, 3, 10, 9, 0, tzinfo=UTC),
        datetime(2025, 3, 10, 9, 5, tzinfo=UTC),
    ]
    for n, moment in enumerate(moments):
        _answer(mine, cards[n % 3].id, Rating.GOOD, moment)
        _answer(theirs, f"other-{cards[0].id}", Rating.GOOD, moment + timedelta(seconds=n))

    local = reviews_per_day(mine, NOW, days=5, tz=tz)
    utc = reviews_per_day(mine, NOW, days=5)

    assert [(d.day.isoformat(), d.count) for d in local.days] == [
        ("2025-03-06", 0),
        ("2025-03-07", 0),
        ("2025-03-08", 1),
        ("2025-03-09", 1),
        ("2025-03-10", 2),
    ]
    assert [d.count for d in utc.days] == [0, 0, 2, 0, 2]
    assert reviews_per_day(mine, NOW, days=60).total == 5
    assert local.bars()[-1] == ("10 Mar", 2.0)


def test_days_follow_the_learners_clock_across_a_summer_time_change(store: Store) -> None:
    cards = make_cards(1)
    store.upsert_cards(cards, now=T0)
    london = ZoneInfo("Europe/London")  # clocks go forward at 01:00 on 30 March 2025
    for local in (
        datetime(2025, 3, 30, 0, 30, tzinfo=london),  # GMT: 00:30 UTC
        datetime(2025, 3, 30, 23, 30, tzinfo=london),  # BST: 22:30 UTC
        datetime(2025, 3, 31, 0, 30, tzinfo=london),  # BST: 23:30 UTC on the 30th
    ):
        _answer(store, cards[0].id, Rating.GOOD, local)
    now = datetime(2025, 3, 31, 12, 0, tzinfo=london)

    local_days = reviews_per_day(store, now, days=2, tz=london)
    utc_days = reviews_per_day(store, now, days=2)

    assert [(d.day.day, d.count) for d in local_days.days] == [(30, 2), (31, 1)]
    assert [(d.day.day, d.count) for d in utc_days.days] == [(30, 3), (31, 0)]


def test_counts_are_the_same_alone_and_beside_another_notebook(
    tmp_path: Path, store: Store
) -> None:
    mine = store.for_notebook(tmp_path / "mine")
    cards = make_cards(5)
    mine.upsert_cards(cards, now=T0)
    rng = random.Random(3)
    for n in range(40):
        when = NOW - timedelta(days=rng.uniform(0, 20))
        _answer(mine, cards[n % 5].id, rng.choice(list(Rating)), when)
    alone = (reviews_per_day(mine, NOW, days=21), retention_per_section(mine, NOW))

    theirs = store.for_notebook(tmp_path / "theirs")
    theirs.upsert_cards([replace(c, id=f"other-{c.id}") for c in cards], now=T0)
    for n in range(15):
        _answer(theirs, f"other-{cards[n % 5].id}", Rating.AGAIN, NOW - timedelta(days=n))

    assert (reviews_per_day(mine, NOW, days=21), retention_per_section(mine, NOW)) == alone
    assert alone[0].total == 40
    assert reviews_per_day(theirs, NOW, days=21).total == 15
    assert retention_per_section(theirs, NOW)[0].recalled == 0


def test_retention_per_section_over_the_window(store: Store) -> None:
    cards = make_cards(6)
    cards = [
        replace(c, source=replace(c.source, section="Causes" if i < 3 else "Effects"))
        for i, c in enumerate(cards)
    ]
    cards[5] = replace(cards[5], source=Source("another.md", None, None, 1))
    store.upsert_cards(cards, now=T0)
    ratings = {0: [3, 1, 3], 1: [4], 2: [1], 3: [3, 3], 4: [2], 5: [1, 3]}
    for n, answers in ratings.items():
        for k, rating in enumerate(answers):
            _answer(store, cards[n].id, rating, NOW - timedelta(days=2, hours=k))
    _answer(store, cards[3].id, Rating.AGAIN, NOW - timedelta(days=45))  # outside the window
    store.upsert_cards([], {cards[4].id: CardStatus.RETIRED}, now=NOW)  # retired: left out

    found = retention_per_section(store, NOW, days=30)

    assert [(r.page, r.section, r.reviews, r.recalled) for r in found] == [
        ("another.md", None, 2, 1),
        ("history.md", "Causes", 5, 3),
        ("history.md", "Effects", 2, 2),
    ]
    assert found[1].retention == pytest.approx(0.6)
    assert found[1].to_dict()["retention"] == pytest.approx(0.6)
    assert retention_per_section(store, NOW + timedelta(days=60)) == ()


def test_cards_by_state_counts_each_card_once(tmp_path: Path, store: Store) -> None:
    scoped = store.for_notebook(tmp_path)
    cards = make_cards(7)
    scoped.upsert_cards(cards, now=T0)
    _answer(scoped, cards[0].id, Rating.AGAIN, NOW)  # learning
    _answer(scoped, cards[1].id, Rating.EASY, NOW)  # straight to review
    _answer(scoped, cards[2].id, Rating.EASY, NOW)
    _answer(scoped, cards[3].id, Rating.EASY, NOW)
    scoped.suspend(cards[3].id, NOW)  # suspended, though in review
    scoped.suspend(cards[4].id, NOW)  # suspended, though new
    scoped.upsert_cards(cards[:5], {cards[6].id: CardStatus.RETIRED}, now=NOW)
    store.upsert_cards([replace(cards[0], id="unscoped-card")], now=T0)  # not this notebook's

    counts = cards_by_state(scoped, NOW)

    assert counts.to_dict() == {
        "new": 1,
        "learning": 1,
        "review": 2,
        "suspended": 2,
        "retired": 1,
        "total": 7,
    }
    assert [label for label, _ in counts.bars()] == [
        "new",
        "learning",
        "review",
        "suspended",
        "retired",
    ]


def test_an_empty_store_gives_zeros(store: Store) -> None:
    assert due_per_day(store, NOW).total == 0
    assert len(due_per_day(store, NOW).days) == 15
    assert reviews_per_day(store, NOW).total == 0
    assert len(reviews_per_day(store, NOW).days) == 30
    assert retention_per_section(store, NOW) == ()
    assert cards_by_state(store, NOW).total == 0


def test_naive_times_and_bad_windows_are_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        due_per_day(store, datetime(2025, 1, 1))
    with pytest.raises(ValueError, match="days must be 1 or more"):
        reviews_per_day(store, NOW, days=0)
    with pytest.raises(ValueError, match="days must be 0 or more"):
        due_per_day(store, NOW, days=-1)
