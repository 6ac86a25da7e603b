"""Identity reconciliation at the pure level: real derived cards, edited notes, no store."""

from __future__ import annotations

from pathlib import Path

from notedeck.derive.cards import answer_of, derive_cards
from notedeck.model import Card, CardKind
from notedeck.notebook import load_notebook
from notedeck.study.identity import (
    CardChange,
    KnownCard,
    Reconciliation,
    reconcile,
    similarity,
)
from tests.helpers import NOTES, write_notes

RISE = (NOTES / "cards_rise.md").read_text(encoding="utf-8")
OTHER = "# Other page\n\n## Reasons for other things\n\n### Something\n\n* A point from 1900\n"


def _build(root: Path, files: dict[str, str]) -> tuple[Card, ...]:
    for old in root.glob("*.md"):
        old.unlink()
    write_notes(root, files)
    return derive_cards(load_notebook(root, cache_dir=False))


def _store(result: Reconciliation, previous: tuple[KnownCard, ...] = ()) -> tuple[KnownCard, ...]:
    """What a store would hold after applying `result`: every card ever seen, none deleted."""
    rows = {s.id: s for s in previous}
    for card in result.cards:
        rows[card.id] = KnownCard.from_card(card)
    for card_id in result.retired:
        rows[card_id] = KnownCard(**{**_fields(rows[card_id]), "status": "retired"})
    return tuple(rows.values())


def _fields(card: KnownCard) -> dict[str, object]:
    return {k: getattr(card, k) for k in KnownCard.__slots__}


def _find(cards: tuple[Card, ...], answer: str, kind: CardKind = CardKind.DATE_CLOZE) -> Card:
    (card,) = [c for c in cards if c.kind is kind and answer_of(c) == answer]
    return card


def test_first_build_is_all_new(tmp_path: Path) -> None:
    cards = _build(tmp_path, {"rise.md": RISE})
    result = reconcile(cards, ())
    assert result.counts() == {
        "new": len(cards),
        "edited": 0,
        "unchanged": 0,
        "retired": 0,
        "revived": 0,
    }
    assert [c.id for c in result.cards] == [c.id for c in cards]


def test_rebuild_unchanged_keeps_every_id(tmp_path: Path) -> None:
    cards = _build(tmp_path, {"rise.md": RISE})
    stored = _store(reconcile(cards, ()))
    again = reconcile(_build(tmp_path, {"rise.md": RISE}), stored)
    assert again.counts()["unchanged"] == len(cards)
    assert again.new == again.edited == again.retired_count == 0


def test_typo_fix_keeps_id_and_counts_edited(tmp_path: Path) -> None:
    typo = RISE.replace("Stalin was appointed as", "Stalin was apointed as")
    first = reconcile(_build(tmp_path, {"rise.md": typo}), ())
    before = _find(first.cards, "1922")
    fixed = reconcile(_build(tmp_path, {"rise.md": RISE}), _store(first))
    after = _find(fixed.cards, "1922")
    assert after.id == before.id
    assert after.key != before.key
    assert fixed.changes[after.id] is CardChange.EDITED
    assert fixed.new == 0 and fixed.retired_count == 0


def test_statement_edit_keeps_factor_card_by_key(tmp_path: Path) -> None:
    first = reconcile(_build(tmp_path, {"rise.md": RISE}), ())
    edited = RISE.replace("who never forgave the Republic", "who never forgave Weimar")
    second = reconcile(_build(tmp_path, {"rise.md": edited}), _store(first))
    factor = next(
        c for c in second.cards if c.kind is CardKind.FACTOR and c.source.factor == "Hyperinflation"
    )
    assert second.changes[factor.id] is CardChange.EDITED
    assert factor.id in {c.id for c in first.cards}


def test_factor_moved_to_another_page_keeps_ids(tmp_path: Path) -> None:
    first = reconcile(_build(tmp_path, {"rise.md": RISE, "other.md": OTHER}), ())
    start = RISE.index("### Control over party organisation")
    end = RISE.index("### Exploitation of ideological divisions")
    block = RISE[start:end]
    moved = reconcile(
        _build(tmp_path, {"rise.md": RISE[:start] + RISE[end:], "other.md": OTHER + "\n" + block}),
        _store(first),
    )
    for answer in ("1922", "1925", "1927"):
        before, after = _find(first.cards, answer), _find(moved.cards, answer)
        assert before.source.page == "rise.md" and after.source.page == "other.md"
        assert after.id == before.id, answer
    # Only the source section's sequence card changes: its dated events moved away.
    kinds = {c.id: c.kind for c in first.cards}
    assert {kinds[i] for i in moved.retired} <= {CardKind.SEQUENCE}


