"""One review store shared by several notebooks: each build reconciles only its own cards.

Real notebooks on disk, real derivation and identity, a real SQLite file (and PostgreSQL
when NOTEDECK_TEST_PG is set).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.derive.cards import derive_cards
from notedeck.notebook import load_notebook
from notedeck.study import store as store_module
from notedeck.study.build import build_cards
from notedeck.study.identity import reconcile
from notedeck.study.schedule import CardState, Rating
from notedeck.study.store import CardStatus, Store, review_log
from notedeck.study.tables import card_row, state_row
from tests.helpers import write_notes

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
MIGRATIONS = Path(store_module.__file__).with_name("migrations")

STALIN = """# Stalin

## Reasons for the rise of Stalin

### Control over the party

* Stalin became General Secretary in **1922**
* He appointed loyal supporters such as Molotov and Kaganovich to key posts
* **S: Control of appointments gave Stalin a loyal majority at congresses**
"""

WEIMAR = """# Weimar

## Threats to the Weimar Republic

### The Spartacist uprising

* The Spartacists rose in Berlin in **1919**
* Rosa Luxemburg and Karl Liebknecht were killed by the Freikorps
* **S: The uprising showed the Republic relied on the army and the Freikorps**
"""


def _notebook(root: Path, text: str) -> Path:
    return write_notes(root, {"history.md": text})


def _build(store: Store, root: Path, now: datetime = NOW) -> dict[str, int]:
    scoped = store.for_notebook(root)
    notebook = load_notebook(root, cache_dir=False)
    return dict(build_cards(notebook, scoped, now=now).to_dict())


def _statuses(store: Store, root: Path) -> dict[str, CardStatus]:
    return {s.card.id: s.status for s in store.for_notebook(root).stored_cards()}


def _history(store: Store) -> list[tuple[int, str, int]]:
    with store.engine.connect() as conn:
        query = sa.select(review_log.c.id, review_log.c.card_id, review_log.c.rating)
        return [tuple(r) for r in conn.execute(query.order_by(review_log.c.id))]


def test_two_notebooks_in_one_store_keep_their_own_cards(db_url: str, tmp_path: Path) -> None:
    a = _notebook(tmp_path / "a", STALIN)
    b = _notebook(tmp_path / "b", WEIMAR)
    with Store.open(db_url) as store:
        first_a = _build(store, a)
        a_cards = _statuses(store, a)
        answered = sorted(a_cards)[0]
        store.record_answer(answered, Rating.GOOD, now=NOW, idempotency_key="a-1")
        history = _history(store)

        first_b = _build(store, b)
        again_a = _build(store, a, NOW + timedelta(days=1))
        again_b = _build(store, b, NOW + timedelta(days=1))

        assert first_a["new"] == len(a_cards) > 0 and first_b["new"] > 0
        assert first_b["retired"] == again_a["retired"] == again_b["retired"] == 0
        assert again_a == {**first_a, "new": 0, "unchanged": first_a["active"]}
        assert _statuses(store, a) == a_cards  # all still active, same ids
        assert set(_statuses(store, b)).isdisjoint(a_cards)
        assert set(_statuses(store, b).values()) == {CardStatus.ACTIVE}
        assert _history(store) == history
        assert store.for_notebook(a).card_state(answered).last_review == NOW
        # Review and stats only see the notebook's own cards.
        due_b = store.for_notebook(b).next_due(NOW + timedelta(days=1), limit=100)
        assert {d.card.id for d in due_b} == set(_statuses(store, b))
        assert store.for_notebook(b).stats(NOW).reviews == 0


def test_the_same_notes_in_two_notebooks_get_separate_cards(db_url: str, tmp_path: Path) -> None:
    """Identical pages derive identical content ids; the second notebook's cards take
    ids of their own, so an answer to one never shows up on the other."""
    a = _notebook(tmp_path / "a", STALIN)
    copy = _notebook(tmp_path / "copy", STALIN)
    with Store.open(db_url) as store:
        _build(store, a)
        a_cards = _statuses(store, a)
        store.record_answer(sorted(a_cards)[0], Rating.AGAIN, now=NOW, idempotency_key="a-1")
        copied = _build(store, copy)
        again = _build(store, copy, NOW + timedelta(days=1))

        assert copied["new"] == len(a_cards) and copied["retired"] == 0
        assert again["new"] == 0 and again["unchanged"] == copied["active"]
        copy_cards = _statuses(store, copy)
        assert set(copy_cards).isdisjoint(a_cards)
        assert _statuses(store, a) == a_cards
        assert [r[1] for r in _history(store)] == [sorted(a_cards)[0]]
        assert store.for_notebook(copy).stats(NOW).reviews == 0


def test_cli_builds_of_two_notebooks_share_one_store(tmp_path: Path) -> None:
    a = _notebook(tmp_path / "a", STALIN)
    b = _notebook(tmp_path / "b", WEIMAR)
    runner = CliRunner(env={"NOTEDECK_DB": f"sqlite:///{tmp_path / 'shared.sqlite3'}"})

    def run(*args: str) -> dict[str, int]:
        result = runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        return dict(json.loads(result.stdout))

    built_a = run("build", str(a))
    built_b = run("build", str(b))
    rebuilt_a = run("build", str(a))
    listed_b = json.loads(runner.invoke(app, ["cards", str(b), "--json", "--retired"]).stdout)
    assert built_b["retired"] == rebuilt_a["retired"] == 0
    assert rebuilt_a["unchanged"] == built_a["active"]
    assert {c["status"] for c in listed_b["cards"]} == {"active"}
    assert {c["source"]["page"] for c in listed_b["cards"]} == {"history.md"}
    assert len(listed_b["cards"]) == built_b["active"]


def _store_at_0002(url: str) -> None:
    """A store as notedeck made it before notebooks were recorded (schema 0002)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    engine.dispose()


