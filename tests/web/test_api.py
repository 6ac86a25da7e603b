"""The JSON API gives what the CLI's `--json` prints, and reviews through the same store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from notedeck.cli import app as cli
from notedeck.study.store import Store
from notedeck.web.app import create_app


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def client(example: Path, db_url: str) -> Iterator[TestClient]:
    app = create_app(example, db_url, watch=False)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        csrf = test_client.get("/api/session").json()["csrf"]
        test_client.headers["X-CSRF-Token"] = csrf
        yield test_client


def _cli_json(*args: str) -> dict:
    result = CliRunner().invoke(cli, [*args, "--json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def test_notebook_and_findings_match_show_and_check(client: TestClient, example: Path) -> None:
    assert client.get("/api/notebook").json() == _cli_json("show", str(example))
    assert client.get("/api/findings").json() == _cli_json("check", str(example))


def test_cards_match_the_cli_over_the_same_store(
    client: TestClient, example: Path, db_url: str
) -> None:
    listed = client.get("/api/cards").json()
    assert len(listed["cards"]) > 100
    assert listed == _cli_json("cards", str(example), "--db", db_url)


def test_answers_through_the_api_are_in_the_store(client: TestClient, db_url: str) -> None:
    first = client.get("/api/review").json()["card"]
    assert first["position"] == 1 and first["left"]["new"] > 0
    answered = client.post("/api/review/answer", json={"card_id": first["id"], "rating": 3})
    assert answered.status_code == 200, answered.text
    following = answered.json()["card"]
    assert following["id"] != first["id"] and following["position"] == 2
    assert following["left"]["new"] == first["left"]["new"] - 1, (first["left"], following)

    stale = client.post("/api/review/answer", json={"card_id": first["id"], "rating": 3})
    assert stale.status_code == 409
    assert stale.json() == {"error": {"status": 409, "message": stale.json()["error"]["message"]}}
    assert "not the card on screen" in stale.json()["error"]["message"]
    with Store.open(db_url) as store:
        assert [r.card_id for r in store.review_history()] == [first["id"]]

    assert client.post("/api/review/undo").json()["undone"] is True
    with Store.open(db_url) as store:
        assert store.review_history() == ()


def test_errors_have_one_shape(client: TestClient) -> None:
    missing = client.get("/api/pages/no-such-page.md")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": {"status": 404, "message": "No page 'no-such-page.md' in this notebook."}
    }
    bad = client.post("/api/review/answer", json={"card_id": "x", "rating": 9})
    assert bad.status_code == 422 and "rating" in bad.json()["error"]["message"]


def test_timeline_people_and_forecast(client: TestClient) -> None:
    events = client.get("/api/timeline", params={"page": "weimar-republic.md"}).json()["events"]
    assert events and {e["page"] for e in events} == {"weimar-republic.md"}
    assert [e["year"] for e in events] == sorted(e["year"] for e in events)
    names = [p["name"] for p in client.get("/api/people").json()["people"]]
    assert any("Stresemann" in name for name in names), names[:20]
    forecast = client.get("/api/forecast").json()
    assert len(forecast["due_per_day"]["days"]) == 15
    assert forecast["cards_by_state"]["new"] == len(client.get("/api/cards").json()["cards"])
