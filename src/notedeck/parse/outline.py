"""Markdown to `Page`: sections, factors, evidence points and link statements.

The CommonMark tree comes from `parse/blocks.py`. We walk its top-level blocks once, in order,
and hand each list item or paragraph to a short table of rules (`_ITEM_RULES`,
`_PARAGRAPH_RULES`); the first rule that recognises the block consumes it.
"""

from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from notedeck.model import (
    CardKind,
    ExplicitCard,
    Factor,
    Finding,
    Inclusion,
    Label,
    Page,
    Point,
    Section,
    Severity,
    Statement,
    Table,
)
from notedeck.parse.blocks import Node, parse_blocks
from notedeck.parse.explicit import find_block_card, find_line_card
from notedeck.parse.gitbook import BlockEnd, GitbookText, read_gitbook, rewrite_wiki_links
from notedeck.parse.html_blocks import (
    decode_named,
    holds_table,
    html_code,
    html_table,
    html_words,
    is_pre,
)
from notedeck.parse.include import IncludedFiles, expand_includes, renumber, renumber_finding
from notedeck.parse.inline_html import drop_needless_escapes
from notedeck.parse.source import SourceText

_STATEMENT = re.compile(r"^(\*\*|__)\s*(?:S|L|Link)\s*:\s*(.*)$", re.DOTALL)
_LABEL = re.compile(
    r"^(?:\*\*|__)?(P|Point|E|Explanation|Evidence)\s*:\s*(?:\*\*|__)?\s*(?=\S)(.*)$", re.DOTALL
)
#: A reminder the student left, which titles nothing.
_NOTE_TO_SELF = re.compile(r"(?i)(?:todo|to do|fixme|note to self)\b")
#: A line above a list with at most this many words, and no full stop, is the list's title.
_MAX_LABEL_WORDS = 10
_LABEL_START = frozenset("*_PE")  # a label can only start with one of these, and has a `:`
_OR = re.compile(r"^(?:\*\*|_|\*)?\s*or\s*(?:\*\*|_|\*)?$", re.IGNORECASE)
_WHOLLY_BOLD = re.compile(r"^(\*\*|__)(?!\s)([^*_\n]{1,120}?)(?<!\s)\1:?$")
_TRAILING_NOTE = re.compile(r"^(.*?\S)\s*\(([^()]+)\)\s*$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_DATE_ONLY = re.compile(
    rf"^(?:c\.\s*|circa\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?\d{{3,4}}s?"
    rf"(?:\s*(?:-|–|—|to)\s*(?:(?:\d{{1,2}}\s+)?{_MONTH}\s+)?\d{{2,4}}s?)?$",
    re.IGNORECASE,
)
_WEAK_NOTE = re.compile(
    r"\b(?:weak|avoid|skip|irrelevant|unnecessary|don'?t use|do not use|not for (?:the )?essays?"
    r"|not\s+(?:\w+\s+){0,2}(?:good|useful|needed|necessary|relevant|important|great|strong))\b",
    re.IGNORECASE,
)
# 1000–2099, not inside a longer number, an amount or a percentage:
# `(?<![\d,.$£€])(1[0-9]{3}|20[0-9]{2})(?![\d%])`, written so that each branch starts with its
# digit (the look-behind then skips it): the regex engine jumps from one 1 or 2 to the next
# instead of trying every character, twice as fast on a typical point.
# A measure is no year: `1000 Hz`, `1500 m/s`, `2000 kg`.
_UNIT_AFTER = (
    r"(?!\s?(?:[kMG]?Hz|[kmcμµn]?m\b|m/s|km/h|mph|k?g\b|kW|[kmM]?[VWJN]\b(?!\.)|°|Ω|Pa\b|bpm"
    r"|ml\b))"
)
_YEAR = re.compile(
    rf"(?:1(?<![\d,.$£€].)[0-9]{{3}}|2(?<![\d,.$£€].)0[0-9]{{2}})(?![\d%]){_UNIT_AFTER}"
)
# `_YEAR` for a text with no 2 in it (1000–1999 only): starting with a literal, it lets the
# regex engine skip from one 1 to the next: two to three times faster than `_YEAR`.
_YEAR_1000S = re.compile(rf"1(?<![\d,.$£€].)[0-9]{{3}}(?![\d%]){_UNIT_AFTER}")
BOLD = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
"""Bold text: group 1 the marker, group 2 the words."""
# `BOLD` where no `__` is written (its words the one group): starting with a literal, it lets
# the regex engine skip from one `**` to the next: two to four times faster than `BOLD`.
_STAR_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
QUOTED_TERM = re.compile(r"([\"“])([^\"“”\n]{2,80})([\"”])")
"""A quoted coined term ("Permanent Revolution"): groups opening quote, words, closing quote."""
MAX_DEPTH = 32
"""Bullets (or quotes) nested deeper than this are kept, flattened at this depth, with a
`DEEP_NESTING` finding. Real notes stop at five or six levels; a cap keeps every later step
(health, cards, JSON, the cache, templates) clear of Python's recursion limit."""
# A quoted `>` inside an attribute (`title="a > b"`) does not end the tag: attribute text is
# never note text. A quote left open falls back to the first `>`.
_HTML_TAG = re.compile(r"<(?:\"[^\"\n]{0,2000}\"|'[^'\n]{0,2000}'|[^<>\"'])*>|<[^>]*>")
# A tag whose attributes run over a line break (`<a href=` then `"…">` on the next line):
# CommonMark reads it as one tag, so it is put on one line before the lines are trimmed,
# or its attribute text would start a line of its own and read as note text.
_TAG_OVER_LINES = re.compile(r"</?[A-Za-z][\w-]*\s[^<>]*>")


