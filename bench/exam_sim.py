"""Simulated students revising for exams, for bench/exam.py (issue 14's acceptance benchmark).

Ground truth: each student remembers by FSRS-6 with their own weights, drawn around py-fsrs's
defaults; each card has its own difficulty; each review takes its own time. A recall is a coin
with the true retrievability, on a continuous clock (a review at noon the day before a 9:00 exam
is 21 hours old, not "0 days"). The schedulers never see the truth: they see grades and answer
times, and keep py-fsrs states with the default weights (through notedeck.study.fsrs_arrays,
which the tests hold equal to py-fsrs; `check_baseline_against_py_fsrs` replays a student's
log through notedeck.study.schedule.review to show the baseline here is py-fsrs's).

Times are days from the first study day's midnight. Each day's session starts at noon
(SESSION_HOUR); an exam is at 9:00 (EXAM_HOUR) on its day, before that day's session.

Strategies, all held to the same daily cap of minutes (the review that crosses it is finished):
  a  plain FSRS, desired retention 0.9: due cards (oldest due first) with their same-day
     learning steps, then new cards while time is left (no separate new-card limit);
  b  as a, with the maximum interval capped so that every card comes due by the last study day
     before its next exam;
  c  as a, and in the last REVIEW_AHEAD_DAYS days before an exam the time left is spent
     reviewing not-yet-due cards of that exam ahead of time, lowest predicted exam recall first
     (the fsrs4anki-helper "advance" trick);
  d  notedeck's planner (notedeck.study.exam.expected_gain and gain_order, the functions behind
     exam_queue): one review per chosen card per day, best gain per estimated second first,
     until the day's minutes are used;
  d= the planner held to the minutes strategy a actually used, day by day, per student.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import numpy as np
import numpy.typing as npt
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from notedeck.study import fsrs_arrays as fa
from notedeck.study.exam import (
    EXAM_HOUR,
    Budget,
    Exam,
    PlannedCard,
    exam_queue,
    expected_gain,
    gain_order,
    worth_reviewing,
)
from notedeck.study.schedule import (
    DEFAULT_PARAMETERS,
    CardState,
    LearningState,
    Rating,
    SchedulerSettings,
    review,
)

Array = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

SESSION_HOUR = 12
REVIEW_AHEAD_DAYS = 3
MINUTE = 1.0 / 1440.0
# py-fsrs's default learning steps (1 and 10 minutes) and relearning step (10 minutes).
LEARNING_STEPS = (1 * MINUTE, 10 * MINUTE)
RELEARNING_STEP = 10 * MINUTE
MAX_SAME_DAY = 6  # answers to one card in one day, a guard against endless relearning
LOWER = np.array(LOWER_BOUNDS_PARAMETERS)
UPPER = np.array(UPPER_BOUNDS_PARAMETERS)
EPOCH = datetime(2026, 1, 5, tzinfo=UTC)
DEFAULT_WEIGHTS = fa.Weights.of(DEFAULT_PARAMETERS)


@dataclass(frozen=True, slots=True)
class Scenario:
    """One cell of the grid.

    Attributes:
        cards: cards in the deck (all in scope of at least one exam).
        exams: (day, first card, end card) per exam: the exam is on that day (0 = first study
            day) and covers cards [first, end).
        minutes: the daily cap.
        start: "new" (nothing learned) or "half" (half the cards learned 1-60 days ago).
    """

    name: str
    cards: int
    exams: tuple[tuple[int, int, int], ...]
    minutes: float
    start: str

    @property
    def last_day(self) -> int:
        return max(day for day, _, _ in self.exams)


@dataclass(slots=True)
class Population:
    """The students' hidden truth, shared by every strategy (common random numbers)."""

    weights: Array  # (21, students, 1) true FSRS-6 weights
    hardness: Array  # (students, cards) 0 easy .. 1 hard
    seconds: Array  # (students, cards) median answer time, or its multiplier of `costs`
    start_s: Array  # (students, cards) true stability at the start, NaN if new
    start_d: Array
    start_last: Array
    seen_s: Array  # the scheduler's view at the start
    seen_d: Array
    costs: Array | None = None  # seconds by state (learning, review, relearning) x rating


