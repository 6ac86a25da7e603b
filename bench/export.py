"""Benchmark `.apkg` export against ankdown and md2anki on the same cards.

    python bench/export.py [--cards 20000] [--runs 3]
        [--ankdown /tmp/exportbench/bin/ankdown] [--md2anki /tmp/exportbench312/bin/md2anki]

Makes N cards of history-revision text (seeded, so every run sees the same cards): basic,
reversed, `{{c1::…}}` clozes, generator-style date clozes, factor cards with bullet lists and
sequence cards with numbered lists, across 40 pages of 5 sections. The same cards are written in
each tool's input syntax:

* notedeck: a JSON list of cards, which `bench/export_child.py` loads into `Card`s and
  passes to `export_anki` (a separate script, so the timed process imports no harness);
* ankdown (0.7.1): one `.md` file per page; `front`, `%`, `back`, `%`, `tags`, then `---`
  between cards (its `--help`), run as `ankdown -r DIR -p OUT.apkg`;
* md2anki (3.1.0): one `.md` file, `# Deck (id)` then `## question (id)` headings with the
  answer below (its README), run as `md2anki FILE -o-anki OUT.apkg`.

Each tool runs as a subprocess (interpreter start-up, imports, parsing and writing the package
included), the tools take turns run by run (so a busy machine slows them alike), and the wall
time is the median of `--runs` runs (`--timeout` cuts a run off); every package written is
opened and its notes counted, so a tool that silently drops cards shows up. notedeck's in-process
`export_anki` time is reported too. notedeck's modules are byte-compiled first, as `pip install`
does for the competitors' (where PYTHONDONTWRITEBYTECODE is set, as in sandboxes, every run would
otherwise compile notedeck from source). The competitors live in throwaway venvs outside the
project (md2anki 3.1 needs Python 3.12: its f-strings use PEP 701 quoting). A tool that is
missing or fails is reported with the reason. Prints a table and writes `bench/out/export.json`.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from notedeck.export.anki import export_anki
from notedeck.model import Card, CardKind, Source

sys.path.insert(0, str(Path(__file__).parent))
from export_child import NOTEBOOK

OUT = Path(__file__).parent / "out"
TARGET_SPEEDUP = 3.0
TIMEOUT_S = 600
CHILD = Path(__file__).with_name("export_child.py")

_PEOPLE = [
    "Stresemann", "Hitler", "Mussolini", "Stalin", "Trotsky", "Hindenburg", "Brüning", "von Papen",
    "Ebert", "Lenin", "Bukharin", "Zinoviev", "Tojo", "Truman", "Churchill", "Roosevelt",
]  # fmt: skip
_PLACES = [
    "the Ruhr", "Munich", "Weimar", "Rome", "Moscow", "Manchuria", "Berlin", "the Rhineland",
    "Versailles", "Locarno", "Danzig", "Petrograd", "Nanjing", "Potsdam", "Yalta", "Korea",
]  # fmt: skip
_TERMS = [
    "hyperinflation", "reparations", "the Enabling Act", "the Acerbo Law", "collectivisation",
    "the Five-Year Plan", "the Dawes Plan", "the Young Plan", "Article 48", "the Reichstag Fire",
    "the Night of the Long Knives", "the March on Rome", "the Lateran Treaty", "the NEP",
    "containment", "the Marshall Plan", "the Berlin Airlift", "the Truman Doctrine",
]  # fmt: skip
_VERBS = [
    "weakened", "strengthened", "undermined", "secured", "destabilised", "legitimised",
    "discredited", "consolidated", "exposed", "transformed",
]  # fmt: skip
_OBJECTS = [
    "support for the Republic", "the Nazi vote", "the Fascist regime", "the Party's control",
    "middle-class savings", "the army's loyalty", "the Church's position", "Soviet industry",
    "relations with the West", "the coalition government",
]  # fmt: skip
_SECTIONS = [
    "Political instability", "Economic recovery", "Consolidation of power", "Foreign policy",
    "Opposition and resistance",
]  # fmt: skip


def make_cards(count: int, *, seed: int = 7) -> list[Card]:
    """`count` cards of mixed kinds and realistic text, the same for the same seed."""
    rng = random.Random(seed)
    cards: list[Card] = []
    for index in range(count):
        page = f"topic-{index % 40:02d}.md"
        section = _SECTIONS[(index // 40) % len(_SECTIONS)]
        factor = rng.choice(_TERMS).removeprefix("the ").capitalize()
        source = Source(page, section, factor, 10 + index % 400)
        tags = (page.removesuffix(".md"), section.replace(" ", "_"))
        kind, front, back = _card_text(rng, rng.random())
        cards.append(Card(f"nd{index:07d}", kind, front, back, source, tags))
    return cards


def _card_text(rng: random.Random, roll: float) -> tuple[CardKind, str, str]:
    year = rng.randint(1917, 1953)
    person, place, term = rng.choice(_PEOPLE), rng.choice(_PLACES), rng.choice(_TERMS)
    verb, obj = rng.choice(_VERBS), rng.choice(_OBJECTS)
    if roll < 0.45:
        return (
            CardKind.BASIC,
            f"How did **{term}** affect {obj} in {place}?",
            f"In {year} it {verb} {obj}; *{person}* exploited this.",
        )
    if roll < 0.55:
        return CardKind.REVERSED, term.removeprefix("the ").capitalize(), f"{person}, {year}"
    if roll < 0.70:
        return (
            CardKind.CLOZE,
            f"In {{{{c1::{year}}}}} {person} {verb} {obj} through {{{{c2::{term}}}}}",
            f"{year}; {term}",
        )
    if roll < 0.82:
        return CardKind.DATE_CLOZE, f"[...]: {person} {verb} {obj} in {place}", f"**{year}**"
    if roll < 0.94:
        points = "\n".join(
            f"- {rng.choice(_PEOPLE)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} "
            f"({rng.randint(1917, 1953)})"
            for _ in range(rng.randint(2, 4))
        )
        return CardKind.FACTOR, f"Why was **{term}** significant for {obj}?", points
    years = sorted(rng.sample(range(1917, 1954), 3))
    events = [f"{rng.choice(_TERMS)} ({y})" for y in years]
    shuffled = rng.sample(events, len(events))
    numbered = "\n".join(f"{n}. {event}" for n, event in enumerate(events, 1))
    return CardKind.SEQUENCE, "Put in order: " + ", ".join(shuffled), numbered


# ---------------------------------------------------------------- inputs per tool


def write_notedeck_input(cards: list[Card], path: Path) -> None:
    """One JSON array per card, its fields in `export_child.FIELDS` order: rows, as the store
    holds cards, rather than objects, whose repeated keys only cost parsing time."""
    rows = [[c.id, c.kind.value, c.front, c.back, *_where(c), list(c.tags)] for c in cards]
    path.write_text(json.dumps(rows), encoding="utf-8")


def _where(card: Card) -> tuple[str, str | None, str | None, int]:
    source = card.source
    return source.page, source.section, source.factor, source.line


def write_ankdown_input(cards: list[Card], folder: Path) -> None:
    """One folder per page (ankdown names the deck after the folder), one `.md` file in it."""
    by_page: dict[str, list[str]] = {}
    for card in cards:
        block = f"{card.front}\n\n%\n\n{card.back}\n\n%\n\n{' '.join(card.tags)}\n"
        by_page.setdefault(card.source.page.removesuffix(".md"), []).append(block)
    for page, blocks in by_page.items():
        (folder / page).mkdir(parents=True, exist_ok=True)
        (folder / page / "cards.md").write_text("\n---\n\n".join(blocks), encoding="utf-8")


def write_md2anki_input(cards: list[Card], path: Path) -> None:
    """`# Deck (id)`, then `## question (id)` with the answer below (questions are one line)."""
    parts = [f"# {NOTEBOOK} (1234567890)\n"]
    for card in cards:
        parts.append(f"## {card.front} ({card.id})\n\n{card.back}\n")
    path.write_text("\n".join(parts), encoding="utf-8")


def count_notes(apkg: Path) -> int:
    with zipfile.ZipFile(apkg) as archive, tempfile.TemporaryDirectory() as tmp:
        names = archive.namelist()
        name = "collection.anki21" if "collection.anki21" in names else "collection.anki2"
        db_path = Path(tmp) / name
        db_path.write_bytes(archive.read(name))
        with sqlite3.connect(db_path) as db:
            return int(db.execute("SELECT count() FROM notes").fetchone()[0])


# ---------------------------------------------------------------- timing


@dataclass
class Result:
    """One tool's runs: wall seconds per run, notes in its package, or why it failed."""

    tool: str
    command: list[str]
    runs_s: list[float] = field(default_factory=list)
    notes: int | None = None
    error: str | None = None

    @property
    def median_s(self) -> float | None:
        return statistics.median(self.runs_s) if self.runs_s else None

    def as_json(self) -> dict[str, Any]:
        median = self.median_s
        return {
            "tool": self.tool,
            "command": self.command,
            "runs_s": [round(t, 3) for t in self.runs_s],
            "median_s": None if median is None else round(median, 3),
            "notes": self.notes,
            "error": self.error,
        }


