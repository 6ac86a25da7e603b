"""A page's prose (points and link statements) as one string, with file lines for offsets.

Regex checks run once over the whole page instead of once per point, which is what keeps
health and spelling cheap on thousands of pages.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from notedeck.model import Page


class PageText:
    """Every point and statement wording of a page, one per line of `joined`.

    Attributes:
        parts: the texts, newlines flattened to spaces so `joined.split("\\n")` gives them back.
        lines: the file line of each part.
        joined: the parts joined with newlines.
    """

    def __init__(self, page: Page) -> None:
        self.parts: list[str] = []
        self.starts: list[int] = []
        self.lines: list[int] = []
        offset = 0
        for line, text in page_texts(page):
            flat = text.replace("\n", " ")
            self.starts.append(offset)
            self.lines.append(line)
            self.parts.append(flat)
            offset += len(flat) + 1
        self.joined = "\n".join(self.parts)

    def line_at(self, offset: int) -> int:
        """The file line of the part that holds `offset` in `joined`."""
        return self.lines[bisect_right(self.starts, offset) - 1]


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


# Link targets, HTML tags, code, URLs and Obsidian #tags hold no prose; never across lines.
_MARKUP = re.compile(r"\]\([^)\n]*\)|<[^>\n]*>|`[^`\n]*`|https?://\S+|(?<!\S)#[\w/-]+")


_MARKERS = ("](", "<", "`", "http", "#")


def strip_markup(text: str) -> str:
    """The text with non-prose spans blanked to spaces (offsets and lines are kept)."""
    if not any(marker in text for marker in _MARKERS):  # most notes: nothing to blank
        return text
    return _MARKUP.sub(lambda m: " " * len(m.group(0)), text)