def fsrs_rs_costs() -> Array:
    """Seconds an answer takes by state (learning, review, relearning) and rating (Again ..
    Easy): fsrs-rs's default simulator figures, which its authors took from Anki users'
    review logs (a review passed with Good 12.4 s, failed 19.4 s; a new card's answer 13.8 s
    with Good)."""
    import fsrs_rs_python

    return np.array(fsrs_rs_python.default_simulator_config().state_rating_costs, float)


def draw_population(
    scenario: Scenario,
    students: int,
    rng: np.random.Generator,
    answer_seconds: float = 10.0,
    costs: Array | None = None,
) -> Population:
    """Draw the students: `answer_seconds` is the median time of one answer over everyone,
    or, with `costs` (seconds by state and rating), each student's and card's pace is a
    multiplier of those, with a median of 1."""
    n = scenario.cards
    defaults = np.array(DEFAULT_PARAMETERS)
    spread = rng.normal(0.0, 0.15, (21, students))
    weights = np.clip(defaults[:, None] * np.exp(spread), LOWER[:, None], UPPER[:, None])[..., None]
    per_card = rng.beta(2.0, 2.0, n)
    hardness = np.clip(per_card + rng.normal(0.0, 0.1, (students, n)), 0.0, 1.0)
    median = 1.0 if costs is not None else answer_seconds
    speed = np.exp(rng.normal(np.log(median), 0.3, (students, 1)))
    length = np.exp(rng.normal(0.0, 0.35, n))
    seconds = speed * length * np.exp(rng.normal(0.0, 0.15, (students, n)))
    nan = np.full((students, n), np.nan)
    start_s, start_d, start_last = nan.copy(), nan.copy(), nan.copy()
    seen_s, seen_d = nan.copy(), nan.copy()
    if scenario.start == "half":
        known = rng.random((students, n)) < 0.5
        s = np.clip(np.exp(rng.normal(np.log(12.0), 0.8, (students, n))), 1.0, 365.0)
        d = np.clip(3.0 + 6.0 * hardness + rng.normal(0.0, 1.0, (students, n)), 1.0, 10.0)
        last = -rng.uniform(1.0, 60.0, (students, n)) + SESSION_HOUR / 24
        start_s = np.where(known, s, np.nan)
        start_d = np.where(known, d, np.nan)
        start_last = np.where(known, last, np.nan)
        seen_s = np.where(known, s * np.exp(rng.normal(0.0, 0.3, (students, n))), np.nan)
        seen_d = np.where(known, np.clip(d + rng.normal(0.0, 1.0, (students, n)), 1, 10), np.nan)
    return Population(
        weights, hardness, seconds, start_s, start_d, start_last, seen_s, seen_d, costs
    )


@dataclass(slots=True)
class Deck:
    """Every student's cards under one strategy: the truth and the scheduler's py-fsrs state."""

    true_s: Array
    true_d: Array
    true_last: Array
    s: Array
    d: Array
    last: Array
    state: IntArray  # 0 new, then LearningState values
    step: IntArray
    due: Array
    timed_sum: Array  # answer seconds the scheduler has seen, per card
    timed_count: Array
    log: list[tuple[int, float, int]] = field(default_factory=list)  # student 0: card, t, rating

    @classmethod
    def start(cls, population: Population) -> Deck:
        shape = population.hardness.shape
        known = ~np.isnan(population.seen_s)
        due = np.where(
            known, population.start_last + np.maximum(1.0, np.round(population.seen_s)), 0.0
        )
        return cls(
            population.start_s.copy(),
            population.start_d.copy(),
            population.start_last.copy(),
            population.seen_s.copy(),
            population.seen_d.copy(),
            population.start_last.copy(),
            np.where(known, int(LearningState.REVIEW), 0).astype(np.int64),
            np.zeros(shape, np.int64),
            due,
            np.zeros(shape),
            np.zeros(shape),
        )


