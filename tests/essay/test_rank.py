"""Ranking sections then factors, by words and meaning, with the real model and notes."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, load_embedder
from notedeck.essay.lexical import BM25, plain, stem, tokenize
from notedeck.essay.question import analyse_question
from notedeck.essay.rank import (
    ANSWERABLE,
    FactorRef,
    followed_not_caused,
    on_its_limits,
    rank_factors,
)
from notedeck.essay.timebound import in_bound, parse_time_bound, year_span
from notedeck.model import Notebook
from notedeck.notebook import load_notebook


@pytest.fixture(scope="module")
def notebook() -> Notebook:
    return load_notebook(cache_dir=False)


def test_tokens_fold_accents_stem_and_drop_stopwords() -> None:
    assert tokenize("Brüning's recovery") == tokenize("Bruning recovers")
    assert tokenize("Why was the Republic weak?") == ["republic", "weak"]
    assert plain("In **1924** the ==Dawes Plan==") == "In 1924 the Dawes Plan"


def test_bm25_scores_are_normalised_per_query() -> None:
    index = BM25([Counter(["stalin", "power"]), Counter(["hitler", "power", "power"]), Counter()])
    scores = index.scores(["stalin", "power"])
    assert scores.argmax() == 0 and np.all((scores >= 0) & (scores <= 1))
    assert index.scores(["louis"]).max() == 0.0  # unknown words score nothing anywhere


@pytest.mark.parametrize(
    ("text", "span"),
    [("Why the Weimar Republic was weak 1919–23", (1919, 1923)),
     ("The Kronstadt rising (1921)", (1921, 1921)),
     ("Reasons for the rise of Stalin", None),
     ("Consequences 1931 to 1937", (1931, 1937)),
     ("Crises before 1914", None),  # where it stops, not when it happened
     ("Limits of progress by 1968", None),
     ("From 1905 to 1913, before 1914", (1905, 1914))],
)  # fmt: skip
def test_year_span(text: str, span: tuple[int, int] | None) -> None:
    assert year_span(text) == span


def test_sections_first_then_factors(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    r = rank_factors(
        notebook, "Explain why Stalin was able to rise to power", embedder=model, cache=cache
    )
    assert r.semantic and r.answerable and r.warnings == ()
    top = r.sections[0]
    assert (top.page.id, top.section.title) == (
        "ussr-power-struggle.md",
        "Why Stalin won the leadership struggle 1924–1929",
    )
    assert top.score >= ANSWERABLE and top.semantic is not None
    assert all(f.section is top.section for f in r.factors)
    assert [f.score for f in r.factors] == sorted((f.score for f in r.factors), reverse=True)


def test_the_same_factor_title_is_decided_by_context(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    depression = "Impact of the Great Depression"
    for question, page in (
        ("Explain why the Nazis became the largest party in Germany by 1932.", "rise-of-hitler.md"),
        ("Explain why militarism grew in Japan after 1929.", "japan-militarism.md"),
    ):
        r = rank_factors(notebook, question, embedder=model, cache=cache)
        pages = [f.page.id for f in r.factors if f.factor.title == depression]
        assert pages[0] == page
    r = rank_factors(
        notebook,
        "How far was the Great Depression responsible for the rise of militarism in Japan?",
        embedder=model,
        cache=cache,
    )
    assert r.stated is not None
    assert r.stated.ref == FactorRef(
        "japan-militarism.md", "Reasons for the rise of militarism in Japan 1929–1936", depression
    )


def test_the_time_bound_shifts_sections(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    by_1929 = rank_factors(notebook, "Why did the Weimar Republic recover by 1929?", embedder=model)
    assert by_1929.sections[0].section.title == "Reasons for recovery under Stresemann 1924–29"
    assert by_1929.sections[0].time > 0
    early = rank_factors(notebook, "Why was Weimar Germany weak in 1919–23?", embedder=model)
    late = rank_factors(notebook, "Why was Weimar Germany weak in 1924–29?", embedder=model)
    assert early.sections[0].section.title == "Why the Weimar Republic was weak 1919–23"
    weak_late = next(s for s in late.sections if s.section.title.startswith("Why the Weimar"))
    assert weak_late.time < 0 < early.sections[0].time


def test_unanswerable_questions_score_below_the_threshold(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    for question in (
        "Explain why the Roman Empire collapsed in the fifth century.",
        "How successful was Louis XIV's foreign policy?",
        "Why did the Tudors break with Rome?",
    ):
        r = rank_factors(notebook, question, embedder=model, cache=cache)
        assert not r.answerable, (question, r.sections[0].score)
        assert r.sections[0].score < ANSWERABLE


def test_lexical_fallback_reports_why(notebook: Notebook, tmp_path: Path) -> None:
    missing = load_embedder(model_path=tmp_path / "missing.onnx")
    r = rank_factors(
        notebook, "How did Mussolini consolidate his power 1922–1929?", embedder=missing
    )
    assert not r.semantic and r.sections[0].semantic is None
    assert r.warnings and "Ranked by words only" in r.warnings[0]
    assert r.sections[0].section.title == "How Mussolini consolidated power 1922–1929"
    none = rank_factors(notebook, "How did Mussolini consolidate his power?", embedder=None)
    assert none.warnings == ("Ranked by words only: no embedding model was given.",)


def test_vectors_are_cached_by_text(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    rank_factors(
        notebook, "Why did the Cheka matter to the Bolsheviks?", embedder=model, cache=cache
    )
    assert model.embedder is not None
    calls = model.embedder.calls
    rank_factors(
        notebook, "Why did the Cheka matter to the Bolsheviks?", embedder=model, cache=cache
    )
    assert model.embedder.calls == calls  # index and question both warm


def test_a_big_notebook_embeds_only_the_pages_a_question_points_at(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `EMBED_ALL_UP_TO` sections (here set to 2, so the example notebook counts as big),
    meaning re-ranks the pages whose words match; the plan still finds its theme."""
    from notedeck.essay import index as ranking_index
    from notedeck.essay import rank
    from notedeck.essay.index import notebook_index

    monkeypatch.setattr(rank, "EMBED_ALL_UP_TO", 2)
    monkeypatch.setattr(ranking_index, "_WITH_VECTORS", {})  # as in a new process
    question = "Explain why Mussolini came to power in Italy"
    pages = rank._worth_embedding(notebook, [tokenize(question)])
    assert pages is not None and 0 < len(pages) < len(notebook.pages)
    r = rank_factors(notebook, question, embedder=model, cache=cache)
    assert r.semantic and r.sections[0].page.id == "mussolini-italy.md"
    index = notebook_index(notebook, embedder=model.embedder, cache=cache, pages=pages)
    assert pages <= index.embedded
    assert index.page_vectors is not None
    unrelated = [p for p in range(len(notebook.pages)) if p not in index.embedded]
    assert unrelated and not index.page_vectors[unrelated].any()  # never embedded


