"""GitBook `{% … %}` tags: rewritten in place, one line each, and never across lines."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.cli.render import outline_text
from notedeck.model import Page
from notedeck.parse.gitbook import read_gitbook, rewrite_blocks
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source
from tests.helpers import FIXTURES

# Found by bench/fuzz.py: an unclosed tag matched up to the next tag's `%}`, so the lines in
# between vanished and every later line number moved up.
UNCLOSED = (
    "# Stalin\n"
    '{% tab title="Opposition"\n'
    "* Trotsky was exiled in 1929\n"
    '{% hint style="info" %}\n'
    "Remember the show trials.\n"
    "{% endhint %}\n"
    "* Kamenev was shot in 1936\n"
)


def test_an_unclosed_tag_is_left_as_text_and_swallows_no_line() -> None:
    rewritten = rewrite_blocks(UNCLOSED)
    assert rewritten.splitlines() == [
        "# Stalin",
        '{% tab title="Opposition"',
        "* Trotsky was exiled in 1929",
        "",
        "Remember the show trials.",
        "",
        "* Kamenev was shot in 1936",
    ]


def test_points_after_an_unclosed_tag_keep_their_text_and_file_lines() -> None:
    page = outline_page("p.md", Path("p.md"), read_source(UNCLOSED.encode(), "p.md"))
    points = [(p.text, p.line) for s in page.sections for p in s.points]
    assert ("Trotsky was exiled in 1929", 3) in points
    assert ("Kamenev was shot in 1936", 7) in points


def test_thousands_of_unclosed_tags_are_kept_line_for_line() -> None:
    text = '    visible{% tab title=": true\n' * 3_000 + "{% hint %}\n* Lenin died in 1924\n"
    rewritten = rewrite_blocks(text)
    assert rewritten.count("\n") == text.count("\n")
    assert rewritten.endswith("\n\n* Lenin died in 1924\n")


# ---------------------------------------------------------------- GitBook's own Markdown
# Each block and inline form of GitBook's Markdown documentation, as its editor writes it,
# and what a reader of the outline sees.


def _page(text: str) -> Page:
    return outline_page("p.md", Path("p.md"), read_source(text.encode(), "p.md"))


def _outline(text: str) -> str:
    """The page's outline as `notedeck show` prints it, without the title line."""
    return "".join(outline_text(_page(text)).splitlines(keepends=True)[1:])


def test_a_hint_keeps_its_text_and_its_style() -> None:
    page = _page(
        '# P\n\n## Trials\n\n{% hint style="warning" %}\nRemember the show trials.\n'
        "{% endhint %}\n\n* Kamenev was shot in 1936\n"
    )
    points = page.sections[0].points
    assert [(p.text, p.line, p.block) for p in points] == [
        ("Remember the show trials.", 6, "hint:warning"),
        ("Kamenev was shot in 1936", 9, ""),
    ]


def test_tab_titles_are_sub_headings_of_the_section_they_sit_in() -> None:
    text = (
        "# Install\n\n## Windows or macOS\n\nPick yours.\n\n{% tabs %}\n"
        '{% tab title="Windows" %}\n1. Run the installer\n{% endtab %}\n\n'
        '{% tab title="macOS" %}\n1. Open the dmg\n2. Drag it to Applications\n{% endtab %}\n'
        "{% endtabs %}\n\nThen restart.\n\n## Next\n"
    )
    assert _outline(text) == (
        "  Windows or macOS\n"
        "    Pick yours.\n"
        "    Then restart.\n"
        "    Windows\n"
        "      Run the installer\n"
        "    macOS\n"
        "      Open the dmg\n"
        "      Drag it to Applications\n"
        "  Next  (empty)\n"
    )
    factors = _page(text).sections[0].factors
    assert [(f.title, f.line, f.block) for f in factors] == [
        ("Windows", 8, "tab"),
        ("macOS", 12, "tab"),
    ]


def test_tabs_under_a_factor_become_deeper_sub_headings() -> None:
    text = (
        '# P\n\n## Setup\n\n### Install\n\n{% tabs %}\n{% tab title="pip" %}\n'
        "* pip install x\n{% endtab %}\n{% endtabs %}\n\n* Check the version\n"
    )
    factor = _page(text).sections[0].factors[0]
    tab, after = factor.points
    assert (tab.text, tab.block, [c.text for c in tab.children]) == (
        "pip",
        "tab",
        ["pip install x"],
    )
    assert after.text == "Check the version"


def test_steps_are_titled_by_their_heading_or_numbered() -> None:
    text = (
        "# Start\n\n## Get going\n\n{% stepper %}\n{% step %}\n## Create an account\n"
        "Sign up with your email.\n{% endstep %}\n\n{% step %}\nVerify it.\n{% endstep %}\n"
        "{% endstepper %}\n"
    )
    section = _page(text).sections[0]
    assert [(f.title, f.block, [p.text for p in f.points]) for f in section.factors] == [
        ("Create an account", "step", ["Sign up with your email."]),
        ("Step 2", "step", ["Verify it."]),
    ]


