"""GitBook and Obsidian syntax that CommonMark does not know, turned into plain Markdown.

GitBook's editor writes its blocks as Liquid tags (`{% hint %}`, `{% tabs %}`, `{% stepper %}`,
`{% update %}`, `{% swagger %}`, …) and some inline forms as HTML (`<mark>`, `<figure>`,
`<details>`, `<a id>` anchors) or as links titled "mention". `read_gitbook` rewrites them, a
line at a time, into what a reader sees: a hint's text, a tab's or a step's title as a
sub-heading of the block it sits in, a mention's words. What it cannot say in Markdown (a
hint's style, where a tab block ends) it returns beside the text for the outliner.

Every rewrite keeps the number of lines, so every later line number is still a file line, and
nothing inside fenced or inline code is touched: a page that shows GitBook syntax keeps it.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field

from notedeck.parse.inline_html import drop_marks, inline_html, outside_code
from notedeck.parse.source import FENCE, unfenced

# `{% hint style="info" %}`, `{% endhint %}`, `{% embed url="…" %}`, `{% tab title="…" %}` …
# A tag ends on its own line and before the next `{%`: an unclosed one is left as text, rather
# than swallowing the lines up to the next tag's `%}` (and, tried from each of thousands of
# unclosed tags, taking time quadratic in the page).
_TAG = re.compile(r"\{%-?\s*(@?\w[\w/.-]*)((?:[^%{\n]|%(?!\})|\{(?!%))*)-?%\}")
_TAGS_ONLY = re.compile(r"^[ \t]*(?:\{%-?\s*@?\w[\w/.-]*(?:[^%{\n]|%(?!\})|\{(?!%))*-?%\}[ \t]*)+$")
_ATTR = re.compile(r'([\w-]+)\s*=\s*"([^"]*)"')
# Attributes whose value is text the reader should still see in place of the tag.
_VISIBLE_ATTRS = ("title", "url", "src", "name")
_WIKI_LINK = re.compile(r"!?\[\[([^\[\]|#^]*)(?:[#^][^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?[ \t]*$")
_DETAILS_OPEN = re.compile(
    r"^[ \t]*<details\b[^<>]*>[ \t]*(?:<summary\b[^<>]*>(.{0,4000}?)</summary>)?[ \t]*$", re.I
)
_SUMMARY = re.compile(r"^[ \t]*<summary\b[^<>]*>(.{0,4000}?)</summary>[ \t]*$", re.IGNORECASE)
_DETAILS_CLOSE = re.compile(r"^[ \t]*</details>[ \t]*$", re.IGNORECASE)
_TABLE_OPEN = re.compile(r"<table\b", re.IGNORECASE)
_TABLE_CLOSE = re.compile(r"</table>", re.IGNORECASE)
_PRE_OPEN = re.compile(r"^[ \t]*<pre\b", re.IGNORECASE)
_PRE_CLOSE = re.compile(r"</pre>", re.IGNORECASE)
# Everything `read_gitbook` rewrites starts with one of these; a page with none is as it is.
_MARKERS = ("{%", "<", '"mention"', "\\\n")
# Blocks whose title becomes a sub-heading, and the kind the outline records for it.
_SUB_HEADING_BLOCKS = {
    "tabs": "tab",
    "stepper": "step",
    "update": "update",
    "swagger": "api",
    "openapi": "api",
    "openapi-operation": "api",
    "openapi-webhook": "api",
    "details": "details",
}
_CLOSERS = {f"end{name}": name for name in _SUB_HEADING_BLOCKS if name != "details"}
# Blocks that only frame their content: the tags go, the kind is kept for what is inside.
_FRAMES = {"hint": "style", "code": "title", "file": "src", "embed": "url"}
_PASSIVE = frozenset(
    {"content-ref", "endcontent-ref", "updates", "endupdates", "columns", "endcolumns",
     "column", "endcolumn", "swagger-description", "endswagger-description",
     "endswagger-parameter", "endswagger-response", "endtab", "endstep"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Region:
    """Lines inside a GitBook block whose kind the outline keeps on what it holds.

    Attributes:
        kind: `hint:info`, `hint:warning`, …, `code:<title>`, `file`, `embed`.
        first: 1-based line of the opening tag.
        last: line of the closing tag (the page's last line when it is never closed).
    """

    kind: str
    first: int
    last: int


@dataclass(frozen=True, slots=True)
class SubHeading:
    """A heading written for a tab's, step's, update's, API's or `<details>` title."""

    line: int
    level: int
    kind: str


@dataclass(frozen=True, slots=True)
class BlockEnd:
    """Where a block of sub-headings ends: what follows belongs to the heading above it."""

    line: int
    level: int


@dataclass(frozen=True, slots=True)
class GitbookText:
    """A page's Markdown with GitBook's own syntax rewritten, and what the rewrite learnt.

    Attributes:
        text: plain Markdown, line for line with the input.
        regions: blocks whose kind labels their content (hints, titled code, files).
        sub_headings: headings written for block titles, by line.
        ends: where blocks of sub-headings end, in line order.

    An `{% include %}` line is read before this (`parse/include.py`): one left here (inside
    a line of text) shows nothing.
    """

    text: str
    regions: tuple[Region, ...] = ()
    sub_headings: tuple[SubHeading, ...] = ()
    ends: tuple[BlockEnd, ...] = ()


@dataclass
class _Open:
    """A block still open while the page is read."""

    name: str
    first: int
    kind: str = ""
    level: int = 0  # the level of the sub-headings it makes; 0 for a frame
    outer: int = 0  # the heading level around it, restored when it ends
    count: int = 0  # steps seen, for "Step N" when a step has no heading


@dataclass
class _Reader:
    lines: list[str]
    level: int = 1  # the level of the last heading, so a block's titles go one deeper
    opened: list[_Open] = field(default_factory=list)
    regions: list[Region] = field(default_factory=list)
    sub_headings: list[SubHeading] = field(default_factory=list)
    ends: list[BlockEnd] = field(default_factory=list)
    retitle: dict[int, tuple[int, str, str]] = field(default_factory=dict)

    # -- tags

    def tags(self, index: int) -> str:
        """A line that holds only Liquid tags: what each one leaves in its place."""
        shown = [self.tag(index, m.group(1), m.group(2)) for m in _TAG.finditer(self.lines[index])]
        return " ".join(s for s in shown if s)

    def tag(self, index: int, name: str, rest: str) -> str:
        line = index + 1
        attrs = dict(_ATTR.findall(rest))
        if name in _FRAMES:
            value = attrs.get(_FRAMES[name], "")
            kind = name if name in ("file", "embed") else f"{name}:{value}" if value else name
            if name != "embed" or self._closed_later(index, "endembed"):
                self.opened.append(_Open(name, line, kind))
            if name == "file":
                return posixpath.basename(value)
            return value if name == "embed" else ""
        if name.startswith("end") and name[3:] in _FRAMES:
            self._close(name[3:], line)
            return ""
        if name in ("tab", "step"):
            return self._block_title(index, "tabs" if name == "tab" else "stepper", attrs)
        if name in _SUB_HEADING_BLOCKS:
            return self._open_sub_block(index, name, attrs)
        if name in _CLOSERS:
            self._end_sub_block(_CLOSERS[name], line)
            return ""
        if name == "include":  # read in place before (`parse/include.py`)
            return ""
        if name == "swagger-parameter":
            about = ", ".join(filter(None, (attrs.get("type"), attrs.get("in"))))
            required = ", required" if attrs.get("required") == "true" else ""
            return f"- {attrs.get('name', '')} ({about}{required})" if about else ""
        if name == "swagger-response":
            said = attrs.get("description", "")
            return f"- Response {attrs.get('status', '')}{': ' + said if said else ''}"
        if name in _PASSIVE:
            return ""
        for visible in _VISIBLE_ATTRS:
            if attrs.get(visible):
                return attrs[visible]
        return ""

    def _open_sub_block(self, index: int, name: str, attrs: dict[str, str]) -> str:
        line = index + 1
        level = min(self.level + 1, 6)
        block = _Open(name, line, _SUB_HEADING_BLOCKS[name], level, self.level)
        self.opened.append(block)
        if name in ("tabs", "stepper"):
            return ""
        if name == "update":
            return self._titled(index, block, attrs.get("date", ""), f"end{name}")
        method = attrs.get("method", "").upper()
        title = " ".join(filter(None, (method, attrs.get("path", ""))))
        if attrs.get("summary"):
            title = f"{title} — {attrs['summary']}" if title else attrs["summary"]
        title = title or attrs.get("spec", "") or posixpath.basename(attrs.get("src", ""))
        return self._heading(line, block, title or name)

    def _block_title(self, index: int, container: str, attrs: dict[str, str]) -> str:
        block = next((b for b in reversed(self.opened) if b.name == container), None)
        if block is None:  # a tab outside any tabs: a block of its own
            block = _Open(container, index + 1, _SUB_HEADING_BLOCKS[container], 0, self.level)
            block.level = min(self.level + 1, 6)
            self.opened.append(block)
        if container == "tabs":
            return self._heading(index + 1, block, attrs.get("title", "") or "Tab")
        block.count += 1
        return self._titled(index, block, "", "endstep", fallback=f"Step {block.count}")

    def _titled(
        self, index: int, block: _Open, prefix: str, closer: str, fallback: str = ""
    ) -> str:
        """A block titled by the first heading inside it (a step, an update): that heading
        is moved to the block's level, with `prefix` before it; with none, the tag line
        becomes the heading."""
        inside = self._first_heading(index + 1, closer)
        if inside is not None:
            self.retitle[inside] = (block.level, block.kind, prefix)
            return ""
        return self._heading(index + 1, block, prefix or fallback)

    def _heading(self, line: int, block: _Open, title: str) -> str:
        self.sub_headings.append(SubHeading(line, block.level, block.kind))
        self.level = block.level
        return f"{'#' * block.level} {title}"

    def _end_sub_block(self, name: str, line: int) -> None:
        for at in range(len(self.opened) - 1, -1, -1):
            if self.opened[at].name == name:
                block = self.opened[at]
                for inner in self.opened[at + 1 :]:
                    self._finish(inner, line)
                del self.opened[at:]
                self.ends.append(BlockEnd(line, block.level))
                self.level = block.outer
                return

    def _close(self, name: str, line: int) -> None:
        for at in range(len(self.opened) - 1, -1, -1):
            if self.opened[at].name == name:
                self._finish(self.opened.pop(at), line)
                return

    def _finish(self, block: _Open, line: int) -> None:
        if not block.level:
            self.regions.append(Region(block.kind, block.first, line))

    def _first_heading(self, start: int, closer: str) -> int | None:
        """Index of the first heading from `start` before `closer` or the next step."""
        fence = ""
        for index in range(start, min(len(self.lines), start + 400)):
            text = self.lines[index]
            if fence:
                fence = "" if text.strip().startswith(fence) else fence
                continue
            if found := FENCE.match(text):
                fence = found.group(1)
                continue
            if "{%" in text and (closer in text or "{% step" in text):
                return None
            if _HEADING.match(text):
                return index
        return None

    def _closed_later(self, index: int, closer: str) -> bool:
        return any(closer in text for text in self.lines[index + 1 : index + 200])

    # -- headings and `<details>`

    def heading(self, index: int, hashes: str, title: str) -> str:
        level = len(hashes)
        if index in self.retitle:
            level, kind, prefix = self.retitle.pop(index)
            self.sub_headings.append(SubHeading(index + 1, level, kind))
            title = f"{prefix} — {title}" if prefix and title else prefix or title
        else:
            inner = max((b.level for b in self.opened if b.level), default=0)
            level = max(level, inner + 1) if inner else level
        self.level = min(level, 6)
        return f"{'#' * self.level} {inline(title)}".rstrip()

    def details(self, index: int, summary: str | None) -> str:
        block = _Open("details", index + 1, "details", min(self.level + 1, 6), self.level)
        self.opened.append(block)
        return self._heading(index + 1, block, inline(summary)) if summary else ""

    def summary(self, index: int, text: str) -> str:
        block = next((b for b in reversed(self.opened) if b.name == "details"), None)
        if block is None:
            return inline(text)
        return self._heading(index + 1, block, inline(text) or "Details")

    def result(self, text: str) -> GitbookText:
        last = len(self.lines)
        for block in self.opened:
            self._finish(block, last)
        return GitbookText(
            text,
            tuple(sorted(self.regions, key=lambda r: r.first)),
            tuple(self.sub_headings),
            tuple(self.ends),
        )


def read_gitbook(text: str) -> GitbookText:
    """Rewrite GitBook's blocks and inline HTML into plain Markdown, line for line.

    Pure and total: unknown or unclosed tags are left as text (an unclosed tag swallows no
    line), and nothing in fenced or inline code changes.
    """
    if not any(marker in text for marker in _MARKERS):
        return GitbookText(text)
    reader = _Reader(text.split("\n"))
    lines = reader.lines
    html = ""  # "table" or "pre" while inside such an HTML block: its tags are read later
    for index in unfenced(lines):
        line = lines[index]
        if html:
            if (_TABLE_CLOSE if html == "table" else _PRE_CLOSE).search(line):
                html = ""
            lines[index] = drop_marks(line)
            continue
        if _TABLE_OPEN.search(line) and not _TABLE_CLOSE.search(line):
            html = "table"
        elif _PRE_OPEN.match(line) and not _PRE_CLOSE.search(line):
            html = "pre"
        if html or _TABLE_OPEN.search(line) or _PRE_OPEN.match(line):
            lines[index] = drop_marks(line)
            continue
        if "{%" in line and _TAGS_ONLY.match(line):
            lines[index] = reader.tags(index)
        elif heading := _HEADING.match(line):
            lines[index] = reader.heading(index, heading.group(1), heading.group(2) or "")
        elif "<" in line and (opened := _DETAILS_OPEN.match(line)):
            lines[index] = reader.details(index, opened.group(1))
        elif "<" in line and (summary := _SUMMARY.match(line)):
            lines[index] = reader.summary(index, summary.group(1))
        elif "<" in line and _DETAILS_CLOSE.match(line):
            reader._end_sub_block("details", index + 1)
            lines[index] = ""
        else:
            lines[index] = inline(line)
    return reader.result("\n".join(lines))


def inline(line: str) -> str:
    """One line's inline GitBook forms as text; code spans in it are left as written."""
    return outside_code(line, _inline_text)


def _inline_text(text: str) -> str:
    if "{%" in text:
        text = _TAG.sub(_tag_text, text)
    return inline_html(text)


def rewrite_blocks(text: str) -> str:
    """`read_gitbook(text).text`: the page's Markdown with GitBook's syntax rewritten."""
    return read_gitbook(text).text


def _tag_text(match: re.Match[str]) -> str:
    attrs = dict(_ATTR.findall(match.group(2)))
    for name in _VISIBLE_ATTRS:
        if attrs.get(name):
            return attrs[name]
    return ""


def rewrite_wiki_links(text: str) -> str:
    """Read Obsidian `[[page|alias]]` as `alias` and `[[page#heading]]` as `page`."""
    if not _holds(text, "[["):
        return text
    return _WIKI_LINK.sub(lambda m: (m.group(2) or m.group(1) or "").strip(), text)


def _holds(text: str, pair: str) -> bool:
    """`pair in text`, for a two-character `pair`.

    Looking for its first character alone is ~20x faster on pages with emoji (four bytes a
    character), and that character is rare in notes; past a few, the plain search is cheaper.
    """
    first, second = pair[0], pair[1]
    found = text.find(first)
    for _ in range(8):
        if found < 0:
            return False
        if text.startswith(second, found + 1):
            return True
        found = text.find(first, found + 1)
    return found >= 0 and pair in text[found:]
