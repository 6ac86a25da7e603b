"""The exam planner: its queue, its forecast, and its agreement with py-fsrs."""

from __future__ import annotations

import json
import math
import random
from datetime import UTC, date, datetime, time, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.study import fsrs_arrays as fa
from notedeck.study.exam import (
    MIN_GAIN_PER_MINUTE,
    Budget,
    Exam,
    PlannedCard,
    _day_gain,
    _Deck,
    _rollout,
    _rollouts,
    _stable_order,
    exam_forecast,
    exam_queue,
    expected_gain,
    gain_order,
    seconds_per_card,
    worth_reviewing,
)
from notedeck.study.records import ReviewRecord
from notedeck.study.schedule import (
    CardState,
    LearningState,
    Rating,
    SchedulerSettings,
    retrievability,
    review,
)

NOW = datetime(2026, 3, 10, 18, 0, tzinfo=UTC)
DEFAULTS = SchedulerSettings()


def learned(
    card_id: str, stability: float, last_review: datetime, seconds: float = 10.0
) -> PlannedCard:
    state = CardState(
        state=LearningState.REVIEW,
        due=last_review + timedelta(days=max(1, round(stability))),
        step=None,
        stability=stability,
        difficulty=5.0,
        last_review=last_review,
    )
    return PlannedCard(card_id, state, seconds)


def new(card_id: str, seconds: float = 10.0) -> PlannedCard:
    return PlannedCard(card_id, CardState.new(NOW - timedelta(days=30)), seconds)


def exam(name: str, day: date, ids: list[str], minutes: float = 30.0) -> Exam:
    return Exam(name, day, Budget.daily(minutes), frozenset(ids))


def deck(count: int, seed: int) -> list[PlannedCard]:
    """A mixed deck: a third new, the rest answered between 1 and 40 days ago."""
    rng = random.Random(seed)
    cards: list[PlannedCard] = []
    for i in range(count):
        if i % 3 == 0:
            cards.append(new(f"c{i:04d}", 6 + rng.random() * 10))
        else:
            last = NOW - timedelta(days=rng.randint(1, 40), hours=rng.randint(0, 23))
            cards.append(learned(f"c{i:04d}", rng.uniform(0.5, 60), last, 6 + rng.random() * 10))
    return cards


# A hand-computed case. FSRS-6 default decay is 0.1542, so the curve's factor is
# F = 0.9 ** (1 / -0.1542) - 1 = 0.98035, and recall after t whole days at stability S is
# (1 + F * t / S) ** -0.1542. The exam is on 11 March at 09:00; it is 10 March, 18:00.
#   A: never seen.                       Left alone: 0.  Reviewed tonight (first sight, taken as
#      Good): 15 hours to the exam, 0 whole days, so 1.0.  Gain 1.0.
#   B: S = 3, last answered 1 March 09:00: 10 whole days to the exam, (1 + F*10/3)**-0.1542
#      = 0.79951.  Reviewed tonight it is at 1.0 by the exam whatever the answer, gain 0.20049.
#   C: S = 20, last answered 7 March 09:00: 4 days, (1 + F*4/20)**-0.1542 = 0.97277, gain 0.02723.
# All cost 60 s. With 30 s a day only one card fits (a card may start before the time runs out):
# the plan reviews A, and the exam-morning recall is (1.0 + 0.79951 + 0.97277) / 3 = 0.92409.
F = 0.9 ** (1 / -0.1542) - 1
HAND_B = (1 + F * 10 / 3) ** -0.1542
HAND_C = (1 + F * 4 / 20) ** -0.1542


def hand_cards() -> list[PlannedCard]:
    return [
        new("A", 60.0),
        learned("B", 3.0, datetime(2026, 3, 1, 9, tzinfo=UTC), 60.0),
        learned("C", 20.0, datetime(2026, 3, 7, 9, tzinfo=UTC), 60.0),
    ]


