"""Flashcards from plain notes: dates, terms and people, factors, sequences, explicit cards.

Everything here is a pure function of the `Notebook`. Conventions every consumer can rely on:

- Fronts and backs are Markdown. A cloze card's front is the point with the answer replaced by
  `[...]`; its back is exactly the answer (`answer_of(card)` reads it back), because every
  renderer shows the front above the back.
- A point that cannot stand alone (it starts with "He", "This", a bare verb, or is a nested
  bullet) gets a context line first: `*Rise of Stalin — Control over party organisation*`,
  and for a nested bullet its parent's text.
- `Q:::A` gives ONE card of kind `reversed`; exporters render it both ways (Anki's
  "Basic (and reversed card)").
- Tags are three Anki hierarchical tags, each a prefix of the next: `page`, `page::section`,
  `page::section::factor` (slugs: lower case, ASCII, `-` for anything else).
- Who counts as a person (a name worth hiding, or not when the page is about them) is
  decided in `terms.py`.
- `Card.id` is a content id (16 hex of the key's SHA-256) until `study.identity.reconcile`
  replaces it with the stored id; `Card.key` is page, section, factor, kind, normalised
  answer and normalised context, joined by U+001F.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from notedeck.derive.events import find_dates, point_events, unbold_dates
from notedeck.derive.memo import DerivedMemo
from notedeck.derive.terms import (
    ANAPHORS,
    DISCOURSE_MARKERS,
    POSSESSIVE_ENDING,
    STOP_WORDS,
    NameIndex,
    find_people,
    index_names,
    notebook_names,
    plain_text,
    without_possessive,
)
from notedeck.model import Card, CardKind, Event, Factor, Notebook, Page, Point, Section, Source
from notedeck.parse.explicit import BLANK
from notedeck.parse.outline import BOLD, QUOTED_TERM

HIDDEN = BLANK  # one blank for derived and explicit clozes alike
MAX_ANSWER_SHARE = 0.4  # an answer may hide at most this share of its point's words
_MAX_TERM_WORDS = 6
_SEQUENCE_MIN, _SEQUENCE_MAX = 3, 6
_EVIDENCE_ON_BACK = 3

_NAMED_THING = re.compile(
    r"((?:[A-Z][\w'’]*(?:[–-][A-Z][\w'’]*)*\s+){1,5})"
    r"(alliance|Alliance|Pacts?|Treaty|Treaties|Plan|Act|Laws?|Conference|Policy|Putsch|Decree"
    r"|Report|Proposal|Commission|Agreement|Tariff|Incident|Crisis|Enrolment|Secession"
    r"|Blockade|Purges?)\b"
    r"(\s+\([A-Z]{2,6}\))?"
)
_WORD = re.compile(r"[^\W_][\w'’-]*")
# (kind, start, end, answer, what the front shows in its place)
_Hideable = tuple[CardKind, int, int, str, str]


# ---------------------------------------------------------------- public API


def derive_cards(notebook: Notebook, memo: DerivedMemo | None = None) -> tuple[Card, ...]:
    """Every card of a notebook, page by page in reading order.

    A page's cards depend on its own text and on the notebook's names, so they are kept by
    (page, content hash, names): in memory, and with a `memo` on disk too, so a rebuild after
    one edit, even in a new process, derives one page again.
    """
    names = notebook_names(notebook, memo)
    names_key = _names_key(names)
    versions = notebook.page_versions()
    keys = [f"{pid}\x1f{digest}\x1f{names_key}\x1f{CARDS_VERSION}" for pid, digest in versions]
    if len(_PAGE_CARDS) > _PAGE_CARDS_LIMIT:
        _PAGE_CARDS.clear()
    found = {
        key: _PAGE_CARDS[(pid, digest, names)]
        for key, (pid, digest) in zip(keys, versions, strict=True)
        if digest and (pid, digest, names) in _PAGE_CARDS
    }
    cacheable = [key for key, (_, digest) in zip(keys, versions, strict=True) if digest]
    on_disk = memo.stored("cards") if memo is not None else set()
    if memo is not None:
        found |= memo.recall("cards", [k for k in cacheable if k not in found and k in on_disk])
    cards: list[Card] = []
    for number, (key, (pid, digest)) in enumerate(zip(keys, versions, strict=True)):
        page_cards = found.get(key)
        if page_cards is None:
            page_cards = found[key] = derive_page_cards(notebook.pages[number], names)
        if digest:
            _PAGE_CARDS[(pid, digest, names)] = page_cards
        cards.extend(page_cards)
    if memo is not None:
        unsaved = {key: found[key] for key in cacheable if key not in on_disk}
        memo.remember("cards", unsaved, keep=cacheable)
    return tuple(cards)


def forget_memory() -> None:
    """Empty this process's derived cards; a memo on disk keeps its own."""
    _PAGE_CARDS.clear()


