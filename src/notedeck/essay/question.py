"""Reading an exam question: what kind it is, what it is about, its dates and its stated factor.

Pure text analysis, no model: the planner needs the question type to pick a plan shape, the
topic and time bound to rank factors, and, for evaluative questions, the factor the question
names so the plan can weigh it against the others. Time-bound phrases are read by
`timebound.py`; `TimeBound` is re-exported here for callers that take it with the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache
from typing import TypedDict

from notedeck.essay.timebound import TimeBound, TimeBoundDict, parse_time_bound

__all__ = [
    "Question",
    "QuestionDict",
    "QuestionType",
    "TimeBound",
    "TimeBoundDict",
    "analyse_question",
]


class QuestionType(StrEnum):
    """The command of an essay question, which decides the shape of the plan."""

    EXPLAIN = "explain"
    HOW = "how"
    HOW_FAR = "how_far"
    TO_WHAT_EXTENT = "to_what_extent"
    SIGNIFICANCE = "significance"
    COMPARE = "compare"

    @property
    def evaluative(self) -> bool:
        """The plan weighs a stated (or the strongest) factor against the others."""
        return self in _EVALUATIVE


_CAUSAL = frozenset(
    {QuestionType.EXPLAIN, QuestionType.HOW, QuestionType.HOW_FAR, QuestionType.TO_WHAT_EXTENT}
)
_ASKS_AFTERMATH = re.compile(
    r"(?i)\b(?:consequences?|effects?|results?|reactions?|react\w*|respon(?:ses?|ds?|ded|ding)|impact|"
    r"oppos\w+|opponents?|critics?|limit\w*|terms|backlash|outcome)\b"
)
_WHAT_FOLLOWED = re.compile(
    r"(?i)\b(?:chang\w*|affect\w*|impact\w*|effects?|consequences?|results?|respon(?:ses?|ds?|ded|ding)|"
    r"react\w*|resist\w*|oppos\w+|shak\w*|weaken\w*|destabili[sz]\w*|undermin\w*)\b"
    # "How did white Southerners try to block desegregation?": how it was met
    r"|\b(?:tr(?:y|ied)|attempt\w*|seek|sought)\s+to\s+(?:block|stop|prevent|halt|crush|"
    r"suppress|hold\s+on|hang\s+on|cling|defend|preserve|save|keep|maintain|undermine|reverse)\b"
)
_CHANGED = re.compile(r"(?i)\b(?:chang|transform|alter)\w*\b")
_CONSEQUENCES_OF = re.compile(r"(?i)\b(?:consequences?|effects?|results?|impact)\s+(?:of|on|for)\b")
_EVALUATIVE = frozenset(
    {QuestionType.HOW_FAR, QuestionType.TO_WHAT_EXTENT, QuestionType.SIGNIFICANCE}
)


class QuestionDict(TypedDict):
    text: str
    type: str
    recognised: bool
    topic: str
    time_bound: TimeBoundDict | None
    claim: str | None
    stated_factor_text: str | None
    compared_text: str | None


@dataclass(frozen=True, slots=True)
class Question:
    """An analysed essay question.

    Attributes:
        text: the question as given, trimmed.
        type: its command; a best guess when `recognised` is False.
        topic: what the essay must explain, without command words, the claim's framing, the
            stated factor and the time bound; the words a ranker should match.
        time_bound: the years the question covers, or None.
        claim: the quoted claim, as written inside its quotes, or None.
        stated_factor_text: the factor the question names (the X of "X was the main reason
            for Y", "How important was X in Y"), or None; only for evaluative types.
        recognised: a known command phrasing was found. When False the planner should say it
            cannot plan from the question rather than trust `type`.
    """

    text: str
    type: QuestionType
    topic: str
    time_bound: TimeBound | None = None
    claim: str | None = None
    stated_factor_text: str | None = None
    recognised: bool = True
    compared_text: str | None = None

    @property
    def asks_causes(self) -> bool:
        """It asks why something happened, not what followed it: the reactions to X, its
        consequences or the opposition to it answer another question."""
        return _asks_causes(self.type, self.text, self.topic)

    @property
    def asks_what_followed(self) -> bool:
        """A how-question about what something changed or how people met it ("How did the
        crisis change relations…", "How did Southerners resist…"), or a question on its
        consequences ("What were the effects of the Treaty on Germany?")."""
        return _asks_what_followed(self.type, self.text, self.topic)

    def to_dict(self) -> QuestionDict:
        return {
            "text": self.text,
            "type": self.type.value,
            "recognised": self.recognised,
            "topic": self.topic,
            "time_bound": self.time_bound.to_dict() if self.time_bound else None,
            "claim": self.claim,
            "stated_factor_text": self.stated_factor_text,
            "compared_text": self.compared_text,
        }


# --- quotes -------------------------------------------------------------------------------


# Read once a question: the ranking asks them for each of a notebook's thousands of sections.
@lru_cache(maxsize=256)
def _asks_causes(qtype: QuestionType, text: str, topic: str) -> bool:
    return (
        qtype in _CAUSAL
        and _ASKS_AFTERMATH.search(text) is None
        and not _asks_what_followed(qtype, text, topic)
    )


@lru_cache(maxsize=256)
def _asks_what_followed(qtype: QuestionType, text: str, topic: str) -> bool:
    if qtype is QuestionType.EXPLAIN:
        return _CONSEQUENCES_OF.search(text) is not None and "why" not in text.lower()
    if qtype in (QuestionType.HOW_FAR, QuestionType.TO_WHAT_EXTENT):
        # "How far did the seizure of Manchuria change Japan's standing?": what it changed
        return _CHANGED.search(topic) is not None
    return qtype is QuestionType.HOW and _WHAT_FOLLOWED.search(topic) is not None


_DOUBLE = re.compile(r"[\"“”„]\s*(?P<inner>[^\"“”„]+?)\s*[\"“”]")
# A single quote opens after a space or bracket and closes before a space or punctuation, so the
# apostrophe in "Stalin's" (letters on both sides) is neither.
_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–-]))['‘](?=\S)")
_SINGLE_CLOSE = re.compile(r"(?<=\S)['’](?=$|[\s.,;:!?)\]—–-])")
_COMMANDISH = re.compile(
    r"\s+(?:how|to what|assess|discuss|do you|evaluate|explain|examine|why|is this)\b", re.I
)


@dataclass(frozen=True, slots=True)
class _Quote:
    start: int
    end: int
    inner: str

    @property
    def is_claim(self) -> bool:
        """A quoted sentence rather than a quoted term like 'Great Terror'."""
        return len(self.inner.split()) >= 4 or self.inner.rstrip().endswith((".", "!", "?"))


def _strong_close(text: str, pos: int) -> bool:
    """Whether a closing single quote at `pos` ends a quotation rather than a plural possessive."""
    after = text[pos + 1 :]
    if text[pos - 1] in ".!?,;" or re.match(r"\s*(?:$|[.,;:!?)\]])|\s+[A-Z]", after):
        return True
    return _COMMANDISH.match(after) is not None


def _find_quotes(text: str) -> list[_Quote]:
    quotes = [_Quote(m.start(), m.end(), m["inner"]) for m in _DOUBLE.finditer(text)]
    closes = [m.start() for m in _SINGLE_CLOSE.finditer(text)]
    pos = 0
    while (m := _SINGLE_OPEN.search(text, pos)) is not None:
        after = [c for c in closes if c > m.start()]
        if not after:
            break
        close = next((c for c in after if _strong_close(text, c)), after[0])
        inside = any(q.start <= m.start() < q.end for q in quotes)
        if not inside:
            quotes.append(_Quote(m.start(), close + 1, text[m.end() : close].strip()))
        pos = close + 1
    return sorted(quotes, key=lambda q: q.start)


# --- commands -----------------------------------------------------------------------------

_YOU_AGREE = r"(?:do|would|can|could)\s+you\s+(?:agree|accept)"
_VIEW = (
    r"(?:view|claim|statement|interpretation|judge?ment|assessment|argument|opinion|verdict|"
    r"contention|suggestion|assertion|proposition)"
)
#: What a command says of the quoted claim it weighs: "(How far do you agree) with this view
#: of…", "with this explanation of…".
_OF_THE_CLAIM = re.compile(
    rf"\s*(?:{_YOU_AGREE}\s+)?(?:with\s+)?(?:this|the|that)\s+"
    rf"(?:{_VIEW}|explanation)\s+(?:of|about|on|for)\b",
    re.I,
)
_SAYING = r"(?:it\s+to\s+(?:say|argue|claim|suggest|state)|(?:this|the)\s+" + _VIEW + ")"

_T = QuestionType


@dataclass(frozen=True, slots=True)
class _Command:
    """One exam-board phrasing of a command, matched at the start of the question.

    Attributes:
        type: the question type it signals.
        pattern: matched case-insensitively once the claim is taken out.
        needs_claim: only a command when the question states a claim ("'…' Discuss.").
        one_factor: the question may name one stated factor; False for "Which was more
            important: A or B?", which names two.
    """

    type: QuestionType
    pattern: re.Pattern[str]
    needs_claim: bool = False
    one_factor: bool = True


def _c(qtype: QuestionType, pattern: str, **flags: bool) -> _Command:
    return _Command(qtype, re.compile(pattern, re.I), **flags)


#: "more important", "more effective", "a greater", "bigger": how two options are weighed.
_COMPARATIVE = r"(?:more\s+[a-z-]+|greater|bigger|stronger|larger|worse)"

# Tried in order, first match wins: "how significant" and "how far" come before plain "how",
# "explain the significance" and "explain how" before plain "explain".
_COMMANDS: tuple[_Command, ...] = (
    _c(_T.COMPARE, r"^compare(?:\s+and\s+contrast)?\b|^contrast\b"),
    _c(_T.COMPARE, r"^how\s+(?:similar|different)\b"),
    _c(
        _T.COMPARE,
        r"^(?:(?:what|examine|explain|assess|analy[sz]e|discuss|consider|evaluate|identify|"
        r"outline)\s+)?(?:were\s+|are\s+)?the\s+(?:main\s+|key\s+)?(?:similarities|differences)"
        r"(?:\s+and\s+(?:similarities|differences))?",
    ),
    _c(_T.COMPARE, r"^in\s+what\s+ways?\s+(?:were|was|did|are|do)\b(?=.*\b(?:similar|differ))"),
    _c(
        _T.SIGNIFICANCE,
        r"^how\s+(?:significant|important|influential|decisive|crucial)\s+"
        r"(?:was|were|is|are|had\s+been|has\s+been)\b",
    ),
    _c(
        _T.SIGNIFICANCE,
        r"^(?:(?:assess|evaluate|explain|examine|analy[sz]e|discuss|consider|determine|"
        r"what\s+(?:was|were|is))\s+)the\s+(?:relative\s+)?(?:significance|importance|role|"
        r"impact|contribution)\b",
    ),
    _c(_T.SIGNIFICANCE, r"^explain\s+what\s+was\s+important\s+about\b"),
    _c(
        _T.COMPARE,  # "Which was more important for Y: A or B?" weighs A against B
        r"^which\s+(?:of\s+the\s+following\s+)?(?:(?:was|is)\s+(?:the\s+)?more\s+"
        r"(?:important|significant)(?:\s+(?:reason|cause|factor)\s+(?:for|of|in|why))?"
        r"|did\s+more\s+to)",
        one_factor=False,
    ),
    _c(
        _T.COMPARE,  # "Was A or B more important in Y?", "Did A or B do more to Y?"
        r"^(?:(?:was|were|is|are)\s+(?=.+?\s+or\s+.+?\s+(?:the\s+|a\s+)?"
        rf"{_COMPARATIVE}\b)|did\s+(?=.+?\s+or\s+.+?\s+do\s+more\s+to\b))",
        one_factor=False,
    ),
    _c(
        _T.COMPARE,  # "Did the regime rest more on A or on B?"
        r"^did\s+(?=.+?\s+more\s+(?P<prep>on|upon|to|from|in|by|through|with)\s+.+?\s+or\s+"
        r"(?P=prep)\s)",
        one_factor=False,
    ),
    _c(
        _T.COMPARE,  # "Which angered Germans more after 1919: A or B?"
        r"^which\b(?=\s+(?:[\w'’-]+\s+){1,5}?(?:more|most)\b[^:?]*:\s*.+\s+or\s+)",
        one_factor=False,
    ),
    _c(
        _T.COMPARE,  # "Who was more responsible for Y, A or B?"
        r"^who\s+(?:was|were)\s+more\s+(?:responsible|to\s+blame|important)\b",
        one_factor=False,
    ),
    _c(
        _T.HOW_FAR,  # "Was X the most important event in Y?"
        r"^(?:was|were)\s+(?=.+?\s(?:the\s+)?(?:most\s+important|main|key|decisive|chief)\s+"
        r"(?:reasons?|causes?|factors?|events?|steps?)\b)",
    ),
    _c(
        _T.HOW_FAR,  # "Did the Treaty of Versailles cause the Second World War?"
        r"^did\s+(?=.+?\s(?:cause|lead\s+to|bring\s+about|result\s+in)\b)",
    ),
    _c(
        _T.TO_WHAT_EXTENT,  # "Was the New Deal a success?"
        r"^(?:was|were)\s+(?=.+?\s(?:an?\s+)(?:success|failure|mistake|turning\s+point|"
        r"revolution|disaster)\b)",
    ),
    _c(_T.SIGNIFICANCE, r"^what\s+(?:role|part)\s+did\b"),
    _c(_T.HOW_FAR, r"^how\s+far\b"),
    _c(
        _T.HOW_FAR,
        r"^how\s+(?:accurate|valid|convincing|fair|justified|persuasive)\s+"
        rf"(?:is|was|are)\s+{_SAYING}",
    ),
    _c(_T.HOW_FAR, r"^assess\s+the\s+(?:validity|accuracy)\b"),
    _c(_T.HOW_FAR, rf"^(?:evaluate|assess|examine|consider|discuss)\s+(?:the|this)\s+{_VIEW}\b"),
    _c(_T.HOW_FAR, r"^(?:do|would)\s+you\s+agree\b"),
    _c(_T.HOW_FAR, r"^is\s+this\s+(?:a\s+)?(?:valid|fair|accurate|convincing)\b"),
    _c(_T.HOW_FAR, r"^(?:discuss|assess|evaluate|consider)\b", needs_claim=True),
    _c(_T.TO_WHAT_EXTENT, r"^to\s+what\s+(?:extent|degree)\b"),
    _c(
        _T.TO_WHAT_EXTENT,
        r"^(?:assess|evaluate|examine|consider|discuss|analy[sz]e)\s+the\s+(?:extent|degree)\b",
    ),
    _c(
        _T.TO_WHAT_EXTENT,
        r"^how\s+(?:successful|effective|much|far-reaching|complete|accurate|valid|consistent|"
        r"popular|radical|revolutionary)\b",
    ),
    _c(
        _T.TO_WHAT_EXTENT,
        r"^(?:evaluate|assess)\s+the\s+(?:success(?:es)?|effectiveness|strengths)"
        r"(?:\s+and\s+(?:failures?|weaknesses|limitations))?\b",
    ),
    _c(_T.HOW, r"^(?:explain|describe|examine|analy[sz]e|show|outline)\s+how\b"),
    _c(_T.HOW, r"^write\s+an\s+account\s+of\s+how\b"),
    _c(_T.HOW, r"^in\s+what\s+ways?\b|^by\s+what\s+means\b"),
    _c(_T.HOW, r"^how\s+(?:did|was|were|had|has|have|do|does|is|are|could|can|would)\b"),
    _c(
        _T.EXPLAIN,
        r"^(?:explain|examine|analy[sz]e|assess|account\s+for|discuss|suggest)\s+"
        r"(?:the\s+reasons?\s+)?why\b",
    ),
    _c(_T.EXPLAIN, r"^why\b"),
    _c(
        _T.EXPLAIN,
        r"^(?:(?:what|examine|explain|assess|analy[sz]e|discuss|evaluate|outline|identify|"
        r"consider)\s+)(?:were\s+|was\s+|are\s+)?the\s+(?:main\s+|key\s+|most\s+important\s+|"
        r"long[-\s]term\s+|short[-\s]term\s+)?(?:reasons?|causes?|consequences?|effects?|"
        r"results?|factors?)\b",
    ),
    _c(
        _T.EXPLAIN,
        r"^account\s+for\b|^what\s+(?:caused|led\s+to|(?:best\s+|most\s+)?explains?(?:\s+why)?)\b",
    ),
    _c(
        _T.EXPLAIN,
        r"^(?:describe|outline)\s+and\s+(?:explain|account\s+for)"
        r"(?:\s+the\s+(?:main\s+)?(?:reasons?|causes?)(?:\s+(?:for|why|of))?)?\b",
    ),
    _c(
        _T.EXPLAIN,
        r"^which\s+was\s+the\s+(?:most\s+important|main|key)\s+(?:reason|cause|factor)\b",
    ),
    _c(_T.EXPLAIN, r"^explain\b"),
    _c(_T.TO_WHAT_EXTENT, r"^(?:assess|evaluate)\b"),
)

# Boilerplate around the question proper, removed before anything else looks at it.
_BOILERPLATE = re.compile(
    r"(?:(?:explain|justify)\s+your\s+answer(?:\s+with\s+reference\s+to[^.?]*)?"
    r"|you\s+(?:may|must|should|could)\s+(?:use|also|refer)[^?]*"
    r"|use\s+your\s+own\s+knowledge[^.?]*"
    r"|(?:with|by)\s+(?:particular\s+)?reference\s+to\b[^.?]*"
    r"|[\[(]\s*\d+\s*(?:marks?)?\s*[\])])[.?!]?",
    re.I,
)

# Words between a command and the proposition it asks about, stripped in a loop.
_LEAD_INS = re.compile(
    rf"^(?:{_YOU_AGREE}\b"
    r"|(?:do\s+you\s+agree\s+)?with\b"
    rf"|(?:of\s+|about\s+)?(?:the|this)\s+{_VIEW}\b"
    r"|(?:is|was|are)\s+it\s+to\s+(?:say|argue|claim|suggest|state)\b"
    r"|that\b|of\b|about\b|between\b|behind\b|for\b|to\b"
    r"|(?:did|does|do|was|were|had|has|have|is|are|could|can|would|might|should)\b"
    r"|[,:;.?!\s]+)\s*",
    re.I,
)

# --- stated factors -----------------------------------------------------------------------

_BE = r"(?:(?:was|were|is|are|had\s+been|has\s+been|have\s+been)\s+)?"
_ADV = (
    r"(?:(?:mainly|largely|primarily|chiefly|mostly|principally|solely|wholly|entirely|"
    r"essentially|simply|only|above\s+all|fundamentally|most|directly|ultimately)\s+)?"
)
_MAIN = (
    r"(?:the\s+|a\s+)?(?:single\s+)?(?:main|most\s+important|most\s+significant|key|principal|"
    r"primary|chief|decisive|crucial|greatest|biggest|fundamental|major|only|real|dominant|"
    r"central|underlying|worst|best|gravest|most\s+influential|most\s+(?:successful|effective|damaging|"
    r"serious|harmful|lasting|popular|radical))\s+(?:[\w-]+\s+)?"
    r"(?:reasons?|causes?|factors?|explanation|steps?|stages?|turning\s+points?|events?|"
    r"influences?|developments?|weapons?|parts?|aspects?|elements?|features?|achievements?|"
    r"policy|policies|reforms?|weakness(?:es)?|failures?|successes?|(?P<noun>results?|consequences?|"
    r"effects?)|opponents?|obstacles?|threats?|enem(?:y|ies)|allies|supporters?|methods?|means|"
    r"ways?|tools?|grievances?|complaints?|dangers?|limits?|problems?|challenges?|blows?|mistakes?)"
)
_CAUSED_BY = (
    r"(?:due\s+to|caused\s+by|(?:the|a)\s+(?:direct\s+)?(?:result|consequence|product|outcome)"
    r"\s+of|because\s+of|brought\s+about\s+by|explained\s+by|driven\s+by|achieved\s+(?:through|by)"
    r"|dependent\s+on|the\s+work\s+of|a\s+reaction\s+to|thanks\s+to|owed\s+to|because)"
)
_CAUSE_VERB = (
    r"(?:caused?|lead\s+to|led\s+to|bring\s+about|brought\s+about|explains?|accounts?\s+for|"
    r"contributed?\s+to|result(?:ed)?\s+in|was\s+responsible\s+for)"
)

# (pattern with groups x = stated factor and optionally y = subject)
_FACTOR_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.I)
    for p in (
        rf"^{_MAIN}\s+(?:for|of|why|behind|in)\s+(?P<y>.+?)\s+(?:was|were|is|are)\s+(?P<x>.+)$",
        rf"^(?P<x>.+?)\s+{_BE}{_MAIN}\b\s*(?P<y>.*)$",
        rf"^(?P<x>.+?)\s+{_BE}(?:the\s+|a\s+)turning\s+point\s+(?:in|of|for)\s+(?P<y>.+)$",
        rf"^(?P<x>.+?)\s+{_BE}{_ADV}(?:responsible|to\s+blame)\s+for\s+(?P<y>.+)$",
        rf"^(?P<y>.+?)\s+{_BE}{_ADV}{_CAUSED_BY}\s+(?P<x>.+)$",
        rf"^(?P<x>.+?)\s+{_BE}(?:so\s+)?(?:important|significant|crucial|decisive|vital)\s+"
        r"(?:in|for|to|as)\s+(?P<y>.+)$",
        rf"^(?P<x>.+?)\s+{_ADV}(?:best\s+)?{_CAUSE_VERB}\s+(?P<y>.+)$",
        # "the need to pay for new factories led Stalin to drive the peasants into farms"
        r"^(?P<x>.+?)\s+(?:led|drove|pushed|forced|persuaded|prompted|encouraged)\s+"
        r"(?P<y>\S+(?:\s+\S+){0,3}?\s+to\s+.+)$",
        # "Terror, not popularity, kept Stalin in power"
        r"^(?P<x>[^,]+),\s*(?:not|rather\s+than|more\s+than|and\s+not)\s+[^,]+,\s*(?P<y>.+)$",
        # "(Above all) it was fear of the secret police that kept the people obedient"
        r"^(?:(?:above\s+all|mainly|chiefly|largely),?\s+)?it\s+was\s+(?P<x>.+?)\s+that\s+"
        r"(?P<y>.+)$",
        # "The USA was beaten on the home front, not on the battlefield"
        r"^(?P<y>.+)\s+(?:on|in|at|by|through)\s+(?P<x>[^,]+?),\s*(?:not|rather\s+than)\s+"
        r"(?:on|in|at|by|through)\s+[^,]+$",
        # "(did) the Communists owe their growth to the damage Japan did to Chiang's armies"
        r"^(?P<w>.+?)\s+owes?d?\s+(?P<y>.+?)\s+(?:mainly\s+|largely\s+|chiefly\s+)?to\s+"
        r"(?P<x>.+)$",
        # "The judges did more than anyone else to hold back Roosevelt's reforms"
        r"^(?P<x>.+?)\s+did\s+more\s+than\s+(?:anyone|anything|any\s+\w+|all)(?:\s+else)?\s+"
        r"(?:to|for)\s+(?P<y>.+)$",
        # "(to what extent was) X the reason / the most serious consequence of Y"
        r"^(?P<x>.+?)\s+(?:the|a)\s+(?:(?:main|key|chief|principal|real|only|most\s+\w+)\s+)?"
        r"(?:reasons?|causes?|(?P<noun>consequences?|results?)|factors?|explanation)\b\s*(?P<y>.*)$",
        # "Being made to accept the blame was what Germans resented most about the Treaty"
        r"^(?P<x>.+?)\s+(?:was|were)\s+what\s+.+?\s+most(?:\s+(?:about|in|of)\s+(?P<y>.+))?$",
        # "Mutual terror of annihilation was what ended the stand-off over Cuba"
        r"^(?P<x>.+?)\s+(?:was|were)\s+what\s+(?P<y>\w+(?:ed|t)\s+.+)$",
        # "The gulf between their beliefs made the break-up of the partnership unavoidable"
        r"^(?P<x>.+?)\s+made\s+(?P<y>.+?)\s+(?:unavoidable|inevitable|certain|likely|impossible)$",
        # "X was more important than anything else in Y"
        rf"^(?P<x>.+?)\s+{_BE}more\s+(?:important|significant)\s+than\s+.*?"
        r"\s+(?:in|for|to)\s+(?P<y>.+)$",
        # "(to what extent did) Mao rely on violence to secure control"
        r"^(?P<w>.+?)\s+(?:rel(?:y|ied)|depend(?:ed)?|dr[ae]w)\s+(?:on|upon)\s+(?P<x>.+?)"
        r"(?:\s+(?:to|in|for)\s+(?P<y>.+))?$",
        # "Mao started the Cultural Revolution mainly to get rid of his rivals": the purpose
        r"^(?P<y>.+?)\s+(?:mainly|largely|primarily|chiefly|mostly|principally|solely|simply|"
        r"only|above\s+all)\s+(?:in\s+order\s+|so\s+as\s+)?to\s+(?P<x>(?!(?:the|a|an)\b).+)$",
        # "The violence of its enemies did more for the movement than anything it did itself"
        r"^(?P<x>.+?)\s+did\s+more\s+(?:for|to\s+(?:help|advance|win|bring\s+about))\s+"
        r"(?P<y>.+?)\s+than\s+.+$",
        # "Nixon got the USA out of Vietnam mainly by handing the fighting over to …": the means
        r"^(?P<y>.+?)\s+(?:mainly|largely|primarily|chiefly|mostly|principally|above\s+all)\s+"
        r"(?:by|through)\s+(?P<x>.+)$",
        # "Mao held on to power through fear rather than popularity"
        r"^(?P<y>.+?)\s+(?:mainly\s+|largely\s+)?(?:through|by\s+means\s+of|by\s+using|by)\s+"
        r"(?P<x>.+?)\s+(?:rather\s+than|more\s+than|and\s+not|not)\s+.+$",
        # "Hoover lost the election more than Roosevelt won it"
        r"^(?=(?P<y>.+))(?P<x>.+?)\s+more\s+than\s+.+$",
        # "Giving land to the peasants was the key to the Communist victory"
        rf"^(?P<x>.+?)\s+{_BE}(?:the\s+)?(?:key|secret)\s+to\s+(?P<y>.+)$",
        # "(to what extent did) the economic collapse after 1929 put Roosevelt in the White
        # House": what carried someone to office is the cause
        r"^(?P<x>.+?)\s+(?:put|puts|brought|bring|brings|swept|sweep|carried|carry|propelled)\s+"
        r"(?P<y>(?-i:[A-Z])[\w'’-]*(?:\s+(?-i:[A-Z])[\w'’-]*)*\s+(?:in|into|to)\s+.+)$",
        # "(to what extent does) the slump of 1937–38 show that the New Deal had failed"
        r"^(?P<x>.+?)\s+(?:show|shows|prove|proves|suggest|suggests|demonstrate|demonstrates)"
        r"\s+that\s+(?P<y>.+)$",
        # "(to what extent was) the Hundred Flowers Campaign a trap to catch Mao's critics";
        # not a two-word verdict ("appeasement a mistake"), which names no factor
        r"^(?P<y>(?:the\s+)?[A-Z][\w'’-]*(?:\s+[A-Z0-9][\w'’-]*)*)\s+"
        r"(?P<x>(?:a|an)\s+\S+\s+\S+\s+.+)$",
    )
)
# "Compare the importance of A and B (as causes of) Y": two factors of one topic.
_COMPARED_PAIR = re.compile(
    r"^(?:the\s+)?(?:relative\s+)?(?:importance|significance|roles?|contributions?|impact)\s+"
    r"of\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)(?:\s+(?:as\s+(?:causes?|reasons?|factors?)\s+"
    r"(?:of|for|in|behind)|in|for|to|behind)\s+(?P<y>.+))?$",
    re.I,
)
# "(Was) A or B more important in Y", "(Did) A or B do more to Y": the two options, then Y.
_EITHER = re.compile(
    r"^(?P<a>.+?)\s+or\s+(?P<b>.+?)\s+(?:(?:the\s+|a\s+)?"
    rf"{_COMPARATIVE}(?:\s+(?!in\b|for\b|to\b|of\b|on\b)[\w-]+)?\s+"
    r"(?:in|for|to|of|on|behind|as\s+a\s+cause\s+of)|do\s+more\s+to(?:wards)?)\s+(?P<y>.+)$",
    re.I,
)
# "(Did) the regime rest more on A or on B": what leant more on one of two things.
_LEANT_ON = re.compile(
    r"^(?P<y>.+?)\s+more\s+(?P<p>on|upon|to|from|in|by|through|with)\s+(?P<a>.+?)\s+or\s+"
    r"(?P=p)\s+(?P<b>.+)$",
    re.I,
)
# A sentence ends at a full stop, but not after an initial or a title ("F.W. de Klerk").
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])(?<!\b[A-Z]\.)(?<!\b(?:Mr|Dr|St)\.)\s+")
# "How significant was X in Y": X ends at the first split that matches, tried in this order.
# What X did comes first, with `in` before `for` ("the clause blaming Germany for starting the
# war in turning Germans against…"); then a plain `in Y`, `for Y`; `as`, `on` and `within`
# last ("the Bolsheviks' hold on the heartland in their victory").
_SIGNIFICANCE_SPLITS = tuple(
    re.compile(pattern, re.I)
    for pattern in (
        r"\s+in\s+(?=\w{3,}ing\b)",
        r"\s+for\s+(?=\w{3,}ing\b)",
        r"\s+(?:in(?!\s+\d)|for|to\s+(?=the\b|\w+ing\b)|compared\s+(?:to|with))\s+",
        r"\s+(?:as|on|within)\s+",
    )
)
_ASIDE = re.compile(
    r",\s*(?:rather\s+than|more\s+than|and\s+not|not|above\s+all|instead\s+of)\b[^,]*,?", re.I
)
_SUBJECT_LEAD = re.compile(
    r"^(?:for|of|why|behind|in|to|in\s+explaining|in\s+bringing\s+about|in\s+causing|leading\s+to|"
    r"that\s+led\s+to|by\s+which|through\s+which)\s+",
    re.I,
)


def _tidy(text: str) -> str:
    """Collapse spaces, drop stray punctuation left where phrases were cut out."""
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:?!])", r"\1", text)
    text = re.sub(r"([,;:])(?=[,.;:?!])", "", text)
    text = re.sub(r"\(\s*\)", "", text)
    return text.strip(" ,;:.?!-–—")


def _cut(text: str, part: str) -> str:
    """`text` without the first occurrence of `part`."""
    i = text.find(part)
    return text if not part or i < 0 else text[:i] + " " + text[i + len(part) :]


def _strip_lead_ins(text: str) -> str:
    while (m := _LEAD_INS.match(text)) is not None and m.end() > 0:
        text = text[m.end() :]
    return text


def _split_factor(qtype: QuestionType, proposition: str) -> tuple[str | None, str]:
    """(stated factor, subject) of a proposition; the subject is the whole when none is named."""
    if qtype is QuestionType.SIGNIFICANCE:
        # "the Allied demand for compensation in wrecking the economy": X ends before what it
        # did, when the question says it with a verb
        parts = [proposition]
        for split in _SIGNIFICANCE_SPLITS:
            if len(parts := split.split(proposition, maxsplit=1)) > 1:
                break
        x = _tidy(re.sub(r"\s+play$", "", parts[0]))  # "What role did X play in Y"
        y = _tidy(parts[1]) if len(parts) > 1 else ""
        return (x or None), (y or x)
    for pattern in _FACTOR_PATTERNS:
        m = pattern.match(proposition)
        if m is None:
            continue
        x = _tidy(_ASIDE.sub("", m["x"]))
        y = _tidy(_SUBJECT_LEAD.sub("", m["y"] or ""))
        if "w" in m.groupdict():  # "did W rely on X to Y": the subject is W's Y
            y = _tidy(f"{m['w']} {y}")
        if m.groupdict().get("noun") and y:  # "the most disastrous consequence of Y"
            y = f"consequences of {y}"
        if x:
            return x, (y or x)
    return None, proposition


def _match_command(text: str, *, has_claim: bool) -> tuple[_Command, int] | None:
    """The first command that opens `text`, and where it ends."""
    for command in _COMMANDS:
        if command.needs_claim and not has_claim:
            continue
        m = command.pattern.match(text)
        if m is not None:
            return command, m.end()
    return None


def _guess(text: str, *, has_claim: bool) -> QuestionType:
    if has_claim:
        return QuestionType.HOW_FAR
    if re.match(r"^how\b", text, re.I):
        return QuestionType.HOW
    return QuestionType.EXPLAIN


def analyse_question(text: str) -> Question:
    """Classify an essay question and pull out its topic, time bound, claim and stated factor.

    Never raises: a question with no known command phrasing comes back with `recognised=False`
    and a best-guess type (`how_far` when it quotes a claim, `how` for how-questions, else
    `explain`).
    """
    original = re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()
    work = _BOILERPLATE.sub(" ", original)
    quotes = _find_quotes(work)
    claims = [q for q in quotes if q.is_claim]
    claim = max(claims, key=lambda q: len(q.inner)) if claims else None

    # Take the claim out and unquote quoted terms: what is left holds the command.
    pieces: list[str] = []
    last = 0
    for q in quotes:
        pieces.append(work[last : q.start])
        pieces.append(" " if q is claim else q.inner)
        last = q.end
    pieces.append(work[last:])
    rest = "".join(pieces)

    time_bound = parse_time_bound(original)
    if time_bound is not None:
        rest = _cut(rest, time_bound.text)
    rest = _tidy(rest)
    claim_text = _tidy(_cut(claim.inner, time_bound.text if time_bound else "")) if claim else ""

    # The command usually opens the question; after an unquoted statement it opens a later
    # sentence ("Stalin won because of terror. How far do you agree?").
    sentences = _SENTENCE_BREAK.split(rest)
    found = None
    preamble = ""
    for i, sentence in enumerate(sentences):
        # An unquoted statement before the command counts as the claim ("…paranoid. Discuss.").
        found = _match_command(sentence, has_claim=claim is not None or i > 0)
        if found is not None:
            preamble = _tidy(" ".join(sentences[:i]))
            rest = " ".join(sentences[i:])
            break

    if found is None:
        qtype = _guess(rest, has_claim=claim is not None)
        proposition = claim_text or _strip_lead_ins(rest)
    else:
        qtype = found[0].type
        after = _tidy(_strip_lead_ins(rest[found[1] :]))
        if claim_text and _OF_THE_CLAIM.match(rest, found[1]):
            after = ""  # "…agree with this view of the summer of 1914?": the claim is the point
        proposition = after or claim_text or preamble

    proposition = _tidy(proposition)
    stated: str | None = None
    topic = proposition
    compared: str | None = None
    pair = _COMPARED_PAIR.match(proposition) if qtype is QuestionType.COMPARE else None
    if found is not None and not found[0].one_factor and (either := _EITHER.match(proposition)):
        stated, compared = _tidy(either["a"]) or None, _tidy(either["b"]) or None
        topic = either["y"]
    elif found is not None and not found[0].one_factor and (leant := _LEANT_ON.match(proposition)):
        # "(Did) the regime rest more on A or on B": Y is what leant on them
        stated, compared = _tidy(leant["a"]) or None, _tidy(leant["b"]) or None
        topic = leant["y"]
    elif found is not None and not found[0].one_factor:
        # "Which was more important for Y: A or B?", "Who was more responsible for Y, A or B?"
        topic, _, options = proposition.partition(":")
        if not options and "," in proposition:
            topic, _, options = proposition.rpartition(",")
        named = [_tidy(o) for o in re.split(r"\s+or\s+", options.strip(), maxsplit=1)]
        stated = named[0] or None  # the option named first is the one to weigh
        compared = named[1] if len(named) > 1 and named[1] else None
    elif pair is not None:
        stated, compared = _tidy(pair["a"]) or None, _tidy(pair["b"]) or None
        topic = pair["y"] or proposition
    elif qtype.evaluative:
        stated, topic = _split_factor(qtype, proposition)

    if time_bound is not None and stated and (own := parse_time_bound(topic)) is not None:
        # "…the army's defeats between 1914 and 1916 the main reason the monarchy fell in
        # February 1917?": the first years date the named factor, the question's are the event's
        time_bound, topic = own, _cut(topic, own.text)

    question = Question(
        text=original,
        type=qtype,
        topic=_tidy(topic),
        time_bound=time_bound,
        claim=claim.inner if claim else None,
        stated_factor_text=stated,
        recognised=found is not None,
        compared_text=compared,
    )
    # "Which did more to bring the Communists to power in 1949: A or B?" weighs causes too;
    # "How significant was the Kronstadt rising in 1921?" dates the factor, not an event.
    weighs_causes = question.asks_causes or (
        qtype is QuestionType.COMPARE and _ASKS_AFTERMATH.search(original) is None
    )
    if (
        time_bound is not None
        and time_bound.start == time_bound.end
        and weighs_causes
        and not time_bound.text.lower().startswith(("during", "throughout"))
    ):
        # "Why did Hitler become Chancellor in 1933?" dates the event, not its causes: they
        # run up to that year, as "by 1933" would say. "During 1934" keeps to that year.
        return replace(question, time_bound=replace(time_bound, start=None))
    return question