def test_hand_computed_three_cards_forecast() -> None:
    assert round(HAND_B, 5) == 0.79951
    assert round(HAND_C, 5) == 0.97277
    history = exam("History", date(2026, 3, 11), ["A", "B", "C"], minutes=0.5)
    forecast = exam_forecast(hand_cards(), history, NOW, DEFAULTS)
    assert forecast.per_card["A"] == pytest.approx(1.0)
    assert forecast.per_card["B"] == pytest.approx(HAND_B)
    assert forecast.per_card["C"] == pytest.approx(HAND_C)
    assert forecast.recall == pytest.approx((1.0 + HAND_B + HAND_C) / 3)
    assert forecast.recall == pytest.approx(0.92409, abs=1e-5)
    assert forecast.workload == ((date(2026, 3, 10), pytest.approx(1.0)),)
    # At 15 minutes a day A and B are reviewed tonight and are at 1.0 on the morning; C would
    # gain 2.7 points for its minute, less than MIN_GAIN_PER_MINUTE, and is left as it is.
    assert MIN_GAIN_PER_MINUTE > 0.02723
    assert dict(forecast.at_budgets)[15.0] == pytest.approx((2.0 + HAND_C) / 3)
    assert forecast.budget_covers_scope
    assert json.loads(json.dumps(forecast.to_dict()))["per_card"]["B"] == pytest.approx(HAND_B)


def test_hand_computed_three_cards_queue_order() -> None:
    history = exam("History", date(2026, 3, 11), ["A", "B", "C"])
    # Gains per second: A 1.0/60, B 0.20049/60, C 0.02723/60: C is not worth its minute.
    assert exam_queue(hand_cards(), [history], NOW, DEFAULTS) == ("A", "B")
    assert exam_queue(hand_cards(), [history], NOW, DEFAULTS, minutes_left=1.5) == ("A", "B")
    assert exam_queue(hand_cards(), [history], NOW, DEFAULTS, minutes_left=0) == ()


def test_queue_is_deterministic_and_independent_of_input_order() -> None:
    cards = deck(600, seed=7)
    history = exam("History", date(2026, 4, 9), [c.card_id for c in cards])
    first = exam_queue(cards, [history], NOW, DEFAULTS)
    shuffled = list(cards)
    random.Random(3).shuffle(shuffled)
    assert len(first) > 50
    assert exam_queue(cards, [history], NOW, DEFAULTS) == first
    assert exam_queue(shuffled, [history], NOW, DEFAULTS) == first
    forecast = exam_forecast(cards, history, NOW, DEFAULTS, seed=5)
    assert exam_forecast(shuffled, history, NOW, DEFAULTS, seed=5) == forecast


def test_cards_out_of_scope_are_never_pulled_in() -> None:
    cards = deck(300, seed=1)
    # The tempting cards (new, or nearly forgotten) are outside the scope.
    scope = [c.card_id for c in cards if c.state.stability is not None and c.state.stability > 30]
    history = exam("History", date(2026, 3, 20), scope, minutes=600)
    queue = exam_queue(cards, [history], NOW, DEFAULTS)
    assert queue and set(queue) <= set(scope)
    forecast = exam_forecast(cards, history, NOW, DEFAULTS)
    assert set(forecast.per_card) == set(scope)


def test_two_exams_share_a_card_without_counting_its_time_twice() -> None:
    cards = [learned(f"c{i}", 5.0, NOW - timedelta(days=6), 60.0) for i in range(10)]
    ids = [c.card_id for c in cards]
    one = exam("History", date(2026, 3, 20), ids, minutes=5)
    both = [one, exam("Politics", date(2026, 3, 25), ids, minutes=5)]
    # Five one-minute cards fit in five minutes, whether one exam or two cover them.
    assert len(exam_queue(cards, [one], NOW, DEFAULTS)) == 5
    queue = exam_queue(cards, both, NOW, DEFAULTS)
    assert len(queue) == len(set(queue)) == 5
    # A card in both scopes is worth more than an equal card in one scope: it comes first.
    partial = [one, exam("Politics", date(2026, 3, 25), ["c7"], minutes=5)]
    assert exam_queue(cards, partial, NOW, DEFAULTS)[0] == "c7"


