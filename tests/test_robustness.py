"""Arbitrary input never raises out of the reader, the outliner or the notebook loader:
any text, any bytes, and any file tree (odd names, special files, huge and deep pages)."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.derive.cards import derive_cards
from notedeck.derive.health import check_page
from notedeck.derive.spelling import index_words
from notedeck.notebook import PageRecord, build_page, load_notebook
from notedeck.parse.outline import outline_page
from notedeck.parse.source import read_source
from tests.helpers import as_new_process

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


# ---------------------------------------------------------------- file trees

_CAP = 64 * 1024  # a small page cap, so that "huge" pages cost little to make
_READ = ("text", "deep", "binary", "long line")
_SKIPS = {
    "huge": "PAGE_TOO_BIG",
    "fifo": "NOT_A_FILE",
    "zero": "NOT_A_FILE",
    "dangling": "UNREADABLE_FILE",
    "loop": "UNREADABLE_FILE",
}
# Bytes that are not UTF-8 come in as lone surrogates, as `os.fsdecode` gives them.
_ODD_NAMES = st.sampled_from(
    [
        "caf\udce9",
        "\udcff\udcfe",
        "a b",
        "  spaced  ",
        "x" * 200,
        "é" * 100,
        "emoji 🪖",
        "[[link]]",
        "#1",
        "-",
        "SUMMARY",
        "README",
    ]
)
_NAMES = st.one_of(
    _ODD_NAMES,
    st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"),
        min_size=1,
        max_size=12,
    ),
)


Entry = tuple[tuple[str, ...], str, str, str | bytes | int]


@st.composite
def _trees(draw: st.DrawFn) -> list[Entry]:
    """Entries (folders, file name, kind, what to write), names unique by a number in front.

    Big contents are written by `_make` from a size, so a failing example prints short.
    """
    entries = []
    for number in range(draw(st.integers(1, 7))):
        folders = tuple(
            draw(st.sampled_from(["", ".", "node_modules"])) + f"d{depth}-" + draw(_NAMES)
            if draw(st.integers(0, 5))
            else draw(st.sampled_from([".hidden", "node_modules", f"d{depth}.md"]))
            for depth in range(draw(st.integers(0, 2)))
        )
        name = ("." if draw(st.integers(0, 9)) == 0 else "") + f"{number}-" + draw(_NAMES)
        name += draw(st.sampled_from([".md", ".md", ".MD", ".markdown", ".txt"]))
        kind = draw(st.sampled_from([*_READ, *_SKIPS, "text", "folder", "folder link"]))
        content: str | bytes | int = 0
        if kind == "text":
            content = draw(NOTE_TEXT)
        elif kind == "binary":
            content = draw(st.binary(max_size=300))
        elif kind == "deep":
            content = draw(st.integers(30, 200))  # levels of nesting: ~43 KB at most
        entries.append((folders, name, kind, content))
    return entries


def _content(kind: str, content: str | bytes | int) -> bytes:
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8", errors="surrogatepass")
    if kind == "deep":
        return "".join("  " * n + f"* {n} in {1500 + n}\n" for n in range(content)).encode()
    if kind == "long line":  # just under the cap
        return b"* " + b"Stalin \xc3\xa9 " * (_CAP // 12) + b"\n"
    return b"* x\n" * (_CAP // 4 + 1)  # huge: just over the cap


def _make(root: Path, entries: list[Entry]) -> dict[str, str]:
    """Make the tree; the page ids (as shown) notedeck should meet, with their kinds."""
    expected = {}
    for folders, name, kind, content in entries:
        folder = root.joinpath(*folders)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / name
        if kind == "folder":
            path.mkdir()
        elif kind == "folder link":  # a loop: a link to the notebook inside itself
            path.symlink_to(root, target_is_directory=True)
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "zero":
            path.symlink_to("/dev/zero")
        elif kind == "dangling":
            path.symlink_to(folder / "nowhere")
        elif kind == "loop":
            path.symlink_to(path)
        else:
            path.write_bytes(_content(kind, content))
        seen = not any(part.startswith(".") or part == "node_modules" for part in folders)
        if seen and not name.startswith(".") and name.lower().endswith((".md", ".markdown")):
            relative = "/".join((*folders, name))
            expected[os.fsencode(relative).decode("utf-8", "replace")] = kind
    return expected


@pytest.mark.skipif(sys.platform != "linux", reason="names that are not UTF-8, FIFOs")
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(_trees(), st.booleans())
def test_any_file_tree_is_read_or_skipped_with_a_finding(
    entries: list[Entry], cached: bool
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp) / "notes"
        root.mkdir()
        expected = _make(root, entries)
        cache = Path(temp) / "cache" if cached else False
        loads = 2 if cached else 1  # cold, then warm from the cache
        for _ in range(loads):
            as_new_process()
            notebook = load_notebook(root, cache_dir=cache, max_page_bytes=_CAP, workers=1)
            findings = notebook.all_findings()
            skipped = {f.page: f.code for f in findings if f.code in set(_SKIPS.values())}
            assert set(notebook.page_ids()) == {i for i, k in expected.items() if k in _READ}
            assert skipped == {i: _SKIPS[k] for i, k in expected.items() if k in _SKIPS}
            for page_id in skipped:  # the finding names the file
                assert any(page_id in f.message for f in findings if f.page == page_id)
            # Everything printed or stored is valid UTF-8: no lone surrogate gets through.
            json.dumps(notebook.to_dict(), ensure_ascii=False).encode("utf-8")
            cards = derive_cards(notebook)
            assert all(card.source.page in expected for card in cards)
        result = CliRunner().invoke(
            app, ["--max-page-mb", str(_CAP / 2**20), "check", "--json", str(root)]
        )
        if notebook.pages:
            assert result.exit_code in (0, 1), result.output
            reported = {f["page"] for f in json.loads(result.stdout)["findings"]}
            assert set(skipped) <= reported
        else:
            assert result.exit_code == 2
            assert result.stderr.startswith(f"Error: no Markdown notes found in {root}")
