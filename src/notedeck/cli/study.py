"""`notedeck build`, `cards`, `review`, `stats` and `optimize`: flashcards and their history."""

from __future__ import annotations

import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notedeck.cli.common import (
    JsonOpt,
    NoCacheOpt,
    PathArg,
    console,
    fail,
    load,
    print_json,
    reported_errors,
)
from notedeck.cli.terminal import echo

if TYPE_CHECKING:
    from notedeck.model import Notebook
    from notedeck.study.build import BuildReport
    from notedeck.study.store import Store

DbOpt = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Review store URL (default: $NOTEDECK_DB, else one SQLite file per notebook in "
        "the user data directory).",
        show_default=False,
    ),
]
RetiredOpt = Annotated[bool, typer.Option("--retired", help="Include retired cards.")]
NewOpt = Annotated[int, typer.Option("--new", help="Most new cards to introduce this session.")]
DaysOpt = Annotated[int, typer.Option("--days", help="Days of review history to count.")]
NowOpt = Annotated[
    str | None,
    typer.Option(
        "--now",
        help="Take this ISO time as now, for this run only (simulations, tests).",
        show_default=False,
    ),
]
JsonlOpt = Annotated[
    bool,
    typer.Option(
        "--jsonl",
        help="For programs: a JSON line per card on stdout, a JSON answer per line on stdin.",
    ),
]
SittingOpt = Annotated[
    float | None,
    typer.Option(
        "--minutes",
        help="Stop when this many minutes of answers are used (default: no limit).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    for command in (build, cards, review, stats, optimize, suspend, unsuspend):
        app.command()(command)


@contextmanager
def studying(
    path: Path | None, db: str | None, *, no_cache: bool = False, now: datetime | None = None
) -> Iterator[tuple[Notebook, Store, BuildReport]]:
    """The notebook and its store (scoped to the notebook's own cards), with cards rebuilt
    from the notes as they are now; on unchanged notes that only reads. `now` is the build
    time (new cards are due from then): `review --now` passes its own."""
    from notedeck.page_cache import PageCache, default_cache_dir
    from notedeck.study.build import build_cards
    from notedeck.study.store import Store, default_db_url

    notebook = load(path, no_cache=no_cache)
    memo = None if no_cache else PageCache(default_cache_dir(), notebook.root)
    try:
        with reported_errors(), Store.open(db or default_db_url(notebook.root)) as opened:
            store = opened.for_notebook(notebook.root)
            yield (
                notebook,
                store,
                build_cards(notebook, store, now=now or datetime.now(UTC), memo=memo),
            )
    finally:
        if memo is not None:
            memo.close()


def build(
    path: PathArg = None,
    db: DbOpt = None,
    json_output: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Derive cards from the notes and match them to stored ones, keeping their history."""
    with studying(path, db, no_cache=no_cache) as (_notebook, _store, report):
        counts = report.to_dict()
    if json_output:
        print_json(counts)
        return
    echo(
        f"{counts['active']} cards: {counts['new']} new, {counts['edited']} edited, "
        f"{counts['unchanged']} unchanged, {counts['revived']} revived, "
        f"{counts['retired']} retired (history kept)."
    )


def cards(
    path: PathArg = None,
    db: DbOpt = None,
    json_output: JsonOpt = False,
    retired: RetiredOpt = False,
) -> None:
    """List the notebook's cards in notebook order (retired ones last, with --retired)."""
    from notedeck.study.store import CardStatus

    with studying(path, db) as (_notebook, store, report):
        stored = {s.card.id: s for s in store.stored_cards()}
    listed = [replace(stored[c.id], card=c) for c in report.cards]  # with included files' lines
    if retired:
        listed += [s for s in stored.values() if s.status is CardStatus.RETIRED]
    if json_output:
        print_json({"cards": [s.to_dict() for s in listed]})
        return
    from notedeck.cli.render import cards_table

    console().print(cards_table(listed))


def review(
    path: PathArg = None,
    db: DbOpt = None,
    new: NewOpt = 20,
    minutes: SittingOpt = None,
    jsonl: JsonlOpt = False,
    now: NowOpt = None,
) -> None:
    """Review due cards: reveal, grade 1–4, undo with u, quit with q (nothing is lost).

    While an exam is ahead, its plan comes first (see `notedeck exam`)."""
    from notedeck.study.session import ReviewSession, SteppedClock

    if minutes is not None and not minutes > 0:
        fail(f"--minutes must be more than 0, got {minutes:g}")
    start, tz = clock(now)
    stepped = SteppedClock(start) if now is not None else None
    with studying(path, db, now=start) as (_notebook, store, _report), reported_errors():
        session = ReviewSession(
            store,
            clock=stepped or (lambda: datetime.now(UTC)),
            session_id=uuid.uuid4().hex,
            new_limit=new,
            tz=tz,
            minutes=minutes,
        )
        if jsonl:
            from notedeck.cli.review_jsonl import run_jsonl

            run_jsonl(session, sys.stdin, advance=stepped.advance if stepped else None)
            return
        from notedeck.cli.keys import keys_for
        from notedeck.cli.review import run_review

        with keys_for(sys.stdin) as keys:
            run_review(session, console(), keys=keys, monotonic=time.monotonic)


CardIdArg = Annotated[
    str,
    typer.Argument(help="The card's id, as `notedeck cards --json` lists it.", show_default=False),
]


def suspend(card_id: CardIdArg, path: PathArg = None, db: DbOpt = None) -> None:
    """Drop a card from review without editing the notes; rebuilds keep it suspended."""
    _set_suspended(card_id, path, db, suspended=True)


def unsuspend(card_id: CardIdArg, path: PathArg = None, db: DbOpt = None) -> None:
    """Bring a suspended card back into review, its history intact."""
    _set_suspended(card_id, path, db, suspended=False)


def _set_suspended(card_id: str, path: Path | None, db: str | None, *, suspended: bool) -> None:
    with studying(path, db) as (_notebook, store, _report):
        changed = (
            store.suspend(card_id, datetime.now(UTC)) if suspended else store.unsuspend(card_id)
        )
    state = "suspended" if suspended else "back in review"
    echo(f"Card {card_id} is {state}." if changed else f"Card {card_id} was already {state}.")


def stats(
    path: PathArg = None, db: DbOpt = None, json_output: JsonOpt = False, days: DaysOpt = 30
) -> None:
    """Due today, reviews per day, retention and cards by state, per page and section."""
    with studying(path, db) as (_notebook, store, _report):
        result = store.stats(datetime.now(UTC), tz=_local_zone(), days=days)
    if json_output:
        print_json(result.to_dict())
        return
    from notedeck.cli.render import stats_view

    console().print(stats_view(result))


def optimize(path: PathArg = None, db: DbOpt = None, json_output: JsonOpt = False) -> None:
    """Fit the FSRS memory model to your own review history."""
    from notedeck.study.schedule import optimize as fit_parameters

    with studying(path, db) as (_notebook, store, _report):
        result = fit_parameters(store, tz=_local_zone())
    if json_output:
        print_json(result.to_dict())
        return
    echo(result.message)


def _local_zone() -> tzinfo:
    return datetime.now().astimezone().tzinfo or UTC


def clock(now: str | None) -> tuple[datetime, tzinfo]:
    """The time to act at and the learner's time zone: `--now` when given (its offset is the
    zone; without one, the local zone), else the local time now."""
    local = datetime.now().astimezone().tzinfo or UTC
    if now is None:
        return datetime.now(UTC), local
    try:
        moment = datetime.fromisoformat(now.strip())
    except ValueError:
        fail(f"--now {now!r} is not an ISO time, e.g. 2026-05-01T18:00:00+01:00")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=local)
    return moment, moment.tzinfo or local