def _one_line(tag: re.Match[str]) -> str:
    return " ".join(tag[0].split()) if "\n" in tag[0] else tag[0]


def outline_page(
    page_id: str,
    path: Path,
    source: SourceText,
    digest: str = "",
    included: IncludedFiles | None = None,
) -> Page:
    """Outline one page's repaired text into a `Page`. Pure and total: it never raises.

    `included` holds what the page's `{% include %}` lines name (`parse/include.py`); their
    text is outlined where the include is, its lines numbered after the page's own.
    """
    expanded = None
    if "{%" in source.body and "include" in source.body:
        expanded = expand_includes(page_id, source.body, included)
        if not expanded.included and not expanded.findings:
            expanded = None  # nothing included: the page as it is
    body = expanded.text if expanded is not None else source.body
    gitbook = read_gitbook(body)
    if expanded is not None and expanded.ends:
        ends = gitbook.ends + tuple(BlockEnd(line, level) for line, level in expanded.ends)
        gitbook = replace(gitbook, ends=tuple(sorted(ends, key=lambda end: end.line)))
    body = rewrite_wiki_links(gitbook.text)
    walker = _Walker(body, gitbook)
    walker.walk(parse_blocks(body))
    meta = source.front_matter
    title = walker.title or _text_or_none(meta.get("title")) or _title_from_path(path)
    sections = walker.finish(title)
    if walker.too_deep is not None:
        walker.findings.append(
            Finding(
                "DEEP_NESTING",
                Severity.WARNING,
                f"Bullets or quotes are nested more than {MAX_DEPTH} levels deep here; "
                f"the deeper ones are shown at level {MAX_DEPTH}.",
                page_id,
                walker.too_deep,
            )
        )
    findings = source.findings + tuple(walker.findings)
    included_spans: tuple[Inclusion, ...] = ()
    if expanded is not None:
        lines = expanded.lines
        sections = renumber(sections, lines)
        findings = tuple(renumber_finding(f, lines) for f in walker.findings)
        findings = source.findings + expanded.findings + findings
        included_spans = expanded.included
    return Page(
        id=page_id,
        path=path,
        title=title,
        icon=_leading_emoji(title) or _text_or_none(meta.get("icon")),
        description=_text_or_none(meta.get("description")),
        cover=_text_or_none(meta.get("cover")),
        cover_y=_float_or_none(meta.get("coverY", meta.get("cover_y"))),
        sections=sections,
        findings=findings,
        digest=digest,
        front_matter=meta,
        included=included_spans,
    )


