"""`exam status` over a whole notebook keeps its cards on disk between runs: never stale.

Each test runs the status once to save the cards, changes the store the way a learner does
(an answer, an undo, a rebuild after a notes edit, a suspend and an unsuspend, an exam edit),
and checks that the next status from the saved copy is exactly the status read afresh from
the store, and that it did move. A real SQLite file (and PostgreSQL when NOTEDECK_TEST_PG is
set), real notes, the real CLI.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.notebook import load_notebook
from notedeck.study.build import build_cards
from notedeck.study.exam_spec import new_exam_spec
from notedeck.study.exam_status import ExamStatusDict, exam_status
from notedeck.study.schedule import Rating
from notedeck.study.store import Store
from tests.helpers import write_notes

NOW = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)
EXAM_DAY = date(2026, 3, 20)


def _page(n: int, extra: str = "") -> str:
    lines = [f"# Country {n}", ""]
    for s, theme in enumerate(("Causes", "Consequences")):
        lines += [f"## {theme} of the crisis in country {n}", ""]
        for f in range(2):
            lines += [f"### Factor {f + 1}: pressure from group {s}{f}", ""]
            for p in range(3):
                year = 1900 + (n * 37 + s * 11 + f * 5 + p * 3) % 60
                lines.append(f"* The movement in province {s}{f}{p} began in **{year}**")
            lines.append("")
    return "\n".join(lines) + extra


@pytest.fixture
def notes(tmp_path: Path) -> Path:
    return write_notes(tmp_path / "notes", {f"country-{n}.md": _page(n) for n in range(3)})


@pytest.fixture
def scoped(store: Store, notes: Path) -> Store:
    """Three pages of cards, every third answered, and an exam over the whole notebook."""
    scoped = store.for_notebook(notes)
    build_cards(load_notebook(notes, cache_dir=False), scoped, now=NOW - timedelta(days=30))
    for n, due in enumerate(scoped.shown_cards()):
        if n % 3 == 0:
            scoped.record_answer(
                due.card.id,
                Rating.GOOD,
                now=NOW - timedelta(days=10, hours=n),
                idempotency_key=f"a{n}",
                duration_ms=8000,
            )
    scoped.add_exam(new_exam_spec("Final", EXAM_DAY, today=NOW.date(), minutes=20), now=NOW)
    return scoped


def _saved(store: Store, cache: Path) -> ExamStatusDict:
    return exam_status(store, "Final", NOW, cache_dir=cache).to_dict()


def _fresh(store: Store) -> ExamStatusDict:
    return exam_status(store, "Final", NOW).to_dict()


def _saved_files(cache: Path) -> list[Path]:
    return sorted(cache.rglob("*.bin"))


def test_a_second_run_reads_the_saved_cards_and_gives_the_same_status(
    scoped: Store, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    first = _saved(scoped, cache)
    assert len(_saved_files(cache)) == 1
    assert _saved(scoped, cache) == first == _fresh(scoped)
    assert first["cards"] == len(scoped.shown_cards())


def test_an_answer_and_its_undo_are_seen_at_once(scoped: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _saved(scoped, cache)
    new_card = scoped.shown_cards()[1].card.id  # never answered
    scoped.record_answer(new_card, Rating.EASY, now=NOW, idempotency_key="late", duration_ms=5000)
    answered = _saved(scoped, cache)
    assert answered == _fresh(scoped)
    assert answered != before
    scoped.undo_last_answer("late")
    assert _saved(scoped, cache) == _fresh(scoped) == before


def test_an_undo_of_an_older_answer_is_seen(scoped: Store, tmp_path: Path) -> None:
    """An undo that leaves the newest answer in place still makes the copy stale."""
    cache = tmp_path / "cache"
    cards = scoped.shown_cards()
    scoped.record_answer(cards[1].card.id, Rating.AGAIN, now=NOW, idempotency_key="x1")
    scoped.record_answer(cards[2].card.id, Rating.EASY, now=NOW, idempotency_key="x2")
    before = _saved(scoped, cache)
    scoped.undo_last_answer("x1")
    after = _saved(scoped, cache)
    assert after == _fresh(scoped)
    assert after != before


def test_a_rebuild_after_a_notes_edit_is_seen(scoped: Store, notes: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _saved(scoped, cache)
    extra = "\n## Aftermath\n\n### Factor 9: exiles\n\n* The exiles returned in **1931**\n"
    (notes / "country-1.md").write_text(_page(1, extra), encoding="utf-8")
    (notes / "country-2.md").unlink()
    assert _saved(scoped, cache) == before  # status reads the cards as last built
    build_cards(load_notebook(notes, cache_dir=False), scoped, now=NOW)
    rebuilt = _saved(scoped, cache)
    assert rebuilt == _fresh(scoped)
    assert rebuilt["cards"] != before["cards"]
    assert not any(g["page"] == "country-2.md" for g in rebuilt["pages"])
    assert any(g["section"] == "Aftermath" for g in rebuilt["sections"])


def test_a_suspend_and_an_unsuspend_are_seen(scoped: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _saved(scoped, cache)
    card = scoped.shown_cards()[0].card.id
    assert scoped.suspend(card, NOW)
    suspended = _saved(scoped, cache)
    assert suspended == _fresh(scoped)
    assert suspended["cards"] == before["cards"] - 1
    assert scoped.unsuspend(card)
    assert _saved(scoped, cache) == _fresh(scoped) == before


def test_an_exam_edit_is_seen(scoped: Store, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    before = _saved(scoped, cache)
    scoped.remove_exam("Final")
    spec = new_exam_spec("Final", EXAM_DAY + timedelta(days=5), today=NOW.date(), minutes=5)
    scoped.add_exam(spec, now=NOW)
    edited = _saved(scoped, cache)
    assert edited == _fresh(scoped)
    assert edited["exam"]["day"] != before["exam"]["day"]
    assert edited["workload"] != before["workload"]


def test_a_store_made_anew_in_the_same_place_is_not_served_the_old_cards(
    db_url: str, notes: Path, tmp_path: Path
) -> None:
    """Same file, same notebook id and revision, other cards: the creation time tells."""
    cache = tmp_path / "cache"
    results = []
    for pages in (3, 2):
        if db_url.startswith("sqlite"):
            Path(db_url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        else:
            import sqlalchemy as sa

            engine = sa.create_engine(db_url)
            with engine.begin() as conn:
                conn.exec_driver_sql("DROP SCHEMA public CASCADE")
                conn.exec_driver_sql("CREATE SCHEMA public")
            engine.dispose()
        (notes / "country-2.md").unlink(missing_ok=True)
        if pages == 3:
            (notes / "country-2.md").write_text(_page(2), encoding="utf-8")
        with Store.open(db_url) as opened:
            scoped = opened.for_notebook(notes)
            build_cards(load_notebook(notes, cache_dir=False), scoped, now=NOW)
            spec = new_exam_spec("Final", EXAM_DAY, today=NOW.date(), minutes=20)
            scoped.add_exam(spec, now=NOW)
            results.append((_saved(scoped, cache), _fresh(scoped)))
    assert results[1][0] == results[1][1]
    assert results[1][0]["cards"] < results[0][0]["cards"]


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xe9" * 64])
def test_a_damaged_saved_file_is_read_past(scoped: Store, tmp_path: Path, damage: bytes) -> None:
    cache = tmp_path / "cache"
    first = _saved(scoped, cache)
    (saved,) = _saved_files(cache)
    saved.write_bytes(damage)
    assert _saved(scoped, cache) == first
    assert saved.stat().st_size > len(damage)  # saved again


def test_the_cli_status_is_the_same_warm_and_follows_a_suspend(
    scoped: Store, db_url: str, notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NOTEDECK_CACHE_DIR", str(tmp_path / "cli-cache"))
    runner = CliRunner()
    status = ["exam", "status", "Final", str(notes), "--db", db_url, "--json"]
    status += ["--now", NOW.isoformat()]
    cold = runner.invoke(app, status)
    warm = runner.invoke(app, status)
    assert cold.exit_code == warm.exit_code == 0, cold.output
    assert warm.stdout == cold.stdout
    assert _saved_files(tmp_path / "cli-cache")
    card = scoped.shown_cards()[0].card.id
    suspend = runner.invoke(app, ["suspend", card, str(notes), "--db", db_url])
    assert suspend.exit_code == 0, suspend.output
    after = runner.invoke(app, status)
    assert after.exit_code == 0
    assert json.loads(after.stdout)["cards"] == json.loads(cold.stdout)["cards"] - 1
    assert json.loads(after.stdout) == json.loads(json.dumps(_fresh(scoped)))


def test_an_exam_on_some_sections_reads_the_saved_cards_too(scoped: Store, tmp_path: Path) -> None:
    """Sections of every page: the saved copy of all cards, then the sections' cards of it."""
    cache = tmp_path / "cache"
    spec = new_exam_spec("Causes", EXAM_DAY, today=NOW.date(), minutes=20, sections=["causes*"])
    scoped.add_exam(spec, now=NOW)
    _saved(scoped, cache)  # the whole-notebook exam saves the cards
    first = exam_status(scoped, "Causes", NOW, cache_dir=cache).to_dict()
    assert first == exam_status(scoped, "Causes", NOW).to_dict()
    assert 0 < first["cards"] < _fresh(scoped)["cards"]
    assert all(g["section"].startswith("Causes") for g in first["sections"])
    scoped.record_answer(scoped.shown_cards()[1].card.id, Rating.GOOD, now=NOW, idempotency_key="s")
    assert (
        exam_status(scoped, "Causes", NOW, cache_dir=cache).to_dict()
        == exam_status(scoped, "Causes", NOW).to_dict()
    )