def _true_recall(w: Array, elapsed: Array, stability: Array) -> Array:
    decay = -w[20]
    factor = 0.9 ** (1.0 / decay) - 1.0
    return np.asarray((1.0 + factor * np.maximum(elapsed, 0.0) / stability) ** decay)


def _true_answer(
    w: Array, s: Array, d: Array, elapsed: Array, rating: IntArray, offset: Array
) -> tuple[Array, Array]:
    """The student's true memory after an answer: FSRS-6's rules with the student's weights,
    element-wise ratings, continuous elapsed time. `offset` shifts a new card's difficulty by
    the card's hardness."""
    r = rating.astype(float)
    new = np.isnan(s)
    safe_s = np.where(new, 1.0, s)
    safe_d = np.where(new, 5.0, d)
    w_rating = np.choose(rating - 1, [w[0], w[1], w[2], w[3]])
    init_s = np.maximum(w_rating, 0.001)
    init_d = np.clip(w[4] - np.exp(w[5] * (r - 1)) + 1 + offset, 1.0, 10.0)
    easy_start = w[4] - np.exp(w[5] * 3.0) + 1.0
    damped = safe_d + (10.0 - safe_d) * (-(w[6] * (r - 3))) / 9.0
    next_d = np.clip(w[7] * easy_start + (1 - w[7]) * damped, 1.0, 10.0)
    recall = _true_recall(w, elapsed, safe_s)
    hard = np.where(rating == 2, w[15], 1.0)
    easy = np.where(rating == 4, w[16], 1.0)
    grown = safe_s * (
        1
        + np.exp(w[8])
        * (11 - safe_d)
        * safe_s ** (-w[9])
        * (np.exp((1 - recall) * w[10]) - 1)
        * hard
        * easy
    )
    forgot = np.minimum(
        w[11] * safe_d ** (-w[12]) * ((safe_s + 1) ** w[13] - 1) * np.exp((1 - recall) * w[14]),
        safe_s / np.exp(w[17] * w[18]),
    )
    long_term = np.where(rating == 1, forgot, grown)
    increase = np.exp(w[17] * (r - 3 + w[18])) * safe_s ** (-w[19])
    increase = np.where(rating >= 2, np.maximum(increase, 1.0), increase)
    short_term = safe_s * increase
    s_after = np.where(new, init_s, np.where(elapsed < 1.0, short_term, long_term))
    return np.maximum(s_after, 0.001), np.where(new, init_d, next_d)


def _scheduler_answer(s: Array, d: Array, since: Array, rating: IntArray) -> tuple[Array, Array]:
    """py-fsrs's stability and difficulty after each card's own rating (default weights)."""
    out_s, out_d = np.empty_like(s), np.empty_like(s)
    for value in (1, 2, 3, 4):
        mask = rating == value
        if mask.any():
            ns, nd = fa.answer(DEFAULT_WEIGHTS, s[mask], d[mask], since[mask], value)
            out_s[mask], out_d[mask] = ns, nd
    return out_s, out_d


def _interval(s: Array, cap: Array) -> Array:
    """py-fsrs's next interval at 0.9 retention: round(S) days, at least 1, at most `cap`."""
    f = DEFAULT_WEIGHTS.factor
    raw = np.round(s / f * (0.9 ** (1.0 / DEFAULT_WEIGHTS.decay) - 1.0))
    return np.minimum(np.maximum(raw, 1.0), np.maximum(cap, 1.0))


