"""FSRS scheduling and parameter optimisation over a real store."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone

import fsrs
import pytest
from synthetic_reviews import T0, bulk_load_answers, make_cards, simulate_history

from notedeck.errors import StoreError
from notedeck.study.schedule import (
    DEFAULT_PARAMETERS,
    CardState,
    LearningState,
    Rating,
    SchedulerSettings,
    load_settings,
    optimize,
    retrievability,
    review,
    set_desired_retention,
)
from notedeck.study.store import Store


def test_review_follows_py_fsrs_from_a_new_card() -> None:
    state = review(None, Rating.GOOD, T0)
    reference, _ = fsrs.Scheduler(enable_fuzzing=False).review_card(
        fsrs.Card(card_id=1, due=T0), fsrs.Rating.Good, T0
    )
    assert state.state is LearningState.LEARNING and state.step == reference.step == 1
    assert (state.stability, state.difficulty, state.due) == (
        reference.stability,
        reference.difficulty,
        reference.due,
    )
    assert state.last_review == T0


def test_review_accepts_any_aware_time_and_returns_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    state = review(CardState.new(T0), Rating.EASY, T0.astimezone(plus_two))
    assert state.state is LearningState.REVIEW
    assert state.last_review == T0 and state.due.tzinfo is UTC
    with pytest.raises(ValueError, match="timezone-aware"):
        review(None, Rating.GOOD, datetime(2025, 1, 1))


def test_higher_desired_retention_gives_shorter_intervals() -> None:
    graduated = review(None, Rating.EASY, T0)
    later = graduated.due
    low = review(graduated, Rating.GOOD, later, settings=SchedulerSettings(desired_retention=0.8))
    high = review(graduated, Rating.GOOD, later, settings=SchedulerSettings(desired_retention=0.97))
    assert high.due < low.due
    assert 0.0 < retrievability(high, later + timedelta(days=3)) < 1.0


def test_desired_retention_is_a_stored_setting_used_for_answers(store: Store) -> None:
    assert load_settings(store) == SchedulerSettings()
    card = make_cards(1)[0]
    store.upsert_cards([card], now=T0)
    store.record_answer(card.id, Rating.EASY, now=T0, idempotency_key="e")
    graduated = store.card_state(card.id)

    set_desired_retention(store, 0.97)
    answer = store.record_answer(card.id, Rating.GOOD, now=graduated.due, idempotency_key="g")

    assert load_settings(store).desired_retention == 0.97
    expected = review(graduated, Rating.GOOD, graduated.due, settings=load_settings(store))
    assert answer.state == expected
    with pytest.raises(ValueError, match="between 0 and 1"):
        set_desired_retention(store, 1.5)


def test_invalid_stored_parameters_are_a_store_error(store: Store) -> None:
    store.set_setting(SchedulerSettings.PARAMETERS_KEY, [1.0, 2.0])
    with pytest.raises(StoreError, match="stored FSRS settings are invalid"):
        load_settings(store)


def test_optimize_with_three_reviews_says_there_is_too_little_history(store: Store) -> None:
    card = make_cards(1)[0]
    store.upsert_cards([card], now=T0)
    for day, rating in enumerate((Rating.GOOD, Rating.GOOD, Rating.AGAIN)):
        store.record_answer(
            card.id, rating, now=T0 + timedelta(days=3 * day), idempotency_key=f"{day}"
        )

    result = optimize(store)

    assert not result.fitted
    assert result.message.startswith("Too little review history to fit FSRS parameters yet")
    assert "1 cards were answered again on a later day (2 such answers)" in result.message
    assert (result.reviews, result.cards, result.items) == (3, 1, 2)
    assert result.parameters == DEFAULT_PARAMETERS
    assert load_settings(store).parameters == DEFAULT_PARAMETERS


def test_optimize_fits_a_synthetic_history_and_the_scheduler_uses_it(store: Store) -> None:
    cards = make_cards(300)
    store.upsert_cards(cards, now=T0)
    rng = random.Random(7)
    history = list(simulate_history(rng, [c.id for c in cards], 6, T0 - timedelta(days=400)))
    bulk_load_answers(store, history)

    result = optimize(store)

    assert result.fitted, result.message
    assert (result.reviews, result.cards) == (1800, 300)
    assert len(result.parameters) == len(DEFAULT_PARAMETERS) == 21
    assert (
        max(abs(a - b) for a, b in zip(result.parameters, DEFAULT_PARAMETERS, strict=True)) > 0.05
    )
    fsrs.Scheduler(parameters=result.parameters)  # py-fsrs accepts them
    assert load_settings(store).parameters == result.parameters

    answer = store.record_answer(cards[0].id, Rating.GOOD, now=T0, idempotency_key="after")
    fitted = SchedulerSettings(parameters=result.parameters)
    assert answer.state == review(CardState.new(T0), Rating.GOOD, T0, settings=fitted)
    assert answer.state != review(CardState.new(T0), Rating.GOOD, T0)


def test_optimize_is_deterministic_and_can_leave_settings_alone(store: Store) -> None:
    cards = make_cards(120)
    store.upsert_cards(cards, now=T0)
    history = list(simulate_history(random.Random(3), [c.id for c in cards], 6, T0))
    bulk_load_answers(store, history)

    first = optimize(store, save=False)
    second = optimize(store, save=False)

    assert first.fitted and first.parameters == second.parameters
    assert load_settings(store).parameters == DEFAULT_PARAMETERS
    assert first.to_dict()["items"] == first.items == 600
