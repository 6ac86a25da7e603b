"""One build: derive the notebook's cards, match them to stored cards, and store the result.

This is the only place the pure stages (`derive/cards.py`, `study/identity.py`) meet the
store, so the CLI, the web app and tests all build the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict

from notedeck.derive.cards import derive_cards
from notedeck.derive.memo import DerivedMemo
from notedeck.model import Card, Notebook
from notedeck.study.identity import RETIRED, Reconciliation, reconcile
from notedeck.study.store import CardStatus, Store


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

    `memo` keeps derived cards between processes (the notebook's page cache), so only
    pages that changed are derived again.

    Raises:
        StoreError: the store could not be read or written.
    """
    result: Reconciliation = reconcile(derive_cards(notebook, memo), store.known_cards())
    statuses = {card_id: CardStatus(RETIRED) for card_id in result.retired}
    store.upsert_cards(result.cards, statuses, now=now)
    return BuildReport(
        new=result.new,
        edited=result.edited,
        unchanged=result.unchanged,
        retired=result.retired_count,
        revived=result.revived,
        cards=result.cards,
    )
