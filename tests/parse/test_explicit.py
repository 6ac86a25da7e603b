"""Explicit card syntax: `==highlight==` clozes on lines with very many deletions."""

from __future__ import annotations

from pathlib import Path

from notedeck.derive.cards import derive_page_cards
from notedeck.model import CardKind
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source


def test_a_line_with_over_a_thousand_highlights_is_one_cloze_card() -> None:
    # Found by bench/fuzz.py: the 1,000th `==…==` on a line raised StopIteration, which
    # stopped the whole notebook from loading ("generator raised StopIteration").
    line = " ".join(f"=={n}==" for n in range(1, 1_201))
    text = f"# T\n\n## S\n\n* {line}\n"
    page = outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))

    (card,) = page.sections[0].points[0].cards
    assert card.kind is CardKind.CLOZE
    assert card.front.startswith("{{c1::1}} {{c2::2}}")
    assert card.front.endswith("{{c1200::1200}}")
    assert card.back.split("; ")[-1] == "1200"
    assert any(c.kind is CardKind.CLOZE for c in derive_page_cards(page))
