"""GitBook's `{% include %}`: reusable content read in place, with honest line numbers.

A GitBook space synced to Git keeps each reusable content block as Markdown under
`.gitbook/includes/`, and a page that shows one carries a line such as
`{% include "../.gitbook/includes/name.md" %}`, the path relative to the including page.
GitBook renders the block where that line is, so we inline its text there before the page
is outlined: its points, cards and checks work as if written in the page.

Three rules, chosen so that a student is never misled:

- **Headings nest.** The block's shallowest heading becomes one level below the heading
  the include sits in (`##` under a `##` section becomes `###`, a factor), and the page's
  text after the block belongs to that heading again, not to the block's last one.
- **Lines stay honest.** Included lines are numbered after the page's own last line
  (`Inclusion`), so the page's own lines keep their numbers and every line of the outline
  is one place; `Page.locate` turns an included line into the file and line it came from,
  and findings name that file.
- **Nothing outside the notebook is read**, and no bad include stops the page: a missing
  file, a path out of the notebook, a cycle, a chain deeper than `MAX_DEPTH`, a file that
  is not text or too big, or more included text than `MAX_INCLUDED_CHARS` each leave the
  include line empty with a `BAD_INCLUDE` finding.

Reading the included files is the loader's job (`notebook.py`); everything here is pure.
"""

from __future__ import annotations

import posixpath
import re
from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from notedeck.model import (
    Card,
    ExplicitCard,
    Factor,
    Finding,
    Inclusion,
    Page,
    Point,
    Section,
    Severity,
    Statement,
)
from notedeck.parse.source import FENCE, SourceText, read_source

BAD_INCLUDE = "BAD_INCLUDE"
MAX_DEPTH = 5
"""Includes inside included files are followed this many levels deep. GitBook's editor
nests none; a chain this long is a mistake, and a bound keeps a page's size bounded."""
MAX_INCLUDE_BYTES = 1024 * 1024
"""A larger included file is refused: a reusable block is a few lines to a few KB."""
MAX_INCLUDED_CHARS = 4 * 1024 * 1024
"""Text one page may take in from includes, in all. Without a bound, a page that includes a
big block ten thousand times (or a chain that fans out at each level) would grow without
limit; real pages take in a few KB."""

# A line holding only `{% include "path" %}` (or single quotes), as GitBook writes it.
_INCLUDE_LINE = re.compile(
    r"""^[ \t]*\{%-?[ \t]*include[ \t]+(["'])([^"'\n]*)\1[ \t]*-?%\}[ \t]*$"""
)
# Any other include tag on a line of its own: GitBook's own form with no path we can read.
_OTHER_INCLUDE = re.compile(r"^[ \t]*\{%-?[ \t]*include(?:[ \t][^\n]*)?%\}[ \t]*$")
_HEADING = re.compile(r"^( {0,3})(#{1,6})(?=[ \t]|$)")

IncludedFiles = Mapping[str, bytes | str]
"""What the loader read for each include: the file's bytes, or why it could not (a
sentence end such as "does not exist"), by path relative to the notebook root."""


def include_targets(text: str) -> Iterator[tuple[int, str]]:
    """(line, path as written) of each `{% include %}` line outside fenced code."""
    if "include" not in text:
        return
    fence = ""
    for number, line in enumerate(text.split("\n"), 1):
        fence, code = _fenced(line, fence)
        if not code and "{%" in line and (found := _INCLUDE_LINE.match(line)):
            yield number, found.group(2)


def resolve_include(including: str, target: str) -> str | None:
    """The notebook-relative path of an include target, or None when it leads out of the
    notebook. A path is relative to the including file; one starting `/` to the root."""
    target = target.strip()
    if not target or "\\" in target or "\0" in target or "://" in target:
        return None
    base = "" if target.startswith("/") else posixpath.dirname(including)
    path = posixpath.normpath(posixpath.join(base, target.lstrip("/")))
    if path in (".", "..") or path.startswith("../"):
        return None
    return path


@dataclass(frozen=True, slots=True)
class Expanded:
    """A page's body with its includes inlined.

    Attributes:
        text: the body, each include line replaced by the included file's lines.
        lines: for each line of `text`, the page line it stands for (included lines are
            numbered after the page's own, see `Inclusion`).
        included: where included lines sit, in line order.
        ends: (line of `text`, heading level) where an included block with headings ends:
            what follows belongs to the heading the include sits in.
        findings: bad includes, and problems found reading the included files.
    """

    text: str
    lines: tuple[int, ...]
    included: tuple[Inclusion, ...]
    ends: tuple[tuple[int, int], ...]
    findings: tuple[Finding, ...]


def expand_includes(page_id: str, body: str, files: IncludedFiles | None = None) -> Expanded:
    """Inline every `{% include %}` of a page from `files`. Pure and total."""
    state = _Expansion(page_id, files or {})
    state.inline(None, body.split("\n"), (page_id,), 0, 0)
    return state.result(body.count("\n") + 1)


