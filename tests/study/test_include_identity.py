"""Cards from an included block (`{% include %}`) keep their history when the include moves."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from notedeck.model import Card, CardKind
from notedeck.notebook import load_notebook
from notedeck.study.build import build_cards
from notedeck.study.store import CardStatus, Store
from tests.helpers import write_notes

TIPS = ".gitbook/includes/war.md"
WAR = (
    "## The First World War\n"  # 1
    "\n"
    "* Defeat at Tannenberg in **1914** shamed the army\n"  # 3
    "* **S:** so the war turned the army against the Tsar\n"
)
PAGE = (
    "# Russia\n"
    "\n"
    "## Why did the Tsar fall?\n"
    "\n"
    "### Economic hardship\n"
    "\n"
    "* Bread shortages in Petrograd in **1917** caused strikes\n"
    "* **S:** so hunger brought the workers onto the streets\n"
    "\n"
    '{% include "../.gitbook/includes/war.md" %}\n'
)
# The include moves up, above the factor it followed, and the page grows above it.
MOVED = (
    "# Russia\n"
    "\n"
    "Notes for paper 2, revised in the spring.\n"
    "\n"
    "## Why did the Tsar fall?\n"
    "\n"
    '{% include "../.gitbook/includes/war.md" %}\n'
    "\n"
    "### Economic hardship\n"
    "\n"
    "* Bread shortages in Petrograd in **1917** caused strikes\n"
    "* **S:** so hunger brought the workers onto the streets\n"
)


def _dated(cards: tuple[Card, ...], year: str) -> Card:
    (card,) = [c for c in cards if c.kind is CardKind.DATE_CLOZE and c.back == year]
    return card


def test_cards_of_an_included_block_keep_their_history_when_the_include_moves(
    tmp_path: Path, db_url: str
) -> None:
    notes = write_notes(tmp_path / "notes", {"russia/revolution.md": PAGE, TIPS: WAR})
    now = datetime(2026, 3, 1, tzinfo=UTC)
    with Store.open(db_url) as store:
        first = build_cards(load_notebook(notes, cache_dir=False), store, now=now)
        war = _dated(first.cards, "1914")
        assert (war.source.page, war.source.file, war.source.file_line) == (
            "russia/revolution.md",
            TIPS,
            3,
        )
        assert war.source.place() == f"{TIPS}:3"
        store.record_answer(war.id, 3, now=now, idempotency_key="tannenberg")

    write_notes(notes, {"russia/revolution.md": MOVED})
    with Store.open(db_url) as store:
        second = build_cards(load_notebook(notes, cache_dir=False), store, now=now)
        assert second.retired == 0
        moved = _dated(second.cards, "1914")
        assert moved.id == war.id
        assert moved.source.place() == f"{TIPS}:3"  # still its own file's line
        assert war.id in {record.card_id for record in store.review_history()}
        active = {s.card.id for s in store.stored_cards(status=CardStatus.ACTIVE)}
        assert war.id in active
