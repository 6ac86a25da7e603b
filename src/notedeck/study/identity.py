"""Card identity: which derived card is which stored card, so review history follows edits.

DESIGN §4. Pure: cards in, decisions out; `study/store.py` applies them. On every build:

1. a derived card whose `key` equals a stored card's key keeps that card's id (unchanged, or
   edited when its front or back text changed);
2. derived and stored cards still unmatched are paired by text similarity, kind by kind:
   first within the same page, then across pages (a factor moved to another page). A pair
   scoring at least `SIMILARITY_THRESHOLD` is the same card, edited, and keeps the stored id;
3. stored cards left over are retired (hidden from review, history kept); a retired card that
   matches again, by key or by similarity, is revived with its old id.

Similarity is `0.7 × front + 0.3 × ratio(back)`, where `front` is the better of
`ratio(front)` and `partial_ratio(front) − 8` (rapidfuzz, on case-folded text without
emphasis marks, 0–100): a card whose front became one clause of the old front (a new card
generator) still pairs with it. The front carries most of the weight because
a cloze's back is a short answer (`1924`) that unrelated cards share. With the threshold at
72, fixing a typo (≈98), rewording a point while keeping its answer (≈75–90) or moving a
factor (100) keep the id; an unrelated point with the same year (≈55–65) or another blank of
the same sentence (≈60–68) does not.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

import numpy as np
from rapidfuzz import fuzz
from rapidfuzz.process import cdist

from notedeck.model import Card, CardKind

SIMILARITY_THRESHOLD = 72.0
FRONT_WEIGHT = 0.7
# A front that became one clause of the old one (or the reverse) scores as a near match,
# a little below a whole-text match.
PART_PENALTY = 8.0
ACTIVE, RETIRED = "active", "retired"


class CardChange(StrEnum):
    """What a build did to a card."""

    NEW = "new"
    UNCHANGED = "unchanged"
    EDITED = "edited"
    REVIVED = "revived"
    RETIRED = "retired"


@dataclass(frozen=True, slots=True)
class KnownCard:
    """What reconciliation needs to know about a card already in the store.

    Attributes:
        id: the stored id, which review history hangs off.
        kind: the card's kind; cards only pair with cards of the same kind.
        front, back: the texts as last stored.
        key: the exact-match key as last stored.
        page: the page id the card came from.
        status: `active` or `retired` (a store's `CardStatus` compares equal to these).
    """

    id: str
    kind: CardKind
    front: str
    back: str
    key: str
    page: str
    status: str = ACTIVE

    @classmethod
    def from_card(cls, card: Card, status: str = ACTIVE) -> KnownCard:
        """The identity view of a stored `Card` (e.g. `store.StoredCard.card`)."""
        return cls(
            card.id, card.kind, card.front, card.back, card.key, card.source.page, str(status)
        )


@dataclass(frozen=True, slots=True)
class Reconciliation:
    """The outcome of one build's reconciliation.

    Attributes:
        cards: the derived cards, in derived order, each with its final id.
        changes: what happened to each card, by final id; derived cards are new, unchanged,
            edited or revived; stored cards that were not derived again and were active are
            retired.
        retired: ids of stored cards retired by this build, in stored order.
    """

    cards: tuple[Card, ...]
    changes: dict[str, CardChange] = field(default_factory=dict, hash=False, compare=True)
    retired: tuple[str, ...] = ()

    def count(self, change: CardChange) -> int:
        return sum(1 for c in self.changes.values() if c is change)

    @property
    def new(self) -> int:
        return self.count(CardChange.NEW)

    @property
    def edited(self) -> int:
        return self.count(CardChange.EDITED)

    @property
    def unchanged(self) -> int:
        return self.count(CardChange.UNCHANGED)

    @property
    def revived(self) -> int:
        return self.count(CardChange.REVIVED)

    @property
    def retired_count(self) -> int:
        return len(self.retired)

    def counts(self) -> dict[str, int]:
        """`{"new": …, "edited": …, "unchanged": …, "retired": …, "revived": …}`."""
        return {
            "new": self.new,
            "edited": self.edited,
            "unchanged": self.unchanged,
            "retired": self.retired_count,
            "revived": self.revived,
        }


def reconcile(derived: Sequence[Card], stored: Sequence[KnownCard]) -> Reconciliation:
    """Give each derived card its stored id where it is the same card, and retire the rest.

    Args:
        derived: this build's cards (ids are content ids from `derive_cards`).
        stored: every card in the store, active and retired.

    Returns:
        The cards with final ids, what happened to each, and which stored cards retire.
    """
    matched: dict[int, int] = {}  # derived index -> stored index
    by_key: dict[str, list[int]] = {}
    for j, old in enumerate(stored):
        by_key.setdefault(old.key, []).append(j)
    for js in by_key.values():  # prefer the active card when a key was stored twice
        js.sort(key=lambda j: stored[j].status != ACTIVE)
    taken: set[int] = set()
    for i, card in enumerate(derived):
        for j in by_key.get(card.key, ()):
            if j not in taken and stored[j].kind == card.kind:
                matched[i] = j
                taken.add(j)
                break

    for same_page in (True, False):
        for i, j in _pair_by_similarity(derived, stored, matched, taken, same_page=same_page):
            matched[i] = j
            taken.add(j)

    used_ids = {old.id for old in stored}
    cards: list[Card] = []
    changes: dict[str, CardChange] = {}
    for i, card in enumerate(derived):
        if i in matched:
            old = stored[matched[i]]
            if old.status != ACTIVE:
                change = CardChange.REVIVED
            elif old.front == card.front and old.back == card.back and old.key == card.key:
                change = CardChange.UNCHANGED
            else:
                change = CardChange.EDITED
            final = card if card.id == old.id else replace(card, id=old.id)
        else:
            change = CardChange.NEW
            final = replace(card, id=_free_id(card, used_ids))
        used_ids.add(final.id)
        changes[final.id] = change
        cards.append(final)

    retired = tuple(
        old.id for j, old in enumerate(stored) if j not in taken and old.status == ACTIVE
    )
    for card_id in retired:
        changes[card_id] = CardChange.RETIRED
    return Reconciliation(tuple(cards), changes, retired)


def similarity(a_front: str, a_back: str, b_front: str, b_back: str) -> float:
    """How alike two cards read, 0–100 (see the module docstring)."""
    a, b = _norm(a_front), _norm(b_front)
    front = max(fuzz.ratio(a, b), fuzz.partial_ratio(a, b) - PART_PENALTY)
    back = fuzz.ratio(_norm(a_back), _norm(b_back))
    return FRONT_WEIGHT * front + (1 - FRONT_WEIGHT) * back


def _pair_by_similarity(
    derived: Sequence[Card],
    stored: Sequence[KnownCard],
    matched: dict[int, int],
    taken: set[int],
    *,
    same_page: bool,
) -> list[tuple[int, int]]:
    """Greedy best-first pairs of unmatched cards above the threshold, kind by kind.

    Within a page, each page is scored on its own: after a new card generator re-keys every
    card, a notebook's cards are compared page by page, not all with all.
    """
    pairs: list[tuple[int, int]] = []
    for kind in CardKind:
        new = [i for i, c in enumerate(derived) if i not in matched and c.kind == kind]
        old = [j for j, s in enumerate(stored) if j not in taken and s.kind == kind]
        if not new or not old:
            continue
        if not same_page:
            pairs += _best_pairs(derived, stored, new, old, same_page=False)
            continue
        pages: dict[str, tuple[list[int], list[int]]] = {}
        for i in new:
            pages.setdefault(derived[i].source.page, ([], []))[0].append(i)
        for j in old:
            if stored[j].page in pages:
                pages[stored[j].page][1].append(j)
        for page_new, page_old in pages.values():
            if page_old:
                pairs += _best_pairs(derived, stored, page_new, page_old, same_page=True)
    return pairs


def _best_pairs(
    derived: Sequence[Card],
    stored: Sequence[KnownCard],
    new: list[int],
    old: list[int],
    *,
    same_page: bool,
) -> list[tuple[int, int]]:
    new_fronts = [_norm(derived[i].front) for i in new]
    old_fronts = [_norm(stored[j].front) for j in old]
    fronts = np.maximum(
        cdist(new_fronts, old_fronts, scorer=fuzz.ratio),
        cdist(new_fronts, old_fronts, scorer=fuzz.partial_ratio) - PART_PENALTY,
    )
    backs = cdist(
        [_norm(derived[i].back) for i in new],
        [_norm(stored[j].back) for j in old],
        scorer=fuzz.ratio,
    )
    scores = FRONT_WEIGHT * fronts + (1 - FRONT_WEIGHT) * backs
    candidates = [
        (float(scores[a, b]), a, b)
        for a, i in enumerate(new)
        for b, j in enumerate(old)
        if scores[a, b] >= SIMILARITY_THRESHOLD
        and (derived[i].source.page == stored[j].page) == same_page
    ]
    candidates.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_new: set[int] = set()
    used_old: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _, a, b in candidates:
        if a in used_new or b in used_old:
            continue
        used_new.add(a)
        used_old.add(b)
        pairs.append((new[a], old[b]))
    return pairs


def _free_id(card: Card, used: set[str]) -> str:
    """The card's content id, or a variant of it when a stored card already holds that id."""
    candidate, n = card.id or _content_id(card.key), 1
    while candidate in used:
        candidate = _content_id(f"{card.key}#{n}")
        n += 1
    return candidate


def _content_id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _norm(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", " ").casefold().split())
