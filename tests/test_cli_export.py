"""`notedeck export` end to end: notes → build → .apkg → a real Anki collection."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from typer.testing import CliRunner

from notedeck.cli import app

runner = CliRunner()


def invoke(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_export_anki_guids_are_our_card_ids(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'study.sqlite'}"
    out = tmp_path / "deck.apkg"
    report = json.loads(invoke("export", "anki", str(out), "--db", db, "--json"))
    cards = json.loads(invoke("cards", "--db", db, "--json"))["cards"]
    assert report["notes"] == len(cards)

    col = Collection(str(tmp_path / "collection.anki2"))
    try:
        request = ImportAnkiPackageRequest(
            package_path=str(out), options=ImportAnkiPackageOptions(with_scheduling=False)
        )
        col.import_anki_package(request)
        guids = {col.get_note(nid).guid for nid in col.find_notes("")}
        assert guids == {card["id"] for card in cards}
        names = {deck.name for deck in col.decks.all_names_and_ids()}
        assert "Modern History Revision::🚩 Soviet Russia: winning and keeping power" in names
    finally:
        col.close()


def test_export_csv_for_quizlet(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'study.sqlite'}"
    out = tmp_path / "cards.tsv"
    invoke("export", "csv", str(out), "--db", db, "--style", "quizlet")
    rows = list(csv.reader(out.open(encoding="utf-8"), delimiter="\t"))
    cards = json.loads(invoke("cards", "--db", db, "--json"))["cards"]
    assert len(rows) == len(cards)
    assert all(len(row) == 2 and row[0] and row[1] for row in rows)
    bad = runner.invoke(app, ["export", "csv", str(out), "--db", db, "--style", "word"])
    assert bad.exit_code == 2
