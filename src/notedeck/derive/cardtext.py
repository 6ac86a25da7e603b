"""Card text: what a student reads on a card, with the notes' Markdown and structure taken out.

A point is written in Markdown (`**1924**`, `[[Lenin|him]]`, `<mark>`, `` `len()` ``); a card
shows plain sentences. `to_plain` strips the markup once and remembers where the student put
emphasis (bold is a hint of what matters) and where code sat (shown, never hidden). A long
point holds several facts, so `windows` cuts it into sentences and clauses: each card shows
only the clause its answer is in, so the cards of one line do not give each other away.
"""

from __future__ import annotations

import html
import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache

from notedeck.derive.terms import plain_text, word_set

__all__ = [
    "Plain",
    "Window",
    "fold",
    "norm",
    "strip_lead",
    "table_rows",
    "to_plain",
    "windows",
    "words_of",
]

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Plain:
    """A point as plain text.

    Attributes:
        text: the words a card shows.
        emphasis: spans the student wrote in bold or italics.
        protected: spans that were code, URLs or file paths: never an answer.
        links: spans that were link texts (`[[Biology Index]]`): a line of them is navigation.
    """

    text: str
    emphasis: tuple[Span, ...] = ()
    protected: tuple[Span, ...] = ()
    links: tuple[Span, ...] = ()


_INLINE = re.compile(
    r"(?P<code>`+)(?P<code_body>.+?)(?P=code)"
    r"|!\[[^\]]{0,1000}\]\((?:[^()]|\([^()]*\)){0,1000}\)"  # an image: nothing to read
    r"|!\[\[[^\]]*\]\]"  # an embedded file (`![[map.png|300]]`): nothing to read either
    # Link texts and addresses are read for at most 1,000 characters, and a link text
    # holds no `[`, so thousands of unclosed or nested `[[` or `[` are read in linear time.
    r"|\[\[(?P<wiki>[^\]|#\[]{1,1000})(?:#[^\]|]{0,1000})?(?:\|(?P<alias>[^\]]{1,1000}))?\]\]"
    r"|\[(?P<link>[^\]\[]{1,1000})\]\((?P<href>(?:[^()]|\([^()]*\)){0,1000})\)"  # `(…_(1921))`
    # A tag with its attributes, a quoted `>` included (`title="a > b"`): attribute text is
    # never card text, nor a `<` inside a quoted value (`href="…<div>…"`). A quote left open
    # falls back to the tag's first `>`; a quoted value is read for at most 2,000 characters
    # of its line, so a line of broken tags is read in linear time. Then a comment.
    r"|<(?P<tag>/?[a-zA-Z](?:\"[^\"\n]{0,2000}\"|'[^'\n]{0,2000}'|[^<>\"'])*)>"
    r"|</?[a-zA-Z][^<>]*>"
    r"|<!--(?:(?!-->)[^<])*-->"
    r"|(?P<url>(?:https?://|www\.)[^\s)>\]]+)"
    # Bold and highlight bodies are read for at most 1,000 characters: a phrase that long is
    # no term, and a text of thousands of unclosed `**` is then read in linear time.
    r"|(?P<strong>\*\*|__)(?P<strong_body>\S(?:.{0,1000}?\S)??)(?P=strong)"
    r"|(?<![\w*])(?P<em>[*_])(?P<em_body>[^*_\s](?:[^*_]*?[^*_\s])??)(?P=em)(?![\w*])"
    r"|==(?P<mark>\S(?:.{0,1000}?\S)??)=="
    r"|\\(?=\s|$)"  # a hard line break
    # An Obsidian call-out's marker, a quote mark; not a comparison (`difference > 1.7`,
    # `if accumulation > ablation`).
    r"|\[!\w+\][+-]?|(?<=\s)(?<![\w)%°]\s)>\s(?![\d£$€−-])"
    r"|(?<!\S)#[A-Za-z][\w/-]*"  # an Obsidian tag
)
_PATH = re.compile(r"(?<![\w/])(?:[\w.-]+/)+[\w.-]+\.[A-Za-z]{1,5}\b|(?<!\w)~?/[\w.-]+/[\w./-]+")
_SPACES = re.compile(r"\s+")
_BOLD_ITALIC = re.compile(r"(_\*\*|\*\*_|\*\*\*)(\S(?:.{0,1000}?\S)??)(?:\*\*_|_\*\*|\*\*\*)")


