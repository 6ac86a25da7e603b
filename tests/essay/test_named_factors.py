"""The factor a question names, found when the question words it differently from the notes,
and questions on what something changed answered from the notes on what followed it."""

from __future__ import annotations

from pathlib import Path

import pytest

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache
from notedeck.essay.plan import EssayPlan, Role, plan_essay
from notedeck.essay.question import analyse_question
from notedeck.essay.rank import followed_not_caused, is_aftermath
from notedeck.model import Notebook
from notedeck.notebook import load_notebook
from tests.helpers import write_notes

JAPAN = """# Japan turns to militarism 1928–1937

## Reasons for the rise of militarism in Japan 1928–1937

### Impact of the Great Depression

* Silk prices fell by half in 1930 and farm families in the north went hungry
* **S:** Poverty in the villages made army officers, many of them farmers' sons, despise the parties

### Assassinations and attempted coups

* Prime Minister Hamaguchi was shot at Tokyo station in 1930
* Prime Minister Inukai was killed by young naval officers on 15 May 1932
* The rising of 26 February 1936 killed ministers before it was put down
* **S:** Fear of being killed made politicians give way to the army

### The Manchurian Incident

* In September 1931 officers of the Kwantung Army blew up a stretch of railway near Mukden
* They blamed Chinese soldiers and seized the whole of Manchuria within months
* **S:** The army acted without the cabinet and was cheered at home for it

### Weakness of party government

* The parties were tied to big business and bribery scandals
* **S:** Voters lost faith that the Diet could solve the crisis
"""

CUBA = """# The Cuban Missile Crisis 1962

## Causes of the Cuban Missile Crisis

### The Bay of Pigs invasion

* In April 1961 Cuban exiles trained by the CIA landed and were defeated within three days
* **S:** Castro turned to Moscow for protection against another invasion

### Khrushchev's aims

* Khrushchev wanted to close the missile gap cheaply by placing missiles near the USA
* **S:** Missiles in Cuba would balance the American Jupiters in Turkey

## Consequences of the crisis 1962–1964

### The hotline

* A direct telex link between Washington and Moscow opened in August 1963
* **S:** The leaders could now speak at once in a crisis, so relations were safer

### The Partial Test Ban Treaty

* Signed in August 1963 by the USA, the USSR and Britain, it banned tests in the air and under water
* **S:** The first arms-control treaty showed the superpowers could agree

### The fall of Khrushchev

* The Presidium removed Khrushchev in October 1964, partly for backing down over Cuba
* **S:** His retreat weakened him at home
"""

NEW_DEAL = """# Opposition to the New Deal 1933–1941

## Opposition to the New Deal

### Business and the Republicans

* The Liberty League, founded in 1934 by business leaders, called the New Deal socialism
* **S:** Big business feared taxes and unions

### Critics who wanted more

* Senator Huey Long's Share Our Wealth clubs claimed 7 million members by 1935
* Father Coughlin attacked the banks in radio sermons heard by millions
* **S:** Radicals said the New Deal did too little for the poor

### The Supreme Court

* In 1935 the Court struck down the NRA in the Schechter case
* **S:** The Court said the federal government had gone beyond its powers
"""


MAO = """# Mao's China 1949–1976

## How Mao consolidated power 1949–1953

### Campaigns of terror

* The Campaign to Suppress Counter-revolutionaries began in 1950; perhaps a million were killed
* The Three-Antis and Five-Antis campaigns of 1951–52 frightened officials and businessmen
* Public trials and executions spread fear through every village
* **S:** Terror showed that opposing the new state meant death

### Land reform

* The Agrarian Reform Law of 1950 gave landlords' land to about 300 million peasants
* **S:** Peasants owed their land to the Party and backed it

## Reasons for the Cultural Revolution 1966–1976

### Fear of revisionism

* Mao feared in 1966 that the Party was going the way of Khrushchev's USSR
* **S:** He wanted to purge those he called capitalist roaders
"""


def _argued_sections(plan: EssayPlan) -> set[str]:
    """The sections the plan's main paragraphs argue from."""
    return {p.factor.section for p in plan.paragraphs if p.role is not Role.EXTRA}


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Notebook:
    root = write_notes(
        tmp_path_factory.mktemp("notes"),
        {"japan.md": JAPAN, "cuba.md": CUBA, "new-deal.md": NEW_DEAL, "mao.md": MAO},
    )
    return load_notebook(Path(root), cache_dir=False)