def test_migration_0003_keeps_every_history_and_gives_the_cards_to_their_notebook(
    db_url: str, tmp_path: Path
) -> None:
    a = _notebook(tmp_path / "a", STALIN)
    b = _notebook(tmp_path / "b", WEIMAR)
    _store_at_0002(db_url)
    # Fill it as the 0002 code did: cards of notebook A with states, answers and a retired card.
    derived = reconcile(derive_cards(load_notebook(a, cache_dir=False)), ()).cards
    engine = sa.create_engine(db_url)
    t0 = NOW - timedelta(days=30)
    with engine.begin() as conn:
        meta = sa.MetaData()
        old_cards = sa.Table("cards", meta, autoload_with=conn)
        old_state = sa.Table("card_state", meta, autoload_with=conn)
        old_log = sa.Table("review_log", meta, autoload_with=conn)
        conn.execute(
            old_cards.insert(),
            [
                {**card_row(c), "status": "active", "created_at": t0, "updated_at": t0}
                for c in derived
            ]
            + [
                {
                    **card_row(derived[0]),
                    "id": "gone-card",
                    "key": "a point deleted from the notes",
                    "status": "retired",
                    "created_at": t0,
                    "updated_at": t0,
                    "retired_at": t0,
                }
            ],
        )
        conn.execute(
            old_state.insert(),
            [state_row(c.id, CardState.new(t0)) for c in derived]
            + [state_row("gone-card", CardState.new(t0))],
        )
        before = state_row("x", CardState.new(t0))
        conn.execute(
            old_log.insert(),
            [
                {
                    "card_id": card_id,
                    "rating": rating,
                    "reviewed_at": t0 + timedelta(days=n),
                    "duration_ms": 1200,
                    "idempotency_key": f"old-{n}",
                    **{f"prev_{k}": v for k, v in before.items() if k != "card_id"},
                }
                for n, (card_id, rating) in enumerate(
                    [(derived[0].id, 3), (derived[1].id, 1), ("gone-card", 4), (derived[0].id, 2)]
                )
            ],
        )
        history = [tuple(r) for r in conn.execute(sa.select(old_log).order_by(old_log.c.id))]
    engine.dispose()

    with Store.open(db_url) as store:
        # A build of another notebook first: the old cards are not its to retire.
        built_b = _build(store, b)
        built_a = _build(store, a)
        assert built_b["retired"] == 0
        assert built_a["new"] == 0 and built_a["retired"] == 0
        assert built_a["unchanged"] == len(derived)
        with store.engine.connect() as conn:
            log = sa.Table("review_log", sa.MetaData(), autoload_with=conn)
            after = [tuple(r) for r in conn.execute(sa.select(log).order_by(log.c.id))]
        assert after == history
        a_cards = _statuses(store, a)
        assert a_cards["gone-card"] is CardStatus.RETIRED
        assert {c.id for c in derived} <= {k for k, v in a_cards.items() if v is CardStatus.ACTIVE}
        assert store.for_notebook(a).stats(NOW, days=60).reviews == 4
