"""Revision toward an exam date: the most recall on the exam morning for the minutes a student has.

Plain FSRS keeps every card at 90 % forever. Before an exam what counts is recall on one day, and
the student's time is the limit. The planner ranks each card in scope by what reviewing it now adds
to its predicted recall on the exam morning, per second it costs, and fills the day's minutes best
first (a greedy knapsack). The memory model is py-fsrs's own: the forgetting curve and the
stability updates come from `notedeck.study.fsrs_arrays`, which restates py-fsrs element-wise and
is tested equal to it.

Why this ranking works: a review's gain is small when the card is still fresh (FSRS grows
stability little at high retrievability) and large when the card would be forgotten by the exam,
so far from the exam the greedy choice spreads reviews and lets intervals grow, and near it the
choice becomes "review what would be forgotten by the exam". A new card gains the most of all (from
nothing to a first memory), so new cards come first while there are any, and every card in scope
is learned before the exam whenever the minutes allow it.

Several exams: a card's gain is the sum over the exams ahead whose scope holds it, each exam
weighted by one over its scope size, so each exam's mean recall counts equally; its seconds are
counted once. After the last exam day `exam_queue` returns () and the caller schedules with plain
FSRS; the planner never writes card state or history.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any, TypedDict

import numpy as np
import numpy.typing as npt

from notedeck.study import fsrs_arrays as fa
from notedeck.study.exam_cards import (
    MAX_ANSWER_SECONDS,
    TIMING_PRIOR_ANSWERS,
    CardRecall,
    PlannedCard,
    PlannedColumns,
    card_seconds,
    seconds_per_card,
)
from notedeck.study.exam_pick import pick_in_time
from notedeck.study.schedule import SchedulerSettings

__all__ = [
    "AT_BUDGETS",
    "EXAM_HOUR",
    "MAX_ANSWER_SECONDS",
    "MIN_GAIN_PER_MINUTE",
    "TIMING_PRIOR_ANSWERS",
    "Budget",
    "CardRecall",
    "Exam",
    "ExamForecast",
    "PlannedCard",
    "PlannedColumns",
    "card_seconds",
    "exam_forecast",
    "exam_queue",
    "expected_gain",
    "gain_order",
    "seconds_per_card",
    "worth_reviewing",
]

# The exam is taken in the morning: recall is predicted for this hour (local) on the exam day.
EXAM_HOUR = 9
# Daily minutes the forecast also tries, for "at 30 min/day you reach 71 %; 45 min/day 85 %".
AT_BUDGETS: tuple[float, ...] = (15.0, 30.0, 45.0, 60.0, 90.0)
# The forecast runs simulated learners through the plan (answers drawn with the predicted
# recall) and averages them: up to FORECAST_RUNS of them, fewer for a large scope,
# FORECAST_CARD_RUNS card-runs in all (a mean over many cards is steady with few runs).
FORECAST_RUNS = 8
FORECAST_CARD_RUNS = 6000
# The recall at other budgets is estimated on an even sample of the scope with fewer learners.
AT_BUDGET_CARDS = 1000
AT_BUDGET_RUNS = 2
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Budget:
    """Minutes of study per weekday (Monday first) and dates off.

    Raises:
        ValueError: not seven values, a negative value, or no minutes on any day.
    """

    minutes: tuple[float, float, float, float, float, float, float]
    days_off: frozenset[date] = frozenset()

    def __post_init__(self) -> None:
        if len(self.minutes) != 7:
            raise ValueError(f"a budget needs minutes for 7 weekdays, got {len(self.minutes)}")
        if any(m < 0 for m in self.minutes):
            raise ValueError("a budget cannot have negative minutes")
        if not any(m > 0 for m in self.minutes):
            raise ValueError("a budget of zero minutes on every day leaves no time to revise")

    @classmethod
    def daily(cls, minutes: float, days_off: Iterable[date] = ()) -> Budget:
        """The same minutes every day."""
        return cls((minutes,) * 7, frozenset(days_off))

    @property
    def mean_minutes(self) -> float:
        """The minutes of an average day of the week."""
        return sum(self.minutes) / 7.0

    def minutes_on(self, day: date) -> float:
        """Minutes planned for `day`: its weekday's minutes, or 0 on a day off."""
        return 0.0 if day in self.days_off else float(self.minutes[day.weekday()])


