"""Health findings: gaps in the essay structure, and spelling.

Page checks depend on one page only, so they are cached with it. Spelling depends on the
whole notebook (a name capitalised on one page is a name on every page), so each page
contributes a small `WordIndex` and `check_spelling` combines them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from notedeck.model import Factor, Finding, Page, Point, Severity

if TYPE_CHECKING:
    from spellchecker import SpellChecker

_REPEATED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
# Doubled words English allows.
_REPEAT_OK = frozenset({"had", "that", "is", "do", "very", "bye", "no", "so", "ha", "tut"})
_WORD = re.compile(r"[^\W\d_][^\W\d_'’]*(?:-[^\W\d_]+)*")
# Link targets, HTML tags, code, URLs and Obsidian #tags hold no prose to spell-check.
_MARKUP = re.compile(r"\]\([^)]*\)|<[^>]*>|`[^`]*`|https?://\S+|(?<!\S)#[\w/-]+")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+")
_MID_SENTENCE_NAME = re.compile(r"(?<=[a-z,;)] )[A-Z][a-z]+")
# British spellings that pyspellchecker's American dictionary does not know.
_BRITISH = (
    ("is", "iz"),
    ("ys", "yz"),
    ("our", "or"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ll", "l"),
    ("ogue", "og"),
    ("mme", "m"),
    ("ae", "e"),
    ("oe", "e"),
)
_SUFFIXES = ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "ist", "ists", "ism", "ian", "ians")


@dataclass(frozen=True, slots=True)
class WordIndex:
    """What spelling checks need from one page, small enough to cache beside it.

    Attributes:
        rare: lower-cased hyphenated or non-dictionary words with the lines they occur on,
            plus how they were written the first time.
        names: lower-cased words the page writes capitalised mid-sentence (proper names).
        unknown: lower-case words the dictionary does not know, with their first line.
    """

    rare: tuple[tuple[str, str, tuple[int, ...]], ...]
    names: frozenset[str]
    unknown: tuple[tuple[str, int], ...]


def check_page(page: Page) -> tuple[Finding, ...]:
    """Findings about one page's essay structure and its repeated words."""
    return tuple(_structure_findings(page)) + tuple(_repeated_words(page))


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
    return bool(point.years) or bool(_names_in(_MARKUP.sub(" ", point.text)))


def _names_in(text: str) -> list[str]:
    """Capitalised words that do not start a sentence: the names a student writes."""
    names = []
    for match in _CAPITALISED.finditer(text):
        before = text[: match.start()].rstrip(' *_"“(')
        if before and before[-1] not in ".!?:;":
            names.append(match.group(0))
    return names


def _repeated_words(page: Page) -> Iterator[Finding]:
    text = _PageText(page)
    for match in _REPEATED.finditer(text.joined):
        word = match.group(1)
        if word.lower() in _REPEAT_OK:
            continue
        yield Finding(
            "REPEATED_WORD",
            Severity.WARNING,
            f"'{match.group(0)}': the word '{word}' is written twice.",
            page.id,
            text.line_at(match.start()),
        )


class _PageText:
    """All of a page's point and statement texts joined, so one regex pass covers the page."""

    def __init__(self, page: Page) -> None:
        parts: list[str] = []
        self.starts: list[int] = []
        self.lines: list[int] = []
        offset = 0
        for line, text in _page_texts(page):
            self.starts.append(offset)
            self.lines.append(line)
            parts.append(text)
            offset += len(text) + 1
        self.joined = "\n".join(parts)

    def line_at(self, offset: int) -> int:
        return self.lines[bisect_right(self.starts, offset) - 1]


def _page_texts(page: Page) -> Iterator[tuple[int, str]]:
    """(line, text) of every point and statement wording on the page."""
    for section in page.sections:
        for top in section.points:
            yield from ((p.line, p.text) for p in top.walk())
        for factor in section.factors:
            for top in factor.points:
                yield from ((p.line, p.text) for p in top.walk())
            for statement in factor.statements:
                yield from ((statement.line, alt) for alt in statement.alternatives)


# ---------------------------------------------------------------- spelling


