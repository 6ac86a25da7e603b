"""Card faces: Markdown to safe one-line HTML and to plain text."""

from __future__ import annotations

import re

import nh3
import pyromark
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.export.markdown import (
    _may_carry_markup,
    blank_clozes,
    cloze_answers,
    cloze_numbers,
    render_html,
    render_text,
)

CLOZE = "In {{c1::**1933**}} Hitler became {{c2::Chancellor::title}}"


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("What was the **Dawes Plan**?", "What was the <strong>Dawes Plan</strong>?"),
        (CLOZE, "In {{c1::<strong>1933</strong>}} Hitler became {{c2::Chancellor::title}}"),
        ("line one\nline two", "line one<br>line two"),
        ("- 1923\n- 1924", "<ul><li>1923</li><li>1924</li></ul>"),
        ("para one\n\npara two", "<p>para one</p><p>para two</p>"),
        ("```\nx = 1\ny = 2\n```", "<pre><code>x = 1<br>y = 2<br></code></pre>"),
        ("Hyperinflation <script>alert(1)</script>", "Hyperinflation"),
        ("<img src=x onerror=alert(1)> marks", '<img src="x"> marks'),
        (
            '[click](javascript:alert(1)) <a href="javascript:x">y</a>',
            '<a rel="noopener noreferrer">click</a> <a rel="noopener noreferrer">y</a>',
        ),
        ("", ""),
        ("see [`Article 48", "see [`Article 48"),  # markdown-it-pyrs panics here
    ],
)
def test_render_html(markdown: str, expected: str) -> None:
    assert render_html(markdown) == expected


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (CLOZE, "In [...] Hitler became [title]"),
        ("line one\nline two\n\n- a\n- b", "line one; line two; a; b"),
        ("Tabs\tand  spaces", "Tabs and spaces"),
        ("**Treaty** & <b>more</b><script>x</script>", "Treaty & more"),
    ],
)
def test_render_text(markdown: str, expected: str) -> None:
    assert render_text(markdown) == expected


def test_cloze_helpers() -> None:
    assert cloze_answers(CLOZE) == ("**1933**", "Chancellor")
    assert cloze_numbers(CLOZE + " {{c1::again}}") == frozenset({1, 2})
    assert blank_clozes(CLOZE) == "In [...] Hitler became [title]"


_TAG = re.compile(r"<(/?)([a-z0-9]+)([^>]*)>")
_SAFE_ATTRS = re.compile(r'^(?: start="\d+"| class="language-[^"<>]*")?$')
_MARKDOWN_BITS = st.sampled_from(
    ["*", "**", "_", "`", "```", "#", "- ", "1. ", "> ", "[", "]", "(", ")", "!", "&", "&amp;",
     "&lt;script&gt;", '"', "'", "\\", "|", "---", "=", "{{c1::", "}}", "javascript:", "onerror=",
     "\n", "\n\n", " ", "x", "1933", "é"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(_MARKDOWN_BITS, max_size=30).map("".join))
def test_skipping_the_sanitiser_is_safe_without_raw_html_or_links(text: str) -> None:
    """Where `render_html` skips nh3, Markdown alone made only plain, attribute-free tags."""
    if _may_carry_markup(text):
        return
    html = render_html(text)
    for closing, tag, attrs in _TAG.findall(html):
        assert tag in nh3.ALLOWED_TAGS, html
        assert closing == "" or attrs == "", html
        assert _SAFE_ATTRS.match(attrs), html
    assert "<script" not in html


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcXY 19().,:;'\"?-[]é…")), max_size=40))
def test_the_plain_line_shortcut_renders_as_commonmark_does(text: str) -> None:
    if _may_carry_markup(text):
        return  # a link such as `[]()` is sanitised (nh3 adds `rel`), so it differs on purpose
    full = pyromark.html(text).strip()
    if full.startswith("<p>") and full.endswith("</p>") and full.count("<p>") == 1:
        full = full[3:-4].strip()
    if "\n" in full or not full:
        return  # not a one-paragraph face; the shortcut is never taken for these
    # nh3 writes void elements HTML-style (`<hr>`), pyromark XHTML-style (`<hr />`): same element.
    assert render_html(text) == full.replace("&quot;", '"').replace(" />", ">")