def test_an_update_keeps_its_date_in_its_heading() -> None:
    text = (
        '# Changelog\n\n{% updates format="full" %}\n{% update date="2024-05-01" %}\n'
        "## Anki export\nCards export to Anki.\n{% endupdate %}\n\n"
        '{% update date="2024-06-10" %}\nSpelling is quieter.\n{% endupdate %}\n{% endupdates %}\n'
    )
    sections = _page(text).sections
    assert [(s.title, s.block, [p.text for p in s.points]) for s in sections] == [
        ("2024-05-01 — Anki export", "update", ["Cards export to Anki."]),
        ("2024-06-10", "update", ["Spelling is quieter."]),
    ]


def test_an_expandable_block_is_a_sub_heading_titled_by_its_summary() -> None:
    text = (
        "# FAQ\n\n## Billing\n\n<details>\n\n<summary>Can I pay <strong>yearly</strong>?</summary>"
        "\n\nYes, with a discount.\n\n</details>\n\nContact us otherwise.\n"
    )
    section = _page(text).sections[0]
    assert [(f.title, f.block) for f in section.factors] == [("Can I pay **yearly**?", "details")]
    assert [p.text for p in section.factors[0].points] == ["Yes, with a discount."]
    assert [p.text for p in section.points] == ["Contact us otherwise."]


def test_code_with_a_title_keeps_its_code_and_the_title_as_its_block() -> None:
    text = (
        '# P\n\n{% code title="app.py" lineNumbers="true" %}\n```python\n'
        'print("{% raw %}")\n```\n{% endcode %}\n'
    )
    (point,) = _page(text).sections[0].points
    assert (point.text, point.code, point.block) == ('print("{% raw %}")', True, "code:app.py")


def test_embed_content_ref_and_file_show_what_they_point_at() -> None:
    text = (
        '# P\n\n{% embed url="https://www.youtube.com/watch?v=abc" %}\nA talk\n{% endembed %}\n\n'
        '{% content-ref url="setup.md" %}\n[setup.md](setup.md)\n{% endcontent-ref %}\n\n'
        '{% file src=".gitbook/assets/syllabus.pdf" %}\nThe syllabus\n{% endfile %}\n'
    )
    points = _page(text).sections[0].points
    assert [(p.text, p.block) for p in points] == [
        ("https://www.youtube.com/watch?v=abc\nA talk", "embed"),
        ("[setup.md](setup.md)", ""),
        ("syllabus.pdf\nThe syllabus", "file"),
    ]


def test_swagger_and_openapi_blocks_are_titled_by_method_and_path() -> None:
    text = (
        "# API\n\n## Pets\n\n"
        '{% swagger method="get" path="/pets" baseUrl="https://api.x.org" summary="List pets" %}\n'
        "{% swagger-description %}\nEvery pet.\n{% endswagger-description %}\n\n"
        '{% swagger-parameter in="query" name="limit" type="int" required="true" %}\n'
        "How many.\n{% endswagger-parameter %}\n\n"
        '{% swagger-response status="200: OK" description="The pets" %}\n'
        "{% endswagger-response %}\n{% endswagger %}\n\n"
        '{% openapi src="https://x.org/spec.yaml" path="/pets/{id}" method="delete" %}\n'
        "[https://x.org/spec.yaml](https://x.org/spec.yaml)\n{% endopenapi %}\n"
    )
    factors = _page(text).sections[0].factors
    assert [(f.title, f.block) for f in factors] == [
        ("GET /pets — List pets", "api"),
        ("DELETE /pets/{id}", "api"),
    ]
    assert [p.text for p in factors[0].points] == [
        "Every pet.",
        "limit (int, query, required)\nHow many.",
        "Response 200: OK: The pets",
    ]


def test_an_include_not_read_is_told_not_hidden() -> None:
    page = _page('# P\n\nBefore.\n\n{% include "../.gitbook/includes/pricing.md" %}\n')
    assert [p.text for p in page.sections[0].points] == ["Before."]
    (finding,) = [f for f in page.findings if f.code == "BAD_INCLUDE"]
    assert (finding.line, "pricing.md" in finding.message) == (5, True)


def test_mention_links_buttons_and_icons_read_as_their_words() -> None:
    page = _page(
        '# P\n\n* See [contributing](community/contributing/ "mention") first\n'
        '* And [](guides/getting-started.md "mention")\n'
        '* Or [#inline-text-options](syntax.md#inline-text-options "mention")\n'
        '* <i class="fa-github">:github:</i> Our <a href="https://x.org" class="button primary">'
        "repository</a>\n"
    )
    assert [p.text for p in page.sections[0].points] == [
        "See contributing first",
        "And getting started",
        "Or Inline text options",
        "Our [repository](https://x.org)",
    ]


