"""One PEEL paragraph of an essay plan: a factor's claim, its strongest evidence and its link.

Every line comes from the notes: the evidence is the factor's own points (the dated, named
and specific ones, in note order) and the link is the student's own link statement. Only the
point (the claim) is worded here, from the paragraph's role and the question type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from notedeck.essay.lexical import content_words, plain
from notedeck.essay.question import Question, QuestionType
from notedeck.essay.rank import FactorRef, FactorRefDict, RankedFactor
from notedeck.essay.timebound import TimeBound, in_bound
from notedeck.model import Factor, Point

__all__ = ["Paragraph", "ParagraphDict", "Role", "build_paragraph"]

_T = QuestionType


class Role(StrEnum):
    """What a paragraph does in the essay."""

    FOR = "for"
    AGAINST = "against"
    MAIN = "main"
    EXTRA = "extra"


class ParagraphDict(TypedDict):
    role: str
    factor: FactorRefDict
    evidence: list[str]
    link: str | None
    link_alternatives: list[str]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One PEEL paragraph.

    Attributes:
        role: main, for, against or extra (a weak factor, offered but not advised).
        factor: where the factor lives in the notes.
        point: the factor put as a claim answering the question.
        evidence: the factor's strongest points, in note order, Markdown emphasis removed.
        link: the preferred link statement, or None when the notes have none.
        link_alternatives: the other wordings the student wrote.
    """

    role: Role
    factor: FactorRef
    point: str
    evidence: tuple[str, ...]
    link: str | None
    link_alternatives: tuple[str, ...] = ()

    def to_dict(self) -> ParagraphDict:
        return {
            "role": self.role.value,
            "factor": self.factor.to_dict(),
            "evidence": list(self.evidence),
            "link": self.link,
            "link_alternatives": list(self.link_alternatives),
        }


# --- evidence --------------------------------------------------------------------------------

_CAPITAL = re.compile(r"(?<=\s)[A-Z][\w'’-]+")
_NUMBER = re.compile(r"\d")


def _evidence_score(point: Point, topic: set[str], bound: TimeBound | None) -> float:
    """Dated, named and specific points first; points dated outside the bound last."""
    text = plain(point.text)
    score = 2.0 if point.years else 0.0
    if point.years and bound is not None:
        score += 1.0 if any(in_bound(y, bound) for y in point.years) else -1.5
    score += 0.5 * min(3, len(_CAPITAL.findall(" " + text)) + len(point.terms))
    score += 0.3 * min(3, len(_NUMBER.findall(text)) // 2)
    score += 0.5 * len(topic & content_words(text))
    return score


def _evidence(factor: Factor, topic: set[str], bound: TimeBound | None) -> tuple[Point, ...]:
    """The factor's 2–4 strongest points, in the order the notes give them."""
    points = [p for p in factor.all_points() if plain(p.text)]
    scored = sorted(points, key=lambda p: -_evidence_score(p, topic, bound))
    keep = {id(p) for p in scored[:4]}
    return tuple(p for p in points if id(p) in keep)


# --- the paragraph ---------------------------------------------------------------------------

_CLAIMS = {
    Role.MAIN: "One reason: {title}.",
    Role.FOR: "{title} was the most important factor.",
    Role.AGAINST: "But {title} also mattered.",
    Role.EXTRA: "{title} (you marked this weak) could add detail.",
}


def build_paragraph(ranked: RankedFactor, role: Role, question: Question) -> Paragraph:
    """The paragraph arguing `ranked` in `role` for `question`."""
    factor = ranked.factor
    topic = question.topic or question.text
    claim = _CLAIMS[role]
    if question.type is _T.HOW and role is Role.MAIN:
        claim = "One way: {title}."
    elif question.type is _T.SIGNIFICANCE and role is Role.FOR:
        claim = "{title} was highly significant."
    alternatives = [plain(a) for s in factor.statements for a in s.alternatives]
    return Paragraph(
        role=role,
        factor=ranked.ref,
        point=claim.format(title=plain(factor.title), topic=topic),
        evidence=tuple(
            plain(p.text) for p in _evidence(factor, content_words(topic), question.time_bound)
        ),
        link=alternatives[0] if alternatives else None,
        link_alternatives=tuple(alternatives[1:]),
    )
