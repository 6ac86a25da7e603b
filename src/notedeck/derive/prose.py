"""A page's prose (points and link statements) as one string, with file lines for offsets.

Regex checks run once over the whole page instead of once per point, which is what keeps
health and spelling cheap on thousands of pages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from functools import cached_property
from itertools import accumulate

from notedeck.model import Page, Point


class PageText:
    """Every point and statement wording of a page, one per line of `joined`; code apart.

    Attributes:
        parts: the texts, newlines flattened to spaces so `joined.split("\\n")` gives them back.
        lines: the file line of each part.
        joined: the parts joined with newlines.
        code: the text of each fenced code block, which is not prose: never spell-checked or
            searched for repeated words, but its words are the page's own vocabulary.
    """

    def __init__(self, page: Page) -> None:
        lines: list[int] = []
        texts: list[str] = []
        self.code: list[str] = []
        for section in page.sections:
            _add_points(section.points, lines, texts, self.code)
            for factor in section.factors:
                _add_points(factor.points, lines, texts, self.code)
                for statement in factor.statements:
                    for alternative in statement.alternatives:
                        lines.append(statement.line)
                        texts.append(alternative)
        joined = "\n".join(texts)
        if joined.count("\n") >= len(texts):  # some text holds a newline: flatten them all
            texts = [text.replace("\n", " ") for text in texts]
            joined = "\n".join(texts)
        self.parts = texts
        self.lines = lines
        self.joined = joined

    @cached_property
    def starts(self) -> list[int]:
        """Where each part starts in `joined`; only findings need it, so it waits for one."""
        if not self.parts:
            return []
        return list(accumulate((len(text) + 1 for text in self.parts[:-1]), initial=0))

    def line_at(self, offset: int) -> int:
        """The file line of the part that holds `offset` in `joined`."""
        return self.lines[bisect_right(self.starts, offset) - 1]


def _add_points(
    points: tuple[Point, ...], lines: list[int], texts: list[str], code: list[str]
) -> None:
    """`page_texts` for some points and their descendants, depth first, into two lists;
    code blocks into a third."""
    for point in points:
        if point.code:
            code.append(point.text)
        else:
            lines.append(point.line)
            texts.append(point.text)
        if point.children:
            _add_points(point.children, lines, texts, code)


def page_texts(page: Page) -> Iterator[tuple[int, str]]:
    """(line, text) of every point and statement wording on the page, in order."""
    for section in page.sections:
        for top in section.points:
            yield from ((p.line, p.text) for p in top.walk())
        for factor in section.factors:
            for top in factor.points:
                yield from ((p.line, p.text) for p in top.walk())
            for statement in factor.statements:
                yield from ((statement.line, alt) for alt in statement.alternatives)


# Link targets, HTML code elements and tags, entities, code, URLs and Obsidian #tags hold no
# prose; never across lines.
_MARKUP = re.compile(
    r"\]\([^)\n]*\)|<(pre|code)\b[^>\n]*>.*?</(?:pre|code)\s*>|<[^>\n]*>|&#?\w+;"
    r"|`[^`\n]*`|https?://\S+|www\.\S+|(?<!\S)#[\w/-]+",
    re.IGNORECASE,
)


# What each `_MARKUP` branch needs. A marker's first character, rare in notes, is looked for
# first: one character is found many times faster than a string, on a page's whole text.
_MARKERS = ("](", "<", "&", "`", "//", "www.", "#")


def strip_markup(text: str) -> str:
    """The text with non-prose spans blanked to spaces (offsets and lines are kept)."""
    if not any(m[0] in text and m in text for m in _MARKERS):  # most notes: nothing to blank
        return text
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
