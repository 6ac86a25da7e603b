"""`notedeck build`, `cards`, `review`, `stats` and `optimize` through the real CLI and store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.study.store import CardStatus, Store
from tests.helpers import write_notes

runner = CliRunner()

NOTES = """# Stalin

## Reasons for the rise of Stalin

### Control over the party

* Stalin became General Secretary in **1922**
* He appointed loyal supporters such as Molotov and Kaganovich to key posts
* **S: Control of appointments gave Stalin a loyal majority at congresses**

### Trotsky's mistakes

* Trotsky missed Lenin's funeral in 1924
* Trotsky believed in "Permanent Revolution"
* **S: Trotsky's errors let Stalin paint him as disloyal**
"""


@pytest.fixture
def notebook(tmp_path: Path) -> tuple[Path, str]:
    notes = write_notes(tmp_path / "notes", {"stalin.md": NOTES})
    return notes, f"sqlite:///{tmp_path / 'study.sqlite'}"


def invoke(*args: str, input: str | None = None) -> str:
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_build_reports_counts_and_keeps_history_across_edits(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    first = json.loads(invoke("build", str(notes), "--db", db, "--json"))
    assert first["new"] == first["active"] > 0
    assert (first["edited"], first["retired"]) == (0, 0)

    again = json.loads(invoke("build", str(notes), "--db", db, "--json"))
    assert again == {**first, "new": 0, "unchanged": first["active"]}

    page = notes / "stalin.md"
    page.write_text(NOTES.replace("appointed loyal", "apointed loyal"), encoding="utf-8")
    edited = json.loads(invoke("build", str(notes), "--db", db, "--json"))
    assert edited["new"] == 0 and edited["edited"] >= 1 and edited["retired"] == 0

    page.write_text(NOTES.replace("* Trotsky missed Lenin's funeral in 1924\n", ""), "utf-8")
    removed = json.loads(invoke("build", str(notes), "--db", db, "--json"))
    assert removed["retired"] >= 1
    human = invoke("build", str(notes), "--db", db)
    assert "retired" in human and "cards:" in human


def test_cards_json_contract(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    data = json.loads(invoke("cards", str(notes), "--db", db, "--json"))
    cards = data["cards"]
    assert cards, "no cards were derived"
    for card in cards:
        assert set(card) == {"id", "kind", "front", "back", "status", "suspended", "source", "tags"}
        assert set(card["source"]) == {"page", "section", "factor", "line"}
        assert card["source"]["page"] == "stalin.md"
        assert card["status"] == "active"
    answers = {c["back"] for c in cards}
    assert "1922" in answers and "Permanent Revolution" in answers
    assert any(c["kind"] == "factor" for c in cards)


def test_review_session_grades_undo_and_quit(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    # reveal + good; reveal + again; undo (takes back "again"); reveal + easy; quit.
    output = invoke("review", str(notes), "--db", db, input="\n3\n\n1\nu\n\n4\nq\n")
    assert "Undid the last answer." in output
    assert "Reviewed 2 cards (1 good, 1 easy), 1 undone." in output
    with Store.open(db) as store:
        history = store.review_history()
        assert sorted(r.rating.name for r in history) == ["EASY", "GOOD"]
        active = store.stored_cards(status=CardStatus.ACTIVE)
        assert len(active) > 2


def test_review_quits_at_once_without_recording(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    output = invoke("review", str(notes), "--db", db, input="q\n")
    assert "Reviewed 0 cards" in output
    with Store.open(db) as store:
        assert store.review_history() == ()


def test_stats_per_page_and_section(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    invoke("review", str(notes), "--db", db, input="\n3\n\n1\nq\n")
    data = json.loads(invoke("stats", str(notes), "--db", db, "--json"))
    assert data["reviews"] == 2
    assert data["retention"] == 0.5
    assert data["by_state"]["new"] == data["active"] - 2
    [group] = data["groups"]
    assert (group["page"], group["section"]) == ("stalin.md", "Reasons for the rise of Stalin")
    assert group["reviews"] == 2
    assert "By page and section" in invoke("stats", str(notes), "--db", db)


def test_optimize_says_plainly_when_history_is_too_short(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    data = json.loads(invoke("optimize", str(notes), "--db", db, "--json"))
    assert data["fitted"] is False
    assert "review" in data["message"].lower()
    assert invoke("optimize", str(notes), "--db", db).strip() == data["message"]


def test_a_bad_store_url_is_a_one_line_error(notebook: tuple[Path, str]) -> None:
    notes, _ = notebook
    result = runner.invoke(app, ["build", str(notes), "--db", "nosuchdialect://x"])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
