"""HTML blocks: tables as rows (GitBook's hidden columns left out), `<pre>` as code."""

from __future__ import annotations

from pathlib import Path

from notedeck.model import Table
from notedeck.parse.html_blocks import html_code, html_table
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source

GITBOOK_CARDS = (
    '<table data-view="cards"><thead><tr><th></th><th data-hidden data-card-target '
    'data-type="content-ref"></th></tr></thead><tbody><tr><td><strong>Quickstart</strong>'
    '</td><td><a href="start.md">start.md</a></td></tr><tr><td>API <br>reference</td>'
    '<td><a href="api.md">api.md</a></td></tr></tbody></table>'
)


def test_an_html_table_keeps_header_and_rows_and_drops_hidden_columns() -> None:
    assert html_table(GITBOOK_CARDS) == Table((), (("**Quickstart**",), ("API reference",)))
    simple = (
        "<table>\n<thead>\n<tr><th>Year</th><th>Event</th></tr>\n</thead>\n"
        "<tr><td>1917</td><td>October &amp; after</td></tr>\n</table>"
    )
    assert html_table(simple) == Table(("Year", "Event"), (("1917", "October & after"),))


def test_cells_keep_code_and_emphasis_and_a_row_of_th_is_the_header() -> None:
    table = html_table(
        "<table><tr><th>Command</th><th>Does</th></tr><tr><td><b><code>rm &lt;file&gt;</code>"
        "</b></td><td><p>Removes it - <b>cannot</b> be undone</p><p><b></b></p></td></tr></table>"
    )
    assert table == Table(
        ("Command", "Does"), (("**`rm <file>`**", "Removes it - **cannot** be undone"),)
    )


def test_an_html_table_with_no_cells_is_no_table() -> None:
    assert html_table("<table></table>") is None
    assert html_table("<table><tr><td>  </td></tr>") is None


def test_pre_code_keeps_lines_drops_tags_and_decodes_entities() -> None:
    source = '<pre><code class="lang-js">a &lt; b\n  <span>c</span> &amp;&amp; d\n</code></pre>'
    assert html_code(source) == "a < b\n  c && d"


def test_a_markdown_table_is_a_point_with_rows_not_text() -> None:
    text = (
        "# Treaties\n\n## Peace\n\n| Year | Treaty |\n| --- | --- |\n"
        "| **1919** | Versailles |\n| 1925 | Locarno \\| Rhineland |\n\nAfter.\n"
    )
    page = outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))
    table, after = page.sections[0].points
    assert (table.text, table.line) == ("", 5)
    assert table.table == Table(
        ("Year", "Treaty"), (("**1919**", "Versailles"), ("1925", "Locarno | Rhineland"))
    )
    assert table.to_dict()["table"] == {
        "header": ["Year", "Treaty"],
        "rows": [["**1919**", "Versailles"], ["1925", "Locarno | Rhineland"]],
    }
    assert after.text == "After."


def test_an_html_table_on_a_page_is_a_point_with_rows() -> None:
    text = f"# Docs\n\n## Start here\n\n{GITBOOK_CARDS}\n"
    page = outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))
    (point,) = page.sections[0].points
    assert point.table == Table((), (("**Quickstart**",), ("API reference",)))


def test_emphasis_marks_hug_their_words() -> None:
    table = html_table(
        "<table><tr><th>Does</th></tr><tr><td>Saves the <b>output</b> of<em> file 1 </em>to"
        "<em> file 2</em> and <b> </b>more</td></tr></table>"
    )
    assert table == Table(("Does",), (("Saves the **output** of *file 1* to *file 2* and more",),))


def test_a_tag_the_author_escaped_shows_as_code_and_an_empty_escaped_pair_as_nothing() -> None:
    text = (
        "# HTML\n\n## Embedding\n\n"
        "- The [&lt;iframe&gt;](https://example.org/iframe) tag embeds a page\n"
        "- Removes the file &lt;b&gt;&lt;/b&gt; for good\n\n"
        "<table><tr><th>How</th></tr><tr><td>Drop in a &#x3C;script> tag</td></tr></table>\n"
    )
    page = outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))
    iframe, removes, table = page.sections[0].points
    assert iframe.text == "The [`<iframe>`](https://example.org/iframe) tag embeds a page"
    assert removes.text == "Removes the file for good"
    assert table.table == Table(("How",), (("Drop in a `<script>` tag",),))