def split_factor_heading(heading: str) -> tuple[str, str | None, bool]:
    """Split `Title (note)` into title, note and whether the note marks the factor weak.

    A note is a remark to oneself: "(not really good for essay)", "(see also Poland)". A
    parenthesis that holds a date, or that names something with a capital ("War guilt
    (Article 231)", "Shapes of molecules (VSEPR)"), is part of what the factor is.
    """
    match = _TRAILING_NOTE.match(heading) if "(" in heading else None  # most have no note
    if not match or _DATE_ONLY.match(match.group(2).strip()):
        return heading, None, False
    note = match.group(2).strip()
    weak = bool(_WEAK_NOTE.search(note))
    if not weak and not note[0].islower():
        return heading, None, False
    return match.group(1), note, weak


def years_in(text: str) -> tuple[int, ...]:
    """Four-digit years (1000–2099) in a text, in order of appearance."""
    if "1" not in text and "20" not in text:  # no year can be there; most points are cheap
        return ()
    return tuple(map(int, (_YEAR if "2" in text else _YEAR_1000S).findall(text)))


def terms_in(text: str) -> tuple[str, ...]:
    """Bold and quoted terms, without markup: what the student marked as worth knowing."""
    # One character is found several times faster than a pair, and most points hold neither.
    stars = "*" in text and "**" in text
    underscores = "_" in text and "__" in text
    quoted = '"' in text or "“" in text
    if not stars and not underscores and not quoted:  # most points
        return ()
    found = []
    if underscores:
        found += [words.strip() for _, words in BOLD.findall(text)]
    elif stars:
        found += [words.strip() for words in _STAR_BOLD.findall(text)]
    if quoted:
        found += [words.strip() for _, words, _ in QUOTED_TERM.findall(text)]
    if len(found) == 1:  # often a bold year
        return (found[0],) if found[0] else ()
    return tuple(dict.fromkeys(filter(None, found)))


# ---------------------------------------------------------------- building blocks


@dataclass
class _FactorDraft:
    title: str
    line: int
    note: str | None = None
    weak: bool = False
    points: list[Point] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    from_bold: bool = False
    block: str = ""

    def freeze(self) -> Factor:
        return Factor(
            title=self.title,
            line=self.line,
            note=self.note,
            weak=self.weak,
            points=tuple(self.points),
            statements=tuple(self.statements),
            block=self.block,
        )


@dataclass
class _SectionDraft:
    title: str
    line: int
    factors: list[_FactorDraft] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    touched: bool = False
    block: str = ""
    closing: bool = False  # opened where a block of `##` sub-headings ended
    level: int = 2  # 1 for a `#` heading after the title

    def freeze(self) -> Section:
        return Section(
            title=self.title,
            line=self.line,
            factors=tuple(f.freeze() for f in self.factors),
            points=tuple(self.points),
            empty=not self.touched,
            block=self.block,
        )


@dataclass
class _DeepHeading:
    """A `####`-or-deeper heading: a point whose children are what follows it."""

    level: int
    text: str
    line: int
    children: list[Point] = field(default_factory=list)
    block: str = ""


