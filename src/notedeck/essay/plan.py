"""Essay plans: a PEEL outline for a question, built from the student's own notes.

The ranker (`rank.py`) says which factors answer the question; this module shapes them by
question type, picks each factor's strongest evidence and its link statement, and writes
down what the notes lack. It never writes history of its own: every line of evidence and
every link is a line from the notes, and what is missing is named as a gap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, SupportsEmbed
from notedeck.essay.lexical import content_words, plain, tokenize
from notedeck.essay.question import Question, QuestionType, TimeBound, TimeBoundDict
from notedeck.essay.rank import FactorRef, FactorRefDict, RankedFactor, Ranking, rank_factors
from notedeck.model import Factor, Notebook, Point

__all__ = [
    "EssayPlan",
    "EssayPlanDict",
    "Paragraph",
    "ParagraphDict",
    "Role",
    "bound_words",
    "plan_essay",
    "plan_from_ranking",
    "plan_to_markdown",
]

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


class RankedDict(TypedDict):
    page: str
    section: str
    factor: str
    score: float


class EssayPlanDict(TypedDict):
    question: str
    type: str
    time_bound: TimeBoundDict | None
    stated_factor: FactorRefDict | None
    paragraphs: list[ParagraphDict]
    ranked: list[RankedDict]
    judgement: list[str]
    gaps: list[str]


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


@dataclass(frozen=True, slots=True)
class EssayPlan:
    """A plan for one question.

    Attributes:
        question: the analysed question.
        stated: the notes' factor matching the question's stated factor, if found.
        paragraphs: in essay order.
        ranked: every factor judged relevant with its score, best first.
        judgement: scaffold lines for the conclusion, drawn from the notes.
        gaps: what the notes lack for this question, one sentence each.
        message: why no plan could be made, or None when there is one.
        warnings: how the planning was degraded (e.g. ranked by words only).
    """

    question: Question
    stated: FactorRef | None
    paragraphs: tuple[Paragraph, ...]
    ranked: tuple[tuple[FactorRef, float], ...]
    judgement: tuple[str, ...] = ()
    gaps: tuple[str, ...] = ()
    message: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def planned(self) -> bool:
        return self.message is None

    def to_dict(self) -> EssayPlanDict:
        tb = self.question.time_bound
        return {
            "question": self.question.text,
            "type": self.question.type.value,
            "time_bound": tb.to_dict() if tb else None,
            "stated_factor": self.stated.to_dict() if self.stated else None,
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "ranked": [{**ref.to_dict(), "score": round(score, 4)} for ref, score in self.ranked],
            "judgement": list(self.judgement),
            "gaps": list(self.gaps),
        }


# --- evidence --------------------------------------------------------------------------------

_CAPITAL = re.compile(r"(?<=\s)[A-Z][\w'’-]+")
_NUMBER = re.compile(r"\d")


def bound_words(bound: TimeBound) -> str:
    """`by 1929`, `after 1945` or `between 1919 and 1923`, for gap messages."""
    if bound.start is None:
        return f"by {bound.end}"
    if bound.end is None:
        return f"after {bound.start}"
    if bound.start == bound.end:
        return f"in {bound.start}"
    return f"between {bound.start} and {bound.end}"


def in_bound(year: int, bound: TimeBound | None) -> bool:
    if bound is None:
        return True
    return (bound.start is None or year >= bound.start) and (bound.end is None or year <= bound.end)


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


# --- paragraphs ------------------------------------------------------------------------------

_CLAIMS = {
    Role.MAIN: "One reason: {title}.",
    Role.FOR: "{title} was the most important factor.",
    Role.AGAINST: "But {title} also mattered.",
    Role.EXTRA: "{title} (you marked this weak) could add detail.",
}


def _paragraph(ranked: RankedFactor, role: Role, question: Question) -> Paragraph:
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


def _choose(ranking: Ranking) -> list[tuple[RankedFactor, Role]]:
    """Factors and roles by question type; weak factors only ever as extras."""
    q = ranking.question
    strong = [f for f in ranking.factors if not f.factor.weak]
    weak = [(f, Role.EXTRA) for f in ranking.factors[:8] if f.factor.weak][:1]
    best = ranking.sections[0].section if ranking.sections else None
    # The best section's factors first, and only them when there are enough: the question
    # names its theme, and a neighbouring theme's factors answer a different question.
    strong.sort(key=lambda f: f.section is not best)
    if sum(f.section is best for f in strong) >= 3 and q.type is not _T.COMPARE:
        strong = [f for f in strong if f.section is best or f is ranking.stated]
    if q.type is _T.COMPARE:
        pages = list(dict.fromkeys(f.page.id for f in strong))[:2]
        sides = [[f for f in strong if f.page.id == p] for p in pages]
        if len(sides) < 2:
            return [(f, Role.MAIN) for f in strong[:4]] + weak
        # Factors both sides share go first, side by side; then the best of each in turn.
        titles = {f.factor.title for f in sides[1]}
        shared = [f for f in sides[0] if f.factor.title in titles][:1]
        pairs = [(f, next(g for g in sides[1] if g.factor.title == f.factor.title)) for f in shared]
        done = {f.factor.title for f in shared}
        rest = [[f for f in side if f.factor.title not in done] for side in sides]
        paired = [f for pair in pairs for f in pair]
        picked = (paired + [f for pair in zip(*rest, strict=False) for f in pair])[:4]
        return [(f, Role.MAIN) for f in picked] + weak
    if q.type.evaluative or q.type is _T.TO_WHAT_EXTENT:
        first = ranking.stated or (strong[0] if strong and not q.stated_factor_text else None)
        others = [f for f in strong if first is None or f.ref != first.ref]
        # Counter-arguments come from the stated factor's own section where possible.
        home = first.section if first is not None else best
        others.sort(key=lambda f: f.section is not home)
        chosen = [(first, Role.FOR)] if first is not None else []
        return chosen + [(f, Role.AGAINST) for f in others[:3]] + weak
    return [(f, Role.MAIN) for f in strong[:4]] + weak


def plan_essay(
    notebook: Notebook,
    question_text: str,
    *,
    embedder: SupportsEmbed | EmbedderLoad | None = None,
    cache: EmbeddingCache | None = None,
) -> EssayPlan:
    """Plan an essay for `question_text` from `notebook`.

    Args:
        notebook: the student's notes.
        question_text: the exam question.
        embedder: the model or `load_embedder()`'s outcome; without one, words only.
        cache: keeps vectors between runs.

    Returns:
        A plan; when the notes cannot answer the question, a plan with no paragraphs and a
        `message` saying why (also the first gap), never one invented from nothing.
    """
    return plan_from_ranking(rank_factors(notebook, question_text, embedder=embedder, cache=cache))


def plan_from_ranking(ranking: Ranking) -> EssayPlan:
    """Shape a plan from a ranking (so feedback can reuse one ranking)."""
    q = ranking.question
    warnings = ranking.warnings
    message = _unplannable(ranking)
    if message is not None:
        return EssayPlan(q, None, (), (), gaps=(message,), message=message, warnings=warnings)
    chosen = _choose(ranking)
    paragraphs = tuple(_paragraph(f, role, q) for f, role in chosen)
    judgement = _judgement(ranking, chosen)
    gaps = _gaps(ranking, chosen, paragraphs)
    return EssayPlan(
        question=q,
        stated=ranking.stated.ref if ranking.stated else None,
        paragraphs=paragraphs,
        ranked=tuple((f.ref, f.score) for f in ranking.factors),
        judgement=judgement,
        gaps=gaps,
        warnings=warnings,
    )


def _unplannable(ranking: Ranking) -> str | None:
    q = ranking.question
    if not q.recognised:
        return (
            f'Cannot plan "{q.text}": it has no exam command I recognise (explain why, how, '
            "how far, to what extent, how significant, compare)."
        )
    if not ranking.sections or not ranking.answerable:
        near = ""
        if ranking.sections:
            top = ranking.sections[0]
            near = f' The closest is "{plain(top.section.title)}" ({top.page.id}), a weak match.'
        return f'Your notes do not cover "{q.topic or q.text}", so there is no plan to make.{near}'
    if not any(not f.factor.weak for f in ranking.factors):
        top = ranking.sections[0]
        return (
            f'Your notes on "{plain(top.section.title)}" ({top.page.id}) have no factors '
            "(### headings) to build paragraphs from; outline them first."
        )
    return None


# --- judgement and gaps ---------------------------------------------------------------------

_ENABLING = re.compile(
    r"\b(?:allow\w*|enabl\w*|made it possible|making it possible|clearing the way|"
    r"laying the foundations?|leaving the door open|gave \w+ (?:the )?(?:power|chance|excuse)|"
    r"paved the way|opened the way)\b",
    re.I,
)
_CONSEQUENCE = re.compile(r"\b(?:consequences?|effects?|results?|impact|legacy|aftermath)\b", re.I)


def _factor_text(factor: Factor) -> str:
    points = " ".join(p.text for p in factor.all_points())
    return points + " " + " ".join(a for s in factor.statements for a in s.alternatives)


def _enabler(chosen: list[RankedFactor], topic: set[str]) -> str | None:
    """The factor whose notes mention the other factors most, or whose link says it enabled."""
    best: tuple[float, str] | None = None
    for f in chosen:
        words = content_words(_factor_text(f.factor))
        linked = [
            plain(g.factor.title)
            for g in chosen
            if g is not f and _mentions(key_terms(g.factor, exclude=topic), words)
        ]
        enabling = next(
            (a for s in f.factor.statements for a in s.alternatives if _ENABLING.search(a)), None
        )
        score = len(linked) + (0.5 if enabling else 0.0)
        if score <= 0 or (best is not None and score <= best[0]):
            continue
        line = f"{plain(f.factor.title)} may have enabled the others"
        if linked:
            line += f": your notes on it also mention {', '.join(linked)}"
        if enabling:
            line += f'{";" if linked else ":"} your link says "{plain(enabling)}"'
        best = (score, line + ".")
    return best[1] if best else None


def _mentions(terms: set[str], words: set[str]) -> bool:
    """Two of a factor's key words, or one long one, appear: a reference, not a coincidence."""
    shared = terms & words
    return len(shared) >= 2 or any(len(t) >= 7 for t in shared) or shared == terms != set()


