"""How faithfully notedeck reads real GitBook spaces: pages, markup left in, findings, cards, time.

    python bench/gitbook.py [SPACE ...] [--json] [--fetch]

With no SPACE, reads every space under `tests/fixtures/gitbook-real/` and, when it exists,
every space `bench/fetch_gitbook.py` wrote to bench/out/gitbook-fetched/ (the students'
notes whose licences keep them out of the repository; `--fetch` fetches them first).

Per space it prints:

* pages read against the entries of its SUMMARY.md (or of every SUMMARY.md, for a folder
  of several spaces);
* raw markup left in what a user sees (titles, outline text, table cells, card faces),
  outside code: `<tag`, `{%`, `&lt;`, `&#`, `"mention"` (target 0), with examples;
* findings by code;
* cards, and cards whose faces hold that markup (target 0);
* `{% include %}` blocks read in place, and the cards from their text;
* time to load the notebook (no cache) and to derive its cards.

If the hand-judged spelling sample (`bench/out/spelling-judged*.json`) is there, its
precision is printed too. Results go to `bench/out/gitbook.json`.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from notedeck.derive.cards import derive_cards
from notedeck.model import Notebook, Point
from notedeck.notebook import load_notebook
from notedeck.parse.summary import parse_summary

HERE = Path(__file__).parent
OUT = HERE / "out"
FIXTURES = HERE.parent / "tests" / "fixtures" / "gitbook-real"
STAGING = HERE / "out" / "gitbook-fetched"
# HTML elements a Markdown page may hold. `<host>`, `<file>`: a placeholder the author wrote
# in prose is text, not markup, and is counted apart (`angle_words`).
_ELEMENTS = (
    "a|abbr|b|blockquote|br|center|code|details|div|em|figcaption|figure|font|h[1-6]|hr|i|"
    "iframe|img|kbd|li|mark|ol|p|picture|pre|s|script|small|source|span|strong|style|sub|"
    "summary|sup|table|tbody|td|th|thead|tr|u|ul|video"
)
# A backslash-escaped `\<` or `\{%` is the author's literal text, not markup left in.
RAW_MARKUP = re.compile(
    rf"(?<!\\)</?(?:{_ELEMENTS})(?=[\s/>])|(?<!\\)\{{%|&lt;|&#|\"mention\"", re.IGNORECASE
)
ANGLE_WORD = re.compile(r"</?[a-zA-Z][\w-]*(?=[\s/>])")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1", re.DOTALL)


def shown_texts(notebook: Notebook) -> Iterator[tuple[str, str, str]]:
    """(page, where, text) for every piece of note text a user sees, code left out."""
    for page in notebook.pages:
        yield page.id, "title", page.title
        for section in page.sections:
            yield page.id, "section", section.title
            yield from _points(page.id, section.points)
            for factor in section.factors:
                yield page.id, "factor", factor.title
                yield from _points(page.id, factor.points)
                for statement in factor.statements:
                    for wording in statement.alternatives:
                        yield page.id, "statement", wording


def _points(page: str, points: tuple[Point, ...]) -> Iterator[tuple[str, str, str]]:
    for point in points:
        table = getattr(point, "table", None)  # None before tables were kept: measures old code
        if table is not None:
            for row in (table.header, *table.rows):
                for cell in row:
                    yield page, "table cell", cell
        elif not point.code:
            yield page, "point", point.text
        yield from _points(page, point.children)


def raw_markup(text: str) -> list[str]:
    """The raw markup left in a text, outside inline code."""
    return RAW_MARKUP.findall(_CODE_SPAN.sub("", text))


def summary_entries(root: Path) -> int:
    """How many pages the space's SUMMARY.md files link."""
    total = 0
    for summary in root.rglob("*"):
        if summary.name.lower() == "summary.md" and summary.is_file():
            folder = summary.parent.relative_to(root).as_posix()
            text = summary.read_text("utf-8", errors="replace")
            total += len(parse_summary(text, "" if folder == "." else folder).entries)
    return total


