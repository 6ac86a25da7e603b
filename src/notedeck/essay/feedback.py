"""Feedback on an essay: what it used from the notes, what it missed, and a level estimate.

Cosine similarity alone grades badly (an answer that shares the question's words scores
above a good paraphrase), so the essay is read against the notes themselves: each paragraph
is matched to a factor by the factor's key words, the evidence it cites and, when the model
is there, meaning; evidence counts only when its names, numbers or years reappear. The
introduction and the conclusion argue no factor of their own. The level follows a mark
scheme's reading: range, links to the question, balance, a verdict, accuracy, and what caps
them (length, answers from another topic or period, a false chronology).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import TypedDict

import numpy as np
import numpy.typing as npt

from notedeck.essay.dates import DateConflict, DateConflictDict, date_conflicts
from notedeck.essay.dates import sentences as _sentences
from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, SupportsEmbed
from notedeck.essay.index import factor_text
from notedeck.essay.lexical import content_words, key_terms, plain, tokenize
from notedeck.essay.marking import (
    Level,
    ParagraphFeedback,
    ParagraphFeedbackDict,
    advise,
    judged,
    mark,
)
from notedeck.essay.plan import EssayPlan, Role, bound_words, outside_bound, plan_from_ranking
from notedeck.essay.question import Question, QuestionType, TimeBound
from notedeck.essay.rank import (
    FactorRef,
    FactorRefDict,
    RankedFactor,
    followed_not_caused,
    nearest_factors,
    rank_factors,
)
from notedeck.essay.reading import (
    Part,
    concludes,
    continues,
    essay_paragraphs,
    links_back,
    opens,
    tells_when,
)
from notedeck.model import Notebook, Point

__all__ = [
    "DateConflict",
    "Feedback",
    "FeedbackDict",
    "Level",
    "MatchWeights",
    "ParagraphFeedback",
    "Part",
    "give_feedback",
]


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


@dataclass(frozen=True, slots=True)
class MatchWeights:
    """How a paragraph is matched to a factor; tuned on the dev essays of
    `tests/fixtures/essay-eval` (dev and dev-b), never on its test split.

    Attributes:
        title: share of the factor's key words in the paragraph.
        evidence: the factor's points the paragraph cites (two or more count in full).
        meaning: cosine of paragraph and factor, scaled from 0.2–0.7 to 0–1 (with the model).
        floor: the least score that names a factor; below it the paragraph argues none.
        off_topic_margin: how much better a factor outside the question's sections must fit
            than the question's own, since names and words recur across topics.
    """

    title: float = 0.4
    evidence: float = 0.3
    meaning: float = 0.3
    floor: float = 0.3
    off_topic_margin: float = 0.15


WEIGHTS = MatchWeights()
#: Without the model, the words and the evidence share the weight meaning had.
WORDS_ONLY = MatchWeights(title=0.55, evidence=0.45, meaning=0.0)

#: A paragraph of this many sentences or more names its factor before its last sentence.
BODY_SENTENCES = 4
MIN_WORDS_ABOVE_L1 = 100  # an essay shorter than this scores level 1 at most
_WORDS = re.compile(r"[^\W_][\w'’-]*")
_NAME = re.compile(r"\b[A-Z][\w'’-]+")
_NUMBER = re.compile(r"\d[\d,.]*%?")
_YEAR = re.compile(r"(?<!\d)(1\d{3}|20\d{2})(?!\d)")


# --- citing the notes ----------------------------------------------------------------------


def _signature(text: str) -> set[str]:
    """Names, years and numbers: what makes a sentence evidence rather than comment."""
    names = {t for m in _NAME.findall(" " + text)[1:] for t in tokenize(m)}
    return names | set(_YEAR.findall(text)) | {n.strip(".,") for n in _NUMBER.findall(text)}


@dataclass(frozen=True, slots=True)
class _Note:
    """A point of the notes as the essay is checked against it."""

    point: Point
    text: str
    signature: frozenset[str]
    words: frozenset[str]


def _note(point: Point) -> _Note:
    text = plain(point.text)
    return _Note(point, text, frozenset(_signature(text)), frozenset(content_words(text)))


def _cites(note: _Note, signature: set[str], words: set[str]) -> bool:
    """A sentence cites a note when two of its names, years or numbers reappear, or one
    with three of its words."""
    shared = note.signature & signature
    if len(shared) >= 2:
        return True
    return bool(shared) and len(note.words & words) >= 3


# --- the feedback ----------------------------------------------------------------------------


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
    essay = essay_paragraphs(essay_text)
    if not plan.planned:
        advice: tuple[str, ...] = (plan.message or "", "Your notes cannot check this essay.")
        return Feedback(
            Level.L1, (), (), (), (), (), False, advice, plan, ranking.warnings, (advice[0],)
        )

    topical = list(ranking.factors)
    for named in (ranking.stated, ranking.compared):
        if named is not None and named not in topical:
            topical.append(named)
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
    # A year the question gives ties nothing back to it.
    asked = {w for w in topic | content_words(q.text) if not w.isdigit()}
    model = embedder.embedder if isinstance(embedder, EmbedderLoad) else embedder
    cos = None
    if model is not None and essay:
        texts = essay + [factor_text(f.factor) for f in candidates]
        vecs = cache.embed(model, texts) if cache is not None else model.embed(texts)
        cos = vecs[: len(essay)] @ vecs[len(essay) :].T
    paragraphs = _read(essay, candidates, len(topical), cos, topic=topic, asked=asked)

    # A paragraph on a factor dated wholly outside the question's years, or from a topic the
    # question is not about, argues another question: it counts against the essay, never for
    # it. The factors the question names are its subject, whatever their dates.
    named_refs = {f.ref for f in (ranking.stated, ranking.compared) if f is not None}
    period = _causes_period(q)
    # A why-question's essay arguing what followed (the consequences of collectivisation for
    # why it was begun) answers another question too.
    outside = off_topic | {
        f.ref
        for f in candidates
        if f.ref not in named_refs
        and (
            outside_bound(f, period) or (q.asks_causes and followed_not_caused(q, f.section.title))
        )
    }
    off_period = [p for p in paragraphs if p.factor in outside]
    used = list(dict.fromkeys(p.factor for p in paragraphs if p.factor is not None))
    # A factor counts once a paragraph develops it with its evidence; one named in passing
    # has not been argued.
    developed = {p.factor for p in paragraphs if p.evidence}
    counted = [f for f in used if f not in outside and f in developed]
    cited = list(dict.fromkeys(e for p in paragraphs for e in p.evidence))
    wanted = [p.factor for p in plan.paragraphs if p.role is not Role.EXTRA]
    missed = tuple(f for f in wanted if f not in used)
    judgement = judged(paragraphs, topical)
    conflicts = date_conflicts(essay, list({f.page.id: f.page for f in topical}.values()), notebook)
    level, reasons = mark(ranking, plan, paragraphs, counted, judgement, conflicts)
    advice = advise(plan, paragraphs, missed, conflicts, judgement, level)
    # Whole-essay caps: each says why, in the reasons and first in the advice.
    caps = _caps(paragraphs, off_period=off_period, essay=essay, q=q)
    for most, capped in caps:
        level = min(level, most, key=list(Level).index)
        reasons, advice = (*reasons, capped), (capped, *advice)
    argued = [p for p in paragraphs if p.factor is not None]
    if off_period and 2 * len(off_period) < len(argued):  # too few to cap: the student is told
        numbers = [n for n, p in enumerate(paragraphs, 1) if p in off_period]
        where = _elsewhere(q)
        aside = (
            f"Relevance: paragraph(s) {', '.join(map(str, numbers))} argue factors {where}from "
            "another topic of your notes, so they do not count towards the level."
        )
        reasons, advice = (*reasons, aside), (aside, *advice)
    return Feedback(
        level=level,
        factors_used=tuple(used),
        factors_missed=missed,
        evidence_used=tuple(cited),
        paragraphs=tuple(paragraphs),
        date_conflicts=tuple(conflicts),
        judgement=judgement,
        advice=advice,
        plan=plan,
        warnings=ranking.warnings,
        reasons=reasons,
    )


def _caps(
    paragraphs: list[ParagraphFeedback],
    *,
    off_period: list[ParagraphFeedback],
    essay: list[str],
    q: Question,
) -> list[tuple[Level, str]]:
    """The levels the whole essay cannot rise above, each with the sentence that says why:
    a story of events, answers to another question, too few words."""
    argued = [p for p in paragraphs if p.factor is not None]
    caps: list[tuple[Level, str]] = []
    body = [p for p in paragraphs if p.part is Part.ARGUMENT]
    dated = sum(tells_when(p.text) for p in body)
    answering = sum(p.linked for p in body)
    # Paragraphs that open with a date, most of them never drawing the point back to the
    # question, tell a story of events rather than argue.
    if len(body) >= 3 and 2 * dated > len(body) and 2 * answering <= len(body):
        caps.append(
            (
                Level.L2,
                f"Narrative: {dated} of your {len(body)} paragraphs open with a date and only "
                f"{answering} end by answering the question: a story of events is level 2 at "
                "most. Open each paragraph with a point, and end it on the question.",
            )
        )
    if argued and 2 * len(off_period) >= len(argued):
        where = _elsewhere(q)
        caps.append(
            (
                Level.L1,
                f"{len(off_period)} of your {len(argued)} argued paragraphs use factors {where}"
                "from another topic of your notes: they answer a different question, so level 1.",
            )
        )
    length = len(_WORDS.findall(" ".join(essay)))
    if length < MIN_WORDS_ABOVE_L1:  # a sentence or two cannot develop an argument
        caps.append(
            (
                Level.L1,
                f"At {length} words the essay is too short to go beyond level 1: develop each "
                "factor in its own paragraph.",
            )
        )
    return caps


def _read(
    essay: list[str],
    candidates: list[RankedFactor],
    topical: int,
    cos: npt.NDArray[np.floating] | None,
    *,
    topic: set[str],
    asked: set[str],
) -> list[ParagraphFeedback]:
    """Each paragraph's part, factor, cited evidence and link.

    A paragraph's factor is the candidate (the first `topical` are the question's own) its
    key words, cited evidence and meaning fit best; the introduction and the conclusion
    argue none, and "Another example is…" argues the one before it.
    """
    weights = WEIGHTS if cos is not None else WORDS_ONLY
    notes = {id(f): [_note(p) for p in f.factor.all_points()] for f in candidates}
    keys = [key_terms(f.factor, exclude=topic) or set(tokenize(f.factor.title)) for f in candidates]
    column = {f.ref: j for j, f in reversed(list(enumerate(candidates)))}
    paragraphs: list[ParagraphFeedback] = []
    for i, text in enumerate(essay):
        said = [(_signature(s), content_words(s)) for s in _sentences(text)]
        # A developed paragraph's last sentence links back to the question, often in the
        # words of the question's own factor ("…which made the guerrilla war harder to win"):
        # its point is made before that, so the factor's name is looked for there.
        parts = _sentences(text)
        words = content_words(" ".join(parts[:-1] if len(parts) >= BODY_SENTENCES else parts))
        scores = []
        hits_of: list[list[_Note]] = []
        for j, f in enumerate(candidates):
            title = len(keys[j] & words) / len(keys[j]) if keys[j] else 0.0
            hits = [n for n in notes[id(f)] if any(_cites(n, sig, ws) for sig, ws in said)]
            hits_of.append(hits)
            score = weights.title * title + weights.evidence * min(1.0, len(hits) / 2)
            if cos is not None:
                score += weights.meaning * float(np.clip((cos[i, j] - 0.2) / 0.5, 0, 1))
            scores.append(score)
        cites = len({id(n.point) for hits in hits_of for n in hits})
        linked = links_back(text, asked)
        if opens(i, len(essay), cites):  # it sets out the answer, not one factor
            paragraphs.append(ParagraphFeedback(None, linked, text, Part.INTRODUCTION))
            continue
        if concludes(text, i, len(essay), cites):  # it weighs the factors, not one
            paragraphs.append(ParagraphFeedback(None, linked, text, Part.CONCLUSION))
            continue
        best = _best_match(scores, topical, weights.off_topic_margin)
        factor = candidates[best].ref if best >= 0 and scores[best] >= weights.floor else None
        before = paragraphs[-1].factor if paragraphs else None
        if before is not None and continues(text):
            factor = before
        evidence = tuple(n.text for n in hits_of[column[factor]]) if factor is not None else ()
        paragraphs.append(ParagraphFeedback(factor, linked, text, Part.ARGUMENT, evidence))
    return paragraphs


def _best_match(scores: list[float], topical: int, margin: float) -> int:
    """The best-fitting candidate; one outside the question's sections (after the first
    `topical`) only when it fits better by `margin`."""
    if not scores:
        return -1
    best = int(np.argmax(scores[:topical])) if topical else -1
    if len(scores) > topical:
        other = topical + int(np.argmax(scores[topical:]))
        if best < 0 or scores[other] >= scores[best] + margin:
            return other
    return best


#: How many years before a "why" question's period its causes may lie, for feedback.
CAUSES_LEAD = 2


def _elsewhere(q: Question) -> str:
    """Where the factors of an answer to another question come from, besides other topics."""
    dated = f"dated outside {bound_words(q.time_bound)}, " if q.time_bound else ""
    followed = "on what followed, " if q.asks_causes else ""
    return f"{dated}{followed}or " if dated or followed else ""


def _causes_period(q: Question) -> TimeBound | None:
    """The years an essay's causes may come from: "…to blame for the famine in the years
    1959–1961" is explained by the Great Leap Forward of 1958, and an essay arguing it is on
    the question. The plan keeps the question's own years; this only stops such paragraphs
    counting against the essay."""
    bound = q.time_bound
    if (
        bound is None
        or bound.start is None
        or bound.end is None
        or not q.asks_causes
        or q.type is QuestionType.HOW  # "How did X strengthen Y": what followed X
    ):
        return bound
    return replace(bound, start=bound.start - CAUSES_LEAD, start_month=None)
