"""Self-test: what the reader hides in a point until it is clicked.

A point with cloze cards hides what the page's cards ask, wherever it stands on the point: a
cloze's hidden text is exactly a fact the student is tested on, and the cards are already
built, so a page renders without reading its sentences again (finding what could be hidden
took ~0.1 ms a point, most of a 200-point page's first render). The whole page's answers
count, not only the point's own: a term is asked once on a page, and hidden wherever it
recurs. A point with no cloze card (a heading, a link statement, a line too short for a
card) hides what `derive.hideable.find_hideables` finds in it: dates, numbers, names and
terms. Bold text is hidden in both, as the student chose it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from notedeck.derive.cards import answer_of
from notedeck.derive.hideable import find_hideables
from notedeck.model import Card, CardKind

__all__ = ["Answers", "has_cloze", "mark_hideable", "page_answers"]

Span = tuple[int, int]

_CLOZES = frozenset(
    {CardKind.CLOZE, CardKind.DATE_CLOZE, CardKind.TERM_CLOZE, CardKind.NUMBER_CLOZE}
)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_NO_HIDING = frozenset({"code", "pre", "a"})
# Words as answers are matched: `1,000`, `Brest-Litovsk` and `1929–1933` are one word each;
# an apostrophe splits, so `Hitler` is found in `Hitler's`.
_WORD = re.compile(r"\w+(?:[.,–-]\w+)*")
# An answer longer than this many words is a whole sentence (an explicit cloze): too long to
# look for word by word, and the point falls back to `find_hideables` if nothing else is found.
_MAX_WORDS = 12


@dataclass(frozen=True, slots=True)
class Answers:
    """The cloze answers of a page, as word sequences, for finding them in its points.

    Attributes:
        words: each answer split into words (`_WORD`).
        starts: for each first word of an answer, the lengths of the answers it starts,
            longest first: at most a look-up or two per word of a point.
    """

    words: frozenset[tuple[str, ...]]
    starts: Mapping[str, tuple[int, ...]] = field(default_factory=dict, compare=False, hash=False)


def page_answers(cards: Iterable[Card]) -> Answers:
    """What the page's cloze cards hide."""
    found: set[tuple[str, ...]] = set()
    for card in cards:
        if card.kind in _CLOZES:
            words = tuple(_WORD.findall(answer_of(card)))
            if 0 < len(words) <= _MAX_WORDS:
                found.add(words)
    starts: dict[str, set[int]] = {}
    for words in found:
        starts.setdefault(words[0], set()).add(len(words))
    by_first = {word: tuple(sorted(lengths, reverse=True)) for word, lengths in starts.items()}
    return Answers(frozenset(found), by_first)


def has_cloze(cards: Iterable[Card]) -> bool:
    """Whether any of a point's cards is a cloze, whose answers self-test can hide."""
    return any(card.kind in _CLOZES for card in cards)


@lru_cache(maxsize=65_536)
def mark_hideable(fragment: str, answers: Answers | None = None, own: tuple[str, ...] = ()) -> str:
    """Wrap what self-test hides in `<span class="st">` (and bold in `<strong class="st">`).

    Args:
        fragment: sanitised HTML of one point; only text between tags is touched, and it
            stays escaped. Code and link text are never hidden.
        answers: the page's cloze answers (`page_answers`), for a point with cloze cards;
            None, or none found in the text: what `find_hideables` finds is hidden instead.
        own: what the outline read in the point itself, hidden with the answers: its years
            (a card may leave a year out where figures are the point) and quoted terms.

    The text of the whole fragment is read at once (`In <b>1919</b> Ebert…` is one sentence);
    a span that crosses a tag is wrapped piece by piece. Remembered by fragment and answers:
    after an edit only the changed points are read again.
    """
    if not fragment:
        return fragment
    pieces = [piece for piece in _TAG_OR_TEXT.split(fragment) if piece]
    texts: dict[int, tuple[int, str]] = {}  # piece index -> (offset in plain, unescaped text)
    protected: list[Span] = []
    emphasis: list[Span] = []
    skipping: list[str] = []
    bold_from: int | None = None
    at = 0
    for index, piece in enumerate(pieces):
        if piece.startswith("<"):
            name = piece[1:].split(">", 1)[0].split(" ", 1)[0].lower()
            if name in _NO_HIDING:
                skipping.append(name)
            elif name.startswith("/") and skipping and name[1:] == skipping[-1]:
                skipping.pop()
            if name == "strong" and not skipping:
                pieces[index] = '<strong class="st">'
                bold_from = at
            elif name == "/strong" and bold_from is not None:
                emphasis.append((bold_from, at))
                bold_from = None
            continue
        text = html.unescape(piece)
        texts[index] = (at, text)
        if skipping:
            protected.append((at, at + len(text)))
        at += len(text)
    plain = "".join(text for _, text in texts.values())
    found = _answer_spans(plain, answers, own, protected) if answers else []
    if not found:
        found = [
            (h.start, h.end)
            for h in find_hideables(plain, years=None, emphasis=emphasis, protected=protected)
        ]
    if not found:
        return "".join(pieces)
    for index, (start, text) in texts.items():
        end = start + len(text)
        inside = [(max(a, start), min(b, end)) for a, b in found if a < end]
        inside = [(a - start, b - start) for a, b in inside if a < b]
        if inside:
            pieces[index] = "".join(_wrapped(text, inside))
    return "".join(pieces)


def _answer_spans(
    plain: str, answers: Answers, own: Sequence[str], protected: Sequence[Span]
) -> list[Span]:
    """Where the answers (and the point's `own` years and terms) stand in `plain`, read
    from the left, the longest at each word first (`21 March 1920` before `1920`); never
    inside code or a link."""
    mine = {tuple(_WORD.findall(text)) for text in own} - {()}
    mine_starts: dict[str, set[int]] = {}
    for key in mine:
        mine_starts.setdefault(key[0], set()).add(len(key))
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(plain)]
    texts = [word for _, _, word in words]
    spans: list[Span] = []
    at = 0
    while at < len(words):
        first = texts[at]
        lengths = answers.starts.get(first, ())
        if first in mine_starts:
            lengths = tuple(sorted({*lengths, *mine_starts[first]}, reverse=True))
        for length in lengths:
            if at + length > len(words):
                continue
            key = tuple(texts[at : at + length])
            if key not in answers.words and key not in mine:
                continue
            span = (words[at][0], words[at + length - 1][1])
            if not any(a < span[1] and span[0] < b for a, b in protected):
                spans.append(span)
                at += length
                break
        else:
            at += 1
    return spans


def _wrapped(text: str, spans: list[Span]) -> Iterator[str]:
    at = 0
    for start, end in spans:
        yield html.escape(text[at:start], quote=False)
        yield f'<span class="st">{html.escape(text[start:end], quote=False)}</span>'
        at = end
    yield html.escape(text[at:], quote=False)