# Bump when derivation changes what cards a page gives, so remembered cards are not reused.
CARDS_VERSION = "1"
_PAGE_CARDS: dict[tuple[str, str, NameIndex], tuple[Card, ...]] = {}
_PAGE_CARDS_LIMIT = 50_000


@lru_cache(maxsize=8)
def _names_key(names: NameIndex) -> str:
    text = "\n".join(sorted(names.people)) + "\x00" + "\n".join(sorted(names.proper))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def derive_page_cards(page: Page, names: NameIndex | None = None) -> tuple[Card, ...]:
    """The cards of one page: per section, its point cards, factor cards, then its sequence.

    Args:
        page: the outlined page.
        names: the notebook's names (people are recognised across pages); learnt from this
            page alone when None.
    """
    names = names or index_names((page,))
    protagonists = _protagonists(page, names)
    seen: set[tuple[str, str, str]] = set()
    cards: list[Card] = []
    for section in page.sections:
        drafts: list[_Draft] = []
        drafts.extend(_point_drafts(page, section, names, protagonists))
        drafts.extend(d for f in section.factors if (d := _factor_draft(page, section, f, names)))
        if sequence := _sequence_draft(page, section):
            drafts.append(sequence)
        for draft in drafts:
            dedupe = (draft.kind.value, _norm(draft.answer), _norm(draft.context))
            if dedupe in seen:
                continue
            seen.add(dedupe)
            cards.append(draft.card(page))
    return tuple(cards)


def answer_of(card: Card) -> str:
    """The answer a card tests, without Markdown: a cloze's hidden text, a factor's link."""
    first = card.back.strip().split("\n\n", 1)[0]
    return " ".join(plain_text(first).replace("Link:", "").split())


# ---------------------------------------------------------------- drafts


@dataclass(frozen=True, slots=True)
class _Draft:
    kind: CardKind
    front: str
    back: str
    answer: str
    context: str
    source: Source

    def card(self, page: Page) -> Card:
        key = "\x1f".join(
            (
                page.id,
                self.source.section or "",
                self.source.factor or "",
                self.kind.value,
                _norm(self.answer),
                _norm(self.context),
            )
        )
        return Card(
            id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
            kind=self.kind,
            front=self.front,
            back=self.back,
            source=self.source,
            tags=_tags(page, self.source),
            key=key,
        )


def _points(section: Section) -> Iterator[tuple[Factor | None, Point | None, Point, int]]:
    """(factor, parent, point, depth) for every point of a section, in page order."""

    def walk(factor: Factor | None, parent: Point | None, point: Point, depth: int) -> Iterator:
        yield factor, parent, point, depth
        for child in point.children:
            yield from walk(factor, point, child, depth + 1)

    for top in section.points:
        yield from walk(None, None, top, 0)
    for factor in section.factors:
        for top in factor.points:
            yield from walk(factor, None, top, 0)


def _point_drafts(
    page: Page, section: Section, names: NameIndex, protagonists: frozenset[str]
) -> Iterator[_Draft]:
    term_seen: set[str] = set()
    for factor, parent, point, _ in _points(section):
        source = Source(page.id, section.title, factor.title if factor else None, point.line)
        if point.cards:
            yield from _explicit_drafts(point, source)
            continue
        text = unbold_dates(point.text).strip()
        if not text or len(_words(text)) < 3:
            continue
        context = _context_line(section, factor, parent, text)
        for kind, start, end, answer, shown in _hideables(text, point, names):
            if not _fair_answer(answer, text, context):
                continue
            if kind is CardKind.TERM_CLOZE:
                anchor = factor.title if factor else ""
                if answer in names.people and (answer in protagonists or answer in anchor):
                    continue
                if _norm(answer) in term_seen:  # a term is asked once per section
                    continue
                term_seen.add(_norm(answer))
            cloze = text[:start] + shown + text[end:]
            if _norm(answer) in _norm(cloze):  # the answer is written elsewhere in the point
                continue
            front = f"{context}\n\n{cloze}" if context else cloze
            yield _Draft(kind, front, answer, answer, cloze, source)