def _next_state(
    state: IntArray, step: IntArray, rating: IntArray, s: Array, cap: Array
) -> tuple[IntArray, IntArray, Array]:
    """py-fsrs's state machine with its default steps: (state, step, days until due)."""
    learning = (state == 0) | (state == 1)
    relearning = state == 3
    interval = _interval(s, cap)
    new_state = np.full_like(state, 2)
    new_step = np.zeros_like(step)
    wait = interval.copy()
    # Learning: Again -> step 0 (1 min); Hard stays (5.5 min at step 0, 10 at step 1);
    # Good -> step 1 (10 min) or graduates from step 1; Easy graduates.
    stay = learning & ((rating == 1) | (rating == 2) | ((rating == 3) & (step == 0)))
    new_state = np.where(stay, 1, new_state)
    new_step = np.where(learning & (rating == 2), step, new_step)
    new_step = np.where(learning & (rating == 3) & (step == 0), 1, new_step)
    hard_wait = np.where(step == 0, (LEARNING_STEPS[0] + LEARNING_STEPS[1]) / 2, LEARNING_STEPS[1])
    wait = np.where(learning & (rating == 1), LEARNING_STEPS[0], wait)
    wait = np.where(learning & (rating == 2), hard_wait, wait)
    wait = np.where(learning & (rating == 3) & (step == 0), LEARNING_STEPS[1], wait)
    # Review: Again -> relearning step 0 (10 min).
    lapse = (state == 2) & (rating == 1)
    new_state = np.where(lapse, 3, new_state)
    wait = np.where(lapse, RELEARNING_STEP, wait)
    # Relearning: Again stays (10 min), Hard stays (15 min), Good/Easy graduate.
    relearn_stay = relearning & (rating <= 2)
    new_state = np.where(relearn_stay, 3, new_state)
    wait = np.where(relearning & (rating == 1), RELEARNING_STEP, wait)
    wait = np.where(relearning & (rating == 2), RELEARNING_STEP * 1.5, wait)
    return new_state, new_step, wait


@dataclass(slots=True)
class _Answers:
    """One answer to each of a set of cards (flat indices), computed before it is committed."""

    index: IntArray
    rating: IntArray
    seconds: Array
    true_s: Array
    true_d: Array
    s: Array
    d: Array
    state: IntArray
    step: IntArray
    due: Array
    at: Array


def _answer(
    deck: Deck,
    population: Population,
    index: IntArray,
    at: Array,
    cap: Array,
    rng: np.random.Generator,
    current: _Answers | None = None,
) -> _Answers:
    """Each card in `index` answered at `at`, from the deck (or from `current`, for same-day
    repeats): the coin with true recall, the grade, the time it took, both states after."""
    students = index // deck.s.shape[1]
    w = population.weights[:, students, 0]
    hardness = population.hardness.flat[index]
    if current is None:
        true_s, true_d = deck.true_s.flat[index], deck.true_d.flat[index]
        true_last = deck.true_last.flat[index]
        s, d, last = deck.s.flat[index], deck.d.flat[index], deck.last.flat[index]
        state, step = deck.state.flat[index], deck.step.flat[index]
    else:
        true_s, true_d, true_last = current.true_s, current.true_d, current.at
        s, d, last = current.s, current.d, current.at
        state, step = current.state, current.step
    new = np.isnan(true_s)
    elapsed = np.where(new, 0.0, at - np.where(new, 0.0, true_last))
    recalled = rng.random(len(index)) < np.where(
        new, 1.0, _true_recall(w, elapsed, np.where(new, 1.0, true_s))
    )
    u = rng.random(len(index))
    p_hard = 0.05 + 0.25 * hardness
    p_easy = 0.2 * (1.0 - hardness)
    rating = np.where(u < p_hard, 2, np.where(u > 1.0 - p_easy, 4, 3))
    first_again = rng.random(len(index)) < 0.1 + 0.3 * hardness
    rating = np.where(new & first_again, 1, np.where(new | recalled, rating, 1)).astype(np.int64)
    base = population.seconds.flat[index] * np.exp(rng.normal(0.0, 0.25, len(index)))
    if population.costs is None:
        seconds = base * np.where(new, 1.5, 1.0) * np.where(rating == 1, 1.4, 1.0)
    else:
        row = np.where(state <= 1, 0, np.where(state == 2, 1, 2))
        seconds = base * population.costs[row, rating - 1]
    offset = (hardness - 0.5) * 4.0
    new_true_s, new_true_d = _true_answer(w, true_s, true_d, elapsed, rating, offset)
    seen_new = np.isnan(s)
    since = np.where(seen_new, 0.0, at - np.where(seen_new, 0.0, last))
    new_s, new_d = _scheduler_answer(s, d, since, rating)
    new_state, new_step, wait = _next_state(state, step, rating, new_s, cap)
    return _Answers(
        index,
        rating,
        seconds,
        new_true_s,
        new_true_d,
        new_s,
        new_d,
        new_state,
        new_step,
        at + wait,
        at,
    )