def test_queue_is_empty_on_and_after_the_exam_day() -> None:
    cards = deck(60, seed=2)
    history = exam("History", date(2026, 3, 12), [c.card_id for c in cards])
    assert exam_queue(cards, [history], NOW, DEFAULTS)
    assert exam_queue(cards, [history], datetime(2026, 3, 12, 7, tzinfo=UTC), DEFAULTS) == ()
    assert exam_queue(cards, [history], datetime(2026, 5, 1, tzinfo=UTC), DEFAULTS) == ()
    # The exam day is a local date: 23:30 UTC on the 11th is already the 12th in UTC+2.
    plus_two = timezone(timedelta(hours=2))
    late = datetime(2026, 3, 11, 23, 30, tzinfo=UTC)
    assert exam_queue(cards, [history], late, DEFAULTS)
    assert exam_queue(cards, [history], late, DEFAULTS, tz=plus_two) == ()


def test_near_the_exam_the_card_that_would_be_forgotten_comes_first() -> None:
    fresh = learned("fresh", 40.0, NOW - timedelta(days=2))
    fading = learned("fading", 2.0, NOW - timedelta(days=6))
    history = exam("History", date(2026, 3, 12), ["fresh", "fading"])
    assert exam_queue([fresh, fading], [history], NOW, DEFAULTS)[0] == "fading"


def test_forecast_learns_every_card_when_the_budget_allows_and_says_when_not() -> None:
    cards = [new(f"n{i:03d}", 10.0) for i in range(300)]
    ids = [c.card_id for c in cards]
    roomy = exam_forecast(cards, exam("History", date(2026, 4, 9), ids, 30), NOW, DEFAULTS)
    assert roomy.budget_covers_scope
    assert min(roomy.per_card.values()) > 0.5
    assert sum(m for _, m in roomy.workload) <= 30 * 30 + 1
    tight = exam_forecast(cards, exam("History", date(2026, 3, 13), ids, 5), NOW, DEFAULTS)
    assert not tight.budget_covers_scope
    assert min(tight.per_card.values()) == 0.0
    reached = [recall for _, recall in tight.at_budgets]
    assert reached == sorted(reached) and reached[-1] > tight.recall


def test_zero_budget_is_refused() -> None:
    with pytest.raises(ValueError, match="zero minutes"):
        Budget.daily(0)
    with pytest.raises(ValueError, match="negative"):
        Budget((30, 30, 30, 30, 30, -1, 0))
    weekdays = Budget((30, 30, 30, 30, 30, 0, 0), frozenset({date(2026, 3, 11)}))
    assert weekdays.minutes_on(date(2026, 3, 10)) == 30  # a Tuesday
    assert weekdays.minutes_on(date(2026, 3, 11)) == 0  # a day off
    assert weekdays.minutes_on(date(2026, 3, 14)) == 0  # a Saturday
    assert weekdays.mean_minutes == pytest.approx(150 / 7)


def test_days_off_get_no_planned_minutes() -> None:
    cards = deck(90, seed=4)
    off = {date(2026, 3, 12), date(2026, 3, 13)}
    history = Exam(
        "History", date(2026, 3, 16), Budget.daily(10, off), frozenset(c.card_id for c in cards)
    )
    workload = dict(exam_forecast(cards, history, NOW, DEFAULTS).workload)
    assert workload[date(2026, 3, 12)] == workload[date(2026, 3, 13)] == 0.0
    assert workload[date(2026, 3, 11)] > 0


def test_seconds_per_card_from_the_log() -> None:
    def rec(i: int, card: str, ms: int | None) -> ReviewRecord:
        return ReviewRecord(i, card, Rating.GOOD, NOW, ms)

    assert seconds_per_card([], ["a"], default=12.0) == {"a": 12.0}
    history = [rec(1, "a", 20000), rec(2, "a", 20000), rec(3, "b", 5000), rec(4, "b", 600000)]
    history += [rec(5, "c", None), rec(6, "a", 20000), rec(7, "b", 5000)]
    estimates = seconds_per_card(history, ["a", "b", "c"])
    overall = float(np.median([20, 20, 20, 5, 5]))  # the 600 s answer is a walk-away
    assert estimates["c"] == overall
    assert estimates["a"] == pytest.approx((3 * 20 + 2 * overall) / 5)
    assert estimates["b"] == pytest.approx((2 * 5 + 2 * overall) / 4)


