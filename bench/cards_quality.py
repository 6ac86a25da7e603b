"""Measure card quality on the blind card test set (`tests/fixtures/cards-eval/`).

    python bench/cards_quality.py [--split dev|test|both] [--misses] [--sample N --seed S]

Each split is a folder of pages written by helpers who never read `derive/`, each page with a
`.key.json` of the facts a teacher would test. For every split this reports:

* key facts hidden: a card made from the fact's own line whose back holds the answer and whose
  front does not (dates, people, terms, places, numbers, each counted apart);
* explicit cards present: every `Q::A`, `==cloze==`, `{{c1::…}}` or `?` card the page's key
  lists is a card on that line with that answer in its back;
* cards per page, by kind;
* cards with markup left in (must be 0), with the first few shown.

`--misses` lists the facts no card hides. Use it on `dev` only: the test split is reported,
never tuned on. `--sample N` writes N random cards of the split, with their source lines, to
`bench/out/card-sample-<split>.json`, the input of the blind judgement (`docs/card-rubric.md`).
Results are written to `bench/out/cards-quality.json`.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notedeck.derive.cards import derive_cards  # noqa: E402
from notedeck.model import Card, CardKind  # noqa: E402
from notedeck.notebook import load_notebook  # noqa: E402
from tests.helpers import markup_in  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "cards-eval"
OUT = ROOT / "bench" / "out"
_EXPLICIT = frozenset({CardKind.BASIC, CardKind.REVERSED, CardKind.CLOZE})


def norm(text: str) -> str:
    """Case, accents, markup, dashes and spacing do not change whether a fact shows."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("**", "")
    text = re.sub(r"[–—‑]", "-", text)
    return " ".join(re.findall(r"[\w%°.+-]+", text)).replace(" .", ".")


def _contains(haystack: str, needle: str) -> bool:
    """Whole-token containment: `6` is not inside `1.6`, `19` is not inside `1919`."""
    h, n = norm(haystack), norm(needle)
    return bool(n) and re.search(rf"(?<![\w.]){re.escape(n)}(?![\w]|\.\d)", h) is not None


def line_of(text: str, fragment: str) -> int:
    """1-based number of the line that holds `fragment` (keys quote one line verbatim)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            return number
    raise ValueError(f"key line not found: {fragment!r}")


def hides(card: Card, answer: str) -> bool:
    return _contains(card.back, answer) and not _contains(card.front, answer)


def evaluate(split: str, *, misses: bool = False) -> dict[str, Any]:
    folder = EVAL / split
    notebook = load_notebook(folder)
    cards = derive_cards(notebook)
    by_line: dict[tuple[str, int], list[Card]] = {}
    for card in cards:
        by_line.setdefault((card.source.page, card.source.line or 0), []).append(card)
    facts = Counter[str]()
    hidden = Counter[str]()
    explicit_total = explicit_found = 0
    missed: list[str] = []
    for key_file in sorted(folder.glob("*.key.json")):
        key = json.loads(key_file.read_text(encoding="utf-8"))
        page_id = key["page"]
        text = (folder / page_id).read_text(encoding="utf-8")
        for fact in key["facts"]:
            line = line_of(text, fact["line"])
            facts[fact["kind"]] += 1
            if any(hides(c, fact["answer"]) for c in by_line.get((page_id, line), [])):
                hidden[fact["kind"]] += 1
            elif misses:
                missed.append(f"{page_id}:{line} [{fact['kind']}] {fact['answer']!r}")
        for item in key.get("explicit", []):
            line = line_of(text, item["line"])
            explicit_total += 1
            # A `?` card sits on its question's line; a key may quote its answer's, below.
            near = [c for at in range(line - 2, line + 1) for c in by_line.get((page_id, at), [])]
            found = [c for c in near if c.kind in _EXPLICIT and _contains(c.back, item["answer"])]
            explicit_found += bool(found)
            if not found and misses:
                missed.append(f"{page_id}:{line} [explicit] {item['answer']!r}")
    marked = [(c, why) for c in cards if (why := markup_in(c.front) or markup_in(c.back))]
    pages = len(notebook.pages)
    result = {
        "split": split,
        "pages": pages,
        "cards": len(cards),
        "cards_per_page": round(len(cards) / max(pages, 1), 1),
        "cards_by_kind": dict(Counter(c.kind.value for c in cards)),
        "key_facts": sum(facts.values()),
        "key_facts_hidden": sum(hidden.values()),
        "key_facts_hidden_share": round(sum(hidden.values()) / max(sum(facts.values()), 1), 3),
        "hidden_by_kind": {k: f"{hidden[k]}/{n}" for k, n in sorted(facts.items())},
        "explicit": explicit_total,
        "explicit_found": explicit_found,
        "cards_with_markup": len(marked),
        "markup_examples": [f"{c.source.page}:{c.source.line} {why}" for c, why in marked[:5]],
    }
    if misses:
        result["missed"] = missed
    return result


def sample(split: str, count: int, seed: int) -> Path:
    """`count` random cards of a split with their source lines, for the blind judge."""
    folder = EVAL / split
    cards = list(derive_cards(load_notebook(folder)))
    chosen = random.Random(seed).sample(cards, min(count, len(cards)))
    lines = {p.name: p.read_text(encoding="utf-8").splitlines() for p in folder.glob("*.md")}
    items = []
    for number, card in enumerate(chosen, start=1):
        page_lines = lines[card.source.page]
        at = (card.source.line or 1) - 1
        items.append(
            {
                "n": number,
                "kind": card.kind.value,
                "front": card.front,
                "back": card.back,
                "page": card.source.page,
                "heading": " › ".join(x for x in (card.source.section, card.source.factor) if x),
                "source_lines": page_lines[max(at - 1, 0) : at + 2],
            }
        )
    OUT.mkdir(parents=True, exist_ok=True)
    target = OUT / f"card-sample-{split}.json"
    target.write_text(json.dumps(items, indent=1, ensure_ascii=False), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    folders = sorted(
        p.name for p in EVAL.iterdir() if p.is_dir()
    )  # a new batch, before it joins dev
    parser.add_argument("--split", choices=(*folders, "both"), default="both")
    parser.add_argument("--misses", action="store_true", help="list unhidden facts (dev only)")
    parser.add_argument("--sample", type=int, default=0)
    parser.add_argument("--seed", type=int, default=20261204)
    args = parser.parse_args()
    splits = ("dev", "test") if args.split == "both" else (args.split,)
    if args.sample:
        for split in splits:
            print(f"wrote {sample(split, args.sample, args.seed)}")
        return
    results = [evaluate(s, misses=args.misses and s != "test") for s in splits]
    for r in results:
        print(
            f"{r['split']:>4}: {r['pages']} pages, {r['cards']} cards ({r['cards_per_page']}/page)"
            f" · key facts hidden {r['key_facts_hidden']}/{r['key_facts']}"
            f" ({100 * r['key_facts_hidden_share']:.1f} %) · explicit"
            f" {r['explicit_found']}/{r['explicit']} · with markup {r['cards_with_markup']}"
        )
        print(f"      hidden by kind: {r['hidden_by_kind']}")
        print(f"      cards by kind: {r['cards_by_kind']}")
        for example in r["markup_examples"]:
            print(f"      markup: {example}")
        for miss in r.get("missed", []):
            print(f"      missed {miss}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "cards-quality.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
