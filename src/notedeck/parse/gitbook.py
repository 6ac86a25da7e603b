"""GitBook and Obsidian syntax that CommonMark does not know, turned into plain Markdown.

Both rewrites keep the number of lines, so every later line number is still a file line.
"""

from __future__ import annotations

import re

# `{% hint style="info" %}`, `{% endhint %}`, `{% embed url="…" %}`, `{% tab title="…" %}` …
# A tag ends on its own line and before the next `{%`: an unclosed one is left as text, rather
# than swallowing the lines up to the next tag's `%}` (and, tried from each of thousands of
# unclosed tags, taking time quadratic in the page).
_TAG = re.compile(r"\{%-?\s*(\w[\w-]*)((?:[^%{\n]|%(?!\})|\{(?!%))*)-?%\}")
_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')
# Attributes whose value is text the reader should still see in place of the tag.
_VISIBLE_ATTRS = ("title", "url", "src", "name")
_WIKI_LINK = re.compile(r"!?\[\[([^\[\]|#^]*)(?:[#^][^\[\]|]*)?(?:\|([^\[\]]*))?\]\]")


def rewrite_blocks(text: str) -> str:
    """Replace GitBook `{% … %}` tags by the text they carry, keeping block content in place.

    `{% hint %}…{% endhint %}` becomes its content; `{% embed url="U" %}` becomes `U`;
    `{% tab title="T" %}` becomes `T`. A line holding only a closing tag becomes blank.
    """
    if not _holds(text, "{%"):
        return text
    return _TAG.sub(_tag_text, text)


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
