"""The mark scheme over an essay read against the notes: its level, one sentence per
criterion saying why, and what to do next.

A level-based scheme rewards range (several factors, each developed with evidence), links
back to the question, balance (the stated factor weighed against others; both sides of a
comparison), a supported verdict and accuracy. Dates that disagree with the notes keep an
essay below the top level; dates that put events in the wrong order undermine any argument
about what led to what.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from notedeck.essay.dates import DateConflict, reversed_pairs, sentences
from notedeck.essay.lexical import content_words, key_terms
from notedeck.essay.plan import EssayPlan, Role
from notedeck.essay.question import QuestionType
from notedeck.essay.rank import FactorRef, FactorRefDict, RankedFactor, Ranking
from notedeck.essay.reading import Part, decides
from notedeck.model import Factor

__all__ = ["Level", "ParagraphFeedback", "ParagraphFeedbackDict", "advise", "judged", "mark"]


#: Pieces of a factor's evidence an essay cites for the factor to count as fully developed.
TOP_LEVEL_EVIDENCE = 2
#: A judgement asserted in a line or two is not sustained: level 4 takes a conclusion this long.
SUSTAINED_JUDGEMENT_WORDS = 50
#: This many dates that disagree with the notes are a significant inaccuracy: level 2 at most.
SIGNIFICANT_INACCURACY = 5
#: What an explanation says that a story does not: what something led to, or why it mattered.
_EXPLAINS = re.compile(
    r"\b(?:(?:this|that|these|which|it|they)\s+(?:also\s+)?(?:meant|means|made|makes|showed|"
    r"shows|helped|allowed|enabled|led|gave|ensured|forced|persuaded|weakened|strengthened|"
    r"undermined|turned|convinced|encouraged|stopped|prevented|left|cost)|so\s+that|therefore|"
    r"as\s+a\s+result|consequently|could\s+not\s+have|would\s+not\s+have|which\s+is\s+why|"
    r"this\s+is\s+why|was\s+important\s+because|mattered\s+because|"
    r"was\s+(?:a\s+)?(?:key|important|significant|major)\s+(?:reason|factor|cause))\b",
    re.IGNORECASE,
)


class Level(StrEnum):
    """The four-level exam-board mark scheme."""

    L1 = "L1"  # general points, little or no evidence
    L2 = "L2"  # describes, or argues one side
    L3 = "L3"  # explains several factors (both sides) with links
    L4 = "L4"  # L3 with a supported judgement


class ParagraphFeedbackDict(TypedDict):
    factor: FactorRefDict | None
    linked: bool
    part: str
    evidence: list[str]


@dataclass(frozen=True, slots=True)
class ParagraphFeedback:
    """One essay paragraph.

    Attributes:
        factor: the factor it argues, None for none (and for the introduction and conclusion).
        linked: it ends by answering the question.
        text: the paragraph as read.
        part: introduction, argument or conclusion.
        evidence: the points of its factor's notes it cites, as written in the notes.
    """

    factor: FactorRef | None
    linked: bool
    text: str
    part: Part = Part.ARGUMENT
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> ParagraphFeedbackDict:
        return {
            "factor": self.factor.to_dict() if self.factor else None,
            "linked": self.linked,
            "part": self.part.value,
            "evidence": list(self.evidence),
        }


def judged(paragraphs: list[ParagraphFeedback], factors: Sequence[RankedFactor]) -> bool:
    """The conclusion (or the last paragraph) reaches a verdict backed by factors."""
    for par in paragraphs[-2:]:
        words = content_words(par.text)
        named = sum(bool(key_terms(f.factor, exclude=set()) & words) for f in factors)
        if decides(par.text, named):
            return True
    return False


def _balanced(ranking: Ranking, plan: EssayPlan, used: list[FactorRef]) -> tuple[bool, str]:
    """Whether the essay weighs what the question asks it to weigh, and the reason to show:
    the stated factor against others (for "A or B?", A against B or another factor); for a
    comparison of two topics, both topics."""
    q = ranking.question
    if q.type is QuestionType.COMPARE and plan.stated is not None:
        # "A or B?": A weighed against B, or against whatever the essay finds on the other
        # side (the notes may have no B, or call it something else).
        a = plan.stated
        b = ranking.compared.ref if ranking.compared is not None else None
        if b is not None and a in used and b in used:
            return True, f"Balance: you weigh {a.factor} and {b.factor} against each other."
        if a in used and any(f != a for f in used):
            return True, f"Balance: you weigh {a.factor} against other factors."
        names = f"{a.factor} and {b.factor}" if b else f"{a.factor} and the other side"
        return False, f"Balance: the question asks you to compare {names}; the essay argues " + (
            "neither." if not used else "only one side."
        )
    if q.type is QuestionType.COMPARE and plan.stated is None:
        wanted = {p.factor.page for p in plan.paragraphs if p.role is not Role.EXTRA}
        covered = {f.page for f in used} & wanted
        if len(wanted) < 2 or len(covered) >= 2:
            return True, f"Balance: you compare {' and '.join(sorted(wanted))}."
        return False, f"Balance: the question asks you to compare {' and '.join(sorted(wanted))}."
    if q.stated_factor_text and plan.stated is None:
        # The notes have no factor for the one the question names: the essay may argue it
        # from elsewhere, so only the range of what it weighs can be read.
        weighed = len(used) >= 2
        return weighed, (
            f'Balance: your notes have no factor for "{q.stated_factor_text}", so it cannot be '
            "checked; you weigh "
            + (f"{len(used)} factors from your notes." if weighed else "too few factors.")
        )
    first = plan.stated or (plan.paragraphs[0].factor if plan.paragraphs else None)
    name = first.factor if first else "the stated factor"
    if first in used and any(f != first for f in used):
        return True, f"Balance: you weigh {name} against other factors."
    return False, (
        f"Balance: the question asks you to weigh {name} against other factors; the essay does not."
    )


def _argues(paragraph: ParagraphFeedback, factors: dict[FactorRef, Factor]) -> bool:
    """It ends on the question, or its first sentence names its factor ("King's leadership
    mattered too."): a point argued, not events told."""
    if paragraph.linked:
        return True
    factor = factors.get(paragraph.factor) if paragraph.factor else None
    if factor is None:
        return False
    opening = next(iter(sentences(paragraph.text)), "")
    return bool(key_terms(factor, exclude=set()) & content_words(opening))


def mark(
    ranking: Ranking,
    plan: EssayPlan,
    paragraphs: list[ParagraphFeedback],
    used: list[FactorRef],
    judgement: bool,
    conflicts: list[DateConflict],
) -> tuple[Level, tuple[str, ...]]:
    """The level a mark scheme would give, and one sentence per criterion saying why.

    `used` are the factors that count (developed with evidence, on the question's topic and
    period). The top level develops at least three of them with two pieces of evidence each.
    """
    argued = [p for p in paragraphs if p.factor is not None]
    linked = sum(1 for p in argued if p.linked)
    cited: dict[FactorRef, set[str]] = {f: set() for f in used}
    for p in argued:
        if p.factor in cited:
            cited[p.factor].update(p.evidence)
    evidence = len(set().union(*cited.values()))
    developed = sum(len(pieces) >= TOP_LEVEL_EVIDENCE for pieces in cited.values())
    q = plan.question
    range_reason = (
        f"Range: you argue {len(used)} factor(s) from your notes with {evidence} piece(s) of "
        "their evidence"
    )
    if len(used) < 3:
        range_reason += "; level 4 weighs at least three."
    elif developed < 3:
        range_reason += (
            f", but only {developed} of them with {TOP_LEVEL_EVIDENCE} pieces or more: level 4 "
            "develops at least three that fully."
        )
    else:
        range_reason += "."
    reasons = [
        range_reason,
        f"Links: {linked} of {len(argued)} argued paragraph(s) end by answering the question.",
    ]
    sides = True
    if q.type.evaluative or q.type in (QuestionType.TO_WHAT_EXTENT, QuestionType.COMPARE):
        sides, balance = _balanced(ranking, plan, used)
        reasons.append(balance)
    closing = next((p for p in reversed(paragraphs) if p.part is Part.CONCLUSION), None)
    closing_words = len(closing.text.split()) if closing is not None else 0
    sustained = judgement and closing_words >= SUSTAINED_JUDGEMENT_WORDS
    if sustained:
        reasons.append("Judgement: your conclusion says which factor mattered most, and why.")
    elif judgement:
        reasons.append(
            f"Judgement: your conclusion decides which factor mattered most, but in "
            f"{closing_words} words; level 4 sustains it, weighing that factor against the "
            "others."
        )
    else:
        reasons.append("Judgement: there is no conclusion that decides which factor mattered most.")
    swapped = reversed_pairs(conflicts)
    if swapped:
        a, b = swapped[0]
        reasons.append(
            f"Accuracy: {len(conflicts)} date(s) disagree with your notes, and two of them put "
            f"events in the wrong order (you give {a.essay_year} and {b.essay_year}, your notes "
            f"{a.notes_year} and {b.notes_year}): an argument about what led to what needs the "
            "right order, so level 2 at most."
        )
    elif len(conflicts) >= SIGNIFICANT_INACCURACY:
        reasons.append(
            f"Accuracy: {len(conflicts)} dates disagree with your notes: inaccuracy that "
            "significant keeps an essay at level 2 at most."
        )
    elif conflicts:
        reasons.append(
            f"Accuracy: {len(conflicts)} date(s) disagree with your notes, so level 3 at most."
        )
    else:
        reasons.append("Accuracy: no date disagrees with your notes.")
    # A factor is explained when a paragraph on it opens on it or answers the question: two
    # of them, not one factor and a passing description of another, make an argument (three
    # factors argued with evidence make one whatever their sentences say).
    by_ref = {f.ref: f.factor for f in ranking.factors}
    explained = {p.factor for p in argued if p.factor in cited and _argues(p, by_ref)}
    argues = len(explained) >= 2 or len(used) >= 3
    inaccurate = len(conflicts) >= SIGNIFICANT_INACCURACY
    # A story of events with no conclusion never says why any of them mattered.
    told = not judgement and not any(_EXPLAINS.search(p.text) for p in argued)
    if told and argued:
        reasons.append(
            "Explanation: your paragraphs tell what happened but never say what it led to or "
            "why it mattered, and no conclusion weighs it: level 2 at most."
        )
    if (
        argues
        and linked >= 2
        and evidence >= 2
        and sides
        and not swapped
        and not inaccurate
        and not told
    ):
        top = sustained and developed >= 3 and not conflicts
        return (Level.L4 if top else Level.L3), tuple(reasons)
    if used and evidence >= 1:
        return Level.L2, tuple(reasons)
    return Level.L1, tuple(reasons)


def advise(
    plan: EssayPlan,
    paragraphs: list[ParagraphFeedback],
    missed: tuple[FactorRef, ...],
    conflicts: list[DateConflict],
    judgement: bool,
    level: Level,
) -> tuple[str, ...]:
    links = {p.factor: p.link for p in plan.paragraphs}
    advice = [
        f'You wrote {c.essay_year} in "{c.essay}", but your notes say {c.notes_year}: "{c.notes}".'
        for c in conflicts
    ]
    for n, par in enumerate(paragraphs, 1):
        if par.part is not Part.ARGUMENT:
            continue
        if par.factor is None:
            advice.append(f"Paragraph {n} matches no factor in your notes: make its point clear.")
        elif not par.linked:
            link = links.get(par.factor)
            hint = f' For example: "{link}"' if link else ""
            advice.append(
                f"Paragraph {n} ({par.factor.factor}) does not end by answering the question."
                + hint
            )
    advice += [f"Add a paragraph on {f.factor} (from {f.page})." for f in missed]
    if not judgement and level is not Level.L1:
        advice.append(
            "Finish with a judgement: say which factor mattered most and why, using your links."
        )
    return tuple(advice)
