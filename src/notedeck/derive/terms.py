"""Terms and people in the notes: which capitalised words are people, and where a text names them.

Notes name people without saying so, and a card that hides "Stalin" in a page about Stalin
gives nothing away. The student's own writing is the evidence: a word capitalised
mid-sentence and never written in lower case is a proper name, and one that acts as a subject
("Trotsky argued") or follows a title ("General Kornilov") is a person. Card drafting reads
the same words, so the word lists, possessive endings, quoted terms and markup stripping it
uses live here too.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from notedeck.derive.memo import DerivedMemo
from notedeck.forked import forked_map
from notedeck.model import Notebook, Page
from notedeck.parse.outline import QUOTED_TERM

__all__ = [
    "ANAPHORS",
    "DISCOURSE_MARKERS",
    "POSSESSIVE_ENDING",
    "STOP_WORDS",
    "NameIndex",
    "find_people",
    "forget_memory",
    "index_names",
    "notebook_names",
    "plain_text",
    "word_set",
]


def word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


#: Function words: never a term, never worth hiding on a card.
STOP_WORDS = word_set(
    "a an the and or but if then so of in on at by for to from with without into onto over "
    "under as is was were be been being are am it its he she they them him her his hers their "
    "theirs we us our you your i me my this that these those there here who whom whose which "
    "what when where why how not no yes all any both each few more most other some such only "
    "own same than too very can will just also first second secondly third lastly finally then "
    "next example however therefore thus"
)
#: Words that point back to an earlier sentence: a point opening with one needs context.
ANAPHORS = word_set(
    "he she it they this these that those his her its their them him there both such"
)
#: Words that order an argument ("firstly", "however"): never the answer a card asks for.
DISCOURSE_MARKERS = word_set(
    "first firstly second secondly third thirdly then next lastly finally also however example note"
)
_TITLES = word_set(
    "President General Admiral Chancellor King Queen Emperor Pope Tsar Kaiser Prime Minister "
    "Field Marshal Duke Count Prince Princess Lord Sir Mr Mrs Dr Don Foreign Finance Premier "
    "Commissar Secretary Governor Senator Cardinal Archbishop Bishop Captain Colonel Major"
)
_NOT_PEOPLE = word_set(
    "January February March April May June July August September October November December "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday Party Communist Communists "
    "Communism Army Red Reds White Whites Politburo Committee Central Executive Congress Soviet "
    "Soviets Union League Nations Socialist Socialists Socialism Nazi Nazis Fascist Fascists "
    "Fascism Bolshevik Bolsheviks Menshevik Mensheviks Republic Empire Church State Government "
    "Parliament Reichstag Assembly Council Court Secretariat War Civil World Great Depression "
    "Revolution Policy Plan Act Treaty Law Conference Catholic Catholics Protestant Jews Jewish "
    "Christian Western Eastern East West North South Northern Southern Left Right Allies Allied "
    "Axis Russia Russian Russians USSR Germany German Germans Italy Italian Italians Japan "
    "Japanese China Chinese Britain British England English France French America American "
    "Americans USA Europe European Asia Asian Africa Austria Hungary Poland Polish Spain Belgium "
    "Belgian Manchuria Korea Prussia Bavaria Mexico Moscow Berlin Rome Paris London Tokyo "
    "Washington Vatican Cheka NKVD Testament Mausoleum Square Station Railway God Alliance "
    "Pact Pacts Treaties Plan Laws Putsch Decree Report Proposal Commission Agreement Tariff "
    "Incident Crisis Enrolment Secession Blockade Purge Purges Corporation Terror"
)
_NOT_PEOPLE_LOWER = frozenset(w.lower() for w in _NOT_PEOPLE | _TITLES)
_ARTICLES = word_set("the a an")
_PLACE_PREPS = word_set("in at near into outside across around towards toward via")
_AGENT_WORDS = word_set(
    "was were had has who became made took kept gave won led met ran told sent saw spoke began "
    "broke fell flew got rose sat stayed thought went wrote said argued believed helped would "
    "could did"
)

#: A quoted term the student coined ("war communism"): quote, text, closing quote.
#: "'s" or "'" at the end of a word: "Lenin's" names Lenin.
POSSESSIVE_ENDING = re.compile(r"['’]s?$")
_CAP_TOKEN = re.compile(r"[^\W\d_][\w'’-]*")
_MARKUP = re.compile(r"\*\*|__|`|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_PARTICLES = frozenset({"von", "van", "der", "de", "di", "da", "del", "la", "le"})
_LIST_JOIN = re.compile(r"^(?:,\s+(?:and\s+)?|\s+and\s+)$")


def without_possessive(word: str) -> str:
    """`Lenin's` → `Lenin`; cheap for the many words that end in neither `'` nor `s`."""
    if word.endswith(("'", "’", "s")):
        return POSSESSIVE_ENDING.sub("", word)
    return word


@lru_cache(maxsize=1 << 16)
def plain_text(text: str) -> str:
    """The text without Markdown emphasis or code marks, spaces collapsed."""
    if "*" not in text and "_" not in text and "`" not in text:
        return " ".join(text.split())
    return " ".join(_MARKUP.sub("", text).split())


# ---------------------------------------------------------------- names


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Which capitalised words of a notebook are people, and which are proper names at all.

    Attributes:
        people: words used as people's names (capitalised mid-sentence, never lower case,
            acting as a subject or after a title, not a place, month or organisation word).
        proper: every word written capitalised mid-sentence and never in lower case.
    """

    people: frozenset[str]
    proper: frozenset[str]