def _time_line(q: Question, chosen: list[RankedFactor]) -> str | None:
    bound = q.time_bound
    if bound is None:
        return None
    outside = [
        (plain(f.factor.title), y)
        for f in chosen
        for p in f.factor.all_points()
        for y in p.years
        if not in_bound(y, bound)
    ]
    if not outside:
        return f"All the dated evidence in these factors falls {bound_words(bound)}."
    shown = "; ".join(f"{t} ({y})" for t, y in list(dict.fromkeys(outside))[:4])
    return (
        f'The question is bounded "{bound.text}": evidence dated outside it ({shown}) is '
        "context, not support."
    )


def _significance_lines(ranking: Ranking, stated: RankedFactor) -> list[str]:
    dated = sorted((p for p in stated.factor.all_points() if p.years), key=lambda p: p.years[0])
    lines = []
    if dated:
        lines.append(f"Short term ({dated[0].years[0]}): {plain(dated[0].text)}")
    if len(dated) > 1 and dated[-1].years[0] > dated[0].years[0]:
        lines.append(f"Longer term ({dated[-1].years[0]}): {plain(dated[-1].text)}")
    for section in stated.page.sections:
        if section is not stated.section and section.factors and _CONSEQUENCE.search(section.title):
            titles = ", ".join(plain(f.title) for f in section.factors)
            lines.append(f'Long-term consequences in "{plain(section.title)}": {titles}.')
    return lines


