"""The notebook model: frozen values that every later stage reads.

Everything here is plain data. Parsing builds it, `derive/`, `study/` and `essay/` read it,
and `to_dict()` is the one serialised form used by `--json`, the web API and the page cache.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, fields
from enum import StrEnum
from operator import attrgetter
from pathlib import Path
from typing import Any, NotRequired, TypedDict, overload


class Severity(StrEnum):
    """How much a finding matters; `error` makes `notedeck check` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class CardKind(StrEnum):
    """What a flashcard tests; the last three come from syntax the student wrote."""

    DATE_CLOZE = "date_cloze"
    TERM_CLOZE = "term_cloze"
    NUMBER_CLOZE = "number_cloze"
    FACTOR = "factor"
    SEQUENCE = "sequence"
    BASIC = "basic"
    REVERSED = "reversed"
    CLOZE = "cloze"


class Label(StrEnum):
    """The PEEL role a student gave a line with a `P:` or `E:` prefix."""

    POINT = "P"
    EXPLANATION = "E"


_SEVERITIES = {severity.value: severity for severity in Severity}
FindingRow = tuple[str, str, str, str | None, int | None, str | None]


class FindingDict(TypedDict):
    code: str
    severity: str
    page: str | None
    line: int | None
    message: str
    file: NotRequired[str]


@dataclass(frozen=True, slots=True)
class Finding:
    """Something about the notes worth telling the student.

    Attributes:
        code: stable upper-case identifier, e.g. `EMPTY_SECTION`.
        severity: error, warning or info.
        message: one sentence a student can act on.
        page: page id (path relative to the notebook root), or None for the notebook.
        line: 1-based line in the page's file (in `file`, when that is set), when one applies.
        file: the file `line` is in when it is not the page's own: a file the page
            includes (`{% include %}`), relative to the notebook root.
    """

    code: str
    severity: Severity
    message: str
    page: str | None = None
    line: int | None = None
    file: str | None = None

    def to_dict(self) -> FindingDict:
        data: FindingDict = {
            "code": self.code,
            "severity": self.severity.value,
            "page": self.page,
            "line": self.line,
            "message": self.message,
        }
        if self.file is not None:
            data["file"] = self.file
        return data

    @classmethod
    def from_dict(cls, data: FindingDict) -> Finding:
        return cls(
            code=data["code"],
            severity=Severity(data["severity"]),
            message=data["message"],
            page=data["page"],
            line=data["line"],
            file=data.get("file"),
        )

    def to_row(self) -> FindingRow:
        """Plain values: caches keep thousands of findings, and plain tuples load ~7x faster."""
        return self.code, self.severity.value, self.message, self.page, self.line, self.file

    @classmethod
    def from_row(cls, row: FindingRow) -> Finding:
        code, severity, message, page, line, file = row
        return cls(code, _SEVERITIES[severity], message, page, line, file)


@dataclass(frozen=True, slots=True)
class ExplicitCard:
    """A card the student wrote with `Q::A`, `Q:::A`, `==cloze==` or `{{c1::…}}`.

    Attributes:
        kind: `basic`, `reversed` or `cloze`.
        front: the question, or for a cloze the full text with its deletions marked `{{c1::…}}`.
        back: the answer; for a cloze, the hidden parts joined with `; `.
        line: 1-based line where the card starts.
    """

    kind: CardKind
    front: str
    back: str
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind.value, "front": self.front, "back": self.back, "line": self.line}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ExplicitCard:
        return cls(CardKind(data["kind"]), data["front"], data["back"], data["line"])


class TableDict(TypedDict):
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True, slots=True)
class Table:
    """A table from the notes (a Markdown pipe table or an HTML `<table>`), kept as cells.

    Attributes:
        header: the header row's cells; empty when the table has none.
        rows: the body rows, each a tuple of cell texts (inline Markdown kept).
    """

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def to_dict(self) -> TableDict:
        return {"header": list(self.header), "rows": [list(row) for row in self.rows]}


class PointDict(TypedDict):
    text: str
    line: int
    label: str | None
    children: list[PointDict]
    block: NotRequired[str]
    table: NotRequired[TableDict]


