"""The cards the exam planner reads: one at a time (`PlannedCard`) or a whole scope as columns
(`PlannedColumns`), what each review of them costs, and the forecast's answer per card
(`CardRecall`).

A review session plans over the 1,500 cards of an exam and changes one after each answer, so
it keeps `PlannedCard`s; `exam status` forecasts every card of a notebook (313,000 on the
5,000-page bench notebook), which only columns make fast.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from statistics import median
from typing import TYPE_CHECKING

import numpy as np

from notedeck.study import fsrs_arrays as fa
from notedeck.study.schedule import CardState

if TYPE_CHECKING:
    from notedeck.study.records import ReviewRecord

__all__ = [
    "MAX_ANSWER_SECONDS",
    "TIMING_PRIOR_ANSWERS",
    "AnswerTime",
    "CardRecall",
    "PlannedCard",
    "PlannedColumns",
    "card_seconds",
    "seconds_per_card",
]

# Answers slower than this are a learner who walked away, not the card's cost.
MAX_ANSWER_SECONDS = 120.0
# A card's own timing counts as much as this many answers of the learner's overall median.
TIMING_PRIOR_ANSWERS = 2.0

#: One answer as the timing estimate reads it: (card id, milliseconds taken, or None).
AnswerTime = tuple[str, int | None]


@dataclass(frozen=True, slots=True)
class PlannedCard:
    """A card the planner may schedule: its memory state and what one review of it costs.

    Attributes:
        card_id: the stored card id.
        state: its FSRS memory state now.
        seconds: expected seconds per review (see `seconds_per_card`).
    """

    card_id: str
    state: CardState
    seconds: float


@dataclass(frozen=True, slots=True, eq=False)
class PlannedColumns:
    """Many `PlannedCard`s as parallel arrays: how `exam status` hands a whole notebook's
    cards to the forecast without an object per card.

    Attributes:
        ids: the card ids, each once.
        id_rank: any integers in the same order as the ids (the forecast orders cards by id).
        stability, difficulty: the memory state; NaN for a card never answered.
        last_review: the last answer as POSIX seconds; NaN for a card never answered.
        seconds: expected seconds per review.
    """

    ids: Sequence[str]
    id_rank: fa.IntArray
    stability: fa.FloatArray
    difficulty: fa.FloatArray
    last_review: fa.FloatArray
    seconds: fa.FloatArray

    @classmethod
    def of_memory(
        cls,
        ids: Sequence[str],
        *,
        id_rank: fa.IntArray,
        stability: fa.FloatArray,
        difficulty: fa.FloatArray,
        last_review: fa.FloatArray,
        seconds: fa.FloatArray,
    ) -> PlannedColumns:
        """Columns from stored memory states, NaN where the store holds NULL: a card without a
        last answer or a stability is new to the planner, and an answered card without a
        difficulty gets the middle one, 5."""
        answered = ~(np.isnan(last_review) | np.isnan(stability))
        return cls(
            ids,
            id_rank,
            np.where(answered, stability, np.nan),
            np.where(answered, np.where(np.isnan(difficulty), 5.0, difficulty), np.nan),
            np.where(answered, last_review, np.nan),
            seconds,
        )

    @classmethod
    def of(cls, cards: Iterable[PlannedCard]) -> PlannedColumns:
        """The columns of `cards`; of two cards with the same id, the first counts."""
        chosen: dict[str, PlannedCard] = {}
        for card in cards:
            chosen.setdefault(card.card_id, card)
        picked = list(chosen.values())
        n = len(picked)
        ids = tuple(chosen)
        rows = np.array([_memory_row(card.state) for card in picked], dtype=float).reshape(n, 3)
        rank = np.empty(n, np.intp)
        rank[np.argsort(np.array(ids, dtype=str), kind="stable")] = np.arange(n)
        return cls.of_memory(
            ids,
            id_rank=rank,
            stability=rows[:, 0].copy(),
            difficulty=rows[:, 1].copy(),
            last_review=rows[:, 2].copy(),
            seconds=np.array([card.seconds for card in picked], dtype=float),
        )


class CardRecall(Mapping[str, float]):
    """Predicted recall by card id, kept as an array in the order the cards were given to the
    forecast, so that a caller holding those cards reads it as an array (`array`) and
    nobody builds a dict of 313,000 entries unless they look a card up."""

    __slots__ = ("_index", "array", "ids")

    def __init__(self, ids: Sequence[str], array: fa.FloatArray) -> None:
        self.ids = ids
        self.array = array
        self._index: dict[str, int] | None = None

    def __getitem__(self, card_id: str) -> float:
        if self._index is None:
            self._index = {key: i for i, key in enumerate(self.ids)}
        return float(self.array[self._index[card_id]])

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"CardRecall({len(self.ids)} cards)"


def seconds_per_card(
    history: Sequence[ReviewRecord], card_ids: Iterable[str], default: float = 10.0
) -> dict[str, float]:
    """Estimated seconds per review for each card, from the log; default without history.

    A card's median answer time is pulled toward the learner's overall median by
    TIMING_PRIOR_ANSWERS answers, so one slow first look does not price a card out of the plan;
    a card never answered costs the learner's overall median, or `default` with no timed answer
    at all. Answers over MAX_ANSWER_SECONDS are dropped as the learner having walked away.
    """
    overall, own = _timings(((r.card_id, r.duration_ms) for r in history), default)
    return {card_id: own.get(card_id, overall) for card_id in card_ids}


def card_seconds(
    times: Iterable[AnswerTime], card_ids: Sequence[str], default: float = 10.0
) -> fa.FloatArray:
    """`seconds_per_card` as an array in the order of `card_ids`, from the log's answer times
    alone (`Store.answer_times`): a whole notebook's log read as records took 1.4 s for
    141,000 answers, as (card, milliseconds) pairs a tenth of that."""
    overall, own = _timings(times, default)
    if not own:
        return np.full(len(card_ids), float(overall))
    return np.fromiter((own.get(card_id, overall) for card_id in card_ids), float, len(card_ids))


def _timings(times: Iterable[AnswerTime], default: float) -> tuple[float, dict[str, float]]:
    """The learner's overall median seconds, and the estimate of each card with timed answers."""
    timed: defaultdict[str, list[float]] = defaultdict(list)
    for card_id, duration_ms in times:
        if duration_ms is None or duration_ms <= 0:
            continue
        seconds = duration_ms / 1000.0
        if seconds <= MAX_ANSWER_SECONDS:
            timed[card_id].append(seconds)
    everything = [s for values in timed.values() for s in values]
    overall = median(everything) if everything else default
    own = {
        card_id: (len(values) * (values[0] if len(values) == 1 else median(values))
                  + TIMING_PRIOR_ANSWERS * overall)
        / (len(values) + TIMING_PRIOR_ANSWERS)
        for card_id, values in timed.items()
    }  # fmt: skip
    return overall, own


_NEVER_ANSWERED = (np.nan, np.nan, np.nan)


def _memory_row(state: CardState) -> tuple[float, float, float]:
    """(stability, difficulty, last answer as a POSIX time) as stored, NaN for None
    (`PlannedColumns.of_memory` decides what a missing value means)."""
    if state.last_review is None:
        return _NEVER_ANSWERED
    stability, difficulty = state.stability, state.difficulty
    return (
        np.nan if stability is None else stability,
        np.nan if difficulty is None else difficulty,
        state.last_review.timestamp(),
    )
