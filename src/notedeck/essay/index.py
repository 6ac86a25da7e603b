"""The ranking index: a notebook's sections and factors as rows, with BM25 and vectors.

Ranking a question is a few matrix products over this index; building it is the slow part
(tokenising every page, embedding every short text). So each page's words and vectors are kept
by page content (`Page.digest`) for the life of the process, and a notebook's index by the
digests of its pages: an edit re-reads and re-embeds only the pages that changed.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from notedeck.essay.embed import DIMENSIONS, EmbeddingCache, SupportsEmbed
from notedeck.essay.lexical import BM25, plain, tokenize
from notedeck.essay.timebound import year_span
from notedeck.model import Factor, Notebook, Page

__all__ = ["NotebookIndex", "Vectors", "embed_texts", "factor_text", "notebook_index"]

Vectors = npt.NDArray[np.float32]


@dataclass(frozen=True, slots=True)
class _PageWords:
    """One page's bags of words and short texts to embed; depends only on its content."""

    sections: tuple[int, ...]  # indexes of sections worth ranking (not empty)
    section_docs: tuple[Counter[str], ...]
    factor_docs: tuple[tuple[Counter[str], ...], ...]
    texts: tuple[str, ...]  # page text, then section texts, then factor texts


def factor_text(factor: Factor) -> str:
    """The short text embedded for a factor: its title and the start of its link statement.

    Kept under ~25 words: the model's cost grows with length, and the title with the first
    clause of the link carries the factor's meaning.
    """
    link = factor.statements[0].preferred if factor.statements else ""
    if not link and factor.points:
        link = factor.points[0].text
    text = plain(f"{factor.title}: {link}")
    return text if len(text) <= 160 else text[:160].rsplit(" ", 1)[0]


def _page_words(page: Page) -> _PageWords:
    title = plain(page.title)
    head = Counter(tokenize(f"{title} {title} {page.description or ''}"))
    keep = tuple(i for i, s in enumerate(page.sections) if s.factors or s.points)
    section_docs: list[Counter[str]] = []
    factor_docs: list[tuple[Counter[str], ...]] = []
    texts = [plain(f"{title}. {page.description or ''}")[:160]]
    for i in keep:
        section = page.sections[i]
        doc = Counter(tokenize(section.title) * 3) + head
        for point in (p for top in section.points for p in top.walk()):
            doc.update(tokenize(point.text))
        docs = []
        for factor in section.factors:
            words = Counter(tokenize(factor.title) * 2)
            for point in factor.all_points():
                words.update(tokenize(point.text))
            for statement in factor.statements:
                words.update(tokenize(" ".join(statement.alternatives)))
            docs.append(words)
            doc.update(words)
        section_docs.append(doc)
        factor_docs.append(tuple(docs))
        texts.append(plain(section.title)[:300])
    for i in keep:
        texts.extend(factor_text(f) for f in page.sections[i].factors)
    return _PageWords(keep, tuple(section_docs), tuple(factor_docs), tuple(texts))


@dataclass(frozen=True, slots=True)
class NotebookIndex:
    """A notebook's sections and factors as rows, with BM25 over each and optional vectors.

    Attributes:
        pages: the notebook's pages; rows point into them.
        sections: (page row, section index in page) of each section worth ranking.
        factors: (section row, factor index in section) of each factor.
        section_factors: the factor rows of each section row.
        section_bm25, factor_bm25: BM25 over each row's bag of words.
        section_time_spans: the years each section's heading (or its page's) names.
        section_prior: a weight per section row: factorless and untitled sections count less.
        section_docs: each section row's bag of words.
        page_vectors, section_vectors, factor_vectors: embeddings of the short texts, one row
            per page, section row and factor row; None when built without a model. Rows of
            pages not embedded yet (`embedded`) are zero.
        embedded: the page rows that have vectors.
    """

    pages: tuple[Page, ...]
    sections: tuple[tuple[int, int], ...]  # (page row, section index in page)
    factors: tuple[tuple[int, int], ...]  # (section row, factor index in section)
    section_factors: tuple[tuple[int, ...], ...]  # factor rows of each section row
    section_bm25: BM25
    factor_bm25: BM25
    section_time_spans: tuple[tuple[int, int] | None, ...]
    section_prior: npt.NDArray[np.float64]
    section_docs: tuple[Counter[str], ...]
    page_vectors: Vectors | None = None
    section_vectors: Vectors | None = None
    factor_vectors: Vectors | None = None
    embedded: frozenset[int] = frozenset()


_WORDS: dict[str, _PageWords] = {}
_PAGE_VECTORS: dict[str, Vectors] = {}
_INDEXES: dict[str, NotebookIndex] = {}


def _page_key(page: Page) -> str:
    return page.digest or hashlib.sha256(repr(page.to_dict()).encode()).hexdigest()


