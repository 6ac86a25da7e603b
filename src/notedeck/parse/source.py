"""Bytes to clean text: decoding, mojibake repair, GitBook entities and front matter.

Notes reach us through sync tools and exports that mangle them in known ways. Each repair here
is reported as a finding so the student can fix the file at its origin.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from notedeck.model import Finding, Severity

_BOM = "\ufeff"
# A terminal escape whole (OSC `ESC ] … BEL`, CSI `ESC [ … m`, or ESC and one character),
# then any other C0 control but tab and newline, DEL and C1 controls.
_CONTROL = re.compile(
    r"\x1b\][^\x07\x1b\n]{0,4096}(?:\x07|\x1b\\)|\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]|\x1b[@-_]?"
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)


def printable(text: str) -> str:
    """`text` without terminal escapes or other control characters (tab and newline stay):
    what notes may hold (OSC 52, a stray NUL) but no card, export or terminal should show."""
    return _CONTROL.sub("", text)


# libyaml's loader is ~10x faster; it is just as safe (no Python object tags).
_SafeLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_NUMERIC_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
# GitBook's hard spaces at a line end, and one of them.
_SPACE_REF = re.compile(r"&#(?:[xX]0*20|0*32);")
# Decoding these would turn text into HTML tags; they stay as named entities.
_KEEP_ENCODED = {"<": "&lt;", ">": "&gt;"}
_MOJIBAKE_LINE_LIMIT = 20_000
# UTF-8 read as Windows-1252 or Latin-1 turns each byte of a character into a character: a
# lead byte 0xC2-0xF4 into one of Â..ô (U+00C2-U+00F4), each continuation byte 0x80-0xBF into
# U+0080-U+00BF or, for 0x80-0x9F, one of cp1252's € ‚ ƒ „ … † ‡ ˆ ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™
# š › œ ž Ÿ (U+FFFD where a decoder had no character). We look for a lead followed by as many
# of those as it announces, which accented words do not have. The search runs on UTF-8 bytes,
# where every lead is C3 82..C3 B4: the regex engine skips to the byte C3, ~10x faster than a
# character class over the text.
_CONTINUATION = (
    rb"(?:\xc2[\x80-\xbf]"  # U+0080-U+00BF
    rb"|\xc5[\x92\x93\xa0\xa1\xb8\xbd\xbe]|\xc6\x92|\xcb[\x86\x9c]"  # Œ œ Š š Ÿ Ž ž ƒ ˆ ˜
    rb"|\xe2\x80[\x93-\xba]|\xe2\x82\xac|\xe2\x84\xa2"  # U+2013-U+203A (– — ‘ ’ … ›), € ™
    rb"|\xef\xbf\xbd)"  # U+FFFD
)
_MOJIBAKE = re.compile(
    rb"""
    \xc3(?:
        [\x82-\x9f] %(c)s                   # U+00C2-U+00DF leads 2 bytes
      | [\xa0-\xaf] %(c)s{2}                # U+00E0-U+00EF leads 3
      | [\xb0-\xb4] %(c)s{3}                # U+00F0-U+00F4 leads 4 (emoji)
      | [\x82\x83\x85\x8e\x90\x99]\x20      # a space that was byte 0xA0, as ftfy restores it
    )
    """
    % {b"c": _CONTINUATION},
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class SourceText:
    """A page's text after every repair, plus what was repaired.

    Attributes:
        body: Markdown with the front matter blanked out, so line numbers match the file.
        front_matter: the YAML mapping, or empty when absent or broken.
        findings: one per repair or problem, with file lines.
        binary: the file is not text at all; `body` is empty.
    """

    body: str
    front_matter: dict[str, Any]
    findings: tuple[Finding, ...]
    binary: bool = False


def read_source(data: bytes, page_id: str) -> SourceText:
    """Turn a file's bytes into repaired Markdown text and its front matter.

    Never raises on bad input: every problem becomes a finding on `page_id`.
    """
    findings: list[Finding] = []
    if not data.strip():
        findings.append(_finding("EMPTY_PAGE", Severity.INFO, "The page is empty.", page_id, None))
        return SourceText("", {}, tuple(findings))
    if b"\x00" in data[:8192]:
        findings.append(
            _finding(
                "BINARY_FILE",
                Severity.ERROR,
                "This file is binary, not Markdown text; it was skipped.",
                page_id,
                None,
            )
        )
        return SourceText("", {}, tuple(findings), binary=True)

    text, utf8 = _decode(data, page_id, findings)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _repair_mojibake(text, utf8=utf8, page_id=page_id, findings=findings)
    text = decode_entities(text)
    front_matter, text = _split_front_matter(text, page_id, findings)
    return SourceText(text, front_matter, tuple(findings))


def decode_entities(text: str) -> str:
    """Decode numeric character references, dropping GitBook's trailing `&#x20;`.

    GitBook writes a hard space at line ends as `&#x20;`; it carries no meaning, so it goes.
    `<` and `>` stay encoded so that decoding never creates HTML.
    """
    found = _find_ref(text, 0)
    if found < 0:
        return text
    if "&#xNAN;" in text:  # GitBook's export writes it for a character it lost: it is nothing
        text = text.replace("&#xNAN;", "")
        found = _find_ref(text, 0)
        if found < 0:
            return text
    if "`" in text or "~~~" in text:  # code may show references as written
        return _decode_outside_code(text)
    # Both rewrites stay within a line, so only the lines holding `&#` are touched.
    pieces: list[str] = []
    done = 0
    for _ in range(32):
        start = text.rfind("\n", 0, found) + 1
        end = text.find("\n", found)
        if end < 0:
            end = len(text)
        line = _NUMERIC_REF.sub(_decode_ref, _drop_trailing_space_refs(text[start:end]))
        pieces += (text[done:start], line)
        done = end
        found = _find_ref(text, end)
        if found < 0:
            pieces.append(text[done:])
            return "".join(pieces)
    # Many lines hold references: for the rest, whole-text passes are cheaper.
    rest = "\n".join(map(_drop_trailing_space_refs, text[done:].split("\n")))
    pieces.append(_NUMERIC_REF.sub(_decode_ref, rest))
    return "".join(pieces)


FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
"""The opening line of fenced code; group 1 is its fence."""


def unfenced(lines: list[str]) -> Iterator[int]:
    """The indexes of the lines outside fenced code (a fence's own lines excluded): the
    lines a rewrite of the page may touch. Read lazily, so the caller may rewrite a line
    once its index is given."""
    fence = ""
    for index, line in enumerate(lines):
        if fence:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = ""
            continue
        if found := FENCE.match(line):
            fence = found.group(1)
            continue
        yield index


_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def _decode_outside_code(text: str) -> str:
    """`decode_entities` for a page with code: references in fenced code and code spans
    stay as written (a page teaching HTML shows `&#169;`, not ©)."""
    lines = text.split("\n")
    for number in unfenced(lines):
        line = lines[number]
        if "&#" not in line:
            continue
        line = _drop_trailing_space_refs(line)
        pieces: list[str] = []
        done = 0
        for code in _CODE_SPAN.finditer(line) if "`" in line else ():
            pieces += (_NUMERIC_REF.sub(_decode_ref, line[done : code.start()]), code.group(0))
            done = code.end()
        pieces.append(_NUMERIC_REF.sub(_decode_ref, line[done:]))
        lines[number] = "".join(pieces)
    return "\n".join(lines)


def _find_ref(text: str, start: int) -> int:
    """Where the next `&#` is, or -1.

    Looking for `&` alone is ~20x faster on pages with emoji (four bytes a character), and
    `&` is rare in notes; past a few, the plain search is cheaper.
    """
    found = text.find("&", start)
    for _ in range(8):
        if found < 0 or text.startswith("#", found + 1):
            return found
        found = text.find("&", found + 1)
    return text.find("&#", found)


def _drop_trailing_space_refs(line: str) -> str:
    """The line without the hard spaces (and blanks among them) at its end.

    A regex for that tail (`(?:[ \t]*&#x20;)+[ \t]*$`) is tried at every character, and on a
    long run of references that does not end the line it is quadratic (a 200 KB line took
    15 s). The tail is peeled off from the end instead, in linear time: each reference starts
    at the last `&#` before it, as none holds a `&`.
    """
    end = len(line.rstrip(" \t"))
    cut = -1
    while line.endswith(";", 0, end):
        ref = line.rfind("&#", 0, end)
        if ref < 0 or not _SPACE_REF.fullmatch(line, ref, end):
            break
        while ref > 0 and line[ref - 1] in " \t":  # the blanks before it go too
            ref -= 1
        end = cut = ref
    return line if cut < 0 else line[:cut]


def _decode_ref(match: re.Match[str]) -> str:
    hex_digits, decimal = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(decimal)
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    char = chr(code)
    return _KEEP_ENCODED.get(char, char)


def _decode(data: bytes, page_id: str, findings: list[Finding]) -> tuple[str, bytes]:
    """The file's text, and its UTF-8 bytes: `data` itself unless it was not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        findings.append(
            _finding(
                "NOT_UTF8",
                Severity.WARNING,
                f"The file is not UTF-8 (first bad byte on line {line}); it was read as "
                "Windows-1252. Save it as UTF-8 to silence this.",
                page_id,
                line,
            )
        )
        text = data.decode("cp1252", errors="replace")
        return text.removeprefix(_BOM), text.encode()
    return text.removeprefix(_BOM), data