class _Walker:
    """Walks top-level blocks in order, keeping the current section, factor and heading."""

    __slots__ = (
        "after_statement",
        "cards_under",
        "deep",
        "ends",
        "factor",
        "findings",
        "line_starts",
        "or_pending",
        "raw",
        "region_starts",
        "regions",
        "sections",
        "sub_headings",
        "title",
        "too_deep",
    )

    def __init__(self, body: str, gitbook: GitbookText | None = None) -> None:
        self.raw = body.encode("utf-8")
        self.line_starts = [0] + [m.end() for m in re.finditer(b"\n", self.raw)]
        self.title: str | None = None
        self.sections: list[_SectionDraft] = []
        self.factor: _FactorDraft | None = None
        self.deep: list[_DeepHeading] = []
        self.findings: list[Finding] = []
        self.after_statement = False
        self.or_pending = False
        self.too_deep: int | None = None  # line of the first block past `MAX_DEPTH`
        # Cards written under a nested bullet (`_cards_continuing`): placed after its list item.
        self.cards_under: list[tuple[str, int, ExplicitCard | None]] = []
        gitbook = gitbook or GitbookText(body)
        self.regions = gitbook.regions  # sorted by first line
        self.region_starts = [region.first for region in self.regions]
        self.sub_headings = {sub.line: sub.kind for sub in gitbook.sub_headings}
        self.ends = list(reversed(gitbook.ends))  # popped from the end, first line first

    # -- positions and text

    def line_of(self, offset: int) -> int:
        return bisect_right(self.line_starts, offset)

    def slice(self, start: int, end: int) -> str:
        return self.raw[start:end].decode("utf-8", "replace")

    def inline_text(self, node: Node) -> str:
        """A block's inline text, its lines trimmed; soft line breaks are kept, since a
        student often writes one fact a line (`**Ion** – …` then `**Cation** – …`)."""
        if node.inline_start < 0:
            return ""
        text = self.raw[node.inline_start : node.inline_end].decode("utf-8", "replace")
        if "&" in text:
            text = decode_named(text)
        if "\\" in text:
            text = drop_needless_escapes(text)
        if "\n" not in text:  # one line: most points
            return text.strip()
        text = _TAG_OVER_LINES.sub(_one_line, text)
        return "\n".join(part.strip() for part in text.split("\n") if part.strip())

    # -- the walk

    def walk(self, nodes: list[Node], depth: int = 0) -> None:
        following = iter([*nodes[1:], None])
        skip_next = False
        for node in nodes:
            after = next(following)
            if skip_next:
                skip_next = False
                continue
            if self.ends:
                self.end_blocks(self.line_of(node.start))
            name = node.name
            if (
                name == "paragraph"
                and after is not None
                and (self.question_before_list(node, after) or self.label_before_list(node, after))
            ):
                skip_next = True  # the paragraph took the list as its answer or its points
            elif name == "heading":
                self.heading(node)
            elif name in ("bullet_list", "ordered_list"):
                for item in node.children:
                    if self.ends:  # a list may run on past the end of a tab block
                        self.end_blocks(self.line_of(item.start))
                    self.list_item(item)
            elif name == "paragraph":
                self.paragraph(node)
            elif name == "blockquote" and depth >= MAX_DEPTH:
                if self.too_deep is None:
                    self.too_deep = self.line_of(node.start)
                for point in self.flattened(node.children):
                    self.add_point(point)
            elif name == "blockquote":
                self.walk(node.children, depth + 1)
            elif name == "fence":
                self.add_point(self.plain_point(node.content.strip(), node, code=True))
            elif name == "table":
                self.add_table(self.markdown_table(node), node)
            elif name == "html_block":
                self.html_block(node)

    def html_block(self, node: Node) -> None:
        """An HTML table as rows, `<pre>` as code, anything else as the words it shows."""
        content = node.content
        if holds_table(content) and (table := html_table(content)) is not None:
            self.add_table(table, node)
        elif is_pre(content):
            code = html_code(content)
            if code:
                self.add_point(self.plain_point(code, node, code=True))
        elif _HTML_TAG.sub("", content).strip():
            visible = html_words(content)
            if visible:
                self.add_point(self.plain_point(visible, node))

    def markdown_table(self, node: Node) -> Table:
        rows = [
            tuple(self.inline_text(cell).replace("\\|", "|") for cell in row.children)
            for row in node.children
        ]
        head = node.children[0].name == "tablehead" if node.children else False
        header = rows[0] if head and rows else ()
        body = rows[1:] if head else rows
        return Table(header, tuple(row for row in body if any(row)))

    def add_table(self, table: Table, node: Node) -> None:
        line = self.line_of(node.start)
        self.add_point(Point("", line, block=self.block_at(line), table=table))

    def block_at(self, line: int) -> str:
        """The kind of the innermost GitBook block around `line` ("" when there is none)."""
        if not self.regions:
            return ""
        at = bisect_right(self.region_starts, line)
        for region in reversed(self.regions[:at]):
            if region.last >= line:
                return region.kind
        return ""

    def end_blocks(self, line: int) -> None:
        """Close the sub-headings of GitBook blocks (tabs, steps) that ended before `line`:
        what follows a tab block belongs to the heading above the block, not its last tab."""
        while self.ends and self.ends[-1].line < line:
            level = self.ends.pop().level
            self.fold_deep_headings(from_level=level)
            if level <= 3:
                self.factor = None
                self.reset_statement_chain()
            if level <= 2 and self.sections:
                self.sections.append(_SectionDraft("", line, closing=True))

    def heading(self, node: Node) -> None:
        level = node.level
        text = self.inline_text(node)
        line = self.line_of(node.start)
        self.fold_deep_headings(from_level=level)
        block = self.sub_headings.get(line, "") if self.sub_headings else ""
        if level >= 4:
            self.deep.append(_DeepHeading(level, text, line, block=block))
            self.touch()
            return
        self.reset_statement_chain()
        if level == 1 and self.title is None and not self.sections:
            self.title = text
            return
        if level <= 2:
            self.factor = None
            last = self.sections[-1] if self.sections else None
            if level == 2 and last is not None and last.level == 1:
                last.touched = True  # a `#` part whose writing sits in its `##` sections
            draft = _SectionDraft(text or "Untitled section", line, block=block, level=level)
            self.sections.append(draft)
            return
        section = self.current_section(line)
        title, note, weak = split_factor_heading(text)
        self.factor = _FactorDraft(title, line, note, weak, block=block)
        section.factors.append(self.factor)
        section.touched = True

    def list_item(self, item: Node) -> None:
        blocks = item.children
        if item.inline_start >= 0:
            text, start = self.inline_text(item), item.inline_start
        elif blocks and blocks[0].name == "paragraph":
            first, blocks = blocks[0], blocks[1:]
            text, start = self.inline_text(first), first.start
        else:
            text, start = "", item.start
        line = bisect_right(self.line_starts, start)  # line_of(), inlined: once a point
        text, cards_after = _cards_continuing(text, line)
        children = self.child_points(blocks, 2) if blocks else []
        for rule in _ITEM_RULES:
            if rule(self, text, line, children):
                break
        else:
            self.add_point(self.make_point(text, line, children))
        self.add_cards(cards_after)

    def add_cards(self, cards: list[tuple[str, int, ExplicitCard | None]]) -> None:
        """Cards found under a bullet, and then those under its nested bullets."""
        under, self.cards_under = self.cards_under, []
        for part, at, card in [*cards, *under]:
            self.add_point(self.make_point(part, at, [], (card,) if card else ()))

    def paragraph(self, node: Node) -> None:
        text = self.inline_text(node)
        line = self.line_of(node.start)
        for rule in _PARAGRAPH_RULES:
            if rule(self, node, text, line):
                return
        raw = self.slice(node.start, node.end).split("\n")
        if block_card := find_block_card(raw, line):
            start = block_card.line - line
            for i, part in enumerate(raw[:start]):  # cards written just above it
                if part.strip():
                    card = find_line_card(part, line + i)
                    self.add_point(
                        self.make_point(part.strip(), line + i, [], (card,) if card else ())
                    )
            block = "\n".join(p.strip() for p in raw[start:] if p.strip())
            self.add_point(self.make_point(block, block_card.line, [], (block_card,)))
            return
        line_cards = [find_line_card(part, line + i) for i, part in enumerate(raw)]
        if len(raw) > 1 and any(line_cards):
            # Obsidian writes one card per line with no blank lines between: one point each.
            for i, (part, card) in enumerate(zip(raw, line_cards, strict=True)):
                if part.strip():
                    self.add_point(
                        self.make_point(part.strip(), line + i, [], (card,) if card else ())
                    )
            return
        self.add_point(self.make_point(text, line, [], tuple(c for c in line_cards if c)))

    def question_before_list(self, paragraph: Node, following: Node) -> bool:
        """A `?` card whose answer is the list right after it (a list may follow with no gap)."""
        if following.name not in ("bullet_list", "ordered_list"):
            return False
        raw = [part.strip() for part in self.slice(paragraph.start, paragraph.end).split("\n")]
        raw = [part for part in raw if part]
        if len(raw) < 2 or raw[-1] not in ("?", "??"):
            return False
        line = self.line_of(paragraph.start)
        answers = [self.nested_item(item, 2) for item in following.children]
        front = "\n".join(raw[:-1])
        back = "\n".join(f"- {answer.text}" for answer in answers)
        kind = CardKind.REVERSED if raw[-1] == "??" else CardKind.BASIC
        card = ExplicitCard(kind, front, back, line)
        self.add_point(self.make_point(" ".join(raw[:-1]), line, answers, (card,)))
        self.add_cards([])
        return True

    def label_before_list(self, paragraph: Node, following: Node) -> bool:
        """A short line right above a list, with no full stop, titles it (`Cato Street
        Conspiracy Feb 1820`, then its bullets): the list's points are its children, and so
        read under it, as under a heading."""
        if following.name not in ("bullet_list", "ordered_list"):
            return False
        raw = [part.strip() for part in self.slice(paragraph.start, paragraph.end).split("\n")]
        raw = [part for part in raw if part]
        line = self.line_of(paragraph.start)
        if len(raw) != 1 or self.line_of(following.start) != line + 1:
            return False
        text = self.inline_text(paragraph)
        if (
            not text
            or text.startswith(("**", "__", "OR"))
            or _NOTE_TO_SELF.match(text)  # `TODO - add Arras`: a reminder, not a title
            or raw[0].startswith(("{%", "{{", "<", "|"))  # a template tag, not a title
            or text.endswith((".", "!", "?", ";", ","))
            or len(text.split()) > _MAX_LABEL_WORDS
            or find_line_card(raw[0], line)
        ):
            return False
        children = [self.nested_item(item, 2) for item in following.children]
        self.add_point(self.make_point(text, line, children))
        self.add_cards([])
        return True

    def child_points(self, blocks: list[Node], depth: int) -> list[Point]:
        """Nested blocks of a list item, as child points at level `depth` (a top-level point
        is level 1). Nothing is dropped: at `MAX_DEPTH` they are flattened."""
        if depth >= MAX_DEPTH:
            return self.flattened(blocks)
        children: list[Point] = []
        for block in blocks:
            if block.name in ("bullet_list", "ordered_list"):
                for item in block.children:
                    children.append(self.nested_item(item, depth))
            elif block.name == "paragraph":
                text = self.inline_text(block)
                children.append(self.make_point(text, self.line_of(block.start), []))
            elif block.name == "blockquote":
                children.extend(self.child_points(block.children, depth + 1))
            elif block.name == "fence":
                children.append(self.plain_point(block.content.strip(), block, code=True))
            elif block.name == "table":
                line = self.line_of(block.start)
                table = self.markdown_table(block)
                children.append(Point("", line, block=self.block_at(line), table=table))
        return children

    def nested_item(self, item: Node, depth: int) -> Point:
        holder, blocks, line = self.item_parts(item)
        text, cards_after = _cards_continuing(self.inline_text(holder), line)
        self.cards_under.extend(cards_after)
        children = self.child_points(blocks, depth + 1) if blocks else []
        return self.make_point(text, line, children)

    def item_parts(self, item: Node) -> tuple[Node, list[Node], int]:
        """A list item's text holder (itself or its first paragraph), its other blocks, and
        the line its text starts on."""
        holder, blocks = item, item.children
        if item.inline_start < 0 and blocks and blocks[0].name == "paragraph":
            holder, blocks = blocks[0], blocks[1:]
        start = holder.inline_start if holder.inline_start >= 0 else item.start
        return holder, blocks, self.line_of(start)

    def flattened(self, blocks: list[Node]) -> list[Point]:
        """Every item, paragraph and code block among `blocks` and below, in reading order,
        as points with no children: walked with a stack, so no depth can exhaust it."""
        points: list[Point] = []
        todo = list(reversed(blocks))
        while todo:
            block = todo.pop()
            if block.name == "list_item":
                holder, rest, line = self.item_parts(block)
                points.append(self.make_point(self.inline_text(holder), line, []))
                if rest and self.too_deep is None:  # its nesting is lost from here
                    self.too_deep = self.line_of(rest[0].start)
                todo.extend(reversed(rest))
            elif block.name in ("bullet_list", "ordered_list", "blockquote"):
                todo.extend(reversed(block.children))
            elif block.name == "paragraph":
                text = self.inline_text(block)
                points.append(self.make_point(text, self.line_of(block.start), []))
            elif block.name == "fence":
                points.append(self.plain_point(block.content.strip(), block, code=True))
        return points

    # -- making and placing points

    def make_point(
        self,
        text: str,
        line: int,
        children: list[Point],
        cards: tuple[ExplicitCard, ...] | None = None,
    ) -> Point:
        label = None
        if text[:1] in _LABEL_START and ":" in text and (match := _LABEL.match(text)):
            label = Label.POINT if match.group(1) in ("P", "Point") else Label.EXPLANATION
            text = match.group(2).strip()
        if cards is None:
            card = find_line_card(text, line)
            cards = (card,) if card else ()
        # Positional, in field order: keywords cost more on the commonest call of the walk.
        if self.regions and (block := self.block_at(line)):
            kinds = (years_in(text), terms_in(text), cards, False, block)
            return Point(text, line, label, tuple(children), *kinds)
        return Point(text, line, label, tuple(children), years_in(text), terms_in(text), cards)

    def plain_point(self, text: str, node: Node, *, code: bool = False) -> Point:
        line = self.line_of(node.start)
        return Point(text=text, line=line, code=code, block=self.block_at(line))

    def add_point(self, point: Point) -> None:
        self.after_statement = self.or_pending = False  # reset_statement_chain(), inlined
        if self.deep:
            self.deep[-1].children.append(point)
        elif self.factor is not None:
            self.factor.points.append(point)
        else:
            self.current_section(point.line).points.append(point)
        if self.sections:  # touch(), inlined
            self.sections[-1].touched = True

    def add_statement(self, text: str, line: int) -> None:
        factor = self.factor
        if factor is None:  # a link with no factor to link: keep it as evidence
            self.add_point(self.make_point(text, line, []))
            return
        self.touch()
        if self.or_pending and factor.statements:
            last = factor.statements[-1]
            factor.statements[-1] = Statement((*last.alternatives, text), last.line)
        else:
            factor.statements.append(Statement((text,), line))
        self.after_statement, self.or_pending = True, False

    def reset_statement_chain(self) -> None:
        self.after_statement = self.or_pending = False

    def touch(self) -> None:
        if self.sections:
            self.sections[-1].touched = True

    def current_section(self, line: int) -> _SectionDraft:
        if not self.sections:
            self.sections.append(_SectionDraft("", line))
        return self.sections[-1]

    def fold_deep_headings(self, *, from_level: int) -> None:
        """Close `####` headings at or below `from_level`, folding each into its holder."""
        while self.deep and self.deep[-1].level >= from_level:
            done = self.deep.pop()
            point = self.make_point(done.text, done.line, done.children)
            if done.block:
                point = replace(point, block=done.block)
            if self.deep:
                self.deep[-1].children.append(point)
            else:
                self.add_point(point)

    def finish(self, page_title: str) -> tuple[Section, ...]:
        self.fold_deep_headings(from_level=0)
        sections = []
        for draft in self.sections:
            if draft.closing and not draft.touched:  # nothing followed the block
                continue
            if not draft.title:  # content before the first `##`: the page's own introduction
                draft.title = page_title
            sections.append(draft.freeze())
        return tuple(sections)


