"""Words for matching: tokens, plain text and a small BM25 over bags of words.

The planner and the feedback both match a question or an essay against the notes by their
words; they share one tokeniser here so that "rose"/"rise" or "Brüning"/"Bruning" is decided
once. BM25 is written out (numpy postings) rather than taken from a package because the
ranker scores bags of words it builds itself (page, section and factor text together) and
needs scores it can compare between queries: `BM25.scores` divides by the query's best
possible score, so 1.0 means every query word is present and frequent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from notedeck.model import Factor

__all__ = ["BM25", "STOPWORDS", "content_words", "key_terms", "plain", "stem", "tokenize"]

_STOPWORDS = """
    a about above after again against all also although am an and any are as at be because been
    before being between both but by can could did do does doing down during each even ever few
    for from further had has have having he her here hers him himself his how however i if in
    into is it its itself just many may me more most much must my no nor not of off on once
    only or other our out over own same she should so some such than that the their them then
    there these they this those through thus to too under until up upon very was we were what
    when where which while who whom why will with within would you your one two three able
    explain far extent agree main reason reasons important significant significance way ways
    role factor factors cause caused causes question essay discuss assess
"""
STOPWORDS = frozenset(_STOPWORDS.split())

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_MARKUP = re.compile(r"\*\*|__|==|`|\{\{c\d+::|\}\}|\[\[|\]\]")


def plain(text: str) -> str:
    """Text without inline Markdown emphasis, for showing a note's words in a plan."""
    return re.sub(r"\s+", " ", _MARKUP.sub("", text)).strip()


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix stripper: enough to join plurals and verb forms, never shorter than 3."""
    word = word.removesuffix("'s")
    for suffix, repl in (
        ("ational", "ate"),
        ("isation", "ise"),
        ("ization", "ise"),
        ("ations", "ate"),
        ("ation", "ate"),
        ("ities", "ity"),
        ("ies", "y"),
        ("ery", "er"),
        ("nesses", ""),  # `weaknesses` and `weakness` both come to `weak`
        ("ness", ""),
        ("ments", ""),
        ("ment", ""),
        ("ing", ""),
        ("ists", "ist"),
        ("ism", ""),
        ("ist", ""),
        ("ed", ""),
        ("es", ""),
        ("s", ""),
        ("e", ""),
    ):
        if word.endswith(suffix) and len(word) - len(suffix) + len(repl) >= 3:
            word = word[: len(word) - len(suffix)] + repl
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Stemmed content words of `text`, in order; stopwords and one-letter words dropped."""
    return [stem(w) for w in _WORD.findall(_fold(text)) if w not in STOPWORDS and len(w) > 1]


def content_words(text: str) -> set[str]:
    """The set of `tokenize(text)`; for overlap tests."""
    return set(tokenize(text))


def key_terms(factor: Factor, *, exclude: set[str]) -> set[str]:
    """A factor's title words that can identify it in other text (generic words dropped).

    The judgement scaffold uses them to see which factors' notes mention the others, and
    the feedback to see which factor an essay paragraph argues.
    """
    return set(tokenize(factor.title)) - exclude - _GENERIC


_GENERIC = frozenset(
    tokenize("impact effect role weakness failure rise power political the of and")
)


FloatArray = npt.NDArray[np.float64]


class BM25:
    """Okapi BM25 over bags of words, with scores normalised per query.

    A word's postings are made the first time a query asks for it, then kept: a notebook's
    index is rebuilt after each edited page, and building every word's postings up front cost
    0.74 s of a plan on 5,000 pages, for the few dozen words a plan asks about. `scores` is then
    a few numpy slices per query word.
    """

    def __init__(self, docs: Sequence[Counter[str]], *, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.size = len(docs)
        self._docs = tuple(docs)
        lengths = np.array([sum(d.values()) for d in docs], dtype=np.float64)
        average = float(lengths.mean()) if len(docs) and lengths.mean() > 0 else 1.0
        self._norm = k1 * (1 - b + b * lengths / average)
        self._postings: dict[str, tuple[npt.NDArray[np.int64], FloatArray]] = {}

    def _posting(self, term: str) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """The documents holding `term`, in order, and its weight in each."""
        found = self._postings.get(term)
        if found is None:
            ids = [i for i, doc in enumerate(self._docs) if term in doc]
            idx = np.array(ids, dtype=np.int64)
            counts = np.array([self._docs[i][term] for i in ids], dtype=np.float64)
            weight = (
                self.idf(term, df=len(ids)) * counts * (self.k1 + 1) / (counts + self._norm[idx])
            )
            found = self._postings[term] = (idx, weight)
        return found

    def holders(self, term: str) -> npt.NDArray[np.int64]:
        """The documents holding `term`, in order."""
        return self._posting(term)[0]

    def idf(self, term: str, *, df: int | None = None) -> float:
        if df is None:
            df = len(self._posting(term)[0])
        return math.log(1 + (self.size - df + 0.5) / (df + 0.5))

    def scores(self, query: Iterable[str]) -> FloatArray:
        """Each document's BM25 over the query's distinct words, divided by the best possible.

        A word the index has never seen counts in the divisor at full weight, so a query
        about something the notes never mention scores low everywhere rather than high on
        whichever document shares its one common word.
        """
        out = np.zeros(self.size, dtype=np.float64)
        best = 0.0
        for term in set(query):
            best += self.idf(term) * (self.k1 + 1)
            idx, weight = self._posting(term)
            out[idx] += weight
        return out / best if best > 0 else out
