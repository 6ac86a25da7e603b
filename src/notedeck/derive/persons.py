"""Reading a written name: does it name a person here, and which fuller name is it short for.

`derive.terms.NameIndex` says which words the notes use as people's names. A word can still
name a place or a thing in a given sentence (`the Kronstadt naval base`, `the Truman
Doctrine`), and one person is written several ways (`Kurt von Schleicher`, then
`Schleicher`). The people view reads each written name with these pure functions of text;
`derive.timeline.people` puts them together.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from notedeck.derive.hideable import TITLES, is_common
from notedeck.derive.terms import POSSESSIVE_ENDING, STOP_WORDS, NameIndex, word_set

__all__ = [
    "CONTEXT",
    "after_article",
    "capitalised_words",
    "list_parts",
    "reading",
    "short_forms",
    "split_adjacent",
    "trimmed_name",
]

#: Characters either side of a name that its reading (`the …`, `… argued`) is judged from.
CONTEXT = 60

# Capitalised words, as `derive.terms` reads them.
_CAPITALISED = re.compile(r"(?<![\w'’-])[^\W\d_a-z][\w'’-]*")  # then: is the first upper?
_LIST_SPLIT = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_WORD_BEFORE = re.compile(r"([\w'’-]+)\W*$")
_WORD_AFTER = re.compile(r"^\s([a-z][\w'’-]*)")
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\b|^['’](?=\s|$)")
# Words before a name that make it a place or a thing: `the Kronstadt naval base`, `in Nanjing`.
_ARTICLES = frozenset({"the", "a", "an"})
_PLACE_BEFORE = frozenset({"in", "at", "near", "into"})
# Words that may follow a person's name without being a noun it qualifies (`Stalin himself`).
_NEUTRAL_AFTER = STOP_WORDS | word_set(
    "himself herself alone later still never now soon again once instead even"
)
# Verbs that follow a person (past tense is caught by its ending).
_VERB_AFTER = word_set(
    "was had has is who became made took kept gave won led met ran told sent saw spoke "
    "began broke fell got rose said would could did wanted thought wrote knew left came went "
    "fled sought"
)
_PLURAL_VERBS = frozenset({"were", "are", "have"})
_PARTICLES = frozenset({"von", "van", "der", "de", "di", "da", "del", "la", "le"})


def capitalised_words(text: str) -> set[str]:
    """The capitalised words of a text, possessive endings dropped (`Lenin's` → `Lenin`)."""
    found = _CAPITALISED.findall(text)
    return {POSSESSIVE_ENDING.sub("", word) for word in found if word[0].isupper()}


def list_parts(span: str) -> list[str]:
    """The names of a list (`Trotsky, Zinoviev and Kamenev`), or the one name."""
    return _LIST_SPLIT.split(span)


def after_article(before: str) -> bool:
    """The text before a name ends with an article: a name of several words there is a
    thing's (`the Truman Doctrine`, `the Kornilov Affair`)."""
    lead = _WORD_BEFORE.search(before[-CONTEXT:].rstrip())
    return lead is not None and lead.group(1).lower() in _ARTICLES


def reading(before: str, after: str, name: str, *, listed: bool) -> int:
    """How the words around a name read: +1 as a person's (a possessive, a verb after it, a
    first name before the surname), -1 as a place's or a thing's (`in` or a quote before
    it, a noun after it, a plural verb), -2 after an article (`the Kronstadt rising`).

    Args:
        before: the text before the name (before the whole list, for a list of names).
        after: the text after it.
        name: the name as written.
        listed: the name is one of a list (`Trotsky and Zinoviev were`).
    """
    before, after = before[-CONTEXT:].rstrip(), after[:CONTEXT]
    clues = 0
    if _POSSESSIVE_AFTER.match(after):
        clues += 1
    elif (word := _WORD_AFTER.match(after)) is not None:
        following = word.group(1)
        if following in _PLURAL_VERBS and not listed:
            clues -= 1  # `Democrats were`: a group, not one person
        elif following in _VERB_AFTER or following.endswith("ed"):
            clues += 1
        elif following not in _NEUTRAL_AFTER and not following.endswith("ly"):
            clues -= 1  # `Kronstadt naval base`, `Mitsubishi group`: a name used as a noun
    lead = _WORD_BEFORE.search(before)
    lead_word = lead.group(1).lower() if lead is not None else ""
    if lead_word in _ARTICLES:
        clues -= 2  # a person's name almost never takes an article
    elif lead_word in _PLACE_BEFORE or before.endswith(('"', "“", "‘")):
        clues -= 1
    tokens = name.split()
    if len(tokens) > 1 and tokens[0] not in _PARTICLES:
        clues += 1  # a first name and a surname
    return max(-2, min(1, clues))


