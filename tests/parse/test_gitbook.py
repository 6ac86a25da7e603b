"""GitBook `{% … %}` tags: rewritten in place, one line each, and never across lines."""

from __future__ import annotations

from pathlib import Path

from notedeck.parse.gitbook import rewrite_blocks
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source

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