@dataclass(frozen=True, slots=True)
class Exam:
    """One exam: when, how much time a day the student gives it, and which cards it covers.

    Attributes:
        name: as the student called it.
        day: the exam date (local); recall is predicted for its morning (EXAM_HOUR).
        budget: the student's daily minutes while this exam is ahead.
        card_ids: cards in scope, resolved by the caller from pages and sections; None
            when every card the planner is given is in scope (`exam status` gives it only
            those, and a set of a whole notebook's 313,000 ids cost 25 ms to make and check).
    """

    name: str
    day: date
    budget: Budget
    card_ids: frozenset[str] | None


class ExamForecastDict(TypedDict):
    exam: str
    recall: float
    per_card: dict[str, float]
    workload: list[list[Any]]
    at_budgets: list[list[float]]
    budget_covers_scope: bool


@dataclass(frozen=True, slots=True)
class ExamForecast:
    """The plan's prediction for one exam.

    Attributes:
        exam: the exam's name.
        recall: mean predicted exam-morning recall over the cards in scope.
        per_card: card id -> predicted recall on the exam morning if the plan is followed.
        workload: (day, planned minutes) from today to the day before the exam.
        at_budgets: (minutes per day, mean recall) if the student gave that much every day.
        budget_covers_scope: every card in scope is learned before the exam and the predicted
            recall reaches the scheduler's desired retention.
    """

    exam: str
    recall: float
    per_card: Mapping[str, float]
    workload: tuple[tuple[date, float], ...]
    at_budgets: tuple[tuple[float, float], ...]
    budget_covers_scope: bool

    def to_dict(self) -> ExamForecastDict:
        return {
            "exam": self.exam,
            "recall": self.recall,
            "per_card": dict(self.per_card),
            "workload": [[day.isoformat(), minutes] for day, minutes in self.workload],
            "at_budgets": [[minutes, recall] for minutes, recall in self.at_budgets],
            "budget_covers_scope": self.budget_covers_scope,
        }


@dataclass(slots=True)
class _Deck:
    """The cards in scope as arrays, sorted by id so that ties break the same way every time.

    `given[i]` is where card i is in the `PlannedColumns` the deck was built from.

    Times are in days from `now`; `last` is NaN and `stability` NaN for a card never answered.
    `weight[e, i]` is card i's share of exam e's mean recall (0 outside its scope).
    """

    given: fa.IntArray
    stability: fa.FloatArray
    difficulty: fa.FloatArray
    last: fa.FloatArray
    seconds: fa.FloatArray
    exam_at: fa.FloatArray
    weight: fa.FloatArray


def _exam_moment(day: date, tz: tzinfo) -> datetime:
    return datetime.combine(day, time(EXAM_HOUR), tzinfo=tz)


def _days(later: datetime, earlier: datetime) -> float:
    return (later - earlier) / _DAY


def _build_deck(
    cards: PlannedColumns, exams: Sequence[Exam], now: datetime, tz: tzinfo
) -> tuple[_Deck, fa.IntArray]:
    """The deck of the cards in some exam's scope, and where each of its cards is in `cards`."""
    n_given = len(cards.ids)
    members = [_members(exam.card_ids, cards.ids) for exam in exams]
    in_scope = np.logical_or.reduce(members) if members else np.zeros(n_given, bool)
    scoped = np.flatnonzero(in_scope)
    given = scoped[_stable_order(cards.id_rank[scoped])]
    n = len(given)
    # Whole seconds first, so that whole days stay whole (py-fsrs floors elapsed days).
    last = (cards.last_review[given] - now.timestamp()) / 86400.0
    seconds = np.maximum(cards.seconds[given], 0.5)
    exam_at = np.array([_days(_exam_moment(exam.day, tz), now) for exam in exams])
    weight = np.zeros((len(exams), n))
    for e, member in enumerate(members):
        chosen = member[given]
        if chosen.any():
            weight[e, chosen] = 1.0 / float(chosen.sum())
    deck = _Deck(
        given, cards.stability[given], cards.difficulty[given], last, seconds, exam_at, weight
    )
    return deck, given


