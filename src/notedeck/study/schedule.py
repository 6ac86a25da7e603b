"""Scheduling with FSRS: py-fsrs decides intervals, fsrs-rs fits parameters (DESIGN §6).

We never implement FSRS ourselves. This module converts between our stored card state and
`fsrs.Card`, keeps the scheduler's knobs (desired retention, parameters) as store settings,
and fits parameters to the learner's own review history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from enum import IntEnum
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, TypedDict

import fsrs
from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

if TYPE_CHECKING:
    from notedeck.study.records import ReviewRecord
    from notedeck.study.store import Store

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(fsrs.scheduler.DEFAULT_PARAMETERS)
DEFAULT_DESIRED_RETENTION = 0.9

# Below these there is too little to learn a forgetting curve from. fsrs-rs learns only from
# answers given a day or more after an earlier one (delta_t > 0); measured with fsrs-rs-python
# 0.9.3 on synthetic histories, it hands back its defaults unchanged under ~200 such answers and
# fits only the four initial stabilities a little above that; from ~400 it fits the whole model.
# The card floor keeps one heavily drilled card from passing for a history.
MIN_CARDS = 50
MIN_ITEMS = 400


class Rating(IntEnum):
    """The learner's answer; values match FSRS and Anki."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


class LearningState(IntEnum):
    """FSRS learning state; values match `fsrs.State` so rows stay readable by other tools."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


@dataclass(frozen=True, slots=True)
class CardState:
    """The FSRS memory state of one card, as kept in the `card_state` table.

    A card never reviewed is in py-fsrs's own starting state: learning, step 0, no stability
    or difficulty, due when it was added, no last review.

    Attributes:
        state: learning, review or relearning.
        due: when the card should next be shown (UTC).
        step: index into the (re)learning steps; None in the review state.
        stability: days until recall probability falls to 90%; None before the first review.
        difficulty: 1–10; None before the first review.
        last_review: time of the last answer (UTC); None for a new card.
    """

    state: LearningState
    due: datetime
    step: int | None = 0
    stability: float | None = None
    difficulty: float | None = None
    last_review: datetime | None = None

    @classmethod
    def new(cls, due: datetime) -> CardState:
        """The state of a card nobody has answered yet, due at `due`."""
        return cls(state=LearningState.LEARNING, due=_utc(due), step=0)

    @property
    def is_new(self) -> bool:
        return self.last_review is None


class SchedulerSettingsDict(TypedDict):
    desired_retention: float
    parameters: list[float]
    enable_fuzzing: bool


@dataclass(frozen=True, slots=True)
class SchedulerSettings:
    """The knobs of the FSRS scheduler, stored as rows of the `settings` table.

    Fuzzing is off by default: it draws from the global `random`, which would make a review
    session unrepeatable in tests and in the exam planner's simulations.

    Attributes:
        desired_retention: target probability of recall when a card comes due (0 < r < 1).
        parameters: the 21 FSRS-6 weights; defaults until `optimize` fits the learner's own.
        enable_fuzzing: spread intervals randomly by a few percent.

    Raises:
        ValueError: retention outside (0, 1) or parameters py-fsrs rejects.
    """

    desired_retention: float = DEFAULT_DESIRED_RETENTION
    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    enable_fuzzing: bool = False

    RETENTION_KEY: ClassVar[str] = "desired_retention"
    PARAMETERS_KEY: ClassVar[str] = "fsrs_parameters"
    FUZZING_KEY: ClassVar[str] = "fsrs_fuzzing"
    KEYS: ClassVar[tuple[str, ...]] = (RETENTION_KEY, PARAMETERS_KEY, FUZZING_KEY)

    def __post_init__(self) -> None:
        if not 0.0 < self.desired_retention < 1.0:
            raise ValueError(
                f"desired retention must be between 0 and 1, got {self.desired_retention}"
            )
        _scheduler(self.parameters, self.desired_retention, self.enable_fuzzing)

    @classmethod
    def from_settings(cls, values: Mapping[str, Any]) -> SchedulerSettings:
        """Build from stored setting values; absent keys take the defaults."""
        return cls(
            desired_retention=float(values.get(cls.RETENTION_KEY, DEFAULT_DESIRED_RETENTION)),
            parameters=tuple(float(p) for p in values.get(cls.PARAMETERS_KEY, DEFAULT_PARAMETERS)),
            enable_fuzzing=bool(values.get(cls.FUZZING_KEY, False)),
        )

    def to_settings(self) -> dict[str, Any]:
        """The setting rows this object is stored as (JSON-serialisable values)."""
        return {
            self.RETENTION_KEY: self.desired_retention,
            self.PARAMETERS_KEY: list(self.parameters),
            self.FUZZING_KEY: self.enable_fuzzing,
        }

    def to_dict(self) -> SchedulerSettingsDict:
        return {
            "desired_retention": self.desired_retention,
            "parameters": list(self.parameters),
            "enable_fuzzing": self.enable_fuzzing,
        }


@lru_cache(maxsize=16)
def _scheduler(
    parameters: tuple[float, ...], desired_retention: float, enable_fuzzing: bool
) -> fsrs.Scheduler:
    """One py-fsrs Scheduler per distinct configuration; building one validates parameters."""
    return fsrs.Scheduler(
        parameters=parameters,
        desired_retention=desired_retention,
        enable_fuzzing=enable_fuzzing,
    )


def _utc(moment: datetime) -> datetime:
    """The same instant in `datetime.UTC`, which py-fsrs insists on; naive times are refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got naive {moment.isoformat()}")
    return moment.astimezone(UTC)