@dataclass
class Tool:
    """A command to time and the package it writes."""

    name: str
    command: list[str]
    out: Path


def time_tools(
    tools: list[Tool], *, cwd: Path, runs: int, expected: int, timeout_s: float
) -> list[Result]:
    """Run the tools round-robin, `runs` times each, so a busy machine slows them alike."""
    results = {tool.name: Result(tool.name, tool.command) for tool in tools}
    for tool in tools:
        if not Path(tool.command[0]).exists():
            results[tool.name].error = f"not installed: {tool.command[0]} does not exist"
    for _ in range(runs):
        for tool in tools:
            result = results[tool.name]
            if result.error is None:
                _run_once(tool, result, cwd=cwd, timeout_s=timeout_s)
    for tool in tools:
        result = results[tool.name]
        if result.error is None:
            result.notes = count_notes(tool.out)
            if result.notes != expected:
                result.error = f"package holds {result.notes} notes, expected {expected}"
    return [results[tool.name] for tool in tools]


def _run_once(tool: Tool, result: Result, *, cwd: Path, timeout_s: float) -> None:
    tool.out.unlink(missing_ok=True)
    started = time.perf_counter()
    try:
        done = subprocess.run(
            tool.command, cwd=cwd, capture_output=True, text=True, timeout=timeout_s, check=False
        )
    except subprocess.TimeoutExpired:
        result.error = f"timed out after {timeout_s:.0f} s"
        return
    elapsed = time.perf_counter() - started
    if done.returncode != 0 or not tool.out.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        missing = "" if tool.out.exists() else ", no package written"
        result.error = f"exit {done.returncode}{missing}: " + " | ".join(tail)
        return
    result.runs_s.append(elapsed)


