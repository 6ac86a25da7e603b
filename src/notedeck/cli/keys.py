"""Key presses for the review loop: one at a time, and none lost to a fast typist.

`click.getchar` switches the terminal to raw mode for each key with `TCSAFLUSH`, which throws
away whatever was typed while the card was being drawn: a grade typed straight after the
reveal key was lost. Here the terminal stays in cbreak mode (keys arrive one by one, no echo,
Ctrl-C still interrupts) for the whole session, so keys typed ahead wait in the terminal's
queue. The loop throws them away at one moment only, before a new card's question is shown,
so a key typed during the last card never reveals or grades one the student has not seen.
"""

from __future__ import annotations

import codecs
import os
import sys
from types import TracebackType
from typing import Any, TextIO

__all__ = ["Keys", "PipedKeys", "TerminalKeys", "keys_for"]


class Keys:
    """Where the review loop reads keys from; `discard` drops keys typed ahead."""

    def read(self) -> str:
        raise NotImplementedError

    def discard(self) -> None:
        """Forget keys typed before now; nothing to forget by default."""

    def __enter__(self) -> Keys:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        return None


class PipedKeys(Keys):
    """One key per line of piped input (scripts, tests); the end of input quits."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def read(self) -> str:
        line = self._stream.readline()
        return "q" if line == "" else (line.strip()[:1] or "\n")


class TerminalKeys(Keys):
    """Keys from a terminal in cbreak mode, typed-ahead keys kept until `discard`."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self._pending = ""
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._saved: list[Any] | None = None

    def __enter__(self) -> TerminalKeys:
        import termios
        import tty

        self._saved = termios.tcgetattr(self._fd)
        tty.setcbreak(self._fd, termios.TCSANOW)  # TCSANOW: keep what was typed
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        import termios

        if self._saved is not None:
            termios.tcsetattr(self._fd, termios.TCSADRAIN, self._saved)

    def read(self) -> str:
        """The next key: one character, or a whole escape sequence (an arrow key)."""
        while not self._pending or _incomplete_escape(self._pending):
            chunk = os.read(self._fd, 64)
            if not chunk:
                return "q"
            self._pending += self._decoder.decode(chunk)
        size = _key_length(self._pending)
        key, self._pending = self._pending[:size], self._pending[size:]
        return key

    def discard(self) -> None:
        import termios

        termios.tcflush(self._fd, termios.TCIFLUSH)
        self._pending = ""


def keys_for(stream: TextIO = sys.stdin) -> Keys:
    """Terminal keys when `stream` is a terminal, else one key per line."""
    if stream.isatty():
        return TerminalKeys(stream.fileno())
    return PipedKeys(stream)


def _key_length(text: str) -> int:
    """How many characters the first key of `text` takes: `ESC [ … final` is one key."""
    if text[:1] != "\x1b" or text[1:2] not in ("[", "O"):
        return 1
    for at in range(2, len(text)):
        if "@" <= text[at] <= "~":
            return at + 1
    return len(text)


def _incomplete_escape(text: str) -> bool:
    """An arrow key's sequence cut off by the read: wait for the rest of it."""
    return text[:2] in ("\x1b[", "\x1bO") and not any("@" <= c <= "~" for c in text[2:])
