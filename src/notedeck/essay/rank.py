"""Ranking the notes against a question: sections first, then the factors inside them.

An exam question names a theme before a factor, and factor titles repeat across topics
("Impact of the Great Depression" sits under Hitler and under Japan), so a factor is scored
mostly by the section and page it sits in and only then by its own words. Each level mixes
a lexical signal (BM25 over the notes' words, `lexical.py`) with a semantic one (cosine of
sentence embeddings of short texts: page title and description, section title, factor title
with its preferred link statement). Without the model the ranking is lexical and says so.

The index behind this (`index.py`) is built once per page content (`Page.digest`) and kept in
memory for the life of the process, so a warm plan over 5,000 pages is a few matrix products.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TypedDict

import numpy as np
import numpy.typing as npt

from notedeck.derive.events import find_dates, unbold_dates
from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, SupportsEmbed
from notedeck.essay.index import NotebookIndex, Vectors, embed_texts, notebook_index
from notedeck.essay.lexical import plain, tokenize
from notedeck.essay.question import Question, QuestionType, analyse_question
from notedeck.essay.timebound import TimeBound, in_bound, year_span
from notedeck.model import Factor, Notebook, Page, Point, Section

__all__ = [
    "ANSWERABLE",
    "FactorRef",
    "FactorRefDict",
    "RankedFactor",
    "RankedSection",
    "Ranking",
    "nearest_factors",
    "outside_bound",
    "rank_factors",
]

#: Weight of the semantic signal in a combined score; lexical gets the rest.
SEMANTIC_WEIGHT = 0.6
#: A section must score this much (0–1) for the notes to be said to answer the question.
ANSWERABLE = 0.3
#: Sections within this much of the best one also supply candidate factors.
SECTION_MARGIN = 0.12
#: How much a section's own score counts towards each of its factors' scores.
CONTEXT_WEIGHT = 0.6
#: A stated factor is found when its match (0–1) reaches this.
STATED_MATCH = 0.4
#: The other side of "A or B?" is found at this match among A's own section's factors.
SIBLING_MATCH = 0.3
#: How far a section on what followed (consequences, reactions) steps back for a why-question.
AFTERMATH_PENALTY = 0.25
_AFTERMATH = re.compile(
    r"(?i)^\W*(?:consequences?|effects?|results?|reactions?|responses?|impact|opposition|"
    r"limits?|government\s+responses?|backlash)\b"
)


def is_aftermath(section_title: str) -> bool:
    """A section on what followed something (`Consequences of…`, `Reactions to…`)."""
    return _AFTERMATH.match(section_title) is not None


#: How far a section titled for the kind of question asked steps forward ("Reasons for…" for
#: a why-question, "How…" for a how-question).
KIND_WEIGHT = 0.06
_REASONS = re.compile(r"(?i)^\W*(?:reasons?|why|causes?|(?:long|short)[-\s]term\s+causes?)\b")
_MEANS = re.compile(r"(?i)^\W*how\b")


def _kind_shift(question: Question, section_title: str) -> float:
    """A why-question is answered by a section of reasons, a how-question by one of means,
    unless it asks what something changed or how people responded to it: then by the section
    on what followed."""
    if question.type is QuestionType.HOW:
        if question.asks_what_followed:
            return KIND_WEIGHT * is_aftermath(section_title)
        return KIND_WEIGHT * bool(_MEANS.match(section_title))
    if question.asks_causes:
        return KIND_WEIGHT * bool(_REASONS.match(section_title))
    return 0.0


#: How far a section on limits or failures steps forward for a question on a shortfall.
LIMITS_WEIGHT = 0.1
_SHORTFALL = re.compile(
    r"(?i)\b(?:less|little|fail(?:ed|s|ure)?|declin(?:e|ed|ing)|weaker|slow(?:ed|ing)?|limited|lost|"
    r"stall(?:ed|ing|s)?)\b"
)
_LIMITS = re.compile(
    r"(?i)\b(?:limits?|failures?|failed|weakness(?:es)?|decline|obstacles?|problems|setbacks?)\b"
)


def on_its_limits(question: Question, section_title: str) -> bool:
    """A section on limits or failures, for a question on why something fell short ("Why
    did the movement make less progress…?"): that is its answer, not what followed."""
    shortfall = _topic_asks(question.topic or question.text)[2]
    return shortfall and _LIMITS.search(section_title) is not None


_GAINING_POWER = re.compile(
    r"(?i)\b(?:c[oa]me|coming|r[io]se|rising|gain\w*|seiz\w*|t[ao]ok|taking|won|win)\s+"
    r"(?:to\s+|of\s+)?power\b"
    # "making him Chancellor", "become the leader of the USSR"
    r"|\b(?:bec[oa]m\w*|mak\w*|made|appoint\w*)\s+(?:\w+\s+){0,2}?(?:chancellor|leader|"
    r"president|dictator|premier|prime\s+minister|f[uü]hrer)\b"
)
#: A question on how something ended ("…the confrontation over Cuba ended peacefully").
_ENDED = re.compile(
    r"(?i)\b(?:ended|end)\s+(?:[\w-]+\s+){0,4}?(?:peacefully|without)\b|\bc[oa]me\s+to\s+an\s+end\b"
    r"|\b(?:was|were|be(?:ing)?)\s+resolved\b|\b(?:peaceful\s+)?resolution\s+of\b"
)
#: A section on the end of something: `Why the crisis was resolved peacefully`.
_ON_ITS_END = re.compile(r"(?i)\b(?:end(?:ed|ing)?|resolv\w*|resolution)\b")
_KEEPING_POWER = re.compile(r"(?i)\b(?:consolidat\w*|controll?\w*|kept|keep\w*|maintain\w*)\b")


#: A question on why one thing led to another asks for what followed the first.
_LED_TO = re.compile(
    r"(?i)\b(?:led|leads|leading)\s+to\b|\b(?:resulted|results)\s+in\b|\bprovoked\b|\bsparked\b"
    r"|\btriggered\b"
)


def followed_not_caused(question: Question, section_title: str) -> bool:
    """A section on what followed something, which a why-question does not ask for: its
    consequences, or for how someone came to power, how they kept it; or on what came
    before, for a question on how it ended: `Causes of the Cuban Missile Crisis` say why it
    began."""
    gaining, ended, _, holding, led_to = _topic_asks(question.topic or question.text)
    if led_to:  # "why the peace settlement led to revolts": its consequences are the answer
        return False
    if gaining and _KEEPING_POWER.search(section_title):
        return True
    if holding and _GAINING_POWER.search(section_title):
        return True  # and for how they kept it, how they came to it: it came before
    if ended and _REASONS.match(section_title) and not _ON_ITS_END.search(section_title):
        return True
    return is_aftermath(section_title) and not on_its_limits(question, section_title)


#: A question on how power, once won, was held: `entrench itself`, `tighten his grip`.
_HOLDING_POWER = re.compile(
    r"(?i)\b(?:consolidat\w*|entrench\w*|tighten\w*|strengthen\w*|secur\w*)\s+"
    r"(?:(?:its|his|her|their|the)\s+)?(?:\w+\s+)?(?:power|hold|grip|control|position|rule|itself|"
    r"himself|themselves)\b|\b(?:hold|held|holding|kept|keep\w*)\s+(?:on\s+to\s+)?(?:power|control)\b"
)


#: Both at once: `take and hold on to power`.
_WON_AND_HELD = re.compile(r"(?i)\b(?:take|took|taking|win|won|gain\w*|seiz\w*)\s+and\s+")


@lru_cache(maxsize=64)
def _topic_asks(topic: str) -> tuple[bool, bool, bool, bool, bool]:
    """Whether a topic is about gaining power, about how something ended, about a shortfall,
    only about how power, once won, was held, or about why one thing led to another: read
    once a question, not once for each of a notebook's sections."""
    return (
        _GAINING_POWER.search(topic) is not None,
        _ENDED.search(topic) is not None,
        _SHORTFALL.search(topic) is not None,
        _HOLDING_POWER.search(topic) is not None and not _WON_AND_HELD.search(topic),
        _LED_TO.search(topic) is not None,
    )


#: Most time-bound shift a section can get (up or down).
TIME_WEIGHT = 0.12


class FactorRefDict(TypedDict):
    page: str
    section: str
    factor: str


@dataclass(frozen=True, slots=True)
class FactorRef:
    """Where a factor lives: page id, section title, factor title; the plan's JSON address."""

    page: str
    section: str
    factor: str

    def to_dict(self) -> FactorRefDict:
        return {"page": self.page, "section": self.section, "factor": self.factor}


@dataclass(frozen=True, slots=True)
class RankedSection:
    """A section's relevance to the question.

    Attributes:
        page, section: the section and the page it sits on.
        score: the combined score, 0–1 (time shift included).
        lexical: normalised BM25 of the section's words.
        semantic: cosine mix of section and page texts, or None without the model.
        time: the shift from comparing the section's years with the question's bound.
    """

    page: Page
    section: Section
    score: float
    lexical: float
    semantic: float | None
    time: float


@dataclass(frozen=True, slots=True)
class RankedFactor:
    """A factor's relevance: its section's score mixed with its own match to the topic."""

    page: Page
    section: Section
    factor: Factor
    score: float
    own: float

    @property
    def ref(self) -> FactorRef:
        return FactorRef(self.page.id, self.section.title, self.factor.title)


@dataclass(frozen=True, slots=True)
class Ranking:
    """The ranker's answer for one question.

    Attributes:
        question: the analysed question.
        sections: candidate sections, best first (the best one even when unanswerable).
        factors: factors of the candidate sections, best first; weak ones included.
        stated: the notes' factor matching the question's stated factor, or None.
        compared: the notes' factor matching the other side of an "A or B?" question, or None.
        further: factors of the topic's other sections, best first: never a paragraph of the
            plan, but listed after `factors` as the next ones to consider.
        answerable: the best section clears `ANSWERABLE`.
        semantic: embeddings were used.
        warnings: why ranking was degraded (the model missing), one sentence each.
    """

    question: Question
    sections: tuple[RankedSection, ...]
    factors: tuple[RankedFactor, ...]
    stated: RankedFactor | None
    answerable: bool
    semantic: bool
    warnings: tuple[str, ...] = ()
    compared: RankedFactor | None = None
    further: tuple[RankedFactor, ...] = ()


def outside_bound(factor: RankedFactor, bound: TimeBound | None) -> bool:
    """Whether a factor lies outside the question's time bound: its section's heading names
    years wholly outside it ("… 1934–1941" for "by 1929"), or every year of its evidence is."""
    if bound is None:
        return False
    span = year_span(factor.section.title)
    if span is not None and not any(in_bound(y, bound) for y in range(span[0], span[1] + 1)):
        return True
    dates = [date for p in factor.factor.all_points() for date in _dates_of(p)]
    return bool(dates) and not any(in_bound(year, bound, month) for year, month in dates)


def _dates_of(point: Point) -> list[tuple[int, int | None]]:
    """A point's dates as (year, month): the months tell "in February 1917" from October."""
    if not point.years:
        return []
    found = [(d.year, d.month) for d in find_dates(unbold_dates(point.text), point.years)]
    return found or [(year, None) for year in point.years]


# --- years -----------------------------------------------------------------------------------


def _time_shift(span: tuple[int, int] | None, bound: TimeBound | None) -> float:
    """Up to +TIME_WEIGHT for a section inside the bound, down for one outside it.

    A half-open bound ("by 1929", "after 1945") also prefers sections near its one year: an
    essay on how something stood by 1929 is about the years leading up to 1929.
    """
    if span is None or bound is None:
        return 0.0
    lo = bound.start if bound.start is not None else -9999
    hi = bound.end if bound.end is not None else 9999
    overlap = min(span[1], hi) - max(span[0], lo) + 1
    if overlap <= 0:
        gap = max(span[0] - hi, lo - span[1])
        return -TIME_WEIGHT * min(1.0, 0.5 + gap / 10)
    inside = overlap / (span[1] - span[0] + 1)
    if bound.start is None and bound.text.startswith("in ") and span[0] <= hi <= span[1]:
        return TIME_WEIGHT  # "…in 1966": a section whose years hold the event is about it
    if bound.start is None and bound.end is not None:
        inside *= max(0.0, 1 - (bound.end - span[1]) / 20)
    elif bound.end is None and bound.start is not None:
        inside *= max(0.0, 1 - (span[0] - bound.start) / 20)
    return TIME_WEIGHT * (2 * inside - 1)


# --- scoring ---------------------------------------------------------------------------------


def _scale(cos: npt.NDArray[np.floating] | float) -> npt.NDArray[np.float64]:
    """Map MiniLM cosines to 0–1: unrelated texts sit near 0.2, the same topic above 0.7."""
    return np.clip((np.asarray(cos, dtype=np.float64) - 0.2) / 0.7, 0.0, 1.0)


def _mix(
    lexical: npt.NDArray[np.float64], semantic: npt.NDArray[np.float64] | None
) -> npt.NDArray[np.float64]:
    """Weighted sum; lexical is stretched (x1.5, capped) as full-word coverage is rare."""
    if semantic is None:
        return lexical
    return SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * np.minimum(1.0, 1.5 * lexical)


_NAME = re.compile(r"(?<![.!?]\s)\b[A-Z][\w'’-]+")


def _penalise_missing_names(
    index: NotebookIndex, score: npt.NDArray[np.float64], topic: str
) -> None:
    """Scale down top sections that mention none of the names the topic gives.

    A question about Louis XIV shares "foreign policy" with a note on Stresemann; the names
    are what say the notes are about something else.
    """
    names = {t for m in _NAME.findall(topic) for t in tokenize(m)}
    if not names:
        return
    # "the Soviet countryside" is the USSR's, whichever word a section uses for it.
    names |= {alias for name in names for alias in _SAME_STATE.get(name, ())}
    for r in np.argsort(-score, kind="stable")[:20]:
        if not names & index.section_docs[r].keys():
            score[r] *= 0.6


#: A question scoring this much (0–1) still has its answer in the notes when it names what
#: only its best section's page and a few others hold: "How did Roosevelt's government try to
#: pull America out of the slump?" is the New Deal page's, in other words.
NAMED_ANSWERABLE = 0.2
#: A section that scores this much, leads every other by CLEAR_LEAD and covers the years the
#: question names answers a question worded unlike the notes ("rivals rather than partners
#: by the end of 1946" for "the breakdown of the wartime alliance 1945-1946"): one theme of
#: the right years stands out. Without the years, a question the notes miss ("How successful
#: was Louis XIV's foreign policy?") can stand out as much.
CLEAR_ANSWERABLE = 0.15
CLEAR_LEAD = 0.07
#: A name held by more than this share of the pages (or more than `DISTINCT_MOST` pages)
#: picks out no topic: `Britain`, `war`.
DISTINCT_SHARE = 0.2
DISTINCT_MOST = 50


def _names_its_page(index: NotebookIndex, topic: str, row: int) -> bool:
    """The topic gives a name that the section `row`'s page holds and few other pages do."""
    page = index.sections[row][0]
    limit = max(1.0, min(DISTINCT_SHARE * len(index.pages), DISTINCT_MOST))
    for name in {t for m in _NAME.findall(topic) for t in tokenize(m)}:
        pages = {index.sections[r][0] for r in index.section_bm25.holders(name)}
        if page in pages and len(pages) <= limit:
            return True
    return False


#: Words for one state that notes and questions use interchangeably, as `tokenize` spells them.
_SAME_STATE: dict[str, frozenset[str]] = {
    word: group
    for group in (
        frozenset(tokenize(names))
        for names in (
            "Soviet USSR Russia Russian",
            "America American USA",
            "Britain British UK",
            "Germany German",
            "Japan Japanese",
            "China Chinese",
            "France French",
            "Italy Italian",
        )
    )
    for word in group
}


#: Notebooks with more sections than this embed only the pages a question's words point at:
#: the first plan on 5,000 pages would otherwise embed some 38,000 texts.
EMBED_ALL_UP_TO = 400


def _worth_embedding(notebook: Notebook, queries: list[list[str]]) -> set[int] | None:
    """The page rows whose sections best match any of the queries by words, when the notebook
    is too big to embed whole; None (every page) when it is not.

    Meaning then re-ranks those pages only: a big notebook whose words miss a question
    entirely is ranked by the words it has. Each question adds its own pages, and the vectors
    are kept, so the notebook is embedded bit by bit as it is used.
    """
    index = notebook_index(notebook)
    if len(index.sections) <= EMBED_ALL_UP_TO:
        return None
    rows: set[int] = set()
    for terms in queries:
        lex = index.section_bm25.scores(terms)
        top = np.argsort(-lex, kind="stable")[:EMBED_ALL_UP_TO]
        rows |= {index.sections[int(r)][0] for r in top if lex[r] > 0}
    return rows


def _resolve(
    embedder: SupportsEmbed | EmbedderLoad | None,
) -> tuple[SupportsEmbed | None, tuple[str, ...]]:
    if isinstance(embedder, EmbedderLoad):
        if embedder.embedder is None:
            reason = embedder.reason or "the embedding model is unavailable"
            return None, (f"Ranked by words only: {reason}.",)
        return embedder.embedder, ()
    if embedder is None:
        return None, ("Ranked by words only: no embedding model was given.",)
    return embedder, ()


def rank_factors(
    notebook: Notebook,
    question: Question | str,
    *,
    embedder: SupportsEmbed | EmbedderLoad | None = None,
    cache: EmbeddingCache | None = None,
) -> Ranking:
    """Rank the notebook's sections, then the factors in the best ones, for `question`.

    Args:
        notebook: the notes.
        question: an analysed question or its text.
        embedder: the model (or the outcome of `load_embedder`); None ranks by words only.
        cache: where vectors are kept between runs; None embeds without storing.
    """
    q = question if isinstance(question, Question) else analyse_question(question)
    model, warnings = _resolve(embedder)
    topic = q.topic or q.text
    if q.stated_factor_text:  # "How important was X for Y?": X says where to look as Y does
        topic = " ".join(t for t in (topic, q.stated_factor_text, q.compared_text) if t)
    terms = tokenize(topic)
    named = [t for t in (q.stated_factor_text, q.compared_text) if t]
    index = notebook_index(
        notebook, embedder=model, cache=cache, pages=_worth_embedding(notebook, [terms])
    )

    qvec = embed_texts([topic], model, cache)[0] if model is not None else None

    if not index.sections:
        return Ranking(q, (), (), None, False, model is not None, tuple(warnings))
    lex = index.section_bm25.scores(terms)
    sem = None
    if qvec is not None and index.section_vectors is not None and index.page_vectors is not None:
        page_rows = np.array([p for p, _ in index.sections])
        cos = 0.6 * (index.section_vectors @ qvec) + 0.4 * (index.page_vectors[page_rows] @ qvec)
        sem = _scale(cos)
    shift = np.array([_time_shift(s, q.time_bound) for s in index.section_time_spans])
    in_years = shift > 0  # the section's period fits the question's years
    titles = [index.pages[p].sections[s].title for p, s in index.sections]
    # "why did X happen" (or "which did more to bring X about"): what followed X steps back
    if q.asks_causes or (q.type is QuestionType.COMPARE and not q.asks_what_followed):
        shift -= AFTERMATH_PENALTY * np.array([followed_not_caused(q, t) for t in titles])
    elif q.asks_what_followed:  # "what did X change": and there, the sections on its causes
        shift -= AFTERMATH_PENALTY * np.array([_REASONS.match(t) is not None for t in titles])
    shift += np.array([_kind_shift(q, t) for t in titles])
    shift += LIMITS_WEIGHT * np.array([on_its_limits(q, t) for t in titles])
    score = (_mix(lex, sem) + shift) * index.section_prior
    # The names the subject gives, not those of a stated factor the notes may not have.
    _penalise_missing_names(index, score, q.topic or q.text)

    order = np.argsort(-score, kind="stable")
    best = float(score[order[0]])
    runner_up = float(score[order[1]]) if len(order) > 1 else 0.0
    chosen = [int(r) for r in order[:8] if score[r] >= best - SECTION_MARGIN][:4]
    ranked_sections = tuple(
        RankedSection(
            page=index.pages[index.sections[r][0]],
            section=index.pages[index.sections[r][0]].sections[index.sections[r][1]],
            score=float(score[r]),
            lexical=float(lex[r]),
            semantic=float(sem[r]) if sem is not None else None,
            time=float(shift[r]),
        )
        for r in chosen
    )
    # Factors: those of the chosen sections, plus (for a stated factor) a wider net.
    # The wider net stays on the chosen sections' pages: a factor of the same name on another
    # topic's page ("Divisions among the Whites" for Franco's divided opponents) is not it.
    topic_pages = {index.sections[r][0] for r in chosen}
    nearby = [int(r) for r in order[:12] if index.sections[r][0] in topic_pages]
    wide = nearby if named else []
    rows = [f for r in dict.fromkeys(chosen + wide) for f in index.section_factors[r]]
    ranked = _rank_rows(index, rows, score, topic, model, cache, set(chosen))
    # The topic's other sections: no paragraph of this plan, but the next factors to consider.
    others = [r for r in nearby if r not in chosen]
    further_rows = [f for r in others for f in index.section_factors[r]]
    further = _rank_rows(index, further_rows, score, topic, model, cache, set(others))
    subject = set(tokenize(q.topic or ""))

    def find(text: str | None, among: list[int], bar: float) -> RankedFactor | None:
        if not text:
            return None
        # "through fear (1949–1953)" is not "Fear of revisionism" in the 1960s: a factor the
        # time bound rules out is not the one the question names, while others are left.
        # One the question names outright is still it when nothing inside matches ("the need
        # to pay for new factories … by 1929", evidenced by the grain exports of 1930–31).
        inside = [r for r in among if not outside_bound(_ranked(index, r, 0.0, 0.0), q.time_bound)]
        found = None
        for candidates in dict.fromkeys((tuple(inside), tuple(among))):
            if candidates and found is None:
                found = _find_named(
                    index,
                    list(candidates),
                    score,
                    text,
                    model=model,
                    cache=cache,
                    subject=subject,
                    taken=ranked,
                    bar=bar,
                )
        return found

    stated = find(q.stated_factor_text, rows, STATED_MATCH)
    compared = None
    if stated is not None:  # "A or B for Y?": B is first looked for beside A, under Y
        home = [r for r in rows if _ranked(index, r, 0.0, 0.0).section is stated.section]
        compared = find(q.compared_text, home, SIBLING_MATCH)
    compared = compared or find(q.compared_text, rows, STATED_MATCH)
    if compared is not None and stated is not None and compared.ref == stated.ref:
        compared = None
    # The factors the question names answer it by definition: they head the ranking. Those
    # the time bound rules out come last: they are context for this essay, not its answer.
    head = [f for f in (stated, compared) if f is not None]
    refs = {f.ref for f in head}
    rest = [f for f in ranked if f.ref not in refs]
    rest.sort(key=lambda f: outside_bound(f, q.time_bound))
    ranked = (*head, *rest)
    return Ranking(
        question=q,
        sections=ranked_sections,
        factors=ranked,
        stated=stated,
        # A factor the question names, found in the notes, answers it whatever the sections
        # score ("…mainly because of the work of prisoners" → Forced labour and the Gulag).
        # One found only outside the question's years does not: nothing then fits the bound.
        answerable=best >= ANSWERABLE
        or (stated is not None and not outside_bound(stated, q.time_bound))
        or (best >= NAMED_ANSWERABLE and _names_its_page(index, q.topic or q.text, order[0]))
        or (
            best >= CLEAR_ANSWERABLE
            and best - runner_up >= CLEAR_LEAD
            and q.time_bound is not None
            and bool(in_years[order[0]])  # and its years are the question's
        ),
        semantic=model is not None,
        warnings=tuple(warnings),
        compared=compared,
        further=tuple(f for f in further if f.ref not in refs),
    )


def _rank_rows(
    index: NotebookIndex,
    rows: list[int],
    section_score: npt.NDArray[np.float64],
    topic: str,
    model: SupportsEmbed | None,
    cache: EmbeddingCache | None,
    chosen: set[int],
) -> tuple[RankedFactor, ...]:
    """The chosen sections' factors, scored by their section's score and their own match.

    A factor's own match leaves out the words of its page's title: every factor on a page on
    the Cuban Missile Crisis is about the crisis, so for "How did the crisis change relations
    between the superpowers?" only "change relations between the superpowers" tells them apart.
    """
    if not rows:
        return ()
    page_of = [index.sections[index.factors[r][0]][0] for r in rows]
    pages = list(dict.fromkeys(page_of))
    focus = [_without_words(topic, index.pages[p].title) for p in pages]
    texts = list(dict.fromkeys([topic, *focus]))
    lexical = {t: index.factor_bm25.scores(tokenize(t))[np.array(rows)] for t in texts}
    vectors = dict(zip(texts, embed_texts(texts, model, cache), strict=True)) if model else {}
    factor_vectors = (
        index.factor_vectors[np.array(rows)] if index.factor_vectors is not None else None
    )

    def own_match(text: str) -> npt.NDArray[np.float64]:
        sem = (
            _scale(factor_vectors @ vectors[text])
            if factor_vectors is not None and vectors
            else None
        )
        return _mix(lexical[text], sem)

    whole = own_match(topic)
    by_page = {p: own_match(t) for p, t in zip(pages, focus, strict=True)}
    own = np.array([0.5 * whole[i] + 0.5 * by_page[p][i] for i, p in enumerate(page_of)])
    context = np.array([section_score[index.factors[r][0]] for r in rows])
    score = CONTEXT_WEIGHT * context + (1 - CONTEXT_WEIGHT) * own
    return tuple(
        _ranked(index, rows[i], float(score[i]), float(own[i]))
        for i in np.argsort(-score, kind="stable")
        if index.factors[rows[i]][0] in chosen
    )


def _without_words(text: str, title: str) -> str:
    """`text` without the words of `title`, or all of it when nothing else would be left."""
    known = set(tokenize(title))
    kept = [w for w in text.split() if not set(tokenize(w)) <= known or not tokenize(w)]
    rest = " ".join(kept)
    return rest if tokenize(rest) else text


def _ranked(index: NotebookIndex, row: int, score: float, own: float) -> RankedFactor:
    srow, f = index.factors[row]
    p, s = index.sections[srow]
    section = index.pages[p].sections[s]
    return RankedFactor(index.pages[p], section, section.factors[f], score, own)


#: How a named factor is matched (weights sum to 1): its title's words, its evidence's words,
#: the meaning of its title with its link, of its title alone, and of its closest evidence.
#: Meaning carries most: questions paraphrase ("political murders" for "Assassinations and
#: attempted coups") and name the evidence rather than the factor ("Huey Long's Share Our
#: Wealth movement" for "Critics who wanted more").
NAMED_WEIGHTS = (0.1, 0.2, 0.1, 0.3, 0.3)
#: A named factor below `bar` is still found when it leads the next one by this much and its
#: match reaches NAMED_FLOOR: a clear winner among the topic's factors is the one meant.
NAMED_LEAD = 0.04
NAMED_FLOOR = 0.15
#: Evidence points per factor whose meaning is compared with the named factor, and how many
#: of the likeliest factors (by words and title-with-link meaning) are compared so.
NAMED_POINTS = 4
NAMED_SHORTLIST = 4


def _find_named(
    index: NotebookIndex,
    rows: list[int],
    section_score: npt.NDArray[np.float64],
    wanted_text: str,
    *,
    model: SupportsEmbed | None,
    cache: EmbeddingCache | None,
    subject: set[str],
    taken: tuple[RankedFactor, ...],
    bar: float,
) -> RankedFactor | None:
    """The factor a question names ("How important was X…"), matched on its title, its
    evidence and their meaning.

    Words the named factor shares with the question's subject do not pick it out: in "…in
    Roosevelt's victory: … or Roosevelt's own campaigning?" the factor is the campaigning,
    not any title that says Roosevelt.
    """
    wanted_terms = tokenize(wanted_text)
    if not rows or not wanted_terms:
        return None
    wanted = set(wanted_terms) - subject or set(wanted_terms)
    idx = np.array(rows)
    factors = [_ranked(index, r, 0.0, 0.0).factor for r in rows]
    title_words = np.array([len(wanted & set(tokenize(f.title))) / len(wanted) for f in factors])
    body = np.minimum(1.0, 1.5 * index.factor_bm25.scores(wanted_terms)[idx])
    signals = [title_words, body]
    weights: tuple[float, ...] = (0.7, 0.3)
    if model is not None and index.factor_vectors is not None:
        wanted_vec = embed_texts([wanted_text], model, cache)[0]
        with_link = _scale(index.factor_vectors[idx] @ wanted_vec)
        # Titles and evidence are embedded for the likeliest few only: a plan stays fast.
        cheap = 0.1 * title_words + 0.2 * body + 0.1 * with_link
        likely = np.argsort(-cheap, kind="stable")[:NAMED_SHORTLIST]
        title_alone, evidence = np.zeros(len(rows)), np.zeros(len(rows))
        title_alone[likely], evidence[likely] = _named_meaning(
            [factors[i] for i in likely], wanted_vec, model, cache
        )
        signals.extend((with_link, title_alone, evidence))
        weights = NAMED_WEIGHTS
    match = sum(w * s for w, s in zip(weights, signals, strict=True))
    match = np.maximum(match, NAMED_BY_NAMES * _only_one_names(factors, wanted_text, subject))
    match = np.maximum(match, NAMED_BY_NAMES * _only_one_says_it(factors, wanted))
    context = np.array([section_score[index.factors[r][0]] for r in rows])
    total = 0.7 * match + 0.3 * context  # the section's relevance breaks near-ties
    order = np.argsort(-total, kind="stable")
    best = int(order[0])
    lead = match[best] - max((match[i] for i in order[1:]), default=0.0)
    if match[best] < bar and not (match[best] >= NAMED_FLOOR and lead >= NAMED_LEAD):
        return None
    found = _ranked(index, rows[best], float(total[best]), float(match[best]))
    # Its score is the one it has among the ranked factors, if it is one of them.
    score = next((f.score for f in taken if f.ref == found.ref), found.score)
    return replace(found, score=score)


#: The match given to the one factor whose words hold every name the named factor gives.
NAMED_BY_NAMES = 0.45


def _only_one_names(
    factors: list[Factor], wanted_text: str, subject: set[str]
) -> npt.NDArray[np.float64]:
    """1 for the only factor whose title and evidence hold every name in `wanted_text` (a
    question that names the evidence: "Huey Long's movement"), 0 elsewhere and when several
    factors hold them: names shared by several factors do not say which is meant."""
    names = {t for m in _NAME.findall(wanted_text) for t in tokenize(m)} - subject
    hits = np.zeros(len(factors))
    if not names:
        return hits
    # "The assassination of President Kennedy" names an event, not the man: a factor that
    # mentions Kennedy but no assassination is not it.
    said = set(tokenize(wanted_text)) - names - subject
    for i, f in enumerate(factors):
        words = _factor_words(f)
        hits[i] = names <= words and (not said or bool(said & words))
    return hits if hits.sum() == 1 else np.zeros(len(factors))


@lru_cache(maxsize=4096)
def _factor_words(factor: Factor) -> frozenset[str]:
    """The words of a factor's title and evidence, as `tokenize` spells them: read once,
    not once for each question that names a factor."""
    return frozenset(tokenize(factor.title)).union(*(tokenize(p.text) for p in factor.all_points()))


#: A factor's evidence says the named factor in words when it holds this many of them, and
#: no other factor's title and evidence hold more than one.
EVIDENCE_WORDS = 3


def _only_one_says_it(factors: list[Factor], wanted: set[str]) -> npt.NDArray[np.float64]:
    """1 for the one factor whose evidence says the named factor in its own words
    (`Berlin's promise of unconditional support` in "Germany promised Austria-Hungary
    unconditional support", under `The blank cheque`), 0 elsewhere.

    One or two shared words are not enough (`divided` or `world` turn up anywhere), nor are
    three when another factor's title or evidence shares two (`non-violent protest` is
    `Non-violent direct action`, not the evidence of `Leadership of Martin Luther King`)."""
    said = [len(wanted & _factor_words(f)) for f in factors]
    hits = np.zeros(len(factors))
    ranked = sorted(said, reverse=True)
    if ranked and ranked[0] >= EVIDENCE_WORDS and (len(ranked) == 1 or ranked[1] <= 1):
        hits[said.index(ranked[0])] = 1.0
    return hits


def _named_meaning(
    factors: list[Factor], wanted_vec: Vectors, model: SupportsEmbed, cache: EmbeddingCache | None
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """(title alone, closest evidence) meaning matches of `factors`, each 0–1, embedded
    through the cache: a few dozen short texts the first time, nothing after."""
    points = [[plain(p.text) for p in f.all_points()[:NAMED_POINTS]] for f in factors]
    texts = [*(plain(f.title) for f in factors), *(t for ps in points for t in ps)]
    vectors = embed_texts(texts, model, cache)
    titles, flat = vectors[: len(factors)], vectors[len(factors) :]
    evidence = np.zeros(len(factors))
    start = 0
    for i, ps in enumerate(points):
        if ps:
            cos = np.sort(flat[start : start + len(ps)] @ wanted_vec)[::-1]
            evidence[i] = float(np.mean(cos[:2]))
        start += len(ps)
    return _scale(titles @ wanted_vec), _scale(evidence)


def nearest_factors(
    notebook: Notebook,
    texts: list[str],
    *,
    embedder: SupportsEmbed | EmbedderLoad | None = None,
    cache: EmbeddingCache | None = None,
    per_text: int = 5,
) -> tuple[RankedFactor, ...]:
    """The factors anywhere in the notebook closest to each text, by meaning (words without
    the model): what an essay paragraph argues may lie outside the question's topic."""
    model, _ = _resolve(embedder)
    words = [tokenize(t) for t in texts]
    pages = _worth_embedding(notebook, words)
    index = notebook_index(notebook, embedder=model, cache=cache, pages=pages)
    if not index.factors or not texts:
        return ()
    if model is not None and index.factor_vectors is not None:
        scores = embed_texts(texts, model, cache) @ index.factor_vectors.T
    else:
        scores = np.stack([index.factor_bm25.scores(w) for w in words])
    rows = dict.fromkeys(int(r) for row in scores for r in np.argsort(-row)[:per_text])
    return tuple(_ranked(index, r, 0.0, 0.0) for r in rows)
