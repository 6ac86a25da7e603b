"""Charts drawn on the server as SVG markup: the timeline and the stats screen's bar charts.

Pure functions from values to a string. Every piece of note text is escaped (and characters
XML cannot hold are dropped), and the markup holds no script, no event attribute and no
reference outside the app: the only links are `/page/...` links to the reader, so a chart
stays safe to inline under a Content-Security-Policy that forbids inline script.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from html import escape
from itertools import pairwise
from urllib.parse import quote

from notedeck.derive.timeline import TimelineEvent

__all__ = ["bar_chart_svg", "timeline_svg"]

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Colour-blind-safe (Okabe–Ito), one per page in order of first appearance, then repeated.
_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
# Characters XML 1.0 cannot hold, even escaped: most C0 controls, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FONT = "system-ui, sans-serif"
_DASHED = ' stroke-dasharray="3 3"'
# Average advance of a character at 1px font size, for fitting labels without measuring.
_CHAR_WIDTH = 0.6


def timeline_svg(
    events: Sequence[TimelineEvent],
    *,
    width: int = 760,
    row_height: int = 22,
    font_size: int = 13,
    title: str = "Timeline",
    max_events: int = 1500,
) -> str:
    """The events on a vertical time axis, earliest at the top, one row per event.

    Years are marked on the axis in order; the events of one year are stacked under its
    label, so any number of them stay readable. A gap of more than a year is drawn as a
    dashed stretch of the axis. Each event is a link to its point in the reader
    (`/page/<page id>#L<line>`) carrying `data-year`, with its full date, text and place
    in a `<title>` tooltip. Each page has its own colour, named in a legend when the events
    come from a few pages (up to seven, as many as there are colours).

    Args:
        events: the events to draw, in date order (as `derive.timeline.timeline` gives them).
        width: the drawing's width in pixels; long texts are cut to fit it.
        row_height: pixels per event.
        font_size: text size in pixels.
        title: what the drawing is, for screen readers.
        max_events: at most this many events are drawn (the earliest); a line at the end
            says how many more there are, so a drawing of a huge notebook stays usable.
    """
    left_out = max(0, len(events) - max_events)
    events = events[:max_events]
    pages = list(dict.fromkeys(event.page for event in events))
    colour = {page: _PALETTE[n % len(_PALETTE)] for n, page in enumerate(pages)}
    titles = {event.page: event.page_title for event in events}
    axis_x = 8 + int(font_size * _CHAR_WIDTH * 5) + 12
    text_x = axis_x + 14
    fits = max(8, int((width - text_x - 8) / (font_size * _CHAR_WIDTH)))
    parts: list[str] = []
    y = 12
    if 1 < len(pages) <= len(_PALETTE):  # past that, colours repeat: the tooltip names the page
        for page in pages:
            parts.append(
                f'<g class="legend-item" data-page="{_attr(page)}">'
                f'<rect x="{axis_x - 5}" y="{y - 9}" width="10" height="10" rx="2" '
                f'fill="{colour[page]}"/>'
                f'<text x="{text_x}" y="{y}">{_text(_cut(titles[page], fits))}</text></g>'
            )
            y += row_height
        y += row_height // 2
    if not events:
        parts.append(f'<text x="8" y="{y + font_size}">No dated events.</text>')
        y += row_height
    previous: TimelineEvent | None = None
    middles: list[tuple[int, bool]] = []  # each mark's height, and whether a gap leads to it
    for event in events:
        if previous is not None and event.year != previous.year:
            y += row_height // 3  # a little air between years
        middle = y + row_height // 2
        if previous is None or event.year != previous.year:
            parts.append(
                f'<text class="year" x="{axis_x - 12}" y="{middle + font_size // 3}" '
                f'text-anchor="end" font-weight="bold">{event.year}</text>'
            )
        gap = previous is not None and event.year - previous.year > 1
        middles.append((middle, gap))
        parts.append(_event_mark(event, axis_x, text_x, middle, colour[event.page], fits))
        previous = event
        y += row_height
    if left_out:
        parts.append(
            f'<text class="left-out" x="{text_x}" y="{y + font_size}" font-style="italic">'
            f"… and {left_out:,} later events: choose a page or a section to see them.</text>"
        )
        y += row_height
    height = y + 8
    axis = "".join(
        f'<line class="{"axis-gap" if gap else "axis"}" x1="{axis_x}" y1="{above}" '
        f'x2="{axis_x}" y2="{below}" stroke="#888"{_DASHED if gap else ""}/>'
        for (above, _), (below, gap) in pairwise(middles)
    )
    return _svg(width, height, title, font_size, axis + "".join(parts))


def bar_chart_svg(
    series: Sequence[tuple[str, float]],
    *,
    title: str,
    width: int = 640,
    height: int = 240,
    font_size: int = 12,
    colour: str = "#0072B2",
) -> str:
    """Labelled vertical bars, one per (label, value), in the order given.

    Each bar shows its value above it and its label below; when labels would overlap only
    every n-th is written, and every bar keeps its full label and value in a `<title>`
    tooltip and in `data-label` / `data-value`. The scale starts at 0 and ends at the
    largest value (at least 1), so empty series draw flat bars rather than failing.

    Args:
        series: (label, value) pairs; values are counts or shares.
        title: the chart's heading, written above it.
        width, height: the drawing's size in pixels.
        font_size: text size in pixels.
        colour: the bars' fill.

    Raises:
        ValueError: a value is negative, infinite or not a number.
    """
    for label, value in series:
        if not math.isfinite(value) or value < 0:
            raise ValueError(f"bar {label!r} has value {value!r}: expected a finite value >= 0")
    left, right, top, bottom = 40, 8, font_size * 2 + 12, font_size * 2 + 8
    plot_w = max(1, width - left - right)
    plot_h = max(1, height - top - bottom)
    peak = max((value for _, value in series), default=0.0) or 1.0
    slot = plot_w / max(1, len(series))
    bar_w = max(1.0, slot * 0.7)
    widest = max((len(label) for label, _ in series), default=1) * font_size * _CHAR_WIDTH
    every = max(1, math.ceil((widest + 6) / slot))
    base = top + plot_h
    parts = [
        f'<text class="chart-title" x="{left}" y="{font_size + 4}" font-weight="bold">'
        f"{_text(title)}</text>",
        f'<line class="baseline" x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" '
        'stroke="#888"/>',
        f'<text class="scale" x="{left - 4}" y="{top + font_size // 3}" text-anchor="end">'
        f"{_number(peak)}</text>",
        f'<text class="scale" x="{left - 4}" y="{base + font_size // 3}" text-anchor="end">'
        "0</text>",
        f'<line class="grid" x1="{left}" y1="{top}" x2="{left + plot_w}" y2="{top}" '
        'stroke="#ddd"/>',
    ]
    for n, (label, value) in enumerate(series):
        x = left + n * slot + (slot - bar_w) / 2
        bar_h = plot_h * value / peak
        centre = x + bar_w / 2
        shown = f"{_text(label)}: {_number(value)}"
        parts.append(
            f'<g class="bar" data-label="{_attr(label)}" data-value="{_number(value)}">'
            f"<title>{shown}</title>"
            f'<rect x="{x:.1f}" y="{base - bar_h:.1f}" width="{bar_w:.1f}" '
            f'height="{bar_h:.1f}" fill="{_attr(colour)}"/>'
        )
        if value and bar_w >= len(_number(value)) * font_size * _CHAR_WIDTH * 0.8:
            parts.append(
                f'<text class="value" x="{centre:.1f}" y="{base - bar_h - 3:.1f}" '
                f'text-anchor="middle">{_number(value)}</text>'
            )
        if n % every == 0:
            parts.append(
                f'<text class="label" x="{centre:.1f}" y="{base + font_size + 4}" '
                f'text-anchor="middle">{_text(label)}</text>'
            )
        parts.append("</g>")
    return _svg(width, height, title, font_size, "".join(parts))


def _event_mark(
    event: TimelineEvent, axis_x: int, text_x: int, middle: int, colour: str, fits: int
) -> str:
    href = f"/page/{quote(event.page, safe='/')}#{quote(event.anchor)}"
    place = " › ".join(p for p in (event.page_title, event.section, event.factor) if p)
    tooltip = f"{_date(event)}: {event.text} ({place})"
    return (
        f'<a class="event" href="{_attr(href)}" data-year="{event.year}" '
        f'data-page="{_attr(event.page)}" data-line="{event.line}">'
        f"<title>{_text(tooltip)}</title>"
        f'<circle cx="{axis_x}" cy="{middle}" r="5" fill="{colour}"/>'
        f'<text x="{text_x}" y="{middle + 4}">{_text(_cut(_short_date(event) + event.text, fits))}'
        "</text></a>"
    )


def _svg(width: int, height: int, title: str, font_size: int, body: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{_attr(title)}" '
        f'font-family="{_FONT}" font-size="{font_size}">'
        f"<title>{_text(title)}</title>{body}</svg>"
    )


def _date(event: TimelineEvent) -> str:
    if event.month is None:
        return str(event.year)
    month = _MONTHS[event.month - 1]
    return f"{event.day} {month} {event.year}" if event.day else f"{month} {event.year}"


def _short_date(event: TimelineEvent) -> str:
    """The date within the year, before an event's text (`12 Sep: `), or nothing."""
    if event.month is None:
        return ""
    month = _MONTHS[event.month - 1]
    return f"{event.day} {month}: " if event.day else f"{month}: "


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: float) -> str:
    """A count as an integer, a share with at most two decimals."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _text(text: str) -> str:
    """Text content: escaped, with characters XML cannot hold dropped."""
    return escape(_NOT_XML.sub("", text), quote=False)


def _attr(text: str) -> str:
    """An attribute value for double quotes: escaped, quotes included."""
    return escape(_NOT_XML.sub("", text), quote=True)
