"""The mark scheme over a read essay: both sides of a comparison, the question's own factor
whatever its dates, and factors that count only once developed with evidence."""

from __future__ import annotations

from pathlib import Path

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache
from notedeck.essay.feedback import Level, give_feedback
from notedeck.notebook import load_notebook
from tests.essay.test_dates import COLD_WAR, COLD_WAR_ESSAY, COLD_WAR_QUESTION
from tests.essay.test_reading import CIVIL_RIGHTS, CIVIL_RIGHTS_QUESTION, TELEVISION
from tests.helpers import write_notes

KING = (
    "King's leadership also mattered. He led the Montgomery Bus Boycott from December 1955 "
    'and gave his "I Have a Dream" speech at the March on Washington in August 1963. This '
    "meant white Americans saw a peaceful, Christian movement, so it won national support "
    "for civil rights too."
)
VERDICT = (
    "In conclusion, television did more than Martin Luther King to win national support, "
    "because people only saw King's marches and speeches on television."
)

TSAR = """# The fall of the Tsar

## Why the Tsarist regime collapsed 1914–1917

### Impact of the First World War

* Russia was defeated at Tannenberg in **August 1914**
* Nicholas II took personal command of the army in **September 1915**
* The Brusilov Offensive failed in **1916** with a million casualties
* **S: The war discredited the Tsar and turned the army against him.**

### Economic problems

* Food shortages and inflation in Petrograd by **1916**
* Bread queues and strikes in Petrograd in **February 1917**
* **S: Hunger turned the workers of Petrograd against the regime.**

### Weakness of Nicholas II

* Dissolved the Duma again and again after **1906**
* Refused to share power with the Progressive Bloc in **1915**
* **S: Nicholas's refusal to reform left no one willing to defend him.**
"""