def index_words(page: Page) -> WordIndex:
    """Collect the words of a page that spelling checks look at."""
    text = _PageText(page)
    plain = _MARKUP.sub(lambda m: " " * len(m.group(0)), text.joined)
    words = set(_WORD.findall(plain.lower()))
    known = _checker().word_frequency.dictionary
    unknown_words = {
        w
        for w in words
        if "-" not in w and "'" not in w and w not in known and not _british_known(w, known)
    }
    rare_words = {w for w in words if len(w) >= 5 and ("-" in w or w in unknown_words)}
    wanted = rare_words | unknown_words
    seen: dict[str, list[re.Match[str]]] = defaultdict(list)
    if wanted:
        for match in _WORD.finditer(plain):
            lower = match.group(0).lower()
            if lower in wanted:
                seen[lower].append(match)
    rare = []
    unknown = []
    for word in sorted(seen):
        found = seen[word]
        lines = tuple(dict.fromkeys(text.line_at(m.start()) for m in found))
        if word in rare_words:
            rare.append((word, found[0].group(0), lines))
        if word in unknown_words and len(word) >= 4 and any(m.group(0).islower() for m in found):
            unknown.append((word, lines[0]))
    names = frozenset(m.group(0).lower() for m in _MID_SENTENCE_NAME.finditer(plain))
    return WordIndex(rare=tuple(rare), names=names, unknown=tuple(unknown))


def check_spelling(indexed: Iterable[tuple[str, WordIndex]]) -> tuple[Finding, ...]:
    """Cross-page spelling findings: one term spelled two ways, and likely misspellings."""
    indexed = list(indexed)
    names: set[str] = set()
    for _, index in indexed:
        names |= index.names
    return tuple(_inconsistent(indexed)) + tuple(_misspelled(indexed, names))


def _inconsistent(indexed: list[tuple[str, WordIndex]]) -> Iterator[Finding]:
    from rapidfuzz.distance import Levenshtein

    where: dict[str, list[tuple[str, str, tuple[int, ...]]]] = defaultdict(list)
    for page_id, index in indexed:
        for word, shown, lines in index.rare:
            where[word].append((page_id, shown, lines))
    by_block: dict[tuple[str, bool], list[str]] = defaultdict(list)
    for word in where:
        by_block[(word[0], "-" in word)].append(word)
    for words in by_block.values():
        words.sort(key=len)
        for i, a in enumerate(words):
            for b in words[i + 1 :]:
                if len(b) - len(a) > 2:
                    break
                if _near_miss(a, b, Levenshtein.distance):
                    yield _inconsistent_finding(a, b, where)


def _inconsistent_finding(
    a: str, b: str, where: dict[str, list[tuple[str, str, tuple[int, ...]]]]
) -> Finding:
    count_a = sum(len(lines) for _, _, lines in where[a])
    count_b = sum(len(lines) for _, _, lines in where[b])
    rarer, usual = (a, b) if count_a <= count_b else (b, a)
    page_id, shown, lines = where[rarer][0]
    usual_shown = where[usual][0][1]
    line_list = ", ".join(str(n) for n in lines)
    return Finding(
        "INCONSISTENT_SPELLING",
        Severity.WARNING,
        f"'{shown}' (line {line_list}) and '{usual_shown}' look like one term spelled two "
        f"ways; '{usual_shown}' is used {max(count_a, count_b)} times.",
        page_id,
        lines[0],
    )


def _near_miss(a: str, b: str, distance: Callable[..., int]) -> bool:
    """One slip of the keyboard apart: compounds must differ in one part only."""
    parts_a, parts_b = a.split("-"), b.split("-")
    if len(parts_a) != len(parts_b):
        return False
    differing = [(x, y) for x, y in zip(parts_a, parts_b, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    longest = max(len(x), len(y))
    limit = 0 if longest < 5 else 1 if longest < 8 else 2
    return 0 < distance(x, y, score_cutoff=limit) <= limit and not _inflected(x, y)


def _inflected(a: str, b: str) -> bool:
    """True when two words differ only by an English ending (party/parties, plan/planned)."""
    stem_a, stem_b = _stem(a), _stem(b)
    return stem_a == stem_b or stem_a.startswith(stem_b) or stem_b.startswith(stem_a)


def _stem(word: str) -> str:
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)].rstrip("i").rstrip("y")
    return word.rstrip("y")


def _misspelled(indexed: list[tuple[str, WordIndex]], names: set[str]) -> Iterator[Finding]:
    checker = _checker()
    for page_id, index in indexed:
        for word, line in index.unknown:
            if word in names:
                continue
            guess = checker.correction(word) if len(word) <= 14 else None
            hint = f" Did you mean '{guess}'?" if guess and guess != word else ""
            yield Finding(
                "LIKELY_MISSPELLING",
                Severity.INFO,
                f"'{word}' is not in the dictionary.{hint}",
                page_id,
                line,
            )


def _british_known(word: str, known: dict[str, int]) -> bool:
    return any(
        british in word and word.replace(british, american) in known
        for british, american in _BRITISH
    )


@cache
def _checker() -> SpellChecker:
    from spellchecker import SpellChecker

    return SpellChecker(language="en", distance=1)
