"""Feedback on essays of known quality, written for the example notebook."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, load_embedder
from notedeck.essay.feedback import Feedback, Level, give_feedback
from notedeck.model import Notebook
from notedeck.notebook import load_notebook
from tests.helpers import FIXTURES, write_notes

ESSAYS = FIXTURES / "essays"
STALIN = {
    "Power of the General Secretary",
    "Shifting alliances on the Left and the Right",
    '"Socialism in One Country"',
}


@pytest.fixture(scope="module")
def notebook() -> Notebook:
    return load_notebook(cache_dir=False)


def _read(
    name: str, notebook: Notebook, embedder: object, cache: EmbeddingCache | None
) -> Feedback:
    text = (ESSAYS / name).read_text(encoding="utf-8")
    question = text.splitlines()[0].lstrip("# ")  # each essay opens with its question
    return give_feedback(notebook, question, text, embedder=embedder, cache=cache)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("stalin_explain_l1.md", Level.L1),
        ("stalin_explain_l2.md", Level.L2),
        ("stalin_explain_l3.md", Level.L3),
        ("hitler_how_far_l4.md", Level.L4),
    ],
)
def test_levels(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache, name: str, level: Level
) -> None:
    assert _read(name, notebook, model, cache).level is level


def test_a_good_explain_essay_uses_every_factor_but_reaches_no_judgement(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    fb = _read("stalin_explain_l3.md", notebook, model, cache)
    assert {f.factor for f in fb.factors_used} == STALIN and fb.factors_missed == ()
    assert [p.linked for p in fb.paragraphs] == [True, True, True]
    assert any("Lenin Enrolment" in e for e in fb.evidence_used)
    assert not fb.judgement
    assert fb.advice[-1].startswith("Finish with a judgement")


def test_date_conflicts_match_the_event_not_just_the_year(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    fb = _read("stalin_explain_l3.md", notebook, model, cache)
    assert [(c.essay_year, c.notes_year) for c in fb.date_conflicts] == [(1924, 1922)]
    conflict = fb.date_conflicts[0]
    assert conflict.notes.startswith("Stalin became General Secretary in April 1922")
    assert conflict.page == "ussr-power-struggle.md"
    assert fb.advice[0].startswith("You wrote 1924")
    # The other essays give their years as the notes do (two years in one sentence included).
    for name in ("stalin_explain_l2.md", "hitler_how_far_l4.md"):
        assert _read(name, notebook, model, cache).date_conflicts == ()


def test_missing_links_and_missed_factors_are_named(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    fb = _read("stalin_explain_l2.md", notebook, model, cache)
    assert [p.factor.factor if p.factor else None for p in fb.paragraphs] == [
        "Power of the General Secretary",
        "Shifting alliances on the Left and the Right",
        None,
    ]
    assert not any(p.linked for p in fb.paragraphs)
    assert [f.factor for f in fb.factors_missed] == ['"Socialism in One Country"']
    assert any("Paragraph 1 (Power of the General Secretary) does not end" in a for a in fb.advice)
    assert any('Add a paragraph on "Socialism in One Country"' in a for a in fb.advice)


def test_a_supported_judgement_on_both_sides(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    fb = _read("hitler_how_far_l4.md", notebook, model, cache)
    assert fb.judgement
    assert fb.factors_used[0].factor == "Impact of the Great Depression"
    assert len(fb.factors_used) == 4 and fb.factors_missed == ()
    assert fb.paragraphs[-1].factor is None and fb.paragraphs[-1].linked  # the conclusion
    assert len(fb.evidence_used) >= 8


def test_to_dict_is_the_json_contract(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    data = _read("stalin_explain_l3.md", notebook, model, cache).to_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "level", "factors_used", "factors_missed", "evidence_used", "paragraphs",
        "date_conflicts", "judgement", "reasons", "advice",
    ]  # fmt: skip
    assert data["level"] == "L3"
    assert list(data["paragraphs"][0]) == ["factor", "linked", "part", "evidence"]
    assert list(data["factors_used"][0]) == ["page", "section", "factor"]


def test_feedback_without_the_model_reads_the_same(notebook: Notebook, tmp_path: Path) -> None:
    missing = load_embedder(model_path=tmp_path / "missing.onnx")
    for name, level in (("stalin_explain_l3.md", Level.L3), ("hitler_how_far_l4.md", Level.L4)):
        fb = _read(name, notebook, missing, None)
        assert fb.level is level and fb.warnings


def test_an_essay_on_a_question_the_notes_cannot_answer(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    fb = give_feedback(
        notebook,
        "Explain why the Roman Empire collapsed.",
        "Rome fell because of barbarian invasions and economic decline in the fifth century.",
        embedder=model,
        cache=cache,
    )
    assert fb.level is Level.L1 and fb.factors_used == ()
    assert "do not cover" in fb.advice[0]


def test_an_essay_under_a_hundred_words_scores_level_one_at_most(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The L4 essay cut to its first sentences still names factors and evidence: L1 now."""
    text = (ESSAYS / "hitler_how_far_l4.md").read_text(encoding="utf-8")
    question = text.splitlines()[0].lstrip("# ")
    full = give_feedback(notebook, question, text, embedder=model, cache=cache)
    short = " ".join(text.split()[:60])
    cut = give_feedback(notebook, question, short, embedder=model, cache=cache)
    assert full.level is Level.L4
    assert cut.level is Level.L1
    assert "too short" in cut.advice[0]


