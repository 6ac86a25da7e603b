"""The Exams screen and `/api/exams`: the same exams, checks and figures as `notedeck exam`,
over a real SQLite store; and the browser's review follows the exam plan as the CLI's does."""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from notedeck.cli import app as cli
from notedeck.web.app import create_app

NOW = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
NOW_TEXT = NOW.isoformat()
EXAM_DAY = (NOW.date() + timedelta(days=20)).isoformat()
SCOPE = "rise-of-hitler*"


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.sqlite'}"


@pytest.fixture
def client(example: Path, db_url: str) -> Iterator[TestClient]:
    app = create_app(example, db_url, watch=False, clock=lambda: NOW, tz=UTC)
    with TestClient(app, base_url="http://127.0.0.1") as test_client:
        test_client.headers["X-CSRF-Token"] = test_client.get("/api/session").json()["csrf"]
        yield test_client


def _cli(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


def _form(client: TestClient, **fields: str) -> Any:
    """Post the add-exam form as the browser does: the CSRF token in a hidden field."""
    token = client.headers.pop("X-CSRF-Token")
    try:
        return client.post("/exams", data={"csrf": token, **fields}, follow_redirects=False)
    finally:
        client.headers["X-CSRF-Token"] = token


def test_an_exam_added_through_the_api_reads_as_the_cli_shows_it(
    client: TestClient, example: Path, db_url: str
) -> None:
    added = client.post(
        "/api/exams",
        json={"name": "Paper 1", "day": EXAM_DAY, "pages": [SCOPE], "weekly": {"sat": 0}},
    )
    assert added.status_code == 201, added.text
    assert added.json()["exam"]["minutes"]["sat"] == 0.0
    assert added.json()["exam"]["minutes"]["mon"] == 30.0
    assert added.json()["cards"] > 10

    listed = _cli("exam", "list", str(example), "--db", db_url, "--now", NOW_TEXT, "--json")
    assert client.get("/api/exams").json() == json.loads(listed)
    status = _cli(
        "exam", "status", "Paper 1", str(example), "--db", db_url, "--now", NOW_TEXT, "--json"
    )
    shown = client.get("/api/exam", params={"name": "Paper 1"}).json()
    assert shown == json.loads(status)
    assert {s["page"] for s in shown["sections"]} == {"rise-of-hitler.md"}
    assert len(shown["workload"]) == 20 and shown["advice"].startswith("At ")

    removed = client.post("/api/exams/remove", json={"name": "Paper 1"})
    assert removed.json() == {"removed": "Paper 1", "left": 0}
    assert client.get("/api/exams").json()["exams"] == []
    missing = client.get("/api/exam", params={"name": "Paper 1"})
    assert missing.status_code == 404
    assert missing.json()["error"]["message"] == "no exam called 'Paper 1' (exams: none yet)"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"day": "2026-11-01"},
            "exam 'Paper 2' on 2026-11-01 is in the past (today is 2026-12-05)",
        ),
        ({"minutes": "0"}, "exam 'Paper 2' has a budget of zero minutes before"),
        ({"pages": "wiemar*"}, "'wiemar*' matches no card in"),
        ({"sections": "Causes of WW1"}, "'Causes of WW1' matches no card in"),
        ({"name": "Paper 1"}, "there is already an exam called 'Paper 1'"),
        ({"day": "next tuesday"}, "'next tuesday' is not a date; write it as YYYY-MM-DD"),
        ({"minutes": "lots"}, "minutes a day: 'lots' is not a number of minutes"),
        ({"sat": "-5"}, "--weekly sat: -5 is not a number of minutes a day (0 to 1440)"),
        ({"day": "2207-06-01"}, "is more than three years ahead; is the year right?"),
    ],
)
def test_bad_input_comes_back_on_the_form_with_what_was_typed(
    client: TestClient, fields: dict[str, str], message: str
) -> None:
    first = _form(client, name="Paper 1", day=EXAM_DAY, pages=SCOPE)
    assert first.status_code == 303 and first.headers["location"] == "/exam?name=Paper+1"
    typed = {"name": "Paper 2", "day": EXAM_DAY, "pages": SCOPE, **fields}
    refused = _form(client, **typed)
    assert refused.status_code == 400
    assert 'class="banner error form-error"' in refused.text
    alert = refused.text.split('role="alert">', 1)[1].split("</p>", 1)[0]
    assert message in alert.replace("&#39;", "'"), alert
    assert f'value="{typed["name"]}"' in refused.text, "the name typed was lost"
    assert [e["name"] for e in client.get("/api/exams").json()["exams"]] == ["Paper 1"]


