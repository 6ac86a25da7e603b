"""An enormous line gives cards whose total size grows linearly with it, each within a cap.

Issue 11: a 100 KB bullet made 1,100 cards holding 101 MB of front text. Sizes are asserted
here; the time and memory a long line takes are measured by `bench/longline.py`.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from notedeck.derive.cards import MAX_EXPLICIT, derive_cards
from notedeck.derive.cardtext import to_plain
from notedeck.derive.cloze import MAX_FRONT, _coverage
from notedeck.derive.hideable import _SpanReach
from notedeck.model import Card, CardKind
from notedeck.notebook import load_notebook
from tests.helpers import write_notes

_PEOPLE = ["Kamenev", "Zinoviev", "Bukharin", "Trotsky", "Rykov", "Tomsky", "Molotov", "Kirov"]
_THINGS = ["the Treaty of Riga", "the New Economic Policy", "the Five Year Plan", "the Cheka"]


def _prose(size: int, *, seed: int = 3) -> str:
    """Distinct dated sentences, `size` characters of them on one line."""
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < size:
        parts.append(
            f"{rng.choice(_PEOPLE)} signed {rng.choice(_THINGS)} in {rng.randrange(1900, 2000)}."
        )
    return " ".join(parts)[:size]


def _cards_of(tmp_path: Path, body: str) -> tuple[Card, ...]:
    root = write_notes(tmp_path / "notes", {"long.md": f"# Soviet politics\n\n{body}\n"})
    return derive_cards(load_notebook(root, cache_dir=False, workers=1))


def _front_bytes(cards: tuple[Card, ...]) -> int:
    return sum(len(card.front.encode()) for card in cards)


def test_a_long_line_of_prose_gives_small_cards_growing_linearly(tmp_path: Path) -> None:
    half = _cards_of(tmp_path / "half", f"## Rise of Stalin\n\n* {_prose(25_000)}")
    whole = _cards_of(tmp_path / "whole", f"## Rise of Stalin\n\n* {_prose(50_000)}")
    assert len(half) > 100  # the sentences still make cards
    assert max(len(card.front) for card in whole) <= MAX_FRONT
    assert _front_bytes(whole) <= 3 * 50_000
    assert _front_bytes(whole) <= 2.5 * _front_bytes(half)


def test_a_long_line_with_no_sentence_end_gives_no_card_longer_than_the_cap(
    tmp_path: Path,
) -> None:
    line = " and ".join(f"{p} signed **the Five Year Plan** in 1928" for p in _PEOPLE * 300)
    cards = _cards_of(tmp_path, f"## Rise of Stalin\n\n* {line}")
    assert all(len(card.front) <= MAX_FRONT for card in cards)


def test_an_enormous_explicit_card_is_not_made_but_a_normal_one_beside_it_is(
    tmp_path: Path,
) -> None:
    huge = " ".join(f"the ==Five Year Plan {n}== began in 1928" for n in range(600))
    cards = _cards_of(tmp_path, f"## Plans\n\n* {huge}\n* Gosplan::the state planning committee")
    assert [card.kind for card in cards] == [CardKind.BASIC]
    assert all(len(c.front) <= MAX_EXPLICIT and len(c.back) <= MAX_EXPLICIT for c in cards)


def test_a_heading_as_long_as_a_page_gives_no_factor_card(tmp_path: Path) -> None:
    title = "Control over party organisation " * 200
    cards = _cards_of(
        tmp_path,
        f"## Reasons for the rise of Stalin\n\n### {title}\n\n"
        "* **S:** This let Stalin fill the party with his supporters\n\n"
        "### Lenin's testament\n\n* **S:** Its suppression kept Stalin in post",
    )
    factors = [card for card in cards if card.kind is CardKind.FACTOR]
    assert [card.source.factor for card in factors] == ["Lenin's testament"]


_SPANS = st.lists(
    st.tuples(st.integers(0, 40), st.integers(1, 20)).map(lambda s: (s[0], s[0] + s[1]))
)


@given(_SPANS, st.integers(0, 60), st.integers(0, 60))
def test_the_span_index_answers_as_a_scan_of_every_span_would(
    spans: list[tuple[int, int]], start: int, length: int
) -> None:
    end = start + length + 1
    index = _SpanReach(spans)
    assert (index.reach_before(end) > start) == any(a < end and start < b for a, b in spans)
    assert (index.reach_before(start + 1) >= end) == any(a <= start and end <= b for a, b in spans)
    assert index.holds(start, end) == any(start <= a and b <= end for a, b in spans)


@given(_SPANS, st.integers(0, 70), st.integers(0, 70))
def test_coverage_counts_as_a_sum_over_the_spans_would(
    spans: list[tuple[int, int]], start: int, end: int
) -> None:
    start, end = sorted((start, end))
    before = _coverage(tuple(spans), 70)
    expected = sum(min(b, end) - max(a, start) for a, b in spans if a < end and start < b)
    assert before[end] - before[start] == expected


def test_a_line_of_thousands_of_highlights_is_read(tmp_path: Path) -> None:
    """It crashed every command (`StopIteration` past 999 `==…==` on one line)."""
    line = " ".join(f"the ==Five Year Plan {n}== began in 1928" for n in range(1200))
    cards = _cards_of(tmp_path, f"## Plans\n\n* {line}\n* Gosplan::the state planning committee")
    assert [card.kind for card in cards] == [CardKind.BASIC]


def test_thousands_of_unclosed_bold_markers_are_read_once() -> None:
    """Found by the fuzz run: 3,000 `**S: …` lines in one statement, none closed, took 18 s
    (each `**` looked for its partner through the whole text). Bold is read for at most
    1,000 characters, so the text comes back whole and at once."""
    text = "\n".join(f"**S: point {n} " + "x" * 400 for n in range(3_000))
    plain = to_plain(text)
    assert plain.text.startswith("**S: point 0 ")
    assert plain.text.count("**") == 3_000 and plain.emphasis == ()
    assert to_plain("a **bold term** b").emphasis == ((2, 11),)


def test_thousands_of_unclosed_links_are_read_once() -> None:
    """Found by the fuzz run: 3,000 `[[met in Munich` lines, none closed, took 12 s."""
    text = "\n".join(f"+ Hitler and Hindenburg [[met in Munich {n}" for n in range(3_000))
    plain = to_plain(text)
    assert plain.text.count("[[met in Munich") == 3_000 and plain.links == ()
    assert to_plain("see [[Weimar Republic|Weimar]] now").text == "see Weimar now"


def test_thousands_of_nested_brackets_are_read_once() -> None:
    """Found by the fuzz run (seed 5): lines of 3,000 `[` then 3,000 `]` took 23 s a page."""
    line = "[" * 3_000 + "Versailles" + "]" * 3_000
    plain = to_plain("\n".join([line] * 40))
    assert plain.text.count("Versailles") == 40 and len(plain.links) == 40  # [[Versailles]]
    assert to_plain("see [1 [the treaty](https://x.org/v) now").text == "see [1 the treaty now"


def test_a_page_of_one_enormous_token_is_read_and_checked(tmp_path: Path) -> None:
    """Found by the fuzz run (seed 5): a 190,000-character token took 58 s to spell-check."""
    token = "Stresemann" + "x" * 190_000
    text = f"# Weimar\n\n## Recovery\n\n- {token}\n- Stresemann ended the crisis in **1923**\n"
    notebook = load_notebook(write_notes(tmp_path, {"w.md": text}), cache_dir=False)
    assert [c.back for c in derive_cards(notebook) if c.kind is CardKind.DATE_CLOZE] == ["1923"]


def test_a_point_of_thousands_of_capitalised_words_is_read_once(tmp_path: Path) -> None:
    """Found by the fuzz run (seed 6): a page of `S: S: S: …` lines took 37 s to tally names."""
    lines = "\n".join(f"- {'S: ' * 700}Stresemann" for _ in range(40))
    text = f"# Weimar\n\n## Recovery\n\n{lines}\n- Stresemann ended the crisis in **1923**\n"
    notebook = load_notebook(write_notes(tmp_path, {"w.md": text}), cache_dir=False)
    assert [c.back for c in derive_cards(notebook) if c.kind is CardKind.DATE_CLOZE] == ["1923"]
