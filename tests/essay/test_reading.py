"""How feedback reads an essay's parts: introduction, conclusion, a verdict, a further example."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache
from notedeck.essay.feedback import Level, Part, give_feedback
from notedeck.notebook import load_notebook
from tests.essay.test_dates import COLD_WAR, COLD_WAR_ESSAY, COLD_WAR_QUESTION
from tests.helpers import write_notes

CIVIL_RIGHTS = """# Civil rights in the USA 1955–1965

## Reasons for the success of the civil rights movement 1955–1965

### Role of television and the media

* Jet magazine printed photographs of Emmett Till's open coffin in **1955**
* By **1960** about 90% of American homes had a television
* Pictures of Bull Connor's dogs and fire hoses in Birmingham, **May 1963**, shocked the nation
* **S: Television brought the violence of segregation into every home in America.**

### Leadership of Martin Luther King

* King led the Montgomery Bus Boycott from **December 1955**
* "I Have a Dream" speech at the March on Washington, **August 1963**
* **S: King's leadership and non-violence won the sympathy of white Americans.**

### Role of the federal government

* Congress passed the Civil Rights Act in **July 1964**
* The Voting Rights Act was passed in **August 1965** after the marches at Selma
* **S: Federal laws ended legal segregation in the South.**
"""

CIVIL_RIGHTS_QUESTION = (
    "Which did more to win national support for civil rights in the years 1955–1965: "
    "television or Martin Luther King?"
)

TELEVISION = [
    "I think that television did more to win national support for civil rights than Martin "
    "Luther King, because it showed the rest of the country what was happening in the South.",
    "Even in 1955 the media mattered. When Emmett Till was murdered, Jet magazine printed "
    "photographs of his open coffin, which shocked people across America. By 1960 about 90% "
    "of American homes had a television, so this meant almost everyone could see the civil "
    "rights movement for themselves and national support grew.",
    "The best example is Birmingham in May 1963. Bull Connor used dogs and fire hoses on "
    "children who were protesting, and the pictures were shown across the nation. This shows "
    "that television made segregation look brutal, so it won national support for civil rights.",
    'Another example is "Bloody Sunday" at Selma in March 1965, when marchers were beaten by '
    "state troopers and ABC interrupted a film to show it. Millions saw peaceful people being "
    "beaten, and the Voting Rights Act was passed in August 1965, only months later.",
]


def test_the_introduction_and_conclusion_argue_no_factor_of_their_own(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    notes = load_notebook(write_notes(tmp_path, {"cold-war.md": COLD_WAR}), cache_dir=False)
    essay = "\n\n".join(COLD_WAR_ESSAY)
    fb = give_feedback(notes, COLD_WAR_QUESTION, essay, embedder=model, cache=cache)
    assert [p.part for p in fb.paragraphs] == [
        Part.INTRODUCTION, Part.ARGUMENT, Part.ARGUMENT, Part.ARGUMENT, Part.CONCLUSION,
    ]  # fmt: skip
    assert [p.factor.factor if p.factor else None for p in fb.paragraphs] == [
        None, "The Marshall Plan", "The Berlin Blockade", "Formation of NATO", None,
    ]  # fmt: skip
    data = json.loads(json.dumps(fb.to_dict()))
    assert [p["part"] for p in data["paragraphs"]] == [
        "introduction", "argument", "argument", "argument", "conclusion",
    ]  # fmt: skip
    assert any("Cominform" in e for e in data["paragraphs"][1]["evidence"])
    # The introduction gets no advice to make its point clear: it sets out the answer.
    assert not any(a.startswith("Paragraph 1 ") for a in fb.advice)


def test_a_conclusion_that_only_says_all_mattered_is_no_judgement(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The level-4 essay with its verdict replaced by "a mix of all of these" is level 3."""
    notes = load_notebook(write_notes(tmp_path, {"cold-war.md": COLD_WAR}), cache_dir=False)
    decided = "\n\n".join(COLD_WAR_ESSAY)
    fb = give_feedback(notes, COLD_WAR_QUESTION, decided, embedder=model, cache=cache)
    assert fb.judgement and fb.level is Level.L4
    undecided = "\n\n".join(
        [
            *COLD_WAR_ESSAY[:-1],
            "In conclusion, the Marshall Plan and the Berlin Blockade were both important, so "
            "the Cold War developed because of a mix of all of these reasons.",
        ]
    )
    fb = give_feedback(notes, COLD_WAR_QUESTION, undecided, embedder=model, cache=cache)
    assert not fb.judgement
    assert fb.level is Level.L3
    assert "Judgement: there is no conclusion that decides" in " ".join(fb.reasons)
    assert fb.advice[-1].startswith("Finish with a judgement")


