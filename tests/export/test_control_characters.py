"""Exports carry no control characters a note held (found by `bench/fuzz.py`).

The notebook keeps a note's exact text, so `--json` can show it; an export is read by Anki,
Quizlet and the people using them, where an escape sequence or a NUL is noise at best.
"""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from notedeck.derive.cards import derive_page_cards
from notedeck.export.anki import export_anki
from notedeck.export.csv import export_csv
from notedeck.model import Card
from notedeck.notebook import build_page
from notedeck.study.identity import reconcile

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NOTE = (
    "# Stalin\n\n## Consolidation of power\n\n### Control over party organisation\n\n"
    "* Stalin became General Secretary in **1922**\x1b]52;c;aGk=\x07 and built his base\n"
    "* The Lenin Enrolment\x9b2J brought in 500,000 new members by 1925\n"
    "* What was the Lenin Enrolment?::A recruitment\x08 drive\x0bof workers\n"
    "* Kirov was shot in 1934 &\x08#27;[2J and Stalin blamed the Left\n"  # &#27; if \x08 goes
)


def _cards() -> list[Card]:
    page = build_page("stalin.md", Path("stalin.md"), NOTE.encode()).page
    cards = list(reconcile(derive_page_cards(page), ()).cards)
    assert not any(CONTROL.search(card.front + card.back) for card in cards)  # made clean
    # Cards stored by an older version kept the note's exact text: exports clean those too.
    return [
        replace(card, front=f"{card.front}\x1b]52;c;aGk=\x07", back=f"\x9b2J{card.back}\x08")
        for card in cards
    ]


def test_csv_exports_drop_control_characters_and_keep_the_words() -> None:
    cards = _cards()
    for style in ("anki", "quizlet"):
        out = io.StringIO()
        export_csv(cards, out, style=style, deck_name="History")
        text = out.getvalue()
        assert CONTROL.findall(text) == [], style
        assert "Secretary in" in text and "and built his base" in text
        assert "A recruitment drive" in text and "of workers" in text
        assert "Stalin blamed the Left" in text


def test_anki_package_notes_hold_no_control_characters(tmp_path: Path) -> None:
    cards = _cards()
    export_anki(cards, tmp_path / "deck.apkg", deck_name="History", processes=1)
    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(tmp_path / "deck.apkg"),
            options=ImportAnkiPackageOptions(with_scheduling=False),
        )
        col.import_anki_package(request)
        fields = [field for nid in col.find_notes("") for field in col.get_note(nid).fields]
    finally:
        col.close()
    assert len(fields) >= 3 * len(cards) - len(cards)  # every note arrived, with its fields
    assert [f for f in fields if CONTROL.search(f)] == []
    assert any("and built his base" in f for f in fields)
    assert any("500,000 new members" in f for f in fields)
