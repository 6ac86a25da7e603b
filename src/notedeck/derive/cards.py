"""Flashcards from plain notes: dates, numbers, names and terms, factors, sequences, explicit cards.

Everything here is a pure function of the `Notebook`. Conventions every consumer can rely on
(the rules themselves are written out for people in `docs/card-rubric.md`):

- Fronts and backs are plain text: what the student sees. A cloze card's front is one
  sentence or clause of a point (`cardtext.windows`) with its answer replaced by `[...]`; its
  back is exactly the answer (`answer_of(card)` reads it back). What may be hidden is found
  by `hideable.find_hideables`.
- A term is asked once per section, from its first clause in reading order; its other
  clauses ride along as that card's `alternates`, so that identity can keep the clause that
  already has history when a point moves (`study/identity.py`).
- A derived front is at most `MAX_FRONT` characters and an explicit card's sides at most
  `MAX_EXPLICIT`; a window too long for that gives no card. The cards of one line each show
  their own window of it, so their total size grows linearly with the line, however long.
- A clause that does not say what it is about (it opens on "He", names nothing, or is a
  nested bullet) is prefixed by its nearest heading, or its parent bullet: `Control over
  party organisation: He was also in control of the [...]`.
- A cloze is dropped when its front gives the answer away: the answer itself, a word built
  on it, its acronym or expansion, a formula's symbols; and when what it hides is a side
  detail (a bracketed figure, one item of a long list, a formula's own symbol).
- `Q:::A` gives ONE card of kind `reversed`; exporters render it both ways (Anki's
  "Basic (and reversed card)"). An explicit cloze shows `[...]` on its front and keeps its
  `{{cN::…}}` text in `Card.cloze` for the Anki export.
- Tags are three Anki hierarchical tags, each a prefix of the next: `page`, `page::section`,
  `page::section::factor` (slugs: lower case, ASCII, `-` for anything else).
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

from notedeck.derive import dictionary
from notedeck.derive.cardtext import (
    Plain,
    norm,
    strip_lead,
    table_rows,
    to_plain,
    windows,
    words_of,
)
from notedeck.derive.cloze import (
    ASIDE,
    HIDDEN,
    MAX_FRONT,
    PARTICIPLES,
    Cloze,
    clozes,
    country_of,
    has_subject,
    leaks,
    opens_on_anaphor,
    reads_as_notes_syntax,
    says_what_of,
    shows_a_name_word,
    shows_a_term_word,
    undated,
)
from notedeck.derive.definitions import RARE_TERM, Definition, definition_of, in_glossary
from notedeck.derive.events import find_dates
from notedeck.derive.hideable import BOUNDED, QUESTION_WORDS, PageNames, is_common
from notedeck.derive.machine import (
    has_machine_text,
    hides_part_of_machine_text,
    is_machine_answer,
    is_machine_front,
)
from notedeck.derive.memo import DerivedMemo
from notedeck.derive.terms import (
    POSSESSIVE_ENDING,
    STOP_WORDS,
    NameIndex,
    index_names,
    notebook_names,
    plain_text,
    without_possessive,
    word_set,
)
from notedeck.forked import forked_map
from notedeck.model import Card, CardKind, Event, Factor, Notebook, Page, Point, Section, Source
from notedeck.parse.explicit import blank_clozes, reveal_clozes
from notedeck.parse.include import locate_cards
from notedeck.parse.source import printable

_SEQUENCE_MIN, _SEQUENCE_MAX = 3, 4
_EVIDENCE_ON_BACK = 2
_MAX_BACK = 400
_MAX_CUE = 120
# A card the student wrote is kept as written up to this size a side; past it (a pasted page
# turned into one `==cloze==` line) it is no flashcard, and every copy of it costs its size.
# The longest explicit side in our dev, test and example notes is 221 characters.
MAX_EXPLICIT = 1_000
_CONTINUED = re.compile(r"(?i)\(cont(?:inued|\.|d)?\)")
_NUMBERING = re.compile(r"^\d+[.)]\s+")  # `4. JavaScript`: the heading's own number
_ELLIPSIS = re.compile(r"\s*(?:…|\.{3,})")
#: A course's code for the topic: `Operating Systems (OCR A Level 1.2.1)`, `(Unit 1.4.2)`.
_SPEC_CODE = re.compile(r"\s*\((?=[^()]*\d\.\d)[^()]*\)")
#: The same after a dash: `Object-oriented programming — A level CS 1.2.4`.
_SPEC_TAIL = re.compile(r"\s+[–—-]\s+[^–—]*\d\.\d[\d.]*\s*$")


def _cue_text(heading: str) -> str:
    """A heading or parent line as a cue: without its number (`4. JavaScript`), its course
    code (`(OCR 1.2.1)`, which reads as a version), a label (`P:`) or a trailing `…` (`Set
    syntax…`, `Causes...`), which on a card would read as text cut short."""
    text = _SPEC_CODE.sub("", _NUMBERING.sub("", strip_lead(heading)))
    return _ELLIPSIS.sub("", text).strip()


_FREE_TEXT = re.compile(r"(?i)fact|event|note|terms|detail|comment|description|why|what")
_OR = re.compile(r"\s+OR\s+")
_DEFINES = re.compile(
    r"(?:^|: )(?:(?:An?|The) )?\[\.\.\.\] (?:[=–—]|is (?:an?|the) |are |means )"
    r"| = (?:(?:an?|the) )?\[\.\.\.\]$"  # `… feels a force = the [...]`: named from its meaning
)
#: A word standing for something said before it: `fix it`, `because of this`.
_POINTS_BACK = re.compile(r"\b(?:it|this|these|them|they)\b")
_DIGITS = re.compile(r"\d")  # a year alone says when, not what: "first release was in 1991"
_SYMBOL = re.compile(r"[A-Z][a-z]?")
_VERSION_HEAD = re.compile(r"(?i)^(?:version|release)s?\b")
_EXAMPLES = re.compile(r"(?i)^(?:e\.g\.|examples?)\b")
_SYMBOLS = re.compile(r"[→←=<>!?\"“”(|:]|->")
_DATE_LEAD_IN = re.compile(
    r"(?:\b(?:in|on|by|from|during|around|since|until|after|before|of|at|c\.|circa|late|early|"
    r"mid|the\s+(?:late|early|mid))\s+)+$",
    re.IGNORECASE,
)
_EMPTY_BRACKETS = re.compile(r"\s*\(\s*\)|\s*\[\s*\]")


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
    missing = [number for number, key in enumerate(keys) if key not in found]
    for number, page_cards in _derive_pages(notebook, missing, names):
        found[keys[number]] = page_cards
    cards: list[Card] = []
    for key, (pid, digest) in zip(keys, versions, strict=True):
        page_cards = found[key]
        if digest:
            _PAGE_CARDS[(pid, digest, names)] = page_cards
        cards.extend(page_cards)
    if memo is not None:
        unsaved = {key: found[key] for key in cacheable if key not in on_disk}
        memo.remember("cards", unsaved, keep=cacheable)
    return tuple(cards)


def _derive_pages(
    notebook: Notebook, numbers: list[int], names: NameIndex
) -> Iterator[tuple[int, tuple[Card, ...]]]:
    """The cards of the pages `numbers`: on every core when there are many (a cold build).

    The pages are loaded here: a worker must not read the page cache through the parent's
    connection.
    """
    pages = [notebook.pages[number] for number in numbers]
    yield from zip(numbers, forked_map(derive_page_cards, pages, names), strict=True)


def forget_memory() -> None:
    """Empty this process's derived cards; a memo on disk keeps its own."""
    _PAGE_CARDS.clear()


