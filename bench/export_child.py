"""The timed notedeck side of `bench/export.py`: read the cards, write the package.

    python bench/export_child.py CARDS_JSON OUT.apkg

Kept apart from the harness so the timed process imports only what an export needs (the
harness's argparse, statistics, subprocess and friends cost about 40 ms), as each competitor
runs as its own command. The cards are built one by one, as the store's `card_from_row`
builds them when `notedeck export` reads them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from notedeck.export.anki import export_anki
from notedeck.model import Card, CardKind, Source

NOTEBOOK = "Modern History"


FIELDS = ("id", "kind", "front", "back", "page", "section", "factor", "line", "tags")


def load_cards(path: Path) -> list[Card]:
    """The cards of a JSON array of rows (`FIELDS`), built one by one."""
    kinds = {kind.value: kind for kind in CardKind}
    rows = json.loads(path.read_text(encoding="utf-8"))
    return [
        Card(id_, kinds[kind], front, back, Source(page, section, factor, line), tuple(tags))
        for id_, kind, front, back, page, section, factor, line, tags in rows
    ]


def main(argv: list[str]) -> int:
    cards_json, out = map(Path, argv)
    export_anki(load_cards(cards_json), out, deck_name=NOTEBOOK)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
