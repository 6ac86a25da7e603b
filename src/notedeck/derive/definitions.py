"""Definitions: a line that opens on a term and then says what it is.

"**Ionic bond** = strong electrostatic attraction between oppositely charged ions" asks the
term from its meaning as a cloze already; "define an ionic bond" is the other way round, and
the commonest question a science or computing teacher sets. This module finds the two sides
of such a line, so that the card asking the meaning can be made too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from notedeck.derive import dictionary
from notedeck.derive.cardtext import Plain, words_of
from notedeck.derive.hideable import ASKED, is_common
from notedeck.derive.terms import ANAPHORS, STOP_WORDS, word_set

__all__ = ["Definition", "definition_of", "in_glossary"]

#: What joins a term to its meaning: `=`, a spaced dash, or a colon after a bold term.
_SEPARATOR = re.compile(r"\s*(?P<sign>=|:)\s+|\s+(?P<dash>[–—-])\s+")
#: Where a meaning stops and the line goes on to something else: an example, a consequence,
#: a second clause.
_MEANING_END = re.compile(
    r"\s*(?:\(?\b(?:e\.?g|eg|i\.?e|see)\b\.?|;|→|->|=>|\s=\s|\s[-–—]\s)|[.!?](?=\s+[\"“A-Z])"
)
#: A second term opening after a comma: `…, DELETE` before its own dash.
_NEXT_TERM = re.compile(r",\s*[\w'’-]+(?:\s[\w'’-]+){0,2}$")
_TRAILING_ASIDE = re.compile(r"\s*\([^()]*\)\s*$")
_NOT_PROSE = re.compile(r"…|\.\.\.|\||\{\{|\}\}|`|\[|\]")
#: A term: words, with a hyphen, apostrophe or bracketed abbreviation (`emf (electromotive
#: force)`, `Porter's joke`), nothing else.
_TERM_SHAPE = re.compile(r"[^\W\d_][\w'’-]*(?:\s+[\w'’-]+)*(?:\s+\([\w\s'’-]+\))?")
#: Labels that open a line without naming a term (`Example: …`, `Key point – …`).
_LABELS = word_set(
    "example examples note notes tip key point date dates cause causes effect effects result "
    "results opposite remember evidence link why how what who when where answer question "
    "q a s p e pros cons advantage advantages disadvantage disadvantages downside upside "
    "summary definition definitions meaning important bonus purpose warning caution info hint "
    "overview usage description default type value returns status todo fixme"
)
#: Words that make a line's opening a statement, not a term (`USA furious`, `West did nothing`).
_NOT_A_TERM = re.compile(
    r"(?i)\b(?:is|are|was|were|did|does|do|had|has|have|got|gets|never|not|no|also|very|"
    r"badly|said|says|joins?|\w+ed|\w+ly)\b"
)
_MAX_TERM_WORDS = 4
_MAX_TERM_CHARS = 40
_MIN_MEANING_WORDS = 3
_MAX_MEANING_WORDS = 16


#: A line of a glossary: a short term opening on a capital, a spaced dash, what it is.
_GLOSSARY_LINE = re.compile(r"^(?:\d+[.)]\s*)?[A-Z][\w'’-]*(?:\s+[\w'’()-]+){0,3}\s+[–—-]\s+[a-z]")
#: Lines of that shape it takes, and their share of the list, for a list to be a glossary.
_GLOSSARY_LINES = 3
_GLOSSARY_SHARE = 0.6


def in_glossary(lines: list[str]) -> bool:
    """Whether sibling lines (`Mouth – …`, `Stomach – …`, `Gall bladder – …`) list terms."""
    shaped = sum(_GLOSSARY_LINE.match(line) is not None for line in lines)
    return shaped >= _GLOSSARY_LINES and shaped >= _GLOSSARY_SHARE * len(lines)


@dataclass(frozen=True, slots=True)
class Definition:
    """A term and what the line says it is."""

    term: str
    meaning: str


def definition_of(plain: Plain, *, glossary: bool = False) -> Definition | None:
    """The term a line opens on and the meaning it gives it, when the line is a definition.

    The term is marked (bold), or joined to its meaning by `=` (`Ionic bond = …`), or an
    acronym (`LIFO = Last In, First Out`); a colon counts only after a bold term, since
    `Downside: …` labels a line rather than defining a word.
    """
    text = plain.text
    found = _SEPARATOR.search(text, 0, _MAX_TERM_CHARS + 4)
    if found is None or found.start() == 0:
        return None
    term = re.sub(r"(?i)^[>\s]*(?:(?:the|an?)\s+)?", "", text[: found.start()]).strip()
    words = words_of(term)
    if not words or len(words) > _MAX_TERM_WORDS or any(c.isdigit() for c in term):
        return None
    if re.search(r"(?i)\b(?:vs|v|versus)\b", term) or not _TERM_SHAPE.fullmatch(term):
        return None  # `Crown vs Parliament = …`, `Sinn Féin (`, `THIS IS KEY → armies`
    if words[0].lower() in STOP_WORDS or any(w.lower() in ANAPHORS for w in words):
        return None  # `each one = …`, `more people = …`, `source for this = …`
    if term.lower() in _LABELS or words[0].lower() in _LABELS or term.endswith((",", ".")):
        return None
    start = text.index(term)
    marked = any(a <= start and start + len(term) <= b for a, b in plain.emphasis)
    acronym = term.isupper() and len(term) >= 2
    if found["sign"] == ":" and not marked:
        return None
    # In a glossary, a list of `Term – what it is` lines, the dash defines (`Gall bladder –
    # stores bile …`) as `=` would.
    listed = glossary and found["dash"] is not None and not _NOT_A_TERM.search(term)
    if not (marked or acronym or found["sign"] == "=" or listed):
        return None
    if not marked and not acronym and _everyday(words):
        return None  # `opposite = Deflation`, `result = …`
    meaning = text[found.end() :]
    end = _MEANING_END.search(meaning)
    # `omnipotent – all-powerful`: a rare word may be glossed in one word, when that is all
    # the line says (not `dict – key → value pairs` cut at its arrow)
    rare = (
        end is None
        and len(words) == 1
        and not acronym
        and dictionary.frequency(term.lower()) < RARE_TERM
    )
    if end is not None:
        if end.group(0).strip() == "=" or (
            end.group(0).strip() in "–—-" and _NEXT_TERM.search(meaning, 0, end.start())
        ):
            # `Chlorine = green gas, bromine = red-brown liquid`, `PUT – replace a resource,
            # DELETE – remove one`: several terms
            return None
        meaning = meaning[: end.start()]
    bare = _TRAILING_ASIDE.sub("", meaning)
    if len(words_of(bare)) >= _MIN_MEANING_WORDS:
        meaning = bare
    meaning = meaning.strip(" ,.:–—-")
    if meaning.count("(") != meaning.count(")"):
        meaning = meaning[: meaning.rfind("(")].strip(" ,.:–—-")  # a bracket cut off
    if _NOT_PROSE.search(meaning):
        return None  # `… Hz`, `{{value}}`, `a | b`: a cut or a template, not a meaning
    if meaning[:1] in "\"“'" and ASKED.match(meaning[1:].lstrip()):
        return None  # `Usual question = "how serious a threat was X"`: asked, not defined
    said = words_of(meaning)
    if not (1 if rare else _MIN_MEANING_WORDS) <= len(said) <= _MAX_MEANING_WORDS:
        return None
    if not acronym and not any(w.islower() and w not in STOP_WORDS for w in said):
        return None  # `= Treaty of Versailles 1919`: a name, not a meaning
    first = said[0]
    if not (acronym or marked) and first[:1].isupper() and not is_common(first, _frequency(first)):
        return None  # `Road network = Qhapaq Ñan, about 40,000 km`: it names, not defines
    offset = text.index(meaning, found.end())
    if any(a < offset + len(meaning) and offset < b for a, b in plain.protected):
        return None  # a meaning written in code is a code example
    return Definition(term, meaning)


#: A word this rare (in the dictionary's counts; everyday words reach 3,000) is a term to
#: learn, glossed however briefly.
RARE_TERM = 1_000


def _frequency(word: str) -> dict[str, int]:
    return dictionary.frequencies({word.lower()})


def _everyday(words: tuple[str, ...]) -> bool:
    """One everyday word (`opposite`), not a term of two words (`Ionic bond`) or a rare one."""
    return len(words) == 1 and is_common(words[0], _frequency(words[0]))