@dataclass(slots=True)
class _Expansion:
    page_id: str
    files: IncludedFiles
    out: list[str]
    origin: list[tuple[str | None, int, int]]  # (file or None for the page, its line, page line)
    ends: list[tuple[int, int]]
    findings: list[Finding]
    read: dict[str, SourceText]  # each included file's text, read once a page
    budget: int  # characters of included text the page may still take in

    def __init__(self, page_id: str, files: IncludedFiles) -> None:
        self.page_id, self.files = page_id, files
        self.out, self.origin, self.ends, self.findings = [], [], [], []
        self.read, self.budget = {}, MAX_INCLUDED_CHARS

    def inline(
        self, file: str | None, lines: Sequence[str], chain: tuple[str, ...], at: int, shift: int
    ) -> None:
        """Append `lines` of `file` (None: the page), headings moved `shift` levels deeper,
        each include in them replaced by what it includes."""
        level = 1  # the level of the last heading, after the shift: the block nests under it
        fence = ""
        for number, line in enumerate(lines, 1):
            where = number if file is None else at
            fence, code = _fenced(line, fence)
            if not code and (heading := _HEADING.match(line)):
                level = min(len(heading.group(2)) + shift, 6)
                if shift:
                    line = f"{heading.group(1)}{'#' * max(level, 1)}{line[heading.end() :]}"
            elif not code and "{%" in line and _OTHER_INCLUDE.match(line):
                self.include(file, number, line, chain, where, level)
                continue
            self.out.append(line)
            self.origin.append((file, number, where))

    def include(
        self, file: str | None, number: int, line: str, chain: tuple[str, ...], at: int, level: int
    ) -> None:
        """Inline the file an include line names, or leave the line empty and say why."""
        start = len(self.out)
        found = _INCLUDE_LINE.match(line)
        target = found.group(2) if found else ""
        child, problem = self.target(chain[-1], target, chain)
        if child is not None and problem is None:
            data = self.files.get(child)
            if data is None or isinstance(data, str):
                problem = data or "was not read"
            else:
                first = child not in self.read
                if first:
                    self.read[child] = read_source(data, child)
                source = self.read[child]
                if source.binary:
                    problem = "is binary, not Markdown text"
                elif len(source.body) > self.budget:
                    problem = (
                        f"the page would take in over {MAX_INCLUDED_CHARS:,} characters "
                        "of included text"
                    )
                else:
                    self.budget -= len(source.body)
                    self.findings.extend(
                        replace(f, page=self.page_id, file=child)
                        for f in (source.findings if first else ())
                        if f.code != "EMPTY_PAGE"
                    )
                    body = source.body.split("\n")
                    shallowest = min(_heading_levels(body), default=0)
                    shift = level + 1 - shallowest if shallowest else 0
                    self.inline(child, body, (*chain, child), at, shift)
                    if shallowest:
                        self.ends.append((len(self.out), min(level + 1, 6)))
        if problem is not None:
            shown = target or line.strip()
            self.findings.append(
                Finding(
                    BAD_INCLUDE,
                    Severity.WARNING,
                    f"The include of '{shown}' is left out: {problem}.",
                    self.page_id,
                    number,
                    file,
                )
            )
        if len(self.out) == start:  # nothing inlined: the line stays, empty
            self.out.append("")
            self.origin.append((file, number, at))

    def target(
        self, including: str, target: str, chain: tuple[str, ...]
    ) -> tuple[str | None, str | None]:
        """The file an include names, or why it is refused."""
        if not target.strip():
            return None, "it names no file (GitBook's own reusable content is not in the files)"
        if "://" in target:  # the old GitBook's `git+https://…/book.git/file.md#tag`
            return None, "it names another repository or a web address, which is never fetched"
        child = resolve_include(including, target)
        if child is None:
            return None, "the path leads out of the notebook, which is never read"
        if child in chain:
            loop = " → ".join((*chain[chain.index(child) :], child))
            return None, f"it would include itself ({loop})"
        if len(chain) > MAX_DEPTH:
            return None, f"includes are followed {MAX_DEPTH} levels deep, and this is deeper"
        return child, None

    def result(self, own_lines: int) -> Expanded:
        """The expanded text, each included line numbered after the page's own."""
        numbers: list[int] = []
        runs: list[tuple[int, str, int, int]] = []  # (first, file, start, at) of each span
        counts: list[int] = []  # and its length
        next_line = own_lines + 1
        for file, line, at in self.origin:
            if file is None:
                numbers.append(line)
                continue
            if runs and runs[-1][1:] == (file, line - counts[-1], at):  # the span goes on
                counts[-1] += 1
            else:
                runs.append((next_line, file, line, at))
                counts.append(1)
            numbers.append(next_line)
            next_line += 1
        spans = tuple(
            Inclusion(first, count, file, start, at)
            for (first, file, start, at), count in zip(runs, counts, strict=True)
        )
        text = "\n".join(self.out)
        return Expanded(text, tuple(numbers), spans, tuple(self.ends), tuple(self.findings))