@dataclass(frozen=True, slots=True)
class Point:
    """One bullet (or loose paragraph) of evidence, with its nested bullets.

    Attributes:
        text: the item's own text with inline Markdown kept (`**1924**` stays bold).
        line: 1-based line in the page's file.
        label: `P`/`E` when the student prefixed the line with `P:`/`E:`/`Point:`.
        children: nested bullets, in order.
        years: four-digit years mentioned in `text`, in order of appearance.
        terms: bold and quoted terms in `text`, without their markup.
        cards: explicit cards written on this line.
        code: the text of a fenced code block: shown, never made into cards.
        block: the GitBook block the point sits in, when it says how to show it:
            `hint:info` (`hint:warning`, …), `code:<title>`, `file`, `embed`; or, for a
            `####` sub-heading, what made it: `tab`, `step`, `update`, `api`, `details`.
        table: the rows of a table; its `text` is then empty.
    """

    text: str
    line: int
    label: Label | None = None
    children: tuple[Point, ...] = ()
    years: tuple[int, ...] = ()
    terms: tuple[str, ...] = ()
    cards: tuple[ExplicitCard, ...] = ()
    code: bool = False
    block: str = ""
    table: Table | None = None

    def walk(self) -> tuple[Point, ...]:
        """This point and all its descendants, depth first."""
        out: list[Point] = [self]
        for child in self.children:
            out.extend(child.walk())
        return tuple(out)

    def to_dict(self) -> PointDict:
        data: PointDict = {
            "text": self.text,
            "line": self.line,
            "label": self.label.value if self.label else None,
            "children": [c.to_dict() for c in self.children],
        }
        if self.block:
            data["block"] = self.block
        if self.table is not None:
            data["table"] = self.table.to_dict()
        return data


class StatementDict(TypedDict):
    alternatives: list[str]
    line: int


@dataclass(frozen=True, slots=True)
class Statement:
    """A link statement tying a factor to the question.

    Attributes:
        alternatives: wordings of the same link, in the student's order; the first is preferred.
        line: 1-based line of the first wording.
    """

    alternatives: tuple[str, ...]
    line: int

    @property
    def preferred(self) -> str:
        return self.alternatives[0]

    def to_dict(self) -> StatementDict:
        return {"alternatives": list(self.alternatives), "line": self.line}


class FactorDict(TypedDict):
    title: str
    note: str | None
    weak: bool
    line: int
    points: list[PointDict]
    statements: list[StatementDict]
    block: NotRequired[str]


@dataclass(frozen=True, slots=True)
class Factor:
    """One argument inside an exam theme: a `###` heading (or a bold paragraph line).

    Attributes:
        title: the heading without its trailing note.
        note: the trailing parenthetical, e.g. `not really good for essay`.
        weak: the student marked the factor as weak or not for essays.
        line: 1-based line of the heading.
        points: evidence bullets, top level; nested bullets hang off them.
        statements: link statements, each with its alternatives.
        block: what made the heading when GitBook did: `tab`, `step`, `update`, `api`,
            `details` (a tab's or step's title under the section it sits in); else "".
    """

    title: str
    line: int
    note: str | None = None
    weak: bool = False
    points: tuple[Point, ...] = ()
    statements: tuple[Statement, ...] = ()
    block: str = ""

    def all_points(self) -> tuple[Point, ...]:
        return tuple(p for top in self.points for p in top.walk())

    def to_dict(self) -> FactorDict:
        data: FactorDict = {
            "title": self.title,
            "note": self.note,
            "weak": self.weak,
            "line": self.line,
            "points": [p.to_dict() for p in self.points],
            "statements": [s.to_dict() for s in self.statements],
        }
        if self.block:
            data["block"] = self.block
        return data


class SectionDict(TypedDict):
    title: str
    line: int
    empty: bool
    points: list[PointDict]
    factors: list[FactorDict]
    block: NotRequired[str]


@dataclass(frozen=True, slots=True)
class Section:
    """An exam theme: a `##` heading and what sits under it.

    Attributes:
        title: heading text.
        line: 1-based line of the heading (of the first content for an untitled section).
        factors: the `###` factors in order.
        points: bullets that sit directly under the section rather than under a factor.
        empty: nothing at all was written under the heading yet.
        block: what made the heading when GitBook did (`tab`, `step`, …), else "".
    """

    title: str
    line: int
    factors: tuple[Factor, ...] = ()
    points: tuple[Point, ...] = ()
    empty: bool = False
    block: str = ""

    def to_dict(self) -> SectionDict:
        data: SectionDict = {
            "title": self.title,
            "line": self.line,
            "empty": self.empty,
            "points": [p.to_dict() for p in self.points],
            "factors": [f.to_dict() for f in self.factors],
        }
        if self.block:
            data["block"] = self.block
        return data


@dataclass(frozen=True, slots=True)
class Inclusion:
    """Lines of a page's outline that come from a file it includes (`{% include %}`).

    Included lines are numbered after the page's own last line, so each line of a page
    stays one place: the page's own lines keep their numbers, and `Page.locate` turns an
    included one into the file and line it was read from.

    Attributes:
        first: the page line number given to the first of these lines.
        count: how many lines.
        file: the included file, relative to the notebook root.
        start: the line of `file` that `first` stands for.
        at: the line of the page's own `{% include %}` that brought them in.
    """

    first: int
    count: int
    file: str
    start: int
    at: int

    def to_dict(self) -> InclusionDict:
        return {
            "first": self.first,
            "count": self.count,
            "file": self.file,
            "start": self.start,
            "at": self.at,
        }


