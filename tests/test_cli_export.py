"""`notedeck export` end to end: notes → build → .apkg → a real Anki collection."""

from __future__ import annotations

import csv
import json
import os
import stat
import zipfile
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.errors import ExportError
from notedeck.export.target import check_target
from tests.helpers import write_notes

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


# ---------------------------------------------------------------- targets

NOTES = "# Stalin\n\n## Rise\n\n* Stalin became General Secretary in **1922**\n"


def _export_to(tmp_path: Path, style: str, out: Path) -> tuple[int, str]:
    notes = write_notes(tmp_path / "notes", {"stalin.md": NOTES})
    db = f"sqlite:///{tmp_path / 'study.sqlite'}"
    result = runner.invoke(app, ["export", style, str(out), str(notes), "--db", db])
    return result.exit_code, result.stderr


def test_export_refuses_a_symlink_and_leaves_it_and_its_file_alone(tmp_path: Path) -> None:
    real = tmp_path / "real.apkg"
    real.write_bytes(b"keep me")
    link = tmp_path / "link.apkg"
    link.symlink_to(real)
    code, err = _export_to(tmp_path, "anki", link)
    assert code == 2
    assert err == f"Error: refusing to write {link}: it is a symbolic link; {_ONLY}\n"
    assert link.is_symlink() and real.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "link.apkg",
        "notes",
        "real.apkg",
        "study.sqlite",
    ]


def test_export_refuses_a_fifo_at_once(tmp_path: Path) -> None:
    pipe = tmp_path / "cards.tsv"
    os.mkfifo(pipe)
    code, err = _export_to(tmp_path, "csv", pipe)
    assert (code, err) == (
        2,
        f"Error: refusing to write {pipe}: it is a FIFO (named pipe); {_ONLY}\n",
    )
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)


def test_export_refuses_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "deck.apkg"
    folder.mkdir()
    code, err = _export_to(tmp_path, "anki", folder)
    assert (code, err) == (2, f"Error: refusing to write {folder}: it is a folder; {_ONLY}\n")


def test_a_character_device_is_refused_before_anything_is_written() -> None:
    # Checked without a write: a regression here, run as root, would replace the device.
    with pytest.raises(
        ExportError, match=r"^refusing to write /dev/full: it is a character device"
    ):
        check_target(Path("/dev/full"))


def test_export_replaces_a_regular_file_in_one_step_keeping_its_mode(tmp_path: Path) -> None:
    out = tmp_path / "deck.apkg"
    out.write_bytes(b"old")
    out.chmod(0o640)
    code, err = _export_to(tmp_path, "anki", out)
    assert (code, err) == (0, "")
    assert zipfile.is_zipfile(out) and stat.S_IMODE(out.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg", "notes", "study.sqlite"]


_ONLY = "export writes only to a regular file or a new path"