def test_deleted_point_retires_and_restored_point_revives(tmp_path: Path) -> None:
    line = "* The rest of the Politburo removed Bukharin from the Politburo in 1929\n"
    first = reconcile(_build(tmp_path, {"rise.md": RISE}), ())
    card = _find(first.cards, "1929")
    stored = _store(first)

    deleted = reconcile(_build(tmp_path, {"rise.md": RISE.replace(line, "")}), stored)
    assert card.id in deleted.retired
    assert deleted.changes[card.id] is CardChange.RETIRED
    assert card.id not in {c.id for c in deleted.cards}
    stored = _store(deleted, stored)
    assert {s.id: s.status for s in stored}[card.id] == "retired"

    restored = reconcile(_build(tmp_path, {"rise.md": RISE}), stored)
    again = _find(restored.cards, "1929")
    assert again.id == card.id
    assert restored.changes[card.id] is CardChange.REVIVED
    assert restored.revived >= 1 and restored.new == 0


def test_unrelated_new_point_gets_a_new_id(tmp_path: Path) -> None:
    first = reconcile(_build(tmp_path, {"rise.md": RISE}), ())
    extra = RISE.replace(
        "### Control over party organisation\n\n",
        "### Control over party organisation\n\n"
        "* Stalin's first Five-Year Plan began in October 1928\n",
    )
    second = reconcile(_build(tmp_path, {"rise.md": extra}), _store(first))
    card = _find(second.cards, "October 1928")
    assert second.changes[card.id] is CardChange.NEW
    assert card.id not in {c.id for c in first.cards}
    assert second.retired_count == 0


def test_threshold_separates_edits_from_other_cards() -> None:
    base = "When Lenin died in [...], his testament was read out at a meeting"
    assert similarity(base, "1924", base.replace("testament", "testamnet"), "1924") > 95
    other = "After Lenin died in [...], Stalin organised his funeral"
    assert similarity(base, "1924", other, "1924") < 72


# ---------------------------------------------------------------- a point moved on its page

MOVED_BEFORE = (NOTES / "moved_point.md").read_text(encoding="utf-8")


def _moved(text: str, bullet_start: str, under: str) -> str:
    """`text` with the bullet starting `bullet_start` moved to be the first under `under`."""
    lines = text.split("\n")
    (at,) = [i for i, line in enumerate(lines) if line.startswith(f"* {bullet_start}")]
    bullet = lines.pop(at)
    heading = lines.index(under)
    lines.insert(heading + 2, bullet)
    return "\n".join(lines)


def test_a_point_moved_to_another_factor_keeps_its_card_and_history_in_the_store(
    tmp_path: Path,
) -> None:
    from datetime import UTC, datetime

    from notedeck.study.build import build_cards
    from notedeck.study.store import CardStatus, Store

    notes = write_notes(tmp_path / "notes", {"stalin.md": MOVED_BEFORE})
    url = f"sqlite:///{tmp_path / 'study.sqlite'}"
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with Store.open(url) as store:
        first = build_cards(load_notebook(notes, cache_dir=False), store, now=now)
        committee = _find(first.cards, "Central Executive Committee", CardKind.TERM_CLOZE)
        assert committee.front.startswith("When Lenin died in 1924")
        army = _find(first.cards, "Red Army", CardKind.TERM_CLOZE)
        dated = _find(first.cards, "1924")
        for card in (committee, army, dated):
            store.record_answer(card.id, 3, now=now, idempotency_key=f"before-{card.id}")

    # The testament's death-date bullet goes to the end of the section, behind the other
    # mention of the committee; the Red Army resignation goes before the other mention.
    text = _moved(MOVED_BEFORE, "When Lenin died", "### Control over party organisation")
    text = _moved(text, "With his ideas", "### Non-disclosure of Lenin's testament")
    write_notes(notes, {"stalin.md": text})
    with Store.open(url) as store:
        second = build_cards(load_notebook(notes, cache_dir=False), store, now=now)
        assert second.retired == 0  # (one new card: "Lenin" may be asked away from a
        # heading that names him)
        by_id = {card.id: card for card in second.cards}
        assert by_id[committee.id].front == committee.front  # the same sentence still asks it
        assert by_id[committee.id].source.factor == "Control over party organisation"
        assert by_id[army.id].front == army.front  # the point that stayed keeps its card
        assert by_id[dated.id].back == "1924"
        history = {record.card_id for record in store.review_history()}
        assert {committee.id, army.id, dated.id} <= history
        retired = store.stored_cards(status=CardStatus.RETIRED)
        assert retired == ()


def test_alternates_do_not_change_what_a_first_build_or_derive_gives(tmp_path: Path) -> None:
    cards = _build(tmp_path, {"stalin.md": MOVED_BEFORE})
    committee = _find(cards, "Central Executive Committee", CardKind.TERM_CLOZE)
    (alternate,) = committee.alternates
    assert alternate.front.startswith("Trotsky criticised Lenin's New Economic Policy")
    result = reconcile(cards, ())
    assert [c.front for c in result.cards] == [c.front for c in cards]
    assert all(card.alternates == () for card in result.cards)
