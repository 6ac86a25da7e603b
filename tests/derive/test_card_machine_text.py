"""Cards from documentation notes: no URL, path, file, version, anchor, markup or code."""

from __future__ import annotations

from pathlib import Path

from notedeck.derive.cards import derive_cards
from notedeck.derive.machine import machine_spans
from notedeck.notebook import load_notebook
from tests.helpers import write_notes

DOCS = """---
description: How to install and configure the Acme CLI.
---

# Acme CLI

## Installing

### Requirements

* Acme needs Python, first released by Guido van Rossum in 1991.
* Download the installer from https://acme.example.com/download and run it.
* The installer writes its settings to config/settings.yaml on first start.
* See the [setup guide](setup.md#first-run) and the diagram in docs/img/overview.png.

### Versions

* Version v2.3.1 was released in 2021 and fixed the login bug.
* The 1.0.0-beta build from 2019 added plugins.

## Configuring

### Options

* Set timeout=30 in the file to wait thirty seconds.
* Call `acme.connect()` or x = foo() before anything else.
* The Acme company was founded by Ada Lovelace Jones in London in 2015.
* <mark style="color:blue;">Blue text</mark> marks the paid features.
"""


def _cards(tmp_path: Path) -> list[tuple[str, str]]:
    notebook = load_notebook(write_notes(tmp_path / "docs", {"acme.md": DOCS}), cache_dir=False)
    return [(card.front, card.back) for card in derive_cards(notebook)]


def test_no_card_from_documentation_holds_machine_text(tmp_path: Path) -> None:
    cards = _cards(tmp_path)
    leaks = [(front, back) for front, back in cards if machine_spans(front + "\n" + back)]
    assert leaks == []
    text = "\n".join(front + "\n" + back for front, back in cards)
    for token in ("v2.3.1", "1.0.0-beta", "settings.yaml", "https://", "overview.png",
                  "#first-run", "foo()", "timeout=30", "style="):  # fmt: skip
        assert token not in text


def test_the_facts_of_documentation_still_make_cards(tmp_path: Path) -> None:
    backs = {back for _, back in _cards(tmp_path)}
    assert "1991" in backs  # Python's first release
    assert "2015" in backs  # the company's founding