def _stable_order(keys: fa.IntArray) -> fa.IntArray:
    """`np.argsort(keys, kind="stable")`, in linear time when the keys are distinct small
    non-negative integers (id ranks, positions): each key's position is written into a slot
    per key value and the slots read in order. For 313,000 cards that takes 3 ms against
    30 ms for the sort. Other keys are sorted as usual."""
    n = len(keys)
    if n == 0 or keys.min() < 0 or keys.max() >= 4 * n:
        return np.argsort(keys, kind="stable")
    slot = np.full(int(keys.max()) + 1, -1, np.intp)
    slot[keys] = np.arange(n)
    order = slot[slot >= 0]
    if len(order) != n:  # a key twice: the slots kept only one of its positions
        return np.argsort(keys, kind="stable")
    return order


def _members(scope: frozenset[str] | None, ids: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Which of `ids` are in `scope` (None: all); at C speed when all are."""
    if scope is None or scope.issuperset(ids):
        return np.ones(len(ids), bool)
    return np.fromiter((card_id in scope for card_id in ids), bool, len(ids))


def _recall_if_reviewed(
    weights: fa.Weights,
    stability: fa.FloatArray,
    difficulty: fa.FloatArray,
    last: fa.FloatArray,
    at: float,
    moment: float,
) -> fa.FloatArray:
    """Expected recall at `moment` after one review at `at` and none after it: Good with the
    card's recall probability then, Again otherwise; a new card's first sight is taken as Good."""
    new = np.isnan(stability)
    since = np.where(new, 0.0, at - np.where(new, 0.0, last))
    success = np.where(new, 1.0, fa.recall(weights, since, np.where(new, 1.0, stability)))
    good_s, _ = fa.answer(weights, stability, difficulty, since, fa.GOOD)
    again_s, _ = fa.answer(weights, stability, difficulty, since, fa.AGAIN)
    ahead = np.full_like(since, moment - at)
    return np.asarray(
        success * fa.recall(weights, ahead, good_s)
        + (1.0 - success) * fa.recall(weights, ahead, again_s)
    )


def expected_gain(
    weights: fa.Weights,
    stability: fa.FloatArray,
    difficulty: fa.FloatArray,
    last: fa.FloatArray,
    at: float,
    *,
    exam_at: Sequence[float],
    exam_weight: fa.FloatArray,
) -> fa.FloatArray:
    """Expected rise in weighted exam-morning recall if each card is answered at day `at`.

    The card is taken to be left alone after this review, so near the exam the gain is "what
    would be forgotten by the exam", and far from it a card still fresh gains little (FSRS grows
    stability little at high recall), which spreads reviews out. Looking further ahead (the
    plan will review the card once more in its last days) was tried and measured in
    bench/exam.py: no better (from -0.7 to +0.2 points) at seven times the cost.

    Args:
        weights: the FSRS weights that predict recall.
        stability, difficulty: the cards' states, NaN for a card never answered.
        last: when each card was last answered, NaN for a new card.
        at: when the review would happen (days from the same origin as `last`).
        exam_at: each exam's morning; exams at or before `at` add nothing.
        exam_weight: (exams, cards) share of each exam's mean recall, 0 outside its scope.

    Arrays may carry leading axes (simulated learners).
    """
    new = np.isnan(stability)
    since = np.where(new, 0.0, at - np.where(new, 0.0, last))
    safe_s = np.where(new, 1.0, stability)
    total = np.zeros(np.broadcast_shapes(stability.shape, exam_weight.shape[1:]))
    for e, moment in enumerate(exam_at):
        if moment <= at:
            continue
        before = np.where(new, 0.0, fa.recall(weights, since + (moment - at), safe_s))
        after = _recall_if_reviewed(weights, stability, difficulty, last, at, moment)
        total = total + exam_weight[e] * (after - before)
    return total


def gain_order(gain: fa.FloatArray, seconds: fa.FloatArray) -> fa.IntArray:
    """Card indices by gain per second, best first, along the last axis.

    A stable sort over id-sorted cards makes ties break by card id.
    """
    return np.argsort(-(gain / seconds), axis=-1, kind="stable")


#: A review is worth its time when it adds at least this much to its card's exam-morning
#: recall per minute (0.05: five points a minute, under one point for a ten-second answer).
#: Below it the planner stops for the day, minutes left or not: in bench/exam.py's key
#: scenario the full 30 minutes a day reach 99.3 % and stopping here 99.0 % in 24 minutes.
MIN_GAIN_PER_MINUTE = 0.05


def worth_reviewing(
    gain: fa.FloatArray, weight: fa.FloatArray, seconds: fa.FloatArray
) -> npt.NDArray[np.bool_]:
    """Whether each card's review gains enough for its seconds (`MIN_GAIN_PER_MINUTE`).

    `gain` is weighted by each exam's share (`weight`, exams x cards): divided by a card's
    largest share it is the rise in that card's own recall, whatever the scope's size.
    """
    share, least = _worth_bounds(weight, seconds)
    return np.asarray(gain / share >= least)


def _worth_bounds(
    weight: fa.FloatArray, seconds: fa.FloatArray
) -> tuple[fa.FloatArray, fa.FloatArray]:
    """`worth_reviewing`'s per-card divisor and least gain, which depend only on the deck:
    a forecast works them out once, not on each of its days."""
    return np.maximum(weight.max(axis=0), 1e-12), MIN_GAIN_PER_MINUTE * seconds / 60.0


def _day_gain(
    weights: fa.Weights,
    deck: _Deck,
    stability: fa.FloatArray,
    difficulty: fa.FloatArray,
    last: fa.FloatArray,
    at: float,
) -> fa.FloatArray:
    """Each card's expected gain (`expected_gain`), with the FSRS maths done once for all
    new cards.

    Every new card has the same state, so its review would raise its recall by the same
    amount; only its exam weights differ. A forecast of a whole notebook is mostly new cards,
    so this skips most of the work, and the figures are the same, element for element.
    The answered cards go through `_answered_gain`, the same sums without the new-card cases.
    """
    new = np.isnan(stability)
    exam_at = [float(x) for x in deck.exam_at]
    gain: fa.FloatArray | None = None
    if new.any():
        # Every card as if new (as `expected_gain` adds it up: 0 + weight * (after - 0),
        # and 0 + x is x for the x >= 0 here), then the answered ones worked out in full.
        for e, moment in enumerate(exam_at):
            if moment > at:
                term = deck.weight[e] * (_new_card_recall(weights, at, moment) - 0.0)
                gain = term if gain is None else gain + term
    if gain is None:
        gain = np.zeros(stability.shape)
    elif gain.size == stability.size:  # one simulated learner: the same array, as a row
        gain = gain.reshape(stability.shape)
    else:  # a row for each simulated learner
        gain = np.broadcast_to(gain, stability.shape).copy()
    # Flat positions, read four times (a mask would be scanned each time, and 2-D positions
    # cost half as much again to find and read).
    learned = np.flatnonzero(~new)
    if len(learned):
        n = stability.shape[-1]  # which card of the deck each is, for its exam weights:
        card = learned if learned[-1] < n else learned % n
        np.put(
            gain,
            learned,
            _answered_gain(
                weights,
                np.take(stability, learned),
                np.take(difficulty, learned),
                np.take(last, learned),
                at,
                exam_at=exam_at,
                exam_weight=deck.weight[:, card],
            ),
        )
    return gain


def _answered_gain(
    weights: fa.Weights,
    stability: fa.FloatArray,
    difficulty: fa.FloatArray,
    last: fa.FloatArray,
    at: float,
    *,
    exam_at: Sequence[float],
    exam_weight: fa.FloatArray,
) -> fa.FloatArray:
    """`expected_gain` of cards that all have a memory state (no NaN), each quantity worked
    out once: the recall now serves as the chance of success and as both answers' input, and
    neither answer's difficulty is computed, as the gain needs only stability.

    The operations on each card are `expected_gain`'s, in its order, so the figures are the
    same to the last bit (`tests/study/test_exam_planner.py` checks it); a forecast over the
    141,000 answered cards of the bench notebook spent 0.6 s of its 1 s in `expected_gain`.
    """
    since = at - last
    success = fa.recall(weights, since, stability)
    good_s = fa.next_stability(weights, difficulty, stability, success, fa.GOOD)
    again_s = fa.next_stability(weights, difficulty, stability, success, fa.AGAIN)
    same_day = np.flatnonzero(np.floor(since) < 1.0)  # few: the short-term rule only there
    if len(same_day):
        recent = stability[same_day]
        good_s[same_day] = fa.short_term_stability(weights, recent, fa.GOOD)
        again_s[same_day] = fa.short_term_stability(weights, recent, fa.AGAIN)
    total = np.zeros(np.broadcast_shapes(stability.shape, exam_weight.shape[1:]))
    for e, moment in enumerate(exam_at):
        if moment <= at:
            continue
        before = fa.recall(weights, since + (moment - at), stability)
        ahead = np.asarray(moment - at)  # the same for every card: floored once, not per card
        after = success * fa.recall(weights, ahead, good_s) + (1.0 - success) * fa.recall(
            weights, ahead, again_s
        )
        total = total + exam_weight[e] * (after - before)
    return total


@lru_cache(maxsize=1024)
def _new_card_recall(weights: fa.Weights, at: float, moment: float) -> float:
    """`_recall_if_reviewed` of a card never answered: the same for every new card, and for
    a forecast's every simulated learner and budget on the same day."""
    unknown = np.full(1, np.nan)
    return float(_recall_if_reviewed(weights, unknown, unknown, unknown, at, moment)[0])