@pytest.mark.parametrize(
    ("question", "factor"),
    [
        (
            "How significant were political murders in the growth of military power in Japan "
            "in the years 1930–1936?",
            "Assassinations and attempted coups",
        ),
        (
            "To what extent did the army's takeover of Manchuria cause the growth of militarism "
            "in Japan in the 1930s?",
            "The Manchurian Incident",
        ),
        (  # the question names the evidence, not the factor
            "How significant was Huey Long's Share Our Wealth movement in the opposition to the "
            "New Deal?",
            "Critics who wanted more",
        ),
    ],
)
def test_a_paraphrased_stated_factor_is_found_and_argued_first(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache, question: str, factor: str
) -> None:
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.stated is not None, f"no stated factor found for {question!r}"
    assert plan.stated.factor == factor
    assert plan.paragraphs[0].role is Role.FOR and plan.paragraphs[0].factor == plan.stated


def test_a_stated_factor_is_looked_for_inside_the_time_bound(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """`Fear` names the terror of 1950–52 in a question on 1949–1953, not the Cultural
    Revolution's `Fear of revisionism`, whose title shares the word."""
    question = (
        "'Mao held on to power through fear rather than popularity.' How far do you agree with "
        "this view of the years 1949–1953?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.stated is not None
    assert plan.stated.factor == "Campaigns of terror"


def test_a_stated_factor_the_notes_lack_is_said_to_be_missing(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    question = (
        "How significant was the Emperor's personal support in the growth of militarism in Japan "
        "in the years 1928–1937?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.stated is None
    assert any("No factor in your notes matches" in gap for gap in plan.gaps)


def test_an_event_the_notes_lack_is_not_any_factor_that_names_its_person(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Huey Long's murder is not in the notes: the factor that names Long (for his clubs) is
    not the one the question asks about, and the plan says the notes lack it."""
    question = (
        "How significant was the assassination of Huey Long in the opposition to the New Deal?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.stated is None
    assert any("No factor in your notes matches" in gap for gap in plan.gaps)


def test_what_a_crisis_changed_is_answered_from_what_followed_it(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    question = (
        "In what ways did the Cuban Missile Crisis change relations between the superpowers "
        "in the years 1962–1964?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert _argued_sections(plan) == {"Consequences of the crisis 1962–1964"}
    assert {ref.factor for ref, _ in plan.ranked[:2]} <= {
        "The hotline",
        "The Partial Test Ban Treaty",
        "The fall of Khrushchev",
    }


@pytest.mark.parametrize(
    ("title", "followed"),
    [
        ("Terms of the Treaty", False),  # what the treaty said is why Germans were angry
        ("Consequences for Germany 1919–1923", True),
        ("Reactions to the Treaty 1919–1920", True),
        ("Reasons for the Red victory", False),
    ],
)
def test_sections_on_what_followed_are_told_from_the_rest(title: str, followed: bool) -> None:
    assert is_aftermath(title) is followed


RIGHTS = """# Civil rights in the USA 1954–1968

## Reasons for civil-rights progress 1954–1968

### Non-violent protest

* The Montgomery bus boycott of 1955–56 ended segregation on the city's buses
* **S:** Peaceful protest won sympathy across the country

### The federal government

* President Johnson signed the Civil Rights Act in July 1964
* **S:** Federal law forced the southern states to change

## Limits of progress by 1968

### Segregation in the North

* In 1966 Martin Luther King's Chicago campaign failed to open white neighbourhoods
* **S:** Laws against segregation in the South did nothing for ghettos in the North

### Riots and a white backlash

* The Watts riot in Los Angeles in August 1965 left 34 dead
* **S:** The riots turned many white voters against further reform
"""

APARTHEID = """# The end of apartheid 1976–1994

## Reasons for the end of apartheid 1976–1994

### International pressure and sanctions

* The US Congress passed sanctions against South Africa in 1986
* **S:** Sanctions hurt the economy and isolated the government

### Internal resistance

* The United Democratic Front, formed in 1983, organised boycotts and strikes
* **S:** Protest made the townships ungovernable
"""


@pytest.fixture(scope="module")
def two_topics(tmp_path_factory: pytest.TempPathFactory) -> Notebook:
    root = write_notes(
        tmp_path_factory.mktemp("more"), {"rights.md": RIGHTS, "apartheid.md": APARTHEID}
    )
    return load_notebook(Path(root), cache_dir=False)


def test_why_something_fell_short_is_answered_from_its_limits(
    two_topics: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    question = (
        "Why did the civil-rights movement make less progress in the years 1965–1968 than it "
        "had earlier in the decade?"
    )
    plan = plan_essay(two_topics, question, embedder=model, cache=cache)
    assert "Limits of progress by 1968" in _argued_sections(plan)


def test_a_stated_person_the_notes_never_name_does_not_hide_the_topic(
    two_topics: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    question = (
        "How significant was the role of the churches, including Archbishop Desmond Tutu, in "
        "bringing apartheid to an end?"
    )
    plan = plan_essay(two_topics, question, embedder=model, cache=cache)
    assert plan.planned and plan.stated is None
    assert {p.factor.page for p in plan.paragraphs} == {"apartheid.md"}


def test_a_stated_factor_is_found_outside_the_bound_when_nothing_inside_matches(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The question names the Depression; its notes are dated 1930, after "by 1929": it is
    still the factor the question names, not a missing one."""
    question = (
        "How significant was the Great Depression in the growth of militarism in Japan by 1929?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.stated is not None
    assert plan.stated.factor == "Impact of the Great Depression"


def test_a_stated_factor_found_only_outside_the_bound_does_not_make_a_plan(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Nothing in the notes is dated 1950–1955: naming the Manchurian Incident of 1931 does not
    make the other topics' factors a plan for it."""
    question = (
        "How significant was the Manchurian Incident in Japanese politics in the years 1950–1955?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert not [p for p in plan.paragraphs if p.role is not Role.EXTRA]
    assert plan.gaps and "no plan to make" in plan.gaps[0]


WW1 = """# The causes of the First World War

## Long-term causes

### The alliance system

* The Triple Alliance of 1882 bound Germany, Austria-Hungary and Italy
* The Triple Entente of 1907 joined Britain, France and Russia
* **S:** A quarrel between two powers could drag in all six

### Imperialism

* Germany wanted colonies in Africa and clashed with France over Morocco in 1905 and 1911
* **S:** Rivalry for empire made the powers suspicious of each other

## The July Crisis 1914

### The blank cheque

* On 5–6 July 1914 Germany promised Austria-Hungary unconditional support against Serbia
* **S:** Austria-Hungary felt free to take a hard line, sure that Germany would stand by it

### The Austrian ultimatum

* Austria-Hungary sent Serbia ten demands on 23 July, written to be refused
* **S:** Austria-Hungary wanted a war with Serbia, not a settlement

### Mobilisation

* Russia ordered general mobilisation on 30 July to protect Serbia
* Germany declared war on Russia on 1 August and on France on 3 August
* **S:** Once armies moved, the war plans took over from the diplomats
"""


def test_a_factor_named_by_its_evidence_in_other_words_is_found(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """`Berlin's promise of unconditional support to Vienna` is the blank cheque: no title says
    it, but one factor's evidence holds most of its words and no other's comes near."""
    notebook = load_notebook(write_notes(tmp_path, {"ww1.md": WW1}), cache_dir=False)
    question = (
        "How important was Berlin's promise of unconditional support to Vienna in turning the "
        "July Crisis into a European war?"
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.stated is not None and plan.stated.factor == "The blank cheque"


def test_how_power_was_held_steps_back_from_how_it_was_won() -> None:
    """A section on how power was seized answers a question on how it was kept no better
    than one on its consequences would; one asking both keeps both."""
    seizure = "Reasons for the Bolshevik seizure of power (October 1917)"
    held = analyse_question("How did Lenin's regime entrench itself in the years 1917–1918?")
    assert followed_not_caused(held, seizure)
    assert not followed_not_caused(held, "How the Bolsheviks consolidated power 1917–1918")
    both = analyse_question(
        "Explain why the Bolsheviks were able to take and hold on to power in 1917–1921."
    )
    assert not followed_not_caused(both, seizure)


def test_a_question_in_other_words_is_planned_from_the_one_theme_that_stands_out(
    model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """`rivals rather than partners` shares no word with `the breakdown of the wartime
    alliance`, and the model scores it low; but no other theme comes near, so the notes do
    answer it."""
    notebook = load_notebook(
        Path(__file__).resolve().parents[1] / "fixtures" / "essay-eval" / "notebook",
        cache_dir=False,
    )
    question = (
        "Explain why the Big Three had become rivals rather than partners by the end of 1946."
    )
    plan = plan_essay(notebook, question, embedder=model, cache=cache)
    assert plan.message is None
    assert _argued_sections(plan) == {"Reasons for the breakdown of the wartime alliance 1945-1946"}