def test_inline_html_reads_as_its_words() -> None:
    page = _page(
        "# P\n\n"
        '* A <mark style="color:blue;">marked</mark> and <mark style="background-color:red;">'
        "**bold**</mark> word\n"
        '* <figure><img src=".gitbook/assets/map.png" alt="map.png"><figcaption><p>Europe in 1914'
        "</p></figcaption></figure>\n"
        '* Before <picture><source srcset="dark.png" media="(prefers-color-scheme: dark)">'
        '<img src="light.png" alt="logo"></picture>after\n'
        '* An <img src="x.png" alt="x.png"> image\n'
        "* One line\\\n  and the next\n"
    )
    assert [p.text for p in page.sections[0].points] == [
        "A marked and **bold** word",
        "Europe in 1914",
        "Before after",
        "An  image",
        "One line\nand the next",
    ]


def test_anchors_are_dropped_from_headings() -> None:
    page = _page('# P\n\n## <a href="#setup" id="setup"></a> Setup\n\n### Install <a id="i"></a>\n')
    assert page.sections[0].title == "Setup"
    assert page.sections[0].factors[0].title == "Install"


def test_a_pre_code_block_keeps_its_lines_and_decodes_entities() -> None:
    page = _page(
        '# P\n\n<pre class="language-bash"><code class="lang-bash">if [ 1 &lt; 2 ]; then\n'
        '  echo <mark>"hi"</mark> &amp;&amp; exit\nfi\n</code></pre>\n\nAfter.\n'
    )
    code, after = page.sections[0].points
    assert (code.text, code.code, code.line) == (
        'if [ 1 < 2 ]; then\n  echo "hi" && exit\nfi',
        True,
        3,
    )
    assert (after.text, after.line) == ("After.", 8)


def test_nothing_inside_fenced_or_inline_code_is_rewritten() -> None:
    shown = (
        '```markdown\n{% hint style="info" %}\n<mark>x</mark> [a](b "mention")\n{% endhint %}\n```'
    )
    page = _page(f"# P\n\n{shown}\n\n* Write `{{% tabs %}}` and `<mark>` as is\n")
    code, point = page.sections[0].points
    assert code.text == shown.split("\n", 1)[1].rsplit("\n", 1)[0]
    assert point.text == "Write `{% tabs %}` and `<mark>` as is"


def test_named_entities_in_prose_are_decoded_but_not_in_code() -> None:
    page = _page("# P\n\n* Each &lt;intent-filter&gt; tag &amp; `&lt;b&gt;`\n")
    assert page.sections[0].points[0].text == "Each `<intent-filter>` tag & `&lt;b&gt;`"


def test_every_rewrite_keeps_the_page_line_for_line() -> None:
    text = (FIXTURES / "gitbook-real" / "BeefreeSDK+beefree-sdk-docs" / "README.md").read_text()
    assert read_gitbook(text).text.count("\n") == text.count("\n")


_PIECES = st.sampled_from(
    [
        "{% tabs %}", '{% tab title="A" %}', "{% endtab %}", "{% endtabs %}", "{% stepper %}",
        "{% step %}", "{% endstep %}", "{% endstepper %}", '{% hint style="info" %}',
        "{% endhint %}", '{% update date="2024-01-01" %}', "{% endupdate %}", "{% code %}",
        "{% endcode %}", '{% include "x.md" %}', "<details>", "<summary>S</summary>",
        "</details>", "<table><tr><td>a</td></tr>", "</table>", "<pre><code>", "</code></pre>",
        '<mark style="x">', "</mark>", '[a](b "mention")', "<figure>", "```", "`", "## H",
        "### F", "* item", "1. step", "| a | b |", "|---|---|", "text", "\\", "&lt;", " ", "\n",
        "\n\n", "  ",
    ]
)  # fmt: skip


@given(st.lists(_PIECES, max_size=60))
@settings(max_examples=300, deadline=None)
def test_any_mix_of_gitbook_forms_keeps_every_line_and_never_raises(pieces: list[str]) -> None:
    text = "".join(pieces)
    rewritten = read_gitbook(text)
    assert rewritten.text.count("\n") == text.count("\n")
    page = _page(text)
    last = text.count("\n") + 1
    lines = [p.line for s in page.sections for p in s.points] + [s.line for s in page.sections]
    assert all(1 <= line <= last for line in lines)


def test_needless_escapes_go_and_meaningful_ones_stay() -> None:
    page = _page(
        "# P\n\n"
        "* Axon \\(the default\\) on port 22 \\~ SSH, see local\\_1d\n"
        "* Not \\*bold\\*, a \\<b> tag, \\[not\\](a link), `\\(code\\)` and \\{% raw %\\}\n"
    )
    assert [p.text for p in page.sections[0].points] == [
        "Axon (the default) on port 22 ~ SSH, see local_1d",
        "Not \\*bold\\*, a \\<b> tag, [not\\](a link), `\\(code\\)` and \\{% raw %\\}",
    ]
