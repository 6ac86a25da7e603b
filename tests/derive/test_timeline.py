"""The timeline and people views' data: dated events in date order, and who the notes name."""

from __future__ import annotations

import json
from pathlib import Path

from notedeck.derive.timeline import TimelineMemo, people, timeline
from notedeck.notebook import bundled_example, load_notebook
from tests.helpers import write_notes

SOVIET = """# Soviet Russia

## Power struggle 1924–1929

### Stalin's control of the party

* Stalin became General Secretary in **1922**, so he chose local party officials
* Lenin died on 21 January 1924 and Stalin led the funeral
* **S: Control of appointments gave Stalin the votes at every congress**

### Trotsky's mistakes

* In January 1924 Trotsky missed Lenin's funeral
* In 1927 Trotsky and Zinoviev were expelled from the party
"""

ITALY = """# Italy

## Mussolini's rise

* In March 1919 Benito Mussolini founded the Fasci di Combattimento
* The March on Rome in October 1922 made King Victor Emmanuel III appoint Mussolini
* Mussolini later ruled by decree
* The Italian army entered Rome in 1870

## Still to write
"""


def _notebook(tmp_path: Path, files: dict[str, str]):  # type: ignore[no-untyped-def]
    return load_notebook(write_notes(tmp_path, files), cache_dir=False)


def test_events_of_every_page_in_date_order(tmp_path: Path) -> None:
    notebook = _notebook(tmp_path, {"soviet.md": SOVIET, "italy.md": ITALY})

    events = timeline(notebook)

    assert [(e.year, e.month, e.day) for e in events] == [
        (1870, None, None),
        (1919, 3, None),
        (1922, None, None),
        (1922, 10, None),
        (1924, 1, None),
        (1924, 1, 21),
        (1927, None, None),
    ]
    assert [e.page for e in events[4:6]] == ["soviet.md", "soviet.md"]
    fasci = events[1]
    assert fasci.to_dict() == {
        "year": 1919,
        "month": 3,
        "day": None,
        "text": fasci.text,
        "page": "italy.md",
        "page_title": "Italy",
        "section": "Mussolini's rise",
        "factor": None,
        "line": 5,
        "anchor": "L5",
    }
    assert "Fasci di Combattimento" in fasci.text
    assert events[2].factor == "Stalin's control of the party"
    assert events[2].anchor == "L7"
    # each event is dated by a year its point holds
    lines = {
        (page.id, point.line): point.years
        for page in notebook.pages
        for section in page.sections
        for holder in (section.points, *(f.points for f in section.factors))
        for top in holder
        for point in top.walk()
    }
    assert all(e.year in lines[e.page, e.line] for e in events)


def test_filter_by_page_and_section(tmp_path: Path) -> None:
    notebook = _notebook(tmp_path, {"soviet.md": SOVIET, "italy.md": ITALY})

    assert {e.page for e in timeline(notebook, page="italy.md")} == {"italy.md"}
    assert [e.year for e in timeline(notebook, page="soviet.md")] == [1922, 1924, 1924, 1927]
    section = timeline(notebook, section="Mussolini's rise")
    assert [e.year for e in section] == [1870, 1919, 1922]
    assert timeline(notebook, page="soviet.md", section="Mussolini's rise") == ()
    assert timeline(notebook, page="missing.md") == ()
    assert timeline(notebook, section="Still to write") == ()


def test_event_text_is_plain_text(tmp_path: Path) -> None:
    page = (
        "# Notes\n\n## Dates\n\n"
        "* The [Reichstag](https://example.org/r) fire <b>burned</b> on 27 February 1933"
        " &amp; more\n"
        "* `code 1999` and <script>alert(1)</script> in 1950 & after\n"
    )
    events = timeline(_notebook(tmp_path, {"n.md": page}))

    assert [e.year for e in events] == [1933, 1950]  # 1999 was code, not a date
    assert events[0].text.startswith("The Reichstag fire burned")
    assert all("<" not in e.text and "](" not in e.text for e in events)


def test_the_example_notebook_timeline(tmp_path: Path) -> None:
    notebook = load_notebook(bundled_example(), cache_dir=tmp_path)

    events = timeline(notebook)

    years = [e.year for e in events]
    assert years == sorted(years)
    assert {e.page for e in events} >= {"weimar-republic.md", "rise-of-hitler.md"}
    assert all(e.anchor == f"L{e.line}" for e in events)
    json.dumps([e.to_dict() for e in events])  # the API can send it as it is
    weimar = timeline(notebook, page="weimar-republic.md")
    assert any(e.year == 1923 and e.month == 11 and "Putsch" in e.text for e in weimar)


def test_people_with_their_events_and_factors(tmp_path: Path) -> None:
    notebook = _notebook(tmp_path, {"soviet.md": SOVIET, "italy.md": ITALY})

    found = {p.name: p for p in people(notebook)}

    stalin = found["Stalin"]
    assert stalin.mentions == 4
    assert [(f.page, f.factor) for f in stalin.factors] == [
        ("soviet.md", "Stalin's control of the party")
    ]
    assert [e.year for e in stalin.events] == [1922, 1924]
    trotsky = found["Trotsky"]
    assert [f.factor for f in trotsky.factors] == ["Trotsky's mistakes"]
    assert [(e.year, e.month) for e in trotsky.events] == [(1924, 1), (1927, None)]
    assert [e.year for e in found["Zinoviev"].events] == [1927]
    assert [f.factor for f in found["Lenin"].factors] == [
        "Stalin's control of the party",
        "Trotsky's mistakes",
    ]
    # a short form joins the full name written before it on the page (a heading may use
    # the short form first)
    assert "Benito Mussolini" in found and "Mussolini" not in found
    assert found["Benito Mussolini"].mentions == 4  # the section title counts too
    assert found["Victor Emmanuel III"].factors[0].section == "Mussolini's rise"
    assert json.loads(json.dumps(stalin.to_dict()))["events"][0]["anchor"] == "L7"


