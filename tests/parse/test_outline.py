"""Outline rules: sections, factors, points, statements, labels, notes and GitBook blocks."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck.model import CardKind, Label, Page
from notedeck.parse.outline import outline_page, split_factor_heading, years_in
from notedeck.parse.source import read_source
from tests.helpers import NOTES


def outline(text: str, page_id: str = "p.md") -> Page:
    return outline_page(page_id, Path(page_id), read_source(text.encode(), page_id))


@pytest.fixture(scope="module")
def structure() -> Page:
    path = NOTES / "structure.md"
    return outline_page("structure.md", path, read_source(path.read_bytes(), "structure.md"))


def test_page_metadata(structure: Page) -> None:
    assert structure.title == "📜 The road to war"
    assert structure.icon == "📜"
    assert structure.description == "Fixture for the outline rules"
    assert structure.cover_y == 12.0


def test_hint_block_text_stays_in_place(structure: Page) -> None:
    intro = structure.sections[0]
    assert intro.title == structure.title
    assert [(p.text, p.line) for p in intro.points] == [("Remember the Munich dates.", 9)]


def test_sections_and_factors(structure: Page) -> None:
    assert [s.title for s in structure.sections] == [
        "📜 The road to war",
        "Causes of the Second World War",
        "Consequences of the war",
        "Revision cards",
        "Still to write",
    ]
    causes = structure.sections[1]
    assert [f.title for f in causes.factors] == [
        "Appeasement (1935–39)",
        "The Nazi-Soviet Pact",
        "Italian ambitions",
    ]
    assert [s.empty for s in structure.sections] == [False, False, False, False, True]


def test_or_joins_statements_and_others_stay_separate(structure: Page) -> None:
    appeasement = structure.sections[1].factors[0]
    assert [s.alternatives for s in appeasement.statements] == [
        (
            "Appeasement let Hitler grow stronger without a fight",
            "By giving way, Britain and France made war more likely later",
        ),
        ("A second, separate link",),
    ]
    assert appeasement.statements[0].line == 19
    assert appeasement.statements[0].preferred.startswith("Appeasement let")


def test_labelled_lines(structure: Page) -> None:
    points = structure.sections[1].factors[0].points
    assert [(p.label, p.text[:20]) for p in points] == [
        (None, "Britain and France l"),
        (Label.POINT, "Appeasement encourag"),
        (Label.EXPLANATION, "Each concession conv"),
    ]


def test_notes_in_factor_headings(structure: Page) -> None:
    pact, italy = structure.sections[1].factors[1:]
    assert (pact.note, pact.weak) == ("see also Poland", False)
    assert (italy.title, italy.note, italy.weak) == ("Italian ambitions", "not needed", True)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        (
            "Pretended to be close to Lenin (not really good for essay)",
            ("Pretended to be close to Lenin", "not really good for essay", True),
        ),
        ("Foreign intervention (weak)", ("Foreign intervention", "weak", True)),
        ("The Kronstadt rising (1921)", ("The Kronstadt rising (1921)", None, False)),
        ("Collectivisation (1928–1933)", ("Collectivisation (1928–1933)", None, False)),
        ("War Communism (1918-21)", ("War Communism (1918-21)", None, False)),
        ("The purges (c. 1936)", ("The purges (c. 1936)", None, False)),
        ("The Munich crisis (September 1938)", ("The Munich crisis (September 1938)", None, False)),
        ("Propaganda (use in the 1933 essay)", ("Propaganda", "use in the 1933 essay", False)),
        ("Kulaks (don't use)", ("Kulaks", "don't use", True)),
        ("Foreign intervention (Weak)", ("Foreign intervention", "Weak", True)),
        ("War guilt (Article 231)", ("War guilt (Article 231)", None, False)),
        ("Shapes of molecules (VSEPR)", ("Shapes of molecules (VSEPR)", None, False)),
    ],
)
def test_split_factor_heading(heading: str, expected: tuple[str, str | None, bool]) -> None:
    assert split_factor_heading(heading) == expected


def test_nested_points_and_deeper_headings_are_kept(structure: Page) -> None:
    pact = structure.sections[1].factors[1]
    first, reactions = pact.points
    assert first.years == (1939,)
    assert first.children[0].text == "It contained a secret protocol dividing Poland"
    assert first.children[0].children[0].text == "Stalin gained eastern Poland"
    assert first.children[0].children[0].line == 30
    assert reactions.text == "Reactions abroad"
    assert [c.text for c in reactions.children] == [
        "Britain signed an alliance with Poland two days later"
    ]


def test_bold_paragraph_lines_make_factors(structure: Page) -> None:
    consequences = structure.sections[2]
    assert [f.title for f in consequences.factors] == ["Decolonisation", "The Cold War"]
    decolonisation = consequences.factors[0]
    assert [p.text for p in decolonisation.points] == ["India became independent in 1947"]
    assert decolonisation.statements[0].alternatives == ("The war exhausted the colonial powers",)


def test_explicit_cards_are_recognised(structure: Page) -> None:
    cards = [c for p in structure.sections[3].points for c in p.cards]
    assert [(c.kind, c.front, c.back, c.line) for c in cards] == [
        (CardKind.BASIC, "What did the Munich Agreement give Germany", "The Sudetenland", 53),
        (CardKind.REVERSED, "Anschluss", "The union of Germany and Austria in 1938", 54),
        (CardKind.CLOZE, "Hitler became chancellor in {{c1::1933}}.", "1933", 55),
        (CardKind.CLOZE, "The Rhineland was remilitarised in {{c1::1936}}.", "1936", 56),
        (
            CardKind.BASIC,
            "Why did Chamberlain fly to Munich?",
            "To negotiate over the Sudetenland",
            58,
        ),
    ]


def test_wiki_links_read_as_their_alias(structure: Page) -> None:
    assert structure.sections[3].points[-1].text == "See the Munich page for more."


def test_inline_markdown_is_kept_and_points_have_lines() -> None:
    page = outline("# T\n\n## S\n\n### F\n\n* In **1924** Lenin _died_\n* two\n  continued\n")
    points = page.sections[0].factors[0].points
    assert [(p.text, p.line) for p in points] == [
        ("In **1924** Lenin _died_", 7),
        ("two\ncontinued", 8),  # a soft line break is kept: the student's own line
    ]
    assert points[0].years == (1924,)
    assert points[0].terms == ("1924",)


def test_loose_list_items_keep_every_paragraph() -> None:
    page = outline("# T\n\n## S\n\n* first\n\n  more about first\n\n* second\n")
    first, second = page.sections[0].points
    assert first.text == "first"
    assert [c.text for c in first.children] == ["more about first"]
    assert second.text == "second"


def test_page_without_title_or_sections() -> None:
    page = outline("Just a paragraph.\n\n* and a bullet\n", "notes/my-topic.md")
    assert page.title == "My topic"
    [section] = page.sections
    assert [p.text for p in section.points] == ["Just a paragraph.", "and a bullet"]
    assert not section.empty


def test_or_without_statements_is_ordinary_text() -> None:
    page = outline("# T\n\n## S\n\n### F\n\n* one\n\nOR\n\n* two\n")
    factor = page.sections[0].factors[0]
    assert [p.text for p in factor.points] == ["one", "OR", "two"]
    assert factor.statements == ()


def test_years_and_terms() -> None:
    assert years_in("In 1924, 1,500 men; from 1929-1932 and 2,000 in 19th century") == (
        1924,
        1929,
        1932,
    )
    page = outline('# T\n\n* He believed in "Permanent Revolution" and **Socialism**\n')
    assert page.sections[0].points[0].terms == ("Socialism", "Permanent Revolution")


def test_question_card_answered_by_the_list_below() -> None:
    page = outline("# T\n\n## S\n\nWhat did Yalta agree?\n?\n- zones\n- elections\n\nAfter.\n")
    question, after = page.sections[0].points
    [card] = question.cards
    assert (card.kind, card.front, card.back, card.line) == (
        CardKind.BASIC,
        "What did Yalta agree?",
        "- zones\n- elections",
        5,
    )
    assert [c.text for c in question.children] == ["zones", "elections"]
    assert after.text == "After."


@pytest.mark.parametrize(
    ("text", "bullet_text", "kind", "front", "back", "line", "rest"),
    [
        (
            "# T\n\n## S\n\n- **Battle of Actium**, 31 BC\n"
            "Who commanded the fleet at Actium?::Agrippa\n- propaganda against Cleopatra\n",
            "**Battle of Actium**, 31 BC",
            CardKind.BASIC,
            "Who commanded the fleet at Actium?",
            "Agrippa",
            6,
            ["propaganda against Cleopatra"],
        ),
        (
            "# T\n\n- took the title First Emperor\nWho was his chief minister?\n?\nLi Si\n",
            "took the title First Emperor",
            CardKind.BASIC,
            "Who was his chief minister?",
            "Li Si",
            4,
            [],
        ),
    ],
)
def test_an_obsidian_card_written_right_under_a_bullet_is_its_own_card(
    text: str, bullet_text: str, kind: CardKind, front: str, back: str, line: int, rest: list[str]
) -> None:
    """Markdown reads a line under a bullet, with no blank line between, as the bullet's
    text; Obsidian reads `Q::A` (or a `?` card) there as a card, and so do we."""
    bullet, card_point, *after = outline(text).sections[0].points
    assert bullet.text == bullet_text and not bullet.cards
    [card] = card_point.cards
    assert (card.kind, card.front, card.back, card.line) == (kind, front, back, line)
    assert [p.text for p in after] == rest


def test_a_card_written_right_under_a_nested_bullet_follows_its_list_item() -> None:
    page = outline(
        "# T\n\n- Coronation\n  - Byzantines furious\nWho crowned him?::Leo III\n"
        "What did Einhard say?\n?\nHe would not have gone in\n- historians argue\n"
    )
    item, basic, question, after = page.sections[0].points
    assert [child.text for child in item.children] == ["Byzantines furious"]
    assert [(c.front, c.back, c.line) for p in (basic, question) for c in p.cards] == [
        ("Who crowned him?", "Leo III", 5),
        ("What did Einhard say?", "He would not have gone in", 6),
    ]
    assert after.text == "historians argue"


def test_a_cloze_on_a_bullets_second_line_is_placed_on_that_line() -> None:
    """The student looks for a card where its blank is, not on the bullet it wraps under."""
    page = outline("# T\n\n- currency:\nCoins were round with a ==square hole== in them\n")
    [card] = page.sections[0].points[0].cards
    assert (card.back, card.line) == ("square hole", 4)


def test_wiki_links_and_tags_after_many_brackets_are_rewritten() -> None:
    links = " ".join(f"[l{n}](u{n}) {{x}}" for n in range(12))
    page = outline(f'# T\n\n* {links} see [[page|the page]] {{% embed url="U" %}}\n')
    assert page.sections[0].points[0].text == f"{links} see the page U"


def test_item_text_spans_its_inline_children_only() -> None:
    page = outline("# T\n\n* **Bold** start, `code` and [link](u) end\n  * child 1923\n")
    [point] = page.sections[0].points
    assert point.text == "**Bold** start, `code` and [link](u) end"
    assert [(c.text, c.line, c.years) for c in point.children] == [("child 1923", 4, (1923,))]


def test_a_cover_position_too_large_for_a_float_is_dropped_and_the_page_kept() -> None:
    # Found by bench/fuzz.py: `coverY: 999…9` (400 digits) raised OverflowError, which
    # stopped the whole notebook from loading.
    page = outline(f"---\ndescription: Kept\ncoverY: {'9' * 400}\n---\n# Title\n\n* a point\n")
    assert (page.title, page.description, page.cover_y) == ("Title", "Kept", None)
    assert [p.text for s in page.sections for p in s.points] == ["a point"]
