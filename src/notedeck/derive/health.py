"""Health findings about one page: gaps in the essay structure and repeated words.

These depend on the page alone, so they are cached with it; spelling, which depends on the
whole notebook, is `derive/spelling.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise
from operator import eq

from notedeck.derive.prose import PageText, strip_markup
from notedeck.model import Factor, Finding, Page, Point, Severity
from notedeck.settings import ESSAY_CHECKS, CheckSwitches

# Same line only: the page's points are joined with newlines for one regex pass.
_REPEATED = re.compile(r"\b([A-Za-z]+)[ \t]+\1\b", re.IGNORECASE)
# Doubled words English allows.
_PLAIN_WORD = re.compile(r"[a-z]+|\n")
_REPEAT_OK = frozenset({"had", "that", "is", "do", "very", "bye", "no", "so", "ha", "tut"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
# Besides ASCII letters, the only characters `_REPEATED` can match (İ, ı, ſ and the Kelvin sign,
# by case folding). Without them every match is plain ASCII, which the quick test below sees.
_FOLDING_LETTERS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _word_byte(byte: int) -> int:
    """For the quick repeated-word test: ASCII letters lowered; digits and `_` (word characters
    that block a match) and newlines kept; anything else (`?` for non-ASCII) a space.

    Digits stay distinct so that `702,000` does not read as a repeated word `000 000`.
    """
    char = chr(byte)
    if char.isalpha():
        return ord(char.lower())
    return byte if char.isdigit() or char in "_\n" else ord(" ")


_WORD_BYTES = bytes(map(_word_byte, range(128))) + b" " * 128


def _structure_findings(page: Page) -> Iterator[Finding]:
    for section in page.sections:
        if section.empty:
            yield Finding(
                "EMPTY_SECTION",
                Severity.WARNING,
                f"Section '{section.title}' has nothing under it yet.",
                page.id,
                section.line,
            )
        for factor in section.factors:
            yield from _factor_findings(page.id, factor)


def _factor_findings(page_id: str, factor: Factor) -> Iterator[Finding]:
    if factor.weak:
        yield Finding(
            "WEAK_FACTOR",
            Severity.INFO,
            f"Factor '{factor.title}' is marked '{factor.note}'; it will not be offered as a "
            "main essay paragraph.",
            page_id,
            factor.line,
        )
        return
    if not factor.statements:
        yield Finding(
            "NO_LINK_STATEMENT",
            Severity.WARNING,
            f"Factor '{factor.title}' has no link statement: add a bullet '**S: …**' that ties "
            "it to the question.",
            page_id,
            factor.line,
        )
    if not _has_evidence(factor.points):
        yield Finding(
            "NO_EVIDENCE",
            Severity.WARNING,
            f"Factor '{factor.title}' has no dated or named evidence: add a bullet with a "
            "year or a person.",
            page_id,
            factor.line,
        )


def _has_evidence(points: tuple[Point, ...]) -> bool:
    """Whether any of the points or their descendants is evidence; most factors' first is.

    Depth first with a stack, not recursion: a page nested hundreds of levels deep (built
    by hand, past the outliner's cap) must not exhaust Python's stack.
    """
    todo = list(reversed(points))
    while todo:
        point = todo.pop()
        if _is_evidence(point):
            return True
        todo.extend(reversed(point.children))
    return False


def _is_evidence(point: Point) -> bool:
    return bool(point.years) or _has_name(strip_markup(point.text))


def _has_name(text: str) -> bool:
    """Whether a capitalised word that does not start a sentence (a name) is in `text`."""
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip(' *_"“(')
        if before and before[-1] not in ".!?:;":
            return True
    return False


def _repeated_words(page_id: str, text: PageText) -> Iterator[Finding]:
    """`REPEATED_WORD` for each `_REPEATED` match, once a word pair test on the lowered text
    has found two equal neighbouring words (always so when a match is plain ASCII)."""
    joined = text.joined
    if any(letter in joined for letter in _FOLDING_LETTERS):
        matches = _repeated_the_long_way(joined)
    else:
        # `_REPEATED` never crosses a line, so it only searches the lines that may hold a match.
        matches = []
        for index in _lines_that_may_repeat(joined):
            start = text.starts[index]
            matches += [(match, start) for match in _REPEATED.finditer(text.parts[index])]
    for match, offset in matches:
        word, second = match.group(1), match.group(0).split()[-1]
        if word.lower() in _REPEAT_OK or _new_phrase(word, second):
            continue
        yield Finding(
            "REPEATED_WORD",
            Severity.WARNING,
            f"'{match.group(0)}': the word '{word}' is written twice.",
            page_id,
            text.line_at(offset + match.start()),
        )


def _new_phrase(first: str, second: str) -> bool:
    """Whether a capital on the second of two equal words starts something new: a table
    cell or label run into the text (`timeout Timeout`, `a A`), not a word typed twice,
    which keeps its case (`to to`) or is a sentence's first word typed twice (`The the`)."""
    return second != first and second != second.lower()


def _lines_that_may_repeat(joined: str) -> list[int]:
    """Indexes of the lines of `joined` where `_REPEATED` may match; `joined` holds none of
    `_FOLDING_LETTERS`.

    A match is two equal runs of ASCII letters with only spaces or tabs between them and a
    non-word character (or nothing) on either side, so `_WORD_BYTES` keeps both runs as
    neighbouring words of one line. This costs a few C passes over the text, where the
    backtracking regex costs ~40 ns a character.
    """
    lines = joined.encode("ascii", "replace").translate(_WORD_BYTES).split(b"\n")
    found = []
    for index, line in enumerate(lines):
        words = line.split()
        if any(map(eq, words, words[1:])):
            found.append(index)
    return found


def _repeated_the_long_way(joined: str) -> list[tuple[re.Match[str], int]]:
    """All of `_REPEATED`'s matches when a word pair test on the lowered text finds one."""
    words = _PLAIN_WORD.findall(joined.lower())
    if not any(a == b for a, b in pairwise(words)):
        return []
    return [(m, 0) for m in _REPEATED.finditer(joined)]


def check_page(page: Page, text: PageText | None = None) -> tuple[Finding, ...]:
    """Findings about one page's essay structure and its repeated words.

    `text` is the page's `PageText` when the caller has already built it.
    """
    text = text or PageText(page)
    return tuple(_structure_findings(page)) + tuple(_repeated_words(page.id, text))


def has_link_statement(page: Page) -> bool:
    """Whether the page is written as essay notes: any factor ties itself to a question."""
    return any(factor.statements for section in page.sections for factor in section.factors)


def select_findings(
    findings: tuple[Finding, ...], switches: CheckSwitches, *, essay_page: bool
) -> tuple[tuple[Finding, ...], bool]:
    """The findings `switches` let through, and whether essay findings were left out only
    because the page has no link statement (no setting asked for that).

    Documentation and course notes have `###` headings that are not factors; their essay
    findings once made 84 % of all findings on real GitBook spaces.
    """
    kept = tuple(f for f in findings if switches.allows(f.code, essay_page=essay_page))
    quiet = (
        not essay_page
        and switches.essay is None
        and any(
            f.code in ESSAY_CHECKS
            and f.code not in switches.disable
            and f.code not in switches.enable
            for f in findings
        )
    )
    return kept, quiet