def _fenced(line: str, fence: str) -> tuple[str, bool]:
    """The fence open after `line`, and whether `line` is code (or a fence line)."""
    if fence:
        stripped = line.strip()
        if stripped.startswith(fence) and not stripped.strip(fence[0]):
            return "", True
        return fence, True
    if found := FENCE.match(line):
        return found.group(1), True
    return "", False


def _heading_levels(lines: Sequence[str]) -> Iterator[int]:
    fence = ""
    for line in lines:
        fence, code = _fenced(line, fence)
        if not code and (heading := _HEADING.match(line)):
            yield len(heading.group(2))


# ---------------------------------------------------------------- line numbers


def renumber(sections: tuple[Section, ...], lines: Sequence[int]) -> tuple[Section, ...]:
    """The outline with each line of the expanded text turned into the page line it stands
    for (`Expanded.lines`)."""

    def at(line: int) -> int:
        return lines[line - 1] if 0 < line <= len(lines) else line

    def card(card: ExplicitCard) -> ExplicitCard:
        line = at(card.line)
        return card if line == card.line else replace(card, line=line)

    def point(p: Point) -> Point:
        """`p` itself when nothing in it moves: the lines above the first include."""
        line = at(p.line)
        children = tuple(map(point, p.children)) if p.children else ()
        cards = tuple(map(card, p.cards)) if p.cards else ()
        if line == p.line and _same(children, p.children) and _same(cards, p.cards):
            return p
        return replace(p, line=line, children=children, cards=cards)

    def statement(s: Statement) -> Statement:
        return replace(s, line=at(s.line))

    def factor(f: Factor) -> Factor:
        return replace(
            f,
            line=at(f.line),
            points=tuple(map(point, f.points)),
            statements=tuple(map(statement, f.statements)),
        )

    return tuple(
        replace(
            s,
            line=at(s.line),
            factors=tuple(map(factor, s.factors)),
            points=tuple(map(point, s.points)),
        )
        for s in sections
    )


def _same(new: tuple[object, ...], old: tuple[object, ...]) -> bool:
    return all(a is b for a, b in zip(new, old, strict=True))


def renumber_finding(finding: Finding, lines: Sequence[int]) -> Finding:
    """A finding made on the expanded text, at the page line it stands for."""
    if finding.line is None or finding.file is not None or not 0 < finding.line <= len(lines):
        return finding
    return replace(finding, line=lines[finding.line - 1])


def locate_findings(page: Page, findings: Sequence[Finding]) -> tuple[Finding, ...]:
    """Findings on a page's included lines moved to the file and line they came from, and
    the lines a message lists (`(line 3, 57)`) told the same way."""
    if not page.included:
        return tuple(findings)
    locate = _Locator(page.included)
    moved = []
    for finding in findings:
        if finding.file is None and finding.page == page.id:
            if finding.line is not None:
                file, line = locate(finding.line)
                if file is not None:
                    finding = replace(finding, file=file, line=line)
            if "(line " in finding.message:
                told = _LINES_TOLD.sub(lambda m: _told(locate, m), finding.message)
                finding = replace(finding, message=told)
        moved.append(finding)
    return tuple(moved)


_LINES_TOLD = re.compile(r"\(lines? (\d+(?:, \d+)*)\)")


def _told(locate: _Locator, lines: re.Match[str]) -> str:
    """`(line 3, 57)` with each included line named in its file: `(line 3, 5 of x.md)`."""
    told = []
    for number in lines.group(1).split(", "):
        file, line = locate(int(number))
        told.append(f"{line} of {file}" if file is not None else str(line))
    return f"(line {', '.join(told)})"


def locate_cards(page: Page, cards: Sequence[Card]) -> tuple[Card, ...]:
    """Cards whose text a page includes, with the file and line it is written in."""
    if not page.included:
        return tuple(cards)
    return _locate_cards(_Locator(page.included), cards)


def _locate_cards(locate: _Locator, cards: Sequence[Card]) -> tuple[Card, ...]:
    located = []
    for card in cards:
        file, line = locate(card.source.line)
        if file is not None:
            card = replace(card, source=replace(card.source, file=file, file_line=line))
        if card.alternates:
            card = replace(card, alternates=_locate_cards(locate, card.alternates))
        located.append(card)
    return tuple(located)


class _Locator:
    """`Page.locate` for many lines of one page: a binary search over its included spans
    (a page may include thousands of blocks, and have thousands of cards)."""

    __slots__ = ("firsts", "spans")

    def __init__(self, spans: tuple[Inclusion, ...]) -> None:
        self.spans = spans
        self.firsts = [span.first for span in spans]

    def __call__(self, line: int) -> tuple[str | None, int]:
        at = bisect_right(self.firsts, line) - 1
        if at >= 0:
            span = self.spans[at]
            if line < span.first + span.count:
                return span.file, span.start + line - span.first
        return None, line