def _ahead(exams: Sequence[Exam], today: date) -> list[Exam]:
    return [exam for exam in exams if exam.day > today]


def _minutes_on(exams: Sequence[Exam], day: date) -> float:
    """The student's minutes on `day`: the largest budget among the exams still ahead then.

    Time is the student's, not each exam's, so budgets are not added up.
    """
    return max((exam.budget.minutes_on(day) for exam in exams if exam.day > day), default=0.0)


def exam_queue(
    cards: Sequence[PlannedCard],
    exams: Sequence[Exam],
    now: datetime,
    settings: SchedulerSettings,
    *,
    tz: tzinfo = UTC,
    minutes_left: float | None = None,
) -> tuple[str, ...]:
    """Card ids to show now, best first, for the exams still ahead.

    Returns () when no exam is ahead (the caller then uses plain FSRS order) and when the day's
    minutes are spent. Cards outside every exam's scope are never included. The same input gives
    the same queue.

    Args:
        cards: the learner's cards with their states and costs; any number outside the scopes.
        exams: every exam; those on or before today are ignored.
        now: the current time (timezone-aware).
        settings: the scheduler settings whose FSRS parameters predict recall.
        tz: the learner's time zone, which decides the days and the exam morning.
        minutes_left: minutes of study left today; the day's budget when None.
    """
    today = now.astimezone(tz).date()
    ahead = _ahead(exams, today)
    if not ahead:
        return ()
    budget = _minutes_on(ahead, today) if minutes_left is None else minutes_left
    if budget <= 0:
        return ()
    columns = PlannedColumns.of(cards)
    deck, given = _build_deck(columns, ahead, now, tz)
    if not len(given):
        return ()
    weights = fa.Weights.of(settings.parameters)
    gain = _day_gain(weights, deck, deck.stability, deck.difficulty, deck.last, 0.0)
    worth = worth_reviewing(gain, deck.weight, deck.seconds)
    picked = pick_in_time(gain, worth, deck.seconds, budget * 60.0)
    return tuple(columns.ids[i] for i in given[picked].tolist())


