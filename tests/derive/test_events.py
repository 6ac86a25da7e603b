"""Dated events of a point: a date's clause is bounded by its neighbours alone, and a line of
thousands of dates reads the same as the reference (every other date passed as a bound)."""

from __future__ import annotations

import re

from notedeck.derive.events import event_text, find_dates, point_events, unbold_dates
from notedeck.model import Point, Source

SOURCE = Source("p.md", "S", None, 1)


def _reference(point: Point) -> list[tuple[int, str]]:
    """What `point_events` gave before: every other date of the point passed as a bound."""
    text = unbold_dates(point.text)
    spans = find_dates(text, point.years)
    return [(span.year, event_text(text, span, spans)) for span in spans]


def _point(text: str) -> Point:
    years = tuple(int(y) for y in re.findall(r"\b1[89]\d\d\b", text))
    return Point(text, 1, years=years)


def test_each_date_is_described_as_with_every_other_date_as_a_bound() -> None:
    texts = [
        "Trotsky resigned in 1925 and was expelled in 1927, then exiled in 1929",
        "In **1921** the NEP began; in 1928 it ended and in 1929 collectivisation came",
        "Kurt von Schleicher became Chancellor in December 1932 and was murdered in 1934",
        "1918, 1919 and 1920: the Civil War years, then the famine of 1921",
    ]
    for text in texts:
        point = _point(text)
        got = [(e.year, e.text) for e in point_events(point, SOURCE)]
        assert got == _reference(point), text
        assert len(got) >= 2


def test_a_line_of_thousands_of_dates_reads_each_by_its_own_clause() -> None:
    text = " ".join(f"Trotsky resigned in {1800 + n % 200} and was expelled" for n in range(2_000))
    point = _point(text)

    events = point_events(point, SOURCE)

    assert len(events) == 2_000
    assert [(e.year, e.text) for e in events[:50]] == _reference(_point(text[:2_500]))[:50]
    assert all(e.text.startswith("Trotsky") for e in events)
