"""`web/selftest.py`: what the reader's self-test hides, from the page's own cards."""

from __future__ import annotations

import re
from pathlib import Path

from notedeck.derive.cards import answer_of, derive_page_cards
from notedeck.model import Card, CardKind
from notedeck.notebook import build_page
from notedeck.parse.source import read_source
from notedeck.web.render import render_page
from notedeck.web.selftest import mark_hideable
from tests.web.test_render import LINKS

NOTES = """# Weimar

## Why the Republic was weak 1919–23

### Hyperinflation

* In **1923** the Rentenmark replaced a currency worth 4.2 trillion marks to the dollar
* France and Belgium occupied the Ruhr on 11 January 1923 when Germany missed a payment
* Gustav Stresemann called off passive resistance in the Ruhr in September 1923
* The `Ruhr 1923` file and [the Ruhr](https://example.org/ruhr) are not hidden
"""
_HIDDEN = re.compile(r'<span class="st">(.*?)</span>')


def _rendered(text: str) -> tuple[str, dict[int, list[Card]]]:
    data = text.encode()
    page = build_page("w.md", Path("w.md"), data).page
    cards: dict[int, list[Card]] = {}
    for card in derive_page_cards(page):
        cards.setdefault(card.source.line or 0, []).append(card)
    html = render_page(page, read_source(data, "w.md").body, links=LINKS, cards=cards).html
    return html, cards


def _line(html: str, line: int) -> str:
    return html.split(f'data-line="{line}"', 1)[1].split("data-line=", 1)[0]


def test_every_cloze_answer_is_hidden_on_its_own_line() -> None:
    html, cards = _rendered(NOTES)
    clozes = [c for at in cards.values() for c in at if c.kind is not CardKind.FACTOR]
    assert len(clozes) >= 5, [answer_of(c) for c in clozes]
    for card in clozes:
        hidden = " ".join(_HIDDEN.findall(_line(html, card.source.line or 0)))
        assert answer_of(card) in hidden, f"{answer_of(card)!r} shown on line {card.source.line}"


def test_a_term_asked_on_the_page_is_hidden_where_it_recurs_but_never_in_code_or_links() -> None:
    html, cards = _rendered(NOTES)
    asked = {answer_of(c) for at in cards.values() for c in at}
    assert "Ruhr" in asked or "the Ruhr" in asked, asked
    stresemann = _line(html, 9)
    assert '<span class="st">Ruhr</span>' in stresemann, stresemann
    last = _line(html, 10)
    assert "<code>Ruhr 1923</code>" in last and ">the Ruhr</a>" in last, last


def test_the_longest_answer_wins_and_only_whole_words_are_hidden() -> None:
    html, _cards = _rendered(
        "# T\n\n## S\n\n### F\n\n"
        "* The treaty was signed on 3 March 1918 at Brest-Litovsk by Trotsky's deputies\n"
        "* In 1918 the Germans took 1,918 square miles and 19180 tonnes of grain\n"
    )
    first = _HIDDEN.findall(_line(html, 7))
    assert "3 March 1918" in first and "1918" not in first, first
    second = _HIDDEN.findall(_line(html, 8))
    assert "1918" in second and "19180" not in " ".join(s for s in second if s != "1918"), second


def test_a_line_without_cloze_cards_hides_what_a_card_could_ask() -> None:
    plain = mark_hideable("In 1923 Stresemann ended hyperinflation in Germany", None)
    assert '<span class="st">Stresemann</span>' in plain, plain
    assert '<span class="st">1923</span>' in plain, plain