def _judgement(ranking: Ranking, chosen: list[tuple[RankedFactor, Role]]) -> tuple[str, ...]:
    q = ranking.question
    topic = q.topic or q.text
    used = [f for f, role in chosen if role is not Role.EXTRA]
    if not used:
        return ()
    first = plain(used[0].factor.title)
    lines: list[str] = []
    if q.type is _T.COMPARE:
        pages = list(dict.fromkeys(f.page.id for f in used))
        titles: dict[str, set[str]] = {}
        for f in ranking.factors:
            titles.setdefault(plain(f.factor.title), set()).add(f.page.id)
        shared = [t for t, p in titles.items() if len(p) > 1]
        lines += [f'Both sides have "{t}": compare them directly.' for t in shared[:3]]
        lines.append(f"Judge where {' and '.join(pages)} differ most, and why.")
        return tuple(lines)
    roles = dict((f.ref, role) for f, role in chosen)
    against = [f for f in used if roles[f.ref] is Role.AGAINST]
    if q.type is _T.SIGNIFICANCE and ranking.stated is not None:
        lines += _significance_lines(ranking, ranking.stated)
    if roles.get(used[0].ref) is Role.FOR and against:
        lines.append(
            f"Weigh {first} against {plain(against[0].factor.title)}: which did more for {topic}?"
        )
    elif not q.type.evaluative:
        lines.append(f"Which mattered most? Your notes rank {first} first for {topic}.")
    enabler = _enabler(used, content_words(topic))
    if enabler:
        lines.append(enabler)
    time_line = _time_line(q, used)
    if time_line:
        lines.append(time_line)
    if q.type.evaluative or q.type is _T.TO_WHAT_EXTENT:
        lines.append(
            f"Conclude: how far was {first} the main factor? Support the verdict with your links."
        )
    return tuple(lines)