@settings(max_examples=200, deadline=None)
@given(
    stability=st.floats(0.05, 400),
    difficulty=st.floats(1, 10),
    hours=st.integers(0, 24 * 200),
    rating=st.sampled_from(list(Rating)),
    state=st.sampled_from(list(LearningState)),
)
def test_array_formulas_equal_py_fsrs(
    stability: float, difficulty: float, hours: int, rating: Rating, state: LearningState
) -> None:
    last = datetime(2026, 1, 1, 8, tzinfo=UTC)
    before = CardState(
        state=state,
        due=last + timedelta(days=1),
        step=None if state is LearningState.REVIEW else 0,
        stability=stability,
        difficulty=difficulty,
        last_review=last,
    )
    at = last + timedelta(hours=hours)
    after = review(before, rating, at)
    weights = fa.Weights.of(DEFAULTS.parameters)
    since = np.array([hours / 24])
    s, d = fa.answer(weights, np.array([stability]), np.array([difficulty]), since, int(rating))
    assert after.stability is not None and after.difficulty is not None
    assert s[0] == pytest.approx(after.stability, rel=1e-9)
    assert d[0] == pytest.approx(after.difficulty, rel=1e-9)
    assert fa.recall(weights, since, np.array([stability]))[0] == pytest.approx(
        retrievability(before, at), rel=1e-12
    )


@pytest.mark.parametrize("rating", list(Rating))
def test_array_formulas_equal_py_fsrs_for_a_new_card(rating: Rating) -> None:
    after = review(None, rating, NOW)
    weights = fa.Weights.of(DEFAULTS.parameters)
    s, d = fa.answer(
        weights, np.array([math.nan]), np.array([math.nan]), np.array([0.0]), int(rating)
    )
    assert (s[0], d[0]) == (pytest.approx(after.stability), pytest.approx(after.difficulty))


def test_array_planner_is_the_queue() -> None:
    """bench/exam.py drives the planner through expected_gain and gain_order on arrays; they
    must order cards exactly as exam_queue does."""
    cards = sorted(deck(200, seed=9), key=lambda c: c.card_id)
    history = exam("History", date(2026, 3, 30), [c.card_id for c in cards[:150]])
    politics = exam("Politics", date(2026, 4, 6), [c.card_id for c in cards[100:]])
    weights = fa.Weights.of(DEFAULTS.parameters)
    day = 86400.0
    stability = np.array([c.state.stability or math.nan for c in cards])
    difficulty = np.array([c.state.difficulty or math.nan for c in cards])
    last = np.array(
        [
            (c.state.last_review - NOW).total_seconds() / day if c.state.last_review else math.nan
            for c in cards
        ]
    )
    seconds = np.array([c.seconds for c in cards])
    moments = [
        (datetime.combine(e.day, time(9), tzinfo=UTC) - NOW).total_seconds() / day
        for e in (history, politics)
    ]
    weight = np.array(
        [
            [1 / len(e.card_ids) if c.card_id in e.card_ids else 0.0 for c in cards]
            for e in (history, politics)
        ]
    )
    gain = expected_gain(
        weights, stability, difficulty, last, 0.0, exam_at=moments, exam_weight=weight
    )
    worth = worth_reviewing(gain, weight, seconds)
    order = [i for i in gain_order(gain, seconds) if worth[i]]
    queue = exam_queue(cards, [history, politics], NOW, DEFAULTS, minutes_left=1000)
    assert queue == tuple(cards[i].card_id for i in order)


