"""Card faces for export: Markdown to safe HTML, or to one line of plain text.

Notes may hold raw HTML (students paste it, GitBook writes it), so everything rendered here goes
through `nh3` and never carries script, event handlers or `javascript:` links. Cloze markers
(`{{c1::…}}`) pass through Markdown untouched, so a cloze front can be rendered like any other.
"""

from __future__ import annotations

import html
import re

import nh3
import pyromark

from notedeck.parse.explicit import BLANK, CLOZE, blank_clozes
from notedeck.parse.source import printable

__all__ = [
    "BLANK",
    "blank_clozes",
    "cloze_answers",
    "cloze_numbers",
    "has_cloze",
    "render_html",
    "render_text",
]

_FENCE = re.compile(r"^ {0,3}(```|~~~)")
_PRE = re.compile(r"(<pre[\s>].*?</pre>)", re.DOTALL | re.IGNORECASE)
_BLOCK_END = re.compile(
    r"<br\s*/?>|</(?:p|li|h[1-6]|tr|div|blockquote|pre|dt|dd|ul|ol|table)>|<hr\s*/?>",
    re.IGNORECASE,
)
_CELL_END = re.compile(r"</t[dh]>", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_MARK = "\ue000"  # a private-use character: survives nh3 and never occurs in notes

_OPTIONS = pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
# One line CommonMark renders as itself: no inline syntax, entity, escape or HTML, and no
# line start that opens a block (list, heading, quote, code, table, thematic break).
_PLAIN_LINE = re.compile(
    r"(?![ \t]|[-+*>#=|]|\d+[.)])[^\n*_`<>&\\|~!\[\]]*(?:\[\.\.\.\][^\n*_`<>&\\|~!\[\]]*)*"
)
_XHTML_VOID = re.compile(r"<(br|hr)\s*/>")  # pulldown-cmark writes XHTML; Anki and CSV want HTML
# Controls that stand for a line break (vertical tab, form feed, separators, NEL): a space.
_BLANK_CONTROLS = re.compile(r"[\x0b\x0c\x1c-\x1f\x85]+")


def has_cloze(text: str) -> bool:
    """Whether `text` holds at least one Anki cloze deletion `{{cN::…}}`."""
    return "{{c" in text and CLOZE.search(text) is not None


def cloze_answers(text: str) -> tuple[str, ...]:
    """The hidden parts of every `{{cN::answer::hint}}` in `text`, in order."""
    return tuple(m.group(2) for m in CLOZE.finditer(text))


def cloze_numbers(text: str) -> frozenset[int]:
    """The distinct `N` of the `{{cN::…}}` deletions in `text`; Anki makes one card per `N`."""
    return frozenset(int(m.group(1)) for m in CLOZE.finditer(text))


def render_html(text: str) -> str:
    """Render one card face from Markdown to sanitised HTML on a single line.

    A line break the student typed is kept as `<br>` (as Obsidian and most note apps show it),
    a face that is one paragraph loses its `<p>` wrapper, and the result holds no raw newline,
    so it can sit in a tab-separated file as it is. It holds no control character (those of
    the note, and those an entity such as `&#27;` stands for, are dropped).
    """
    return _without_controls(_render_html(text))


def _render_html(text: str) -> str:
    if not text.strip():
        return ""
    if _PLAIN_LINE.fullmatch(text):  # most card faces: one line of words, no Markdown at all
        return html.escape(text.strip(), quote=False)
    source = _hard_breaks(text) if "\n" in text else text
    rendered = _render_markdown(source)
    if _may_carry_markup(text):
        rendered = nh3.clean(rendered)
    rendered = _unwrap_paragraph(rendered.strip())
    return _one_line(rendered) if "\n" in rendered else rendered


def _may_carry_markup(text: str) -> bool:
    """Whether Markdown output for `text` could hold anything but markdown-it made itself.

    Raw HTML and autolinks need `<`; links and images need `](` or a `]:` definition. Without
    them CommonMark escapes every character of text and emits only attribute-free tags, so
    sanitising would change nothing (the test suite checks this) and is skipped for speed.
    """
    return "<" in text or "](" in text or "]:" in text


def render_text(text: str) -> str:
    """Render one card face to plain text on one line; block and line breaks become `; `.

    For tools without HTML (Quizlet). Cloze deletions are shown blanked. As `render_html`,
    it holds no control character.
    """
    return _without_controls(_render_text(text))


def _render_text(text: str) -> str:
    if not text.strip():
        return ""
    source = blank_clozes(text)
    rendered = _render_markdown(_hard_breaks(source) if "\n" in source else source)
    marked = _CELL_END.sub(" ", _BLOCK_END.sub(_MARK, rendered))
    plain = html.unescape(nh3.clean(marked, tags=set()))
    parts = (_SPACE.sub(" ", part).strip() for part in plain.split(_MARK))
    return "; ".join(part for part in parts if part)


def _without_controls(text: str) -> str:
    """`text` without terminal escapes or control characters, as the terminal and cards have
    it (`printable`); a vertical tab, form feed or NEL becomes a space, as the line break it
    stood for. An export is read by other programs and shown to people."""
    if text.isprintable():  # nearly every face: one C pass
        return text
    return printable(_BLANK_CONTROLS.sub(" ", text))


def _render_markdown(source: str) -> str:
    """CommonMark (plus tables and strikethrough) to HTML, not yet sanitised.

    pulldown-cmark (through pyromark), the parser the outliner uses; it is about 3x faster
    than markdown-it-pyrs here and, unlike it, does not panic on inputs such as "[`".
    """
    rendered: str = pyromark.html(source, options=_OPTIONS)
    return _XHTML_VOID.sub(r"<\1>", rendered) if "/>" in rendered else rendered


def _hard_breaks(text: str) -> str:
    """Make each line break inside a paragraph a hard break (two trailing spaces).

    Trailing spaces at the end of a block are dropped by CommonMark, so only breaks inside
    a paragraph change; fenced code is left alone.
    """
    lines = text.split("\n")
    in_fence = False
    for index, line in enumerate(lines[:-1]):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if not in_fence and line.strip() and lines[index + 1].strip():
            lines[index] = line.rstrip() + "  "
    return "\n".join(lines)


def _unwrap_paragraph(rendered: str) -> str:
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4].strip()
    return rendered


def _one_line(rendered: str) -> str:
    pieces = _PRE.split(rendered)
    for index, piece in enumerate(pieces):
        if index % 2:  # inside <pre>: newlines are content
            pieces[index] = piece.replace("\n", "<br>")
        else:
            pieces[index] = piece.replace(">\n", ">").replace("\n", " ")
    return "".join(pieces)
