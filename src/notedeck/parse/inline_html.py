"""Inline HTML and link forms GitBook writes, as the words a reader sees.

GitBook's editor writes colour as `<mark>`, images as `<figure>`/`<picture>`/`<img>`,
heading anchors as `<a id>`, page links as `[words](page.md "mention")`, and a line break as
a trailing backslash; its Markdown export also escapes punctuation that needs no escape.
These rules read one line (or one text) at a time and never cross a code span.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable

_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_MENTION = re.compile(r'\[([^\[\]\n]*)\]\(\s*<?([^()\s<>]*)>?\s+"mention"\s*\)')
# A tag's attributes: a quoted `>` (`title="a > b"`) does not end the tag.
# Each repeat is bounded, so a long line of unclosed tags is read in linear time.
_IN = r"""(?:"[^"\n]{0,2000}"|'[^'\n]{0,2000}'|[^<>"'\n]){0,2000}"""
_EMPTY_ANCHOR = re.compile(rf"<a\b{_IN}>\s*</a>", re.IGNORECASE)
_A_LINK = re.compile(rf"<a\b({_IN})>(.{{0,4000}}?)</a>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_MARK = re.compile(rf"</?mark\b{_IN}>", re.IGNORECASE)
_FIGURE = re.compile(rf"<figure\b{_IN}>(.{{0,4000}}?)</figure>", re.IGNORECASE)
_FIGCAPTION = re.compile(rf"<figcaption\b{_IN}>(.{{0,4000}}?)</figcaption>", re.IGNORECASE)
_PICTURE = re.compile(rf"<picture\b{_IN}>(.{{0,4000}}?)</picture>", re.IGNORECASE)
_IMG = re.compile(rf"<img\b{_IN}>", re.IGNORECASE)
_CODE_TAG = re.compile(rf"<code\b{_IN}>(.{{0,4000}}?)</code>", re.IGNORECASE)
_BOLD_TAG = re.compile(rf"<(strong|b)\b{_IN}>(.{{0,4000}}?)</\1>", re.IGNORECASE)
_ITALIC_TAG = re.compile(rf"<(em|i)\b{_IN}>(.{{0,4000}}?)</\1>", re.IGNORECASE)
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
# GitBook's icons: `<i class="fa-github">:github:</i>`, a picture, not words.
_ICON = re.compile(rf"<i\b(?={_IN}\bclass\s*=\s*[\"'][^\"']*\bfa-){_IN}>.{{0,200}}?</i>", re.I)
_PARAGRAPH_END = re.compile(r"</p>(?=.)", re.IGNORECASE)
_LIST_ITEM = re.compile(rf"<li\b{_IN}>", re.IGNORECASE)
# Tags that only style or wrap text: dropped, their text kept (so is emphasis whose closing
# tag is on another line).
_WRAPPERS = re.compile(
    r"</?(?:p|span|div|sup|sub|u|font|small|center|figcaption|picture|source|figure|kbd|ul|ol"
    r"|li|h[1-6]|blockquote|section|article|header|footer|nav|main|aside|cite|abbr|ins|del"
    r"|s|q|dfn|var|samp|time|big|tt|strong|b|em|i)\b" + _IN + ">",
    re.IGNORECASE,
)


def outside_code(text: str, rewrite: Callable[[str], str]) -> str:
    """`rewrite` applied to the parts of `text` outside its code spans."""
    if "`" not in text or not _INLINE_CODE.search(text):
        return rewrite(text)
    pieces: list[str] = []
    done = 0
    for code in _INLINE_CODE.finditer(text):
        pieces += (rewrite(text[done : code.start()]), code.group(0))
        done = code.end()
    pieces.append(rewrite(text[done:]))
    return "".join(pieces)


def drop_marks(text: str) -> str:
    """Text without `<mark>` tags: GitBook highlights lines even inside `<pre>` code."""
    return _MARK.sub("", text) if "<" in text else text


def inline_html(text: str) -> str:
    """Mention links, inline HTML and a trailing hard break, as text (no code spans in it)."""
    if '"mention"' in text:
        text = _MENTION.sub(_mention_text, text)
    if "<" in text:
        if "\\<" in text and _HELD not in text:  # `\<b>` is the text "<b>", not a tag
            text = _html_text(text.replace("\\<", _HELD)).replace(_HELD, "\\<")
        else:
            text = _html_text(text)
    if text.endswith("\\") and not text.endswith("\\\\"):  # a hard line break
        text = text[:-1].rstrip()
    return text


_HELD = "\ue000"  # a private-use character holds an escaped `<` while tags are read


def _html_text(text: str) -> str:
    """Inline HTML as the words a reader sees, with emphasis and links as Markdown."""
    text = _EMPTY_ANCHOR.sub("", _MARK.sub("", _BR.sub(" ", text)))
    text = _FIGURE.sub(_figure_text, _ICON.sub("", text))
    # An image's `alt` is attribute text (often a file name), never card text: images go.
    text = _IMG.sub("", _PICTURE.sub("", text))
    text = _CODE_TAG.sub(lambda m: f"`{_unescape(m.group(1))}`" if m.group(1) else "", text)
    text = _BOLD_TAG.sub(lambda m: f"**{m.group(2).strip()}**" if m.group(2).strip() else "", text)
    text = _ITALIC_TAG.sub(lambda m: f"*{m.group(2).strip()}*" if m.group(2).strip() else "", text)
    text = _A_LINK.sub(_link_text, text)
    text = _LIST_ITEM.sub(" • ", _PARAGRAPH_END.sub(" ", text))
    return _WRAPPERS.sub("", text)


def _link_text(match: re.Match[str]) -> str:
    """`<a href="u">words</a>` as `[words](u)`; a link with no words goes."""
    words = match.group(2).strip()
    href = _HREF.search(match.group(1))
    target = (href.group(1) or href.group(2) or "") if href else ""
    if not words:
        return ""
    return f"[{words}]({target})" if target and " " not in target else words


def _figure_text(match: re.Match[str]) -> str:
    inside = match.group(1)
    caption = _FIGCAPTION.search(inside)
    return _WRAPPERS.sub("", caption.group(1)).strip() if caption else ""


def _mention_text(match: re.Match[str]) -> str:
    words = match.group(1).strip()
    if words.startswith("#") and " " not in words:  # an anchor: GitBook shows its heading
        return words[1:].replace("-", " ").strip().capitalize()
    if words:
        return words
    name = posixpath.basename(match.group(2).rstrip("/")).removesuffix(".md")
    if name.lower() in ("readme", ""):
        name = posixpath.basename(posixpath.dirname(match.group(2).rstrip("/")))
    return name.replace("-", " ").replace("_", " ")


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


# GitBook's Markdown export escapes punctuation that needs no escape (`\(the default\)`,
# `22 \~ SSH`). Shown text drops those backslashes; it keeps the ones that still mean
# something: emphasis (`\*`, `\_`), code, a tag (`\<b>`), a link or image (`\](`, `\![`),
# and a Liquid tag written as text (`\{%`).
_NEEDLESS_ESCAPE = re.compile(
    r"\\([()\[\]~.!:;=$%&,?@^'\"#|+\-/])(?![(\[])"
    r"|(?<=[^\W_])\\(_)(?=[^\W_])"  # `local\_1d`: inside a word `_` is never emphasis
)


def drop_needless_escapes(text: str) -> str:
    """Text without the backslashes GitBook puts before plain punctuation, code left as is."""
    if "\\" not in text:
        return text
    return outside_code(text, lambda part: _NEEDLESS_ESCAPE.sub(_unescaped, part))


def _unescaped(match: re.Match[str]) -> str:
    return match.group(1) or match.group(2)