@lru_cache(maxsize=1 << 14)
def to_plain(markdown: str) -> Plain:
    """The text of a point without Markdown, inline HTML, links, or entities."""
    pieces: list[str] = []
    emphasis: list[Span] = []
    protected: list[Span] = []
    links: list[Span] = []
    length = 0

    def add(text: str, into: list[Span] | None = None) -> None:
        nonlocal length
        if into is not None and text:
            into.append((length, length + len(text)))
        pieces.append(text)
        length += len(text)

    def add_plain(inner: Plain, into: list[Span] | None = None) -> None:
        start = length
        add(inner.text, into)
        emphasis.extend((start + a, start + b) for a, b in inner.emphasis)
        protected.extend((start + a, start + b) for a, b in inner.protected)

    markdown = _SPACES.sub(" ", markdown).strip()
    if "**" in markdown:  # `_**Minor**_`, `***Minor***`: bold and italic at once
        markdown = _BOLD_ITALIC.sub(r"**\2**", markdown)
    position = 0
    for match in _INLINE.finditer(markdown):
        add(html.unescape(markdown[position : match.start()]))
        position = match.end()
        if match["code"]:
            add(match["code_body"].strip(), protected)
        elif match["wiki"]:
            add((match["alias"] or match["wiki"]).strip(), links)
        elif match["link"]:
            add_plain(to_plain(match["link"]), links)
        elif match["url"]:
            continue
        elif match["strong"] or match["em"]:
            add_plain(to_plain(match["strong_body"] or match["em_body"]), emphasis)
        elif match["mark"]:
            add_plain(to_plain(match["mark"]), emphasis)
    add(html.unescape(markdown[position:]))
    text = "".join(pieces)
    protected.extend(m.span() for m in _PATH.finditer(text))
    return _collapse(text, emphasis, protected, links)


def _collapse(text: str, *span_lists: list[Span]) -> Plain:
    """Spaces collapsed and trimmed, with every span moved to match."""
    cuts = [m.span() for m in _SQUEEZE.finditer(text)]
    if not cuts:
        return Plain(text.replace("\n", " "), *(tuple(spans) for spans in span_lists))
    starts = [a for a, _ in cuts]
    removed = [0]  # characters removed before the end of each cut
    for a, b in cuts:
        removed.append(removed[-1] + b - a)

    def moved(position: int) -> int:
        i = bisect_right(starts, position)  # cuts starting at or before `position`
        if i and position < cuts[i - 1][1]:  # inside a cut: where the cut begins
            return cuts[i - 1][0] - removed[i - 1]
        return position - removed[i]

    pieces, last = [], 0
    for a, b in cuts:
        pieces.append(text[last:a])
        last = b
    pieces.append(text[last:])
    out = "".join(pieces).replace("\n", " ")
    return Plain(
        out,
        *(
            tuple((moved(a), moved(b)) for a, b in spans if moved(b) > moved(a))
            for spans in span_lists
        ),
    )


# Spaces to squeeze out, and the `...` ending a bracketed list (`(Li, Na, K ...)`): "and so
# on", which a card need not show as text cut short.
_SQUEEZE = re.compile(r"(?<=\s)\s+|^\s+|\s+$|\s+(?=[,.;:!?)])|(?<=\()\s+|,?\s*(?:\.{3}|…)(?=\))")


# ---------------------------------------------------------------- windows


@dataclass(frozen=True, slots=True)
class Window:
    """A stretch of a point a card shows: a sentence or a clause.

    Attributes:
        start, end: its span in the plain text.
        subject: for a clause that continues a sentence without its own subject
            ("…, and removed Rykov"), the sentence's subject to show before it.
    """

    start: int
    end: int
    subject: str = ""


