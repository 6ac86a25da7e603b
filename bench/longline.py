"""Benchmark one enormous bullet: cards, front text, time and memory for 100 KB and 1 MB lines.

    python bench/longline.py [--sizes 100000 1000000] [--shapes prose run-on bold]

A line that long is not notes, but it reaches notedeck (a pasted transcript, a minified
export) and must not take the machine down: issue 11 saw a 100 KB bullet make 1,100 cards
holding 101 MB of front text and a 1 MB one run past 120 s at 5.6 GB. Each card shows only
its own clause, capped at `MAX_FRONT` characters, so the cards of a line grow linearly with
it. Shapes of the line (seeded, so every run sees the same text):

* prose: distinct short sentences (`Kamenev signed the Treaty of Riga in 1921.`), many cards;
* run-on: the same facts with no sentence ends, one clause of the whole line;
* bold: run-on text with a bold term every few words (each a candidate answer).

Each (size, shape) runs in a child process that writes the page into a temporary folder,
loads it with `load_notebook` (no page cache) and derives its cards with `derive_cards`;
the parent reports cards, total front bytes, the largest front, seconds and the child's peak
RSS (ru_maxrss). Prints a table and writes `bench/out/longline.json`.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(__file__).parent / "out"
_PEOPLE = ["Kamenev", "Zinoviev", "Bukharin", "Trotsky", "Rykov", "Tomsky", "Molotov", "Kirov"]
_VERBS = ["signed", "opposed", "drafted", "announced", "rejected", "chaired", "praised"]
_THINGS = [
    "the Treaty of Riga",
    "the New Economic Policy",
    "the Five Year Plan",
    "the Comintern congress",
    "the Cheka reform",
    "the Kronstadt settlement",
]


def make_line(size: int, shape: str, seed: int = 11) -> str:
    """A line of `size` characters in one of the shapes the module docstring lists."""
    rng = random.Random(seed)
    parts: list[str] = []
    length = 0
    while length < size:
        person, verb, thing = rng.choice(_PEOPLE), rng.choice(_VERBS), rng.choice(_THINGS)
        year = rng.randrange(1900, 1990)
        if shape == "prose":
            part = f"{person} {verb} {thing} in {year}."
        elif shape == "bold":
            part = f"{person} {verb} **{thing[4:]}** in {year} and"
        else:
            part = f"{person} {verb} {thing} in {year} and"
        parts.append(part)
        length += len(part) + 1
    return " ".join(parts)[:size]


def _child(size: int, shape: str) -> dict[str, float | int | str]:
    from notedeck.derive.cards import derive_cards
    from notedeck.notebook import load_notebook

    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "long.md"
        page.write_text(f"# Soviet politics\n\n## Rise of Stalin\n\n* {make_line(size, shape)}\n")
        start = time.perf_counter()
        cards = derive_cards(load_notebook(folder, cache_dir=False, workers=1))
        seconds = time.perf_counter() - start
    fronts = [len(card.front.encode()) for card in cards]
    return {
        "size": size,
        "shape": shape,
        "cards": len(cards),
        "front_bytes": sum(fronts),
        "largest_front": max(fronts, default=0),
        "seconds": round(seconds, 2),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--shapes", nargs="+", default=["prose", "run-on", "bold"])
    parser.add_argument("--child", nargs=2, metavar=("SIZE", "SHAPE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(int(args.child[0]), args.child[1])))
        return
    rows = []
    print(f"{'size':>9} {'shape':<7} {'cards':>6} {'front B':>9} {'max':>4} {'s':>6} {'RSS MB':>7}")
    for size in args.sizes:
        for shape in args.shapes:
            done = subprocess.run(
                [sys.executable, __file__, "--child", str(size), shape],
                capture_output=True,
                text=True,
                check=True,
            )
            row = json.loads(done.stdout)
            rows.append(row)
            print(
                f"{size:>9} {shape:<7} {row['cards']:>6} {row['front_bytes']:>9} "
                f"{row['largest_front']:>4} {row['seconds']:>6} {row['peak_rss_mb']:>7}"
            )
    OUT.mkdir(exist_ok=True)
    (OUT / "longline.json").write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