def test_state_changes_need_the_csrf_token_and_our_origin(client: TestClient) -> None:
    token = client.headers.pop("X-CSRF-Token")
    no_token = client.post("/exams", data={"name": "P", "day": EXAM_DAY})
    wrong = client.post("/exams", data={"csrf": token[::-1], "name": "P", "day": EXAM_DAY})
    client.headers["X-CSRF-Token"] = token
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    assert wrong.status_code == 403
    cross = client.post(
        "/api/exams", json={"name": "P", "day": EXAM_DAY}, headers={"Origin": "https://evil.test"}
    )
    assert cross.status_code == 403
    cross_remove = client.post(
        "/api/exams/remove", json={"name": "P"}, headers={"Origin": "https://evil.test"}
    )
    assert cross_remove.status_code == 403
    assert client.get("/api/exams").json()["exams"] == []


def _cli_next_card(example: Path, db_url: str) -> dict[str, Any]:
    """The card `notedeck review --jsonl` would show now from the same store."""
    out = _cli(
        "review", str(example), "--db", db_url, "--jsonl", "--now", NOW_TEXT,
        stdin='{"quit": true}\n',
    )  # fmt: skip
    first = json.loads(out.splitlines()[0])
    assert "card" in first, f"the CLI showed no card: {out}"
    return first


def test_the_browser_review_serves_the_exam_plan_in_the_cli_order(
    client: TestClient, example: Path, db_url: str
) -> None:
    plain = client.get("/api/review").json()["card"]
    assert not plain["source"]["page"].startswith("rise-of-hitler"), plain["source"]
    added = client.post("/api/exams", json={"name": "Paper 1", "day": EXAM_DAY, "pages": [SCOPE]})
    assert added.status_code == 201, added.text

    served: list[str] = []
    for grade in (3, 1, 4, 3, 2, 3, 3, 1):
        shown = client.get("/api/review").json()["card"]
        expected = _cli_next_card(example, db_url)
        assert expected["exam"] is True, "the CLI is not following the exam plan"
        assert shown["id"] == expected["card"], (
            f"after {len(served)} answers the web shows {shown['id']}, "
            f"the CLI's exam-aware queue {expected['card']}"
        )
        assert shown["source"]["page"] == "rise-of-hitler.md", shown["source"]
        served.append(shown["id"])
        answered = client.post("/api/review/answer", json={"card_id": shown["id"], "rating": grade})
        assert answered.status_code == 200, answered.text
    assert len(set(served)) > 3, f"the plan served {served}"

    client.post("/api/exams/remove", json={"name": "Paper 1"})
    after = client.get("/api/review").json()["card"]
    assert after["id"] == _cli_next_card(example, db_url)["card"]
    assert not after["source"]["page"].startswith("rise-of-hitler"), (
        "with the exam removed, review is still on the exam's pages"
    )


def test_a_whole_notebook_exam_page_follows_each_answer_as_the_cli_does(
    client: TestClient, example: Path, db_url: str
) -> None:
    """An exam over every page keeps its cards between views (as `notedeck exam status`
    does): an answer in the browser still shows on the next view, as a fresh read by the CLI
    shows it."""
    added = client.post("/api/exams", json={"name": "Finals", "day": EXAM_DAY})
    assert added.status_code == 201, added.text
    before = client.get("/api/exam", params={"name": "Finals"}).json()
    for grade in (3, 4, 3):
        card = client.get("/api/review").json()["card"]
        answered = client.post("/api/review/answer", json={"card_id": card["id"], "rating": grade})
        assert answered.status_code == 200, answered.text
    after = client.get("/api/exam", params={"name": "Finals"}).json()
    assert after != before
    saved = Path(os.environ["NOTEDECK_CACHE_DIR"], "exam-columns")
    assert list(saved.glob("*.bin")), "the exam page kept no copy of the cards"
    status = _cli(
        "exam", "status", "Finals", str(example), "--db", db_url, "--now", NOW_TEXT, "--json"
    )
    assert after == json.loads(status)


