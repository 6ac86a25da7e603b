"""Explicit card syntax: `==highlight==` clozes on lines with very many deletions."""

from __future__ import annotations

import io
from pathlib import Path

from notedeck.derive.cards import derive_page_cards
from notedeck.export.csv import export_csv
from notedeck.model import CardKind
from notedeck.parse.explicit import find_line_card
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source
from notedeck.study.identity import reconcile


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
    # Read whole, but over the 1,000 characters a card's side may hold: no card is made.
    assert not any(c.kind is CardKind.CLOZE for c in derive_page_cards(page))


def test_unclosed_cloze_markers_stay_text_and_the_closed_one_is_the_card() -> None:
    # Found by bench/fuzz.py: each unclosed `{{c1::` reached across the lines to the next
    # `}}`, so the card's answer was the whole paragraph (and 3,000 such lines took minutes).
    lines = [" {{c1::   - Ebert destabilised Soviet industry" for _ in range(5)]
    text = "# T\n\n* Weimar\n" + "\n".join(lines) + " ruled by {{c2::Stalin}}\n"
    page = outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))

    (card,) = page.sections[0].points[0].cards
    assert (card.kind, card.back) == (CardKind.CLOZE, "Stalin")
    assert card.front.count("{{c1::") == 5 and card.front.endswith("ruled by {{c2::Stalin}}")


def test_a_cloze_number_too_long_for_anki_is_no_cloze_and_exports() -> None:
    # Python refuses to turn a 5,000-digit number into an int, which the export needs.
    marker = "{{c" + "9" * 5_000 + "::Lenin}}"
    page = outline_page("p.md", Path("p.md"), read_source(f"* {marker}\n".encode(), "p.md"))
    cards = reconcile(derive_page_cards(page), ()).cards

    assert CardKind.CLOZE not in [c.kind for p in page.sections[0].points for c in p.cards]
    out = io.StringIO()
    assert export_csv(cards, out, style="anki").notes == len(cards)  # the export still works


def test_a_double_colon_inside_a_tag_or_a_url_is_no_card() -> None:
    """Found by the fuzz run: `src="…the_March_::on_Rome.png"` split a line into a question
    and an answer made of attribute text."""
    from notedeck.parse.explicit import find_line_card

    tag = '<img src="https://x.org/the_March_::on_Rome.png" alt="map"> The March on Rome'
    assert find_line_card(tag, 1) is None
    assert find_line_card("See https://x.org/a::b for more", 1) is None
    assert find_line_card("<::!-- a comment -->", 1) is None  # a question needs a word
    assert find_line_card("Kirov <!-- check::date --> was shot in 1934", 1) is None
    card = find_line_card('What did <abbr title="a::b">NEP</abbr> mean?::A retreat', 1)
    assert card is not None and card.back == "A retreat"


def test_a_highlight_never_reaches_into_a_tag_or_a_url() -> None:
    """Found by the fuzz run: `i==n 1944 (<a href='ht==tps://…'>` made a cloze whose front
    showed the link's address."""
    from notedeck.parse.explicit import find_line_card

    assert find_line_card("peasantry i==n 1944 (<a href='ht==tps://x.org/a'>source</a>)", 1) is None
    line = "The ==Cheka== was set up (<a href='https://x.org'>src</a>) in ==1917=="
    card = find_line_card(line, 1)
    assert card is not None and card.back == "Cheka; 1917"


def test_the_opener_of_an_unclosed_cloze_is_no_question_and_answer() -> None:
    """Found by the fuzz run (seed 6): `<!-{{c1::- … -->` became the card `<!-{{c1` → `- …`."""
    assert find_line_card("<!-{{c1::- a comment -->", 1) is None
    assert find_line_card("Stalin's title {{c1::was", 1) is None
    card = find_line_card("Who led the NEP? :: Lenin, from {{c1", 1)
    assert card is not None and (card.front, card.back) == ("Who led the NEP?", "Lenin, from {{c1")
