"""`notedeck plan` and `notedeck feedback` through the real CLI, model and notes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from notedeck.cli import app
from tests.helpers import FIXTURES

runner = CliRunner()


def test_plan_json_follows_the_contract() -> None:
    result = runner.invoke(app, ["plan", "Explain why Hitler became chancellor in 1933", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "question", "type", "time_bound", "stated_factor", "paragraphs", "ranked",
        "judgement", "gaps",
    }  # fmt: skip
    assert data["type"] == "explain"
    assert 3 <= len(data["paragraphs"]) <= 4
    first = data["paragraphs"][0]
    assert set(first) == {"role", "factor", "evidence", "link", "link_alternatives"}
    assert first["role"] == "main"
    assert {p["factor"]["page"] for p in data["paragraphs"]} == {"rise-of-hitler.md"}
    assert set(data["ranked"][0]) == {"page", "section", "factor", "score"}


def test_plan_markdown_is_printable() -> None:
    question = (
        "'The Depression was the main reason for Hitler's rise to power.' How far do you agree?"
    )
    result = runner.invoke(app, ["plan", question, "--md"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Essay plan:")
    assert "Impact of the Great Depression" in result.stdout
    assert "(for)" in result.stdout and "(against)" in result.stdout


def test_plan_says_plainly_when_the_notes_cannot_answer() -> None:
    result = runner.invoke(app, ["plan", "Explain why the Aztec empire fell in 1521", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["paragraphs"] == [] and data["ranked"] == []
    assert data["gaps"], "the plan must say why there is nothing to plan"


def test_feedback_on_an_essay() -> None:
    essay = FIXTURES / "essays" / "stalin_explain_l3.md"
    question = "Explain why Stalin won the leadership struggle by 1929"
    result = runner.invoke(app, ["feedback", str(essay), "--question", question, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {
        "level", "factors_used", "factors_missed", "evidence_used", "paragraphs",
        "date_conflicts", "judgement", "reasons", "advice",
    }  # fmt: skip
    assert data["level"] == "L3"
    assert [c["essay_year"] for c in data["date_conflicts"]] == [1924]
    human = runner.invoke(app, ["feedback", str(essay), "-q", question])
    assert "Estimated level: L3" in human.stdout


def test_feedback_on_a_missing_essay_file() -> None:
    result = runner.invoke(app, ["feedback", "nope.md", "-q", "Explain why"])
    assert result.exit_code == 2
    assert "Cannot read the essay" in result.stderr


def test_plan_and_feedback_on_an_empty_notebook_say_so(tmp_path: Path) -> None:
    empty = tmp_path / "notes"
    empty.mkdir()
    essay = tmp_path / "essay.md"
    essay.write_text("Stalin rose because he controlled the party.", encoding="utf-8")
    for args in (
        ["plan", "Explain why Stalin rose to power", str(empty)],
        ["feedback", str(essay), "-q", "Explain why Stalin rose to power", str(empty)],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2
        assert "No notes to plan from" in result.stderr