def _commit(deck: Deck, answers: _Answers, chosen: BoolArray) -> None:
    i = answers.index[chosen]
    deck.true_s.flat[i] = answers.true_s[chosen]
    deck.true_d.flat[i] = answers.true_d[chosen]
    deck.true_last.flat[i] = answers.at[chosen]
    deck.s.flat[i] = answers.s[chosen]
    deck.d.flat[i] = answers.d[chosen]
    deck.last.flat[i] = answers.at[chosen]
    deck.state.flat[i] = answers.state[chosen]
    deck.step.flat[i] = answers.step[chosen]
    deck.due.flat[i] = answers.due[chosen]
    deck.timed_sum.flat[i] += answers.seconds[chosen]
    deck.timed_count.flat[i] += 1


def _chunk(cap_seconds: Array, population: Population) -> int:
    """Candidates per student to simulate at once: about a day's worth at typical speed."""
    typical = float(np.median(population.seconds))
    if population.costs is not None:
        typical *= float(np.median(population.costs))
    return max(32, int(float(cap_seconds.max(initial=0.0)) / typical) + 16)


def _serve_in_chunks(
    priority: Array,
    cap_seconds: Array,
    chunk: int,
    simulate: Callable[[IntArray], Array],
    commit: Callable[[BoolArray], None],
) -> Array:
    """Serve each student's candidates (finite priority), lowest priority first, while the day's
    time lasts; the answer that crosses the cap is finished. Returns seconds spent per student.

    Candidates are simulated a chunk at a time (`simulate` gets flat indices and returns each
    one's cost; `commit` then gets which of them were served), so a deck of 1,500 new cards
    does not simulate 1,500 answers a day to serve 150.
    """
    students, cards = priority.shape
    order = np.argsort(priority, axis=1, kind="stable")
    ok_sorted = np.isfinite(np.take_along_axis(priority, order, axis=1))
    spent = np.zeros(students)
    for start in range(0, cards, chunk):
        active = (spent < cap_seconds) & ok_sorted[:, start]
        if not active.any():
            break
        rows = np.flatnonzero(active)
        cols = order[rows, start : start + chunk]
        ok = ok_sorted[rows, start : start + chunk]
        flat = (rows[:, None] * cards + cols)[ok]
        cost_grid = np.zeros(ok.shape)
        cost_grid[ok] = simulate(flat)
        started = spent[rows, None] + np.cumsum(cost_grid, axis=1) - cost_grid
        served_grid = ok & (started < cap_seconds[rows, None])
        commit(served_grid[ok])
        spent[rows] += (cost_grid * served_grid).sum(axis=1)
    return spent