def measure(root: Path) -> dict[str, Any]:
    started = time.perf_counter()
    notebook = load_notebook(root, cache_dir=False, workers=1)
    loaded = time.perf_counter()
    cards = derive_cards(notebook)
    derived = time.perf_counter()
    markup: Counter[str] = Counter()
    examples: list[str] = []
    angle_words = 0
    for page, where, text in shown_texts(notebook):
        angle_words += len(ANGLE_WORD.findall(_CODE_SPAN.sub("", text)))
        found = raw_markup(text)
        markup.update(found)
        if found and len(examples) < 5:
            examples.append(f"{page} ({where}): {text[:120]!r}")
    card_markup = [c for c in cards if raw_markup(c.front) or raw_markup(c.back)]
    findings = Counter(f.code for f in notebook.all_findings())
    return {
        "space": root.name,
        "commit": (root / "COMMIT").read_text().strip() if (root / "COMMIT").is_file() else None,
        "pages": len(notebook.pages),
        "summary_entries": summary_entries(root),
        "raw_markup": sum(markup.values()),
        "raw_markup_by_form": dict(markup.most_common()),
        "raw_markup_examples": examples,
        "angle_words": angle_words,
        "findings": sum(findings.values()),
        "findings_by_code": dict(findings.most_common()),
        "cards": len(cards),
        "cards_with_markup": len(card_markup),
        # `{% include %}` blocks read in place, and the cards their text gave (0 before
        # includes were read).
        "included_blocks": sum(len(getattr(page, "included", ())) for page in notebook.pages),
        "cards_from_included": sum(1 for c in cards if getattr(c.source, "file", None)),
        "card_markup_examples": [f"{c.front!r} -> {c.back!r}" for c in card_markup[:3]],
        "load_s": round(loaded - started, 3),
        "cards_s": round(derived - loaded, 3),
    }


def spelling_precision() -> list[dict[str, Any]]:
    """The judged spelling samples, when they exist: precision = right flags / flags."""
    results = []
    for judged in sorted(OUT.glob("spelling-judged*.json")):
        try:
            data = json.loads(judged.read_text())
        except (OSError, ValueError):
            continue
        items = data.get("items", data) if isinstance(data, dict) else data
        if not isinstance(items, list):
            continue
        # A judged flag has `"verdict": "misspelling"` (a right flag) or `"not"` per judged flag.
        verdicts = [
            i
            for i in items
            if isinstance(i, dict) and (i.get("verdict") in ("misspelling", "not") or "right" in i)
        ]
        right = sum(1 for i in verdicts if i.get("verdict") == "misspelling" or i.get("right"))
        results.append(
            {
                "file": judged.name,
                "judged": len(verdicts),
                "right": right,
                "precision": round(right / len(verdicts), 3) if verdicts else None,
                "reported": data.get("precision") if isinstance(data, dict) else None,
            }
        )
    return results


def _spaces(named: list[str]) -> list[Path]:
    if named:
        return [Path(n) for n in named]
    found = sorted(p for p in FIXTURES.iterdir() if p.is_dir())
    if STAGING.is_dir():
        committed = {p.name for p in found}
        found += sorted(p for p in STAGING.iterdir() if p.is_dir() and p.name not in committed)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spaces", nargs="*")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--fetch", action="store_true", help="fetch the restricted spaces first")
    args = parser.parse_args(argv)
    if args.fetch:
        fetcher = [sys.executable, str(HERE / "fetch_gitbook.py"), "--only", "restricted"]
        subprocess.run(fetcher, check=False)
    results = [measure(space) for space in _spaces(args.spaces)]
    report = {"spaces": results, "spelling": spelling_precision()}
    OUT.mkdir(exist_ok=True)
    (OUT / "gitbook.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    if args.json:
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    for r in results:
        print(
            f"{r['space']}: {r['pages']} pages / {r['summary_entries']} SUMMARY entries, "
            f"raw markup {r['raw_markup']} (<words> {r['angle_words']}), cards {r['cards']} "
            f"({r['cards_with_markup']} with markup; {r['cards_from_included']} from "
            f"{r['included_blocks']} included blocks), findings {r['findings']}, "
            f"load {r['load_s']} s, cards {r['cards_s']} s"
        )
        if r["raw_markup"]:
            print(f"    markup by form: {r['raw_markup_by_form']}")
            for example in r["raw_markup_examples"]:
                print(f"    e.g. {example}")
        for example in r["card_markup_examples"]:
            print(f"    card: {example}")
        top = ", ".join(f"{code} {n}" for code, n in list(r["findings_by_code"].items())[:6])
        print(f"    findings: {top}")
    total = {
        key: sum(r[key] for r in results)
        for key in ("pages", "summary_entries", "raw_markup", "cards", "cards_with_markup")
    }
    print(f"total: {total}")
    for judged in report["spelling"]:
        print(f"spelling ({judged['file']}): {judged['right']}/{judged['judged']} right, "
              f"precision {judged['precision']} (judge: {judged['reported']})")  # fmt: skip
    if not report["spelling"]:
        print("spelling: no judged sample in bench/out/spelling-judged*.json yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