def _words(page: Page) -> _PageWords:
    key = _page_key(page)
    if key not in _WORDS:
        _WORDS[key] = _page_words(page)
    return _WORDS[key]


def _build_index(notebook: Notebook) -> NotebookIndex:
    sections: list[tuple[int, int]] = []
    factors: list[tuple[int, int]] = []
    section_factors: list[tuple[int, ...]] = []
    section_docs: list[Counter[str]] = []
    factor_docs: list[Counter[str]] = []
    spans: list[tuple[int, int] | None] = []
    prior: list[float] = []
    for p, page in enumerate(notebook.pages):
        words = _words(page)
        page_span = year_span(page.title)
        for i, s in enumerate(words.sections):
            row = len(sections)
            sections.append((p, s))
            section = page.sections[s]
            spans.append(year_span(section.title) or page_span)
            # A plan needs factors, and a page's untitled opening is rarely an exam theme.
            prior.append(
                (1.0 if section.factors else 0.85) * (0.85 if section.title == page.title else 1.0)
            )
            section_docs.append(words.section_docs[i])
            start = len(factors)
            for f, doc in enumerate(words.factor_docs[i]):
                factors.append((row, f))
                factor_docs.append(doc)
            section_factors.append(tuple(range(start, len(factors))))
    return NotebookIndex(
        pages=tuple(notebook.pages),
        sections=tuple(sections),
        factors=tuple(factors),
        section_factors=tuple(section_factors),
        section_bm25=BM25(section_docs),
        factor_bm25=BM25(factor_docs),
        section_time_spans=tuple(spans),
        section_prior=np.array(prior),
        section_docs=tuple(section_docs),
    )


def _with_vectors(
    index: NotebookIndex, embedder: SupportsEmbed, cache: EmbeddingCache | None, rows: set[int]
) -> NotebookIndex:
    """The index with vectors for the page `rows`, embedding only pages not seen in this
    process; the other pages' rows stay zero."""
    missing = [
        index.pages[r] for r in sorted(rows) if _page_key(index.pages[r]) not in _PAGE_VECTORS
    ]
    texts = [t for p in missing for t in _words(p).texts]
    if texts:
        vectors = embed_texts(texts, embedder, cache)
        at = 0
        for page in missing:
            n = len(_words(page).texts)
            _PAGE_VECTORS[_page_key(page)] = vectors[at : at + n]
            at += n
    page_rows, section_rows, factor_rows = [], [], []
    for r, page in enumerate(index.pages):
        words = _words(page)
        n_sections = len(words.sections)
        if r in rows:
            vecs = _PAGE_VECTORS[_page_key(page)]
        else:
            vecs = np.zeros((len(words.texts), DIMENSIONS), dtype=np.float32)
        page_rows.append(vecs[:1])
        section_rows.append(vecs[1 : 1 + n_sections])
        factor_rows.append(vecs[1 + n_sections :])
    return replace(
        index,
        page_vectors=np.concatenate(page_rows),
        section_vectors=np.concatenate(section_rows),
        factor_vectors=np.concatenate(factor_rows),
        embedded=frozenset(rows),
    )


def embed_texts(
    texts: Sequence[str], embedder: SupportsEmbed, cache: EmbeddingCache | None
) -> Vectors:
    """Vectors for `texts`, through `cache` when there is one so repeated texts are free."""
    return cache.embed(embedder, texts) if cache is not None else embedder.embed(texts)


def notebook_index(
    notebook: Notebook,
    *,
    embedder: SupportsEmbed | None = None,
    cache: EmbeddingCache | None = None,
    pages: Iterable[int] | None = None,
) -> NotebookIndex:
    """The notebook's ranking index, built or embedded only where pages changed.

    Args:
        notebook: the notes.
        embedder: the model; None gives the lexical index alone.
        cache: keeps vectors between runs.
        pages: the page rows that need vectors (None: every page). A big notebook embeds the
            pages a question's words point at, not all of them: each later question embeds
            only what it adds.
    """
    fingerprint = hashlib.sha256(
        "\n".join(f"{p.id}\t{_page_key(p)}" for p in notebook.pages).encode()
    ).hexdigest()
    lexical = _INDEXES.get(fingerprint)
    if lexical is None:
        if len(_INDEXES) > 16:  # old notebooks' indexes; page-level caches stay
            _INDEXES.clear()
            _WITH_VECTORS.clear()
        lexical = _INDEXES[fingerprint] = _build_index(notebook)
    if embedder is None:
        return lexical
    wanted = set(range(len(lexical.pages)) if pages is None else pages)
    index = _WITH_VECTORS.get(fingerprint)
    if index is None or not wanted <= index.embedded:
        known = index.embedded if index is not None else frozenset()
        index = _WITH_VECTORS[fingerprint] = _with_vectors(lexical, embedder, cache, wanted | known)
    return index


_WITH_VECTORS: dict[str, NotebookIndex] = {}