def _day_of_answers(
    deck: Deck,
    population: Population,
    flat: IntArray,
    t: float,
    day: int,
    cap_of: Array,
    rng: np.random.Generator,
) -> list[_Answers]:
    """A card's answers on one day under FSRS: the first, then its same-day (re)learning steps.

    Each link holds the state after that answer; a card whose steps ended earlier keeps its
    state and costs 0 seconds in the later links.
    """
    current = _answer(deck, population, flat, np.full(len(flat), t), cap_of, rng)
    chain = [current]
    for _ in range(MAX_SAME_DAY - 1):
        keep = (current.state % 2 == 1) & (current.due < day + 1)
        if not keep.any():
            break
        nxt = _answer(deck, population, flat, current.due, cap_of, rng, current)
        current = _Answers(
            flat,
            np.where(keep, nxt.rating, current.rating),
            np.where(keep, nxt.seconds, 0.0),
            np.where(keep, nxt.true_s, current.true_s),
            np.where(keep, nxt.true_d, current.true_d),
            np.where(keep, nxt.s, current.s),
            np.where(keep, nxt.d, current.d),
            np.where(keep, nxt.state, current.state),
            np.where(keep, nxt.step, current.step),
            np.where(keep, nxt.due, current.due),
            np.where(keep, nxt.at, current.at),
        )
        chain.append(current)
    return chain


@dataclass(frozen=True, slots=True)
class Outcome:
    """One strategy's result per student."""

    recall: Array  # (students, exams) true exam-morning recall, mean over the exam's scope
    minutes: Array  # (students, days) minutes studied each day
    learned: Array  # (students, exams) share of the scope answered at least once by the exam


def _weights(scenario: Scenario) -> Array:
    """Each card's share of each exam's mean recall (exams x cards), as the library weighs."""
    return np.array([scope / scope.sum() for scope in _scopes(scenario)])


def _scopes(scenario: Scenario) -> list[BoolArray]:
    scopes = []
    for _, first, end in scenario.exams:
        scope = np.zeros(scenario.cards, bool)
        scope[first:end] = True
        scopes.append(scope)
    return scopes


def _exam_moment(day: int) -> float:
    return day + EXAM_HOUR / 24


def _measure(deck: Deck, population: Population, scope: BoolArray, day: int) -> tuple[Array, Array]:
    learned = ~np.isnan(deck.true_s)
    elapsed = _exam_moment(day) - np.where(learned, deck.true_last, 0.0)
    recall = np.where(
        learned, _true_recall(population.weights, elapsed, np.where(learned, deck.true_s, 1.0)), 0.0
    )
    return recall[:, scope].mean(axis=1), learned[:, scope].mean(axis=1)


def _cap_days(scenario: Scenario, scopes: list[BoolArray], day: int) -> Array:
    """Strategy b's maximum interval per card on `day`: to the last study day before the card's
    next exam."""
    cap = np.full(scenario.cards, 36500.0)
    for (exam_day, _, _), scope in sorted(zip(scenario.exams, scopes, strict=True), reverse=True):
        if exam_day > day:
            cap = np.where(scope, exam_day - 1 - day, cap)
    return np.maximum(cap, 1.0)


