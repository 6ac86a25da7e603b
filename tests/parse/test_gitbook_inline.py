"""Inline GitBook HTML, mention links and escapes: one text in, the words a reader sees out."""

from __future__ import annotations

from notedeck.parse.inline_html import drop_needless_escapes, inline_html, outside_code


def test_inline_html_keeps_emphasis_links_and_captions_and_drops_the_rest() -> None:
    assert inline_html('<mark style="color:red;">**not**</mark> encrypted') == "**not** encrypted"
    assert inline_html('See <a href="https://x.org" title="a > b">the docs</a>') == (
        "See [the docs](https://x.org)"
    )
    assert inline_html("<p>one</p><p>two</p>") == "one two"
    assert inline_html("<ul><li>a</li><li>b</li></ul>") == " • a • b"
    assert inline_html('<figure><img src="m.png" alt="m.png"><figcaption><p>Map</p>'
                       "</figcaption></figure>") == "Map"  # fmt: skip
    assert inline_html("Use <code>a &lt; b</code> here") == "Use `a < b` here"


def test_a_trailing_backslash_is_a_line_break_and_a_doubled_one_is_text() -> None:
    assert inline_html("first line\\") == "first line"
    assert inline_html("a path C:\\\\") == "a path C:\\\\"


def test_outside_code_leaves_code_spans_alone() -> None:
    assert outside_code("a `<b>` <b>x</b>", inline_html) == "a `<b>` **x**"


def test_needless_escapes() -> None:
    assert drop_needless_escapes("\\(a\\) `\\(b\\)` \\*c\\* x\\_y") == "(a) `\\(b\\)` \\*c\\* x_y"
