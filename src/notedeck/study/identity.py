"""Card identity: which derived card is which stored card, so review history follows edits.

DESIGN §4. Pure: cards in, decisions out; `study/store.py` applies them. On every build:

1. a derived card whose `key` equals a stored card's key keeps that card's id (unchanged, or
   edited when its front or back text changed);
2. derived and stored cards still unmatched are paired by text similarity, kind by kind:
   first within the same page, then across pages (a factor moved to another page). A pair
   scoring at least `SIMILARITY_THRESHOLD` is the same card, edited, and keeps the stored id;
3. stored cards left over are retired (hidden from review, history kept); a retired card that
   matches again, by key or by similarity, is revived with its old id.

A derived card may come with `alternates`: the other clauses of its section that ask the same
term ("a term is asked once per section" keeps the first in reading order). Moving a point
changes which clause comes first, so each step above tries the card, then its alternates,
and the clause that matches a stored card is the one kept: a point moved on its page keeps
its card and history, and no other point's card is retired in its place. Unmatched, the card
itself is kept, so a first build is what `derive_cards` gives.

Similarity is `0.7 × front + 0.3 × ratio(back)`, where `front` is the best of
`ratio(front)`, `partial_ratio(front) − 8` and `ratio(context)` (rapidfuzz, on case-folded
text without emphasis marks, 0–100): a card whose front became one clause of the old front (a
new card generator) still pairs with it, and so does a clause whose cue changed because its
point moved under another heading (`Control over the party: He [...]` → `Trotsky's
mistakes: He [...]`): the context, the last part of the key, is the clause without its cue.
Moving each point of the seed page and the dev notes under each other factor of its section
(1,246 moves) retired a card in 106 moves before, in 20 now: mostly where the new heading
names the answer (no card may ask it there). The front carries most of the weight because
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
    slots = [(card, *card.alternates) for card in derived]
    matched: dict[int, int] = {}  # derived index -> stored index
    chosen: dict[int, Card] = {}  # derived index -> the card or alternate that matched
    by_key: dict[str, list[int]] = {}
    for j, old in enumerate(stored):
        by_key.setdefault(old.key, []).append(j)
    for js in by_key.values():  # prefer the active card when a key was stored twice
        js.sort(key=lambda j: stored[j].status != ACTIVE)
    taken: set[int] = set()
    for i, candidates in enumerate(slots):
        for card in candidates:
            free = (j for j in by_key.get(card.key, ()) if j not in taken)
            if (j := next((j for j in free if stored[j].kind == card.kind), -1)) >= 0:
                matched[i], chosen[i] = j, card
                taken.add(j)
                break

    for same_page in (True, False):
        for i, card, j in _pair_by_similarity(slots, stored, matched, taken, same_page=same_page):
            matched[i], chosen[i] = j, card
            taken.add(j)

    used_ids = {old.id for old in stored}
    cards: list[Card] = []
    changes: dict[str, CardChange] = {}
    for i, first in enumerate(derived):
        card = replace(chosen.get(i, first), alternates=()) if first.alternates else first
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


def similarity(
    a_front: str, a_back: str, b_front: str, b_back: str, a_key: str = "", b_key: str = ""
) -> float:
    """How alike two cards read, 0–100 (see the module docstring)."""
    a, b = _norm(a_front), _norm(b_front)
    a_context, b_context = _context(a_key), _context(b_key)
    front = max(
        fuzz.ratio(a, b),
        fuzz.partial_ratio(a, b) - PART_PENALTY,
        fuzz.ratio(a_context, b_context) if a_context and b_context else 0.0,
    )
    back = fuzz.ratio(_norm(a_back), _norm(b_back))
    return FRONT_WEIGHT * front + (1 - FRONT_WEIGHT) * back


def _pair_by_similarity(
    slots: Sequence[tuple[Card, ...]],
    stored: Sequence[KnownCard],
    matched: dict[int, int],
    taken: set[int],
    *,
    same_page: bool,
) -> list[tuple[int, Card, int]]:
    """Greedy best-first pairs of unmatched cards above the threshold, kind by kind:
    (derived index, the card or alternate that pairs, stored index).

    Within a page, each page is scored on its own: after a new card generator re-keys every
    card, a notebook's cards are compared page by page, not all with all.
    """
    # One entry per candidate: a derived card and each of its alternates.
    owner = [i for i, candidates in enumerate(slots) if i not in matched for _ in candidates]
    derived = [
        card for i, candidates in enumerate(slots) if i not in matched for card in candidates
    ]
    pairs: list[tuple[int, Card, int]] = []
    for kind in CardKind:
        new = [e for e, c in enumerate(derived) if c.kind == kind]
        old = [j for j, s in enumerate(stored) if j not in taken and s.kind == kind]
        if not new or not old:
            continue
        found: list[tuple[int, int]] = []
        if not same_page:
            found = _best_pairs(derived, stored, new, old, owner, same_page=False)
        else:
            pages: dict[str, tuple[list[int], list[int]]] = {}
            for e in new:
                pages.setdefault(derived[e].source.page, ([], []))[0].append(e)
            for j in old:
                if stored[j].page in pages:
                    pages[stored[j].page][1].append(j)
            for page_new, page_old in pages.values():
                if page_old:
                    found += _best_pairs(derived, stored, page_new, page_old, owner, same_page=True)
        pairs += [(owner[e], derived[e], j) for e, j in found]
    return pairs


def _best_pairs(
    derived: Sequence[Card],
    stored: Sequence[KnownCard],
    new: list[int],
    old: list[int],
    owner: Sequence[int],
    *,
    same_page: bool,
) -> list[tuple[int, int]]:
    new_fronts = [_norm(derived[i].front) for i in new]
    old_fronts = [_norm(stored[j].front) for j in old]
    fronts = np.maximum(
        cdist(new_fronts, old_fronts, scorer=fuzz.ratio),
        cdist(new_fronts, old_fronts, scorer=fuzz.partial_ratio) - PART_PENALTY,
    )
    new_contexts = [_context(derived[i].key) for i in new]
    old_contexts = [_context(stored[j].key) for j in old]
    both = np.outer([bool(c) for c in new_contexts], [bool(c) for c in old_contexts])
    contexts = cdist(new_contexts, old_contexts, scorer=fuzz.ratio)
    fronts = np.maximum(fronts, np.where(both, contexts, 0.0))  # two empty ones score 100
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
        if owner[new[a]] in used_new or b in used_old:  # a card's alternates pair once in all
            continue
        used_new.add(owner[new[a]])
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


def _context(key: str) -> str:
    """The normalised context a key ends with: a cloze's clause without its cue; "" for a
    key of another shape (then only fronts are compared)."""
    parts = key.split("\x1f")
    return parts[5] if len(parts) == 6 else ""


def _norm(text: str) -> str:
    return " ".join(text.replace("*", "").replace("_", " ").casefold().split())