def run_fsrs(
    scenario: Scenario,
    population: Population,
    strategy: str,
    rng: np.random.Generator,
) -> tuple[Outcome, Deck]:
    """Strategies a, b and c."""
    deck = Deck.start(population)
    students, cards = deck.s.shape
    scopes = _scopes(scenario)
    in_scope = np.any(scopes, axis=0)
    recall = np.zeros((students, len(scopes)))
    learned = np.zeros((students, len(scopes)))
    minutes = np.zeros((students, scenario.last_day))
    cap_seconds = np.full(students, scenario.minutes * 60.0)
    no_cap = np.full(cards, 36500.0)
    pending: list[tuple[IntArray, list[_Answers]]] = []
    for day in range(scenario.last_day):
        for e, (exam_day, _, _) in enumerate(scenario.exams):
            if exam_day == day:
                recall[:, e], learned[:, e] = _measure(deck, population, scopes[e], day)
        t = day + SESSION_HOUR / 24
        cap = _cap_days(scenario, scopes, day) if strategy == "b" else no_cap
        active = in_scope
        due = (deck.state > 0) & (deck.due <= t + 1e-9) & active
        new = (deck.state == 0) & active
        priority = np.where(due, deck.due, np.where(new, 1e6 + np.arange(cards), np.inf))
        if strategy == "c":
            ahead = np.zeros(cards, bool)
            for (exam_day, _, _), scope in zip(scenario.exams, scopes, strict=True):
                if 0 < exam_day - day <= REVIEW_AHEAD_DAYS:
                    ahead |= scope
            candidates = ahead & (deck.state == 2) & (deck.due > t + 1e-9)
            if candidates.any():
                next_exam = min(d for d, _, _ in scenario.exams if d > day)
                seen = np.where(np.isnan(deck.s), 1.0, deck.s)
                predicted = fa.recall(
                    DEFAULT_WEIGHTS, _exam_moment(next_exam) - np.nan_to_num(deck.last), seen
                )
                priority = np.where(candidates, 2e6 + predicted, priority)

        def simulate(flat: IntArray, cap: Array = cap, t: float = t, day: int = day) -> Array:
            cap_of = np.broadcast_to(cap, (students, cards)).flat[flat]
            chain = _day_of_answers(deck, population, flat, t, day, cap_of, rng)
            pending.append((flat, chain))
            return np.sum([link.seconds for link in chain], axis=0)

        def commit(served: BoolArray) -> None:
            flat, chain = pending.pop()
            _commit(deck, chain[-1], served)
            for link in chain:
                first_student = served & (link.seconds > 0) & (flat < cards)
                for j in np.flatnonzero(first_student):
                    deck.log.append((int(flat[j]), float(link.at[j]), int(link.rating[j])))
            # The scheduler saw every answer's time, not only the last one's.
            for link in chain[:-1]:
                deck.timed_sum.flat[flat[served]] += link.seconds[served]
                deck.timed_count.flat[flat[served]] += (link.seconds[served] > 0).astype(float)

        spent = _serve_in_chunks(
            priority, cap_seconds, _chunk(cap_seconds, population), simulate, commit
        )
        minutes[:, day] = spent / 60.0
    for e, (exam_day, _, _) in enumerate(scenario.exams):
        if exam_day == scenario.last_day:
            recall[:, e], learned[:, e] = _measure(deck, population, scopes[e], exam_day)
    return Outcome(recall, minutes, learned), deck


def _estimated_seconds(deck: Deck) -> Array:
    """What the planner knows of each card's cost: seconds_per_card's rule (own answers pulled
    toward the student's overall time by two answers), with means in place of medians."""
    total = deck.timed_sum.sum(axis=1, keepdims=True)
    count = deck.timed_count.sum(axis=1, keepdims=True)
    overall = np.where(count > 0, total / np.maximum(count, 1), 10.0)
    return (deck.timed_sum + 2.0 * overall) / (deck.timed_count + 2.0)