def _explicit_drafts(point: Point, source: Source) -> Iterator[_Draft]:
    for explicit in point.cards:
        yield _Draft(
            explicit.kind,
            explicit.front,
            explicit.back,
            explicit.back,
            explicit.front,
            replace(source, line=explicit.line),
        )


def _hideables(text: str, point: Point, names: NameIndex) -> list[_Hideable]:
    """What can be hidden in a point: (kind, start, end, answer, what the front shows)."""
    found: list[_Hideable] = []
    for span in find_dates(text, point.years):
        found.append((CardKind.DATE_CLOZE, span.start, span.end, span.text, HIDDEN))
    terms: list[_Hideable] = []
    for match in BOLD.finditer(text):
        terms.append((CardKind.TERM_CLOZE, *match.span(), plain_text(match.group(2)), HIDDEN))
    for match in QUOTED_TERM.finditer(text):
        shown = f"{match.group(1)}{HIDDEN}{match.group(3)}"
        terms.append((CardKind.TERM_CLOZE, *match.span(), plain_text(match.group(2)), shown))
    for match in _NAMED_THING.finditer(text):
        start, words = match.start(), match.group(1).split()
        while words and (
            words[0].lower() in STOP_WORDS
            or POSSESSIVE_ENDING.search(words[0])
            or words[0] in names.people
            or words[0].lower() in _MONTH_WORDS
        ):
            start = text.index(words[0], start) + len(words[0])
            words.pop(0)
        if words:
            start = text.index(words[0], start)
            terms.append(
                (
                    CardKind.TERM_CLOZE,
                    start,
                    match.end(),
                    plain_text(text[start : match.end()]),
                    HIDDEN,
                )
            )
    terms.extend(
        (CardKind.TERM_CLOZE, start, end, plain_text(text[start:end]), HIDDEN)
        for start, end in find_people(text, names)
    )
    for term in terms:
        if not any(_overlaps(term, other) for other in found):
            found.append(term)
    return found


_MONTH_ORDER = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_WORDS = frozenset(_MONTH_ORDER)


def _overlaps(a: _Hideable, b: _Hideable) -> bool:
    return a[1] < b[2] and b[1] < a[2]


def _fair_answer(answer: str, text: str, context: str) -> bool:
    """An answer worth asking: not a stop word, not most of the point, not given away."""
    words = _words(answer)
    if not words or all(w.lower() in STOP_WORDS for w in words):
        return False
    if words[0].lower() in DISCOURSE_MARKERS or answer.rstrip(":").lower() in DISCOURSE_MARKERS:
        return False
    is_date = bool(find_dates(answer))
    if not is_date and re.fullmatch(r"[\d.,%\s–-]+", answer):
        return False
    if len(words) > _MAX_TERM_WORDS and not is_date:
        return False
    if len(words) > MAX_ANSWER_SHARE * len(_words(text)):
        return False
    return not (context and _norm(answer) in _norm(context))


def _protagonists(page: Page, names: NameIndex) -> frozenset[str]:
    """People a page is about: in its title or a section title, or in a quarter of its points."""
    titles = " ".join([page.title] + [s.title for s in page.sections])
    counts: Counter[str] = Counter()
    total = 0
    for section in page.sections:
        for _, _, point, _ in _points(section):
            total += 1
            counts.update({without_possessive(w) for w in _words(point.text)} & names.people)
    named = set(re.findall(r"\w+", titles)) & names.people
    common = {w for w, n in counts.items() if total >= 8 and n >= total / 4}
    return frozenset(named | common)


