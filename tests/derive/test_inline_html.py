"""Inline HTML in notes: the text between tags is card text, attribute text never is.

Issue 11 found a card built from inside an `href`: a quoted `>` in an attribute ended the tag
early, so the rest of the attribute was read as note text.
"""

from __future__ import annotations

import re
from pathlib import Path

from notedeck.derive.cards import derive_cards
from notedeck.derive.cardtext import to_plain
from notedeck.notebook import load_notebook
from tests.helpers import NOTES

# Words that appear only inside attributes, comments or embeds of the fixture.
ATTRIBUTE_ONLY = (
    "wikipedia|Read about|Vissarionovich|Portrait|Bronstein|Coyoacan|example|Oppositsiya"
    "|Kharkov|color|Georgia|Tallinn|Riga|x\\.org|Yagoda|NKVD|Preobrazhensky"
    '|Vyshinsky|title|href|src|alt=|<|>|_\\(|"'
)


def test_no_card_holds_attribute_text_and_the_visible_text_still_makes_cards() -> None:
    notebook = load_notebook(NOTES / "inline_html.md", cache_dir=False)
    cards = derive_cards(notebook)
    leaked = [
        (card.front, card.back)
        for card in cards
        if re.search(ATTRIBUTE_ONLY, card.front + " " + card.back)
    ]
    assert leaked == []
    fronts = " ".join(card.front for card in cards)
    for visible in ("General Secretary", "United Opposition", "Five Year Plan", "Ribbentrop"):
        assert visible in fronts
    assert any(card.front.endswith("formed the United Opposition in [...]") for card in cards)


def test_plain_text_drops_tags_attributes_comments_and_embeds() -> None:
    assert to_plain('Stalin became <a title="a > b" href="x">leader</a> in 1922').text == (
        "Stalin became leader in 1922"
    )
    assert to_plain("<img alt='Trotsky > Stalin' src='t.png'> Trotsky fled").text == "Trotsky fled"
    assert to_plain("Kirov died <!-- Yagoda? --> in 1934").text == "Kirov died in 1934"
    assert to_plain("[the ABC](https://w.org/ABC_(book)) in 1919").text == "the ABC in 1919"
    assert to_plain("Purges ![[map.png|Lubyanka 1937]] in 1937").text == "Purges in 1937"
    # A quote left open in a tag falls back to the tag's first `>`, as before.
    assert to_plain('Stalin <a title="open>leader</a> won').text == "Stalin leader won"
    # Found by the fuzz run: a `<` inside a quoted value does not end the value.
    tagged = '<a href="https://x.org/<div>y" title="t">von Papen</a> rose in 1932'
    assert to_plain(tagged).text == "von Papen rose in 1932"


def test_a_tag_broken_over_a_line_leaks_no_attribute_text(tmp_path: Path) -> None:
    # Fuzz find (seed 4): `<a href=` then a bare carriage return, the address on the next line.
    # CommonMark reads one tag; trimming the lines used to start a line inside the attribute.
    page = tmp_path / "tag.md"
    page.write_bytes(
        b"# Rise\n\n## Support of the elites\n\n### The army\n\n"
        b'- <a href=\r"https://x.example/a" title="a title">Hindenburg</a>'
        b" won the army in **1925**.\n"
        b'- <a\nhref="https://x.example/b"\ntitle="b title">Schleicher</a> plotted in **1932**.\n'
    )
    notebook = load_notebook(page, cache_dir=False)
    fronts = [card.front for card in derive_cards(notebook)]
    assert [front for front in fronts if re.search("title|href|example|<|>", front)] == []
    assert "Support of the elites — The army: Hindenburg won the army in [...]." in fronts
    assert "Support of the elites — The army: Schleicher plotted in [...]." in fronts