class InclusionDict(TypedDict):
    first: int
    count: int
    file: str
    start: int
    at: int


class PageDict(TypedDict):
    id: str
    title: str
    icon: str | None
    description: str | None
    cover: str | None
    cover_y: float | None
    sections: list[SectionDict]
    included: NotRequired[list[InclusionDict]]


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown file of the notebook, outlined.

    Attributes:
        id: path relative to the notebook root, POSIX style; stable across machines.
        path: where the file was read from.
        title: first `#` heading (emoji kept), else front matter `title`, else the file name.
        icon: the title's leading emoji, or front matter `icon`.
        description, cover, cover_y: GitBook front matter.
        sections: the `##` themes in order.
        findings: problems found while reading and outlining this page.
        digest: content hash of the file's bytes (and of the files it includes); the cache key.
        included: where lines from included files sit, in line order (`locate`).
    """

    id: str
    path: Path
    title: str
    icon: str | None = None
    description: str | None = None
    cover: str | None = None
    cover_y: float | None = None
    sections: tuple[Section, ...] = ()
    findings: tuple[Finding, ...] = ()
    digest: str = ""
    front_matter: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    included: tuple[Inclusion, ...] = ()

    def locate(self, line: int) -> tuple[str | None, int]:
        """The file (None for the page's own) and the line in it that a page line stands for."""
        for span in self.included:
            if span.first <= line < span.first + span.count:
                return span.file, span.start + line - span.first
        return None, line

    def factors(self) -> tuple[tuple[Section, Factor], ...]:
        return tuple((s, f) for s in self.sections for f in s.factors)

    def to_dict(self) -> PageDict:
        data: PageDict = {
            "id": self.id,
            "title": self.title,
            "icon": self.icon,
            "description": self.description,
            "cover": self.cover,
            "cover_y": self.cover_y,
            "sections": [s.to_dict() for s in self.sections],
        }
        if self.included:
            data["included"] = [span.to_dict() for span in self.included]
        return data


class PageList(Sequence["Page"]):
    """Pages in reading order, each built only when it is first used.

    A warm `check` of thousands of pages needs their ids and findings, not their outlines,
    and unpickling every outline would cost more than everything else it does. So a notebook
    from the page cache carries ids and findings up front, and a loader per page.

    Attributes:
        ids: page ids, in order.
        digests: each page's content hash (`Page.digest`), in order.
        findings: every page's own findings, page by page.
    """

    __slots__ = ("_load", "_pages", "digests", "findings", "ids")

    def __init__(
        self,
        ids: Sequence[str],
        digests: Sequence[str],
        findings: Sequence[Finding],
        load: Callable[[int], Page],
    ) -> None:
        """`load(n)` builds or unpickles page `n`; it is called once per page at most."""
        self.ids = tuple(ids)
        self.digests = tuple(digests)
        self.findings = tuple(findings)
        self._load = load
        self._pages: list[Page | None] = [None] * len(self.ids)

    @overload
    def __getitem__(self, index: int) -> Page: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Page, ...]: ...
    def __getitem__(self, index: int | slice) -> Page | tuple[Page, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(len(self))))
        page = self._pages[index]
        if page is None:
            page = self._pages[index] = self._load(index % len(self.ids))
        return page

    def __len__(self) -> int:
        return len(self.ids)

    def loaded(self) -> int:
        """How many pages have been built or unpickled so far."""
        return sum(page is not None for page in self._pages)

    def __iter__(self) -> Iterator[Page]:
        return (self[i] for i in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:
        return hash(tuple(self))

    def __repr__(self) -> str:
        return f"PageList({list(self.ids)!r})"

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        return tuple, (tuple(self),)


@dataclass(frozen=True, slots=True)
class Notebook:
    """A folder (or one file) of pages in reading order.

    Attributes:
        root: the folder pages are relative to.
        title: the notebook's name, from SUMMARY.md, the root README or the folder.
        pages: pages in SUMMARY order, else by path; a `PageList` when loaded lazily.
        findings: notebook-level findings (cross-page spelling, SUMMARY links);
            page findings stay on their pages.
    """

    root: Path
    title: str
    pages: Sequence[Page] = ()
    findings: tuple[Finding, ...] = ()

    def page(self, page_id: str) -> Page:
        if isinstance(self.pages, PageList):
            if page_id in self.pages.ids:
                return self.pages[self.pages.ids.index(page_id)]
            raise KeyError(page_id)
        for page in self.pages:
            if page.id == page_id:
                return page
        raise KeyError(page_id)

    def page_ids(self) -> tuple[str, ...]:
        """Page ids in reading order, without loading any page."""
        if isinstance(self.pages, PageList):
            return self.pages.ids
        return tuple(p.id for p in self.pages)

    def page_versions(self) -> tuple[tuple[str, str], ...]:
        """(id, content hash) of each page in reading order, without loading any page."""
        if isinstance(self.pages, PageList):
            return tuple(zip(self.pages.ids, self.pages.digests, strict=True))
        return tuple((p.id, p.digest) for p in self.pages)

    def all_findings(self) -> tuple[Finding, ...]:
        """Every finding, page by page in reading order, then notebook-wide ones."""
        if isinstance(self.pages, PageList):
            return self.pages.findings + self.findings
        return tuple(f for p in self.pages for f in p.findings) + self.findings

    def to_dict(self) -> dict[str, Any]:
        return {
            "notebook": {"root": str(self.root), "title": self.title},
            "pages": [p.to_dict() for p in self.pages],
            "findings": [f.to_dict() for f in self.all_findings()],
        }


class SourceDict(TypedDict):
    page: str
    section: str | None
    factor: str | None
    line: int
    file: NotRequired[str]
    file_line: NotRequired[int]


@dataclass(frozen=True, slots=True)
class Source:
    """Where a derived card came from.

    Attributes:
        page: page id.
        section: section title, or None.
        factor: factor title, or None.
        line: first line of the span the card was derived from, as the page numbers it
            (lines of an included file are numbered after the page's own: `Page.locate`).
        end_line: last line of that span.
        file: the file the card's text is written in when the page includes it from
            another file (`{% include %}`), relative to the notebook root; else None.
        file_line: the card's line in `file`.
    """

    page: str
    section: str | None
    factor: str | None
    line: int
    end_line: int | None = None
    file: str | None = None
    file_line: int | None = None

    def place(self) -> str:
        """Where to look for the card's text: `page:line`, or `file:line` for included text."""
        if self.file is not None:
            return f"{self.file}:{self.file_line}"
        return f"{self.page}:{self.line}"

    def to_dict(self) -> SourceDict:
        data: SourceDict = {
            "page": self.page,
            "section": self.section,
            "factor": self.factor,
            "line": self.line,
        }
        if self.file is not None and self.file_line is not None:
            data["file"], data["file_line"] = self.file, self.file_line
        return data


@dataclass(frozen=True, slots=True)
class Card:
    """A flashcard derived from the notes.

    Attributes:
        id: stable id; assigned by identity reconciliation, so history follows the card.
        kind: what the card tests.
        front: question side: the plain text the student sees (a cloze shows `[...]`).
        back: answer side, plain text.
        source: where in the notes it came from.
        tags: page, section and factor tags (Anki-safe: no spaces).
        key: exact-match key (page, anchor, kind, normalised answer and context).
        cloze: for a cloze the student wrote, its text with Anki's `{{cN::…}}` markers, so
            exports keep a real cloze note; "" otherwise.
        alternates: other clauses of the same section that ask the same term, left out by
            "a term is asked once per section" (this card's clause comes first). Which one
            comes first changes when a point moves, so identity keeps the one that already has
            history (`study.identity.reconcile`); not part of equality, never stored.
    """

    id: str
    kind: CardKind
    front: str
    back: str
    source: Source
    tags: tuple[str, ...] = ()
    key: str = ""
    cloze: str = ""
    alternates: tuple[Card, ...] = field(default=(), compare=False)


@dataclass(frozen=True, slots=True)
class Event:
    """A dated happening mentioned in the notes, for timelines and sequence cards."""

    year: int
    text: str
    source: Source
    month: int | None = None
    day: int | None = None


def pickle_by_constructor(cls: type) -> None:
    """Pickle as `cls(*fields)`: ~10x faster to load than the dataclass default for slots
    classes, which matters when the page cache loads thousands of pages."""
    getter = attrgetter(*(f.name for f in fields(cls)))

    def reduce(self: object) -> tuple[type, tuple[Any, ...]]:
        return cls, getter(self)

    cls.__reduce__ = reduce  # type: ignore[method-assign,assignment]


def _pickle_by_name(cls: type[StrEnum]) -> None:
    """Pickle a member as `getattr(cls, name)`: Enum's own `cls(value)` lookup is ~10x slower,
    and a page cache holds one per finding."""

    def reduce(self: StrEnum, protocol: object) -> tuple[Any, ...]:
        return getattr, (cls, self.name)

    cls.__reduce_ex__ = reduce  # type: ignore[assignment,method-assign]


for _enum in (Severity, CardKind, Label):
    _pickle_by_name(_enum)
for _cls in (
    Finding,
    ExplicitCard,
    Table,
    Inclusion,
    Point,
    Statement,
    Factor,
    Section,
    Page,
    Source,
    Card,
    Event,
):
    pickle_by_constructor(_cls)