# Bump when derivation changes what cards a page gives, so remembered cards are not reused.
CARDS_VERSION = "143"
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
    known = PageNames(_anchors(page), names.proper, names.people)
    seen: set[tuple[str, str, str]] = set()
    cards: list[Card] = []
    own_year = _own_year(page)
    for section in page.sections:
        if _TO_DO.match(to_plain(section.title).text):
            continue  # `Still to do`: the student's list of jobs, not facts
        drafts: list[_Draft] = []
        drafts.extend(_point_drafts(page, section, known))
        drafts.extend(_heading_drafts(page, section, known))
        drafts.extend(d for f in section.factors if (d := _factor_draft(page, section, f, names)))
        if sequence := _sequence_draft(page, section):
            drafts.append(sequence)
        asking: dict[str, int] = {}  # a term -> the card that asks it in this section
        # An alternate is kept beside the card asking its term, never shown alone; a few
        # are enough to follow a moved point (a term named on every line has hundreds).
        ordered = [d for d in drafts if not d.alternate] + [d for d in drafts if d.alternate]
        for draft in ordered:
            if _machine_made(draft) or (
                draft.kind is CardKind.DATE_CLOZE and draft.answer == own_year
            ):
                continue  # `NO warning system in the Indian Ocean in [...]` on `Tsunami 2004`
            dedupe = (draft.kind.value, norm(draft.answer), norm(draft.context))
            if draft.alternate:
                at = asking.get(norm(draft.answer))
                if at is not None and dedupe not in seen and len(cards[at].alternates) < 16:
                    alternates = (*cards[at].alternates, draft.card(page))
                    cards[at] = replace(cards[at], alternates=alternates)
                continue
            if dedupe in seen:
                continue
            seen.add(dedupe)
            if draft.kind is CardKind.TERM_CLOZE:
                asking.setdefault(norm(draft.answer), len(cards))
            cards.append(draft.card(page))
    return locate_cards(page, cards)


#: A section of jobs still to do: `To do`, `Still to do`, `TODO:`.
_TO_DO = re.compile(r"(?i)^\W*(?:still\s+)?(?:to\s*do|todo)\b")


def _own_year(page: Page) -> str | None:
    """The one year a page's title gives its event (`The 2004 Indian Ocean tsunami`): asked
    on its own on that page, it is given by the page itself. A title spanning years
    (`Russia 1917–1924`) gives none."""
    years = re.findall(r"(?<!\d)(?:1\d{3}|20\d\d)(?!\d)", to_plain(page.title).text)
    ranged = re.search(r"\d{4}\s*(?:[–-]|to)\s*\d{2,4}", page.title or "")
    return years[0] if len(years) == 1 and not ranged else None


def answer_of(card: Card) -> str:
    """The answer a card tests, without Markdown: a cloze's hidden text, a factor's link."""
    first = card.back.strip().split("\n\n", 1)[0]
    return " ".join(plain_text(first).replace("Link:", "").split())


# ---------------------------------------------------------------- drafts


_EXPLICIT = frozenset({CardKind.BASIC, CardKind.REVERSED, CardKind.CLOZE})


def _machine_made(draft: _Draft) -> bool:
    """Whether a derived card would ask or show machine text (a URL, path, file name,
    version, anchor, code or markup): documentation trivia, not a fact to learn. A card the
    student wrote is theirs, whatever it holds."""
    if draft.kind in _EXPLICIT:
        return False
    at = draft.front.find(HIDDEN)
    if at >= 0 and not has_machine_text(
        draft.front[:at] + draft.answer + draft.front[at + len(HIDDEN) :]
    ):
        return False  # the clause holds none, so neither its blank nor the rest can
    return (
        is_machine_answer(draft.answer)
        or is_machine_front(draft.front)
        or hides_part_of_machine_text(draft.front, draft.answer)
    )