# ---------------------------------------------------------------- rules

ItemRule = Callable[[_Walker, str, int, list[Point]], bool]
ParagraphRule = Callable[[_Walker, Node, str, int], bool]


def _statement_item(walker: _Walker, text: str, line: int, children: list[Point]) -> bool:
    """`* **S: …**` (also `L:`/`Link:`): a link statement, not evidence."""
    statement = _statement_text(text)
    if statement is None:
        return False
    walker.add_statement(statement, line)
    if children and walker.factor is not None:
        walker.factor.points.extend(children)
    return True


def _or_paragraph(walker: _Walker, node: Node, text: str, line: int) -> bool:
    """A lone `OR` between two statements makes them alternatives of one link."""
    if not _OR.match(text):
        return False
    if walker.after_statement:
        walker.or_pending = True
        return True
    return False


def _statement_paragraph(walker: _Walker, node: Node, text: str, line: int) -> bool:
    statement = _statement_text(text)
    if statement is None:
        return False
    walker.add_statement(statement, line)
    return True


def _bold_factor_paragraph(walker: _Walker, node: Node, text: str, line: int) -> bool:
    """A wholly bold line under a `##` section, where a `###` factor would be, is a factor."""
    match = _WHOLLY_BOLD.match(text)
    if not match or not walker.sections or not walker.sections[-1].title or walker.deep:
        return False
    if walker.factor is not None and not walker.factor.from_bold:
        return False
    walker.reset_statement_chain()
    title, note, weak = split_factor_heading(match.group(2).strip())
    walker.factor = _FactorDraft(title, line, note, weak, from_bold=True)
    walker.sections[-1].factors.append(walker.factor)
    walker.sections[-1].touched = True
    return True


