"""Spelling across the notebook: one term spelled two ways, and likely misspellings.

Spelling depends on the whole notebook (a name capitalised on one page is a name on every
page), so each page contributes a small `WordIndex`, cached with the page, and a
`SpellingState` counts them. The state is kept between builds: an edit re-checks only the
words of the pages it changed. Lines, counts and suggestions are worked out only for the few
words that reach a finding, which keeps a build of thousands of pages fast.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from notedeck.derive import dictionary
from notedeck.derive.prose import PageText, strip_markup
from notedeck.derive.slips import coined, likely_meant, regular_forms_of
from notedeck.model import Finding, FindingRow, Page, Severity, pickle_by_constructor

# Letters, with apostrophes (didn't, o'clock) and hyphens (secretary-general) inside; a
# possessive 's is left off (lenin's is lenin).
_WORD = re.compile(
    r"[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*(?:-[^\W\d_]+(?:['’](?![sS]\b)[^\W\d_]+)*)*"
)
# What makes a whitespace-separated token not a word of prose: a path, file name, domain or
# version (`a/b`, `x.yaml`, `v2.3.1`), an identifier (`snake_case`, `camelCase`, `x=1`), a
# handle or an entity; an acronym (API, URLs); emphasis markers inside a word (`I**mportant**`,
# `**d**irectory`, which renders whole). Its words are the notebook's vocabulary, never
# misspellings.
_NOT_PROSE = re.compile(
    r"[/\\@=_&{}<>|~^$%\d]|[^\W\d_][.:][^\W\d_]|[a-z][A-Z]|[^\W\d_]\*+[^\W\d_]"
    r"|^\W*[A-Z]{2,}s?\W*$"
)
_TOKEN = re.compile(r"\S+")
_LATIN_END = 0x250  # Basic Latin to Latin Extended-B: the English word list's letters
# A capitalised word after a space that follows a lower-case letter or `,;)`. The leading
# literal space lets the regex engine skip ahead to spaces: twice as fast as a lookbehind first;
# and the capital, checked next, rules out most spaces sooner than the lookbehind does.
_MID_SENTENCE_NAME = re.compile(r" (?=[A-Z])(?<=[a-z,;)] )([A-Z][a-z]+)")
_SUFFIXES = sorted(
    ("s", "es", "ed", "d", "ing", "er", "ers", "ly", "ist", "ists", "ism", "ian", "ians"),
    key=len,
    reverse=True,
)
# A word the notebook uses more often than this is the student's own term, not a slip.
_MAX_USES_OF_A_SLIP = 2
# Up to this many pages, uses are counted exactly; beyond, pages are counted instead.
_EXACT_COUNT_PAGES = 5


@dataclass(frozen=True, slots=True)
class WordIndex:
    """What spelling checks need from one page, small enough to cache beside it.

    Each field is lower-cased words joined by spaces (no word holds one). Three strings
    per page instead of three sets: a build loads thousands of these, and strings unpickle
    faster and give the garbage collector nothing to walk.

    Attributes:
        rare: hyphenated or non-dictionary words (candidates for one term spelled two ways).
        unknown: words the dictionary does not know (candidate misspellings).
        names: words never taken for misspellings: those the page writes capitalised
            mid-sentence (proper names), and those it writes in code, paths or URLs.
    """

    rare: str
    unknown: str
    names: str


pickle_by_constructor(WordIndex)


def index_words(
    page: Page,
    text: PageText | None = None,
    *,
    misspellings: bool = True,
    pairs: bool = True,
) -> WordIndex:
    """Collect the words of a page that the notebook-wide spelling check looks at.

    `text` is the page's `PageText` when the caller has already built it. With
    `misspellings` off, the page's unknown words count as known (its settings turned
    `LIKELY_MISSPELLING` off); with `pairs` off, it offers no terms for
    `INCONSISTENT_SPELLING`.
    """
    text = text or PageText(page)
    plain = strip_markup(text.joined)
    tokens = set(plain.split())
    odd = _odd(tokens)
    vocabulary = _vocabulary(" ".join(tokens - odd).lower())
    unknown = _unknown(vocabulary)
    hyphenated = {w for w in vocabulary if "-" in w and _latin(w)}
    rare = [w for w in hyphenated | unknown if len(w) >= 5] if pairs else []
    names = set(map(str.lower, _MID_SENTENCE_NAME.findall(plain)))
    names |= _unknown(_vocabulary(_code_of(text, odd).lower()))
    if not misspellings:
        names |= unknown
        unknown = set()
    return WordIndex(" ".join(sorted(rare)), " ".join(sorted(unknown)), " ".join(sorted(names)))


def _latin(word: str) -> bool:
    """Whether a word is written in Latin letters: an English dictionary says nothing about
    Chinese or Greek words, nor about `master写`."""
    return word.isascii() or all(ord(char) < _LATIN_END for char in word)


def prose_of(text: str) -> str:
    """The text with markup and non-prose tokens blanked to spaces (offsets kept)."""
    plain = strip_markup(text)
    odd = _odd(set(plain.split()))
    if not odd:
        return plain
    return _TOKEN.sub(lambda m: " " * len(m.group()) if m.group() in odd else m.group(), plain)


def _odd(tokens: set[str]) -> set[str]:
    """The tokens that are not words of prose (`_NOT_PROSE`). A lower-case word, most of
    any page, cannot be one, which `str` methods settle at C speed."""
    return {t for t in tokens if not (t.isalpha() and t.islower()) and _not_prose(t)}


@lru_cache(maxsize=65_536)  # the same tokens come back on page after page
def _not_prose(token: str) -> bool:
    return _NOT_PROSE.search(token) is not None


def _code_of(text: PageText, odd: set[str]) -> str:
    """What the page writes as code or as non-prose tokens (`odd`): the words a student
    copies from a terminal or a file, which are their vocabulary wherever else they write
    them."""
    joined = text.joined
    spans = list(odd)
    if any(m[0] in joined for m in ("`", "<", "/")):
        spans += [m.group(0) for m in _CODE_SPAN.finditer(joined)]
    return " ".join((*text.code, *spans)).replace("_", " ")


# Inline code, HTML code elements and URLs, whose words `_code_of` keeps. A scheme is at
# most 30 characters and an element's text is read for 2,000, so that a line of one
# enormous token, or of thousands of unclosed `<code>`, is read in linear time.
_CODE_SPAN = re.compile(
    r"`[^`\n]*`|<(pre|code)\b[^>\n]*>.{0,2000}?</(?:pre|code)\s*>|[a-z][\w+.-]{0,30}://\S+", re.I
)


def _unknown(vocabulary: set[str]) -> set[str]:
    """The words of `vocabulary` the dictionary does not know in any regular form; too short,
    hyphenated or with an apostrophe (a contraction or possessive) are never unknown."""
    unknown = {
        w
        for w in dictionary.unknown(vocabulary)
        if len(w) >= 4 and "-" not in w and "'" not in w and "’" not in w and _latin(w)
    }  # fmt: skip
    if unknown:
        variants = {w: regular_forms_of(w) for w in unknown}
        known = dictionary.frequencies(
            {v for found in variants.values() for v in found}, as_written=True
        )
        unknown = {w for w in unknown if known.keys().isdisjoint(variants[w])}
    return unknown


def _vocabulary(text: str) -> set[str]:
    """The distinct `_WORD`s of `text`.

    Most whitespace-separated tokens are plain words, which `isalpha` settles at C speed;
    only the rest (punctuation, digits, hyphens) go through the regex. A page repeats most
    of its tokens, so each distinct one is tested once. Same result as
    `set(_WORD.findall(text))`, in half the time.
    """
    tokens = set(text.split())
    words = set(filter(str.isalpha, tokens))
    words.update(_WORD.findall(" ".join(tokens - words)))
    return words


@dataclass(slots=True)
class SpellingState:
    """The notebook's candidate words, the pages using each, and the findings they gave.

    A finding about a word depends only on the pages that use it, so the state is kept
    between builds and an edit checks again only the words of the pages it changed: a
    one-page rebuild of thousands of pages then costs a few words, not every page's index.

    Attributes:
        pages_of: each rare or unknown word, with the ids of the pages using it.
        rare, unknown, names: how many pages list each word in that field of their index.
        inconsistent: findings for pairs of near-identical terms, by (shorter, longer) pair.
        misspelled: findings for likely misspellings, by word.
    """

    pages_of: dict[str, list[str]] = field(default_factory=dict)
    rare: Counter[str] = field(default_factory=Counter)
    unknown: Counter[str] = field(default_factory=Counter)
    names: Counter[str] = field(default_factory=Counter)
    inconsistent: dict[tuple[str, str], FindingRow] = field(default_factory=dict)
    misspelled: dict[str, FindingRow] = field(default_factory=dict)

    def update(
        self,
        changes: Iterable[tuple[str, WordIndex | None, WordIndex | None]],
        ids: Sequence[str],
        pages: Sequence[Page],
    ) -> None:
        """Apply `(page id, index before, index now)` changes, then recheck their words.

        `ids` and `pages` are the notebook's pages now, in reading order; the pages are
        read only for words that reach a finding.
        """
        changes = list(changes)
        gone = [(page_id, index) for page_id, index, _ in changes if index is not None]
        new = [(page_id, index) for page_id, _, index in changes if index is not None]
        for page_id, index in gone:
            for word in dict.fromkeys(index.rare.split() + index.unknown.split()):
                using = self.pages_of.get(word, [])
                if page_id in using:
                    using.remove(page_id)
                    if not using:
                        del self.pages_of[word]
        for page_id, index in new:
            for word in dict.fromkeys(index.rare.split() + index.unknown.split()):
                self.pages_of.setdefault(word, []).append(page_id)
        touched: set[str] = set()
        for counts, name in (
            (self.rare, "rare"),
            (self.unknown, "unknown"),
            (self.names, "names"),
        ):
            # One joined string per field: Counter counts a list in C, not a call per page.
            lost = " ".join(getattr(index, name) for _, index in gone).split()
            added = " ".join(getattr(index, name) for _, index in new).split()
            counts.subtract(lost)
            counts.update(added)
            for word in lost:
                if counts[word] <= 0:
                    del counts[word]
            touched.update(lost, added)
        if touched:
            usage = _Usage(ids, self.pages_of, pages)
            self._recheck_pairs(touched, usage)
            self._recheck_misspelled(touched, usage)

    def findings(self, ids: Sequence[str]) -> tuple[Finding, ...]:
        """Pairs of spellings, then misspellings, each in page and line order."""
        position = {pid: n for n, pid in enumerate(ids)}

        def order(row: FindingRow) -> tuple[int, int, str]:
            return position.get(row[3] or "", len(position)), row[4] or 0, row[2]

        rows = sorted(self.inconsistent.values(), key=order)
        rows += sorted(self.misspelled.values(), key=order)
        return tuple(map(Finding.from_row, rows))

    def _recheck_pairs(self, touched: set[str], usage: _Usage) -> None:
        for pair in [p for p in self.inconsistent if p[0] in touched or p[1] in touched]:
            del self.inconsistent[pair]
        candidates = touched.intersection(self.rare)
        if not candidates:
            return
        # Near misses share a first letter, hyphenation and a length within two.
        blocks: dict[tuple[str, bool, int], list[str]] = defaultdict(list)
        for word in self.rare:
            blocks[(word[0], "-" in word, len(word))].append(word)
        for a in candidates:
            for size in range(len(a) - 2, len(a) + 3):
                for b in blocks.get((a[0], "-" in a, size), ()):
                    pair = (a, b) if (len(a), a) < (len(b), b) else (b, a)
                    if a != b and pair not in self.inconsistent and _near_miss(a, b):
                        self.inconsistent[pair] = _inconsistent_finding(*pair, usage).to_row()

    def _recheck_misspelled(self, touched: set[str], usage: _Usage) -> None:
        for word in touched:
            self.misspelled.pop(word, None)
            if (
                word not in self.unknown
                or word in self.names
                or len(usage.pages_of[word]) > _MAX_USES_OF_A_SLIP
            ):
                continue
            uses = usage.occurrences(word)
            lower = [use for use in uses if use[2] == word]
            if lower and len(uses) <= _MAX_USES_OF_A_SLIP:
                guess = likely_meant(word)
                if guess is None:
                    continue
                number, line, _ = lower[0]
                message = f"'{word}' is not in the dictionary. Did you mean '{guess}'?"
                finding = Finding(
                    "LIKELY_MISSPELLING", Severity.INFO, message, usage.ids[number], line
                )
                self.misspelled[word] = finding.to_row()


class _Usage:
    """Where and how a word is written, looked up only for words that reach a finding."""

    def __init__(
        self, ids: Sequence[str], pages_of: dict[str, list[str]], pages: Sequence[Page]
    ) -> None:
        self.ids = ids
        self.pages_of = pages_of
        self._all_pages = pages
        self._position: dict[str, int] = {}
        self._texts: dict[int, tuple[PageText, str]] = {}

    def numbers(self, word: str) -> list[int]:
        """The pages using a word, as page numbers in reading order."""
        if not self._position:
            self._position = {pid: n for n, pid in enumerate(self.ids)}
        return sorted(map(self._position.__getitem__, self.pages_of.get(word, ())))

    def occurrences(self, word: str, *, pages: int | None = None) -> list[tuple[int, int, str]]:
        """(page number, line, as written) for each use of a word on its first `pages` pages."""
        found = []
        pattern = re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w-])", re.IGNORECASE)
        for number in self.numbers(word)[:pages]:
            text, plain = self._text(number)
            for match in pattern.finditer(plain):
                found.append((number, text.line_at(match.start()), match.group(0)))
        return found

    def _text(self, number: int) -> tuple[PageText, str]:
        if number not in self._texts:
            text = PageText(self._all_pages[number])
            self._texts[number] = (text, prose_of(text.joined))
        return self._texts[number]


def _inconsistent_finding(a: str, b: str, usage: _Usage) -> Finding:
    """Report the rarer spelling where it first occurs, beside how common the other is."""
    rarer, usual = (a, b) if len(usage.pages_of[a]) <= len(usage.pages_of[b]) else (b, a)
    found = usage.occurrences(rarer, pages=1)
    number, line, shown = found[0] if found else (usage.numbers(rarer)[0], None, rarer)
    lines = ", ".join(str(n) for n in dict.fromkeys(ln for _, ln, _ in found))
    usual_pages = len(usage.pages_of[usual])
    if usual_pages <= _EXACT_COUNT_PAGES:
        usual_found = usage.occurrences(usual)
        usual_shown = usual_found[0][2] if usual_found else usual
        how_often = f"{len(usual_found)} time{'s' if len(usual_found) != 1 else ''}"
    else:
        usual_shown, how_often = usual, f"on {usual_pages} pages"
    return Finding(
        "INCONSISTENT_SPELLING",
        Severity.WARNING,
        f"'{shown}' (line {lines}) and '{usual_shown}' look like one term spelled two "
        f"ways; '{usual_shown}' is used {how_often}.",
        usage.ids[number],
        line,
    )


def _near_miss(a: str, b: str) -> bool:
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
    distance = Levenshtein.distance(x, y, score_cutoff=limit)
    return 0 < distance <= limit and not _inflected(x, y) and not _both_meant(x, y)


_COMMON_PART = 5_000
"""Two parts this common are two words, not one misspelt (non-Spring/non-String,
pre-defined/pre-designed; but sever-side, 3.3k, is a slip for server-side)."""


def _both_meant(x: str, y: str) -> bool:
    """Whether two near-identical words are each a word someone meant: both common, or both
    built regularly from common words (superset/superuser, backlinks/backticks)."""
    known = dictionary.frequencies({x, y}, as_written=True)
    if known.get(x, 0) >= _COMMON_PART and known.get(y, 0) >= _COMMON_PART:
        return True
    return coined(x) and coined(y)


def _inflected(a: str, b: str) -> bool:
    """True when two words differ only by an English ending (party/parties, plan/planned)."""
    stem_a, stem_b = _stem(a), _stem(b)
    return stem_a == stem_b or stem_a.startswith(stem_b) or stem_b.startswith(stem_a)


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)].rstrip("i").rstrip("y")
    return word.rstrip("y")