def index_names(pages: Iterable[Page]) -> NameIndex:
    """Learn the notebook's people and proper names from how the student writes them.

    Each page's tallies are kept by content hash, and the whole index by the set of pages,
    so an unchanged notebook is not read again and an edit re-reads one page.
    """
    pages = tuple(pages)
    fingerprint = tuple((page.id, page.digest) for page in pages)
    if all(page.digest for page in pages) and fingerprint in _INDEXES:
        return _INDEXES[fingerprint]
    total = _NameTally()
    for page in pages:
        total.add(_page_tally(page))
    index = total.index()
    if all(page.digest for page in pages):
        _keep_index(fingerprint, index)
    return index


def notebook_names(notebook: Notebook, memo: DerivedMemo | None = None) -> NameIndex:
    """`index_names` of a notebook, reading only the pages whose tallies are not known.

    With a memo, the index is kept under the notebook's page versions and each page's tally
    under its own, so a new process reads only the pages that changed since the last build.
    """
    versions = notebook.page_versions()
    if not all(digest for _, digest in versions):
        return index_names(notebook.pages)
    state = hashlib.sha256(f"{NAMES_VERSION}\n{versions}".encode()).hexdigest()
    if versions in _INDEXES and (memo is None or state in memo.stored("names")):
        return _INDEXES[versions]
    known = memo.recall("names", [state]).get(state) if memo is not None else None
    if isinstance(known, NameIndex):
        _keep_index(versions, known)
        return known
    keys = [f"{page_id}\x1f{digest}" for page_id, digest in versions]
    on_disk = memo.stored("tally") if memo is not None else set()
    wanted = [k for k, v in zip(keys, versions, strict=True) if v not in _TALLIES and k in on_disk]
    recalled = memo.recall("tally", wanted) if memo is not None and wanted else {}
    unknown = [
        n
        for n, (k, v) in enumerate(zip(keys, versions, strict=True))
        if v not in _TALLIES and k not in recalled
    ]
    pages = [notebook.pages[n] for n in unknown]  # loaded here, so workers need no cache
    counted = dict(zip(unknown, forked_map(_tally_of, pages), strict=True))
    unsaved: dict[str, _NameTally] = {}
    total = _NameTally()
    for number, (key, version) in enumerate(zip(keys, versions, strict=True)):
        tally = _TALLIES.get(version) or recalled.get(key) or counted[number]
        _TALLIES[version] = tally
        if key not in on_disk:
            unsaved[key] = tally
        total.add(tally)
    index = total.index()
    _keep_index(versions, index)
    if memo is not None:
        memo.remember("tally", unsaved, keep=keys)
        memo.remember("names", {state: index}, keep=[state])
    return index


def forget_memory() -> None:
    """Empty this process's page tallies and name indexes."""
    _TALLIES.clear()
    _INDEXES.clear()


def _keep_index(versions: tuple[tuple[str, str], ...], index: NameIndex) -> None:
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[versions] = index


# Bump when the way names are learnt changes, so remembered indexes are not reused.
NAMES_VERSION = "1"
_INDEXES: dict[tuple[tuple[str, str], ...], NameIndex] = {}
_TALLIES: dict[tuple[str, str], _NameTally] = {}


@dataclass
class _NameTally:
    """How a page (or the notebook) writes each capitalised word."""

    mid: Counter[str] = field(default_factory=Counter)
    caps: Counter[str] = field(default_factory=Counter)
    lower: Counter[str] = field(default_factory=Counter)
    score: Counter[str] = field(default_factory=Counter)
    mates: list[tuple[str, str]] = field(default_factory=list)

    def add(self, other: _NameTally) -> None:
        self.mid.update(other.mid)
        self.caps.update(other.caps)
        self.lower.update(other.lower)
        self.score.update(other.score)
        self.mates.extend(other.mates)

    def index(self) -> NameIndex:
        mid, caps, lower, score = self.mid, self.caps, self.lower, self.score
        # A name written in lower case now and then (`stalin`) is still a name: a slip.
        proper = frozenset(
            w for w in mid if lower[w.lower()] * 5 <= caps[w] and w not in _NOT_PEOPLE
        )
        people = {
            w
            for w in proper
            if score[w] > 0
            and len(w) >= 3
            and not w.isupper()
            and w.lower() not in _NOT_PEOPLE_LOWER
        }
        for a, b in self.mates:  # one of a list of names is a person: so are the others
            for x, y in ((a, b), (b, a)):
                if (
                    x in people
                    and y in proper
                    and score[y] >= 0
                    and len(y) >= 3
                    and not y.isupper()
                ):
                    people.add(y)
        return NameIndex(frozenset(people), proper)


