"""Reading one written name: person or thing, and which fuller name a short one stands for."""

from __future__ import annotations

from notedeck.derive import dictionary
from notedeck.derive.persons import (
    after_article,
    capitalised_words,
    reading,
    short_forms,
    split_adjacent,
    trimmed_name,
)
from notedeck.derive.terms import NameIndex


def test_the_words_around_a_name_say_person_or_thing() -> None:
    assert reading("In 1919 ", " argued with Stalin", "Trotsky", listed=False) == 1
    assert reading("It was ", "'s plan", "Lenin", listed=False) == 1
    assert reading("the sailors of the ", " naval base rose", "Kronstadt", listed=False) == -2
    assert reading("troops entered ", " in 1937", "Nanjing", listed=False) == 0
    assert reading("the city fell to them in ", "", "Nanjing", listed=False) == -1
    assert reading("In 1932 the ", " won", "Democrats", listed=False) == -1
    assert reading("In 1932 ", " were blamed", "Democrats", listed=False) == -1
    assert reading("In 1927 ", " were expelled", "Zinoviev", listed=True) == 0
    assert reading("Then ", " later resigned", "Kurt von Schleicher", listed=False) == 1


def test_a_long_text_is_read_only_near_the_name() -> None:
    far = "the " + "x " * 5_000
    assert reading(far + "and so ", " argued", "Trotsky", listed=False) == 1
    assert after_article("aid under the ") and not after_article("aid given by ")


def test_titles_and_things_named_after_people() -> None:
    names = NameIndex(people=frozenset({"Warren", "Truman", "Polo"}), proper=frozenset())
    words = dictionary.frequencies({"justice", "earl", "warren", "bridge", "marco", "polo"})

    assert trimmed_name("Justice Earl Warren", names, words) == "Earl Warren"
    assert trimmed_name("General Truman", names, words) == "Truman"
    assert trimmed_name("Marco Polo Bridge", names, words) is None
    assert trimmed_name("Truman", names, words) == "Truman"


def test_names_side_by_side_are_split() -> None:
    alone = {"Stalin", "Lenin", "Trotsky"}

    assert split_adjacent("Stalin Lenin", alone) == (("Stalin", False), ("Lenin", False))
    assert split_adjacent("Stalin's Lublin Poles", alone) == (
        ("Stalin", True),
        ("Lublin Poles", False),
    )
    assert split_adjacent("Leon Trotsky", alone) == (("Leon Trotsky", False),)


def test_short_forms_on_a_page() -> None:
    written = [
        ("Mussolini", True),  # a heading may use the short form first
        ("Benito Mussolini", False),
        ("Mussolini", False),
        ("Kennedy", False),  # a point used it before the full name: someone else
        ("Robert Kennedy", False),
        ("Kennedy", False),
        ("Papen", True),
        ("Franz von Papen", False),
        ("von Papen", False),
        ("Mao Anying", False),
        ("Mao", False),
        ("Karl Marx", False),
        ("Karl Liebknecht", False),
        ("Karl", False),
    ]

    assert short_forms(written) == {
        "Mussolini": "Benito Mussolini",
        "Papen": "Franz von Papen",
        "von Papen": "Franz von Papen",
        "Mao": "Mao Anying",
    }


def test_capitalised_words() -> None:
    assert capitalised_words("Lenin's death let Stalin rise in élite Moscow") == {
        "Lenin",
        "Stalin",
        "Moscow",
    }