_ITEM_RULES: tuple[ItemRule, ...] = (_statement_item,)
_PARAGRAPH_RULES: tuple[ParagraphRule, ...] = (
    _or_paragraph,
    _statement_paragraph,
    _bold_factor_paragraph,
)


def _statement_text(text: str) -> str | None:
    if not text.startswith(("**", "__")):  # most lines; the regex needs one of these
        return None
    match = _STATEMENT.match(text)
    if not match:
        return None
    marker, rest = match.groups()
    inside, _, after = rest.partition(marker)
    statement = f"{inside.strip()} {after.strip()}".strip()
    return statement or None


# ---------------------------------------------------------------- page metadata


def _leading_emoji(title: str) -> str | None:
    """The emoji a GitBook title starts with (with its modifiers and joiners)."""
    end = 0
    has_symbol = False
    for char in title:
        category = unicodedata.category(char)
        if category == "So":
            has_symbol = True
        elif not (category in ("Mn", "Sk", "Cf") or char in "\u200d\ufe0f\u20e3"):
            break
        end += 1
    return title[:end] if has_symbol else None


def _title_from_path(path: Path) -> str:
    stem = path.stem if path.stem.lower() not in ("readme", "index") else path.parent.name
    if not stem.isascii():  # bytes of the name that are not UTF-8 (lone surrogates) as U+FFFD
        stem = os.fsencode(stem).decode("utf-8", errors="replace")
    # `03_crusades`, `r9-02-glorious-revolution`: the numbering orders files, it names nothing
    # (a year stays: `1917-revolution`).
    named = _FILE_NUMBERING.sub("", stem) or stem
    return named.replace("-", " ").replace("_", " ").strip().capitalize() or "Untitled"