_SENTENCE_END = re.compile(
    r"(?:(?<=[a-z0-9)\]%])|(?<=[A-Z]{2}))(?<!e\.g)(?<!i\.e)(?<!etc)(?<!incl)(?<!approx)"
    r"(?<!\bvs)(?<!\bv)(?<!\bMr)(?<!\bMrs)(?<!\bDr)(?<!\bSt)(?<!\bCo)(?<!\bProf)[.!?]\s+(?=[A-Z\"“(])|;\s+"
)
_CLAUSE_JOIN = re.compile(
    r",\s+(?:and|but|while|whereas|so)\s+|\s+(?:but|whereas)\s+"
    r"|\s+and\s+(?=(?:was|were|then|later|eventually|also)\s)"
)
_WORD = re.compile(r"[^\W_][\w'’-]*")
_MIN_CLAUSE_WORDS = 4
_VERBISH = word_set(
    "was were is are had has have did does became made took kept gave won led met ran told "
    "sent saw began broke fell got rose went wrote said could would should might must can "
    "will used set put cut lost held paid"
)
_NOT_SUBJECT_LEAD = word_set(
    "with after before when while as although though because since by in on at during from "
    "until if once despite following under over"
)


_DEPENDENT = frozenset({"that", "which", "whom", "whose", "whereby"})
#: "crossed the Pyrenees and then the Alps": a clause that goes on with the verb before it.
_GAPPED = re.compile(r"(?:then|later|eventually|also)\s+(?:the|a|an|his|her|its|their)\s")
_PERSONAL = frozenset({"he", "she", "they"})
#: A sentence opening on one of these stands for the subject of the sentence before it.
_PRONOUN_OF = {"he": "", "she": "", "his": "'s", "her": "'s"}


def _names(subject: str) -> bool:
    """A subject that is a name (`Cavour`, `The Tsar`), not a pronoun or a number."""
    words = subject.split()
    return bool(words) and words[-1][:1].isupper() and words[0].lower() not in _PERSONAL


_DETERMINERS = word_set(
    "the a an his her its their this these those many most some all no he she it they we i"
)


def windows(text: str) -> tuple[Window, ...]:
    """The sentences of `text`, and the clauses of a sentence that joins several facts."""
    out: list[Window] = []
    before = ""  # the subject of the sentence before, when it is a name
    for start, end in _split(text, 0, len(text), _SENTENCE_END):
        clauses = _split(text, start, end, _CLAUSE_JOIN)
        opening = _subject(text[clauses[0][0] : clauses[0][1]])
        subject = opening if len(clauses) > 1 else ""
        for number, (a, b) in enumerate(clauses):
            first = text[a:b].split(" ", 1)[0]
            if number == 0 and before and (whose := _PRONOUN_OF.get(first.lower())) is not None:
                # "Erik the Red set up a colony. His son [...] reached America": the son is
                # Erik the Red's, which the sentence alone no longer says.
                out.append(Window(a + len(first) + 1, b, before + whose))
                continue
            # "…, so the Kingdom collapsed" names its own subject.
            lacks_subject = number > 0 and first[:1].islower() and first not in _DETERMINERS
            # "…, so that Piedmont got a seat": a clause hanging on the one before it reads
            # only with it, and no subject can stand in ("He that Piedmont got"); nor can it
            # before a clause that opens on where or when ("It from July by Kerensky").
            dependent = number > 0 and (
                first.lower() in _DEPENDENT
                or (lacks_subject and first in _NOT_SUBJECT_LEAD)
                or _GAPPED.match(text, a, b) is not None
            )
            if dependent or (lacks_subject and not subject):  # keep the sentence whole
                out = [w for w in out if w.start < start]
                out.append(Window(start, end))
                break
            if number > 0 and first in _PERSONAL and _names(subject):
                # "Cavour got nervous, and he sent the army": he is Cavour, not the heading.
                out.append(Window(a + len(first) + 1, b, subject))
                continue
            out.append(Window(a, b, subject if lacks_subject else ""))
        before = opening if _names(opening) else ""
    return tuple(out)


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[Span]:
    """Cut [start, end) at `pattern`, keeping pieces of at least a few words."""
    spans: list[Span] = []
    begin = start
    for match in pattern.finditer(text, start, end):
        if _has_words(text, begin, match.start()) and _has_words(text, match.end(), end):
            spans.append((begin, match.start() + (1 if text[match.start()] in ".!?" else 0)))
            begin = match.end()
    spans.append((begin, end))
    return spans


