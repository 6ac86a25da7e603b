"""The judgement scaffold of an essay plan: what the conclusion should weigh, from the notes.

The scaffold never gives a verdict. It points at the comparison the question asks for, at a
factor whose notes mention the others (it may have enabled them), at evidence dated outside
the question's bound, and, for significance questions, at short- and long-term effects the
notes record.
"""

from __future__ import annotations

import re

from notedeck.essay.lexical import content_words, key_terms, plain
from notedeck.essay.paragraph import Role
from notedeck.essay.question import Question, QuestionType
from notedeck.essay.rank import RankedFactor, Ranking
from notedeck.essay.timebound import bound_words, in_bound
from notedeck.model import Factor

__all__ = ["judgement_lines"]

_T = QuestionType

_ENABLING = re.compile(
    r"\b(?:allow\w*|enabl\w*|made it possible|making it possible|clearing the way|"
    r"laying the foundations?|leaving the door open|gave \w+ (?:the )?(?:power|chance|excuse)|"
    r"paved the way|opened the way)\b",
    re.I,
)
_CONSEQUENCE = re.compile(r"\b(?:consequences?|effects?|results?|impact|legacy|aftermath)\b", re.I)


def _notes_text(factor: Factor) -> str:
    """Everything the student wrote under a factor: its points, then its link wordings."""
    points = " ".join(p.text for p in factor.all_points())
    return points + " " + " ".join(a for s in factor.statements for a in s.alternatives)


def _enabler(chosen: list[RankedFactor], topic: set[str]) -> str | None:
    """The factor whose notes mention the other factors most, or whose link says it enabled."""
    best: tuple[float, str] | None = None
    for f in chosen:
        words = content_words(_notes_text(f.factor))
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


def judgement_lines(ranking: Ranking, chosen: list[tuple[RankedFactor, Role]]) -> tuple[str, ...]:
    """Scaffold lines for the conclusion, drawn from the notes of the factors `chosen`.

    What to weigh against what, which factor may have enabled the others, how the evidence
    sits against the time bound, and what verdict the question asks for.
    """
    q = ranking.question
    topic = q.topic or q.text
    used = [f for f, role in chosen if role is not Role.EXTRA]
    if not used:
        return ()
    first = plain(used[0].factor.title)
    lines: list[str] = []
    if q.type is _T.COMPARE and not q.stated_factor_text:  # two topics, not "A or B?"
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