def _gaps(
    ranking: Ranking, chosen: list[tuple[RankedFactor, Role]], paragraphs: tuple[Paragraph, ...]
) -> tuple[str, ...]:
    q = ranking.question
    gaps: list[str] = []
    if q.stated_factor_text and ranking.stated is None:
        gaps.append(
            f'No factor in your notes matches "{q.stated_factor_text}": write notes on it; '
            "this plan argues only the other factors."
        )
    main = [
        (f, par)
        for (f, role), par in zip(chosen, paragraphs, strict=True)
        if role is not Role.EXTRA
    ]
    if q.type in (_T.EXPLAIN, _T.HOW) and len(main) < 3:
        gaps.append(f"Only {len(main)} factor(s) in your notes answer this; aim for three or more.")
    if (q.type.evaluative or q.type is _T.TO_WHAT_EXTENT) and len(main) < 2:
        gaps.append("No other factors to weigh against it: add a counter-argument.")
    if q.type is _T.COMPARE and len({f.page.id for f, _ in main}) < 2:
        gaps.append("Your notes cover only one side of this comparison; add notes on the other.")
    bound = q.time_bound
    for f, par in main:
        title = plain(f.factor.title)
        if par.link is None:
            gaps.append(f"No link statement for {title}: write one that answers the question.")
        if len(par.evidence) < 2:
            gaps.append(f"Only {len(par.evidence)} piece(s) of evidence for {title}: add more.")
        years = [y for p in f.factor.all_points() for y in p.years]
        if bound is not None and years and not any(in_bound(y, bound) for y in years):
            gaps.append(f"No evidence for {title} dated {bound_words(bound)}.")
    if bound is not None and main:
        dated = [y for f, _ in main for p in f.factor.all_points() for y in p.years]
        if not any(in_bound(y, bound) for y in dated):
            gaps.append(f"No evidence dated {bound_words(bound)} in the factors chosen.")
    return tuple(gaps)


# --- printing --------------------------------------------------------------------------------


def plan_to_markdown(plan: EssayPlan) -> str:
    """A plan a student can print: one heading per paragraph, P/E/E/L lines, then the rest."""
    q = plan.question
    lines = [f"# Essay plan: {q.text}", ""]
    facts = [f"Type: {q.type.value.replace('_', ' ')}"]
    if q.time_bound:
        facts.append(f"time bound: {q.time_bound.text}")
    if plan.stated:
        facts.append(f"stated factor: {plan.stated.factor} ({plan.stated.page})")
    lines += ["*" + "; ".join(facts) + "*", ""]
    if plan.message:
        lines += [plan.message, ""]
    for n, par in enumerate(plan.paragraphs, 1):
        lines += [f"## {n}. {par.factor.factor} ({par.role.value})", ""]
        lines.append(f"*From {par.factor.page}, {par.factor.section}*")
        lines += ["", f"- **P:** {par.point}"]
        lines += [f"- **E:** {e}" for e in par.evidence]
        lines.append(f"- **L:** {par.link}" if par.link else "- **L:** (no link statement yet)")
        lines += [f"  - or: {alt}" for alt in par.link_alternatives]
        lines.append("")
    for title, items in (("Judgement", plan.judgement), ("Gaps", plan.gaps)):
        if items and not (title == "Gaps" and plan.message and items == (plan.message,)):
            lines += [f"## {title}", "", *[f"- {item}" for item in items], ""]
    if plan.warnings:
        lines += ["## Notes", "", *[f"- {w}" for w in plan.warnings], ""]
    return "\n".join(lines).rstrip() + "\n"


def key_terms(factor: Factor, *, exclude: set[str]) -> set[str]:
    """A factor's title words that can identify it in other text (generic words dropped)."""
    return set(tokenize(factor.title)) - exclude - _GENERIC


_GENERIC = frozenset(
    tokenize("impact effect role weakness failure rise power political the of and")
)