def test_an_essay_answering_from_the_wrong_period_scores_level_one(
    model: EmbedderLoad, cache: EmbeddingCache, tmp_path: Path
) -> None:
    """Asked why Stalin led by 1929, it argues the Terror of the 1930s: that counts against it."""
    seeds = sorted((FIXTURES.parents[1].parent / "shared" / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("the seed page is not available (../shared/seeds)")
    root = tmp_path / "notes"
    root.mkdir()
    (root / "stalin-rise.md").write_bytes(seeds[0].read_bytes())
    later = FIXTURES / "essay-eval" / "notebook" / "stalin-1930s.md"
    (root / "stalin-1930s.md").write_bytes(later.read_bytes())
    notebook = load_notebook(root, cache_dir=False)
    essay = "\n\n".join(
        [
            "Stalin became leader because of the purges and show trials. In August 1936 "
            "Zinoviev and Kamenev were put on trial in Moscow, and in March 1938 Bukharin and "
            "Rykov were tried and shot, so the old Bolsheviks who could challenge him were gone.",
            "The NKVD and the Great Terror also made him leader. Yezhov ran the NKVD from "
            "September 1936, and in July 1937 Order 00447 set quotas of arrests; about 680,000 "
            "people were shot in 1937–1938, so nobody dared to oppose Stalin.",
            "The cult of personality helped too. In 1938 the Short Course made Stalin Lenin's "
            "closest comrade, and towns and factories were named after him, so people saw him "
            "as a wise father who could do no wrong.",
            "Overall the Terror was the most important reason, because it removed every rival "
            "and frightened the whole country into obeying Stalin as leader of the USSR.",
        ]
    )
    question = "Explain why Stalin was able to become the leader of the USSR by 1929."
    fb = give_feedback(notebook, question, essay, embedder=model, cache=cache)
    assert fb.level is Level.L1
    assert "dated outside by 1929" in fb.advice[0]


def test_the_month_a_question_names_rules_out_later_that_year(
    model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Asked why the Tsar fell in February 1917, it argues how the Bolsheviks took power in
    October: the year is the same, the months are after (a dev-e essay, e6-s13)."""
    notebook = load_notebook(FIXTURES / "essay-eval" / "notebook", cache_dir=False)
    essay = (FIXTURES / "essay-eval" / "dev-e" / "essays" / "e6-s13.md").read_text()
    question = (
        "Was hunger or defeat in war more important in bringing down the Tsar in February 1917?"
    )
    fb = give_feedback(notebook, question, essay, embedder=model, cache=cache)
    assert fb.level is Level.L1
    assert "dated outside by February 1917" in fb.advice[0]


def test_an_essay_on_another_topic_of_the_notes_scores_level_one(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Asked why Stalin won the leadership, it argues how Mussolini rose: each paragraph is
    matched to that other page's factor, and they count against the essay."""
    essay = "\n\n".join(
        [
            "The squadristi attacked socialist offices and unions from 1920, and Balbo's squads "
            "broke the general strike of August 1922, so the Fascists became the strongest "
            "force on the streets and the leader could not be ignored.",
            "Fear of socialism after the Biennio Rosso of 1919–1920, when half a million "
            "workers occupied the factories, drove industrialists and landowners to pay for "
            "the Fascists, which gave the leader money and respectability.",
            "The anger over the 'mutilated victory' and D'Annunzio's seizure of Fiume in 1919 "
            "made the liberal state look feeble, which drew ex-soldiers to the leader.",
            "Overall violence was the most important reason, because without the squads fear "
            "of socialism and national anger would not have been enough.",
        ]
    )
    question = "Explain why Stalin won the leadership struggle by 1929."
    fb = give_feedback(notebook, question, essay, embedder=model, cache=cache)
    assert {p.factor.page for p in fb.paragraphs[:3] if p.factor} == {"mussolini-italy.md"}
    assert fb.level is Level.L1
    assert "another topic" in fb.reasons[-1]


def test_levels_are_explained_and_a_wrong_date_caps_them(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The level-4 essay with one date changed is level 3, and the reasons say why."""
    text = (ESSAYS / "hitler_how_far_l4.md").read_text(encoding="utf-8")
    question = text.splitlines()[0].lstrip("# ")
    full = give_feedback(notebook, question, text, embedder=model, cache=cache)
    assert full.level is Level.L4
    assert [r.split(":")[0] for r in full.reasons] == [
        "Range", "Links", "Balance", "Judgement", "Accuracy",
    ]  # fmt: skip
    assert full.reasons[-1] == "Accuracy: no date disagrees with your notes."
    wrong = text.replace("1929", "1926", 1)
    assert wrong != text
    fb = give_feedback(notebook, question, wrong, embedder=model, cache=cache)
    assert fb.date_conflicts
    assert fb.level is Level.L3
    assert fb.reasons[-1].startswith("Accuracy: 1 date(s) disagree")


def test_many_wrong_dates_keep_an_essay_at_level_2(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Every year two years late: the order still holds, but that much inaccuracy is what a
    mark scheme calls significant."""
    text = (ESSAYS / "hitler_how_far_l4.md").read_text(encoding="utf-8")
    question = text.splitlines()[0].lstrip("# ")
    body = "\n".join(text.splitlines()[1:])
    for year in ("1933", "1932", "1929", "1928"):
        body = body.replace(year, str(int(year) + 2))
    fb = give_feedback(notebook, question, body, embedder=model, cache=cache)
    assert len(fb.date_conflicts) >= 5
    assert fb.level is Level.L2
    assert "level 2 at most" in fb.reasons[-1]


def test_wrong_dates_are_caught_inside_long_sentences_with_other_dates(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Each year is read with its own words: a right date beside a wrong one in one sentence
    neither hides the wrong one nor is blamed for it."""
    essay = (
        "The Depression was the most important reason. After Joseph Goebbels took over Nazi "
        "propaganda in 1926 and used posters, rallies, film and radio on a scale no other party "
        "matched, and after Brüning became Chancellor in 1930 and cut wages and benefits, "
        "unemployment climbed to over 6 million by early 1932."
    )
    question = "Explain why Hitler rose to power by 1933."
    fb = give_feedback(notebook, question, essay, embedder=model, cache=cache)
    assert [(c.essay_year, c.notes_year) for c in fb.date_conflicts] == [(1926, 1930)]


def test_a_link_may_come_just_before_a_closing_detail(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Students often tie the point to the question, then add one last detail."""
    paragraph = (
        "As General Secretary from April 1922 Stalin controlled appointments in the party. "
        "This meant the delegates who chose the leader of the party owed their jobs to Stalin. "
        "The Secretariat kept files on every official."
    )
    question = "Explain why Stalin won the leadership struggle by 1929."
    fb = give_feedback(notebook, question, paragraph, embedder=model, cache=cache)
    assert fb.paragraphs[0].factor is not None
    assert fb.paragraphs[0].factor.factor == "Power of the General Secretary"
    assert fb.paragraphs[0].linked


NAZI_RISE = """# The Nazi rise to power 1928–1933

## Reasons for the Nazi rise to power 1928–1933

### Political intrigue

* Papen persuaded Hindenburg, and Hitler became Chancellor on 30 January 1933
* **S:** Hitler was let into power by a deal, not a majority
"""

NAZI_RULE = """# How Hitler consolidated power 1933–1934

## How Hitler consolidated power 1933–1934

### Death of Hindenburg

* Hindenburg died on 2 August 1934 and Hitler merged the posts of President and Chancellor
* The army swore an oath to Hitler in August 1934
* **S:** With the army's oath Hitler's power had no legal limit

### The Enabling Act

* Passed on 23 March 1933, it let Hitler make laws without the Reichstag for four years
* **S:** The Reichstag voted away its own power
"""


def test_a_date_the_notes_give_on_another_page_is_not_called_wrong(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    notes = load_notebook(
        write_notes(tmp_path, {"rise.md": NAZI_RISE, "rule.md": NAZI_RULE}), cache_dir=False
    )
    essay = (
        "On 30 January 1933 Hindenburg and Papen made Hitler Chancellor, hoping to control him."
        "\n\n"
        "The Enabling Act was passed on 23 March 1933 and let Hitler make laws without the "
        "Reichstag, so the Reichstag gave away its own power.\n\n"
        "Hindenburg died on 2 August 1934, and Hitler made himself President and Chancellor, "
        "so nothing was left to stop him."
    )
    question = "How did Hitler consolidate his power in the years 1933–1934?"
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert fb.date_conflicts == ()
    wrong = essay.replace("23 March 1933", "23 March 1935")
    fb = give_feedback(notes, question, wrong, embedder=model, cache=cache)
    assert [(c.essay_year, c.notes_year) for c in fb.date_conflicts] == [(1935, 1933)]


def test_a_paragraph_that_ends_on_the_claim_it_weighs_answers_the_question(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    notes = load_notebook(write_notes(tmp_path, {"rule.md": NAZI_RULE}), cache_dir=False)
    question = "'The army's oath was the key to Hitler's power by 1934.' How far do you agree?"
    essay = (
        "Hindenburg died on 2 August 1934. Soon after, in August 1934, the army swore an oath "
        "of loyalty. This meant the army's oath removed the last force that could have stopped "
        "the new regime."
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert [p.linked for p in fb.paragraphs] == [True]


def test_an_essay_on_two_factors_stops_at_level_three_and_says_why(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    notes = load_notebook(write_notes(tmp_path, {"rule.md": NAZI_RULE}), cache_dir=False)
    question = (
        "'The Enabling Act was the main reason Hitler held full power by 1934.' "
        "How far do you agree?"
    )
    essay = "\n\n".join(
        [
            "The Enabling Act was important, but the death of Hindenburg mattered more.",
            "The Enabling Act was passed on 23 March 1933. It let Hitler make laws without the "
            "Reichstag for four years. This meant Hitler held power without any vote, so the "
            "Reichstag gave away its own power.",
            "Hindenburg died on 2 August 1934 and Hitler merged the posts of President and "
            "Chancellor. The army swore an oath to Hitler in August 1934. This meant nothing "
            "was left to limit Hitler's power, so his power was complete.",
            "In conclusion, the death of Hindenburg was the most important reason, because the "
            "army's oath removed the last check on Hitler's power, which the Enabling Act alone "
            "had not done.",
        ]
        * 2
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert fb.level is Level.L3
    assert "level 4 weighs at least three" in fb.reasons[0]


FAMINE = """# Mao's China

## Why the Great Famine happened 1959–1961

### Backyard furnaces

* From 1958 peasants melted pots and tools in backyard furnaces to make steel
* The harvest of 1958 rotted because the men were at the furnaces
* **S: The furnaces took labour from the fields just when the harvest was needed.**

### Unrealistic targets

* In 1958 local officials reported record harvests they had never grown
* The state took grain by those figures, leaving villages nothing to eat
* **S: False figures meant the state took the grain the peasants needed.**

### Natural disasters

* Droughts and floods hit large parts of China in 1959 and 1960
* **S: Bad weather made a crisis worse, but it did not start it.**
"""


def test_causes_just_before_the_years_asked_are_on_the_question(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The famine of 1959–1961 was caused by what was done in 1958: an essay arguing the
    furnaces and false targets answers the question, and is not told it is off the period."""
    notes = load_notebook(write_notes(tmp_path, {"china.md": FAMINE}), cache_dir=False)
    question = "To what extent was the weather to blame for the famine in China in 1959–1961?"
    essay = "\n\n".join(
        [
            "The famine of 1959–1961 killed millions. The weather played a part, but Mao's "
            "policies mattered more.",
            "Droughts and floods hit large parts of China in 1959 and 1960. This made the "
            "famine worse, so the weather was partly to blame.",
            "But from 1958 peasants melted pots and tools in backyard furnaces, and the harvest "
            "of 1958 rotted in the fields. This meant there was less food, so the furnaces "
            "were more to blame for the famine than the weather.",
            "In 1958 officials reported record harvests and the state took grain by those "
            "figures, leaving villages nothing. This meant peasants starved, so false targets "
            "were more to blame for the famine than the weather.",
            "In conclusion, the weather was less to blame than Mao's policies, because the "
            "furnaces and false targets had already emptied the villages before the droughts.",
        ]
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert not any("outside" in r or "another topic" in r for r in fb.reasons), fb.reasons
    assert fb.level in (Level.L3, Level.L4)


COLLECTIVISATION = """# Stalin and the peasants

## Reasons for collectivisation

### The grain procurement crisis

* In the winter of 1927–28 peasants held back grain because state prices were too low
* **S:** Without grain for the towns and for export, the Five-Year Plan could not go ahead

### Ideology and hatred of the kulaks

* Communists saw the richer peasants, the kulaks, as capitalists in the countryside
* **S:** Private farming had no place in a socialist state, so it had to end

## Consequences of collectivisation

### Destruction of the kulaks

* Kulaks were shot, deported to Siberia or sent to the camps from early 1930
* **S:** The most skilled farmers were lost to the countryside

### Famine of 1932–33

* Millions died in Ukraine and Kazakhstan while grain was still exported
* **S:** The famine was the cost of taking grain by force

### Fall in livestock and grain output

* Peasants slaughtered their animals rather than hand them over to the farms
* **S:** Output fell for years, so the towns were short of food
"""


def test_an_essay_arguing_what_followed_for_a_why_question_answers_another_question(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    notebook = load_notebook(
        write_notes(tmp_path, {"stalin.md": COLLECTIVISATION}), cache_dir=False
    )
    essay = "\n\n".join(
        [
            "Collectivisation had terrible effects on the Soviet countryside, and these show why "
            "it mattered so much to Stalin's rule.",
            "The first effect was the destruction of the kulaks. From early 1930 kulaks were "
            "shot, deported to Siberia or sent to the camps, so the most skilled farmers were "
            "lost to the countryside and the farms suffered.",
            "The second effect was the famine of 1932–33. Millions died in Ukraine and Kazakhstan "
            "while grain was still exported, so the famine was the cost of taking grain by force.",
            "The third effect was a fall in output. Peasants slaughtered their animals rather "
            "than hand them over, so output fell for years and the towns were short of food.",
            "In conclusion, collectivisation was a disaster for the peasants and for farming.",
        ]
    )
    fb = give_feedback(
        notebook, "Why did Stalin collectivise agriculture?", essay, embedder=model, cache=cache
    )
    assert fb.level is Level.L1
    assert any("on what followed" in r for r in fb.reasons)


def test_a_judgement_asserted_in_a_line_keeps_a_good_essay_at_level_3(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Level 4 sustains its judgement: the same essay ending on one short verdict is level 3,
    and the reason says how long the conclusion was."""
    text = (ESSAYS / "hitler_how_far_l4.md").read_text(encoding="utf-8")
    question = text.splitlines()[0].lstrip("# ")
    body = text.rsplit("\n\n", 1)[0]
    short = body + "\n\nOverall, the Depression was the main reason, because it made the Nazis big."
    fb = give_feedback(notebook, question, short, embedder=model, cache=cache)
    assert fb.level is Level.L3
    assert any("but in 13 words" in r for r in fb.reasons)


def test_a_story_of_events_that_never_explains_stays_at_level_two(
    notebook: Notebook, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Each paragraph ends on the question ("so he was able to rise to power"), but none says
    what anything led to or why it mattered, and nothing concludes: narrative, level 2."""
    fb = _read("stalin_explain_narrative_l2.md", notebook, model, cache)
    assert [p.linked for p in fb.paragraphs] == [True, True, True]
    assert fb.level is Level.L2
    assert any(r.startswith("Explanation:") for r in fb.reasons)
    explained = _read("stalin_explain_l3.md", notebook, model, cache)
    assert not any(r.startswith("Explanation:") for r in explained.reasons)