def test_another_notebooks_answers_do_not_change_the_status(
    scoped: Store, store: Store, tmp_path: Path
) -> None:
    """Seconds per card come from this notebook's answers only, however the log is read."""
    cache = tmp_path / "cache"
    pages = {f"other-{n}.md": _page(n + 7) for n in range(4)}  # more answers than this one's
    other_notes = write_notes(tmp_path / "other", pages)
    other = store.for_notebook(other_notes)
    build_cards(load_notebook(other_notes, cache_dir=False), other, now=NOW - timedelta(days=5))
    before = _saved(scoped, cache)
    for n, due in enumerate(other.shown_cards()):
        other.record_answer(
            due.card.id, Rating.GOOD, now=NOW, idempotency_key=f"o{n}", duration_ms=90_000
        )
    assert _saved(scoped, cache) == _fresh(scoped) == before


def test_answer_times_pace_the_plan(scoped: Store, tmp_path: Path) -> None:
    """Slow answers in this notebook make its cards cost more: less gets done each day."""
    cache = tmp_path / "cache"
    before = _saved(scoped, cache)
    for n, due in enumerate(scoped.shown_cards()[1:40:3]):
        scoped.record_answer(
            due.card.id, Rating.GOOD, now=NOW, idempotency_key=f"slow{n}", duration_ms=110_000
        )
    slower = _saved(scoped, cache)
    assert slower == _fresh(scoped)
    assert slower["workload"] != before["workload"]