def test_a_day_ends_when_no_review_is_worth_its_time_though_minutes_are_left() -> None:
    """Cards answered yesterday with a month's stability gain little from another look a
    month before the exam: the queue stops there instead of filling the hour."""
    fresh = [learned(f"c{i}", 30.0, NOW - timedelta(days=1)) for i in range(20)]
    ids = [c.card_id for c in fresh]
    assert (
        exam_queue(fresh, [exam("History", date(2026, 4, 10), ids, minutes=60)], NOW, DEFAULTS)
        == ()
    )
    # Cards half forgotten two days before their exam are worth every second.
    fading = [learned(f"c{i}", 3.0, NOW - timedelta(days=5)) for i in range(20)]
    soon = exam("History", date(2026, 3, 12), ids, minutes=60)
    assert len(exam_queue(fading, [soon], NOW, DEFAULTS)) == 20


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(1, 200),
    answered=st.floats(0.0, 1.0),
    runs=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_a_days_gains_with_new_cards_summed_once_are_the_full_computation(
    n: int, answered: float, runs: int, seed: int
) -> None:
    rng = np.random.default_rng(seed)
    learned = rng.random((runs, n)) < answered
    stability = np.where(learned, rng.uniform(0.2, 90.0, (runs, n)), np.nan)
    difficulty = np.where(learned, rng.uniform(1.0, 10.0, (runs, n)), np.nan)
    last = np.where(learned, -rng.uniform(0.0, 40.0, (runs, n)), np.nan)
    weight = np.zeros((2, n))
    weight[0, rng.random(n) < 0.7] = 0.01
    weight[1, rng.random(n) < 0.5] = 0.02
    deck = _Deck(
        np.arange(n), stability[0], difficulty[0], last[0], np.full(n, 8.0),
        np.array([3.4, 20.4]), weight,
    )  # fmt: skip
    weights = fa.Weights.of(DEFAULTS.parameters)
    for at in (0.0, 5.0):
        fast = _day_gain(weights, deck, stability, difficulty, last, at)
        full = expected_gain(
            weights,
            stability,
            difficulty,
            last,
            at,
            exam_at=[float(x) for x in deck.exam_at],
            exam_weight=deck.weight,
        )
        assert np.array_equal(fast, full)


@settings(max_examples=80, deadline=None)
@given(
    keys=st.one_of(
        st.permutations(list(range(60))).map(lambda p: p[: len(p) // 2 + 1]),
        st.lists(st.integers(0, 40), max_size=50),
        st.lists(st.integers(-5, 10**6), max_size=30, unique=True),
    )
)
def test_the_linear_stable_order_is_the_stable_sort(keys: list[int]) -> None:
    """Distinct small keys take the counting path; repeated, negative or large ones the sort."""
    array = np.array(keys, dtype=np.intp)
    assert _stable_order(array).tolist() == np.argsort(array, kind="stable").tolist()


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(1, 120),
    answered=st.floats(0.0, 1.0),
    runs=st.integers(1, 3),
    seed=st.integers(0, 2**16),
)
def test_budgets_simulated_together_are_each_simulated_alone(
    n: int, answered: float, runs: int, seed: int
) -> None:
    """Several schedules in one rollout (days off, uneven days) give each one's own figures."""
    rng = np.random.default_rng(seed)
    learned = rng.random(n) < answered
    deck = _Deck(
        np.arange(n),
        np.where(learned, rng.uniform(0.2, 60.0, n), np.nan),
        np.where(learned, rng.uniform(1.0, 10.0, n), np.nan),
        np.where(learned, -rng.uniform(0.0, 30.0, n), np.nan),
        rng.uniform(3.0, 20.0, n),
        np.array([12.4]),
        np.full((1, n), 1.0 / n),
    )
    weights = fa.Weights.of(DEFAULTS.parameters)
    days = [date(2026, 3, 2) + timedelta(days=k) for k in range(12)]
    schedules = [[float(rng.choice([0.0, 0.5, 2.0, 10.0])) for _ in days] for _ in range(4)]
    together = _rollouts(weights, deck, days, schedules, seed, runs)
    for alone, minutes in zip(together, schedules, strict=True):
        expected = _rollout(weights, deck, days, minutes, seed, runs)
        assert np.array_equal(alone.per_card, expected.per_card)
        assert alone.minutes == expected.minutes
        assert alone.learned == expected.learned