def _to_fsrs(state: CardState) -> fsrs.Card:
    # card_id is passed so py-fsrs does not read the clock and sleep to invent one.
    return fsrs.Card(
        card_id=0,
        state=fsrs.State(int(state.state)),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=state.due,
        last_review=state.last_review,
    )


def _from_fsrs(card: fsrs.Card) -> CardState:
    return CardState(
        state=LearningState(int(card.state)),
        due=card.due,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        last_review=card.last_review,
    )


def review(
    state: CardState | None,
    rating: Rating,
    now: datetime,
    *,
    settings: SchedulerSettings | None = None,
) -> CardState:
    """The card's state after answering it with `rating` at `now`.

    Args:
        state: the state before the answer; None for a card never seen, due now.
        rating: the learner's answer.
        now: when the answer was given; any timezone-aware time (converted to UTC).
        settings: scheduler settings; defaults when None.

    Raises:
        ValueError: `now` is naive.
    """
    now = _utc(now)
    settings = settings or SchedulerSettings()
    before = state if state is not None else CardState.new(now)
    scheduler = _scheduler(settings.parameters, settings.desired_retention, settings.enable_fuzzing)
    after, _log = scheduler.review_card(_to_fsrs(before), fsrs.Rating(int(rating)), now)
    return _from_fsrs(after)


def retrievability(
    state: CardState, now: datetime, *, settings: SchedulerSettings | None = None
) -> float:
    """Predicted probability of recalling the card at `now` (0 for a card never reviewed)."""
    settings = settings or SchedulerSettings()
    scheduler = _scheduler(settings.parameters, settings.desired_retention, settings.enable_fuzzing)
    return float(scheduler.get_card_retrievability(_to_fsrs(state), _utc(now)))


def load_settings(store: Store) -> SchedulerSettings:
    """The scheduler settings kept in the store (defaults for anything not set).

    Raises:
        StoreError: the store cannot be read or holds settings py-fsrs rejects.
    """
    return store.scheduler_settings()


def save_settings(store: Store, settings: SchedulerSettings) -> None:
    """Keep `settings` in the store; later answers are scheduled with them."""
    for key, value in settings.to_settings().items():
        store.set_setting(key, value)


def set_desired_retention(store: Store, desired_retention: float) -> SchedulerSettings:
    """Change the desired retention, keeping the other settings; returns the new settings.

    Raises:
        ValueError: retention outside (0, 1).
    """
    current = load_settings(store)
    updated = SchedulerSettings(desired_retention, current.parameters, current.enable_fuzzing)
    save_settings(store, updated)
    return updated


class OptimizeResultDict(TypedDict):
    fitted: bool
    message: str
    parameters: list[float]
    reviews: int
    cards: int
    items: int


