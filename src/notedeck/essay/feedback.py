"""Feedback on an essay: what it used from the notes, what it missed, and a level estimate.

Cosine similarity alone grades badly (an answer that shares the question's words scores
above a good paraphrase), so the essay is read against the notes themselves: each paragraph
is matched to a factor by the factor's key words, the evidence it cites and, when the model
is there, meaning; evidence counts only when its names, numbers or years reappear; a date
conflicts when the words around it match a dated note that gives another year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TypedDict

import numpy as np

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, SupportsEmbed
from notedeck.essay.index import factor_text
from notedeck.essay.lexical import content_words, key_terms, plain, tokenize
from notedeck.essay.plan import EssayPlan, Role, bound_words, outside_bound, plan_from_ranking
from notedeck.essay.rank import (
    FactorRef,
    FactorRefDict,
    RankedFactor,
    nearest_factors,
    rank_factors,
)
from notedeck.model import Notebook, Point

__all__ = [
    "DateConflict",
    "Feedback",
    "FeedbackDict",
    "Level",
    "ParagraphFeedback",
    "give_feedback",
]


class Level(StrEnum):
    """The four-level exam-board mark scheme."""

    L1 = "L1"  # general points, little or no evidence
    L2 = "L2"  # describes, or argues one side
    L3 = "L3"  # explains several factors (both sides) with links
    L4 = "L4"  # L3 with a supported judgement


class ParagraphFeedbackDict(TypedDict):
    factor: FactorRefDict | None
    linked: bool


class DateConflictDict(TypedDict):
    essay_year: int
    notes_year: int
    essay: str
    notes: str
    page: str


class FeedbackDict(TypedDict):
    level: str
    factors_used: list[FactorRefDict]
    factors_missed: list[FactorRefDict]
    evidence_used: list[str]
    paragraphs: list[ParagraphFeedbackDict]
    date_conflicts: list[DateConflictDict]
    judgement: bool
    reasons: list[str]
    advice: list[str]


@dataclass(frozen=True, slots=True)
class ParagraphFeedback:
    """One essay paragraph: the factor it argues (None if none) and whether it links back."""

    factor: FactorRef | None
    linked: bool
    text: str

    def to_dict(self) -> ParagraphFeedbackDict:
        return {"factor": self.factor.to_dict() if self.factor else None, "linked": self.linked}


@dataclass(frozen=True, slots=True)
class DateConflict:
    """A year in the essay that the notes give differently for the same event."""

    essay_year: int
    notes_year: int
    essay: str
    notes: str
    page: str

    def to_dict(self) -> DateConflictDict:
        return {
            "essay_year": self.essay_year,
            "notes_year": self.notes_year,
            "essay": self.essay,
            "notes": self.notes,
            "page": self.page,
        }


@dataclass(frozen=True, slots=True)
class Feedback:
    """What an essay did with the notes.

    Attributes:
        level: estimated mark-scheme level.
        factors_used: relevant factors the essay argues, in essay order.
        factors_missed: factors the plan would use that the essay does not.
        evidence_used: the notes' evidence the essay cites, as written in the notes.
        paragraphs: each paragraph's factor and link.
        date_conflicts: years that disagree with the notes.
        judgement: the essay reaches a judgement that it supports with factors.
        advice: what to do next, most useful first.
        plan: the plan the essay was read against.
        reasons: why the essay got its level, one sentence per criterion (range, links,
            balance, judgement, accuracy, and what capped it).
        warnings: how the reading was degraded (e.g. no model).
    """

    level: Level
    factors_used: tuple[FactorRef, ...]
    factors_missed: tuple[FactorRef, ...]
    evidence_used: tuple[str, ...]
    paragraphs: tuple[ParagraphFeedback, ...]
    date_conflicts: tuple[DateConflict, ...]
    judgement: bool
    advice: tuple[str, ...]
    plan: EssayPlan | None = None
    warnings: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    def to_dict(self) -> FeedbackDict:
        return {
            "level": self.level.value,
            "factors_used": [f.to_dict() for f in self.factors_used],
            "factors_missed": [f.to_dict() for f in self.factors_missed],
            "evidence_used": list(self.evidence_used),
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "date_conflicts": [c.to_dict() for c in self.date_conflicts],
            "judgement": self.judgement,
            "reasons": list(self.reasons),
            "advice": list(self.advice),
        }


# --- reading the essay -----------------------------------------------------------------------

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'“(])")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")
_NAME = re.compile(r"\b[A-Z][\w'’-]+")
_NUMBER = re.compile(r"\d[\d,.]*%?")
_CONNECTIVE = re.compile(
    r"\b(?:so|therefore|thus|hence|meant|means|led|leading|allow\w*|enabl\w*|helped|because|"
    r"as a result|this is why|which is why|contributed|explains?|shows?|made it|gave|"
    r"consequently|ensur\w*|paved)\b",
    re.I,
)
_VERDICT = re.compile(
    r"\b(?:most important|main (?:reason|factor|cause)|more important than|most significant|"
    r"overall|in conclusion|to conclude|to a (?:large|great|limited|some) extent|I (?:agree|"
    r"disagree)|outweigh\w*|decisive|key reason|crucial|the biggest)\b",
    re.I,
)
_SUPPORT = re.compile(r"\b(?:because|since|as|without|only after|than)\b", re.I)


def _paragraphs(essay: str) -> list[str]:
    """Prose paragraphs: blank-line blocks, headings and one-line titles dropped."""
    blocks = re.split(r"\n\s*\n", essay.replace("\r\n", "\n"))
    out = []
    for block in blocks:
        lines = [ln for ln in block.splitlines() if not ln.lstrip().startswith("#")]
        text = plain(" ".join(ln.strip().lstrip("-*> ") for ln in lines))
        if len(text.split()) >= 8:
            out.append(text)
    return out


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _signature(text: str) -> set[str]:
    """Names, years and numbers: what makes a sentence evidence rather than comment."""
    names = {t for m in _NAME.findall(" " + text)[1:] for t in tokenize(m)}
    return names | set(_YEAR.findall(text)) | {n.strip(".,") for n in _NUMBER.findall(text)}


def _cites(point: Point, sentence: str) -> bool:
    text = plain(point.text)
    shared = _signature(text) & _signature(sentence)
    if len(shared) >= 2:
        return True
    return bool(shared) and len(content_words(text) & content_words(sentence)) >= 3


# --- dates -----------------------------------------------------------------------------------


def _mentions(text: str, *, reach: int, whole: bool = False) -> list[tuple[int, set[str]]]:
    """Each year in `text` with the content words within `reach` words of it (other years
    out); with `whole`, a text with one year (a note's point) is all about it."""
    words = text.split()
    found = [(i, int(y)) for i, word in enumerate(words) for y in _YEAR.findall(word)]
    if whole and len({y for _, y in found}) == 1:
        reach = len(words)
    out = []
    for i, year in found:
        window = " ".join(words[max(0, i - reach) : i] + words[i + 1 : i + 1 + reach])
        out.append((year, {w for w in tokenize(window) if not w.isdigit()}))
    return out


def _date_conflicts(
    essay: list[str], factors: list[RankedFactor], notebook: Notebook
) -> list[DateConflict]:
    """Years in the essay that the notes give otherwise for the same thing.

    The note a sentence is compared with comes from the question's pages; a year the notes
    give anywhere for the same words ("Chancellor on 30 January 1933" on another page) is
    not wrong.
    """
    notes: list[tuple[int, set[str], Point, str]] = []
    dated: dict[int, list[set[str]]] = {}  # the notebook's points of a year, read once
    for page in {f.page.id: f.page for f in factors}.values():
        for section in page.sections:
            points = [p for top in section.points for p in top.walk()]
            points += [p for f in section.factors for p in f.all_points()]
            for p in points:
                mentions = _mentions(plain(p.text), reach=8, whole=True)
                notes += [(y, ctx, p, page.id) for y, ctx in mentions]
    conflicts = []
    for sentence in (s for par in essay for s in _sentences(par)):
        mentions = _mentions(sentence, reach=6)
        for year, ctx in mentions:
            best = max(notes, key=lambda n: len(n[1] & ctx), default=None)
            if best is None or year in best[2].years:
                continue
            # A note whose year the sentence also gives is about the sentence's other date
            # ("from 12 seats in 1928 to 230 in 1932"), unless that date's own words have
            # nothing to do with it ("…Vienna in June 1959 … the Wall in August 1961").
            if any(y == best[0] and len(c & best[1]) >= 2 for y, c in mentions):
                continue
            if len(best[1] & ctx) < 3:
                continue
            same = max((len(n[1] & ctx) for n in notes if n[0] == year), default=0)
            near = len(best[1] & ctx) - 1
            if same < near and _attested(dated, notebook, year, ctx) < near:
                conflicts.append(
                    DateConflict(year, best[0], sentence, plain(best[2].text), best[3])
                )
    return conflicts


def _attested(
    dated: dict[int, list[set[str]]], notebook: Notebook, year: int, ctx: set[str]
) -> int:
    """The most content words any point of the notebook dated `year` shares with `ctx`."""
    if year not in dated:
        dated[year] = [
            {w for w in tokenize(plain(point.text)) if not w.isdigit()}
            for page in notebook.pages
            for section in page.sections
            for top in (*section.points, *(p for f in section.factors for p in f.points))
            for point in top.walk()
            if year in point.years
        ]
    return max((len(words & ctx) for words in dated[year]), default=0)


# --- the feedback ----------------------------------------------------------------------------


MIN_WORDS_ABOVE_L1 = 100  # an essay shorter than this scores level 1 at most
_WORDS = re.compile(r"[^\W_][\w'’-]*")


def give_feedback(
    notebook: Notebook,
    question_text: str,
    essay_text: str,
    *,
    embedder: SupportsEmbed | EmbedderLoad | None = None,
    cache: EmbeddingCache | None = None,
) -> Feedback:
    """Read `essay_text` (Markdown or plain) against the notes' plan for `question_text`."""
    ranking = rank_factors(notebook, question_text, embedder=embedder, cache=cache)
    plan = plan_from_ranking(ranking)
    q = ranking.question
    essay = _paragraphs(essay_text)
    if not plan.planned:
        advice: tuple[str, ...] = (plan.message or "", "Your notes cannot check this essay.")
        return Feedback(
            Level.L1, (), (), (), (), (), False, advice, plan, ranking.warnings, (advice[0],)
        )

    topical = list(ranking.factors)
    if ranking.stated is not None and ranking.stated not in topical:
        topical.append(ranking.stated)
    # A paragraph may argue a factor from another section, or from another topic (page) of
    # the notes: look for it in the whole notebook, so it is named rather than missed, and an
    # answer from another topic counts against the essay.
    known = {f.ref for f in topical}
    pages = {f.page.id for f in topical}
    nearest = [
        f
        for f in nearest_factors(notebook, essay, embedder=embedder, cache=cache)
        if f.ref not in known
    ]
    candidates = topical + nearest
    off_topic = {f.ref for f in nearest if f.page.id not in pages}
    topic = content_words(q.topic or q.text)
    # A paragraph answers the question when it ends on any of its words, the claim's too
    # ("…so he lost the peasants" for "Giving land to the peasants was the key…").
    asked = topic | content_words(q.text)
    model = embedder.embedder if isinstance(embedder, EmbedderLoad) else embedder
    cos = None
    if model is not None and essay:
        texts = essay + [factor_text(f.factor) for f in candidates]
        vecs = cache.embed(model, texts) if cache is not None else model.embed(texts)
        cos = vecs[: len(essay)] @ vecs[len(essay) :].T

    cited: dict[int, str] = {}
    paragraphs: list[ParagraphFeedback] = []
    for i, text in enumerate(essay):
        words = content_words(text)
        sentences = _sentences(text)
        scores = []
        for j, f in enumerate(candidates):
            keys = key_terms(f.factor, exclude=topic) or set(tokenize(f.factor.title))
            title = len(keys & words) / len(keys) if keys else 0.0
            hits = [p for p in f.factor.all_points() if any(_cites(p, s) for s in sentences)]
            for p in hits:
                cited.setdefault(id(p), plain(p.text))
            evidence = min(1.0, len(hits) / 2)
            if cos is not None:
                sem = float(np.clip((cos[i, j] - 0.2) / 0.5, 0, 1))
                scores.append(0.4 * title + 0.3 * evidence + 0.3 * sem)
            else:
                scores.append(0.55 * title + 0.45 * evidence)
        if i == len(essay) - 1 and i > 0 and _VERDICT.search(text):
            # The conclusion weighs factors rather than arguing one: it answers by definition.
            paragraphs.append(ParagraphFeedback(None, True, text))
            continue
        best = _best_match(scores, len(topical))
        factor = candidates[best].ref if best >= 0 and scores[best] >= 0.3 else None
        paragraphs.append(ParagraphFeedback(factor, _linked(sentences, asked), text))

    # A paragraph on a factor dated wholly outside the question's years, or from a topic the
    # question is not about, argues another question: it counts against the essay, never for it.
    outside = off_topic | {f.ref for f in candidates if outside_bound(f, q.time_bound)}
    off_period = [p for p in paragraphs if p.factor in outside]
    used = list(dict.fromkeys(p.factor for p in paragraphs if p.factor is not None))
    counted = [f for f in used if f not in outside]
    wanted = [p.factor for p in plan.paragraphs if p.role is not Role.EXTRA]
    missed = tuple(f for f in wanted if f not in used)
    judgement = _judged(essay, topical)
    conflicts = _date_conflicts(essay, topical, notebook)
    level, reasons = _level(plan, paragraphs, counted, len(cited), judgement, conflicts)
    advice = _advice(plan, paragraphs, missed, conflicts, judgement, level)
    argued = [p for p in paragraphs if p.factor is not None]
    if argued and 2 * len(off_period) >= len(argued):
        where = f"dated outside {bound_words(q.time_bound)} or " if q.time_bound else ""
        level = Level.L1
        capped = (
            f"{len(off_period)} of your {len(argued)} argued paragraphs use factors {where}from "
            "another topic of your notes: they answer a different question, so level 1."
        )
        reasons, advice = (*reasons, capped), (capped, *advice)
    length = len(_WORDS.findall(" ".join(essay)))
    if length < MIN_WORDS_ABOVE_L1:  # a sentence or two cannot develop an argument
        level = Level.L1
        capped = (
            f"At {length} words the essay is too short to go beyond level 1: develop each "
            "factor in its own paragraph."
        )
        reasons, advice = (*reasons, capped), (capped, *advice)
    return Feedback(
        level=level,
        factors_used=tuple(used),
        factors_missed=missed,
        evidence_used=tuple(cited.values()),
        paragraphs=tuple(paragraphs),
        date_conflicts=tuple(conflicts),
        judgement=judgement,
        advice=advice,
        plan=plan,
        warnings=ranking.warnings,
        reasons=reasons,
    )


#: How much better a factor outside the question's sections must fit a paragraph than the
#: question's own.
OFF_TOPIC_MARGIN = 0.15


def _best_match(scores: list[float], topical: int) -> int:
    """The best-fitting candidate; one outside the question's sections (after the first
    `topical`) only when it fits clearly better, since names and words recur across topics."""
    if not scores:
        return -1
    best = int(np.argmax(scores[:topical])) if topical else -1
    if len(scores) > topical:
        other = topical + int(np.argmax(scores[topical:]))
        if best < 0 or scores[other] >= scores[best] + OFF_TOPIC_MARGIN:
            return other
    return best


def _linked(sentences: list[str], topic: set[str]) -> bool:
    """The paragraph ends by tying its point back to the question's topic: its last two
    sentences name the topic and draw a consequence ("…so the Nazis…", "This shows…")."""
    if not sentences:
        return False
    end = " ".join(sentences[-2:])
    return bool(topic & content_words(end)) and _CONNECTIVE.search(end) is not None


def _judged(essay: list[str], factors: list[RankedFactor]) -> bool:
    """A verdict ("most important", "overall") backed by factors and a reason."""
    for text in essay[-2:]:
        if not _VERDICT.search(text):
            continue
        words = content_words(text)
        named = sum(bool(key_terms(f.factor, exclude=set()) & words) for f in factors)
        if named >= 2 or (named == 1 and _SUPPORT.search(text)):
            return True
    return False


def _level(
    plan: EssayPlan,
    paragraphs: list[ParagraphFeedback],
    used: list[FactorRef],
    evidence: int,
    judgement: bool,
    conflicts: list[DateConflict],
) -> tuple[Level, tuple[str, ...]]:
    """The level a mark scheme would give, and one sentence per criterion saying why."""
    argued = [p for p in paragraphs if p.factor is not None]
    linked = sum(1 for p in argued if p.linked)
    q = plan.question
    reasons = [
        f"Range: you argue {len(used)} factor(s) from your notes with {evidence} piece(s) of "
        "their evidence" + ("; level 4 weighs at least three." if len(used) < 3 else "."),
        f"Links: {linked} of {len(argued)} argued paragraph(s) end by answering the question.",
    ]
    sides = True
    if q.type.evaluative or q.type.value == "to_what_extent":
        first = plan.stated or (plan.paragraphs[0].factor if plan.paragraphs else None)
        sides = first in used and any(f != first for f in used)
        name = first.factor if first else "the stated factor"
        reasons.append(
            f"Balance: you weigh {name} against other factors."
            if sides
            else f"Balance: the question asks you to weigh {name} against other factors; "
            "the essay does not."
        )
    reasons.append(
        "Judgement: your conclusion says which factor mattered most, and why."
        if judgement
        else "Judgement: there is no conclusion that weighs the factors."
    )
    reasons.append(
        f"Accuracy: {len(conflicts)} date(s) disagree with your notes, so level 3 at most."
        if conflicts
        else "Accuracy: no date disagrees with your notes."
    )
    if len(used) >= 2 and linked >= 2 and evidence >= 2 and sides:
        top = judgement and len(used) >= 3 and evidence >= 3 and not conflicts
        return (Level.L4 if top else Level.L3), tuple(reasons)
    if used and evidence >= 1:
        return Level.L2, tuple(reasons)
    return Level.L1, tuple(reasons)


def _advice(
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
        if par.factor is None and par.linked:
            continue  # the conclusion
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
