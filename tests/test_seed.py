"""The reference user's real page must be understood exactly, quirks included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notedeck.model import Notebook, Page
from notedeck.notebook import load_notebook


@pytest.fixture
def seed(seed_page: Path) -> tuple[Notebook, Page]:
    notebook = load_notebook(seed_page, cache_dir=False)
    return notebook, notebook.pages[0]


def test_title_description_cover(seed: tuple[Notebook, Page]) -> None:
    _, page = seed
    assert page.title == "🪖 Stalin's Soviet union"
    assert page.icon == "🪖"
    assert page.description == "* soy sauce can you see me *"
    assert page.cover_y == -3.982978723404244
    assert page.cover is not None and page.cover.startswith("https://images.unsplash.com/")


def test_rise_of_stalin_factors(seed: tuple[Notebook, Page]) -> None:
    _, page = seed
    rise = page.sections[0]
    assert rise.title == "Reasons for the rise of Stalin"
    assert [sum(len(s.alternatives) for s in f.statements) for f in rise.factors] == [2, 2, 0, 1, 1]
    assert [len(f.points) for f in rise.factors] == [9, 14, 7, 10, 7]
    third = rise.factors[2]
    assert third.title == "Pretended to be close to Lenin"
    assert third.note == "not really good for essay"
    assert third.weak
    assert [f.weak for f in rise.factors] == [False, False, True, False, False]


def test_empty_impact_sections(seed: tuple[Notebook, Page]) -> None:
    notebook, page = seed
    empty = [s.title for s in page.sections if s.empty]
    assert empty == [
        "Economic impact of Stalin",
        "Political impact of Stalin",
        "Social impact of Stalin",
    ]
    flagged = [f.line for f in notebook.all_findings() if f.code == "EMPTY_SECTION"]
    assert flagged == [s.line for s in page.sections if s.empty]


def test_repairs_and_spelling_findings(seed: tuple[Notebook, Page]) -> None:
    notebook, _ = seed
    findings = notebook.all_findings()
    assert [f.line for f in findings if f.code == "MOJIBAKE_REPAIRED"] == [8]
    spelling = [f.message for f in findings if f.code == "INCONSISTENT_SPELLING"]
    assert len(spelling) == 1
    assert "sectary-general" in spelling[0] and "secretary-general" in spelling[0].lower()
    assert [f.line for f in findings if f.code == "REPEATED_WORD"] == [39]


def test_no_entity_left_anywhere(seed: tuple[Notebook, Page]) -> None:
    notebook, _ = seed
    dumped = json.dumps(notebook.to_dict(), ensure_ascii=False)
    assert "&#x20;" not in dumped and "&#" not in dumped
    statement = notebook.pages[0].sections[0].factors[1].statements[0].alternatives[0]
    assert statement.endswith("Stalin was able to rise to power.")
