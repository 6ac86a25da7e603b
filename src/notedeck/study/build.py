"""One build: derive the notebook's cards, match them to stored cards, and store the result.

This is the only place the pure stages (`derive/cards.py`, `study/identity.py`) meet the
store, so the CLI, the web app and tests all build the same way.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TypedDict

from notedeck.derive.cards import derive_cards
from notedeck.derive.memo import DerivedMemo
from notedeck.errors import StoreError
from notedeck.model import Card, Notebook
from notedeck.study.identity import RETIRED, CardChange, Reconciliation, reconcile
from notedeck.study.store import CardStatus, StaleBuild, Store


class BuildReportDict(TypedDict):
    new: int
    edited: int
    unchanged: int
    retired: int
    revived: int
    active: int


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a build changed.

    Attributes:
        new, edited, unchanged, revived: derived cards by what happened to them.
        retired: stored cards no longer in the notes (history kept).
        active: cards now in review.
        cards: the derived cards with their stored ids, in notebook order.
    """

    new: int
    edited: int
    unchanged: int
    retired: int
    revived: int
    cards: tuple[Card, ...]

    @property
    def active(self) -> int:
        return len(self.cards)

    def to_dict(self) -> BuildReportDict:
        return {
            "new": self.new,
            "edited": self.edited,
            "unchanged": self.unchanged,
            "retired": self.retired,
            "revived": self.revived,
            "active": self.active,
        }


def build_cards(
    notebook: Notebook, store: Store, *, now: datetime, memo: DerivedMemo | None = None
) -> BuildReport:
    """Derive, reconcile and store the notebook's cards; nothing is ever deleted.

    `store` should be scoped to the notebook (`Store.for_notebook`): then only its own cards
    are matched, retired or revived. A build that finds the notes unchanged writes nothing.
    When another build of the same notebook commits between this one's read and write, this
    one reconciles again against what that one stored, so each reports what it changed.

    `memo` keeps derived cards between processes (the notebook's page cache), so only
    pages that changed are derived again.

    Raises:
        StoreError: the store could not be read or written.
    """
    derived = derive_cards(notebook, memo)
    if store.notebook_id is not None:
        store.adopt_unclaimed({c.key for c in derived})
    for _attempt in range(_ATTEMPTS):
        revision, known = store.known_cards_at()
        result: Reconciliation = reconcile(derived, known)
        final = _clear_of_other_notebooks(result, store)
        statuses = {card_id: CardStatus(RETIRED) for card_id in result.retired}
        try:
            store.upsert_cards(final, statuses, now=now, expected_revision=revision)
        except StaleBuild:
            continue
        return BuildReport(
            new=result.new,
            edited=result.edited,
            unchanged=result.unchanged,
            retired=result.retired_count,
            revived=result.revived,
            cards=final,
        )
    raise StoreError(
        f"other builds of this notebook kept changing its cards in {store.where}; build again"
    )


_ATTEMPTS = 5


def _clear_of_other_notebooks(result: Reconciliation, store: Store) -> tuple[Card, ...]:
    """The cards, with each new card whose id another notebook's card holds given another.

    Card ids are unique across the store, and two notebooks with the same page and point
    derive the same content id; the new card takes an id salted with its notebook, so the
    other notebook's card and history stay where they are.
    """
    new_ids = [c.id for c in result.cards if result.changes.get(c.id) is CardChange.NEW]
    taken = store.ids_elsewhere(new_ids)
    if not taken:
        return result.cards
    used = taken | {c.id for c in result.cards}
    cards: list[Card] = []
    for card in result.cards:
        if card.id in taken:
            n = 0
            while (candidate := _salted_id(card.key, store.notebook_id, n)) in used:
                n += 1
            used.add(candidate)
            card = replace(card, id=candidate)
        cards.append(card)
    return tuple(cards)


def _salted_id(key: str, notebook_id: int | None, n: int) -> str:
    return hashlib.sha256(f"{notebook_id}:{key}#{n}".encode()).hexdigest()[:16]
