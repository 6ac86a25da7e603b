"""Cards derived from plain notes: the seed page, small fixtures and the example notebook."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from notedeck.derive.cards import answer_of, derive_cards, derive_page_cards, factor_question
from notedeck.derive.cloze import MAX_ANSWER_SHARE
from notedeck.derive.events import derive_events, find_dates
from notedeck.model import Card, CardKind, Notebook
from notedeck.notebook import load_notebook
from tests.helpers import NOTES

PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "this"}
STOP = PRONOUNS | {"the", "a", "an", "and", "of", "in", "on", "to", "first", "secondly", "lastly"}


def _load(path: Path) -> Notebook:
    return load_notebook(path, cache_dir=False)


def _by_answer(cards: tuple[Card, ...], answer: str, kind: CardKind) -> list[Card]:
    return [c for c in cards if c.kind is kind and answer_of(c) == answer]


def _assert_quality(cards: tuple[Card, ...]) -> None:
    seen: set[tuple[str, str, str, str]] = set()
    for card in cards:
        answer = answer_of(card)
        explicit = card.kind in (CardKind.BASIC, CardKind.REVERSED, CardKind.CLOZE)
        assert answer or explicit, card
        if card.kind in (CardKind.DATE_CLOZE, CardKind.TERM_CLOZE):
            assert answer.lower() not in STOP, card
            assert "[...]" in card.front, card
            cloze_line = card.front.split("\n\n")[-1]
            shown = len(cloze_line.replace("[...]", " ").split())
            assert len(answer.split()) <= MAX_ANSWER_SHARE * (shown + len(answer.split())), card
        ident = (card.source.page, card.kind.value, answer.casefold(), card.front.casefold())
        assert ident not in seen, f"duplicate card {card}"
        seen.add(ident)
        assert all(" " not in tag for tag in card.tags), card.tags
        assert len(card.id) == 16 and card.key.startswith(card.source.page)
    assert len({c.key for c in cards}) == len(cards)


# ---------------------------------------------------------------- the seed page


@pytest.fixture
def seed_cards(seed_page: Path) -> tuple[Card, ...]:
    return derive_cards(_load(seed_page))


def test_seed_lenin_death_date(seed_cards: tuple[Card, ...]) -> None:
    cards = _by_answer(seed_cards, "1924", CardKind.DATE_CLOZE)
    lenin = [c for c in cards if "When Lenin died in [...]" in c.front]
    assert len(lenin) == 1
    assert "testament was read out" in lenin[0].front
    assert "**" not in lenin[0].front.split("[...]")[0][-3:]


def test_seed_troika_allies_hidden_together(seed_cards: tuple[Card, ...]) -> None:
    cards = _by_answer(seed_cards, "Kamenev and Zinoviev", CardKind.TERM_CLOZE)
    assert next(c.front for c in cards).endswith(
        "Stalin established a Troika alliance with [...] against Trotsky"
    )
    # Neither name is asked on its own from that point.
    assert not _by_answer(seed_cards, "Zinoviev", CardKind.TERM_CLOZE)
    assert not _by_answer(seed_cards, "Kamenev", CardKind.TERM_CLOZE)


def test_seed_permanent_revolution(seed_cards: tuple[Card, ...]) -> None:
    (card,) = _by_answer(seed_cards, "Permanent Revolution", CardKind.TERM_CLOZE)
    assert card.front.startswith('Trotsky believed in "[...]"')
    assert card.source.factor == "Trotsky's unpopularity in the Politburo"


def test_seed_factor_cards_for_the_four_strong_factors(seed_cards: tuple[Card, ...]) -> None:
    factors = [c for c in seed_cards if c.kind is CardKind.FACTOR]
    assert [c.source.factor for c in factors] == [
        "Non-disclosure of Lenin's testament",
        "Trotsky's unpopularity in the Politburo",
        "Control over party organisation",
        "Exploitation of ideological divisions",
    ]
    assert factors[0].front == (
        "How did non-disclosure of Lenin's testament help the rise of Stalin?"
    )
    assert factors[1].front.startswith("How did Trotsky's unpopularity")
    back = factors[0].back
    # The preferred link statement, in plain text, then at most two pieces of evidence.
    assert back.startswith("With his position as sectary-general kept")
    assert "Stalin was able to keep his position" not in back  # not the OR alternative
    _, _, evidence = back.partition("\n\nEvidence: ")
    assert 1 <= evidence.count(". ") + 1 <= 2
    # Party control: the evidence stays inside the section's period, never the 1940 murder.
    party = factors[2].back
    assert "Evidence: " in party and "1940" not in party


def test_seed_no_card_from_weak_factor_link(seed_cards: tuple[Card, ...]) -> None:
    weak = "Pretended to be close to Lenin"
    assert not [c for c in seed_cards if c.kind is CardKind.FACTOR and c.source.factor == weak]


def test_seed_quality(seed_cards: tuple[Card, ...]) -> None:
    _assert_quality(seed_cards)
    kinds = Counter(c.kind for c in seed_cards)
    assert kinds[CardKind.SEQUENCE] == 1
    assert kinds[CardKind.DATE_CLOZE] >= 8
    # Discourse markers written in bold are not terms.
    assert not {"First", "Secondly", "Lastly"} & {answer_of(c) for c in seed_cards}


def test_seed_tags(seed_cards: tuple[Card, ...]) -> None:
    card = _by_answer(seed_cards, "Permanent Revolution", CardKind.TERM_CLOZE)[0]
    assert card.tags == (
        "stalin-s-soviet-union",
        "stalin-s-soviet-union::reasons-for-the-rise-of-stalin",
        "stalin-s-soviet-union::reasons-for-the-rise-of-stalin::"
        "trotsky-s-unpopularity-in-the-politburo",
    )


# ---------------------------------------------------------------- fixtures


@pytest.fixture
def rise_cards() -> tuple[Card, ...]:
    return derive_cards(_load(NOTES / "cards_rise.md"))


def test_pronoun_points_get_a_context_line(rise_cards: tuple[Card, ...]) -> None:
    (card,) = _by_answer(rise_cards, "1924", CardKind.DATE_CLOZE)[:1]
    assert card.front.startswith("When Lenin died")  # stands alone: no context line
    he = [c for c in rise_cards if "he allied himself" in c.front.lower()]
    assert he
    for c in he:  # the nearest heading, in plain text, tells who "he" is
        assert c.front.startswith("Exploitation of ideological divisions: He allied himself")


def test_date_ranges_and_full_dates(rise_cards: tuple[Card, ...]) -> None:
    answers = {answer_of(c) for c in rise_cards if c.kind is CardKind.DATE_CLOZE}
    assert "11 January 1923" in answers
    assert "1921 and 1923" in answers  # both ends of a range are one answer
    assert "1921" not in answers
    assert {"1925", "1927"} <= answers  # two separate dates, two cards


def test_weak_and_unlinked_factors_get_no_factor_card(rise_cards: tuple[Card, ...]) -> None:
    factors = {c.source.factor: c for c in rise_cards if c.kind is CardKind.FACTOR}
    assert "Pretended to be close to Lenin" not in factors
    assert "A factor with no link yet" not in factors
    assert factors["Hyperinflation"].front == (
        "How did hyperinflation make the Weimar Republic weak (1919–23)?"
    )
    assert factors["Failure of the League of Nations"].front == (
        "How did the Manchurian Crisis (1931–1937) lead to failure of the League of Nations?"
    )
    # Cloze cards still come from a weak factor's evidence.
    assert any(c.source.factor == "Pretended to be close to Lenin" for c in rise_cards)


def test_fixture_quality(rise_cards: tuple[Card, ...]) -> None:
    _assert_quality(rise_cards)


def test_sequence_lists_events_in_order(rise_cards: tuple[Card, ...]) -> None:
    (seq,) = [
        c
        for c in rise_cards
        if c.kind is CardKind.SEQUENCE and c.source.section == "Reasons for the rise of Stalin"
    ]
    years = [line.split(":")[0].split()[-1] for line in seq.back.splitlines()]
    assert years == sorted(years)
    assert len(years) <= 4  # at most four events, each a whole clause
    assert "Trotsky was expelled from the Party" in seq.back
    assert "1922" not in seq.front and "1927" not in seq.front


def test_explicit_cards_exactly_as_written() -> None:
    cards = derive_page_cards(_load(NOTES / "cards_explicit.md").pages[0])
    assert [(c.kind, c.front, c.back) for c in cards] == [
        (CardKind.BASIC, "In which year was NATO founded", "1949"),
        (
            CardKind.REVERSED,
            "Marshall Plan",
            "American economic aid to rebuild Europe, announced in June 1947",
        ),
        (
            CardKind.CLOZE,
            "The Berlin Blockade lasted from [...], and the West supplied the city by air.",
            "June 1948 to May 1949",
        ),
    ]
    # The front shows the blank; the Anki cloze text is kept for the export.
    assert cards[2].cloze == (
        "The Berlin Blockade lasted from {{c1::June 1948 to May 1949}}, and the West supplied "
        "the city by air."
    )


def test_factor_question_phrasings() -> None:
    assert factor_question(
        "Power of the General Secretary", "Why Stalin won the leadership struggle 1924–1929"
    ) == (
        "How did power of the General Secretary help Stalin win the leadership struggle "
        "(1924–1929)?"
    )
    assert factor_question("The Enabling Act", "How Hitler consolidated power 1933–1934") == (
        "How did the Enabling Act help Hitler consolidate power (1933–1934)?"
    )
    assert factor_question(
        "Impact of the Great Depression", "Reasons for the rise of militarism in Japan 1929–1936"
    ) == (
        "How did impact of the Great Depression help the rise of militarism in Japan (1929–1936)?"
    )


def test_find_dates_forms() -> None:
    def found(text: str) -> list[str]:
        return [d.text for d in find_dates(text)]

    assert found("on 8–9 November 1923 it failed") == ["8–9 November 1923"]
    assert found("between 30 June and 2 July 1934 SS units") == ["30 June and 2 July 1934"]
    assert found("from 1929 to 1932 and in 1929-32") == ["1929 to 1932", "1929-32"]
    assert found("the late 1920s, 4,000 men, 1500.5") == []


# ---------------------------------------------------------------- the example notebook


def test_example_notebook() -> None:
    notebook = load_notebook(cache_dir=False)
    cards = derive_cards(notebook)
    _assert_quality(cards)
    kinds = Counter(c.kind for c in cards)
    assert all(kinds[k] for k in CardKind)  # every kind appears
    events = derive_events(notebook.page("rise-of-hitler.md"))
    assert any(e.year == 1933 and e.month == 1 and e.day == 30 for e in events)


def test_a_cloze_never_shows_its_own_answer() -> None:
    for card in derive_cards(load_notebook(cache_dir=False)):
        if card.kind.value in ("date_cloze", "term_cloze"):
            shown = card.front.lower()
            assert card.back.lower() not in shown, (card.front, card.back)
