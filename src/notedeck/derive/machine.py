"""Machine text inside prose: URLs, paths, file names, versions, anchors, code and markup.

Documentation notes are full of it (`config/settings.yaml`, `v2.3.1`, `x = foo()`), and none
of it is a fact a student learns by heart, nor a word to spell-check. Cards use it: no card
hides it, nor shows an address or a code example on its front.
"""

from __future__ import annotations

import re
from functools import lru_cache

# File extensions that are not also English words (so `done.so` is a missing space, not a file).
_EXTENSIONS = (
    "png|jpe?g|gif|svg|webp|bmp|ico|tiff?|pdf|md|markdown|mdx|txt|rst|ya?ml|json|toml|ini|cfg"
    "|conf|xml|html?|css|scss|js|mjs|cjs|jsx|ts|tsx|py|pyc|ipynb|rb|rs|java|kt|cs|cpp|hpp"
    "|php|sh|bash|zsh|ps1|bat|exe|dll|dylib|jar|zip|tar|gz|tgz|whl|deb|rpm|dmg|msi|apk|csv"
    "|tsv|sql|sqlite|mp3|mp4|wav|mov|avi|docx?|xlsx?|pptx?"
)
_ADDRESSES = (
    r"[a-zA-Z][a-zA-Z0-9+.-]{0,30}://[^\s<>\"')\]]+"  # a URL (a scheme is short)
    r"|(?<![\w@])www\.[\w-]+\.[^\s<>\"')\]]+"  # a bare web address
    # A relative path, or an absolute one of two parts or more (not `[/link]`).
    r"|(?<![\w/.~-])(?:(?:~|\.{1,2})/[\w.-]+|/[\w.-]+/[\w.@-]+)(?:/[\w.@-]*)*"
    # A file name; a capitalised `.js` is a product (Node.js).
    rf"|(?<![\w/.-])(?![A-Z]\w*\.js\b)[\w@-]+(?:/[\w.@-]+)*\.(?:{_EXTENSIONS})\b(?![\w-])"
    r"|(?<![\w.])v\d+(?:\.\d+)*(?:-[a-z][\w.]*)?\b"  # a version: v2, v2.3.1
    r"|(?<![\w.])\d+\.\d+\.\d+(?!\.?\d)(?:-[a-z][\w.]*)?"  # 2.3.1, 1.0.0-beta; not an IP
    r"|(?<![\w.])\d+\.\d+-(?:alpha|beta|rc|dev|pre)[\w.]*"  # 1.0-beta
    r"|(?<![\w&])#[A-Za-z][\w-]*"  # an anchor or tag
    r"|\b0x[0-9a-fA-F]+\b"  # a memory address or hex literal
    r"|\b[\w-]+=[\"'][^\"']*[\"']"  # an HTML attribute: style="color:blue"
    r"|</?[A-Za-z][\w-]*(?=[\s>/]|$)"  # a tag
    r"|&#?\w+;"  # an entity
    r"|\{%-?\s*[\w@/-]+"  # a GitBook or Liquid tag: {% tabs %}
)
"""Addresses, versions and markup: never a fact to learn, wherever they sit on a card."""
_CODE = (
    # A call: foo(), os.path.join(a); not f(x), O(n) or a plural written attribute(s).
    r"\b[A-Za-z_][\w.]+\((?!e?s\))[^()\s]*\)"
    # An assignment or comparison written without spaces (x=1, a==b); with spaces it may be
    # a formula (V = IR), and an arrow (cause -> effect) is prose.
    r"|\b[A-Za-z_]\w*(?:==|!=|\+=|-=|:=|=)[\w\"'(\[{]\S*"
    r"|\b[a-z_]\w*(?:::|\.)[a-z_]\w*(?:(?:::|\.)\w+)*\b(?<!\.[a-z])"  # os.path, std::vector
    r"|\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"  # snake_case
    r"|\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b"  # a CONSTANT_NAME
    r"|\b(?!mmHg\b)[a-z]{2,}[A-Z][a-z]\w*"  # camelCase; not a unit (kWh, kPa, mmHg) or mRNA
    r"|(?<!\S)--?[a-z][\w-]*"  # a command-line flag
)
"""Code: a CS student's notes name some (KeyError, O(n²)), so on a card's front it only
counts when it is a good part of it."""
TOKEN = f"{_ADDRESSES}|{_CODE}"
"""A regular expression for one piece of machine text (no spaces inside)."""
_ANY = re.compile(TOKEN)
_ADDRESS = re.compile(_ADDRESSES)
_CODE_TEXT = re.compile(_CODE)
_NAMED_VERSION = re.compile(
    r"\b(?:[Vv]ersion|Unit|Topic|Section|Chapter|Spec(?:ification)?|Module|Part)\s+\d+(?:\.\d+)+\b"
)
_MOSTLY_CODE = 0.25
"""A front whose characters are this much code is a code example, not a sentence."""
# Dotted words that are prose: "e.g.", "i.e.", "a.m.", abbreviations of one letter a part.
_ABBREVIATION = re.compile(r"^(?:[A-Za-z]\.){2,}[A-Za-z]?$")


@lru_cache(maxsize=4096)
def machine_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where `text` holds machine text, as (start, end) spans. A line's cards fill their
    blanks back into the same clause, so it is read once for all of them."""
    return tuple(
        match.span() for match in _ANY.finditer(text) if not _ABBREVIATION.match(match.group(0))
    )


def is_machine_answer(text: str) -> bool:
    """Whether a card's answer holds machine text: no card asks for a URL, a path, a file,
    a version, an anchor, markup or code."""
    return has_machine_text(text)


def hides_part_of_machine_text(front: str, answer: str, blank: str = "[...]") -> bool:
    """Whether a cloze's answer, put back in its blank, is part of machine text: `30` in
    `timeout=30`, `settings` in `config/settings.yaml`."""
    at = front.find(blank)
    if at < 0:
        return False
    filled = front[:at] + answer + front[at + len(blank) :]
    end = at + len(answer)
    return any(start < end and at < stop for start, stop in machine_spans(filled))


def is_machine_front(text: str) -> bool:
    """Whether a card's front shows an address, a version or markup, or is mostly code.
    A version named in prose ("first released in [...] (version 0.9.0)") is a fact, and a
    syllabus point ("Data Structures (Unit 1.4.2)") is no version."""
    if _ADDRESS.search(_NAMED_VERSION.sub("", text)):
        return True
    code = sum(end - start for start, end in (m.span() for m in _CODE_TEXT.finditer(text)))
    return code > _MOSTLY_CODE * len("".join(text.split()))


def has_machine_text(text: str) -> bool:
    """Whether any of `text` is machine text."""
    return bool(machine_spans(text))