@pytest.mark.parametrize("name", ["..", "a/b", "back\\slash", "Paper 1 <script>", "Ünïcode ✓"])
def test_any_exam_name_has_a_page_that_shows_it_escaped(client: TestClient, name: str) -> None:
    added = _form(client, name=name, day=EXAM_DAY, pages=SCOPE)
    assert added.status_code == 303, added.text
    page = client.get(added.headers["location"])
    assert page.status_code == 200, page.text
    assert "<script>" not in page.text and 'id="by-section"' in page.text
    assert client.get("/api/exam", params={"name": name}).json()["exam"]["name"] == name
    assert client.post("/api/exams/remove", json={"name": name}).json()["left"] == 0


@pytest.mark.parametrize(
    "body",
    [
        {"name": "P", "day": EXAM_DAY, "pages": ["["]},
        {"name": "P", "day": EXAM_DAY, "sections": ["**", "?"]},
        {"name": "P", "day": EXAM_DAY, "minutes": 1e308},
        {"name": "P", "day": EXAM_DAY, "minutes": -1},
        f'{{"name": "P", "day": "{EXAM_DAY}", "weekly": {{"mon": Infinity}}}}',
        f'{{"name": "P", "day": "{EXAM_DAY}", "minutes": NaN}}',
        {"name": "P", "day": EXAM_DAY, "weekly": {"monday=3,tue": 1}},
        {"name": "P", "day": EXAM_DAY, "days_off": ["2026-12-20..2026-12-10"]},
        {"name": "P", "day": EXAM_DAY, "days_off": ["soon"]},
        {"name": " ", "day": EXAM_DAY},
        {"name": "P", "day": "0001-01-01"},
        {"name": "P", "day": "9999-12-31"},
    ],
)
def test_odd_exams_are_refused_with_a_reason_never_a_server_error(
    client: TestClient, body: dict[str, Any] | str
) -> None:
    if isinstance(body, str):  # what JSON cannot say but Python's reader takes
        sent = {"content": body, "headers": {"Content-Type": "application/json"}}
    else:
        sent = {"json": body}
    refused = client.post("/api/exams", **sent)
    assert refused.status_code in (400, 422), refused.text
    message = refused.json()["error"]["message"]
    assert message and "Traceback" not in message
    assert client.get("/api/exams").json()["exams"] == []


def test_an_exam_added_in_the_terminal_reaches_an_open_browser_review(
    client: TestClient, example: Path, db_url: str
) -> None:
    plain = client.get("/api/review").json()["card"]
    assert not plain["source"]["page"].startswith("rise-of-hitler"), plain["source"]
    _cli("exam", "add", "Paper 1", EXAM_DAY, str(example), "--db", db_url, "--now", NOW_TEXT,
         "--pages", SCOPE)  # fmt: skip
    time.sleep(2.2)  # the app looks for exams changed elsewhere every two seconds
    shown = client.get("/api/review").json()["card"]
    assert shown["source"]["page"] == "rise-of-hitler.md", shown["source"]
    assert shown["id"] == _cli_next_card(example, db_url)["card"]


def test_a_short_budget_shows_the_sections_at_risk_and_the_weak_factors(
    client: TestClient,
) -> None:
    day = (NOW.date() + timedelta(days=3)).isoformat()
    added = _form(client, name="Mock", day=day, minutes="5")
    assert added.status_code == 303, added.text
    status = client.get("/api/exam", params={"name": "Mock"}).json()
    assert not status["budget_covers_scope"] and status["weak_factors"], status["advice"]
    page = client.get(added.headers["location"]).text
    advice = page.split('id="advice">', 1)[1].split("</p>", 1)[0]
    assert advice.replace("&#39;", "'") == status["advice"]
    assert advice.startswith("At 5 min/day you will reach about ")
    at_risk = page.split('id="at-risk"', 1)[1].split("</table>", 1)[0]
    shown = [int(v) for v in re.findall(r'recall-value">(\d+)%', at_risk)]
    expected = [round(g["recall"] * 100) for g in status["at_risk"]]
    assert shown == expected and shown == sorted(shown) and len(shown) == 5, shown
    weak = page.split('id="weak-factors"', 1)[1].split("</table>", 1)[0]
    assert weak.count('<tr class="weak">') == len(status["weak_factors"])
    assert status["weak_factors"][0]["factor"] in weak.replace("&#39;", "'")