def time_in_process(cards: list[Card], out: Path, *, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        export_anki(cards, out, deck_name=NOTEBOOK)
        times.append(time.perf_counter() - started)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cards", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ankdown", default="/tmp/exportbench/bin/ankdown")
    parser.add_argument("--md2anki", default="/tmp/exportbench312/bin/md2anki")
    parser.add_argument(
        "--timeout", type=float, default=TIMEOUT_S, help="seconds per run before a tool is cut off"
    )
    args = parser.parse_args(argv)

    import notedeck

    compileall.compile_dir(Path(notedeck.__file__).parent, quiet=1)
    cards = make_cards(args.cards)
    with tempfile.TemporaryDirectory(prefix="notedeck-export-bench-") as tmp:
        work = Path(tmp)
        write_notedeck_input(cards, work / "cards.json")
        write_ankdown_input(cards, work / "ankdown")
        write_md2anki_input(cards, work / "cards.md")
        in_process = time_in_process(cards, work / "inproc.apkg", runs=args.runs)
        tools = [
            Tool(
                "notedeck",
                [sys.executable, str(CHILD), "cards.json", "notedeck.apkg"],
                work / "notedeck.apkg",
            ),
            Tool(
                "ankdown",
                [args.ankdown, "-r", str(work / "ankdown"), "-p", str(work / "ankdown.apkg")],
                work / "ankdown.apkg",
            ),
            Tool(
                "md2anki",
                [args.md2anki, "cards.md", "-o-anki", "md2anki.apkg", "-d", "WARNING"],
                work / "md2anki.apkg",
            ),
        ]
        results = time_tools(
            tools, cwd=work, runs=args.runs, expected=len(cards), timeout_s=args.timeout
        )

    report = _report(cards, results, in_process)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "export.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    _print_table(report)
    return 0


def _report(cards: list[Card], results: list[Result], in_process: list[float]) -> dict[str, Any]:
    ours = results[0].median_s
    rows = []
    for result in results:
        row = result.as_json()
        theirs = result.median_s
        row["notedeck_speedup"] = (
            round(theirs / ours, 2) if ours and theirs and result.tool != "notedeck" else None
        )
        rows.append(row)
    speedups = [r["notedeck_speedup"] for r in rows if r["notedeck_speedup"] is not None]
    kinds: dict[str, int] = {}
    for card in cards:
        kinds[card.kind.value] = kinds.get(card.kind.value, 0) + 1
    return {
        "cards": len(cards),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "kinds": kinds,
        "python": sys.version.split()[0],
        "notedeck_in_process_s": [round(t, 3) for t in in_process],
        "notedeck_in_process_median_s": round(statistics.median(in_process), 3),
        "tools": rows,
        "target_speedup": TARGET_SPEEDUP,
        "meets_target": bool(speedups) and min(speedups) >= TARGET_SPEEDUP,
    }


def _print_table(report: dict[str, Any]) -> None:
    print(f"{report['cards']} cards {report['kinds']}")
    print(f"notedeck export_anki in process: {report['notedeck_in_process_median_s']:.2f} s")
    print(f"{'tool':<10} {'median s':>9} {'runs s':<24} {'notes':>6} {'notedeck ×':>10}  note")
    for row in report["tools"]:
        median = "-" if row["median_s"] is None else f"{row['median_s']:.2f}"
        runs = ", ".join(f"{t:.2f}" for t in row["runs_s"])
        speedup = "" if row["notedeck_speedup"] is None else f"{row['notedeck_speedup']:.1f}"
        notes = "" if row["notes"] is None else str(row["notes"])
        print(
            f"{row['tool']:<10} {median:>9} {runs:<24} {notes:>6} {speedup:>10}  "
            f"{row['error'] or ''}"
        )
    print(f"target: notedeck ≥ {report['target_speedup']:.0f}× faster: {report['meets_target']}")


if __name__ == "__main__":
    sys.exit(main())
