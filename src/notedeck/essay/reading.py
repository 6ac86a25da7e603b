"""How an essay reads as writing, before it is matched to the notes: its paragraphs, which of
them introduce and conclude, whether a paragraph links back to the question, and whether the
conclusion reaches a verdict.

The mark scheme asks for these in words a teacher looks for: a conclusion that decides
("the most important", "more than", "the key"), not one that only says every factor
mattered ("a mix of all of these"); a paragraph that ends by drawing its point back to the
question ("…so the Nazis…", "This shows…").
"""

from __future__ import annotations

import re
from enum import StrEnum

from notedeck.essay.dates import sentences
from notedeck.essay.lexical import content_words, plain

__all__ = [
    "Part",
    "concludes",
    "continues",
    "decides",
    "essay_paragraphs",
    "links_back",
    "opens",
    "tells_when",
]


class Part(StrEnum):
    """What a paragraph does in the essay."""

    INTRODUCTION = "introduction"
    ARGUMENT = "argument"
    CONCLUSION = "conclusion"


_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)]*\s*$")


def essay_paragraphs(essay: str) -> list[str]:
    """Prose paragraphs: blank-line blocks, headings and one-line titles dropped.

    Text pasted from a word processor often has one line per paragraph and no blank lines
    between them: a block whose every line is a finished sentence or more is read as one
    paragraph a line. Wrapped Markdown, whose lines break mid-sentence, stays one paragraph.
    """
    blocks = re.split(r"\n\s*\n", essay.replace("\r\n", "\n").replace("\r", "\n"))
    out = []
    for block in blocks:
        lines = [ln.strip().lstrip("-*> ") for ln in block.splitlines()]
        lines = [ln for ln in lines if ln and not ln.startswith("#")]
        if len(lines) > 1 and all(_ENDS_SENTENCE.search(ln) for ln in lines):
            groups = [[ln] for ln in lines]
        else:
            groups = [lines]
        for group in groups:
            text = plain(" ".join(group))
            if len(text.split()) >= 8:
                out.append(text)
    return out


_CONNECTIVE = re.compile(
    r"\b(?:so|therefore|thus|hence|meant|means|led|leading|allow\w*|enabl\w*|helped|because|"
    r"as a result|this is why|which is why|contributed|explains?|shows?|made it|gave|"
    r"consequently|ensur\w*|paved)\b",
    re.I,
)


def links_back(paragraph: str, asked: set[str]) -> bool:
    """The paragraph ends by tying its point back to the question: its last two sentences
    name the question's words and draw a consequence ("…so the Nazis…", "This shows…")."""
    said = sentences(paragraph)
    if not said:
        return False
    end = " ".join(said[-2:])
    return bool(asked & content_words(end)) and _CONNECTIVE.search(end) is not None


# --- introduction and conclusion --------------------------------------------------------------

_CONCLUDING = re.compile(
    r"^\W*(?:in conclusion|to conclude|to sum up|in summary|overall|in the end|ultimately|"
    r"all in all|so|therefore|thus|these (?:are|were) the|this (?:is|was) (?:how|why))\b",
    re.I,
)

#: A first paragraph that cites fewer of the notes' points than this, in an essay of three
#: paragraphs or more, introduces the argument rather than developing a factor.
INTRODUCTION_MAX_CITED = 2


def opens(index: int, count: int, cited: int) -> bool:
    """Whether paragraph `index` of `count` is an introduction: the first of three or more,
    setting out the answer with little of the notes' evidence (`cited` points)."""
    return index == 0 and count >= 3 and cited < INTRODUCTION_MAX_CITED


def concludes(paragraph: str, index: int, count: int, cited: int) -> bool:
    """Whether paragraph `index` of `count` is the conclusion: the last of two or more that
    opens as a conclusion ("In conclusion", "Overall", "So"), gives a verdict, or sums up
    without evidence of its own."""
    if index != count - 1 or index == 0:
        return False
    return bool(_CONCLUDING.search(paragraph) or _VERDICT.search(paragraph)) or cited == 0


_EXAMPLE = re.compile(
    r"^\W*(?:another|a further|one more|a (?:second|third|final|good|clear)|the (?:best|"
    r"clearest|most famous)|for) (?:example|instance)\b",
    re.I,
)


def continues(paragraph: str) -> bool:
    """Whether the paragraph opens as a further example ("Another example is…", "The best
    example is…"): it develops the point before it rather than making a new one."""
    return _EXAMPLE.search(paragraph) is not None


_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)"
)
_DATED_OPENING = re.compile(
    rf"^\W*(?:(?:in|on|by|during|after|before|from|at the (?:start|end) of)\s+"
    rf"(?:(?:early|late|mid-?)\s*)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?"
    rf"(?:{_MONTH}|\d{{4}}|the \d{{4}}s)"
    rf"|(?:that|the next|the following) (?:evening|day|morning|night|week|month|year)"
    rf"|{_MONTH}\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}|\d{{4}}\b)",
    re.I,
)


def tells_when(paragraph: str) -> bool:
    """Whether the paragraph opens with a date ("On 14 October 1962…", "That evening…"), as
    a story does, rather than with the point it makes."""
    return _DATED_OPENING.search(paragraph) is not None


# --- the verdict ------------------------------------------------------------------------------

# Words that decide between factors or say how far: a conclusion without one only sums up.
_VERDICT = re.compile(
    r"\b(?:most (?:important|significant|decisive)|main (?:reason|factor|cause)|"
    r"(?:more|less) (?:important|significant|decisive) than|did (?:more|less)\b|"
    r"the (?:key|decisive|crucial|biggest|greatest|single most)|outweigh\w*|decisive|"
    r"to a (?:large|great|limited|lesser|small) extent|(?:very|highly|hugely|extremely|only "
    r"partly|not very) significant|I (?:largely |mostly |strongly |only partly )?"
    r"(?:agree|disagree)|not the main|(?:is|was|are|were) (?:far |much )?(?:more|less) "
    r"(?:important|significant|decisive)|matter(?:ed|s) (?:more|most))\b",
    re.I,
)
# A verdict that every factor mattered alike has not weighed them.
_UNDECIDED = re.compile(
    r"\b(?:a mix(?:ture)? of|a combination of|equally (?:important|significant|responsible)|"
    r"just as (?:important|significant))\b",
    re.I,
)
_SUPPORT = re.compile(r"\b(?:because|since|as|without|only after|than)\b", re.I)


def decides(paragraph: str, named: int) -> bool:
    """A supported verdict: it decides between factors or says how far (not "a mix of all
    of these"), and names two of the factors (`named`), or one with a reason."""
    if not _VERDICT.search(paragraph) or _UNDECIDED.search(paragraph):
        return False
    return named >= 2 or (named == 1 and _SUPPORT.search(paragraph) is not None)