def run_planner(
    scenario: Scenario,
    population: Population,
    rng: np.random.Generator,
    caps: Array | None = None,
    check: bool = False,
) -> tuple[Outcome, Deck]:
    """Strategy d (and d= when `caps` gives each student's minutes per day)."""
    deck = Deck.start(population)
    students, cards = deck.s.shape
    scopes = _scopes(scenario)
    weight = _weights(scenario)
    recall = np.zeros((students, len(scopes)))
    learned = np.zeros((students, len(scopes)))
    minutes = np.zeros((students, scenario.last_day))
    no_cap = np.full(len(deck.s.flat), 36500.0)
    pending: list[_Answers] = []
    for day in range(scenario.last_day):
        for e, (exam_day, _, _) in enumerate(scenario.exams):
            if exam_day == day:
                recall[:, e], learned[:, e] = _measure(deck, population, scopes[e], day)
        t = day + SESSION_HOUR / 24
        cap_seconds = (
            np.full(students, scenario.minutes * 60.0) if caps is None else caps[:, day] * 60.0
        )
        moments = [_exam_moment(d) for d, _, _ in scenario.exams]
        estimate = _estimated_seconds(deck)
        gain = expected_gain(
            DEFAULT_WEIGHTS,
            deck.s,
            deck.d,
            deck.last,
            t,
            exam_at=moments,
            exam_weight=weight,
        )
        order = gain_order(gain, estimate)
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(cards)[None, :].repeat(students, 0), axis=1)
        worth = worth_reviewing(gain, weight, estimate)
        priority = np.where(worth, rank.astype(float), np.inf)
        if check and day in (0, scenario.last_day // 2):
            check_queue_matches_library(scenario, deck, gain, estimate, t, cap_seconds[0])

        def simulate(flat: IntArray, t: float = t) -> Array:
            answers = _answer(deck, population, flat, np.full(len(flat), t), no_cap[flat], rng)
            pending.append(answers)
            return answers.seconds

        def commit(served: BoolArray) -> None:
            _commit(deck, pending.pop(), served)

        spent = _serve_in_chunks(
            priority, cap_seconds, _chunk(cap_seconds, population), simulate, commit
        )
        minutes[:, day] = spent / 60.0
    for e, (exam_day, _, _) in enumerate(scenario.exams):
        if exam_day == scenario.last_day:
            recall[:, e], learned[:, e] = _measure(deck, population, scopes[e], exam_day)
    return Outcome(recall, minutes, learned), deck


def _when(t: float) -> datetime:
    return EPOCH + timedelta(days=t)


def check_queue_matches_library(
    scenario: Scenario, deck: Deck, gain: Array, estimate: Array, t: float, cap_seconds: float
) -> None:
    """Student 0's planned day from the arrays must equal exam_queue over PlannedCard objects."""
    cards = []
    for i in range(deck.s.shape[1]):
        if np.isnan(deck.s[0, i]):
            state = CardState.new(EPOCH)
        else:
            state = CardState(
                LearningState(int(deck.state[0, i])),
                _when(float(deck.due[0, i])),
                None if deck.state[0, i] == 2 else int(deck.step[0, i]),
                float(deck.s[0, i]),
                float(deck.d[0, i]),
                _when(float(deck.last[0, i])),
            )
        cards.append(PlannedCard(f"c{i:05d}", state, float(estimate[0, i])))
    exams = [
        Exam(
            f"exam {k}",
            (EPOCH + timedelta(days=day)).date(),
            Budget.daily(scenario.minutes),
            frozenset(f"c{i:05d}" for i in range(first, end)),
        )
        for k, (day, first, end) in enumerate(scenario.exams)
    ]
    queue = exam_queue(cards, exams, _when(t), SchedulerSettings(), minutes_left=cap_seconds / 60.0)
    order = gain_order(gain[0], estimate[0])
    worth = worth_reviewing(gain[0], _weights(scenario), estimate[0])
    useful = order[worth[order]]
    started = np.cumsum(estimate[0][useful]) - estimate[0][useful]
    expected = tuple(f"c{i:05d}" for i in useful[started < cap_seconds])
    if queue != expected:
        raise AssertionError(
            f"{scenario.name}: exam_queue differs from the array planner on day {t:.1f}"
        )


def check_baseline_against_py_fsrs(deck: Deck, cards: Sequence[int]) -> int:
    """Replay student 0's log through notedeck.study.schedule.review; return cards checked.

    Raises:
        AssertionError: a card's stability, difficulty, state or due differs from py-fsrs's.
    """
    checked = 0
    for card in cards:
        answers = [(t, r) for i, t, r in deck.log if i == card]
        if not answers:
            continue
        state: CardState | None = None
        for t, rating in answers:
            state = review(state, Rating(rating), _when(t))
        assert state is not None and state.stability is not None
        if not (
            np.isclose(state.stability, deck.s[0, card], rtol=1e-9)
            and np.isclose(state.difficulty or 0.0, deck.d[0, card], rtol=1e-9)
            and int(state.state) == int(deck.state[0, card])
            and abs((state.due - _when(float(deck.due[0, card]))).total_seconds()) < 1.0
        ):
            raise AssertionError(f"card {card}: simulator {deck.s[0, card]} vs py-fsrs {state}")
        checked += 1
    return checked
