"""HTML blocks in notes: a `<table>` as rows, `<pre><code>` as code, anything else as its words.

GitBook writes its tables (with `data-view="cards"` and hidden columns) and its code blocks
with highlighted lines as HTML. Read as text, a table became one run-on line and code lost
its lines; read here, a table keeps its cells and code keeps its lines, entities decoded.
The stdlib `HTMLParser` never executes anything and never raises on broken markup.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from notedeck.model import Table

_TAG = re.compile(r"<(?:\"[^\"\n]{0,2000}\"|'[^'\n]{0,2000}'|[^<>\"'])*>|<[^>]*>")
_CELL_BREAKS = frozenset({"br", "p", "li", "div"})
# Inline tags a cell keeps as Markdown, as the outline keeps any other text.
_CELL_MARKS = {"code": "`", "strong": "**", "b": "**", "em": "*", "i": "*"}
_SKIPPED = frozenset({"script", "style", "template"})


class _TableReader(HTMLParser):
    """Collects the cells of the first table (nested tables' text joins their cell)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.header: list[str] = []
        self.rows: list[list[str]] = []
        self.hidden: set[int] = set()
        self.depth = 0
        self.skipping = 0
        self.row: list[str] | None = None
        self.row_in_head = False
        self.in_head = False
        self.cell: list[str] | None = None
        self.cell_is_header = False
        self.marks: list[tuple[str, int]] = []  # open emphasis in the cell: tag, where

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "table":
            self.depth += 1
        elif self.depth != 1:
            return
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self._end_row()
            self.row, self.row_in_head = [], True  # until a `<td>` says otherwise
        elif tag in ("td", "th"):
            self._end_cell()
            if self.row is None:
                self.row, self.row_in_head = [], True
            self.cell, self.cell_is_header = [], tag == "th"
            self.marks = []
            if tag == "th" and any(name == "data-hidden" for name, _ in attrs):
                self.hidden.add(len(self.row))
        elif tag in _CELL_BREAKS and self.cell is not None:
            self.cell.append(" ")
        elif tag in _CELL_MARKS and self.cell is not None:
            self.marks.append((tag, len(self.cell)))
            self.cell.append(_CELL_MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in _CELL_MARKS and self.cell is not None and self.depth == 1:
            if self.marks and self.marks[-1][0] == tag:
                _, at = self.marks.pop()
                if not "".join(self.cell[at + 1 :]).strip():  # around nothing: `<b></b>`
                    del self.cell[at:]
                    return
            trailing = self.cell[-1][len(self.cell[-1].rstrip()) :] if self.cell else ""
            if trailing:  # `<em>file </em>`: the space goes after the mark
                self.cell[-1] = self.cell[-1].rstrip()
            self.cell += (_CELL_MARKS[tag], trailing)
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "table":
            if self.depth == 1:
                self._end_row()
            self.depth -= 1
        elif self.depth != 1:
            return
        elif tag in ("td", "th"):
            self._end_cell()
        elif tag == "tr":
            self._end_row()
        elif tag == "thead":
            self._end_row()
            self.in_head = False

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.skipping:
            if self.marks and self.marks[-1][1] == len(self.cell) - 1:
                # `<em> file</em>`: the space goes before the mark
                stripped = data.lstrip()
                if stripped != data:
                    tag, at = self.marks[-1]
                    self.cell.insert(at, data[: len(data) - len(stripped)])
                    self.marks[-1] = (tag, at + 1)
                data = stripped
            in_code = any(tag == "code" for tag, _ in self.marks)
            self.cell.append(data if in_code else decoded_tags_as_code(data))

    def _end_cell(self) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            if not self.cell_is_header and not self.in_head:
                self.row_in_head = False
        self.cell = None

    def _end_row(self) -> None:
        self._end_cell()
        if self.row is not None:
            if self.row_in_head and not self.header and not self.rows:
                self.header = self.row
            elif any(self.row):
                self.rows.append(self.row)
        self.row = None

    def table(self) -> Table | None:
        self._end_row()
        if not self.header and not self.rows:
            return None
        keep = [i for i in range(max(map(len, [self.header, *self.rows]))) if i not in self.hidden]
        header = tuple(self.header[i] if i < len(self.header) else "" for i in keep)
        rows = tuple(
            tuple(row[i] if i < len(row) else "" for i in keep)
            for row in self.rows
            if any(row[i] for i in keep if i < len(row))
        )
        return Table(header if any(header) else (), rows)


def html_table(source: str) -> Table | None:
    """The first `<table>` in an HTML block as header and rows, or None if it has no cells."""
    reader = _TableReader()
    reader.feed(source)
    reader.close()
    return reader.table()


def html_code(source: str) -> str:
    """A `<pre><code>` block's code: its lines kept, tags dropped, entities decoded."""
    text = _TAG.sub("", source)
    lines = [line.rstrip() for line in html.unescape(text).split("\n")]
    while lines and not lines[-1].strip():
        lines.pop()
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


def html_words(source: str) -> str:
    """What an HTML block shows a reader: its text, on one line, entities decoded."""
    return " ".join(html.unescape(_TAG.sub(" ", source)).split())


_NAMED = re.compile(r"&(?:lt|gt|amp|quot|apos|nbsp);")
# A tag the author escaped names markup (`the &lt;iframe&gt; tag`): it is shown as code, not
# as a tag a reader would take for markup left in. An escaped pair with nothing between
# (`&lt;b&gt;&lt;/b&gt;`, an editor's leftover) shows nothing.
_ESCAPED_PAIR = re.compile(r"&lt;([A-Za-z][\w-]*)[^<>&\n]{0,200}&gt;\s*&lt;/\1&gt;[ \t]*")
_ESCAPED_TAG = re.compile(r"&lt;(/?[A-Za-z][\w-]*(?:(?!&[lg]t;)[^<>\n]){0,200})(?:&gt;|>)")
# The same once decoded, in an HTML block's text, where every `<` left is the author's.
_DECODED_PAIR = re.compile(r"<([A-Za-z][\w-]*)[^<>\n]{0,200}>\s*</\1>[ \t]*")
_DECODED_TAG = re.compile(r"</?[A-Za-z][\w-]*[^<>\n]{0,200}>")


def escaped_tags_as_code(text: str) -> str:
    """Escaped tags in Markdown text as code spans (see `_ESCAPED_TAG`)."""
    if "&lt;" not in text:
        return text
    text = _ESCAPED_PAIR.sub("", text)
    return _ESCAPED_TAG.sub(lambda m: f"`<{html.unescape(m.group(1))}>`", text)


def decoded_tags_as_code(text: str) -> str:
    """`escaped_tags_as_code` for text whose references are already decoded."""
    if "<" not in text:
        return text
    return _DECODED_TAG.sub(lambda m: f"`{m.group(0)}`", _DECODED_PAIR.sub("", text))


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def decode_named(text: str) -> str:
    """`&lt;`, `&gt;`, `&amp;`, `&quot;`, `&apos;`, `&nbsp;` as the characters a reader sees,
    outside code spans (where CommonMark shows them as written).

    Numeric references are decoded when a page is read (`parse.source`); these few named
    ones are what editors write for `<` and `>` in prose, which would show as `&lt;`.
    """
    if "&" not in text or not _NAMED.search(text):
        return text
    if "`" not in text:
        return html.unescape(escaped_tags_as_code(text)).replace("\xa0", " ")
    pieces: list[str] = []
    done = 0
    for code in _CODE_SPAN.finditer(text):
        pieces += (decode_named(text[done : code.start()]), code.group(0))
        done = code.end()
    rest = text[done:]
    pieces.append(decode_named(rest) if done else html.unescape(escaped_tags_as_code(rest)))
    return "".join(pieces)


def is_pre(source: str) -> bool:
    return source.lstrip()[:4].lower() == "<pre"


def holds_table(source: str) -> bool:
    return "<table" in source.lower()
