"""Cloze cards from one point: a clause each, a cue when it needs one, and only when fair.

The rules a student would name: the front shows one sentence or clause (`windows`), so two
facts of a line do not give each other away; a clause that does not say what it is about
gets its heading as a cue; a card is dropped when its front shows the answer (the answer
itself, a word built on it, its acronym or expansion, a formula's symbols) or when what it
hides is a side detail (a bracketed figure, one item of a long list, where a named place
is). `docs/card-rubric.md` says the same for people.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, pairwise

from rapidfuzz import fuzz

from notedeck.derive import dictionary
from notedeck.derive.cardtext import Plain, Span, fold, strip_lead, windows, words_of
from notedeck.derive.events import MONTH, MONTH_NAMES
from notedeck.derive.hideable import (
    BIG_O,
    COMMON_WORD_FREQUENCY,
    PARTICLES,
    TITLES,
    Hideable,
    PageNames,
    find_hideables,
    is_common,
    is_equation,
)
from notedeck.derive.machine import has_machine_text
from notedeck.derive.terms import (
    ANAPHORS,
    DISCOURSE_MARKERS,
    STOP_WORDS,
    without_possessive,
    word_set,
)
from notedeck.model import CardKind
from notedeck.parse.explicit import BLANK

__all__ = [
    "ASIDE",
    "PARTICIPLES",
    "Cloze",
    "clozes",
    "country_of",
    "has_subject",
    "leaks",
    "opens_on_anaphor",
    "reads_as_notes_syntax",
    "says_what_of",
]

HIDDEN = BLANK
MAX_FRONT = 300
MAX_TERM_WORDS = 6
MAX_ANSWER_SHARE = 0.4  # an answer may hide at most this share of its point's words
_STANDS_FOR = re.compile(
    r"(?i)\b(?:he|she|it|they|them|him)\b|\b(?:this|these|those)\b(?=\s+(?:as|was|is|were|are|"
    r"had|meant|made|led|caused|to|in|and|but)\b|[,.;]|$)"
    r"|^\W*(?:others?|the others|the rest|also|more)\s*[:–—-]"  # `Others: cosmic rays, …`
    # `oil went through the canal`, `the sultanate was abolished`: which one?
    r"|\bthe\s(?-i:canal|empire|sultanate|caliphate|dynasty|colony|colonies|islands?|report|"
    r"treaty|regime|dam|wall|crisis|plan|campaign|siege|uprising|rebellion|plot)\b"
    r"(?!\s+(?:of|by)\s+[A-Z])"  # not `the siege by Demetrius`
)
_FORMULA = re.compile(r"(?:[A-Z][a-z]?\d*){2,}[+-]?|[A-Z][a-z]?\d+[+-]?|[A-Z][a-z]?\d*[+-]")
_INITIAL = re.compile(r"(?<![A-Za-z'’])[A-Za-z]|(?<=[a-z])[A-Z]")
_LIST_SPLIT = re.compile(r",(?!\d)\s*(?:and\s+|&\s+)?|\s+(?:and|&)\s+")
_PARTICLE_WORDS = PARTICLES | {"of", "the", "and"}  # inside a name: `… of the Citizen`
_CLAUSE_WORDS = frozenset(
    {"a", "an", "as", "its", "his", "her", "their", "to", "was", "were", "is", "are", "has", "have"}
)
_TITLE_BEFORE = re.compile(rf"\b(?:{'|'.join(sorted(TITLES))})\s$")
_PAIR = re.compile(r"\s(?:&|and)\s")
#: A name's particle with no first name before it: `de Klerk`, `van Gogh`, `von Papen`.
_PARTICLE = r"(?:de|van|von|der|den|du|da|di|del|della|le|la)\s"
_PARTICLE_BEFORE = re.compile(
    rf"(?:^(?:De|Van|Von|Du|Da|Di)\s|(?<![\w'’-]){_PARTICLE})(?:{_PARTICLE})*$"
)
_DEFINED_TERM = re.compile(r"([A-Z][\w./'’+-]*(?:\s[A-Z][\w./'’+-]*){0,3})\s+[–—=]\s")
_SIDE_DETAIL_BEFORE = re.compile(r"\d\s+(?:out\s+)?of\s+(?:the\s+)?$")
_YEAR_ONLY = re.compile(r"\d{4}(?:\s*[–-]\s*\d{2,4})?")
_OPEN_LIST = re.compile(r"(?i)(?<![\w-])(?:incl\.?|including|e\.g\.?|such as|like)\s[^.;:]*$")
_UNCARDABLE = re.compile(
    r"(?<![\w/])[\w.-]+/[\w.-]+\.[A-Za-z]{1,5}\b|__|\(\)|\[\]|\.\.\.|…|(?<!\S)#(?=\s)"
    r"|(?<![\w)%°]\s)(?<!\S)>(?=\s)(?!\s[\d£$€−-])"  # a quote mark; not `a > b`
    r"|(?i:\bsee also\b)"
    r"|(?i:\b(?:this|these|my)\s+(?:notebook|notes|pages?|revision\s+notes)\b)"
    r"|(?i:^(?:part of|notes for)\s)"
    r"|(?i:\b(?:\d+[- ]?marks?\s+(?:qs?|questions?)|free marks|closed[- ]book"
    r"|(?:for|get|gets|lose|loses|gain|pick up)\s+(?:extra|easy|more|the|top)\s+marks)\b)"
    r"|(?i:\b(?:(?<![\d,.])\d{1,2}[- ]mark(?:er)?s?\b|(?:guaranteed|easy|worth)\s+\d+\s+marks?\b|"
    r"(?:paper|component)\s+\d\b|mnemonic|(?:they|it)\s+always\s+(?:ask|asks|comes?\s+up)\b|"
    r"comes?\s+up\s+every\b|(?:Mr|Mrs|Ms|Miss|Dr|Sir)\.?\s+\w+\s+(?:says|said)\b))"
    # the student's own to-do: `ask Mr K if Galileo counts`, `maybe a table of inventions by…`
    r"|(?i:\bask\s+(?:Mr|Mrs|Ms|Miss|Dr|Sir|the\s+teacher)\b|^\W*maybe\s+(?:a|an|add|do|make)\s)"
)
"""A file path, code-like symbols, an ellipsis (the card would read as cut short), or a
sentence about the notes themselves ("This notebook holds my revision notes…", "Part of my
[[Modern European History]] unit"), or exam technique and its talk ("16 mark Qs → pick 2–3
factors", "Paper 1", "Mr K says it always comes up"), or a mnemonic, or a note to self
("ask Mr K if…", "maybe a table of…")."""
ASIDE = re.compile(
    r"(?i)^(?:see also|see|cf|refer to|todo|to do|tasks?|tip|exam tip|links?|tags?|related|sources?"
    r"|references?|resources?|further reading|practi[cs]e|past (?:exam )?papers?"
    r"|(?:exam|essay|practi[cs]e) (?:questions?|q'?s)|worked examples?|q\d*(?=\s*[:.)])"
    r"|abbrevs?|abbreviations?"
    r"|question\s*\d*(?=\s*[:.)]))\b(?!\s*[=–])"  # `source = Cross Fell` is a fact
)
"""A line or section that is an aside, not notes: `See also`, `Refer to…`, `## todo`, `Links`,
`## Practise` (the student's own exam prompts), `Q: A 12 V battery…` and `Worked example:`
(a calculation's figures are made up for it)."""


@dataclass(frozen=True, slots=True)
class Cloze:
    """One cloze card's texts: what it asks, its answer, and the clause it comes from."""

    kind: CardKind
    front: str
    answer: str
    context: str
    chosen: bool = False  # marked by the student (bold, quotes): surely the clause's point


def clozes(
    plain: Plain,
    years: tuple[int, ...] | None,
    cue: str,
    known: PageNames,
    *,
    always_cue: bool = False,
    shown: int = 0,
    fallback_cue: str = "",
) -> Iterator[Cloze]:
    """One cloze per thing worth hiding, each showing only its own sentence or clause.

    The first `shown` characters (a table row's label) are never hidden. `fallback_cue` (the
    page's topic) stands in for a `cue` that shows the answer.
    """
    text = plain.text
    # `monomers = nucleotides`, `main man = Gustav Stresemann`: a label and what it is
    equated = _EQUATED.fullmatch(text)
    if equated and equated["label"].strip().lower() in _RESULT_LABELS:
        equated = None  # `answer = 200 Bq`: a worked example's result
    if len(words_of(text)) < 3 and not equated:
        return
    hideables = find_hideables(
        text, years=years, emphasis=plain.emphasis, protected=plain.protected, names=known
    )
    if not hideables:
        return
    # Each card shows its own window only, and one long line is looked at once: hideables
    # and covered characters are found by position, not by scanning the line per window.
    by_start = sorted(range(len(hideables)), key=lambda i: hideables[i].start)
    starts = [hideables[i].start for i in by_start]
    code_before = _coverage(plain.protected, len(text))
    links_before = _coverage(plain.links, len(text))
    defined = "" if shown else _line_label(text, plain.emphasis)
    for window in windows(text):
        first = bisect_left(starts, max(window.start, shown))
        last = bisect_left(starts, window.end, first)
        inside = [
            hideables[i] for i in sorted(by_start[first:last]) if hideables[i].end <= window.end
        ]
        if not inside:
            continue
        raw = text[window.start : window.end]
        # Every front holds its window with one answer blanked: a window too long for that
        # gives no card, and is not looked at further.
        widest = max(h.end - h.start for h in inside)
        if len(strip_lead(raw)) - widest + len(HIDDEN) > MAX_FRONT:
            continue
        # A little inline code may be shown (`(1, 2, 3)`); a line that is mostly code, or
        # names a file, is not a card.
        code = code_before[window.end] - code_before[window.start]
        linked = links_before[window.end] - links_before[window.start]
        if code * 3 > len(raw) or linked * 2 > len(raw) or _UNCARDABLE.search(raw):
            continue
        body = strip_lead(raw)
        offset = window.start + len(raw) - len(body)
        if window.subject:
            body = f"{window.subject} {body[:1].lower()}{body[1:]}"
            offset -= len(window.subject) + 1
        if ASIDE.match(body):
            continue
        if shown and window.start >= shown:  # a table cell's later sentence: its row's label
            body, offset = text[:shown] + body, offset - shown
        quantities = [h for h in inside if h.kind is CardKind.NUMBER_CLOZE]
        for hideable in inside:
            if (
                hideable.kind is CardKind.DATE_CLOZE
                and not hideable.chosen
                and quantities
                and _YEAR_ONLY.fullmatch(hideable.text)
                and _CONTEXT_YEAR.search(text, max(0, hideable.start - 12), hideable.start)
                and _same_clause(
                    text[window.start : window.end], window.start, hideable, quantities
                )
            ):
                continue  # "rose from 6.7% in 1964 to 59.8%": the figures are the point
            start, end = hideable.start - offset, hideable.end - offset
            if start < 0 or end > len(body):
                continue
            if hideable.kind is CardKind.TERM_CLOZE and (
                spelled := _spelled_beside(body, start, end)
            ):
                end = spelled  # `the Montgomery Improvement Association (MIA)`: one name
            if glued := re.match(r"\((?:e?s|[a-z]|\d{1,2}|[ivx]{1,4})\)", body[end : end + 6]):
                # `electron(s)`, `Section 4(b)`: `[...](b)` would read as a link
                end += glued.end()
            if body[end : end + 1] == "." and _ABBREVIATED.search(body, 0, end):
                end += 1  # `Dutch East India Co.`: the point is the name's, not a full stop
            if _side_detail(body, start, end, hideable):
                continue
            answer = hideable.text.strip()
            if end > hideable.end - offset:  # with its bracket
                answer = f"{answer}{body[hideable.end - offset : end]}"
            if hideable.kind is CardKind.TERM_CLOZE and (
                particle := _PARTICLE_BEFORE.search(body, 0, start)
            ):
                # `de Klerk`, `van Gogh`: the particle opens the surname, and is hidden with it
                start, answer = particle.start(), f"{particle.group(0)}{answer}"
            if (title := _TITLE_BEFORE.search(body, 0, start)) and _PAIR.search(answer):
                # `Lord [...]` → `Rayleigh & William Ramsay`: the title is the first name's
                start, answer = title.start(), f"{title.group(0)}{answer}"
            cloze = body[:start] + HIDDEN + body[end:]
            # A later sentence of `**AJAX** – … . Term coined by …` is about the term; one
            # that defines its own (`LIC = under $1,100; HIC = over $13,800`) is not.
            about_term = (
                bool(defined)
                and window.start > 0
                and not body.startswith(defined)
                and not _OWN_TERM.match(body)
            )
            own_cue = (defined if about_term else cue) or ""
            needs_cue = (
                always_cue
                or about_term
                or len(words_of(cloze)) < 7
                or not _names_something(cloze)
                or _opens_on_bare_label(cloze)
            )
            # "West responded with the [...]" under `Berlin Blockade`: a clause that names
            # nothing of its heading's subject takes that heading (the nearest one alone, and
            # only a plain one: a judge preferred bare fronts to long or noisy labels).
            nearest = _plain_heading(own_cue)
            if (
                not needs_cue
                and nearest
                and not _shares_a_word(cloze, nearest)
                and not leaks(answer, nearest)
                and not (
                    hideable.kind is CardKind.DATE_CLOZE
                    and _shown_year(answer, undated(nearest) + " " + cloze)
                )
            ):
                needs_cue, own_cue = True, nearest
            front = f"{own_cue.rstrip(':. ')}: {cloze}" if needs_cue and own_cue else cloze
            if len(front) > MAX_FRONT and " — " in cue:  # the heading alone, then
                front = f"{cue.split(' — ', 1)[1].rstrip(':. ')}: {cloze}"
            if (
                hideable.kind is CardKind.DATE_CLOZE
                and front != cloze
                and (cue_only := undated(front[: -len(cloze)]).rstrip(":.—–- "))
                and words_of(cue_only)
            ):
                # `Berlin Blockade (1948–49): … lifted [...]`: the heading's years would give
                # the year away, so the cue loses them and the whole date is asked.
                front = f"{cue_only}: {cloze}"
            if hideable.kind is CardKind.DATE_CLOZE and _war_year(answer, cloze):
                continue  # `right at the end of WW2` pins 1945 down
            if _worked_example(raw) and (
                hideable.kind is CardKind.NUMBER_CLOZE
                or _WORKED_LABEL.search(raw)
                or "→" in raw
                or "->" in raw
                or re.search(r"[=×÷/*]\s*$", body[:start])  # `28,000 / 28 = [...]`: no year
            ):
                continue  # `50 N for [...] = 200 J`, `10 g of [...] in 250 cm³ → …`: made up
            if hideable.kind is CardKind.DATE_CLOZE and (year := _shown_year(answer, front)):
                # "1789 – the year everything happened: [...] – women's march": the year is
                # given, so the day is asked and the year stays in the clause.
                answer = answer[: -len(year)].rstrip(" ,")
                if not any(c.isdigit() for c in answer):
                    continue  # `[...] 1946` → `Feb`: a month alone is no fact to learn
                cloze = body[:start] + f"{HIDDEN} {year}" + body[end:]
                front = front.replace(HIDDEN, f"{HIDDEN} {year}", 1)
            # A table cell may be all answer: its row's label is the question.
            # The value of `label = value` is the whole point of the line, however short.
            whole = bool(shown) or (
                equated is not None and hideable.start == equated.start("value")
            )
            if is_equation(answer) and len(words_of(body[:start] + body[end:])) < 2 and own_cue:
                # `⭐ ΔE = m c Δθ` alone on its line: its heading says which equation it is.
                front, whole = f"{own_cue.rstrip(':. ')} — the equation: {HIDDEN}", True
            fair = len(front) <= MAX_FRONT and _fair_answer(answer, body, front, whole=whole)
            if (
                not fair
                and fallback_cue
                and front != cloze
                and leaks(answer, front)
                and not _leans_on_its_line(cloze)
            ):
                # The heading gives the answer away ("Garibaldi and the Thousand: [...] was a
                # nationalist hero"): the page's topic then says what the clause is about.
                front = f"{fallback_cue.rstrip(':. ')}: {cloze}"
                fair = len(front) <= MAX_FRONT and _fair_answer(answer, body, front)
            aside = _TRAILING_ASIDE.search(cloze)
            if not fair and aside and HIDDEN not in aside[0] and leaks(answer, front):
                # `= [...] (e.g. dry ice … sublimes at −78 °C)`: the aside gives it away, and
                # the line says what it is without it.
                bare = front[: len(front) - len(cloze)] + cloze[: aside.start()]
                if not leaks(answer, bare) and _fair_answer(answer, body, bare):
                    front, cloze, fair = bare, cloze[: aside.start()], True
            if not fair and HIDDEN in cloze and leaks(answer, front):
                # `Hard layer = [...] (dolerite/whinstone), …`: a gloss in the middle gives
                # Whin Sill away; the clause says what it is without it.
                unglossed = _GLOSS.sub(lambda b: b[0] if HIDDEN in b[0] else "", cloze)
                bare = front[: len(front) - len(cloze)] + unglossed
                if (
                    unglossed != cloze
                    and not leaks(answer, bare)
                    and _fair_answer(answer, body, bare)
                ):
                    front, cloze, fair = bare, unglossed, True
            if not fair and front != cloze and _DEFINED.match(cloze) and leaks(answer, front):
                # Every heading up to the page's title names the term (`Counter-urbanisation`
                # under `Urbanisation`): a definition needs no cue to be asked.
                front = cloze
                fair = len(front) <= MAX_FRONT and _fair_answer(answer, body, front)
            # The clause's own words, not its heading's: `Christmas carol — The ghosts:` is
            # the page's subject and leaves `Ghost of Christmas Past` to ask.
            clause = cloze.replace(HIDDEN, " ")
            given = shows_a_name_word(answer, clause) or shows_a_term_word(answer, clause)
            if fair and not given:
                yield Cloze(hideable.kind, front, answer, cloze, hideable.chosen)


def _line_label(text: str, emphasis: tuple[Span, ...]) -> str:
    """What a line is about when it opens by naming it: a term it defines (`AJAX – …`), or
    a title set in bold before a dash or colon (`**1906 election** - Liberals won … but
    Labour got 29 MPs`). A later clause of the line is asked under it."""
    if found := _DEFINED_TERM.match(text):
        return found.group(1)
    bold = next((span for span in emphasis if span[0] == 0), None)
    if bold is None:
        return ""
    title = text[: bold[1]].strip()
    return title.rstrip(":") if title.endswith(":") or _LABEL_END.match(text, bold[1]) else ""


#: A clause that defines its own term (`beta testing = …`) is about that term, not the line's.
_OWN_TERM = re.compile(r"[\w'’ .-]{1,40}?\s[=–—]\s")
_LABEL_END = re.compile(r"\s*(?:[-–—=]\s|:)")
_ABBREVIATED = re.compile(r"\b(?:Co|Ltd|Inc|Bros|Corp)$")
_REGNAL = re.compile(r"(?P<name>[A-Z][a-z]+) [IVX]+")
_SERIES_GAP = re.compile(
    r"\d\s*(?:→|->)\s*\[\.\.\.\]\s*(?:→|->)\s*\d"
    r"|\d\s*(?:→|->)\s*[\d.,]+\s*(?:→|->)\s*\[\.\.\.\]"
    r"|\[\.\.\.\]\s*(?:→|->)\s*[\d.,]+\s*(?:→|->)\s*\d"
)
#: A clause that asks a term from its meaning: `[...] = people moving out of cities …`.
_DEFINED = re.compile(r"(?:^(?:An?|The) )?\[\.\.\.\] (?:=|[–—-]|is (?:an?|the)|are) (?:\S+ ){3}")


_WAR_YEARS = {"1914": "1", "1918": "1", "1939": "2", "1945": "2"}
_WAR_NAMED = re.compile(
    r"(?i)\bWW\s?(?P<n>1|2|I|II|One|Two)\b|World War (?P<m>1|2|I|II|One|Two)\b"
    r"|\b(?P<which>First|Second) World War|\bthe Great War"
)


def _war_year(answer: str, clause: str) -> bool:
    """Whether the answer is the start or end year of a world war the clause names."""
    war = _WAR_YEARS.get(answer.strip())  # a year alone: `1 September 1939` is more
    if war is None:
        return False
    for found in _WAR_NAMED.finditer(clause):
        said = (found["n"] or found["m"] or found["which"] or "1").lower()
        if {"1": "1", "i": "1", "one": "1", "first": "1"}.get(said, "2") == war:
            return True
    return False


_FIGURES = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_EXAMPLE_OPENING = re.compile(
    r"(?i)^\W*(?:e\.?g\.?|eg|if|for example|example|worked\s+(?:ex|example))\b"
)
_WORKED_LABEL = re.compile(r"(?i)^\W*worked\s+(?:ex|example|eg|e\.g)\b")
# `20 × 4.2 × 15` is working; `6.02 × 10²³` is one figure, written as science writes it.
_WORKING = re.compile(r"\d\s*[×x*÷+−]\s*(?!10(?:\^|[⁻⁰¹²³⁴⁵⁶⁷⁸⁹]))\d|\d\s+/\s+\d")


def _worked_example(text: str) -> bool:
    """A calculation or a made-up example: three figures or more, opening as an example
    (`e.g. pushing a box with 50 N for 4 m = 200 J`, `if the top 3 firms have 30%, 25% …`) or
    worked with an `=` (`70 × 72 = 5040`); not facts side by side (`7 bits → 128 characters
    (8 bits = 256)`)."""
    if _WORKED_LABEL.search(text):  # `worked ex: 2 kg ball at 3 m/s`, said so
        return bool(_FIGURES.search(text))
    if len(_FIGURES.findall(text)) < 3:
        return False
    worked = "=" in text and _WORKING.search(text) is not None
    return worked or _EXAMPLE_OPENING.search(text) is not None


def _same_clause(clause: str, offset: int, year: Hideable, quantities: list[Hideable]) -> bool:
    """Whether a figure shares the year's clause: in "founded in 2008, bought in 2018 for
    $7.5 billion" the founding year stands alone. `clause` is the card's window of the line,
    starting at `offset`: a long line is not scanned again for each year."""
    start, end = year.start - offset, year.end - offset
    left = max((m.end() for m in _CLAUSE_BREAK.finditer(clause, 0, start)), default=0)
    after = _CLAUSE_BREAK.search(clause, end)
    right = after.start() if after else len(clause)
    return any(left <= q.start - offset and q.end - offset <= right for q in quantities)


#: A year that sets the scene of a figure (`in 1964`, `by 1967`), not the date of an act
#: (`signed 1959 by 12 countries`).
_CONTEXT_YEAR = re.compile(r"(?i)\b(?:in|by|of|from|until|till|to|since|after|before)\s+$")
_CLAUSE_BREAK = re.compile(r"[;–—→]|->|\s-\s|,(?!\d{3})")


def _leans_on_its_line(cloze: str) -> bool:
    """ "Made by [...] in 1935", "He then …", "The other [...] is lost" lean on the line they
    hang from: another cue would leave them saying nothing. A clause opening on its blank
    has its subject there."""
    if cloze.startswith(HIDDEN):
        return False
    return not has_subject(cloze) or re.match(r"The (?:other|rest|same)\b", cloze) is not None


def reads_as_notes_syntax(text: str) -> bool:
    """Whether a front showing `text` would hold what no card shows: a file path, code-like
    symbols, an ellipsis (it reads as cut short), a line about the notes themselves."""
    return _UNCARDABLE.search(text) is not None


def says_what_of(heading: str) -> bool:
    """A heading that names its subject (`Rasputin's influence`, `Causes of WW1`), unlike
    `Consequences` or `Control over party organisation`."""
    words = [without_possessive(w) for w in words_of(heading)]
    frequencies = dictionary.frequencies({w.lower() for w in words})
    return any(
        w[:1].isdigit() or (w[:1].isupper() and (i or not is_common(w, frequencies)))
        for i, w in enumerate(words)
    )


def _coverage(spans: tuple[tuple[int, int], ...], length: int) -> list[int]:
    """For each position, how many characters before it the spans cover, a character
    counted once per span over it: a window [a, b) is covered `out[b] - out[a]` times."""
    if not spans:
        return [0] * (length + 1)
    change = [0] * (length + 1)
    for a, b in spans:
        change[max(0, min(a, length))] += 1
        change[max(0, min(b, length))] -= 1
    over = list(accumulate(change))  # spans over each character
    return [0, *accumulate(over[:length])]


@lru_cache(maxsize=256)
def _plain_heading(cue: str) -> str:
    """The cue's nearest heading when it is short, plain and names something, else "": the
    one a clause that needs no cue may still be given (each of a line's clauses asks)."""
    nearest = cue.split(" — ")[-1].strip()
    usable = (
        len(nearest) <= _MAX_EXTRA_CUE
        and says_what_of(nearest)
        and not _NOISY_CUE.search(nearest)
        and not has_machine_text(nearest)  # `(OCR A-level 1.3.2)` reads as a version
    )
    return nearest if usable else ""


#: The longest heading a clause that needs none is given, and headings too noisy to add.
_MAX_EXTRA_CUE = 50
_NOISY_CUE = re.compile(
    r"!!|\?|[^\w\s,.:;()'’&+/–—-]|(?i:\b(?:revision|notes|learn|paper \d|unit \d)\b)"
)


def _shares_a_word(cloze: str, cue: str) -> bool:
    """Whether the clause repeats a word of substance from its cue (a name, a term)."""
    said = {fold(without_possessive(w)) for w in words_of(cloze.replace(HIDDEN, " ")) if len(w) > 3}
    return any(
        fold(without_possessive(w)) in said
        for w in words_of(cue)
        if len(w) > 3 and w.lower() not in STOP_WORDS
    )


_EQUATED = re.compile(r"(?:[-*>]\s+)?(?P<label>[A-Za-z][\w'’ -]{0,40}?) = (?P<value>[^=]+)")
_RESULT_LABELS = frozenset({"answer", "ans", "total", "result", "working"})
_LABEL_OPENING = re.compile(r"^([A-Za-z][\w'’ -]{0,30}?)\s*(?::|=)\s")


def _opens_on_bare_label(cloze: str) -> bool:
    """`Capital city: [...] (in modern Peru)`: a label in everyday words does not say whose
    capital, so the heading must."""
    label = _LABEL_OPENING.match(cloze)
    return label is not None and HIDDEN not in label.group(1) and not says_what_of(label.group(1))


def _names_something(cloze: str) -> bool:
    """Whether a clause says what it is about without its heading: a name besides the
    blank (a date alone does not), and no pronoun standing for something said elsewhere.

    "India sent over a million soldiers to fight in [...]" does; "Happened on 13 April 1919
    in [...]" does not (what happened?), nor "Party membership grew from [...] in 1937"
    (which party?), nor "Britain saw this as a threat" ("this"?).
    """
    if _STANDS_FOR.search(cloze):
        return False
    words = words_of(cloze.replace(HIDDEN, " "))
    if words and not has_subject(cloze.replace(HIDDEN, "_")):  # "Happened on …": what did?
        return False
    capitals = {
        without_possessive(w)
        for w in words
        if w[:1].isupper() and w not in TITLES and not (len(w) == 2 and w.isupper())
    }
    return any(not is_common(w, {w.lower(): dictionary.frequency(w.lower())}) for w in capitals)


_BRACKETED = re.compile(r"\([^()]*\)")


def _in_long_list(body: str, start: int, end: int) -> bool:
    """One item of a list of three or more short peers (`Germany, France, Belgium, UK,
    Italy`): hidden, it could be any of the others. A bracket beside another item is that
    item's aside (`Slumping (common on clay cliffs), rockfall, sliding`)."""
    flat = _BRACKETED.sub(lambda found: " " * len(found.group(0)), body)
    # Its own bracket sets an item apart: `housecarls (professional soldiers)` is explained.
    if flat[start:end] == body[start:end] and not body[end:].lstrip().startswith("("):
        body = flat
    left = max(body.rfind(c, 0, start) for c in ":;(—–→=")
    right = min((i for c in ":;()—–→=" if (i := body.find(c, end)) >= 0), default=len(body))
    items = [i.strip() for i in _LIST_SPLIT.split(body[left + 1 : right]) if i.strip()]
    if len(items) < 3 or any(len(i.split()) > 4 for i in items):
        return False
    # Peers name things alike: "chose a young pastor, [...], as its leader" is a sentence's
    # clauses, and in "58 cm across, weighed ~[...], 4 long antennae" each figure is its own.
    answer = body[start:end]
    own = next((i for i in items if answer in i), answer)
    if any(c.isdigit() for c in answer) and own != answer:
        return False
    lead = own.split()[0]
    if len(own.split()) - len(answer.split()) >= 2 or (
        own != answer and lead.islower() and lead not in ("the", "a", "an") and answer[:1].isupper()
    ):
        return False  # `…, and win [...] in the East`: a piece of an aim, not one of many aims
    # Nor are items of unlike shapes: `Council of Clermont, Nov 1095, preached the crusade` is
    # three facts.
    peers = [
        i
        for i in items
        if not any(w.lower() in _CLAUSE_WORDS for w in i.split()[1:]) and _shape(i) == _shape(own)
    ]
    return len(peers) >= 3


def _shape(item: str) -> tuple[bool, bool]:
    """Whether a list item ends on a figure (`Nov 1095`, unlike `43 bc - Octavian`), and
    whether it opens on a capital: `Huitzilopochtli, god of the sun and war` is a name and
    what it is, not three peers."""
    words = item.split()
    return any(c.isdigit() for c in words[-1]) if words else False, item[:1].isupper()


#: A study cited in brackets, `(Rotter, 1966)`, `(Deutsch and Gerard, 1955)`: who and when
#: are what a psychology or science student learns it by.
_CITATION = re.compile(
    r"\(\s*[A-Z][\w'’-]+(?:\s+(?:and|&)\s+[A-Z][\w'’-]+|\s+et\s+al\.?)?,?\s+\d{4}\s*\)"
)


#: A bracket right after a name glosses it (`Zhongdu (Beijing)`, `La Noche Triste ("the Sad
#: Night")`, `Robert Cecil (Earl of Salisbury, …)`): the name is the point, not its gloss.
_NAME_BEFORE_BRACKET = re.compile(r"(?:\b[A-Z][\w'’-]+|[\"”])\s*\(\s*[\"“]?$")


_TRAILING_ASIDE = re.compile(r"\s+\([^()]*\)[.!]*$")
_GLOSS = re.compile(r"\s+\([^()]*\)(?=[\s,;.]|$)")


def _side_detail(body: str, start: int, end: int, hideable: Hideable) -> bool:
    """A number or date in brackets (`(mp 650 °C)`), one item of an open list (`incl.`,
    `such as`), or a formula's own symbol (`[...] = R1 + R2`): not the point of the line."""
    before, after = body[:start], body[end:]
    if hideable.kind is CardKind.NUMBER_CLOZE and re.search(r"[×÷*/]\s*$", before):
        return True  # `(useful ÷ total) × [...]`: a formula's constant
    bracketed = before.count("(") > before.count(")")
    if (
        bracketed
        and not hideable.chosen
        and not _CITATION.match(body, before.rfind("("))
        and not _names_the_bracket(before, after)
        and not _bracket_states(before, body[start:end], after)
        and not (
            hideable.kind is CardKind.TERM_CLOZE
            and _opens_the_bracket(before, after)
            and not _NAME_BEFORE_BRACKET.search(before)
        )
        and (hideable.kind is not CardKind.TERM_CLOZE or len(words_of(body)) > 8)
    ):
        return True
    if (
        re.fullmatch(r"\s*\(", before[-2:] or "")
        and after.startswith(")")
        and (_FORMULA.fullmatch(body[start:end]) or body[start:end].isupper())
    ):
        return True  # `silicon dioxide ([...])`: the name says it
    if _in_long_list(body, start, end):
        return True
    if not hideable.chosen and _SIDE_DETAIL_BEFORE.search(before):
        return True  # `Sinn Féin wins 73 of [...] seats`: the whole, beside the point
    if (
        not hideable.chosen
        and hideable.kind is CardKind.NUMBER_CLOZE
        and re.fullmatch(r"\d{1,3}", body[start:end])
        and re.search(r"\(\s*$", before)
        and after.startswith(")")
    ):
        return True  # `He died young ([...])`: an age or count in passing
    if (
        hideable.kind is CardKind.NUMBER_CLOZE
        and re.search(r"[A-Z][\w'’-]* of\s$", before)
        and re.match(r"\s[A-Z]", after)
    ):
        return True  # `Law of [...] Prairial`: a piece of a name, not a figure
    if re.search(r"[A-Z][\w'’-]* of \d+\s$", before):
        return True  # `Law of 22 [...]`: the rest of a name
    # `incl. mass drownings at **Nantes**`: the part the student marked is the point, and so
    # is a named example they marked alone (`ribbon lake … e.g. **Windermere**`, a case study
    # to learn); otherwise after `e.g.` or `such as`, any example would do (`e.g. **Bb**`).
    marked_case = (
        hideable.chosen
        and body[start:end][:1].isupper()
        and len(body[start:end]) > 3
        and not re.match(r"\s*(?:,|and\b|or\b|&|\+)", after)
    )
    if (
        (found := _OPEN_LIST.search(before))
        and not (hideable.chosen and found.group(0).lower().startswith("incl"))
        and not (marked_case and re.fullmatch(r"(?i)(?:e\.?g\.?|eg)\s+(?:the\s+)?", found.group(0)))
        and before[: found.start()].strip()  # a line opening on `e.g.` is its example's own
        # `e.g. Hawaii, which sits over a **hotspot**`: the list ended where the clause began
        and not (hideable.chosen and re.search(r",\s*(?:which|who|where)\b", found.group(0)))
    ):
        return True
    if not hideable.chosen and re.search(r",\s*not\s+(?:[\w-]+\s+(?:or|nor)\s+)?$", before):
        return True  # `ping uses ICMP, not [...] or UDP`: what it is not is no fact to learn
    if body[start:end].isupper() and re.match(
        r"\s*\((?:[A-Z][\w-]*\s*(?:of|for|and|the)?\s*){2,}\)", after
    ):
        return True  # `the [...] (International Organization for Standardization)`
    if (
        hideable.kind is CardKind.TERM_CLOZE  # `Bombing of Guernica, [...]` asks when
        and re.search(r"[A-Z][\w'’-]+,\s*$", before)
        and re.match(r"\s*(?:[,.;)(]|$|[a-z])", after)
    ):
        return True  # `Little Rock, [...]`: where a named place is, not what happened
    if re.match(r"\s*\(([A-Z]{2,})\)", after):  # `the [...] (GMD)`: the acronym says it
        return True
    beside_equals = re.match(r"\s*=", after) or re.search(r"=\s*$", before)
    # `[...] = R1 + R2`, `V/I`; not `Tuple = a row / record`, where the slash says "or".
    rest = body[:start] + body[end:]  # `g = [...]` → `9.8 N/kg`: its own unit is no formula
    formula = re.search(r"[+×*^²³]|\b[A-Za-z0-9]{1,2}\s?/\s?[A-Za-z0-9]{1,2}\b", rest)
    return end - start <= 8 and bool(beside_equals) and bool(formula)


#: A heading's own years: bracketed (`(1948–49)`, `(Nov 1884 – Feb 1885)`), or closing it
#: (`Hungary 1956`, `… 1870-1922`) but not after a word that needs them (`help in 1859`).
_HEADING_DATES = re.compile(
    r"\s*\([^()]*\b(?:1\d{3}|20\d{2}|\d{1,4}\s?(?:BC|BCE|AD|CE))\b[^()]*\)|"
    + "".join(rf"(?<!\b{w})" for w in ("in", "by", "of", "to", "from", "since", "after", "until"))
    + r"(?<!\bbefore)\s+(?:1\d{3}|20\d{2})(?:\s?[–-]\s?\d{2,4})?(?=\s*(?:$|[:—]))"
)


def undated(cue: str) -> str:
    """The cue without the heading's own dating, which would give a date card's year away;
    a date the cue states (`…on 4 November 1956:`) stays whole."""

    def drop(found: re.Match[str]) -> str:
        before = cue[: found.start()].split()
        dated = bool(before) and (before[-1] in MONTH_NAMES or before[-1].isdigit())
        return found.group(0) if dated else ""

    return _HEADING_DATES.sub(drop, cue)


def _spelled_beside(body: str, start: int, end: int) -> int | None:
    """Where a name's bracket ends when it holds the same name another way: its acronym
    (`Montgomery Improvement Association (MIA)`) or what the acronym stands for (`W3C (World
    Wide Web Consortium)`). Hidden alone, the name would be given away by its bracket."""
    name = body[start:end]
    found = re.match(r"\s*\(([^()]{2,60})\)", body[end:])
    if found is None:
        return None
    inside = found.group(1)
    short, long = (name, inside) if _ACRONYM.fullmatch(name) else (inside, name)
    if _ACRONYM.fullmatch(short) and len(long) >= 4 and long[:1] == short[:1]:
        return end + found.end()
    return None


_ACRONYM = re.compile(r"[A-Z][A-Z0-9]{1,5}")


#: A day's whole date: `3 September 1939`, `September 3, 1939`.
_FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{MONTH}\s+\d{{4}}\b|\b{MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b"
)


def _shown_year(answer: str, front: str) -> str | None:
    """The year ending a day-and-month date that the front shows elsewhere, else None."""
    found = re.fullmatch(
        r"((?:\d{1,2}\w*\s+)?[A-Za-z][A-Za-z.]*(?:\s+\d{1,2}\w*)?),?\s+(\d{4})", answer
    )
    if found is None:
        return None
    year = found.group(2)
    # A range that holds the year (`Berlin Blockade (1948–49)`) pins it down as well; another
    # day's whole date (`… on 3 September 1939`) does not.
    visible = _FULL_DATE.sub(" ", front.replace(HIDDEN, " "))
    if re.search(rf"(?<!\d){year}(?!\d)", visible) or _in_a_range(int(year), visible):
        return year
    return None


def _in_a_range(year: int, text: str) -> bool:
    for match in re.finditer(r"(?<!\d)(1\d{3}|20\d{2})\s?[–-]\s?(\d{2,4})(?!\d)", text):
        start, end = match.group(1), match.group(2)
        last = int(start[: 4 - len(end)] + end)
        if int(start) <= year <= last:
            return True
    return False


def _bracket_states(before: str, answer: str, after: str) -> bool:
    """The bracket is a sentence of its own, not a side note: "(J.J. Thomson discovered them
    in [...])" asks what it says like any clause."""
    inner = before[before.rfind("(") + 1 :] + answer + after.split(")", 1)[0]
    if _AGENT_BEFORE.search(before) and re.match(r"\s*\)", after):
        return True  # `The Irgun (led by [...])`, `(also called an [...])`: a fact of its own
    return len(words_of(inner)) >= 5 and _STATES.search(inner) is not None


#: "(led by", "(founded by", "(under": a bracket that says who.
_AGENT_BEFORE = re.compile(
    r"\(\s*(?:(?:led|founded|set\s+up|headed|commanded|ruled|written|invented|designed|"
    r"discovered|painted|built|started|run)\s+by|under"
    r"|(?:also\s+)?(?:called|known\s+as)(?:\s+(?:an?|the))?)\s+$",
    re.I,
)


_STATES = re.compile(r"\b(?:[a-z]+ed|was|were|is|are|has|had|built|made|wrote|won|led|stands)\b")


def _opens_the_bracket(before: str, after: str) -> bool:
    """The answer names what a bracket glosses: "total current in = total current out
    ([...], conservation of charge)" asks which law it is."""
    return bool(re.search(r"\(\s*$", before) and re.match(r"\s*,\s*[a-z]", after))


def _names_the_bracket(before: str, after: str) -> bool:
    """The answer is all the bracket holds, naming or dating what comes before it: "The Pope
    ([...]) refused", "Bill of Rights ([...])", "(419 to 41!!)". Not a name's middle
    ("Parliament (Qualification of Women) Act"), nor the marks after a question ("…? (16)")."""
    return bool(
        re.search(r"\(\s*(?:=\s*)?(?:the\s+)?$", before)
        and not re.search(r"\?\s*\(\s*$", before)
        and re.match(r"[\s!?]*\)(?!\s*[A-Z][a-z])", after)
    )


def opens_on_anaphor(text: str) -> bool:
    words = words_of(text)
    return bool(words) and words[0].lower() in ANAPHORS


def _fair_answer(answer: str, body: str, front: str, *, whole: bool = False) -> bool:
    """An answer worth asking: not a stop word, not most of the clause, not given away."""
    answer = re.sub(r"(?<=\w)\s+\([^()]*\)$", "", answer)  # a name spelled out beside it
    words = words_of(answer)
    if not words or all(w.lower() in STOP_WORDS for w in words):
        return False
    if words[0].lower() in DISCOURSE_MARKERS or answer.rstrip(":").lower() in DISCOURSE_MARKERS:
        return False
    named = all(w[:1].isupper() or w in _PARTICLE_WORDS for w in words)
    length = sum(w[:1].isupper() for w in words) if named else len(words)
    if length > MAX_TERM_WORDS and not any(c.isdigit() for c in answer):  # a long date
        return False
    # A figure is one fact however many tokens it takes (`444 to 94`, `1.3 billion livres`).
    size = len([w for w in words if not any(c.isdigit() for c in w)]) or 1
    if BIG_O.fullmatch(answer):
        size = 1  # `O(n log n)` is one term
    if named:
        size = min(size, 2)  # `José Antonio Primo de Rivera` is one name, one fact
    if not whole and size > MAX_ANSWER_SHARE * len(words_of(body)):
        return False
    if len(words_of(front)) < (2 if whole else 4):  # nothing left to ask from
        return False
    return not leaks(answer, front)


def leaks(answer: str, front: str) -> bool:
    """The front shows the answer, or a word built on it (`Lenin` in `Leningrad`), or its
    acronym or expansion, or the other half of a `1864/65` pair."""
    if re.search(r"\S/\[\.\.\.\]|\[\.\.\.\]/\S|\d / \[\.\.\.\]|\[\.\.\.\] / \d", front):
        return True
    if (symbol := _SYMBOL_AFTER.search(front)) and _abbreviates(symbol.group(1), answer):
        return True  # `[...] (Br)`: bromine by its symbol
    visible = front.replace(HIDDEN, " ")
    shown = fold(visible)
    months = {w for w in re.findall(r"[A-Z][a-z]+", answer) if w in MONTH_NAMES}
    if (
        months
        and any(c.isdigit() for c in answer)
        and months & set(re.findall(r"[A-Z][a-z]+", _FULL_DATE.sub(" ", visible)))
    ):
        # `May Days: fighting in Barcelona in [...]` gives May 1937 away; another day's
        # whole date (`…, war declared on 3 September 1939`) does not.
        return True
    if (share := re.fullmatch(r"(\d{1,2})\s?%", answer)) and re.search(
        rf"(?<![\d.]){100 - int(share.group(1))}\s?%", visible
    ):
        return True  # `only 10% passes on: the other [...]`: 90% is the rest of it
    if (regnal := _REGNAL.fullmatch(answer)) and re.search(
        rf"\b{re.escape(regnal['name'])} [IVX]+\b", visible
    ):
        return True  # `Henry V died, leaving a baby son, [...]`: Henry VI
    if (
        re.fullmatch(r"\d{2}", answer)
        and re.search(r"['’]\[\.\.\.\]", front)
        and re.search(rf"\b\d\d{answer}\b", visible)
    ):
        return True  # `1847 = "Black '[...]"`: the year shows its own short form
    if re.fullmatch(r"1\d{3}", answer) and re.search(rf"['’]{answer[2:]}\b", visible):
        return True  # and `"Edison lit up '79"` shows 1879
    if _within_a_shown_range(answer, visible):
        return True  # `about [...] per day (somewhere 140-150)`: the range pins 142 down
    if (span := _YEARS_LONG.fullmatch(answer)) and _spans_years(int(span[1]), visible):
        return True  # `Perkin Warbeck 1491-1499: lasted [...]`: 8 years
    if answer[:1].isdigit() and _SERIES_GAP.search(front):
        return True  # `1600 → 800 → [...] → 200`: the series fills its own gap
    folded = fold(answer)
    if folded[:1].isdigit():  # a figure is shown as a whole: `3%` is not in `1873`
        if re.search(rf"(?<![\w.,]){re.escape(folded)}(?!\w|[.,]\d)", shown):
            return True
    elif folded in shown:
        return True
    capitals = re.findall(r"[A-Z][\w'’-]*", visible)
    # `People's Liberation Army ([...])`, `[...] (network address translation)`
    if answer.isupper() and len(answer) >= 2:
        # Word initials, and the capitals inside a word: `HyperText Transfer` → HTT.
        initials = "".join(_INITIAL.findall(visible)).upper()
        if answer in initials or answer in "".join(w[0] for w in capitals):
            return True
    # `NaCl` is given away by `Na+` and `Cl-`; `ICMP`, capitals alone, is an acronym.
    if _FORMULA.fullmatch(answer) and not (
        answer.isalpha() and answer.isupper() and len(answer) > 2
    ):
        symbols = set(re.findall(r"[A-Z][a-z]?", visible))
        if any(part in symbols for part in re.findall(r"[A-Z][a-z]?", answer)):
            return True
    initials = "".join(w[0] for w in answer.split() if w[:1].isupper())
    if len(initials) >= 2 and initials in capitals:  # `[...] (SCLC)`
        return True
    spelled = answer.split()
    if 2 <= len(spelled) <= 5 and all(w[:1].isalpha() for w in spelled):
        # `What is an OS: the [...] manages the hardware` → operating system
        acronym = "".join(w[0] for w in spelled).upper()
        if acronym in {c.rstrip("s") for c in re.findall(r"\b[A-Z]{2,6}s?\b", visible)}:
            return True
    shown_words = shown.split()
    answer_words = fold(answer).split()
    inside = {w for w in shown_words if len(w) >= 4 for a in answer_words if w != a and w in a}
    if any(dictionary.frequency(w) < COMMON_WORD_FREQUENCY for w in inside):
        return True  # `Python` shows `CPython`
    if any(_shared(word, shown_words) for word in answer_words):
        return True
    joined = "".join(answer_words)
    if (
        2 <= len(answer_words) <= 3
        and len(joined) >= 8
        and joined.isalpha()
        and _spelled_apart(joined, shown_words, fewest=1)
    ):
        return True  # `new founde lande` beside `Newfoundland`
    for word in answer_words if len(answer_words) == 1 else ():
        if len(word) >= 8 and word.isalpha() and _spelled_apart(word, shown_words):
            return True  # `Newfoundland` in `("new founde lande")`
        if len(word) >= 8 and any(w.startswith(word[: len(word) - 3]) for w in shown_words):
            return True  # `prediction` in `can't really be predicted`
        if dictionary.frequency(word) < COMMON_WORD_FREQUENCY and any(
            _shared_root(word, w) for w in shown_words
        ):
            return True  # `coccyx` gives `Coccygeal` away, `Nucleus` gives `nucleolus`
        if dictionary.frequency(word) < COMMON_WORD_FREQUENCY and any(
            _plural_of_its_root(w, word) for w in shown_words
        ):
            return True  # `icons` gives `Iconoclasm` away, `Imams` gives `Imamah`
        if any(  # `Potholes` in `small holes in the bed`
            len(w) >= 5 and len(word) >= len(w) + 3 and (word.endswith(w) or word.startswith(w))
            for w in shown_words
        ):
            return True
    if (count := re.match(r"(\d{1,2})\b", answer)) and _lists_count(visible, int(count.group(1))):
        return True  # `split into [...] (USA, UK, France, USSR)`: the bracket counts them
    # `freezes` gives `freeze-thaw weathering` away: a compound's first part is looked at
    # however everyday (not its head: `Sound waves` leave `P-waves` to ask).
    parts = [p for c in re.findall(r"(\w+)-\w+", answer) if len(p := fold(c)) >= 5]
    frequencies = dictionary.frequencies(set(answer_words) | set(parts))
    # `280 ppm` beside `420 ppm` shares a unit, not the answer; a month is still the date's.
    units = {
        w
        for before, w in pairwise(answer_words)
        if any(c.isdigit() for c in before) and w.capitalize() not in MONTH_NAMES
    }
    for word in dict.fromkeys([*answer_words, *parts]):
        if len(word) < 3 or word.isdigit() or word in units:
            continue
        if word.capitalize() in MONTH_NAMES and any(c.isdigit() for c in answer):
            continue  # a date's month is weighed above, with the dates around it
        if word not in parts and is_common(word, frequencies):
            continue
        # `Lenin` in `Leningrad`, not `Linus` in `Linux`; a compound's first part nearly
        # whole (`counter-urbanisation` is not in `countryside`)
        stem = word[: max(5, len(word) - (1 if word in parts else 2))]
        if any(w.startswith(stem) for w in shown_words):
            return True
    return False


#: The head words of a name that say what kind of thing it is, not which one: a front may
#: show `Act`, `Treaty` or `Lake` and still ask which.
_KIND_WORDS = word_set(
    "act acts bill law laws treaty treaties pact charter declaration agreement accord plan "
    "party parties house battle war wars revolution rising revolt rebellion conference congress "
    "council committee commission court church army navy league union movement campaign "
    "crisis empire kingdom republic state states company bank society association doctrine "
    "constitution amendment government ministry office front alliance conquest "
    "lake river mount mountain point bay sea ocean island islands dam canal gulf strait cape "
    "north south east west northern southern eastern western new old great first second "
    "third upper lower king queen emperor president general lord sir saint st pope prince duke "
    "earl plot railway railways water farm the of and"
)
#: A people's or a faith's adjective (`Irish`, `Catholic`, `Protestant`): beside another
#: word of a longer name it says whose, not which (`the Irish side` and `Irish Free State`).
_WHOSE = word_set(
    "catholic protestant christian muslim jewish hindu sikh buddhist anglican puritan orthodox "
    "holy papal royal imperial national irish british english scottish welsh french spanish "
    "dutch german italian russian soviet american chinese japanese indian greek roman polish "
    "austrian prussian ottoman turkish arab european african asian australian canadian "
    "mexican confederate allied anglo franco"
)


#: A word this rare (in the dictionary's counts) is a subject's own word (`gravitational`,
#: `thermal`), not an everyday one (`energy`, `field`).
_TECHNICAL_WORD = 10_000


def shows_a_term_word(answer: str, visible: str) -> bool:
    """A subject's own word that qualifies a two- or three-word term, shown in the clause
    that asks it: `raised up in a gravitational field` gives `gravitational potential` away."""
    words = fold(answer).split()
    if not 2 <= len(words) <= 3 or answer[:1].isupper() or any(c.isdigit() for c in answer):
        return False
    shown = set(fold(visible).split())
    frequencies = dictionary.frequencies(set(words))
    # Its head shared is a pair told apart (`channel proteins or carrier proteins`); its
    # modifier shared gives it away.
    return any(
        len(w) >= 6 and w in shown and frequencies.get(w, 0) < _TECHNICAL_WORD for w in words[:-1]
    )


def shows_a_name_word(answer: str, visible: str) -> bool:
    """A word of a name shown capitalised in the front, as it is, possessive or plural:
    `the Lords' power` gives `House of Lords` away, `the Grants –` gives `Peter and
    Rosemary Grant`, `Australian (…)` gives `Indo-Australian`."""
    if not answer[:1].isupper():
        return False
    one_word = " " not in answer.strip()
    names = {
        w
        for w in re.findall(r"[A-Z][a-z]{2,}", answer)
        if w.lower() not in _KIND_WORDS
        and w not in MONTH_NAMES
        and (one_word or w.lower() not in _WHOSE)
    }
    if not names:
        return False
    first, *rest = answer.split()
    for found in re.finditer(r"[A-Z][\w'’]+", visible):
        word = found.group()
        forms = {word, re.sub(r"(?:['’]s|['’])$", "", word), re.sub(r"s['’]?$", "", word)}
        if not names & forms:
            continue
        after = visible[found.end() :].split()[:1]
        if rest and word == first and after and after[0][:1].isupper() and after[0] != rest[0]:
            continue  # `Mary Shelley` shares a first name with `Mary Wollstonecraft`, no more
        return True
    return False


#: A symbol or short abbreviation in brackets right after the blank: `[...] (Br)`.
_SYMBOL_AFTER = re.compile(r"\[\.\.\.\]\s*\(([A-Z][a-z]?)\)")


def _abbreviates(symbol: str, answer: str) -> bool:
    """`Br` for bromine, `Fr` for francium: the symbol's letters are the answer's, in order,
    from its first."""
    word = answer.lower()
    return word[:1] == symbol[0].lower() and (len(symbol) == 1 or symbol[1] in word[1:])


def _shared(word: str, shown_words: list[str]) -> bool:
    """A word of the answer the front shows in another form: a country by its people
    (`Spanish` for `Spain`), or a rare word by its long ending (`exocytosis` for
    `endocytosis`; not a suffix alone: `evaporation`, `ablation`)."""
    if (people := _DEMONYMS.get(word)) and people in shown_words:
        return True
    if any(people == word and country in shown_words for country, people in _DEMONYMS.items()):
        return True  # `the Stadtholder of the Netherlands` gives `Dutch` away
    if len(word) < 7 or dictionary.frequency(word) >= COMMON_WORD_FREQUENCY:
        return False

    def shares_ending(w: str) -> bool:  # most of the shorter word: not `Byzantine` in `Constantine`
        return _common_ending(w, word) >= max(6, 0.7 * min(len(w), len(word)))

    return any(w != word and len(w) >= 7 and shares_ending(w) for w in shown_words)


def _within_a_shown_range(answer: str, visible: str) -> bool:
    """A figure inside a narrow range the front shows (`140-150` for 142): not a date's
    years, which a range of years around it does not give away."""
    figure = re.match(r"~?(\d[\d,]*(?:\.\d+)?)\b", answer)
    if figure is None or _FULL_DATE.search(answer) or re.fullmatch(r"1\d{3}|20\d\d", figure[1]):
        return False
    value = float(figure[1].replace(",", ""))
    for low, high in _RANGE.findall(visible):
        a, b = float(low.replace(",", "")), float(high.replace(",", ""))
        if 0 < a <= value <= b and b <= 1.5 * a:
            return True
    return False


_YEARS_LONG = re.compile(r"(\d{1,3})\s*(?:years?|yrs?)")


def _spans_years(count: int, visible: str) -> bool:
    """Whether the front shows two years `count` apart (`1491-1499`, `from 1929 to 1933`)."""
    years = [int(y) for y in re.findall(r"(?<!\d)(1\d{3}|20\d\d)(?!\d)", visible)]
    for low, high in _RANGE.findall(visible):
        if len(low) == 4 and len(high) == 2:  # `1936-39`
            years += [int(low), int(low[:2] + high)]
    return any(b - a == count for a in years for b in years)


_RANGE = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s?[-–]\s?(\d[\d,]*(?:\.\d+)?)(?![\d.,])")


def _spelled_apart(word: str, shown_words: list[str], fewest: int = 2) -> bool:
    """A long word shown as `fewest` to three words in a row, in an old or loose spelling."""
    for i, first in enumerate(shown_words):
        if first[:1] != word[:1]:
            continue
        for n in range(fewest, min(3, len(shown_words) - i) + 1):
            if fuzz.ratio("".join(shown_words[i : i + n]), word) >= _SPELLED_APART:
                return True
    return False


#: How alike (0–100) a word and the words that spell it out must be.
_SPELLED_APART = 85


def _plural_of_its_root(shown: str, answer: str) -> bool:
    """`icons` for `iconoclasm`: a plural whose singular, a word of four letters or more, opens
    the answer with a short ending after it (not `electrons` for `electronegativity`, nor
    `Linus` for `Linux`: `linu` is no word)."""
    root = shown[:-1]
    return (
        shown.endswith("s")
        and not shown.endswith("ss")
        and len(root) >= 4
        and answer.startswith(root)
        and len(answer) - len(root) <= 6
        and dictionary.frequency(root) > 0
    )


def _shared_root(a: str, b: str) -> bool:
    """Two rare words on one root: five letters or more in common at the start, most of the
    shorter word and all but an ending of the longer (`coccyx`, `coccygeal`; not `chromosome`,
    `chromatid`)."""
    if a == b or min(len(a), len(b)) < 5 or dictionary.frequency(b) >= COMMON_WORD_FREQUENCY:
        return False
    shorter = min(len(a), len(b))
    common = next((i for i in range(shorter) if a[i] != b[i]), shorter)
    # and the longer word only a short ending more: not `electrons` in `electronegativity`
    return common >= 5 and common >= 0.6 * shorter and max(len(a), len(b)) - common <= 5


def _lists_count(visible: str, count: int) -> bool:
    """A bracketed list of exactly `count` items."""
    return count > 1 and any(
        len([i for i in _LIST_SPLIT.split(inner) if i.strip()]) == count
        for inner in re.findall(r"\(([^()]+)\)", visible)
    )


def _common_ending(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


# Countries whose people's adjective is not built on the country's name.
_DEMONYMS = {
    "spain": "spanish",
    "france": "french",
    "ireland": "irish",
    "england": "english",
    "scotland": "scottish",
    "wales": "welsh",
    "netherlands": "dutch",
    "holland": "dutch",
    "greece": "greek",
    "poland": "polish",
    "denmark": "danish",
    "finland": "finnish",
    "switzerland": "swiss",
    "britain": "british",
    "turkey": "turkish",
}


_COUNTRIES = {people: country for country, people in _DEMONYMS.items()}


def country_of(word: str) -> str | None:
    """The country a people's adjective names (`Spanish` → `Spain`, `Russian` → `Russia`);
    None for any other word."""
    lower = word.lower()
    if lower in _COUNTRIES:
        return _COUNTRIES[lower].capitalize()
    if lower.endswith(("ian", "can", "ban", "ean")) and len(lower) > 5:
        return word[:-1]  # `Russian`, `American`, `Cuban`, `Korean`
    return None


def has_subject(text: str) -> bool:
    """A clause that names who acted: it does not open on a verb ("Removed Rykov")."""
    words = words_of(text)
    if len(words) < 2:
        return False
    first = words[0].lower()
    if first in _OPENING_VERBS or first in ANAPHORS or first.endswith("ed"):
        return False
    # "Hit the Philippines on …", "Signs a treaty with …": an everyday word right before an
    # article is a verb and its object, not a subject.
    return not (
        words[1].lower() in _ARTICLES
        and (opening := _OPENING_PAIR.match(text)) is not None
        and opening.groups() == (words[0], words[1])
        and first not in STOP_WORDS
        and first not in _NOT_VERBS
        and not first.endswith("ly")
        and is_common(first, {first: dictionary.frequency(first)})
    )


_ARTICLES = frozenset({"the", "a", "an", "his", "her", "its", "their"})
_OPENING_PAIR = re.compile(r"\W*(\w+)\s+(\w+)\b")  # the first two words, side by side
_NOT_VERBS = word_set(
    "after before around about later then since until during under over within without across "
    "along among between behind beyond near by like unlike despite against towards toward via"
)


#: Past participles that do not end in -ed: `Run by …`, `Born 1903 …` open on what was done.
PARTICIPLES = word_set(
    "made kept won led sent set put cut lost held paid sold bought built known written found "
    "given taken shown run born drawn chosen seen begun brought fought told left spent struck "
    "thrown beaten broken driven hidden spoken sworn overthrown grown"
)
_OPENING_VERBS = PARTICIPLES | word_set(
    "was were became took gave met ran began broke fell got rose went wrote said"
)