@dataclass(frozen=True, slots=True)
class OptimizeResult:
    """What `optimize` did.

    Attributes:
        fitted: True when new parameters were fitted (and saved, unless asked not to).
        message: one sentence for the learner, saying what happened or why nothing did.
        parameters: the parameters in use afterwards (the fitted ones when `fitted`).
        reviews: answers read from the review log.
        cards: cards answered again on a later day, the ones that teach the optimiser.
        items: training items built (one per later-day answer with earlier history).
    """

    fitted: bool
    message: str
    parameters: tuple[float, ...]
    reviews: int
    cards: int
    items: int

    def to_dict(self) -> OptimizeResultDict:
        return {
            "fitted": self.fitted,
            "message": self.message,
            "parameters": list(self.parameters),
            "reviews": self.reviews,
            "cards": self.cards,
            "items": self.items,
        }


def training_items(history: Sequence[ReviewRecord], *, tz: tzinfo = UTC) -> tuple[list[Any], int]:
    """fsrs-rs training items from review records, and how many cards they come from.

    Each answer given on a later day than the one before it becomes an item holding the card's
    history up to and including that answer; same-day answers are kept as context only, as the
    fsrs-rs examples do. Days are calendar days in `tz`, the learner's time zone.
    """
    from fsrs_rs_python import FSRSItem, FSRSReview

    by_card: defaultdict[str, list[ReviewRecord]] = defaultdict(list)
    for record in history:
        by_card[record.card_id].append(record)
    items: list[Any] = []
    cards = 0
    for records in by_card.values():
        records.sort(key=lambda r: (r.reviewed_at, r.review_id))
        reviews: list[Any] = []
        last_day = records[0].reviewed_at.astimezone(tz).date()
        contributed = False
        for record in records:
            day = record.reviewed_at.astimezone(tz).date()
            delta_t = (day - last_day).days
            reviews.append(FSRSReview(int(record.rating), delta_t))
            if delta_t > 0:
                item = FSRSItem(list(reviews))
                if item.long_term_review_cnt() > 0:
                    items.append(item)
                    contributed = True
            last_day = day
        cards += contributed
    return items, cards


def _within_bounds(parameters: Sequence[float]) -> tuple[float, ...]:
    """fsrs-rs parameters as py-fsrs accepts them.

    fsrs-rs works in float32, so a weight it clipped to a bound can land a hair outside it
    (0.8 becomes 0.800000011920929) and py-fsrs would refuse the whole set.
    """
    return tuple(
        min(max(round(float(p), 6), low), high)
        for p, low, high in zip(
            parameters, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS, strict=True
        )
    )


def optimize(
    store: Store,
    *,
    tz: tzinfo = UTC,
    min_cards: int = MIN_CARDS,
    min_items: int = MIN_ITEMS,
    save: bool = True,
) -> OptimizeResult:
    """Fit FSRS parameters to the learner's own review log with fsrs-rs and keep them.

    Too little history is an ordinary outcome, not an error: the result says so and the
    current parameters stay. Retired cards' answers count; they are real memory evidence.

    Args:
        store: the review store to read history from and save parameters to.
        tz: the learner's time zone, which decides where one day ends.
        min_cards: fewest cards answered again on a later day before fitting.
        min_items: fewest later-day answers (training items) before fitting.
        save: store the fitted parameters so later answers use them.

    Raises:
        StoreError: the store cannot be read or written.
    """
    from fsrs_rs_python import FSRS

    current = load_settings(store)
    history = store.review_history()
    items, cards = training_items(history, tz=tz)

    def result(fitted: bool, message: str, parameters: tuple[float, ...]) -> OptimizeResult:
        return OptimizeResult(fitted, message, parameters, len(history), cards, len(items))

    if cards < min_cards or len(items) < min_items:
        return result(
            False,
            f"Too little review history to fit FSRS parameters yet: {cards} cards were answered "
            f"again on a later day ({len(items)} such answers); fitting needs at least "
            f"{min_cards} cards and {min_items} answers. The current parameters stay.",
            current.parameters,
        )
    try:
        raw = FSRS(list(current.parameters)).compute_parameters(items)
    except (ValueError, RuntimeError) as exc:
        return result(
            False, f"The FSRS optimiser could not fit this history: {exc}", current.parameters
        )
    fitted = _within_bounds(raw)
    updated = SchedulerSettings(current.desired_retention, fitted, current.enable_fuzzing)
    if save:
        save_settings(store, updated)
    return result(
        True,
        f"Fitted FSRS parameters to {len(items)} answers on {cards} cards.",
        fitted,
    )