def trimmed_name(name: str, names: NameIndex, frequencies: dict[str, int]) -> str | None:
    """The name without a leading title or everyday word (`Justice Earl Warren` → `Earl
    Warren`), or None when it ends in an everyday word that is no name: then it names a
    thing after someone (`Marco Polo Bridge`).

    Args:
        name: the name as written.
        names: the notebook's name index.
        frequencies: English word frequencies of the name's words, lower case.
    """
    tokens = name.split()
    if len(tokens) > 1 and tokens[-1] not in names.people and is_common(tokens[-1], frequencies):
        return None
    start = 0
    while len(tokens) - start > 1 and (
        tokens[start] in TITLES
        or (tokens[start] not in names.people and is_common(tokens[start], frequencies))
    ):
        start += 1
    return " ".join(tokens[start:])


def split_adjacent(name: str, alone: set[str]) -> tuple[tuple[str, bool], ...]:
    """Two names written side by side, apart: (name, written as an owner) pairs.

    A possessive inside a name ends one (`Stalin's Lublin Poles` → `Stalin`, an owner, and
    `Lublin Poles`), and a name whose every word is written alone elsewhere as a name is
    several (`made Stalin Lenin's closest comrade`).

    Args:
        name: the name as written.
        alone: the one-word names the notebook writes.
    """
    tokens = name.split()
    inner = next((n for n, t in enumerate(tokens[:-1]) if POSSESSIVE_ENDING.search(t)), None)
    if inner is not None:
        owner = " ".join([*tokens[:inner], POSSESSIVE_ENDING.sub("", tokens[inner])])
        return ((owner, True), *split_adjacent(" ".join(tokens[inner + 1 :]), alone))
    if len(tokens) < 2 or not all(token in alone for token in tokens):
        return ((name, False),)
    return tuple((token, False) for token in tokens)


def short_forms(written: Sequence[tuple[str, bool]]) -> dict[str, str]:
    """On one page, each short form of a name mapped to the fuller form it is short for.

    A surname (`Schleicher`) is short for the one fuller form that ends with it (`Kurt von
    Schleicher`); a family name written first (`Hamaguchi`) for the one that starts with it
    (`Hamaguchi Osachi`). A name is written in full where a page first tells of the person,
    then shortened, though a heading may use the short form before that (`Mussolini's
    rise`). So a short form that a point uses before the fuller one is written is someone
    else (`Mao` before `Mao Anying`, his son; `Kennedy` before `Robert Kennedy`) and is left
    out, and so is one that two fuller forms share.

    Args:
        written: the page's names in reading order, each with whether a heading wrote it.
    """
    first_seen: dict[str, int] = {}  # where each form is first written
    first_in_text: dict[str, int] = {}  # where a point (not a heading) first writes it
    for position, (name, heading) in enumerate(written):
        first_seen.setdefault(name, position)
        if not heading:
            first_in_text.setdefault(name, position)
    return {
        short: full
        for short, full in _fuller_forms(list(first_seen)).items()
        if first_in_text.get(short, len(written)) > first_seen[full]
    }


def _fuller_forms(forms: list[str]) -> dict[str, str]:
    """Each form that is the end or the start of exactly one fuller form (a fuller form that
    is itself part of another counts as that other: `von Papen` of `Franz von Papen`)."""
    tokens = {form: tuple(form.split()) for form in forms}
    found: dict[str, str] = {}
    for form, short in tokens.items():
        size = len(short)
        longer = {
            other
            for other, full in tokens.items()
            if len(full) > size
            and (full[-size:] == short or (full[:size] == short and short[0] not in _PARTICLES))
        }
        heads = {f for f in longer if not any(o != f and f" {f} " in f" {o} " for o in longer)}
        if len(heads) == 1:
            found[form] = heads.pop()
    return found
