"""Essay plans: a PEEL outline for a question, built from the student's own notes.

The ranker (`rank.py`) says which factors answer the question; this module shapes them by
question type and writes down what the notes lack. Each paragraph's evidence and link come
from `paragraph.py` and the conclusion's scaffold from `judgement.py`. It never writes history
of its own: every line of evidence and every link is a line from the notes, and what is
missing is named as a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, SupportsEmbed
from notedeck.essay.judgement import judgement_lines
from notedeck.essay.lexical import plain
from notedeck.essay.paragraph import Paragraph, ParagraphDict, Role, build_paragraph
from notedeck.essay.question import Question, QuestionType
from notedeck.essay.rank import (
    FactorRef,
    FactorRefDict,
    RankedFactor,
    Ranking,
    followed_not_caused,
    outside_bound,
    rank_factors,
)
from notedeck.essay.timebound import TimeBoundDict, bound_words, in_bound
from notedeck.model import Notebook

__all__ = [
    "EssayPlan",
    "EssayPlanDict",
    "Paragraph",
    "ParagraphDict",
    "Role",
    "bound_words",
    "outside_bound",
    "plan_essay",
    "plan_from_ranking",
    "plan_to_markdown",
]

_T = QuestionType


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


# --- choosing factors ------------------------------------------------------------------------


def _choose(ranking: Ranking) -> list[tuple[RankedFactor, Role]]:
    """Factors and roles by question type; weak factors only ever as extras."""
    q = ranking.question
    # The time bound is a rule: a factor whose dated evidence lies wholly outside it is no
    # paragraph of this essay ("by 1929" never takes the purges of 1936).
    strong = [
        f
        for f in ranking.factors
        if not f.factor.weak
        and not outside_bound(f, q.time_bound)
        and not _aftermath_for_causes(f, q)
    ]
    weak = [(f, Role.EXTRA) for f in ranking.factors[:8] if f.factor.weak][:1]
    # The best section that still has a factor to argue: one the time bound emptied is no guide.
    # A section is as good as it matches and as its best factor does: a heading that sounds
    # right ("Why the Civil War broke out") loses to one whose factors answer the question.
    best_factor: dict[int, float] = {}
    for f in strong:
        best_factor[id(f.section)] = max(best_factor.get(id(f.section), 0.0), f.score)
    candidates = [s for s in ranking.sections if id(s.section) in best_factor]
    best = (
        max(candidates, key=lambda s: s.score + best_factor[id(s.section)]).section
        if candidates
        else None
    )
    if ranking.stated is not None:  # the factor the question names sits in its theme
        best = ranking.stated.section
    # The best section's factors first, and only them when there are enough: the question
    # names its theme, and a neighbouring theme's factors answer a different question.
    strong.sort(key=lambda f: f.section is not best)
    two_topics = q.type is _T.COMPARE and not q.stated_factor_text  # not "A or B for Y?"
    if sum(f.section is best for f in strong) >= 3 and not two_topics:
        named = (ranking.stated, ranking.compared)
        strong = [f for f in strong if f.section is best or any(f is n for n in named)]
    if two_topics:
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
    if q.type.evaluative or q.type in (_T.TO_WHAT_EXTENT, _T.COMPARE):  # "A or B?": A first
        first = ranking.stated or (strong[0] if strong and not q.stated_factor_text else None)
        others = [f for f in strong if first is None or f.ref != first.ref]
        # Counter-arguments come from the stated factor's own section where possible, the
        # other side of "A or B?" before any.
        home = first.section if first is not None else best
        other_side = ranking.compared.ref if ranking.compared else None
        others.sort(key=lambda f: (f.ref != other_side, f.section is not home))
        chosen = [(first, Role.FOR)] if first is not None else []
        if first is not None and ranking.compared is not None and others:
            # "A or B?" is an essay on A and B: anything else is context, not a paragraph.
            return [*chosen, (others[0], Role.AGAINST), *((f, Role.EXTRA) for f in others[1:2])]
        return chosen + [(f, Role.AGAINST) for f in others[:3]] + weak
    return [(f, Role.MAIN) for f in strong[:4]] + weak


def _aftermath_for_causes(factor: RankedFactor, question: Question) -> bool:
    """A factor from a section on what followed (`Consequences of…`, `Reactions to…`) when
    the question asks why something happened: the reactions to X are a trap there."""
    return question.asks_causes and followed_not_caused(question, plain(factor.section.title))


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
    paragraphs = tuple(build_paragraph(f, role, q) for f, role in chosen)
    judgement = judgement_lines(ranking, chosen)
    gaps = _gaps(ranking, chosen, paragraphs)
    return EssayPlan(
        question=q,
        stated=ranking.stated.ref if ranking.stated else None,
        paragraphs=paragraphs,
        ranked=tuple((f.ref, f.score) for f in (*ranking.factors, *ranking.further)),
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
    bound = q.time_bound
    if bound is not None and all(
        outside_bound(f, bound) for f in ranking.factors if not f.factor.weak
    ):
        return (
            f"Nothing in your notes that answers this is dated {bound_words(bound)}: every "
            "relevant factor's evidence lies outside those years, so there is no plan to make."
        )
    return None


# --- gaps ----------------------------------------------------------------------------------


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
    comparing = q.type is _T.COMPARE and not q.stated_factor_text
    if comparing and len({f.page.id for f, _ in main}) < 2:
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