def _repair_mojibake(text: str, *, utf8: bytes, page_id: str, findings: list[Finding]) -> str:
    """Repair each line holding UTF-8 read as Windows-1252 or Latin-1, with a finding.

    `utf8` is the text's UTF-8 bytes, line ends and BOM as in the file: neither can make or
    break a match, and encoding the text again would cost more than the search.
    """
    if text.isascii():
        return text
    first = utf8.find(b"\xc3")  # memchr: pages with only emoji or curly quotes stop here
    if first < 0 or not _MOJIBAKE.search(utf8, first):
        return text
    import ftfy  # slow to import; most pages never need it

    lines = text.split("\n")
    for index in _mojibake_lines(text.encode()):
        line = lines[index]
        if len(line) > _MOJIBAKE_LINE_LIMIT:
            continue
        fixed = ftfy.fix_encoding(line)
        if fixed != line:
            lines[index] = fixed
            findings.append(
                _finding(
                    "MOJIBAKE_REPAIRED",
                    Severity.WARNING,
                    f"Garbled characters (UTF-8 read as Windows-1252) were repaired: "
                    f"{fixed.strip()!r}.",
                    page_id,
                    index + 1,
                )
            )
    return "\n".join(lines)


def _mojibake_lines(utf8: bytes) -> Iterator[int]:
    """The 0-based numbers of the lines where `_MOJIBAKE` matches, each once."""
    start = number = 0
    while (match := _MOJIBAKE.search(utf8, start)) is not None:
        number += utf8.count(b"\n", start, match.start())
        yield number
        end = utf8.find(b"\n", match.end())
        if end < 0:
            return
        start, number = end + 1, number + 1


def _split_front_matter(
    text: str, page_id: str, findings: list[Finding]
) -> tuple[dict[str, Any], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    raw = match.group(1) or ""
    # Blank the block rather than cut it, so body line numbers stay file line numbers.
    body = "\n" * match.group(0).count("\n") + text[match.end() :]
    try:
        loaded = yaml.load(raw, Loader=_SafeLoader)
    # ValueError: a number too long for Python's int (4,300 digits), RecursionError: nesting.
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        findings.append(
            _finding(
                "BAD_FRONT_MATTER",
                Severity.ERROR,
                f"The YAML front matter cannot be read ({problem}); the page is shown without it.",
                page_id,
                line,
            )
        )
        return {}, body
    if loaded is None:
        return {}, body
    if not isinstance(loaded, dict):
        findings.append(
            _finding(
                "BAD_FRONT_MATTER",
                Severity.ERROR,
                "The front matter is not a list of `key: value` lines; it was ignored.",
                page_id,
                2,
            )
        )
        return {}, body
    return {str(k): v for k, v in loaded.items()}, body


def _finding(code: str, severity: Severity, message: str, page: str, line: int | None) -> Finding:
    return Finding(code=code, severity=severity, message=message, page=page, line=line)
