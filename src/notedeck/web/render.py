"""A page's Markdown as the reader shows it: sanitised HTML with an anchor on every block.

GitBook renders a page from its source, so the reader does too: the outline (`Page`) says
which lines are factors, statements, empty sections and points with cards, and the source
says how they look (tables, hints, tabs, embeds). Every fragment that comes from the notes
goes through nh3 before it is placed; the markup around it is ours and escaped.

Pure: text and outline in, HTML out. The web layer reads the file and caches the result.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from posixpath import normpath

import nh3
import pyromark

from notedeck.model import Card, Factor, Page, Point, Section
from notedeck.parse.blocks import Node, parse_blocks
from notedeck.parse.gitbook import rewrite_blocks, rewrite_wiki_links
from notedeck.web.selftest import Answers, has_cloze, mark_hideable, page_answers

_OPTIONS = (
    pyromark.Options.ENABLE_TABLES
    | pyromark.Options.ENABLE_STRIKETHROUGH
    | pyromark.Options.ENABLE_TASKLISTS
)
# GitBook block tags that stand on a line of their own and shape the page around them.
_BLOCK_TAG = re.compile(
    r"^\s*\{%-?\s*(hint|endhint|tabs|endtabs|tab|endtab|embed|content-ref|endcontent-ref)\b"
    r"([^%]*)-?%\}\s*$"
)
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
_HINT_STYLES = frozenset({"info", "warning", "danger", "success"})
_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """A page ready for the reader.

    Attributes:
        html: the body, sanitised, every block carrying `id="L<line>"`.
        anchors: the lines that have an anchor, ascending; `anchor_for` finds the one to
            link a finding's line to.
        title_line: the line of the `#` title, which the page header shows (and anchors).
    """

    html: str
    anchors: tuple[int, ...] = ()
    title_line: int | None = None

    def anchor_for(self, line: int | None) -> int | None:
        """The anchored line at or before `line` (the block a line belongs to)."""
        if line is None or not self.anchors:
            return None
        at = bisect_right(self.anchors, line)
        return self.anchors[at - 1] if at else self.anchors[0]


@dataclass(frozen=True, slots=True)
class Links:
    """How note links become app links.

    Attributes:
        page_ids: ids of the notebook's pages, so `other.md` becomes a reader link.
        page_url: URL of a page in the reader.
        asset_url: URL of a file in the notebook folder (images, attachments).
        titles: page titles by id, for GitBook's content-ref cards.
    """

    page_ids: frozenset[str]
    page_url: Callable[[str], str]
    asset_url: Callable[[str], str]
    titles: Mapping[str, str] = field(default_factory=dict)


def render_page(
    page: Page,
    body: str,
    *,
    links: Links,
    cards: Mapping[int, Sequence[Card]] | None = None,
    lines: Sequence[int] | None = None,
) -> RenderedPage:
    """Render `body` (the repaired source of `page`, `read_source(...).body`).

    Args:
        page: the page's outline: factors, statements and empty sections by line.
        body: Markdown with the front matter blanked, so lines are file lines.
        links: how links to other pages and to files in the notebook are written.
        cards: the page's cards by the line they come from; such a line gets a reveal button.
        lines: the page line each line of `body` stands for, when `body` has its includes
            inlined (`parse.include.Expanded.lines`); anchors and cards use those.
    """
    writer = _Writer(page, links, cards or {}, page_lines=lines)
    writer.segment(body.split("\n"), 1)
    return RenderedPage("".join(writer.out), tuple(sorted(writer.anchors)), writer.title_line)


@dataclass
class _Writer:
    page: Page
    links: Links
    cards: Mapping[int, Sequence[Card]]
    out: list[str] = field(default_factory=list)
    anchors: set[int] = field(default_factory=set)
    factors: dict[int, Factor] = field(default_factory=dict)
    sections: dict[int, Section] = field(default_factory=dict)
    statements: set[int] = field(default_factory=set)
    title_line: int | None = None
    answers: Answers | None = None
    points: dict[int, Point] = field(default_factory=dict)
    cleaner: nh3.Cleaner | None = None
    page_lines: Sequence[int] | None = None

    def __post_init__(self) -> None:
        self.answers = page_answers(card for at in self.cards.values() for card in at)
        for section in self.page.sections:
            self.sections[section.line] = section
            self.points.update((p.line, p) for top in section.points for p in top.walk())
            for factor in section.factors:
                self.factors[factor.line] = factor
                self.statements.update(s.line for s in factor.statements)
                self.points.update((p.line, p) for top in factor.points for p in top.walk())
        if self.page_lines is not None:  # the writer counts lines of the inlined text
            text_line = {page: n for n, page in enumerate(self.page_lines, start=1)}
            self.sections = {text_line[k]: v for k, v in self.sections.items() if k in text_line}
            self.points = {text_line[k]: v for k, v in self.points.items() if k in text_line}
            self.factors = {text_line[k]: v for k, v in self.factors.items() if k in text_line}
            self.statements = {text_line[k] for k in self.statements if k in text_line}
            self.cards = {text_line[k]: v for k, v in self.cards.items() if k in text_line}

    def page_line(self, line: int) -> int:
        """The page line a line of the rendered text stands for."""
        if self.page_lines is None or not 0 < line <= len(self.page_lines):
            return line
        return self.page_lines[line - 1]

    # -- GitBook blocks ----------------------------------------------------------------

    def segment(self, lines: list[str], first: int) -> None:
        """Write `lines` (starting at file line `first`), splitting out GitBook blocks."""
        start = 0
        index = 0
        while index < len(lines):
            match = _BLOCK_TAG.match(lines[index])
            if match is None:
                index += 1
                continue
            self.markdown(lines[start:index], first + start)
            name, attrs = match.group(1), dict(_ATTR.findall(match.group(2)))
            index = self.block(name, attrs, lines, index, first)
            start = index
        self.markdown(lines[start:], first + start)

    def block(self, name: str, attrs: dict[str, str], lines: list[str], at: int, first: int) -> int:
        """Write the block whose tag is on `lines[at]`; return the index after it."""
        line = first + at
        if name == "embed":
            url = attrs.get("url", "")
            self.open_anchor("p", line, "embed")
            self.out.append(f"Embedded: {self.link(url, url)}</p>")
            return at + 1
        closing = {"hint": "endhint", "tabs": "endtabs", "content-ref": "endcontent-ref"}.get(name)
        if closing is None:  # a stray closing tag or a tab outside tabs: nothing to show
            return at + 1
        end = _closing(lines, at, name, closing)
        inner = lines[at + 1 : end]
        if name == "hint":
            style = attrs.get("style", "info")
            style = style if style in _HINT_STYLES else "info"
            self.open_anchor("div", line, f"hint hint-{style}", role="note")
            self.segment(inner, line + 1)
            self.out.append("</div>")
        elif name == "content-ref":
            url = attrs.get("url", "")
            self.open_anchor("p", line, "content-ref")
            self.out.append(f"See {self.link(url, self.page_title_for(url))}</p>")
        else:
            self.tabs(inner, line + 1)
        return end + 1

    def tabs(self, lines: list[str], first: int) -> None:
        self.out.append('<div class="tabs">')
        index = 0
        while index < len(lines):
            match = _BLOCK_TAG.match(lines[index])
            if match is None or match.group(1) != "tab":
                index += 1
                continue
            title = dict(_ATTR.findall(match.group(2))).get("title", "Tab")
            end = _closing(lines, index, "tab", "endtab")
            self.open_anchor("section", first + index, "tab", data_title=title)
            self.out.append(f'<h4 class="tab-title">{html.escape(title)}</h4>')
            self.segment(lines[index + 1 : end], first + index + 1)
            self.out.append("</section>")
            index = end + 1
        self.out.append("</div>")

    # -- Markdown ----------------------------------------------------------------------

    def markdown(self, lines: list[str], first: int) -> None:
        text = rewrite_wiki_links(rewrite_blocks("\n".join(lines)))
        if not text.strip():
            return
        data = text.encode()
        breaks = [match.start() for match in re.finditer(b"\n", data)]

        def line_of(offset: int) -> int:
            return first + bisect_right(breaks, offset - 1)

        for node in parse_blocks(text):
            self.node(node, data, line_of)

    def node(self, node: Node, data: bytes, line_of: Callable[[int], int]) -> None:
        line = line_of(node.start)
        if node.name == "heading":
            inline = self.inline(data, node, line)
            if (
                node.level == 1
                and self.title_line is None
                and self.page_line(line) not in self.anchors
            ):
                self.title_line = self.page_line(line)  # the header shows it, with its emoji
                self.anchors.add(self.title_line)
                return
            level = min(node.level + 1, 6)
            self.open_anchor(f"h{level}", line, self.heading_class(line))
            self.out.append(f"{inline}</h{level}>")
            self.extras(line)
        elif node.name in ("bullet_list", "ordered_list"):
            self.list(node, data, line_of)
        elif node.name == "paragraph":
            self.open_anchor("p", line, self.point_class(line))
            self.out.append(self.inline(data, node, line))
            self.out.append("</p>")
            self.reveal(line)
            self.extras(line)
        else:  # tables, code, quotes, HTML, rules: as CommonMark renders them, sanitised
            self.open_anchor("div", line, f"block {node.name}")
            self.out.append(
                self.clean(pyromark.html(_slice(data, node.start, node.end), options=_OPTIONS))
            )
            self.out.append("</div>")

    def list(self, node: Node, data: bytes, line_of: Callable[[int], int]) -> None:
        tag = "ol" if node.name == "ordered_list" else "ul"
        self.out.append(f"<{tag}>")
        for item in node.children:
            line = point = line_of(item.start)
            self.open_anchor("li", line, self.point_class(line))
            if item.inline_start >= 0:
                self.out.append(self.inline(data, item, point))
            for child in item.children:
                if child.name == "paragraph" and item.inline_start < 0:
                    self.out.append(self.inline(data, child, point))
                elif child.name in ("bullet_list", "ordered_list"):
                    self.reveal(line)
                    self.list(child, data, line_of)
                    line = -1  # the button is placed
                elif child.name != "paragraph":
                    self.node(child, data, line_of)
                else:
                    self.out.append("<br>" + self.inline(data, child, point))
            if line >= 0:
                self.reveal(line)
            self.out.append("</li>")
        self.out.append(f"</{tag}>")

    def inline(self, data: bytes, node: Node, line: int) -> str:
        """A block's text as HTML, with what self-test hides marked: what the page's cards
        ask on a line with cloze cards, else what a card could ask (`web.selftest`)."""
        start, end = node.inline_start, node.inline_end
        if start < 0:
            return ""
        rendered = pyromark.html(_slice(data, start, end), options=_OPTIONS).strip()
        if rendered.startswith("<p>") and rendered.endswith("</p>"):
            rendered = rendered[3:-4]
        if not has_cloze(self.cards.get(line, ())):
            return mark_hideable(self.clean(rendered))
        point = self.points.get(line)
        own = (*map(str, point.years), *point.terms) if point is not None else ()
        return mark_hideable(self.clean(rendered), self.answers, own)

    # -- study extras ------------------------------------------------------------------

    def heading_class(self, line: int) -> str:
        if line in self.factors:
            return "factor"
        return "section" if line in self.sections else ""

    def point_class(self, line: int) -> str:
        if line in self.statements:
            return "statement"
        return "factor" if line in self.factors else ""

    def extras(self, line: int) -> None:
        """Under a factor: its weak badge and link statements; under an empty section:
        the gap still to write."""
        factor = self.factors.get(line)
        if factor is not None:
            self.out.append('<div class="factor-extras">')
            if factor.weak:
                note = f": {html.escape(factor.note)}" if factor.note else ""
                self.out.append(f'<span class="badge weak">weak{note}</span>')
            if factor.statements:
                self.out.append('<div class="links"><span class="links-label">Link</span><ol>')
                for statement in factor.statements:
                    wordings = " <em>or</em> ".join(
                        self.inline_text(alt) for alt in statement.alternatives
                    )
                    self.out.append(f'<li><a href="#L{statement.line}">{wordings}</a></li>')
                self.out.append("</ol></div>")
            else:
                self.out.append('<span class="badge nolink">no link statement yet</span>')
            self.out.append("</div>")
        section = self.sections.get(line)
        if section is not None and section.empty:
            self.out.append('<p class="to-write">Still to write</p>')

    def reveal(self, line: int) -> None:
        cards = self.cards.get(line)
        if not cards:
            return
        count = len(cards)
        self.out.append(
            f'<button type="button" class="reveal" data-line="{line}" aria-expanded="false">'
            f"{count} card{'s' if count != 1 else ''}</button>"
            f'<div class="cards" id="cards-{line}" hidden>'
        )
        for card in cards:
            self.out.append(
                f'<div class="card-peek" data-card="{html.escape(card.id)}">'
                f'<div class="front">{html.escape(card.front)}</div>'
                f'<div class="back">{html.escape(card.back)}</div></div>'
            )
        self.out.append("</div>")

    def inline_text(self, markdown: str) -> str:
        rendered = pyromark.html(markdown, options=_OPTIONS).strip()
        if rendered.startswith("<p>") and rendered.endswith("</p>"):
            rendered = rendered[3:-4]
        return self.clean(rendered)

    # -- writing -----------------------------------------------------------------------

    def open_anchor(self, tag: str, line: int, classes: str = "", **attrs: str) -> None:
        parts = [tag]
        line = self.page_line(line)
        if line not in self.anchors:  # one id per line: two blocks never share an anchor
            self.anchors.add(line)
            parts.append(f'id="L{line}"')
        parts.append(f'data-line="{line}"')
        if classes:
            parts.append(f'class="{html.escape(classes)}"')
        for name, value in attrs.items():
            parts.append(f'{name.replace("_", "-")}="{html.escape(value)}"')
        self.out.append(f"<{' '.join(parts)}>")

    def clean(self, fragment: str) -> str:
        if self.cleaner is None:  # one per page: set up once, it cleans a point in ~3 µs
            self.cleaner = nh3.Cleaner(
                tags=_TAGS, url_schemes=_SCHEMES, attribute_filter=self.rewrite_url
            )
        return self.cleaner.clean(fragment)

    def rewrite_url(self, element: str, attribute: str, value: str) -> str | None:
        """Note-relative links and images point into the app, never outside the notebook."""
        if attribute not in ("href", "src"):
            return value
        if ":" in value.split("/", 1)[0] or value.startswith(("#", "//")):
            return value  # absolute (nh3 has checked the scheme) or an in-page anchor
        target = self.resolve(value.split("#", 1)[0].split("?", 1)[0])
        if target is None:
            return None
        if element == "a" and target in self.links.page_ids:
            fragment = value.split("#", 1)[1] if "#" in value else ""
            return self.links.page_url(target) + (f"#{fragment}" if fragment else "")
        return self.links.asset_url(target)

    def resolve(self, relative: str) -> str | None:
        if not relative:
            return None
        base = self.page.id.rsplit("/", 1)[0] if "/" in self.page.id else ""
        joined = normpath(f"{base}/{relative}" if base else relative).lstrip("/")
        if joined.startswith("..") or joined == ".":
            return None
        return joined

    def link(self, url: str, text: str) -> str:
        safe = self.clean(f'<a href="{html.escape(url)}">{html.escape(text)}</a>')
        return safe if "href=" in safe else html.escape(text)

    def page_title_for(self, url: str) -> str:
        target = self.resolve(url)
        if target is not None and target in self.links.titles:
            return self.links.titles[target]
        return url.rsplit("/", 1)[-1] or url


_TAGS = set(nh3.ALLOWED_TAGS) - {"area", "map"}


def _slice(data: bytes, start: int, end: int) -> str:
    return data[start:end].decode("utf-8", errors="replace")


def _closing(lines: list[str], at: int, name: str, closing: str) -> int:
    """Index of the tag closing the block opened on `lines[at]`, nesting counted; the end of
    the segment when it is never closed (GitBook shows the rest inside the block)."""
    depth = 0
    for index in range(at + 1, len(lines)):
        match = _BLOCK_TAG.match(lines[index])
        if match is None:
            continue
        if match.group(1) == name:
            depth += 1
        elif match.group(1) == closing:
            if depth == 0:
                return index
            depth -= 1
    return len(lines)
