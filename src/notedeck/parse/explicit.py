"""Explicit card syntax the student wrote: `Q::A`, `Q:::A`, `==cloze==`, `{{c1::…}}`, `?` cards.

Recognised once here and kept on the `Point`; `derive/cards.py` turns them into cards.
"""

from __future__ import annotations

import itertools
import re

from notedeck.model import CardKind, ExplicitCard

_CODE_SPAN = re.compile(r"`[^`]*`")
# Where a `::` is not the student's: code, an HTML tag with its attributes, a URL, the
# opener of a cloze left unclosed (`{{c1::` is no question and answer).
_NOT_TEXT = re.compile(r"`[^`]*`|<!--.*?-->|<[a-zA-Z/][^<>]*>|(?:https?|ftp)://\S+|\{\{c\d{1,9}::")
CLOZE = re.compile(
    r"\{\{c(\d{1,9})::((?:(?!::|\{\{|\}\}).)*+)(?:::((?:(?!\{\{|\}\}).)*+))?\}\}", re.DOTALL
)
"""An Anki cloze deletion `{{cN::answer::hint}}`: groups number, answer, hint.

As in Anki, the answer ends at the first `::`; neither part holds `{{` or `}}`, so an unclosed
`{{c1::` is text and never reaches across other deletions to the next `}}` (tried from each of
thousands of unclosed ones, the old lazy pattern took time cubic in the paragraph)."""
BLANK = "[...]"
_HIGHLIGHT = re.compile(r"==(?=\S)(.+?)(?<=\S)==")
_REVERSED = re.compile(r"^(?P<q>.*?\S)\s*:::\s*(?P<a>\S.*)$")
_BASIC = re.compile(r"^(?P<q>.*?\S)\s*::\s*(?P<a>\S.*)$")


def find_line_card(text: str, line: int) -> ExplicitCard | None:
    """The explicit card written on one line of text, if any."""
    if ":" not in text and "=" not in text:  # most lines; one character is found faster than two
        return None
    if "::" not in text and "==" not in text:
        return None
    bare = _CODE_SPAN.sub("", text)
    if CLOZE.search(bare):
        return _cloze(text, line)
    # `Q::A` is split where the student's own `::` is: one inside a tag's attribute or a URL
    # (`src="…/the_March_::on_Rome.png"`) is masked, keeping every other character in place.
    stripped = text.strip()
    masked = _masked(stripped)
    for kind, pattern in ((CardKind.REVERSED, _REVERSED), (CardKind.BASIC, _BASIC)):
        if (m := pattern.match(masked)) is not None:
            question, answer = stripped[slice(*m.span("q"))], stripped[slice(*m.span("a"))]
            if not re.search(r"\w", question):  # `<::!-- … -->` asks nothing
                return None
            return ExplicitCard(kind, question.strip(), answer.strip(), line)
    if _highlights(stripped):
        return _cloze(text, line)
    return None


def _highlights(text: str) -> list[re.Match[str]]:
    """The `==…==` of `text` that are the student's: none reaches into code, a tag or a URL
    (`i==n 1944 (<a href='ht==tps://…'>` is no highlight)."""
    return [m for m in _HIGHLIGHT.finditer(_masked(text)) if "\x00" not in m.group()]


def _masked(text: str) -> str:
    """`text` with code, tags and URLs blanked out, every other character in its place."""
    return _NOT_TEXT.sub(lambda m: "\x00" * len(m.group()), text)


def find_block_card(lines: list[str], line: int) -> ExplicitCard | None:
    """A multi-line card: question lines, a `?` (or `??`, both ways) line, answer lines."""
    for index, raw in enumerate(lines):
        marker = raw.strip()
        if marker in {"?", "??"} and 0 < index < len(lines) - 1:
            # The question is the lines just above the marker; a `Q::A` or cloze line further
            # up is a card of its own (Obsidian puts cards on consecutive lines).
            start = index
            while start > 0 and find_line_card(lines[start - 1], line + start - 1) is None:
                start -= 1
            if start == index:
                continue
            front = "\n".join(lines[start:index]).strip()
            back = "\n".join(lines[index + 1 :]).strip()
            kind = CardKind.REVERSED if marker == "??" else CardKind.BASIC
            return ExplicitCard(kind, front, back, line + start)
    return None


def _cloze(text: str, line: int) -> ExplicitCard:
    """Normalise both cloze styles to Anki's `{{cN::…}}` so one renderer serves both."""
    hidden: list[str] = []
    counter = itertools.count(1)  # no limit: a pasted page may hold thousands

    front = text.strip()
    # A wrapped bullet's card is on the line of its first blank, not the bullet's first line.
    first = CLOZE.search(front) or next(iter(_highlights(front)), None)
    line += front[: first.start()].count("\n") if first else 0
    if CLOZE.search(front):
        hidden.extend(m.group(2) for m in CLOZE.finditer(front))
    else:
        pieces, done = [], 0
        for match in _highlights(front):
            answer = front[slice(*match.span(1))]
            hidden.append(answer)
            pieces += [front[done : match.start()], f"{{{{c{next(counter)}::{answer}}}}}"]
            done = match.end()
        front = "".join([*pieces, front[done:]])
    return ExplicitCard(CardKind.CLOZE, front, "; ".join(hidden), line)


def reveal_clozes(text: str) -> str:
    """`text` with every cloze deletion and highlight shown as its answer: a card's line read
    as the cue of the lines under it, where nothing is asked."""
    return _HIGHLIGHT.sub(r"\1", CLOZE.sub(lambda m: m.group(2), text))


def blank_clozes(text: str) -> str:
    """`text` with every cloze deletion shown as `[...]` (or `[hint]` when one is given)."""
    return CLOZE.sub(lambda m: f"[{m.group(3)}]" if m.group(3) else BLANK, text)


def cloze_faces(text: str) -> tuple[str, str]:
    """Question and answer sides of an Anki-style cloze: blanks, then the answers in bold."""
    return blank_clozes(text), CLOZE.sub(lambda m: f"**{m.group(2)}**", text)