def test_another_example_develops_the_factor_before_it(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """'Another example is "Bloody Sunday"…' stays on television, though it ends on the
    Voting Rights Act of the federal government's notes."""
    notes = load_notebook(write_notes(tmp_path, {"usa.md": CIVIL_RIGHTS}), cache_dir=False)
    essay = "\n\n".join(TELEVISION)
    fb = give_feedback(notes, CIVIL_RIGHTS_QUESTION, essay, embedder=model, cache=cache)
    assert [p.factor.factor if p.factor else None for p in fb.paragraphs] == [
        None, *["Role of television and the media"] * 3,
    ]  # fmt: skip
    assert [f.factor for f in fb.factors_used] == ["Role of television and the media"]


VIETNAM = """# Why the USA failed in Vietnam

## Reasons for the US failure in Vietnam 1964–1973

### Guerrilla tactics of the Vietcong

* Hit-and-run attacks, booby traps and the tunnels at Cu Chi
* The Ho Chi Minh Trail kept supplies coming from the North despite bombing from **1965**
* **S: The Vietcong would not fight the kind of battle the USA could win.**

### Weaknesses of US military tactics

* Search and destroy missions measured success by body counts
* Napalm and Agent Orange killed civilians and destroyed crops
* At My Lai in **March 1968** US soldiers killed hundreds of civilians
* **S: US tactics turned the peasants against the Americans.**
"""


def test_a_paragraph_is_matched_on_its_point_not_on_its_closing_link(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """A paragraph on American tactics that ends by tying them to the question's own factor
    ("…made the guerrilla war even harder to win") argues American tactics."""
    notes = load_notebook(write_notes(tmp_path, {"vietnam.md": VIETNAM}), cache_dir=False)
    question = (
        "'The Vietcong's way of fighting was the main reason the USA could not win the war in "
        "Vietnam.' How far do you agree?"
    )
    paragraph = (
        "The USA also made it worse with its own methods. Search and destroy missions measured "
        "success by body counts, and villages were burned. Napalm and Agent Orange killed "
        "civilians and destroyed crops, and at My Lai in 1968 hundreds of civilians were "
        "killed. This pushed the peasants towards the Vietcong, which made their guerrilla "
        "tactics even harder to beat."
    )
    fb = give_feedback(notes, question, paragraph, embedder=model, cache=cache)
    assert fb.paragraphs[0].factor is not None
    assert fb.paragraphs[0].factor.factor == "Weaknesses of US military tactics"


def test_an_essay_pasted_with_one_line_a_paragraph_reads_the_same(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Text from a word processor has no blank lines between paragraphs; Markdown wrapped at
    80 columns breaks lines mid-sentence. Both read as the paragraphs the student meant."""
    notes = load_notebook(write_notes(tmp_path, {"cold-war.md": COLD_WAR}), cache_dir=False)
    spaced = give_feedback(
        notes, COLD_WAR_QUESTION, "\n\n".join(COLD_WAR_ESSAY), embedder=model, cache=cache
    )
    pasted = give_feedback(
        notes, COLD_WAR_QUESTION, "\r\n".join(COLD_WAR_ESSAY), embedder=model, cache=cache
    )
    assert len(pasted.paragraphs) == len(COLD_WAR_ESSAY)
    assert [p.factor for p in pasted.paragraphs] == [p.factor for p in spaced.paragraphs]
    assert pasted.level is spaced.level is Level.L4
    wrapped = "\n".join(textwrap.wrap(COLD_WAR_ESSAY[1], 80))
    assert wrapped.count("\n") >= 3
    fb = give_feedback(notes, COLD_WAR_QUESTION, wrapped, embedder=model, cache=cache)
    assert [p.factor.factor if p.factor else None for p in fb.paragraphs] == ["The Marshall Plan"]


def test_a_verdict_may_weigh_two_sides_without_than() -> None:
    from notedeck.essay.reading import decides

    assert decides(
        "So White divisions explain why the Whites lost, but Red strengths explain why the "
        "Reds won, and I think the second is more important.",
        named=2,
    )
    assert not decides("Both sides mattered and the Reds won in the end.", named=2)