def _has_words(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] holds a clause's worth of words; it stops counting there, so a
    line of many short clauses is cut in linear time."""
    for found, _ in enumerate(_WORD.finditer(text, start, end), start=1):
        if found >= _MIN_CLAUSE_WORDS:
            return True
    return False


def _subject(clause: str) -> str:
    """The subject of a sentence's first clause: the words before its verb, when short."""
    words = clause.split()
    for i, word in enumerate(words):
        bare = word.strip(",;:").lower()
        if not (i and word[:1].islower() and (bare in _VERBISH or bare.endswith("ed"))):
            continue
        subject = " ".join(words[:i])
        if ", " in subject:  # not the comma of `50,000`
            subject = subject.rsplit(", ", 1)[1].strip()
        lead = subject.split(" ", 1)[0].lower() if subject else ""
        if subject and lead not in _NOT_SUBJECT_LEAD and len(subject.split()) <= 6:
            return subject
    return ""


# ---------------------------------------------------------------- leads


# Matched at a position (`.match(text, at)`), so no `^`: a line opening on many labels
# is stripped in one pass, not copied once per label.
_LABEL = re.compile(
    r"\[[ xX]\]\s+"  # a task list's box
    r"|(?:S|L|Link|P|E|Point|Evidence|Explanation|Example|Examples|Note|NB|N\.B\.|e\.g\.|i\.e\.)"
    r"\s*[:.–-]\s+",
    re.IGNORECASE,
)
_CONNECTIVE = re.compile(
    r"(?:(?:but|however|and|so|also|then|thus|therefore|or|yet|moreover|furthermore|plus"
    r"|firstly|secondly|thirdly|lastly|finally)\b,?|(?:first|second|third|next),"
    r"|e\.g\.,?|eg\b\.?,?|->|=>|→|⇒|-|–|—)\s*",
    re.IGNORECASE,
)


def strip_lead(text: str) -> str:
    """A window without its leading label (`S:`, `Example:`) or connective (`But,`, `OR`)."""
    at = 0
    while True:
        start = at
        for pattern in (_LABEL, _CONNECTIVE):
            if match := pattern.match(text, at):
                at = match.end()
        if at == start:
            break
    text = text[at:]
    # Capitalised only when it is an ordinary word: `ρ = resistivity` keeps its ρ.
    # not `c. 1764`, nor a word that keeps its case: `pH`, `mRNA`, `eBay`
    ordinary = "a" <= text[:1] <= "z" and text[1:2] != "." and not text[1:2].isupper()
    if ordinary and _CODE_START.match(text):  # `open(filename, mode)`, `re.match(…)`: code
        ordinary = False
    return text[:1].upper() + text[1:] if ordinary else text


_CODE_START = re.compile(
    r"[a-z_]\w*(?:\.[a-z_]\w*)+\b"  # `re.match`, `dict.get`
    r"|[a-z_]\w*\((?:\)|[^()]*[,\"'=])"  # `print()`, `open(filename, mode)`; not `equal(ish)`
)


# ---------------------------------------------------------------- tables


def table_rows(text: str) -> tuple[list[str], list[list[str]]] | None:
    """(headers, rows) of a Markdown table the outliner kept as one paragraph, else None."""
    if not text.startswith("|") or "---" not in text:
        return None
    cells = [c.strip() for c in text.strip().strip("|").split("|")]
    try:
        rule = next(i for i, c in enumerate(cells) if re.fullmatch(r":?-{3,}:?", c))
    except StopIteration:
        return None
    width = rule - 1  # rows are joined by one empty cell: `| a | b | | c | d |`
    if width < 2 or cells[width] != "":
        return None
    headers = cells[:width]
    body = cells[rule + width + 1 :]
    rows = [
        body[at : at + width]
        for at in range(0, len(body), width + 1)
        if len(body[at : at + width]) == width
    ]
    return headers, rows


# ---------------------------------------------------------------- comparing texts


@lru_cache(maxsize=1 << 16)
def words_of(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(plain_text(text)))


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """Case, accents, markup and punctuation do not change what a card tests."""
    text = unicodedata.normalize("NFKC", plain_text(text)).casefold()
    return " ".join(re.findall(r"\w+|\[\.\.\.\]", text))


@lru_cache(maxsize=1 << 14)
def fold(text: str) -> str:
    """`norm` without accents either: `Ampère` is shown by `ampere`."""
    normed = norm(text)
    if normed.isascii():
        return normed
    decomposed = unicodedata.normalize("NFKD", normed)
    return "".join(c for c in decomposed if not unicodedata.combining(c))
