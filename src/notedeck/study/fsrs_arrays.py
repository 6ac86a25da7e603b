"""py-fsrs's memory formulas over numpy arrays, for planning many cards at once.

The exam planner asks "what would this card's stability be if it were answered now?" for every
card in scope after every answer, and its forecast asks it for every card on every day to the
exam. Calling `fsrs.Scheduler.review_card` that often costs seconds, so this module restates
py-fsrs 6.x's own update rules (`Scheduler._initial_stability`, `_next_difficulty`,
`_next_stability`, `_short_term_stability`, `get_card_retrievability`) element-wise. It is not
a second model: it has no parameters or rules of its own, and `tests/study/test_exam_planner.py`
checks it equal to py-fsrs card by card, through `notedeck.study.schedule.review`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from fsrs.scheduler import STABILITY_MIN

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

# py-fsrs clamps difficulty to this range (fsrs/scheduler.py MIN_DIFFICULTY, MAX_DIFFICULTY).
MIN_DIFFICULTY = 1.0
MAX_DIFFICULTY = 10.0

AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@dataclass(frozen=True, slots=True)
class Weights:
    """The 21 FSRS-6 weights with the two derived curve constants py-fsrs computes from them.

    Attributes:
        w: the weights, as `SchedulerSettings.parameters`.
        decay: the forgetting curve's exponent, -w[20].
        factor: chosen so that recall is 90 % after `stability` days.
    """

    w: tuple[float, ...]
    decay: float
    factor: float

    @classmethod
    def of(cls, parameters: tuple[float, ...]) -> Weights:
        decay = -parameters[20]
        return cls(tuple(parameters), decay, 0.9 ** (1.0 / decay) - 1.0)


def recall(weights: Weights, elapsed_days: FloatArray, stability: FloatArray) -> FloatArray:
    """Retrievability after `elapsed_days` whole days (py-fsrs floors the days itself)."""
    days = np.maximum(np.floor(elapsed_days), 0.0)
    return np.asarray((1.0 + weights.factor * days / stability) ** weights.decay)


def initial_stability(weights: Weights, rating: int) -> float:
    return max(weights.w[rating - 1], STABILITY_MIN)


def initial_difficulty(weights: Weights, rating: int) -> float:
    w = weights.w
    raw = w[4] - np.exp(w[5] * (rating - 1)) + 1.0
    return float(min(max(raw, MIN_DIFFICULTY), MAX_DIFFICULTY))


def next_difficulty(weights: Weights, difficulty: FloatArray, rating: int) -> FloatArray:
    w = weights.w
    easy_start = w[4] - np.exp(w[5] * (EASY - 1)) + 1.0
    delta = -(w[6] * (rating - 3))
    damped = difficulty + (10.0 - difficulty) * delta / 9.0
    return np.clip(w[7] * easy_start + (1.0 - w[7]) * damped, MIN_DIFFICULTY, MAX_DIFFICULTY)


def next_stability(
    weights: Weights,
    difficulty: FloatArray,
    stability: FloatArray,
    retrievability: FloatArray,
    rating: int,
) -> FloatArray:
    """Stability after an answer given a day or more after the last one."""
    w = weights.w
    if rating == AGAIN:
        long_term = (
            w[11]
            * difficulty ** (-w[12])
            * ((stability + 1.0) ** w[13] - 1.0)
            * np.exp((1.0 - retrievability) * w[14])
        )
        result = np.minimum(long_term, stability / np.exp(w[17] * w[18]))
    else:
        hard_penalty = w[15] if rating == HARD else 1.0
        easy_bonus = w[16] if rating == EASY else 1.0
        result = stability * (
            1.0
            + np.exp(w[8])
            * (11.0 - difficulty)
            * stability ** (-w[9])
            * (np.exp((1.0 - retrievability) * w[10]) - 1.0)
            * hard_penalty
            * easy_bonus
        )
    return np.maximum(result, STABILITY_MIN)


def short_term_stability(weights: Weights, stability: FloatArray, rating: int) -> FloatArray:
    """Stability after an answer on the same day as the last one."""
    w = weights.w
    increase = np.exp(w[17] * (rating - 3 + w[18])) * stability ** (-w[19])
    if rating >= HARD:
        increase = np.maximum(increase, 1.0)
    return np.maximum(stability * increase, STABILITY_MIN)


def answer(
    weights: Weights,
    stability: FloatArray,
    difficulty: FloatArray,
    since_last: FloatArray,
    rating: int,
) -> tuple[FloatArray, FloatArray]:
    """(stability, difficulty) after answering with `rating`, as py-fsrs's `review_card` sets them.

    Args:
        stability, difficulty: the state before; NaN for a card never answered.
        since_last: days since the last answer (any value for a new card).
        rating: 1-4, the same for every card.
    """
    new = np.isnan(stability)
    safe_s = np.where(new, 1.0, stability)
    safe_d = np.where(new, 5.0, difficulty)
    recalled = recall(weights, since_last, safe_s)
    same_day = np.floor(since_last) < 1.0
    long_term = next_stability(weights, safe_d, safe_s, recalled, rating)
    short_term = short_term_stability(weights, safe_s, rating)
    s = np.where(new, initial_stability(weights, rating), np.where(same_day, short_term, long_term))
    d = np.where(new, initial_difficulty(weights, rating), next_difficulty(weights, safe_d, rating))
    return s, d
