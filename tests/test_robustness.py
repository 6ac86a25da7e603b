"""Arbitrary input never raises out of the reader or the outliner."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notedeck.derive.health import check_page
from notedeck.derive.spelling import index_words
from notedeck.notebook import PageRecord, build_page
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source

# Text biased towards the syntax the outliner cares about, so the rules are exercised.
_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "### ",
        "#### ",
        "* ",
        "  * ",
        "1. ",
        "**",
        "S:",
        "OR",
        "\n",
        "\n\n",
        "---\n",
        "(",
        ")",
        "not good for essay",
        "1924",
        "&#x20;",
        "::",
        ":::",
        "==",
        "{{c1::",
        "}}",
        "?",
        "{% hint %}",
        "{% endhint %}",
        "[[a|b]]",
        "ðŸª–",
        "\r\n",
        "`",
        "> ",
        "<div>",
        "P: ",
        "\t",
    ]
)
NOTE_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)


def build_text(text: str) -> PageRecord:
    # surrogatepass lets lone surrogates through as invalid UTF-8: the cp1252 path gets tested.
    return build_page("p.md", Path("p.md"), text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(NOTE_TEXT)
def test_any_text_is_outlined(text: str) -> None:
    record = build_text(text)
    check_page(record.page)
    index_words(record.page)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read(data: bytes) -> None:
    source = read_source(data, "p.md")
    outline_page("p.md", Path("p.md"), source)


def test_a_five_megabyte_line() -> None:
    data = b"* " + b"Stalin \xc3\xa9 " * 500_000 + b"\n"
    record = build_page("big.md", Path("big.md"), data)
    assert record.page.sections[0].points[0].text.startswith("Stalin é")
