"""The bundled example notebook: our own GitBook space, with every quirk of a real page."""

from __future__ import annotations

import pytest

from notedeck.model import Notebook
from notedeck.notebook import load_notebook


@pytest.fixture(scope="module")
def example() -> Notebook:
    return load_notebook(cache_dir=False)


def test_summary_order_is_not_alphabetical(example: Notebook) -> None:
    ids = [p.id for p in example.pages]
    assert ids[0] == "README.md"
    assert ids != sorted(ids)
    essay_pages = [p for p in example.pages if sum(len(s.factors) for s in p.sections) >= 4]
    assert len(essay_pages) >= 3


def test_quirks_page(example: Notebook) -> None:
    page = example.page("ussr-power-struggle.md")
    assert page.title.startswith("🚩 ") and page.icon == "🚩"
    assert page.description and page.cover and page.cover_y == -12.5
    codes = {f.code for f in page.findings}
    assert {"MOJIBAKE_REPAIRED", "EMPTY_SECTION", "WEAK_FACTOR", "REPEATED_WORD"} <= codes
    factors = [f for _, f in page.factors()]
    assert max(len(s.alternatives) for f in factors for s in f.statements) == 3
    assert any(f.title == "The Kronstadt rising (1921)" and f.note is None for f in factors)
    assert sum(1 for s in page.sections if s.empty) == 3
    assert "&#" not in str(page.to_dict())
    assert any(f.code == "INCONSISTENT_SPELLING" and f.page == page.id for f in example.findings)


def test_same_factor_title_on_two_pages(example: Notebook) -> None:
    owners = [
        p.id
        for p in example.pages
        for _, f in p.factors()
        if f.title == "Impact of the Great Depression"
    ]
    assert len(owners) == 2


def test_bold_factors_and_explicit_cards(example: Notebook) -> None:
    weimar = example.page("weimar-republic.md")
    assert "Hyperinflation" in [f.title for _, f in weimar.factors()]
    cards = [
        c for s in example.page("cold-war-cards.md").sections for p in s.points for c in p.cards
    ]
    assert {c.kind.value for c in cards} == {"basic", "reversed", "cloze"}
