"""A short run of the fuzz campaign (`bench/fuzz.py`): generated hostile notes go through
read, outline, findings, cards, ids, both CSV exports and an `.apkg`, as the CLI does them."""

from __future__ import annotations

from pathlib import Path

from bench.fuzz import crashes_here

SEED = 0
NOTES = range(0, 200)  # the first notes of seed 0, hostile ones included


def test_generated_notes_go_through_every_stage_without_a_crash(tmp_path: Path) -> None:
    crashes: list[str] = []
    pages = cards = 0
    for start in range(0, len(NOTES), 100):
        stats, found = crashes_here(SEED, NOTES[start : start + 100], tmp_path)
        pages, cards = pages + stats.pages, cards + stats.cards
        crashes += found

    assert crashes == []
    assert pages == len(NOTES)  # every note is a page, however broken
    assert cards > len(NOTES)  # and the realistic ones still give cards