@dataclass(frozen=True, slots=True)
class _Rollout:
    per_card: fa.FloatArray
    minutes: tuple[float, ...]
    learned: bool


def _forecast_runs(cards: int) -> int:
    """Simulated learners per forecast: enough that a few hundred cards' mean is steady, few
    enough that tens of thousands of cards forecast in about a second (one answer more or less
    moves a mean over many cards very little)."""
    return max(1, min(FORECAST_RUNS, FORECAST_CARD_RUNS // max(cards, 1)))


def _sample(deck: _Deck, limit: int) -> tuple[_Deck, float]:
    """At most `limit` cards spread evenly over the deck, and their share of its review time.

    The mean recall at another budget is estimated on this sample with the budget scaled by
    that share, so a large scope costs no more to forecast at five budgets than a small one.
    """
    n = len(deck.given)
    if n <= limit:
        return deck, 1.0
    spread = np.sort(np.linspace(0, n - 1, limit).round().astype(np.intp))
    keep = spread[np.concatenate(([True], spread[1:] != spread[:-1]))]  # np.unique's values
    weight = np.zeros((deck.weight.shape[0], len(keep)))
    for e in range(deck.weight.shape[0]):
        members = deck.weight[e, keep] > 0
        weight[e, members] = 1.0 / max(int(members.sum()), 1)
    sample = _Deck(
        deck.given[keep],
        deck.stability[keep],
        deck.difficulty[keep],
        deck.last[keep],
        deck.seconds[keep],
        deck.exam_at,
        weight,
    )
    return sample, float(deck.seconds[keep].sum() / deck.seconds.sum())


def _rollout(
    weights: fa.Weights,
    deck: _Deck,
    days: Sequence[date],
    minutes: Sequence[float],
    seed: int,
    runs: int,
) -> _Rollout:
    """Follow the plan for one exam, with `minutes` each day, for `runs` simulated learners."""
    return _rollouts(weights, deck, days, [minutes], seed, runs)[0]


def _rollouts(
    weights: fa.Weights,
    deck: _Deck,
    days: Sequence[date],
    schedules: Sequence[Sequence[float]],
    seed: int,
    runs: int,
) -> list[_Rollout]:
    """`_rollout` for each schedule of daily minutes, all at once.

    Each schedule's `runs` learners are rows of the same arrays, so a day's gains are worked
    out in one pass for all of them (the recall at five other budgets took 35 ms as five
    rollouts, mostly numpy's cost per call on a 1,000-card sample). Each schedule draws its
    answers from its own generator seeded with `seed`, in the order a rollout of it alone
    would, and every other step is element by element, so each result is that rollout's.
    """
    rngs = [np.random.default_rng(seed) for _ in schedules]
    n = len(deck.given)
    rows = len(schedules) * runs
    stability = np.tile(deck.stability, (rows, 1))
    difficulty = np.tile(deck.difficulty, (rows, 1))
    last = np.tile(deck.last, (rows, 1))
    used: list[list[float]] = [[] for _ in schedules]
    share, least = _worth_bounds(deck.weight, deck.seconds)
    for k, _day in enumerate(days):
        budgets = [schedule[k] * 60.0 for schedule in schedules]
        active = [g for g, budget in enumerate(budgets) if budget > 0 and n]
        for g, budget in enumerate(budgets):
            if not (budget > 0 and n):
                used[g].append(0.0)
        if not active:
            continue
        gain = _day_gain(weights, deck, stability, difficulty, last, float(k))
        worth = np.asarray(gain / share >= least)  # worth_reviewing
        # Each learner's picks, in card order, one learner after the other: the order in
        # which its schedule's answers below are drawn.
        picks = []
        for g in active:
            first = g * runs
            chosen = np.concatenate(
                [
                    row * n + np.sort(pick_in_time(gain[row], worth[row], deck.seconds, budgets[g]))
                    for row in range(first, first + runs)
                ]
            )
            used[g].append(float(deck.seconds[chosen % n].sum()) / runs / 60.0)
            picks.append(chosen)
        picked = np.concatenate(picks)
        s, d, at = stability.flat[picked], difficulty.flat[picked], last.flat[picked]
        since = np.where(np.isnan(at), 0.0, k - at)
        recalled = np.where(
            np.isnan(s), 1.0, fa.recall(weights, since, np.where(np.isnan(s), 1.0, s))
        )
        draws = np.concatenate([rngs[g].random(len(p)) for g, p in zip(active, picks, strict=True)])
        good = draws < recalled
        good_s, good_d = fa.answer(weights, s, d, since, fa.GOOD)
        again_s, again_d = fa.answer(weights, s, d, since, fa.AGAIN)
        stability.flat[picked] = np.where(good, good_s, again_s)
        difficulty.flat[picked] = np.where(good, good_d, again_d)
        last.flat[picked] = float(k)
    exam_at = float(deck.exam_at[0])
    learned = ~np.isnan(stability)
    final = np.where(
        learned,
        fa.recall(
            weights, exam_at - np.where(learned, last, 0.0), np.where(learned, stability, 1.0)
        ),
        0.0,
    )
    return [
        _Rollout(
            final[g * runs : (g + 1) * runs].mean(axis=0),
            tuple(used[g]),
            bool(learned[g * runs : (g + 1) * runs].all()),
        )
        for g in range(len(schedules))
    ]


def exam_forecast(
    cards: Sequence[PlannedCard] | PlannedColumns,
    exam: Exam,
    now: datetime,
    settings: SchedulerSettings,
    *,
    tz: tzinfo = UTC,
    seed: int = 0,
) -> ExamForecast:
    """The plan's prediction for `exam` if the student follows the plan within its budget.

    Simulated learners answer each planned review with the predicted recall as the chance of
    success (seeded: the same input gives the same forecast). Per-card recall, the day-by-day
    minutes, and the mean recall the plan reaches at the AT_BUDGETS daily minutes are reported.
    An exam on or before today is forecast from the cards' states as they are.

    `per_card` holds the cards in scope in the order given (a `CardRecall`), so a caller
    that passed `PlannedColumns` reads the figures as an array beside its own columns.
    """
    today = now.astimezone(tz).date()
    columns = cards if isinstance(cards, PlannedColumns) else PlannedColumns.of(cards)
    deck, given = _build_deck(columns, [exam], now, tz)
    weights = fa.Weights.of(settings.parameters)
    days = [today + timedelta(days=k) for k in range(max((exam.day - today).days, 0))]

    planned = _rollout(
        weights,
        deck,
        days,
        [exam.budget.minutes_on(day) for day in days],
        seed,
        _forecast_runs(len(given)),
    )
    recall = float(planned.per_card.mean()) if len(given) else 0.0
    sample, share = _sample(deck, AT_BUDGET_CARDS)
    at_budgets: tuple[tuple[float, float], ...] = tuple((m, 0.0) for m in AT_BUDGETS)
    if len(given):
        others = _rollouts(
            weights,
            sample,
            days,
            [
                [0.0 if day in exam.budget.days_off else minutes * share for day in days]
                for minutes in AT_BUDGETS
            ],
            seed,
            min(AT_BUDGET_RUNS, _forecast_runs(len(sample.given))),
        )
        at_budgets = tuple(
            (minutes, float(other.per_card.mean()))
            for minutes, other in zip(AT_BUDGETS, others, strict=True)
        )
    return ExamForecast(
        exam=exam.name,
        recall=recall,
        per_card=_in_given_order(columns, given, planned.per_card),
        workload=tuple(zip(days, planned.minutes, strict=True)),
        at_budgets=at_budgets,
        budget_covers_scope=planned.learned and recall >= settings.desired_retention,
    )


def _in_given_order(
    columns: PlannedColumns, given: fa.IntArray, per_card: fa.FloatArray
) -> CardRecall:
    """The deck's per-card figures (deck order: by id) in the order the cards were given."""
    back = _stable_order(given)
    if len(given) == len(columns.ids):
        return CardRecall(columns.ids, per_card[back])
    return CardRecall(tuple([columns.ids[i] for i in given[back].tolist()]), per_card[back])