_FILE_NUMBERING = re.compile(r"^(?:[A-Za-z]?\d{1,2}[A-Za-z]?[\s._-]+)+")


def _text_or_none(value: object) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return text or None


def _float_or_none(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):  # an int past 1e308 (`coverY: 999…9`)
        return None


def _cards_continuing(
    text: str, line: int
) -> tuple[str, list[tuple[str, int, ExplicitCard | None]]]:
    """A bullet whose next lines are Obsidian cards written with no blank line between
    (`- Battle of Actium, 31 BC` then `Who commanded the fleet?::Agrippa`): Markdown reads
    them as the bullet's own text, Obsidian as cards. The bullet keeps the lines before the
    first card; that line and each after it are points of their own (a `?` card's lines,
    one point)."""
    if "\n" not in text:
        return text, []
    parts = text.split("\n")
    # A `?` card under the bullet: its question starts below the bullet's own line.
    if (block := find_block_card(parts[1:], line + 1)) is not None:
        start = block.line - line
        kept, cards_above = _cards_continuing("\n".join(parts[:start]), line)
        question_and_answer = "\n".join(p.strip() for p in parts[start:] if p.strip())
        return kept, [*cards_above, (question_and_answer, block.line, block)]
    cards = [find_line_card(part, line + i) if i else None for i, part in enumerate(parts)]
    # a cloze may run over the bullet's lines (`{{c1::…}}`, `==…==`): that is the bullet's own
    first = next((i for i, c in enumerate(cards) if c and c.kind is not CardKind.CLOZE), None)
    if first is None:
        return text, []
    after = [
        (part.strip(), line + i, cards[i])
        for i, part in enumerate(parts)
        if i >= first and part.strip()
    ]
    return "\n".join(parts[:first]), after
