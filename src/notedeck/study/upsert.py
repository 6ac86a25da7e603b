"""Which card rows a build inserts, updates, retires or revives.

`Store.upsert_cards` reads the stored cards, asks `plan_card_writes` what to write, and
writes it in the same transaction. The decision is kept apart from the SQL so that its rules
(no row is ever deleted; a card given without a status is active; an unchanged card is left
alone) read in one place, without a connection.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from notedeck.errors import StoreError
from notedeck.model import Card
from notedeck.study.tables import CardStatus, card_row

__all__ = ["CardWrites", "UpsertReport", "card_rows", "plan_card_writes"]


@dataclass(frozen=True, slots=True)
class UpsertReport:
    """Row counts from `upsert_cards`."""

    inserted: int
    updated: int
    unchanged: int
    retired: int
    revived: int


@dataclass(frozen=True, slots=True)
class CardWrites:
    """The writes that bring the `cards` table in line with a build.

    Attributes:
        inserts: whole new `cards` rows, in the order the cards were given.
        updates: changed texts, source, tags or key, as `b_`-prefixed bind values.
        status_changes: retirements and revivals, as `b_`-prefixed bind values.
        report: the counts the caller is told.
    """

    inserts: list[dict[str, Any]]
    updates: list[dict[str, Any]]
    status_changes: list[dict[str, Any]]
    report: UpsertReport

    @property
    def nothing_to_do(self) -> bool:
        """The store already matches the build, so it need not be written (nor locked)."""
        return not (self.inserts or self.updates or self.status_changes)


def card_rows(new_cards: Iterable[Card]) -> dict[str, dict[str, Any]]:
    """The `cards` values of each card, by id.

    Raises:
        StoreError: a card id is given twice.
    """
    rows: dict[str, dict[str, Any]] = {}
    for card in new_cards:
        if card.id in rows:
            raise StoreError(f"card id {card.id!r} given twice")
        rows[card.id] = card_row(card)
    return rows


def plan_card_writes(
    rows: Mapping[str, dict[str, Any]],
    statuses: Mapping[str, CardStatus],
    existing: Mapping[str, Any],
    *,
    now: datetime,
) -> CardWrites:
    """What to write so the stored cards match `rows` and `statuses`.

    Args:
        rows: the build's cards, from `card_rows`.
        statuses: status by card id; ids not in `rows` only change status.
        existing: the stored `cards` rows by id: the `CARD_FIELDS` columns in order, then
            `status`.
        now: the build time (UTC), stamped on every row written.

    Raises:
        StoreError: `statuses` names a card that is neither given nor stored.
    """
    unknown = sorted(set(statuses) - set(rows) - set(existing))
    if unknown:
        raise StoreError(f"cannot set the status of unknown cards: {', '.join(unknown[:5])}")
    inserts, updates, status_changes = [], [], []
    retired = revived = unchanged = 0
    for card_id, row in rows.items():
        given = statuses.get(card_id)
        status = CardStatus.ACTIVE if given is None else CardStatus(given)
        old = existing.get(card_id)
        if old is None:
            retired_at = now if status is CardStatus.RETIRED else None
            inserts.append(
                {
                    **row,
                    "status": status.value,
                    "created_at": now,
                    "updated_at": now,
                    "retired_at": retired_at,
                }
            )
        elif tuple(old)[: len(row)] != tuple(row.values()):  # columns in `CARD_FIELDS` order
            updates.append({**{f"b_{k}": v for k, v in row.items()}, "b_updated_at": now})
        elif old.status == status.value:
            unchanged += 1
    for card_id, raw_status in statuses.items():
        status = CardStatus(raw_status)
        old = existing.get(card_id)
        if old is not None and old.status != status.value:
            retired_at = now if status is CardStatus.RETIRED else None
            status_changes.append(
                {
                    "b_id": card_id,
                    "b_status": status.value,
                    "b_retired_at": retired_at,
                    "b_updated_at": now,
                }
            )
            retired += status is CardStatus.RETIRED
            revived += status is CardStatus.ACTIVE
    for card_id in set(rows) - set(statuses):
        old = existing.get(card_id)
        if old is not None and old.status != CardStatus.ACTIVE.value:
            status_changes.append(
                {
                    "b_id": card_id,
                    "b_status": CardStatus.ACTIVE.value,
                    "b_retired_at": None,
                    "b_updated_at": now,
                }
            )
            revived += 1
    report = UpsertReport(len(inserts), len(updates), unchanged, retired, revived)
    return CardWrites(inserts, updates, status_changes, report)