def _tally_of(page: Page, _shared: object = None) -> _NameTally:
    return _page_tally(page)


def _page_tally(page: Page) -> _NameTally:
    key = (page.id, page.digest)
    if page.digest and key in _TALLIES:
        return _TALLIES[key]
    tally = _NameTally()
    mid, caps, lower, score, mates = tally.mid, tally.caps, tally.lower, tally.score, tally.mates
    for text in _texts((page,)):
        plain = QUOTED_TERM.sub(lambda m: " " * len(m.group(0)), plain_text(text))  # coined terms
        words = list(_CAP_TOKEN.finditer(plain))
        for i, match in enumerate(words):
            word = match.group(0)
            base = without_possessive(word)
            if word[0].islower():
                lower[base.lower()] += 1
                continue
            if not word[0].isupper():
                continue
            caps[base] += 1
            # What comes before, looked at over a few characters: slicing the whole text
            # for each capitalised word was quadratic in a long point.
            before = plain[max(0, match.start() - 64) : match.start()].rstrip(' *_"“(')
            if before and before[-1] not in ".!?:;":
                mid[base] += 1
            prev = words[i - 1].group(0) if i else ""
            nxt = words[i + 1].group(0) if i + 1 < len(words) else ""
            gap = plain[match.end() : words[i + 1].start()] if nxt else ""
            if prev.lower() in _ARTICLES or prev.lower() in _PLACE_PREPS:
                score[base] -= 1
            if prev in _TITLES:
                score[base] += 2
            if word == base and (nxt in _AGENT_WORDS or (nxt.islower() and nxt.endswith("ed"))):
                score[base] += 1
            mate = words[i + 2].group(0) if nxt == "and" and i + 2 < len(words) else nxt
            if mate[:1].isupper() and (nxt == "and" or _LIST_JOIN.match(gap)):
                mates.append((base, without_possessive(mate)))
    if page.digest:
        if len(_TALLIES) > 50_000:
            _TALLIES.clear()
        _TALLIES[key] = tally
    return tally


def _texts(pages: Iterable[Page]) -> Iterator[str]:
    """Every point (in page order, nested ones after their parent), then each link wording."""
    for page in pages:
        for section in page.sections:
            for top in section.points:
                yield from (p.text for p in top.walk())
            for factor in section.factors:
                yield from (p.text for p in factor.all_points())
            for factor in section.factors:
                for statement in factor.statements:
                    yield from statement.alternatives


# ---------------------------------------------------------------- people in a text


def find_people(text: str, names: NameIndex) -> list[tuple[int, int]]:
    """Spans of the people a text names; a list of people (`Kamenev and Zinoviev`) is one span.

    A name is widened to its first names, particles and surnames, and a possessive ending is
    left outside the span.
    """
    spans: list[tuple[int, int]] = []
    tokens = list(_CAP_TOKEN.finditer(text))
    i = 0
    while i < len(tokens):
        word = without_possessive(tokens[i].group(0))
        if word not in names.people:
            i += 1
            continue
        # Widen to the whole name: first names and particles before, surnames after.
        j = i
        while j > 0 and _joins(text, tokens[j - 1], tokens[j]) and _name_part(tokens[j - 1], names):
            j -= 1
        k = i
        while (
            k + 1 < len(tokens)
            and _joins(text, tokens[k], tokens[k + 1])
            and not POSSESSIVE_ENDING.search(tokens[k].group(0))
            and _name_part(tokens[k + 1], names)
        ):
            k += 1
        possessive = POSSESSIVE_ENDING.search(tokens[k].group(0))
        end = tokens[k].end() - (len(possessive.group(0)) if possessive else 0)
        spans.append((tokens[j].start(), end))
        i = k + 1
    # Join names separated by ", " or " and " into lists.
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and _LIST_JOIN.match(text[merged[-1][1] : start]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _joins(text: str, left: re.Match[str], right: re.Match[str]) -> bool:
    return text[left.end() : right.start()] == " "


def _name_part(token: re.Match[str], names: NameIndex) -> bool:
    word = token.group(0)
    base = POSSESSIVE_ENDING.sub("", word)
    if word in _PARTICLES:
        return True
    return (
        word[:1].isupper()
        and base not in _TITLES
        and base not in _NOT_PEOPLE
        and base.lower() not in STOP_WORDS
        and base in names.proper
    )
