"""Dates in an essay against the notes: a bracketed year, and events put in the wrong order."""

from __future__ import annotations

from pathlib import Path

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache
from notedeck.essay.feedback import Level, give_feedback
from notedeck.model import Notebook
from notedeck.notebook import load_notebook
from tests.helpers import write_notes

WW1 = """# Causes of the First World War

## Long-term causes 1871–1914

### The alliance system

* Germany and Austria-Hungary formed the Dual Alliance in **1879**; Italy joined in **1882**
* Britain was bound by the Treaty of London (**1839**) to protect Belgian neutrality
* **S: The alliances turned a Balkan quarrel into a European war.**

## The July Crisis 1914

### The blank cheque

* **5–6 July 1914**: Germany promised Austria-Hungary unconditional support against Serbia
* **S: The blank cheque let Austria-Hungary take a hard line against Serbia.**

### Mobilisation and the Schlieffen Plan

* Russia ordered general mobilisation on **30 July 1914**
* Germany invaded Belgium and Britain declared war on **4 August 1914**
* **S: The Schlieffen Plan turned a war with Russia into a war with France and Britain.**
"""

COLD_WAR = """# The Cold War in Europe

## Why the Cold War developed 1947–1949

### The Marshall Plan

* Secretary of State George Marshall announced the plan at Harvard in **June 1947**
* Stalin refused Marshall Aid for Eastern Europe and set up Cominform in **September 1947**
* **S: The Marshall Plan made the division of Europe economic as well as political.**

### The Berlin Blockade

* Stalin cut road, rail and canal links to West Berlin on **24 June 1948**
* The Western airlift kept the city supplied until **May 1949**
* **S: The Blockade made the division of Germany permanent.**

### Formation of NATO

* Twelve countries signed the North Atlantic Treaty in **April 1949**
* Under Article 5 NATO's members agreed that an attack on one was an attack on all
* **S: NATO committed the USA to defend Western Europe.**
"""

COLD_WAR_QUESTION = (
    "Which was more important in the development of the Cold War in the years 1947–1949: "
    "the Marshall Plan or the Berlin Blockade?"
)

COLD_WAR_ESSAY = [
    "I think the Marshall Plan was more important than the Berlin Blockade in the "
    "development of the Cold War, because it came first and divided Europe.",
    "The Marshall Plan divided Europe. George Marshall announced the plan at Harvard in "
    "June 1947, offering American aid to rebuild Europe. Stalin refused Marshall Aid for "
    "Eastern Europe and set up Cominform in September 1947. This meant the division of "
    "Europe became economic as well as political, so the Cold War developed quickly.",
    "The Berlin Blockade deepened the division. Stalin cut road, rail and canal links to "
    "West Berlin on 24 June 1948, and the Western airlift kept the city supplied until May "
    "1949. This meant the division of Germany became permanent, so the Cold War developed "
    "into a stand-off over Berlin.",
    "The Blockade also led to NATO. Twelve countries signed the North Atlantic Treaty in "
    "April 1949, which committed the USA to defend Western Europe. Under Article 5 they agreed "
    "that an attack on one was an attack on all. This shows the Cold War developed into two "
    "armed blocs.",
    "In conclusion, the Marshall Plan was more important than the Berlin Blockade, because "
    "Stalin's answer to Marshall Aid led to the Blockade and then to NATO. The Blockade made "
    "the split of Germany permanent, but it was a reaction to a division the Marshall Plan had "
    "already made, so without Marshall Aid there would have been no Blockade to answer.",
]


def _notes(tmp_path: Path, name: str, text: str) -> Notebook:
    return load_notebook(write_notes(tmp_path, {name: text}), cache_dir=False)


def test_a_bracketed_year_dates_the_words_before_it(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """ "Belgium in the Treaty of London (1839), declared war on 4 August": the 1839 is the
    treaty's, not the declaration of war's, so it is not called wrong; a wrong treaty year is."""
    notes = _notes(tmp_path, "ww1.md", WW1)
    question = "Why did a quarrel in the Balkans become a European war in 1914?"
    essay = (
        "The Schlieffen Plan spread the war. Russia ordered general mobilisation on 30 July "
        "1914. So Germany declared war on Russia on 1 August and on France on 3 August, and "
        "when it invaded Belgium, Britain, which had promised to protect Belgium in the Treaty "
        "of London (1839), declared war on 4 August."
    )
    fb = give_feedback(notes, question, essay, embedder=model, cache=cache)
    assert fb.date_conflicts == ()
    wrong = (
        "Britain had promised to protect Belgian neutrality in the Treaty of London (1849), "
        "so it declared war on 4 August 1914 when Germany invaded Belgium."
    )
    fb = give_feedback(notes, question, wrong, embedder=model, cache=cache)
    assert [(c.essay_year, c.notes_year) for c in fb.date_conflicts] == [(1849, 1839)]
    assert fb.date_conflicts[0].notes.startswith("Britain was bound by the Treaty of London")


def test_two_events_put_in_the_wrong_order_cap_the_essay_at_level_two(
    tmp_path: Path, model: EmbedderLoad, cache: EmbeddingCache
) -> None:
    """The blockade dated before the Marshall Plan undermines an argument about which led to
    which; one wrong year that keeps the order only keeps the essay from level 4."""
    notes = _notes(tmp_path, "cold-war.md", COLD_WAR)
    right = "\n\n".join(COLD_WAR_ESSAY)
    fb = give_feedback(notes, COLD_WAR_QUESTION, right, embedder=model, cache=cache)
    assert fb.date_conflicts == ()
    assert fb.level is Level.L4

    swapped = right.replace("Harvard in June 1947", "Harvard in June 1948").replace(
        "on 24 June 1948", "on 24 June 1947"
    )
    fb = give_feedback(notes, COLD_WAR_QUESTION, swapped, embedder=model, cache=cache)
    assert sorted((c.essay_year, c.notes_year) for c in fb.date_conflicts) == [
        (1947, 1948),
        (1948, 1947),
    ]
    assert fb.level is Level.L2
    accuracy = next(r for r in fb.reasons if r.startswith("Accuracy:"))
    assert "wrong order" in accuracy and "level 2 at most" in accuracy

    slip = right.replace("Treaty in April 1949", "Treaty in April 1950")
    fb = give_feedback(notes, COLD_WAR_QUESTION, slip, embedder=model, cache=cache)
    assert [(c.essay_year, c.notes_year) for c in fb.date_conflicts] == [(1950, 1949)]
    assert fb.level is Level.L3
    assert "wrong order" not in " ".join(fb.reasons)
