"""The cards an exam forecast reads, as columns: ids, where each card comes from, memory states.

`exam status` on a whole notebook covers every card: 313,000 on the 5,000-page bench notebook.
One Python object per card cost 4.5 s to read and 1.6 s to group there; as numpy arrays the
forecast and the grouping per page, section and factor run at C speed. The store fills this
from two plain SELECTs (`Store.scheduled_columns`); nothing here touches a database.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np
import numpy.typing as npt

__all__ = ["CardIds", "CardRow", "Place", "ScheduledColumns", "StateRow"]

#: Where a card comes from: (page, section, factor).
Place = tuple[str, str | None, str | None]
#: A card as the store reads it: (id, page, section, factor, line).
CardRow = tuple[str, str, str | None, str | None, int]
#: An answered card's memory: (card id, stability, difficulty, last answer in microseconds
#: since the Unix epoch, UTC).
StateRow = tuple[str, float | None, float | None, int]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]
BoolArray = npt.NDArray[np.bool_]


class CardIds(Sequence[str]):
    """Card ids kept as one text, `separator` between them, made into strings only when one
    is read.

    A forecast of a whole notebook reads only how many cards there are (the cards in scope
    are known by position); making the 313,000 strings of the bench notebook's saved copy
    (`scheduled_cache`) took 20 ms, and freeing them at exit more.
    """

    __slots__ = ("_count", "_ids", "_separator", "_text")

    def __init__(self, text: str, count: int, separator: str) -> None:
        self._text, self._count, self._separator = text, count, separator
        self._ids: tuple[str, ...] | None = None

    def _split(self) -> tuple[str, ...]:
        if self._ids is None:
            self._ids = tuple(self._text.split(self._separator)) if self._count else ()
        return self._ids

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[str]: ...
    def __getitem__(self, index: int | slice) -> str | Sequence[str]:
        return self._split()[index]

    def __iter__(self) -> Iterator[str]:
        return iter(self._split())

    def __repr__(self) -> str:
        return f"CardIds({self._count} ids)"


@dataclass(frozen=True, slots=True, eq=False)
class ScheduledColumns:
    """Cards offered for review, one array element per card, in notes order (page, line, id).

    Attributes:
        ids: the card ids (a tuple, or `CardIds` from a saved copy).
        id_rank: per card, the rank of its id among these ids (code point order), so that
            the forecast orders cards by id without comparing strings again.
        places: each distinct (page, section, factor), in the notes order of its first card.
        place: per card, its index into `places`.
        stability, difficulty: the FSRS memory state; NaN where the store holds NULL.
        last_review: the last answer as POSIX seconds; NaN for a card never answered.
    """

    ids: Sequence[str]
    id_rank: IntArray
    places: tuple[Place, ...]
    place: IntArray
    stability: FloatArray
    difficulty: FloatArray
    last_review: FloatArray

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def from_rows(cls, cards: Sequence[CardRow], states: Iterable[StateRow]) -> ScheduledColumns:
        """The columns of `cards` (any order) with the states in `states` (any order; rows of
        cards not in `cards` are ignored, so the store may read states without a join)."""
        n = len(cards)
        ids = [row[0] for row in cards]
        codes: dict[Place, int] = {}
        place = np.fromiter(
            (codes.setdefault(row[1:4], len(codes)) for row in cards),
            np.intp,
            n,
        )
        places = list(codes)
        # Notes order as `sorted` on (page, line, id) gives it: pages and ids ranked in their
        # own (code point) order, then one stable sort on the three integer keys.
        page_rank = {page: rank for rank, page in enumerate(sorted({p[0] for p in places}))}
        place_page = np.fromiter((page_rank[p[0]] for p in places), np.intp, len(places))
        id_rank = np.empty(n, np.intp)
        id_rank[np.argsort(np.array(ids, dtype=str), kind="stable")] = np.arange(n)
        line = np.fromiter((row[4] for row in cards), np.int64, n)
        order = np.lexsort((id_rank, line, place_page[place]))
        stability, difficulty, last_review = _states(states, ids)
        # Places renumbered by their first card in notes order, the order they are shown in.
        used, first = np.unique(place[order], return_index=True)
        shown = used[np.argsort(first)]
        renumber = np.empty(len(places), np.intp)
        renumber[shown] = np.arange(len(places))
        return cls(
            ids=tuple([ids[i] for i in order.tolist()]),
            id_rank=id_rank[order],
            places=tuple(places[i] for i in shown.tolist()),
            place=renumber[place[order]],
            stability=stability[order],
            difficulty=difficulty[order],
            last_review=last_review[order],
        )

    def where(self, keep: BoolArray) -> ScheduledColumns:
        """Only the cards where `keep` is true (places are kept whole, used or not)."""
        if keep.all():
            return self
        chosen = np.flatnonzero(keep)
        return ScheduledColumns(
            ids=tuple([self.ids[i] for i in chosen.tolist()]),
            id_rank=self.id_rank[chosen],
            places=self.places,
            place=self.place[chosen],
            stability=self.stability[chosen],
            difficulty=self.difficulty[chosen],
            last_review=self.last_review[chosen],
        )


def _states(
    states: Iterable[StateRow], ids: Sequence[str]
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """(stability, difficulty, last answer) per card of `ids`, NaN for NULL and for a card
    with no row."""
    n = len(ids)
    stability, difficulty, last_review = np.full(n, np.nan), np.full(n, np.nan), np.full(n, np.nan)
    rows = list(states)
    if not rows:
        return stability, difficulty, last_review
    index = {card_id: i for i, card_id in enumerate(ids)}
    kept = [(index[row[0]], row) for row in rows if row[0] in index]
    if not kept:
        return stability, difficulty, last_review
    at = np.fromiter((i for i, _ in kept), np.intp, len(kept))
    stability[at] = [np.nan if row[1] is None else row[1] for _, row in kept]
    difficulty[at] = [np.nan if row[2] is None else row[2] for _, row in kept]
    # Whole microseconds over 10**6, as `datetime.timestamp()` divides them.
    last_review[at] = np.fromiter((row[3] for _, row in kept), np.int64, len(kept)) / 1e6
    return stability, difficulty, last_review
