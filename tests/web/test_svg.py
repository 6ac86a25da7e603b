"""Server-drawn SVG: the timeline and the bar charts are well-formed, safe and say what they
show (parsed with xml.etree, as a browser's XML parser would read them)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest

from notedeck.derive.timeline import TimelineEvent, timeline
from notedeck.notebook import bundled_example, load_notebook
from notedeck.web.svg import bar_chart_svg, timeline_svg
from tests.helpers import write_notes

SVG = "{http://www.w3.org/2000/svg}"


def _parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def _events(root: ET.Element) -> list[ET.Element]:
    return [a for a in root.iter(f"{SVG}a") if a.get("class") == "event"]


def _no_script_or_outside_reference(root: ET.Element) -> None:
    for element in root.iter():
        assert element.tag not in (f"{SVG}script", f"{SVG}foreignObject", "script")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name.endswith("href"):
                assert value.startswith("/page/"), value


def test_the_example_timeline_has_its_years_in_order(tmp_path: Path) -> None:
    events = timeline(load_notebook(bundled_example(), cache_dir=tmp_path))

    root = _parse(timeline_svg(events))

    marks = _events(root)
    years = [int(a.get("data-year", "")) for a in marks]
    assert len(marks) == len(events)
    assert years == sorted(years) == [e.year for e in events]
    labels = [int(t.text or "") for t in root.iter(f"{SVG}text") if t.get("class") == "year"]
    assert labels == sorted(set(years))  # each year written once, in order
    _no_script_or_outside_reference(root)


def test_each_mark_links_to_its_point_and_says_what_it_is(tmp_path: Path) -> None:
    page = "# Notes\n\n## War\n\n### Causes\n\n* Stalin and Hitler signed a pact in August 1939\n"
    notebook = load_notebook(write_notes(tmp_path, {"my notes/ww2.md": page}), cache_dir=False)

    (mark,) = _events(_parse(timeline_svg(timeline(notebook))))

    href = mark.get("href", "")
    assert href == "/page/my%20notes/ww2.md#L7"
    assert unquote(href.split("#")[0]) == "/page/my notes/ww2.md"
    tooltip = mark.find(f"{SVG}title")
    assert tooltip is not None and tooltip.text is not None
    assert tooltip.text.startswith("Aug 1939: ")
    assert "Notes › War › Causes" in tooltip.text
    assert mark.find(f"{SVG}circle") is not None


def test_hostile_text_is_escaped_and_runs_nothing(tmp_path: Path) -> None:
    page = (
        '# <script>alert("title")</script> & co\n\n## A & B <img src=x onerror=alert(1)>\n\n'
        "* In 1920 <script>alert(1)</script> & the <b onclick=alert(2)>Treaty</b> ]]> \x07"
        " was signed\n"
        "* In 1921 a [link](javascript:alert(3)) and \"quotes\" & 'apostrophes'\n"
    )
    notebook = load_notebook(write_notes(tmp_path, {"x.md": page}), cache_dir=False)
    events = timeline(notebook)
    assert len(events) == 2
    forged = TimelineEvent(
        1930,
        None,
        None,
        '"/><script>alert(4)</script>',
        'x"onload="alert(5)',
        "<t>",
        "&",
        None,
        3,
        "L3",
    )

    markup = timeline_svg([*events, forged], title="<script>")
    root = _parse(markup)

    _no_script_or_outside_reference(root)
    assert "<script" not in markup  # shown as text, escaped: `&lt;script&gt;`
    texts = " ".join(root.itertext())
    assert "&" in texts  # an ampersand in the notes is shown as one
    marks = _events(root)
    assert marks[-1].get("data-page") == 'x"onload="alert(5)'
    assert marks[-1].get("href") == "/page/x%22onload%3D%22alert%285%29#L3"


def test_years_with_many_events_are_stacked_and_gaps_dashed() -> None:
    def event(year: int, line: int) -> TimelineEvent:
        return TimelineEvent(year, None, None, f"event {line}", "p.md", "P", "S", None, line, "")

    events = [event(1917, n) for n in range(1, 41)] + [event(1918, 50), event(1929, 60)]

    root = _parse(timeline_svg(events))

    circles = [a.find(f"{SVG}circle") for a in _events(root)]
    heights = [float(c.get("cy", "")) for c in circles if c is not None]
    assert len(heights) == 42 and len(set(heights)) == 42  # no two marks on top of each other
    assert heights == sorted(heights)
    gaps = [line for line in root.iter(f"{SVG}line") if line.get("class") == "axis-gap"]
    assert len(gaps) == 1 and gaps[0].get("stroke-dasharray")  # 1918 → 1929 skips years


def test_an_empty_timeline_says_so() -> None:
    root = _parse(timeline_svg([]))
    assert "No dated events." in " ".join(root.itertext())
    assert _events(root) == []


def test_bar_chart_bars_are_labelled_and_scaled() -> None:
    series = [("new", 5.0), ("learning", 0.0), ("review", 20.0), ("<suspended> & co", 10.0)]

    root = _parse(bar_chart_svg(series, title="Cards by state"))

    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]
    assert [(b.get("data-label"), b.get("data-value")) for b in bars] == [
        ("new", "5"),
        ("learning", "0"),
        ("review", "20"),
        ("<suspended> & co", "10"),
    ]
    heights = [float(b.find(f"{SVG}rect").get("height", "")) for b in bars]  # type: ignore[union-attr]
    assert heights[1] == 0 and heights[2] == max(heights)
    assert heights[0] == pytest.approx(heights[2] / 4, abs=0.2)
    assert heights[3] == pytest.approx(heights[2] / 2, abs=0.2)
    assert "Cards by state" in " ".join(root.itertext())
    _no_script_or_outside_reference(root)


def test_a_long_series_writes_only_some_labels_but_keeps_every_bar() -> None:
    series = [(f"{day} Dec", float(day % 7)) for day in range(1, 31)]

    root = _parse(bar_chart_svg(series, title="Reviews per day", width=400))

    bars = [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]
    labels = [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "label"]
    assert len(bars) == 30
    assert 1 < len(labels) < 30 and labels[0] == "1 Dec"
    assert all(b.find(f"{SVG}title") is not None for b in bars)


def test_an_empty_or_all_zero_chart_draws_flat_bars() -> None:
    assert [g for g in _parse(bar_chart_svg([], title="Nothing")).iter(f"{SVG}g")] == []
    root = _parse(bar_chart_svg([("a", 0.0), ("b", 0.0)], title="Zero"))
    heights = [float(r.get("height", "")) for r in root.iter(f"{SVG}rect")]
    assert heights == [0.0, 0.0]


def test_bad_values_are_refused() -> None:
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="expected a finite value >= 0"):
            bar_chart_svg([("x", bad)], title="Bad")


def test_a_huge_timeline_draws_the_earliest_and_says_how_many_more() -> None:
    events = [
        TimelineEvent(1800 + n // 10, None, None, f"event {n}", "p.md", "P", "S", None, n, "")
        for n in range(2_000)
    ]

    root = _parse(timeline_svg(events, max_events=1_500))

    marks = _events(root)
    assert len(marks) == 1_500
    assert marks[-1].get("data-line") == "1499"
    (note,) = [t for t in root.iter(f"{SVG}text") if t.get("class") == "left-out"]
    assert note.text is not None and "500 later events" in note.text


def test_a_legend_names_the_pages_while_there_are_colours_enough() -> None:
    def event(page: int) -> TimelineEvent:
        return TimelineEvent(
            1900, None, None, "e", f"p{page}.md", f"Page {page}", None, None, 1, ""
        )

    def legend(pages: int) -> list[str | None]:
        root = _parse(timeline_svg([event(n) for n in range(pages)]))
        return [g.get("data-page") for g in root.iter(f"{SVG}g") if g.get("class") == "legend-item"]

    assert legend(1) == []
    assert legend(3) == ["p0.md", "p1.md", "p2.md"]
    assert legend(12) == []