def test_people_are_sorted_by_mentions_then_name(tmp_path: Path) -> None:
    notebook = _notebook(tmp_path, {"soviet.md": SOVIET, "italy.md": ITALY})

    found = people(notebook)

    keys = [(-p.mentions, p.name.casefold()) for p in found]
    assert keys == sorted(keys)
    assert [(p.name, p.mentions) for p in found[:3]] == [
        ("Benito Mussolini", 4),
        ("Stalin", 4),
        ("Trotsky", 3),
    ]


def test_places_and_things_are_not_people(tmp_path: Path) -> None:
    page = (
        "# Russia\n\n## The Civil War\n\n"
        "* In 1919 Trotsky argued with Stalin about the Red Army\n"
        "* By train Trotsky travelled the front while Stalin was at Tsaritsyn\n"
        "* The sailors of the Kronstadt naval base rose up in 1921\n"
        "* The Kronstadt rising shocked the party leaders\n"
        "* Then Kronstadt sailors were shot\n"
        "* The Truman Doctrine promised aid in 1947, and President Truman said it was needed\n"
        "* In 1932 the Democrats won, and the Democrats kept the House\n"
    )
    found = {p.name for p in people(_notebook(tmp_path, {"r.md": page}))}

    assert {"Trotsky", "Stalin", "Truman"} <= found
    assert not found & {"Kronstadt", "Truman Doctrine", "Democrats", "Tsaritsyn"}


def test_the_example_notebook_people(tmp_path: Path) -> None:
    notebook = load_notebook(bundled_example(), cache_dir=tmp_path)

    found = people(notebook)
    names = [p.name for p in found]

    assert set(names[:5]) == {"Hitler", "Mussolini", "Stalin", "Trotsky", "Lenin"}
    hitler = found[names.index("Hitler")]
    assert {f.page for f in hitler.factors} >= {"rise-of-hitler.md", "weimar-republic.md"}
    assert any(e.year == 1923 for e in hitler.events)
    assert "Kurt von Schleicher" in names
    assert not set(names) & {"Kronstadt", "Germany", "Party", "Reichstag"}


def test_a_notebook_without_dates_or_names(tmp_path: Path) -> None:
    notebook = _notebook(tmp_path, {"n.md": "# Notes\n\n## Theme\n\n* nothing dated here\n"})

    assert timeline(notebook) == ()
    assert people(notebook) == ()


def test_a_memo_gives_the_same_answers_and_follows_edits(tmp_path: Path) -> None:
    root = write_notes(tmp_path / "notes", {"soviet.md": SOVIET, "italy.md": ITALY})
    memo = TimelineMemo()
    first = load_notebook(root, cache_dir=tmp_path / "cache")
    assert timeline(first, memo=memo) == timeline(first)
    assert people(first, memo=memo) == people(first)
    assert timeline(first, page="italy.md", memo=memo) == timeline(first, page="italy.md")

    edited = ITALY.replace(
        "* Mussolini later ruled by decree\n",
        "* Mussolini later ruled by decree\n"
        "* In 1935 Mussolini sent Marshal Badoglio to Abyssinia\n",
    )
    (root / "italy.md").write_text(edited, encoding="utf-8")
    second = load_notebook(root, cache_dir=tmp_path / "cache")

    events = timeline(second, memo=memo)
    assert events == timeline(second)
    assert any(e.year == 1935 and e.page == "italy.md" for e in events)
    found = people(second, memo=memo)
    assert found == people(second)
    assert "Badoglio" in {p.name for p in found}
    assert people(second, memo=memo) is people(second, memo=memo)  # unchanged: kept answer


def test_a_short_name_used_before_a_fuller_one_is_someone_else(tmp_path: Path) -> None:
    page = (
        "# Cold War\n\n## Cuba\n\n"
        "* In 1962 Kennedy ordered a blockade of Cuba\n"
        "* In October 1962 his brother Robert Kennedy met the ambassador\n"
        "* After that Kennedy spoke on television\n"
    )
    found = {p.name: p.mentions for p in people(_notebook(tmp_path, {"c.md": page}))}

    assert found == {"Kennedy": 2, "Robert Kennedy": 1}


def test_a_line_of_thousands_of_dates(tmp_path: Path) -> None:
    line = "; ".join(f"in {1800 + n % 200} Trotsky argued with Stalin" for n in range(3_000))
    notebook = _notebook(tmp_path, {"long.md": f"# Long\n\n## S\n\n* {line}\n"})

    events = timeline(notebook)

    assert len(events) == 3_000
    assert [e.year for e in events] == sorted(e.year for e in events)
    assert all(e.text == "Trotsky argued with Stalin" for e in events)
