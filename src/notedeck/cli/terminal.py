"""What reaches the terminal: text from the notes, the store and file names, without control
characters, so a note cannot write to the clipboard (OSC 52), retitle the window (OSC 0) or
redraw the screen.

Notes are not trusted: a page, a file name, or a card stored by an older version may hold
any character. Cleaning them where notes are read would miss the store and file names, and
every new command would have to remember it; so every byte a command prints passes through
here instead. Terminal escapes (whole), C0 controls but tab and newline, DEL and C1 controls
are taken out of human output (`parse.source.printable`; cards are cleaned the same way when
they are made). JSON keeps them as `\\uXXXX` escapes, so a program still gets the exact text:
`json.dumps` escapes C0 itself, and C1 and DEL are escaped here.

Rich's own styling is not touched: `SafeConsole` cleans the text of each segment it renders,
before Rich adds its colour codes, so output on a colour terminal stays styled.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.segment import Segment

from notedeck.parse.source import printable

if TYPE_CHECKING:
    from rich.console import ConsoleOptions, RenderableType

__all__ = ["SafeConsole", "echo", "json_safe", "printable", "write", "write_json"]

_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")  # what `json.dumps` leaves unescaped


def json_safe(json_text: str) -> str:
    """JSON text with DEL and C1 controls escaped as `\\u00XX`: the same data, read back."""
    if json_text.isascii() and "\x7f" not in json_text:  # nothing to escape: no scan of it
        return json_text
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group(0)):04x}", json_text)


def echo(message: str, *, err: bool = False) -> None:
    """One line for a person, on stdout or stderr."""
    typer.echo(printable(message), err=err)


def write(text: str) -> None:
    """Plain text on stdout, as it is laid out."""
    sys.stdout.write(printable(text))


def write_json(json_text: str) -> None:
    """JSON text (or a piece of it) on stdout, its control characters escaped."""
    sys.stdout.write(json_safe(json_text))


class SafeConsole(Console):
    """A Rich console whose rendered text holds no control character from the content."""

    def render(
        self, renderable: RenderableType, options: ConsoleOptions | None = None
    ) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            shown = segment.text if segment.control else printable(segment.text)
            if shown == segment.text:
                yield segment  # Rich's own control codes (cursor moves) are kept
            else:
                yield Segment(shown, segment.style, segment.control)
