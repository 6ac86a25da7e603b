"""`web/render.py` alone: a page's Markdown to the reader's HTML, pure and sanitised."""

from __future__ import annotations

import re
from pathlib import Path

from notedeck.notebook import build_page
from notedeck.parse.source import read_source
from notedeck.web.render import Links, RenderedPage, render_page

LINKS = Links(
    frozenset({"notes/a.md", "notes/b.md"}),
    lambda page: f"/page/{page}",
    lambda path: f"/asset/{path}",
    {"notes/a.md": "Page A", "notes/b.md": "Page B"},
)


def _render(text: str, page_id: str = "notes/a.md") -> RenderedPage:
    data = text.encode()
    page = build_page(page_id, Path(page_id), data).page
    return render_page(page, read_source(data, page_id).body, links=LINKS)


def test_blocks_keep_their_file_lines_as_anchors() -> None:
    rendered = _render("---\ndescription: x\n---\n\n# Title\n\n## Causes\n\n* one\n* two\n")
    assert 'id="L7"' in rendered.html and 'id="L9"' in rendered.html
    assert 'id="L10"' in rendered.html
    assert rendered.title_line == 5 and "Title" not in rendered.html
    assert rendered.anchor_for(8) == 7 and rendered.anchor_for(10) == 10


def test_gitbook_blocks_become_call_outs_tabs_and_links() -> None:
    html = _render(
        '# T\n\n{% hint style="danger" %}\nCareful **now**\n{% endhint %}\n\n'
        '{% tabs %}\n{% tab title="One" %}\nfirst\n{% endtab %}\n'
        '{% tab title="Two" %}\nsecond\n{% endtab %}\n{% endtabs %}\n\n'
        '{% embed url="https://example.org/v" %}\n\n'
        '{% content-ref url="b.md" %}\n[b.md](b.md)\n{% endcontent-ref %}\n'
    ).html
    assert 'class="hint hint-danger"' in html and "Careful" in html
    assert html.count('class="tab"') == 2 and 'data-title="Two"' in html
    assert '<a href="https://example.org/v"' in html
    assert '<a href="/page/notes/b.md"' in html and "Page B" in html
    assert "{%" not in html


def test_an_unclosed_hint_holds_the_rest_of_the_page() -> None:
    html = _render('# T\n\n{% hint style="info" %}\nstill inside\n\n## Later\n').html
    assert html.index("hint-info") < html.index("still inside") < html.index("Later")


def test_links_stay_inside_the_notebook() -> None:
    html = _render(
        "# T\n\n* [other](b.md#part) and ![pic](img/p.png)\n"
        "* [out](../../etc/passwd) and [web](https://example.org) and [js](javascript:alert(1))\n"
    ).html
    assert 'href="/page/notes/b.md#part"' in html
    assert 'src="/asset/notes/img/p.png"' in html
    assert "passwd" not in html and "../" not in html
    assert 'href="https://example.org"' in html
    assert "javascript" not in html


def test_note_html_is_sanitised() -> None:
    html = _render(
        '# T\n\n<script>alert(1)</script>\n\n<img src="x" onerror="alert(2)">\n\n'
        '* <b onclick="alert(3)">bold</b> <iframe src="https://e.org"></iframe>\n'
    ).html
    for bad in ("<script", "onerror", "onclick", "<iframe", "alert(1)"):
        assert bad not in html, bad
    assert re.search(r"<(b|strong)\b[^>]*>(<span[^>]*>)?bold<", html), html  # still bold


def test_self_test_marks_dates_names_and_bold_terms_but_not_code() -> None:
    html = _render(
        "# T\n\n## Causes\n\n### Money\n\n"
        "* In **1923** Stresemann ended hyperinflation in Germany with the `Rentenmark 1923`\n"
    ).html
    assert '<strong class="st">' in html
    assert '<span class="st">Stresemann</span>' in html
    assert "<code>Rentenmark 1923</code>" in html


def test_factor_extras_and_empty_sections() -> None:
    html = _render(
        "# T\n\n## Causes\n\n### Army (weak for essays)\n\n* point\n"
        "* **S: The army mattered**\n\n## Consequences\n"
    ).html
    assert 'class="badge weak"' in html and "weak for essays" in html
    assert 'class="links"' in html and "The army mattered" in html
    assert 'class="statement"' in html
    assert "Still to write" in html