def _context_line(section: Section, factor: Factor | None, parent: Point | None, text: str) -> str:
    """The line that makes a point answerable on its own, or "" when it needs none."""
    first = _words(text)[0].lower() if _words(text) else ""
    needs = (
        parent is not None
        or first in ANAPHORS
        or (first.endswith("ed") and text[:1].isupper())
        or len(_words(text)) < 6
    )
    if not needs:
        return ""
    anchor = " — ".join(
        x for x in (_theme_label(section.title), factor.title if factor else "") if x
    )
    line = f"*{anchor}*" if anchor else ""
    if parent is not None:
        line = f"{line}\n\n{plain_text(unbold_dates(parent.text))}".strip()
    return line


# ---------------------------------------------------------------- factor cards


def _factor_draft(page: Page, section: Section, factor: Factor, names: NameIndex) -> _Draft | None:
    if factor.weak or not factor.statements:
        return None
    statements = [alt for s in factor.statements for alt in s.alternatives]
    front = factor_question(factor.title, section.title, names.proper)
    back = [f"**Link:** {statements[0]}"]
    if len(statements) > 1:
        back.append("*Or:*\n\n" + "\n".join(f"- {alt}" for alt in statements[1:]))
    evidence = _strongest_evidence(factor, names)
    if evidence:
        back.append("*Evidence:*\n\n" + "\n".join(f"- {p.text}" for p in evidence))
    source = Source(page.id, section.title, factor.title, factor.line)
    return _Draft(CardKind.FACTOR, front, "\n\n".join(back), "", factor.title, source)


def _strongest_evidence(factor: Factor, names: NameIndex) -> list[Point]:
    """The points that best support a factor, in page order: dated and named ones first."""
    points = [p for p in factor.all_points() if not p.cards and p.text.strip()]

    def strength(point: Point) -> int:
        words = {without_possessive(w) for w in _words(point.text)}
        named = len(words & names.proper)
        return 3 * min(len(point.years), 1) + min(named, 3) + min(len(point.terms), 1)

    ranked = sorted(range(len(points)), key=lambda i: (-strength(points[i]), i))
    return [points[i] for i in sorted(ranked[:_EVIDENCE_ON_BACK])]


_DATE_TAIL = re.compile(r"\s*\(?(\d{4}\s*[–—-]\s*\d{2,4}|\d{4})\)?$")
_IRREGULAR = {
    "won": "win",
    "was": "be",
    "were": "be",
    "became": "become",
    "took": "take",
    "rose": "rise",
    "came": "come",
    "fell": "fall",
    "kept": "keep",
    "held": "hold",
    "lost": "lose",
    "gave": "give",
    "made": "make",
    "got": "get",
    "seized": "seize",
    "led": "lead",
    "began": "begin",
}


def factor_question(
    factor_title: str, section_title: str, proper: frozenset[str] = frozenset()
) -> str:
    """The question a factor answers, built from its section's phrasing.

    "Reasons for the rise of Stalin" + "Non-disclosure of Lenin's testament" →
    "How did non-disclosure of Lenin's testament help the rise of Stalin?"
    """
    factor = _lower_first(factor_title, proper)
    title = section_title.strip().rstrip("?.:")
    dates = ""
    if tail := _DATE_TAIL.search(title):
        dates, title = f" ({tail.group(1)})", title[: tail.start()].strip()
    lowered = title.lower()
    for prefix in ("reasons for ", "causes of ", "factors in ", "reasons behind "):
        if lowered.startswith(prefix):
            return f"How did {factor} help {title[len(prefix) :]}{dates}?"
    for prefix in ("consequences of ", "effects of ", "results of ", "impact of "):
        if lowered.startswith(prefix):
            return f"How did {title[len(prefix) :]}{dates} lead to {factor}?"
    for prefix in ("reasons why ", "why ", "how "):
        if lowered.startswith(prefix):
            clause = title[len(prefix) :]
            if (made := _base_clause(clause)) is not None:
                return f"How did {factor} {made}{dates}?"
            return f"How did {factor} help explain {prefix.split()[-1]} {clause}{dates}?"
    return f"How is {factor} linked to “{section_title.strip()}”?"