@dataclass(frozen=True, slots=True)
class _Draft:
    kind: CardKind
    front: str
    back: str
    answer: str
    context: str
    source: Source
    cloze: str = ""
    alternate: bool = False  # a term this section asks from another clause already
    chosen: bool = False  # the answer is marked here (`Cloze.chosen`)

    @classmethod
    def of(cls, cloze: Cloze, source: Source) -> _Draft:
        return cls(
            cloze.kind,
            cloze.front.rstrip(" ,;"),  # a line the student left mid-list: `… in 1871,`
            cloze.answer,
            cloze.answer,
            cloze.context,
            source,
            chosen=cloze.chosen,
        )

    def card(self, page: Page) -> Card:
        key = "\x1f".join(
            (
                page.id,
                self.source.section or "",
                self.source.factor or "",
                self.kind.value,
                norm(self.answer),
                norm(self.context),
            )
        )
        return Card(
            id=hashlib.sha256(key.encode("utf-8")).hexdigest()[:16],
            kind=self.kind,
            # A note may hold a terminal escape or a NUL: no card keeps one, so no review,
            # export or page shows it.
            front=printable(self.front),
            back=printable(self.back),
            source=self.source,
            tags=_tags(page, self.source),
            key=key,
            cloze=printable(self.cloze),
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


def _point_drafts(page: Page, section: Section, known: PageNames) -> list[_Draft]:
    """The section's cloze and explicit drafts. A term is asked once per section, from the
    clause that marks it when one does (`= **subduction**`), else from its first; its other
    clauses are alternates."""
    drafts: list[_Draft] = []
    asked: dict[str, int] = {}  # a term -> the draft that asks it
    for draft, once in _clause_drafts(page, section, known):
        if once and draft.kind is CardKind.TERM_CLOZE:
            term = norm(draft.answer)
            first = asked.get(term)
            if first is None or (draft.chosen and not drafts[first].chosen):
                asked[term] = len(drafts)
            draft = replace(draft, alternate=True)  # until it proves to be the one asking
        drafts.append(draft)
    for at in asked.values():
        drafts[at] = replace(drafts[at], alternate=False)
    return drafts


def _clause_drafts(page: Page, section: Section, known: PageNames) -> Iterator[tuple[_Draft, bool]]:
    """Each draft, and whether it is a clause's term that the section asks only once."""
    if ASIDE.match(to_plain(section.title).text):  # "## todo", "## Links"
        return
    topic = _topic(page)
    cues: dict[str | None, tuple[str, str]] = {}
    points = list(_points(section))
    siblings: dict[tuple[int, int], list[str]] = {}
    for factor, parent, point, _ in points:
        siblings.setdefault((id(factor), id(parent)), []).append(_UNMARKED.sub("", point.text))
    glossaries = {key for key, lines in siblings.items() if in_glossary(lines)}
    above: dict[tuple[int, int], Point] = {}  # the point before, among its siblings
    for factor, parent, point, _ in points:
        before = above.get(key := (id(factor), id(parent)))
        above[key] = point
        title = factor.title if factor else None
        source = Source(page.id, section.title, title, point.line)
        if title not in cues:
            heading = _cue_text(to_plain(title or section.title).text)
            # "Consequences" alone: of what?
            named = says_what_of(heading) or not topic
            # "Structure" under "Cell membrane & transport" is the membrane's structure.
            whose = _cue_text(to_plain(section.title).text) if title else ""
            specific = says_what_of(whose) or len(words_of(whose)) >= 3  # not "Notes"
            owner = whose if whose and specific and len(whose) <= _MAX_CUE // 2 else topic
            if _as_topic(heading) == topic:  # the page's title as its first section's
                heading = named_heading = topic
            else:
                named_heading = heading if named else f"{owner} — {heading}"
            cues[title] = heading, named_heading
        heading, cue_heading = cues[title]
        if point.cards:
            # A section of `Flashcards` says what its cards are, not what they are of.
            own = topic if _CARDS_HEADING.match(heading) else cue_heading
            yield from ((d, False) for d in _explicit_drafts(point, source, own))
            continue
        if point.code:
            continue
        if point.table is not None:  # a table with no header row names no fact: no cards
            header, width = list(point.table.header), len(point.table.header)
            rows = [list(row[:width]) + [""] * (width - len(row)) for row in point.table.rows]
            if header:
                yield from ((d, False) for d in _table_drafts(header, rows, source, known, topic))
            continue
        if (piped := table_rows(point.text)) is not None:
            yield from ((d, False) for d in _table_drafts(*piped, source, known, topic))
            continue
        context = ""
        if parent is not None:  # a card's line above says what this one is about, unasked
            context = _cue_text(to_plain(reveal_clozes(parent.text)).text)
        if opens_on_anaphor(context):  # "He spent the 1930s…" says nothing about who
            context = f"{heading}: {context}"
        elif _POINTS_BACK.search(context):  # "Strategies to fix it:", "… when they won": what?
            context = f"{cue_heading}: {context}"
        elif context and not says_what_of(_DIGITS.sub("", context)):  # "Terms:" of what?
            context = f"{cue_heading} — {context.rstrip(':')}"
        cue = context if context and len(context) <= _MAX_CUE else cue_heading
        if before is not None and _PASSIVE_OPENING.match(to_plain(point.text).text):
            # "Run by Empson and Dudley" under "**Council Learned in the Law** (1495) …": the
            # line before named what this one goes on about ("Moved money to the Chamber"
            # goes on about the heading's king)
            cue = _named_above(before) or cue
        for number, (callout, line) in enumerate(_lines(point.text)):
            if _QUESTION.search(line) or (  # a practice question asks; it states no fact
                _BARE_QUESTION.match(line) and "->" not in line and " - " not in line
            ):
                continue
            line_source = replace(source, line=point.line + number) if number else source
            plain = to_plain(line)
            spelled = list(_acronym_clozes(plain.text, callout or cue))
            yield from ((_Draft.of(asked, line_source), False) for asked in spelled)
            defined = None if spelled else definition_of(plain)
            if not spelled and defined is None and (id(factor), id(parent)) in glossaries:
                listed = definition_of(plain, glossary=True)
                # `Volta – …`, `Sarah Good – …` in a list of people: who they were
                if listed is not None and not _a_person(listed.term, known):
                    defined = listed
            if defined is not None and not _known_person(defined.term, known, callout or cue):
                # `Julia – 26, works in the Fiction Department`: what a person was has many
                # right answers; the name is asked from it instead, below.
                yield _Draft.of(_meaning_cloze(defined, callout or cue), line_source), False
            spelled_out = {norm(asked.answer) for asked in spelled}
            always_cue = bool(context or callout)
            asked = set(spelled_out)
            for cloze in clozes(
                plain,
                point.years,
                callout or cue,
                known,
                always_cue=always_cue,
                fallback_cue=_fallback_cue(cue, cue_heading, topic, heading, callout),
            ):
                # The heading's own subject asks nothing; a term the line defines
                # (`[...] = a different version of the same gene`) is still asked.
                if norm(cloze.answer) in norm(heading) and not _DEFINES.search(cloze.front):
                    continue
                if norm(cloze.answer) in spelled_out:  # asked as what an acronym stands for
                    continue
                asked.add(norm(cloze.answer))
                yield _Draft.of(cloze, line_source), True
            term = _named_cloze(defined, callout or cue) if defined is not None else None
            if term is not None and not _asked_or_heading(norm(term.answer), asked, heading):
                yield _Draft.of(term, line_source), True


def _heading_drafts(page: Page, section: Section, known: PageNames) -> Iterator[_Draft]:
    """A heading that dates what it titles, in brackets (`Ozymandias – Percy Bysshe Shelley
    (1818)`, `Capacity – Miller (1956)`, `Case study: Typhoon Haiyan (Philippines, November
    2013)`): its facts are asked as a line's would be, under the heading above it. A theme's
    period (`Reasons for Scottish success (1306-1328)`) is no fact of it."""
    topic = _topic(page)
    # A `##` heading is an exam theme (`Main events of the war (1936–39)`) unless it names
    # a work or a study by its author (`Stages of attachment – Schaffer & Emerson (1964)`).
    titled: list[tuple[str, str | None, int, str]] = (
        [(section.title, None, section.line, topic)] if _BY_AUTHOR.search(section.title) else []
    )
    titled += [(f.title, f.title, f.line, section.title) for f in section.factors]
    for title, factor, line, above in titled:
        plain = to_plain(title)
        bracket = _BRACKETED.search(plain.text)
        if not bracket or not find_dates(bracket.group(0)) or _THEME.match(plain.text):
            continue
        if norm(plain.text.replace(bracket.group(0), "")) == norm(_as_topic(above)):
            continue  # `The Black Death (1348–1350)` under `The Black Death`: the page's span
        source = Source(page.id, section.title, factor, line)
        cue = _cue_text(to_plain(above).text)
        # `My Last Duchess – Robert Browning (1842)`: the work's title is what the heading is
        # about, its author and year the facts asked of it
        by = _BY_AUTHOR.search(plain.text)
        for cloze in clozes(plain, None, cue, known, always_cue=True):
            if by is None or cloze.context.find(HIDDEN) > by.start():
                yield _Draft.of(cloze, source)


_BRACKETED = re.compile(r"\([^()]*\)")
_BY_AUTHOR = re.compile(r"\S\s[–—-]\s[A-Z]")
#: A heading that names an exam theme, not a thing: its years are the theme's period.
_THEME = re.compile(
    r"(?i)^\W*(?:reasons?|causes?|why|how|consequences?|effects?|impact|results?|factors?|"
    r"long-term|short-term|the\s+(?:causes|consequences|effects|impact))\b"
)


def _fallback_cue(cue: str, cue_heading: str, topic: str, heading: str, callout: str) -> str:
    """What says what a clause is about when its cue gives the answer away: the heading for
    a parent line ("Python is …: called [...]" → `CPython`), the page's topic for a heading."""
    if callout:
        return ""
    if cue is not cue_heading:
        return cue_heading
    return topic if topic != heading else ""


#: A line that opens on what was done to its unnamed subject: `Run by …`, `Signed in 1648`.
_PASSIVE_OPENING = re.compile(
    rf"(?:\w+ed|set\s+up|{'|'.join(sorted(PARTICIPLES))})"
    r"\s+(?:by|in|on|at|as|from|during|after|before|under|\d)\b",
    re.I,
)


def _named_above(point: Point) -> str:
    """The marked name a line opens on (`**Council Learned in the Law** (set up 1495) …`),
    or "": what a following line with no subject of its own is about."""
    plain = to_plain(point.text)
    marked = next((span for span in plain.emphasis if span[0] == 0), None)
    if marked is None:
        return ""
    name = plain.text[marked[0] : marked[1]].strip()
    return name if 2 <= len(name) <= _MAX_CUE // 2 and has_subject(name + " did") else ""


def _meaning_cloze(found: Definition, cue: str) -> Cloze:
    """`Ionic bond = [...]` from a line defining the term: the meaning asked whole. A term in
    lower case (`task difficulty = …`) or of one word (`William = …` in a list of characters)
    says what it is about only beside its heading; an acronym (`LIFO = …`) spells its own."""
    lead = ""
    label = cue.rstrip(":. ")
    alone = found.term[:1].islower() or (" " not in found.term and not found.term.isupper())
    if alone and len(label) > 2:  # not a letter of a glossary (`S`)
        lead = f"{label}: "
    front = f"{lead}{found.term} = {HIDDEN}"
    return Cloze(CardKind.TERM_CLOZE, front, found.meaning, front, chosen=True)


def _a_person(term: str, known: PageNames) -> bool:
    """A name (`Sarah Good`, or one word the notebook knows as a person's): not a term."""
    words = term.split()
    return all(w[:1].isupper() for w in words) and (
        len(words) >= 2 or _known_person(term, known, "")
    )


def _known_person(term: str, known: PageNames, cue: str) -> bool:
    """A name the notebook knows as a person's, or any name in a list of characters."""
    words = term.split()
    return all(w[:1].isupper() for w in words) and (
        term in known.people
        or any(w in known.people for w in words)
        or _PEOPLE_LIST.search(cue) is not None
    )


_PEOPLE_LIST = re.compile(
    r"(?i)\b(?:characters?|people|key\s+(?:figures|individuals)|who'?s\s+who)\b"
)


def _asked_or_heading(answer: str, asked: set[str], heading: str) -> bool:
    return answer in asked or answer in norm(heading)


def _named_cloze(found: Definition, cue: str) -> Cloze | None:
    """`[...] = eating the wrong balance of nutrients` → Malnutrition: the term a line
    defines, asked from its meaning even when it is an everyday word, which no other rule
    would hide. A short meaning says what it is about only beside its heading."""
    term, meaning = found.term, found.meaning
    words = words_of(meaning)
    quoted = meaning[:1] in "\"“'"  # `= "repairing the world"`: a translation, short or not
    # `omnipotent – all-powerful`: a rare word glossed in a word or two, beside its heading
    glossed = bool(cue) and " " not in term and dictionary.frequency(term.lower()) < RARE_TERM
    shortest = 1 if glossed else _MIN_NAMED_MEANING - quoted
    if len(words) < shortest or not _READS_AS_MEANING.match(meaning):
        return None  # `= Sir Thomas Bloodworth`, `= 230 V ac`: a value, not what a word means
    if "," in " ".join(meaning.split()[:4]):
        return None  # `= calm, clear, sinking air`, `= catholic plot, govt …`: notes on it
    if term.lower().endswith(("ly", "wards")):
        return None  # `afterwards = …` times a note; it names nothing
    label = cue.rstrip(":. ")
    lead = f"{label}: " if label and len(words_of(meaning)) < _CUED_MEANING else ""
    front = f"{lead}{HIDDEN} = {meaning}"
    if len(front) > MAX_FRONT or leaks(term, front) or shows_a_term_word(term, meaning):
        return None
    return Cloze(CardKind.TERM_CLOZE, front, term, front, chosen=True)


#: A meaning opens on a word in lower case, not on a name, a figure or a question word.
_READS_AS_MEANING = re.compile(r"[\"“']?(?!(?:how|why|what|when|where|who|more|less)\b)[a-z]")
#: A meaning this short names nothing on its own (`= cancer`); one under `_CUED_MEANING`
#: words takes its heading.
_MIN_NAMED_MEANING = 4
_CUED_MEANING = 7


_CALLOUT = re.compile(r"^\[!\w+\][+-]?\s*")
_UNMARKED = re.compile(r"[*_`]")  # enough of `to_plain` to see a glossary line's shape
_CARDS_HEADING = re.compile(
    r"(?i)^(?:my\s+)?(?:flash\s*cards?|cards|anki|quiz|questions|self[-\s]test|test\s+yourself|"
    r"review|recall)\b"
)
# A question the line ends on, not one it quotes (`"…who was then the gentleman?"`).
_QUESTION = re.compile(r"\?(?![\"”'])[\s*_]*(?:\(\d+\s*(?:marks?)?\)[\s*_]*)?$")
#: A question written without its mark (`- why was there unrest 1815-19`), and nothing after it.
_BARE_QUESTION = re.compile(
    rf"(?i)^[\s*_>-]*{QUESTION_WORDS}\s+(?:was|were|did|do|does|is|are|far|much|many|had|has|"
    r"could|would)\b[^:=→;]*$"
)


_ACRONYM = re.compile(
    r"^(?P<acronym>[A-Z][A-Za-z0-9]{1,7})\s*(?:–|—|-|=|:|\(|stands for)\s*"
    r"(?P<expansion>[A-Z][\w'-]*(?:\s+(?:of|and|for|the|de|[A-Z][\w'-]*))+"
    r"|(?<=\()[a-z][\w'-]*(?:\s+[a-z][\w'-]*)+(?=\)))"  # `ALU (arithmetic logic unit)`
    r"\)?\s*(?P<said>[:–—=-])?(?P<rest>.*)$"
)


def _acronym_clozes(text: str, cue: str) -> Iterator[Cloze]:
    """A line that opens by spelling out an acronym ("DNS – Domain Name System: turns a name
    into an IP address") asks what it stands for and, from what it does, which it is.

    Clozes on such a line give each other away (the acronym shows its expansion's
    initials), so these two cards are the line's own.
    """
    found = _ACRONYM.match(text)
    if found is None:
        return
    acronym, expansion = found["acronym"], found["expansion"].strip()
    initials = "".join(c for w in expansion.split() for c in w if c.isupper()) or "".join(
        w[0] for w in expansion.split() if w not in ("of", "and", "for", "the")
    )
    if initials.casefold() not in (acronym.casefold(), acronym.removesuffix("s").casefold()):
        return
    label = cue.rstrip(":. ")
    lead = f"{label}: " if label else ""
    yield Cloze(CardKind.TERM_CLOZE, f"{lead}{acronym} stands for {HIDDEN}", expansion, text)
    rest = found["rest"].lstrip(" :–—-=,;.→>").strip()
    front = f"{lead}{HIDDEN} – {rest}"
    if found["said"] and len(words_of(rest)) >= 4 and not leaks(acronym, front):
        yield Cloze(CardKind.TERM_CLOZE, front, acronym, text)


def _lines(text: str) -> list[tuple[str, str]]:
    """(cue, text) for each part of a point a card may come from.

    A paragraph of one-fact lines (`**Ion** – …` then `**Cation** – …`) is read line by
    line, and a call-out's title line (`[!note] Big idea`) is the cue of the lines under it,
    not a fact; a sentence wrapped over lines is read whole.
    """
    lines = text.split("\n")
    title = ""
    if _CALLOUT.match(lines[0]):
        title = to_plain(_CALLOUT.sub("", lines[0])).text
        lines = ["", *lines[1:]]
        if title.rstrip().endswith("?"):  # `[!note] What is it?` asks; the heading says
            title = ""
    if len(lines) > 1 and all(not line[:1].islower() for line in lines[1:]):
        # `-> ANC + PAC banned` under `Sharpeville 21 March 1960 - police fired …` is what
        # followed the line above: that line's title says what it followed.
        return [
            (_title_of(lines[i - 1]) or title if i and _ARROW.match(line) else title, line)
            for i, line in enumerate(lines)
        ]
    return [(title, " ".join(lines))]


_ARROW = re.compile(r"\s*(?:->|→|=>|⇒)")
_TITLE_OF = re.compile(r"(.+?)\s(?:[-–—]|:)\s")
_MAX_TITLE_WORDS = 6


def _title_of(line: str) -> str:
    """The title a line opens with, before its dash or colon (`Sharpeville 21 March 1960`)."""
    found = _TITLE_OF.match(to_plain(line).text)
    return found.group(1) if found and len(found.group(1).split()) <= _MAX_TITLE_WORDS else ""


def _topic(page: Page) -> str:
    """The page's title as words: without its emoji or other leading marks."""
    return _as_topic(to_plain(page.title).text)


def _as_topic(title: str) -> str:
    title = re.sub(r"^[^\w\"'“(]+", "", title)
    # `Radioactivity ☢️ (Physics topic 4 - atomic structure)` is about radioactivity, and
    # `Python basics – revision notes` about Python basics.
    topic = _REVISION_TAIL.sub("", _ASIDE_BRACKETS.sub("", _EMOJI.sub("", title)))
    topic = _SPEC_TAIL.sub("", topic)  # `… — A level CS 1.2.4`
    topic = _ELLIPSIS.split(topic, maxsplit=1)[0]  # `Research methods ... the big one`
    return " ".join(topic.split()) or title.strip()


def _table_drafts(
    headers: list[str], rows: list[list[str]], source: Source, known: PageNames, topic: str
) -> Iterator[_Draft]:
    """Cards from a table: each row is one thing (a treaty, an element), each cell a fact of it.

    The row is named by its first cell that is not a date, and every other cell becomes
    "Treaty of Versailles — Key terms: army capped at [...] men". The row's name is not
    asked from its date alone ("June 1920 — Treaty: [...]"): in a timeline, a date rarely
    pins down one row.
    """
    heads = [to_plain(h).text for h in headers]
    if all(len(h) <= 2 for h in heads):  # a grid of symbols (a Punnett square): no facts
        return
    heading = undated(to_plain(source.factor or source.section or "").text).strip(" :")
    if topic and not says_what_of(heading):  # `Main table: 1993`: of what?
        heading = topic
    above: list[str] = []
    # `Year: 1791` on all ten rows of the Bill of Rights: a value many rows share tells none
    # of them apart.
    shared = Counter((i, norm(cell)) for row in rows for i, cell in enumerate(row) if cell.strip())
    for number, row in enumerate(rows):
        # `1919 (cont.)`: the cell is the one above it, the rest of the row its own facts.
        row = [
            _CONTINUED.sub("", cell).strip() or (above[i] if i < len(above) else "")
            if _CONTINUED.search(cell)
            else cell
            for i, cell in enumerate(row)
        ]
        above = row
        cells = [to_plain(cell) for cell in row]
        row_source = replace(source, line=(source.line or 0) + 2 + number)
        dated = [
            i for i, c in enumerate(cells) if find_dates(c.text) and len(words_of(c.text)) <= 4
        ]
        # `| 1940 / 1944 | - | - | cancelled - WW2 |`: a dash holds a place, it names nothing.
        named = next(
            (i for i in range(len(cells)) if i not in dated and words_of(cells[i].text)), None
        )
        if named is None:
            continue
        if _RANK_HEAD.fullmatch(heads[named].strip()) and cells[named].text.strip().isdigit():
            # `| 4 | Lhotse | 8,516 |`: a rank names nothing; the row's first name does.
            named = next(
                (
                    i
                    for i in range(named + 1, len(cells))
                    if i not in dated
                    and any(c.isalpha() for c in cells[i].text)
                    and len(words_of(cells[i].text)) <= _MAX_LABEL_WORDS
                ),
                named,
            )
        if dated and len(words_of(cells[named].text)) > _MAX_LABEL_WORDS:
            # `| 1594 | joins the Lord Chamberlain's Men acting company |`: a timeline's row is
            # its date, and what happened is a fact of it like any other cell.
            named = dated[0]
        label = cells[named].text
        if _EXAMPLES.match(label):  # a row of examples: each cell is one of many
            continue
        if _BARE_NUMBER.fullmatch(label) and heading:  # `15th`: the 15th what?
            label = f"{heading}: {label}"
        # `| 2001 | Labour | Blair |`: a name many rows share is a category the rest of the row
        # gives away (Blair's party), not what the row is; its date names it, when it has one.
        category = shared[named, norm(row[named])] >= _CATEGORY_ROWS
        if category and dated:
            named, label = dated[0], cells[dated[0]].text
        if not category and (asked := _row_name(heads, [c.text for c in cells], named)):
            yield _Draft.of(asked, row_source)
        # What the row is about, in its own words: its longest short cell, to its first `;`.
        described = max(
            (
                _ASIDE_BRACKETS.sub("", c.text).split(";", 1)[0].strip()
                for i, c in enumerate(cells)
                if i != named
                and i not in dated
                and 2 <= len(words_of(c.text)) <= 10
                and any(ch.isalpha() for ch in c.text)  # `8,126` describes nothing
            ),
            key=lambda text: len(words_of(text)),
            default=None,
        )
        for i, cell in enumerate(cells):
            if i == named or len(words_of(cell.text)) == 0 or _EXAMPLES.match(heads[i]):
                continue  # any example fits an "Examples" column
            if _NUMBERING_HEAD.fullmatch(heads[i].strip()) and cell.text.strip() == str(number + 1):
                continue  # `| 18 | Rishi Sunak |`: the table's numbering, not a fact of the row
            if _UNSURE.search(cell.text):
                continue  # `?? (Mongolia, check)`: not a fact yet
            if _VERSION_HEAD.match(heads[i]):
                continue  # a release number is documentation, not a fact to learn
            free_text = bool(_FREE_TEXT.search(heads[i]))
            # `Secure (Type B) — %: [...]`: a header of symbols says nothing; the table's
            # heading says what the figure is of.
            head = heads[i]
            if heads[i] and not any(c.isalpha() for c in heads[i]) and heading:
                head = f"{heading} ({heads[i]})"
            lead = f"{label} — {head}: " if head else f"{label}: "
            told_apart = f"{label} ({described}) — {head}: " if head else f"{label} ({described}): "
            if shared[named, norm(row[named])] > 1 and len(words_of(cell.text)) <= 3:
                # `Macbeth — Act/Scene: [...]` on five rows, `London — Year: [...]` for the
                # Olympics of 1908, 1948 and 2012: any of them answers, unless the row
                # says what sets it apart (`Paris (first Games where women competed)`).
                name = norm(row[named])
                namesakes = [o for o in rows if len(o) > max(named, i) and norm(o[named]) == name]
                if (
                    described is None
                    or len(words_of(described)) < _MIN_DESCRIBED
                    or len({norm(other[i]) for other in namesakes}) <= 1
                ):
                    continue  # every London row says UK
                lead = told_apart
            elif (
                i in dated and described and not _EVENT_WORDS & {w.lower() for w in words_of(label)}
            ):
                # `Charles Darwin — Year: [...]`: the year of what? A person has many.
                lead = told_apart
            if shared[i, norm(row[i])] >= 3:
                continue
            # A cell that is all one bounded quantity (`under 250`) is asked whole.
            marked = ((0, len(cell.text)),) if BOUNDED.fullmatch(cell.text) else cell.emphasis
            shifted = Plain(
                lead + cell.text,
                tuple((a + len(lead), b + len(lead)) for a, b in marked),
                tuple((a + len(lead), b + len(lead)) for a, b in cell.protected),
            )
            hidden = False
            for cloze in clozes(shifted, None, "", known, shown=len(lead)):
                if free_text and norm(cloze.answer) == norm(cell.text):
                    continue  # "James I — Notable fact: [...]": many facts would fit
                hidden = True
                yield _Draft.of(cloze, row_source)
            if not hidden and (outcome := _outcome_cloze(lead, heads[i], cell.text)) is not None:
                yield _Draft.of(outcome, row_source)


_ASIDE_BRACKETS = re.compile(r"\s*\([^()]*\)")
#: The header of a column of ranks (`Rank`, `#`, `Pos.`, or none at all).
_RANK_HEAD = re.compile(r"(?i)(?:|#|rank(?:ing)?|pos(?:ition|\.)?|place)")
#: The header of a column that numbers the rows (`#`, `No.`, or none at all).
_NUMBERING_HEAD = re.compile(r"(?i)(?:|#|no\.?|n[°º])")
#: A first cell this many rows share names a kind of row, not one row.
_CATEGORY_ROWS = 3
#: A row named by one of these is an event, and its date is its own.
_EVENT_WORDS = word_set(
    "treaty battle act war revolution crisis conference pact agreement plan law election rising "
    "rebellion uprising siege invasion massacre strike coup reform reforms bill charter decree "
    "declaration summit games olympics congress council incident affair"
)
_REVISION_TAIL = re.compile(
    r"(?i)\s+[–—-]\s+(?:my\s+|[\w-]+\s+){0,2}(?:revision|notes|summary)\b.*$"
)
_EMOJI = re.compile("[\u2600-\u27bf\U0001f000-\U0001faff\ufe0f]")
#: A cell of this many words or more says what sets its row apart.
_MIN_DESCRIBED = 4
#: A column of what a test or reaction shows, or of a quantity's unit or symbol: its short
#: cells are the facts themselves.
_OUTCOME_HEAD = re.compile(
    r"(?i)\b(?:results?|colou?rs?|observations?|outcomes?|what (?:happens|you see)|"
    r"turns?|changes? to|units?|symbols?)\b"
)
_MAX_OUTCOME_WORDS = 4


def _outcome_cloze(lead: str, head: str, cell: str) -> Cloze | None:
    """`Lithium ion — Result: [...]` → crimson flame: in a column of results, the cell is
    the answer even in everyday words, which no other rule would hide."""
    words = words_of(cell)
    if not _OUTCOME_HEAD.search(head) or not 1 <= len(words) <= _MAX_OUTCOME_WORDS:
        return None
    if all(w.lower() in STOP_WORDS for w in words) or leaks(cell, lead):
        return None
    front = f"{lead}{HIDDEN}"
    return Cloze(CardKind.TERM_CLOZE, front, cell, front)


#: A first cell longer than this is a sentence, not a row's name.
_MAX_LABEL_WORDS = 6
#: A row named by its number alone (`15th`, `3`, `No. 5`) names nothing without its table.
_BARE_NUMBER = re.compile(r"(?:No\.?\s*)?\d+(?:st|nd|rd|th)?\.?")


#: A cell the student is not sure of yet: `?? (Mongolia, check)`.
_UNSURE = re.compile(r"\?\?|\bcheck\)")


def _head_name(head: str) -> str:
    """A column's name as a fact's label: `#` over ranks is `Rank`; symbols alone name none."""
    if any(c.isalpha() for c in head):
        return head
    return "Rank" if _RANK_HEAD.fullmatch(head.strip()) and head.strip() else ""


def _row_name(heads: list[str], cells: list[str], named: int) -> Cloze | None:
    """The row's name asked from all its other cells: "[...] — Date: June 1920; Who signed:
    Allies & Hungary; Key terms: Hungary lost two thirds of its land" → Treaty of Trianon.

    Together the cells pin one row down where a date alone would not. A row with one fact,
    a name that is not a name (a long phrase, everyday words), or a cell that shows the name
    gives no card.
    """
    label = cells[named]
    facts = [
        f"{_head_name(heads[i])}: {text}" if _head_name(heads[i]) else text
        for i, text in enumerate(cells)
        if i != named
        and words_of(text)
        and not _EXAMPLES.match(heads[i])
        and not _VERSION_HEAD.match(heads[i])
        and not _UNSURE.search(text)
    ]
    words = words_of(label)
    # One fact pins a row down when it describes it (`404 | Not Found – no resource at that
    # URL`), not when it is a date or a value many rows could share.
    described = len(facts) == 1 and len(words_of(facts[0])) >= 4 and not find_dates(facts[0])
    if (len(facts) < 2 and not described) or not words or len(words) > 6 or find_dates(label):
        return None
    if label.startswith("(") or label.endswith("?"):  # `(Interregnum)`, `Conducts as solid?`
        return None
    if all(w.lower() in STOP_WORDS or not w[:1].isupper() for w in words) and not (
        described and label.isdigit()
    ):
        return None  # everyday words name no row; a code described by the row does (`404`)
    frequencies = dictionary.frequencies({w.lower() for w in words})
    compared = not words_of(heads[named])
    if (described or compared) and all(is_common(w, frequencies) for w in words):
        # `Tutorial | Learn the essentials…`: a page's menu, not a term; `Errors | all listed
        # at the end | stops at the first` under `| | Compiler | Interpreter |`: a row of a
        # comparison, named by what it compares
        return None
    cloze = f"{HIDDEN} — {'; '.join(facts)}"
    shown = "; ".join(facts)
    if (
        len(cloze) > MAX_FRONT
        or leaks(label, cloze)
        or shows_a_name_word(label, shown)
        or reads_as_notes_syntax(shown)
    ):
        return None
    # A chemical symbol names its element to anyone who studies it (`Na`, `Cl`, `Fe`).
    if any(_SYMBOL.fullmatch(t) for i, t in enumerate(cells) if i != named):
        return None
    return Cloze(CardKind.TERM_CLOZE, cloze, label, cloze)


def _explicit_drafts(point: Point, source: Source, cue: str) -> Iterator[_Draft]:
    """The student's own cards, as written; one that names nothing ("last emperor [...]
    died fighting", "Why did the empire last so long?") is told its heading, as a derived
    card would be."""
    for explicit in point.cards:
        if max(len(explicit.front), len(explicit.back)) > MAX_EXPLICIT:
            continue
        cloze = explicit.kind is CardKind.CLOZE
        front = _plain_lines(blank_clozes(explicit.front) if cloze else explicit.front)
        lead = f"{cue.rstrip(':. ')}: " if cue and _names_nothing(front) else ""
        yield _Draft(
            explicit.kind,
            lead + front,
            _plain_lines(explicit.back),
            explicit.back,
            explicit.front,
            replace(source, line=explicit.line),
            # Exports make a real cloze note of it: plain text, as every other card side.
            lead + _plain_lines(explicit.front) if cloze else "",
        )


def _names_nothing(front: str) -> bool:
    """No capital past the first word, or an opening pronoun: nothing says what it is of."""
    words = [w for w in words_of(front.replace(HIDDEN, " ")) if w[:1].isalpha()]
    return opens_on_anaphor(front) or not any(w[:1].isupper() for w in words[1:])


def _plain_lines(markdown: str) -> str:
    return "\n".join(to_plain(line).text for line in markdown.splitlines() if line.strip())


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


def _anchors(page: Page) -> frozenset[str]:
    """Names a page is about: in its title or a section title, or on a quarter of its points.

    Hiding "Stalin" on a page about Stalin asks nothing.
    """
    titles = " ".join([page.title] + [s.title for s in page.sections])
    counts: Counter[str] = Counter()
    total = 0
    for section in page.sections:
        for _, _, point, _ in _points(section):
            total += 1
            capitals = {without_possessive(w) for w in words_of(point.text) if w[:1].isupper()}
            # `Spanish troops` is about Spain as much as `Spain` is
            counts.update(capitals | {c for w in capitals if (c := country_of(w))})
    named = {without_possessive(w) for w in words_of(titles) if w[:1].isupper()}
    named |= {c for w in named if (c := country_of(w))}  # `Spanish Civil War`: about Spain
    # A name on many of the page's points is what the page is about ("Britain" in notes on
    # India's independence): hiding it asks nothing.
    common = {w for w, n in counts.items() if total >= 8 and n >= max(3, total / 10)}
    return frozenset(named | common)


# ---------------------------------------------------------------- factor cards


def _factor_draft(page: Page, section: Section, factor: Factor, names: NameIndex) -> _Draft | None:
    """ "How did X help Y?" → the preferred link statement and up to two pieces of evidence."""
    if factor.weak or not factor.statements:
        return None
    # `S: A OR B` written on one line is two alternatives, as on two: the first is preferred.
    statements = [
        _OR.split(plain, 1)[0]
        for s in factor.statements
        for alt in s.alternatives
        if (plain := strip_lead(to_plain(alt).text))
        # `S: ... (finish this!!)`: a link still to be written links nothing
        and len(words_of(_ASIDE_BRACKETS.sub("", plain))) >= _MIN_LINK_WORDS
        and not _UNWRITTEN.search(plain)
    ]
    link = next((s for s in statements if len(s) <= _MAX_BACK), None)
    if link is None:
        return None
    back = link
    evidence = _strongest_evidence(section, factor, link, names)
    if evidence:
        with_evidence = f"{link}\n\nEvidence: " + " ".join(_sentence(e) for e in evidence)
        while evidence and len(with_evidence) > _MAX_BACK:
            evidence = evidence[:-1]
            with_evidence = f"{link}\n\nEvidence: " + " ".join(_sentence(e) for e in evidence)
        back = with_evidence if evidence else link
    front = factor_question(to_plain(factor.title).text, to_plain(section.title).text, names.proper)
    if len(front) > MAX_FRONT:  # a heading that is a whole paragraph asks no one question
        return None
    source = Source(page.id, section.title, factor.title, factor.line)
    return _Draft(CardKind.FACTOR, front, back, "", factor.title, source)


#: A link statement says how its factor answers the question in at least this many words.
_MIN_LINK_WORDS = 3
#: A link the student has still to write: `...finish this - something about Lincoln?`, `TODO`.
_UNWRITTEN = re.compile(r"^\s*(?:\.\.\.|…)|(?i:\b(?:finish\s+this|todo|to\s+do|tbc|tbd)\b)")


def _sentence(text: str) -> str:
    text = text.rstrip(" ;,")
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _strongest_evidence(section: Section, factor: Factor, link: str, names: NameIndex) -> list[str]:
    """At most two points that best back the link: sharing its words, dated or named, and
    inside the section's period (a late outlier, such as 1940 in notes on 1922–29, is not
    evidence for how the section's story turned out)."""
    period = _period(section)
    link_words = {w.lower() for w in words_of(link) if w.lower() not in STOP_WORDS}
    scored: list[tuple[float, int, str]] = []
    for order, point in enumerate(factor.all_points()):
        if point.cards or point.code or point.table or table_rows(point.text) is not None:
            continue
        text = strip_lead(to_plain(point.text).text)
        words = words_of(text)
        if len(words) < 4 or len(text) > 200:
            continue
        if point.years and period and not any(period[0] <= y <= period[1] for y in point.years):
            continue
        content = {w.lower() for w in words if w.lower() not in STOP_WORDS}
        overlap = len(content & link_words) / (len(content) ** 0.5 or 1)
        named = len({without_possessive(w) for w in words} & names.proper)
        score = overlap + 1.0 * bool(point.years) + 0.3 * min(named, 2)
        scored.append((score, order, text))
    best = sorted(scored, key=lambda t: (-t[0], t[1]))[:_EVIDENCE_ON_BACK]
    return [text for _, _, text in sorted(best, key=lambda t: t[1])]


def _period(section: Section) -> tuple[int, int] | None:
    """The years a section is about: its dated points' years without the outliers."""
    years = sorted(y for _, _, p, _ in _points(section) for y in p.years)
    if len(years) < 4:
        return None
    q1, q3 = years[len(years) // 4], years[(3 * len(years)) // 4]
    spread = max(q3 - q1, 2)
    return q1 - 1.5 * spread, q3 + 1.5 * spread  # type: ignore[return-value]


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
    if ": " in factor:  # `Direct action: sit-ins, Freedom Rides` reads as one noun phrase
        head, _, detail = factor.partition(": ")
        factor = f"{head} ({detail})"
    title = section_title.strip().rstrip("?.:")
    dates = ""
    if tail := _DATE_TAIL.search(title):
        dates, title = f" ({tail.group(1)})", title[: tail.start()].strip()
        if by := re.search(r"\s(by|in|before|after|until)$", title, re.IGNORECASE):
            dates, title = f" {by.group(1)} {tail.group(1)}", title[: by.start()]
    lowered = title.lower()
    asked = f"How did {factor} help answer “{section_title.strip().rstrip('?')}”?"
    if caused := re.match(r"(?i)(?:(?:long|short)-term\s+)?causes\s+of\s+(.+)", title):
        # `Causes of the Crimean War`: a factor helped cause the war, it did not help the war
        return f"How did {factor} help cause {caused.group(1)}{dates}?"
    for prefix in ("reasons for ", "factors in ", "reasons behind "):
        if lowered.startswith(prefix):
            return f"How did {factor} help {title[len(prefix) :]}{dates}?"
    if on := re.match(r"(?i)(?:impact|effects?)\s+of\s+(.+?)\s+on\s+(.+)", title):
        # `Impact of the war on Britain` + `The press and public opinion`
        return f"How did {on.group(1)} affect {on.group(2)}{dates} through {factor}?"
    for prefix in ("consequences of ", "effects of ", "results of ", "impact of "):
        if lowered.startswith(prefix):
            return f"How did {title[len(prefix) :]}{dates} lead to {factor}?"
    if re.match(r"(?i)how\s+(?:far|much)\b", title):
        return asked  # `How far was the Treaty to blame for WW2?` keeps its own word order
    if how := re.match(r"(?i)how\s+(\w+)\s+(was|were)\s+(.+)", title):
        # "How successful was US containment" → "show how successful US containment was"
        adjective, verb, subject = how.groups()
        return f"How did {factor} show how {adjective} {subject} {verb}{dates}?"
    for prefix in ("reasons why ", "why ", "how "):
        if lowered.startswith(prefix):
            clause = title[len(prefix) :]
            if did := re.match(r"(?i)(?:did|does|do)\s+(.+)", clause):
                # "Why did tension increase" → "help tension increase"
                return f"How did {factor} help {did.group(1)}{dates}?"
            if (made := _base_clause(clause)) is not None:
                return f"How did {factor} {made}{dates}?"
            return asked  # `Why was the war run so badly?`: no clause to build on
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
    if country_of(base) or base.endswith("ish"):
        return title  # a people's adjective keeps its capital: `Russian aggression`, `Swedish`
    if base.lower() not in STOP_WORDS and re.match(r"\S+\s+(?:[A-Z]|\d{4})", title):
        return title  # `Hungary 1956`, `Berlin Blockade`: a name keeps its capital
    return first[:1].lower() + title[1:]


def _theme_label(section_title: str) -> str:
    """A short label for a section: `Reasons for the rise of Stalin` → `Rise of Stalin`."""
    title = _DATE_TAIL.sub("", section_title.strip())
    title = re.sub(r"^(reasons (for|why)|causes of|why|how)\s+(the\s+)?", "", title, flags=re.I)
    return title[:1].upper() + title[1:]


# ---------------------------------------------------------------- sequence cards


def _sequence_draft(page: Page, section: Section) -> _Draft | None:
    """ "Put these in order" over at most four of a section's dated events, each a whole
    clause with its own subject ("Lenin died", never "Removed Rykov")."""
    by_date: dict[tuple[int, int, int], Event] = {}
    for factor, _, point, _ in _points(section):
        if point.cards or point.code or not point.years or point.table is not None:
            continue
        source = Source(page.id, section.title, factor.title if factor else None, point.line)
        text = to_plain(point.text).text
        for window in windows(text):
            body = strip_lead(text[window.start : window.end])
            if window.subject:
                body = f"{window.subject} {body[:1].lower()}{body[1:]}"
            spans = find_dates(body, point.years)
            if len(spans) != 1:
                continue
            span = spans[0]
            if body[: span.start].strip() and body[span.end :].strip(" .;,"):
                continue  # a date inside a clause may belong to a part of it
            what = _without_date(body, span.start, span.end)
            when = (spans[0].year, spans[0].month or 0, spans[0].day or 0)
            if when not in by_date and _is_event(what):
                by_date[when] = Event(spans[0].year, what, source, spans[0].month, spans[0].day)
    ordered = [by_date[k] for k in sorted(by_date)]
    # Dates that differ only in precision (1924 and May 1924) cannot be put in order.
    ordered = [e for e in ordered if sum(o.year == e.year for o in ordered) == 1 or e.month]
    if len(ordered) < _SEQUENCE_MIN:
        return None
    if len(ordered) > _SEQUENCE_MAX:  # spread a long list evenly over its span
        step = (len(ordered) - 1) / (_SEQUENCE_MAX - 1)
        ordered = [ordered[round(i * step)] for i in range(_SEQUENCE_MAX)]
    label = _theme_label(to_plain(section.title).text)
    lead = f"Put these events ({label}) in order, earliest first:\n"
    while (
        len(ordered) > _SEQUENCE_MIN
        and len(lead) + sum(len(e.text) + 1 for e in ordered) > MAX_FRONT
    ):
        ordered = ordered[:-1]
    if len(lead) + sum(len(e.text) + 1 for e in ordered) > MAX_FRONT:
        return None
    shuffled = sorted(ordered, key=lambda e: hashlib.sha256(e.text.encode()).hexdigest())
    if shuffled == ordered:
        shuffled = shuffled[1:] + shuffled[:1]
    front = lead + "\n".join(e.text for e in shuffled)
    back = "\n".join(f"{_when(e)}: {e.text}" for e in ordered)
    source = Source(page.id, section.title, None, section.line)
    return _Draft(CardKind.SEQUENCE, front, back, "", section.title, source)


def _without_date(text: str, start: int, end: int) -> str:
    """`Trotsky was expelled from the Party in 1927` → `Trotsky was expelled from the Party`."""
    before = _DATE_LEAD_IN.sub("", text[:start])
    after = text[end:]
    joined = f"{before.rstrip(' –—-:,(')} {after.lstrip(' –—-:,)')}".strip(" –—-:,;")
    return strip_lead(_EMPTY_BRACKETS.sub("", " ".join(joined.split())))


def _is_event(text: str) -> bool:
    """A whole clause that can be put on a timeline: a subject, a verb, no other number."""
    words = words_of(text)
    return (
        3 <= len(words) <= 12
        and not _SYMBOLS.search(text)
        and has_subject(text)
        and not _NO_ONE_NAMED.match(text)  # "The larger ones": ones of what?
        and any(w.islower() and w not in STOP_WORDS for w in words[1:])
        and words[-1].lower() not in STOP_WORDS
        and not any(c.isdigit() for c in text)
        and not _RELATIVE_TIME.search(text)  # "Cavour died a few months later": after what?
    )


_NO_ONE_NAMED = re.compile(
    r"(?i)^(?:the\s+)?(?:\w+\s+)?(?:ones?|others?|rest|latter|former)\b(?!\s+of\b)"
)
_RELATIVE_TIME = re.compile(
    r"(?i)\b(?:later|earlier|afterwards|before that|after that|soon after|the next|the same"
    r"|the following|the previous)\b"
)


def _when(event: Event) -> str:
    months = [m.capitalize() for m in _MONTH_ORDER]
    parts = [str(event.day)] if event.day and event.month else []
    if event.month:
        parts.append(months[event.month - 1])
    return " ".join([*parts, str(event.year)])


# ---------------------------------------------------------------- text helpers


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