def test_a_comparison_that_argues_one_side_stays_at_level_two(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Television in three paragraphs and King dismissed in the verdict: the comparison the
    question asks for is never made. A paragraph on King makes it."""
    notes = load_notebook(write_notes(tmp_path, {"usa.md": CIVIL_RIGHTS}), cache_dir=False)
    one_side = "\n\n".join([*TELEVISION, VERDICT])
    fb = give_feedback(notes, CIVIL_RIGHTS_QUESTION, one_side, embedder=model, cache=cache)
    assert fb.level is Level.L2
    balance = next(r for r in fb.reasons if r.startswith("Balance:"))
    assert "compare" in balance and "only one side" in balance
    both = "\n\n".join([*TELEVISION, KING, VERDICT])
    fb = give_feedback(notes, CIVIL_RIGHTS_QUESTION, both, embedder=model, cache=cache)
    assert fb.level in (Level.L3, Level.L4)
    assert any(r.startswith("Balance:") and "against each other" in r for r in fb.reasons)


def test_the_factor_the_question_names_counts_whatever_its_dates(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Asked whether the war caused the fall "in February 1917", the war's evidence is dated
    1914–1916: it is the question's subject, not an answer from another period."""
    notes = load_notebook(write_notes(tmp_path, {"tsar.md": TSAR}), cache_dir=False)
    question = (
        "To what extent was the First World War responsible for the fall of Nicholas II in "
        "February 1917?"
    )
    essay = "\n\n".join(
        [
            "The First World War was the most important reason for the fall of Nicholas II. "
            "Russia was defeated at Tannenberg in August 1914, and Nicholas took personal "
            "command of the army in September 1915, so every later defeat was blamed on him. "
            "The Brusilov Offensive failed in 1916 with a million casualties. This meant the "
            "war turned the army against the Tsar, which explains the fall of Nicholas II.",
            "The war also caused economic problems. There were food shortages and inflation in "
            "Petrograd by 1916, and in February 1917 bread queues turned into strikes. This "
            "meant hungry workers turned against the regime, so the fall of Nicholas II came "
            "from Petrograd.",
            "However, Nicholas was also weak. He dissolved the Duma again and again after 1906 "
            "and refused to share power with the Progressive Bloc in 1915. This meant nobody "
            "was willing to defend him, so the fall of Nicholas II was partly his own fault.",
            "In conclusion, the war was the most important reason for the fall of Nicholas II, "
            "because it caused the defeats and the hunger, and without it his weakness would "
            "not have been fatal.",
        ]
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert fb.factors_used[0].factor == "Impact of the First World War"
    assert "Balance: you weigh Impact of the First World War against other factors." in fb.reasons
    assert fb.level in (Level.L3, Level.L4)
    assert not any("different question" in r for r in fb.reasons)


def test_a_factor_named_without_its_evidence_is_not_counted(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """A paragraph that names the federal government and cites none of the notes on it is
    shown as that factor, but the range counts only the factors developed with evidence."""
    notes = load_notebook(write_notes(tmp_path, {"usa.md": CIVIL_RIGHTS}), cache_dir=False)
    federal = (
        "The role of the federal government also helped the movement, because politicians in "
        "Washington said they supported civil rights, so national support grew."
    )
    essay = "\n\n".join([*TELEVISION[:3], KING, federal, VERDICT])
    fb = give_feedback(notes, CIVIL_RIGHTS_QUESTION, essay, embedder=model, cache=cache)
    assert "Role of the federal government" in [f.factor for f in fb.factors_used]
    federal_paragraph = next(p for p in fb.paragraphs if p.text.startswith("The role of the"))
    assert federal_paragraph.evidence == ()
    assert fb.reasons[0].startswith("Range: you argue 2 factor(s)")


def test_an_essay_that_develops_one_factor_stays_at_level_two(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Three detailed paragraphs on television and a verdict: one factor, however well
    developed, is not the range an explain question asks for."""
    notes = load_notebook(write_notes(tmp_path, {"usa.md": CIVIL_RIGHTS}), cache_dir=False)
    question = "Explain why the civil rights movement won national support in the years 1955–1965."
    essay = "\n\n".join(
        [
            *TELEVISION[1:3],
            "Television also mattered in 1960, when about 90% of American homes had a "
            "television set. This meant every family could see the civil rights movement for "
            "themselves, so national support grew.",
            "In conclusion, television was the most important reason, because it showed the "
            "whole nation the violence of segregation in the South.",
        ]
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert [f.factor for f in fb.factors_used] == ["Role of television and the media"]
    assert fb.level is Level.L2
    assert fb.reasons[0].startswith("Range: you argue 1 factor(s)")
    assert "level 4 weighs at least three" in fb.reasons[0]


def test_level_four_develops_three_factors_with_two_pieces_of_evidence_each(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The level-4 essay with its NATO paragraph cut to one piece of evidence is level 3:
    a rushed third factor does not make the range the top level asks for."""
    notes = load_notebook(write_notes(tmp_path, {"cold-war.md": COLD_WAR}), cache_dir=False)
    full = "\n\n".join(COLD_WAR_ESSAY)
    fb = give_feedback(notes, COLD_WAR_QUESTION, full, embedder=model, cache=cache)
    assert fb.level is Level.L4
    rushed = full.replace(
        " Under Article 5 they agreed that an attack on one was an attack on all.", ""
    )
    assert rushed != full
    fb = give_feedback(notes, COLD_WAR_QUESTION, rushed, embedder=model, cache=cache)
    assert len(fb.factors_used) == 3
    assert fb.level is Level.L3
    assert "only 2 of them with 2 pieces or more" in fb.reasons[0]


RISE = """# The Nazi rise to power 1929–1933

## Why the Nazis came to power 1929–1933

### Impact of the Great Depression

* The Wall Street Crash in **October 1929** ended American loans to Germany
* Unemployment in Germany passed 6 million by **1932**
* **S: Mass unemployment made voters turn to extremes.**

### Propaganda

* Goebbels ran Nazi propaganda from **1930** with posters, rallies and film
* In the **1932** presidential election Hitler flew from city to city to speak
* **S: Propaganda turned despair into Nazi votes.**

### Political intrigue

* Papen met Hitler in Cologne on **4 January 1933**
* Hindenburg appointed Hitler Chancellor on **30 January 1933**
* **S: A deal among conservatives put Hitler in power.**
"""

RULE = """# How Hitler consolidated power 1933–1934

## How Hitler consolidated power 1933–1934

### The Night of the Long Knives

* On **30 June 1934** the SS killed Röhm and other SA leaders
* About 200 people were murdered, including the former Chancellor Schleicher, in **1934**
* **S: The purge removed the SA as a rival and won the army's support.**
"""


def test_a_paragraph_from_another_period_does_not_count_and_the_student_is_told(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Three paragraphs on why the Nazis came to power and one on the purge of 1934: the
    purge answers another question. It adds nothing, and a reason says which paragraph."""
    notes = load_notebook(
        write_notes(tmp_path, {"rise.md": RISE, "rule.md": RULE}), cache_dir=False
    )
    question = "Explain why the Nazis were able to come to power by January 1933."
    essay = "\n\n".join(
        [
            "The Depression was the key. The Wall Street Crash in October 1929 ended American "
            "loans, and unemployment in Germany passed 6 million by 1932. This meant voters "
            "turned to extremes, so the Nazis were able to come to power.",
            "Propaganda also helped. Goebbels ran Nazi propaganda from 1930 with posters and "
            "rallies, and in the 1932 presidential election Hitler flew from city to city to "
            "speak. This meant despair became Nazi votes, so the Nazis came to power.",
            "Finally, intrigue put Hitler in office. Papen met Hitler in Cologne on 4 January "
            "1933, and Hindenburg appointed Hitler Chancellor on 30 January 1933. This shows "
            "that a deal let the Nazis come to power.",
            "The Night of the Long Knives also mattered. On 30 June 1934 the SS killed Röhm and "
            "other SA leaders, and about 200 people were murdered, including Schleicher. This "
            "meant the Nazis had no rivals left.",
        ]
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert fb.paragraphs[3].factor is not None
    assert fb.paragraphs[3].factor.factor == "The Night of the Long Knives"
    assert fb.level is Level.L3
    assert fb.reasons[0].startswith("Range: you argue 3 factor(s)")
    relevance = next(r for r in fb.reasons if r.startswith("Relevance:"))
    assert "paragraph(s) 4 " in relevance and "do not count" in relevance


def test_paragraphs_that_open_with_dates_tell_a_story_and_stay_at_level_two(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Events told in date order ("In May 1963…"), half the paragraphs never drawing a point
    from them, are a narrative: level 2 at most, and the reasons say why. The same paragraphs
    opened with a point, or each ending on the question, argue."""
    notes = load_notebook(write_notes(tmp_path, {"usa.md": CIVIL_RIGHTS}), cache_dir=False)
    question = "Explain why the civil rights movement won national support in the years 1955–1965."
    story = [
        "In 1955 Jet magazine printed photographs of Emmett Till's open coffin, and by 1960 "
        "about 90% of American homes had a television.",
        "In December 1955 King led the Montgomery Bus Boycott, and in August 1963 he gave his "
        '"I Have a Dream" speech at the March on Washington.',
        "In May 1963 Bull Connor used dogs and fire hoses on children in Birmingham, and the "
        "pictures were shown across the nation.",
        "In July 1964 Congress passed the Civil Rights Act, and the Voting Rights Act followed "
        "in August 1965 after the marches at Selma.",
    ]
    links = [
        " This meant people saw the South for themselves, so national support grew.",
        " This meant white Americans saw a peaceful movement, so national support grew.",
        " This shows that television made segregation look brutal, so national support grew.",
        " This meant the federal government stood behind the movement, so support grew.",
    ]
    told = [
        text + (link if n % 2 == 0 else "")
        for n, (text, link) in enumerate(zip(story, links, strict=True))
    ]
    fb = give_feedback(notes, question, "\n\n".join(told), embedder=model, cache=cache)
    assert fb.level is Level.L2
    narrative = next(r for r in fb.reasons if r.startswith("Narrative:"))
    assert "4 of your 4 paragraphs open with a date and only 2 end by answering" in narrative
    points = ["Television mattered first. ", "King's leadership mattered too. "] * 2
    argued = [point + text for point, text in zip(points, told, strict=True)]
    for essay in (argued, [text + link for text, link in zip(story, links, strict=True)]):
        fb = give_feedback(notes, question, "\n\n".join(essay), embedder=model, cache=cache)
        assert fb.level is Level.L3
        assert not any(r.startswith("Narrative:") for r in fb.reasons)


def test_a_stated_factor_the_notes_lack_is_not_held_against_the_essay(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The question names a factor with no notes behind it: the balance cannot be checked
    against it, so an essay weighing two factors from the notes is not called one-sided."""
    notes = load_notebook(write_notes(tmp_path, {"usa.md": CIVIL_RIGHTS}), cache_dir=False)
    question = (
        "'Jackie Robinson's baseball career was the main reason the civil rights movement won "
        "national support in the years 1955–1965.' How far do you agree?"
    )
    essay = "\n\n".join([*TELEVISION[1:3], KING, VERDICT])
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert fb.plan is not None and fb.plan.stated is None
    balance = next(r for r in fb.reasons if r.startswith("Balance:"))
    assert "your notes have no factor for" in balance and "you weigh 2 factors" in balance
    assert fb.level is Level.L3


def test_a_second_factor_only_described_does_not_lift_one_factor_to_level_three(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """Three linked paragraphs on the war and one that only describes the bread queues: one
    factor is argued, and a description beside it is not a second argument."""
    notes = load_notebook(write_notes(tmp_path, {"russia.md": TSAR}), cache_dir=False)
    question = "To what extent was the First World War the main reason the Tsar fell in 1917?"
    essay = "\n\n".join(
        [
            "Russia was defeated at Tannenberg in August 1914. This meant soldiers lost faith in "
            "their leaders, so the war was the main reason the Tsar fell.",
            "In September 1915 Nicholas II took personal command of the army. This meant he was "
            "blamed for every defeat, so the war turned the army against the Tsar.",
            "The Brusilov Offensive failed in 1916 with a million casualties. This meant the "
            "army was exhausted, so the war was the main reason the Tsar fell in 1917.",
            "There were food shortages and inflation in Petrograd by 1916, and bread queues and "
            "strikes in Petrograd in February 1917.",
            "In conclusion, the war was the most important reason the Tsar fell, because it "
            "turned the army, his last support, against him.",
        ]
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    used = {f.factor for f in fb.factors_used}
    assert "Impact of the First World War" in used
    assert fb.level is Level.L2