def _base_clause(clause: str) -> str | None:
    """`Stalin won the struggle` → `help Stalin win the struggle`; `X was weak` → `make X weak`."""
    words = clause.split()
    for i, word in enumerate(words[1:], start=1):
        lower = word.lower()
        if lower in ("was", "were") and i + 1 < len(words):
            return f"make {' '.join(words[:i])} {' '.join(words[i + 1 :])}"
        base = _IRREGULAR.get(lower) or _verb_base(lower)
        if base:
            return f"help {' '.join(words[:i])} {base} {' '.join(words[i + 1 :])}".rstrip()
    return None


def _verb_base(word: str) -> str | None:
    if not word.endswith("ed") or len(word) < 5:
        return None
    if word.endswith("ied"):
        return word[:-3] + "y"
    if re.search(r"(at|iv|v|s|z|c|g|u|dl|bl|tl|rg|rc)ed$", word):
        return word[:-1]
    if re.search(r"([bdgmnprt])\1ed$", word):
        return word[:-3]
    return word[:-2]


def _lower_first(title: str, proper: frozenset[str]) -> str:
    first = title.split(" ", 1)[0]
    base = POSSESSIVE_ENDING.sub("", first.strip('"“”'))
    if not first[:1].isalpha() or base in proper or base.isupper() or first[1:2].isupper():
        return title
    return first[:1].lower() + title[1:]


def _theme_label(section_title: str) -> str:
    """A short label for a section: `Reasons for the rise of Stalin` → `Rise of Stalin`."""
    title = _DATE_TAIL.sub("", section_title.strip())
    title = re.sub(r"^(reasons (for|why)|causes of|why|how)\s+(the\s+)?", "", title, flags=re.I)
    return title[:1].upper() + title[1:]


# ---------------------------------------------------------------- sequence cards


def _sequence_draft(page: Page, section: Section) -> _Draft | None:
    events: list[Event] = []
    for factor, _, point, _ in _points(section):
        if point.cards:
            continue
        source = Source(page.id, section.title, factor.title if factor else None, point.line)
        events.extend(point_events(point, source))
    by_date: dict[tuple[int, int, int], Event] = {}
    for event in events:
        when = (event.year, event.month or 0, event.day or 0)
        if when not in by_date and len(_words(event.text)) >= 2:
            by_date[when] = event
    ordered = [by_date[k] for k in sorted(by_date)]
    # Dates that differ only in precision (1924 and May 1924) cannot be put in order.
    ordered = [e for e in ordered if sum(o.year == e.year for o in ordered) == 1 or e.month]
    if len(ordered) < _SEQUENCE_MIN:
        return None
    if len(ordered) > _SEQUENCE_MAX:  # spread a long list evenly over its span
        step = (len(ordered) - 1) / (_SEQUENCE_MAX - 1)
        ordered = [ordered[round(i * step)] for i in range(_SEQUENCE_MAX)]
    shuffled = sorted(ordered, key=lambda e: hashlib.sha256(e.text.encode()).hexdigest())
    if shuffled == ordered:
        shuffled = shuffled[1:] + shuffled[:1]
    label = _theme_label(section.title)
    front = f"Put these events of *{label}* in order:\n\n" + "\n".join(
        f"- {e.text}" for e in shuffled
    )
    back = "\n".join(f"1. {_when(e)} — {e.text}" for e in ordered)
    source = Source(page.id, section.title, None, section.line)
    return _Draft(CardKind.SEQUENCE, front, back, "", section.title, source)


def _when(event: Event) -> str:
    months = [m.capitalize() for m in _MONTH_ORDER]
    parts = [str(event.day)] if event.day and event.month else []
    if event.month:
        parts.append(months[event.month - 1])
    return " ".join([*parts, str(event.year)])


# ---------------------------------------------------------------- text helpers


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(plain_text(text)))


@lru_cache(maxsize=1 << 16)
def _norm(text: str) -> str:
    """Case, accents, markup and punctuation do not change what a card tests."""
    text = unicodedata.normalize("NFKC", plain_text(text)).casefold()
    return " ".join(re.findall(r"\w+|\[\.\.\.\]", text))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "untitled"


def _tags(page: Page, source: Source) -> tuple[str, ...]:
    parts = [_slug(page.title)]
    if source.section:
        parts.append(_slug(source.section))
        if source.factor:
            parts.append(_slug(source.factor))
    return tuple("::".join(parts[: i + 1]) for i in range(len(parts)))