def test_a_plural_noun_in_ness_stems_as_its_singular() -> None:
    assert stem("weaknesses") == stem("weakness") == stem("weak")


def test_a_month_in_the_bound_is_kept() -> None:
    bound = parse_time_bound("What brought the Tsar down in February 1917?")
    assert bound is not None and (bound.start_month, bound.end_month) == (2, 2)
    assert in_bound(1917, bound, 2) and in_bound(1917, bound, None)
    assert not in_bound(1917, bound, 10)  # October is after February
    by = parse_time_bound("Why was Hitler Chancellor by January 1933?")
    assert by is not None and in_bound(1932, by, 12) and not in_bound(1933, by, 3)


def test_the_decade_after_an_event_bounds_the_question_and_keeps_the_event() -> None:
    text = "How did Southerners resist in the decade after the Supreme Court's ruling of 1954?"
    bound = parse_time_bound(text)
    assert bound is not None and (bound.start, bound.end) == (1954, 1964)
    assert "Supreme Court's ruling" in (analyse_question(text).topic or "")
    twenty = parse_time_bound("How did the party change in the 20 years after 1924?")
    assert twenty is not None and (twenty.start, twenty.end) == (1924, 1944)


@pytest.fixture(scope="module")
def many_topics() -> Notebook:
    """The blind essay set's notebook: 16 pages on topics that share their words."""
    root = Path(__file__).parents[1] / "fixtures/essay-eval/notebook"
    return load_notebook(root, cache_dir=False)


def test_a_name_only_its_page_holds_makes_a_question_in_other_words_answerable(
    many_topics: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    question = "How did Roosevelt's government try to pull America out of the slump in 1933–1935?"
    r = rank_factors(many_topics, question, embedder=model, cache=cache)
    assert r.sections[0].score < ANSWERABLE and r.answerable
    assert r.sections[0].section.title == "How the New Deal dealt with the Depression 1933–1939"
    # A name on many pages picks out none of them.
    assert not rank_factors(
        many_topics, "Why did Britain lose its American colonies?", embedder=model, cache=cache
    ).answerable


def test_how_something_ended_is_not_answered_by_why_it_began(
    many_topics: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    r = rank_factors(
        many_topics,
        "'Fear of a war that would destroy both superpowers was the key reason the "
        "confrontation over Cuba ended peacefully.' How far do you agree?",
        embedder=model,
        cache=cache,
    )
    titles = [s.section.title for s in r.sections]
    assert titles[0] == "Why the crisis was resolved peacefully"
    assert "Causes of the Cuban Missile Crisis" not in titles


def test_becoming_leader_is_gaining_power_not_keeping_it(
    many_topics: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    r = rank_factors(
        many_topics, "Why did Stalin become the leader of the USSR?", embedder=model, cache=cache
    )
    assert r.sections[0].section.title != "How Stalin controlled the USSR 1934–1941"


def test_a_comparison_of_causes_leaves_out_what_followed_and_what_came_before(
    many_topics: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    ended = rank_factors(
        many_topics,
        "Which did more to end the October 1962 crisis without war: the naval quarantine of "
        "Cuba or the private bargain over the missiles in Turkey?",
        embedder=model,
        cache=cache,
    )
    assert ended.sections[0].section.title == "Why the crisis was resolved peacefully"
    assert "Causes of the Cuban Missile Crisis" not in [s.section.title for s in ended.sections]
    chancellor = rank_factors(
        many_topics,
        "Were Hitler's own talents or the scheming of Germany's conservative elite more "
        "important in making him Chancellor in January 1933?",
        embedder=model,
        cache=cache,
    )
    assert [s.section.title for s in chancellor.sections] == [
        "How Hitler became Chancellor in January 1933"
    ]


def test_why_one_thing_led_to_another_asks_for_what_followed_the_first() -> None:
    led = analyse_question(
        "Explain why the peace settlement led to armed revolts against the Weimar Republic."
    )
    why = analyse_question("Explain why the Weimar Republic faced armed revolts.")
    assert not followed_not_caused(led, "Consequences for Germany 1919–1923")
    assert followed_not_caused(why, "Consequences for Germany 1919–1923")


def test_a_question_on_a_movement_stalling_is_answered_by_its_limits() -> None:
    stalling = analyse_question(
        "To what extent was Black Power to blame for the stalling of the civil-rights "
        "movement in 1965–68?"
    )
    assert on_its_limits(stalling, "Limits of progress by 1968")
    rise = analyse_question("To what extent was television the main reason for progress?")
    assert not on_its_limits(rise, "Limits of progress by 1968")
