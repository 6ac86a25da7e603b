"""A new card generator re-keys cards; the learner's history must follow them by similarity.

The cards below are what the previous generator stored for the reference page's style
(the whole bullet, Markdown kept, a context line in italics); today's generator shows one
clause in plain text, so no key matches and every pairing rests on text similarity.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from notedeck.derive.cards import answer_of, derive_cards
from notedeck.model import Card, CardKind
from notedeck.notebook import load_notebook
from notedeck.study.build import build_cards
from notedeck.study.store import Store
from tests.helpers import NOTES

NOW = datetime(2026, 12, 1, 9, tzinfo=UTC)
_CLOZES = (CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE)


def _old_generator(card: Card, point_text: str) -> Card:
    """The card as the previous generator wrote it: the whole bullet, in Markdown."""
    answer = answer_of(card)
    front = point_text.replace(answer, "[...]", 1)
    if card.source.factor:
        front = f"*{card.source.factor}*\n\n{front}"
    key = "\x1f".join((card.source.page, card.source.section or "", card.source.factor or "",
                       card.kind.value, answer.casefold(), front.casefold()))  # fmt: skip
    old_id = "old-" + hashlib.sha256(key.encode()).hexdigest()[:12]
    return replace(card, id=old_id, front=front, key=key)


def test_history_follows_cards_through_a_generator_change(tmp_path: Path) -> None:
    notebook = load_notebook(NOTES / "cards_rise.md", cache_dir=False)
    lines = {p.line: p.text for page in notebook.pages for _, f in page.factors()
             for p in f.all_points()}  # fmt: skip
    current = derive_cards(notebook)
    old = [
        _old_generator(c, lines[c.source.line])
        for c in current
        if c.kind in _CLOZES and answer_of(c) in lines.get(c.source.line or 0, "")
    ]
    assert len(old) >= 10
    with Store.open(f"sqlite:///{tmp_path / 'reviews.sqlite3'}") as store:
        store.upsert_cards(old, now=NOW)
        for number, card in enumerate(old):
            store.record_answer(card.id, 3, now=NOW, idempotency_key=f"k{number}")
        report = build_cards(notebook, store, now=NOW)
        kept = {c.id for c in report.cards}
        # Every reviewed card is one of today's cards, under its old id: nothing retired.
        assert {c.id for c in old} <= kept
        assert report.retired == 0
        assert report.edited == len(old)
        history = {r.card_id for r in store.review_history()}
        assert history <= kept
        # ...and each kept its own answer: the card under an old id asks the same thing.
        by_id = {c.id: c for c in report.cards}
        for card in old:
            assert answer_of(by_id[card.id]) == answer_of(card)
            assert by_id[card.id].front != card.front  # the new, plain-text front
