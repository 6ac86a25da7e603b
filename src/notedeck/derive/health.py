"""Health findings about one page: gaps in the essay structure and repeated words.

These depend on the page alone, so they are cached with it; spelling, which depends on the
whole notebook, is `derive/spelling.py`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import pairwise

from notedeck.derive.prose import PageText, strip_markup
from notedeck.model import Factor, Finding, Page, Point, Severity

# Same line only: the page's points are joined with newlines for one regex pass.
_REPEATED = re.compile(r"\b([A-Za-z]+)[ \t]+\1\b", re.IGNORECASE)
# Doubled words English allows.
_PLAIN_WORD = re.compile(r"[a-z]+|\n")
_REPEAT_OK = frozenset({"had", "that", "is", "do", "very", "bye", "no", "so", "ha", "tut"})
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")


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
    if not any(_is_evidence(p) for p in factor.all_points()):
        yield Finding(
            "NO_EVIDENCE",
            Severity.WARNING,
            f"Factor '{factor.title}' has no dated or named evidence: add a bullet with a "
            "year or a person.",
            page_id,
            factor.line,
        )


def _is_evidence(point: Point) -> bool:
    return bool(point.years) or bool(_names_in(strip_markup(point.text)))


def _names_in(text: str) -> list[str]:
    """Capitalised words that do not start a sentence: the names a student writes."""
    names = []
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip(' *_"“(')
        if before and before[-1] not in ".!?:;":
            names.append(match.group(0))
    return names


def _repeated_words(page_id: str, text: PageText) -> Iterator[Finding]:
    words = _PLAIN_WORD.findall(text.joined.lower())
    if not any(a == b for a, b in pairwise(words)):  # a cheap test before the backtracking one
        return
    for match in _REPEATED.finditer(text.joined):
        word = match.group(1)
        if word.lower() in _REPEAT_OK:
            continue
        yield Finding(
            "REPEATED_WORD",
            Severity.WARNING,
            f"'{match.group(0)}': the word '{word}' is written twice.",
            page_id,
            text.line_at(match.start()),
        )


def check_page(page: Page) -> tuple[Finding, ...]:
    """Findings about one page's essay structure and its repeated words."""
    return tuple(_structure_findings(page)) + tuple(_repeated_words(page.id, PageText(page)))
