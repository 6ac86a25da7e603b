"""`notedeck build`, `cards`, `review`, `stats` and `optimize` through the real CLI and store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.study.session import ReviewSession
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


def test_review_counts_cards_and_what_is_left(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    cards = json.loads(invoke("cards", str(notes), "--db", db, "--json"))["cards"]
    output = invoke("review", str(notes), "--db", db, input="\n3\nq\n")
    total = len(cards)  # all new, fewer than the 20 new cards a session takes
    assert f"Card 1 of {total} · left: {total} new, 0 learning, 0 due" in output
    # New cards still wait: the summary says so, never "0 still due".
    assert f"Left: 0 due, 0 learning, {total - 1} new." in output
    assert "still due" not in output


def test_suspended_cards_leave_review_and_stay_suspended(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    cards = json.loads(invoke("cards", str(notes), "--db", db, "--json"))["cards"]
    card_id = cards[0]["id"]
    assert "is suspended" in invoke("suspend", card_id, str(notes), "--db", db)
    assert "already suspended" in invoke("suspend", card_id, str(notes), "--db", db)
    invoke("build", str(notes), "--db", db)  # a rebuild of the notes keeps the choice
    listed = json.loads(invoke("cards", str(notes), "--db", db, "--json"))["cards"]
    assert [c["suspended"] for c in listed if c["id"] == card_id] == [True]
    with Store.open(db) as store:
        due = store.next_due(datetime.now(UTC), limit=100)
        assert card_id not in {d.card.id for d in due}
        assert store.queue_counts(datetime.now(UTC)).new == len(cards) - 1
    assert "back in review" in invoke("unsuspend", card_id, str(notes), "--db", db)
    with Store.open(db) as store:
        assert card_id in {d.card.id for d in store.next_due(datetime.now(UTC), limit=100)}


def test_suspending_an_unknown_card_names_it(notebook: tuple[Path, str]) -> None:
    notes, db = notebook
    result = runner.invoke(app, ["suspend", "no-such-card", str(notes), "--db", db])
    assert result.exit_code != 0
    assert "no-such-card" in result.output


def test_siblings_from_one_line_are_buried_for_the_day(tmp_path: Path) -> None:
    """Answering `[...] and Zinoviev…` must not be followed today by a card that shows it."""
    notes = write_notes(
        tmp_path / "notes",
        {"t.md": "# Troika\n\n## Rise\n\n* In 1923 Kamenev chaired the congress in Moscow\n"},
    )
    db = f"sqlite:///{tmp_path / 's.sqlite'}"
    cards = json.loads(invoke("cards", str(notes), "--db", db, "--json"))["cards"]
    assert len(cards) >= 2 and len({c["source"]["line"] for c in cards}) == 1
    output = invoke("review", str(notes), "--db", db, input="\n3\n\n3\nq\n")
    assert "Reviewed 1 card" in output  # the siblings wait for tomorrow
    with Store.open(db) as store:
        tomorrow = datetime.now(UTC) + timedelta(days=1)
        session = ReviewSession(store, clock=lambda: tomorrow, session_id="t")
        assert session.next_card() is not None
