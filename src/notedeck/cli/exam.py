"""`notedeck exam add|list|remove|status`: exams to revise for, and how each one stands."""

from __future__ import annotations

import atexit
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from notedeck.cli.common import JsonOpt, PathArg, console, load, print_json, reported_errors
from notedeck.cli.study import DbOpt, NowOpt, clock, studying
from notedeck.cli.terminal import echo

if TYPE_CHECKING:
    from notedeck.study.store import Store

exam_app = typer.Typer(
    name="exam",
    help="Exams to revise for: a date, minutes a day, and which pages and sections they cover.",
    no_args_is_help=True,
)

NameArg = Annotated[str, typer.Argument(help="The exam's name.", show_default=False)]
DateArg = Annotated[str, typer.Argument(help="The exam date, YYYY-MM-DD.", show_default=False)]
PagesOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--pages",
        help="A page glob the exam covers, e.g. 'weimar*' (repeat for more). "
        "Default: the whole notebook.",
        show_default=False,
    ),
]
SectionsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--sections",
        help="A section title the exam covers (repeat for more; * works as in a glob). "
        "With --pages: those sections of those pages.",
        show_default=False,
    ),
]
MinutesOpt = Annotated[
    float | None,
    typer.Option("--minutes", help="Study minutes a day (default 30).", show_default=False),
]
WeeklyOpt = Annotated[
    str | None,
    typer.Option(
        "--weekly",
        help="Minutes per weekday, e.g. 'mon=30,tue=0,sat=60'; days left out take --minutes.",
        show_default=False,
    ),
]
OffOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--off",
        help="A day off, YYYY-MM-DD, or a range FIRST..LAST (repeat for more).",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(exam_app)


@exam_app.command()
def add(
    name: NameArg,
    day: DateArg,
    path: PathArg = None,
    pages: PagesOpt = None,
    sections: SectionsOpt = None,
    minutes: MinutesOpt = None,
    weekly: WeeklyOpt = None,
    off: OffOpt = None,
    db: DbOpt = None,
    now: NowOpt = None,
) -> None:
    """Add an exam; `review` then plans revision for its date within your daily minutes."""
    from notedeck.notebook import shown_path
    from notedeck.study.exam_book import add_exam, budget_text
    from notedeck.study.exam_spec import new_exam_spec, parse_day, parse_days_off

    moment, tz = clock(now)
    with reported_errors():
        spec = new_exam_spec(
            name,
            parse_day(day),
            today=moment.astimezone(tz).date(),
            minutes=minutes,
            weekly=weekly,
            days_off=parse_days_off(off or ()),
            pages=pages or (),
            sections=sections or (),
        )
    with studying(path, db, now=moment) as (notebook, store, report), reported_errors():
        spec, covered = add_exam(
            store, spec, report.cards, now=moment, where=shown_path(notebook.root), tz=tz
        )
    echo(
        f"Exam {spec.name!r} on {spec.day:%a %d %b %Y}: {covered} cards in scope, "
        f"{budget_text(spec)}. `notedeck review` now follows its plan."
    )


@exam_app.command("list")
def list_exams(
    path: PathArg = None, db: DbOpt = None, json_output: JsonOpt = False, now: NowOpt = None
) -> None:
    """The notebook's exams, soonest first."""
    moment, tz = clock(now)
    with stored(path, db) as store:
        specs = store.exams()
    today = moment.astimezone(tz).date()
    if json_output:
        print_json({"today": today.isoformat(), "exams": [spec.to_dict() for spec in specs]})
        return
    from notedeck.cli.exam_view import exams_table

    console().print(exams_table(specs, today))


@exam_app.command()
def remove(name: NameArg, path: PathArg = None, db: DbOpt = None) -> None:
    """Forget an exam; no card or answer changes, and review goes back to plain FSRS."""
    from notedeck.study.exam_book import remove_exam

    with stored(path, db) as store, reported_errors():
        left = remove_exam(store, name)
    echo(
        f"Removed exam {name.strip()!r}."
        + (f" {left} other exam{'s' if left != 1 else ''} kept." if left else "")
    )


@exam_app.command()
def status(
    name: NameArg,
    path: PathArg = None,
    db: DbOpt = None,
    json_output: JsonOpt = False,
    now: NowOpt = None,
) -> None:
    """Predicted exam-day recall per page, section and essay factor, the sections most at
    risk, and the day-by-day workload. Reads the cards as the last build or review left them."""
    with _one_shot():
        from notedeck.page_cache import default_cache_dir
        from notedeck.study.exam_status import exam_status

        moment, tz = clock(now)
        with stored(path, db) as store, reported_errors():
            result = exam_status(store, name.strip(), moment, tz=tz, cache_dir=default_cache_dir())
        if json_output:
            print_json(result.to_dict())
            return
        from notedeck.cli.exam_view import status_view

        console().print(status_view(result))


@contextmanager
def _one_shot() -> Iterator[None]:
    """`exam status` as the short run it is: the cycle collector held off and numpy's
    OpenBLAS left without a thread pool.

    On the 5,000-page bench notebook a warm run took 1.3 s, of which the collector's passes
    over the objects made by importing half a second of modules and grouping 313,000 cards
    took 0.05 s, and OpenBLAS starting a thread per core when numpy is imported 0.04 s; the
    forecast does no linear algebra, so one thread loses nothing. Numpy already imported
    (a test, the web app) keeps its threads.

    When the collector comes back on, what was made meanwhile joins the oldest generation
    (`gc.freeze` then `gc.unfreeze`) rather than the youngest, whose next collection would
    walk all of it at once (0.03 s). At exit the heap is frozen, so the interpreter's last
    collection does not walk it either; nothing is left open by then.
    """
    set_threads = "OPENBLAS_NUM_THREADS" not in os.environ
    if set_threads:  # read when numpy is first imported, below; not passed on to others
        os.environ["OPENBLAS_NUM_THREADS"] = "1"
    atexit.unregister(gc.freeze)  # registered once, however many commands a process runs
    atexit.register(gc.freeze)
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if set_threads:
            os.environ.pop("OPENBLAS_NUM_THREADS", None)
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@contextmanager
def stored(path: Path | None, db: str | None) -> Iterator[Store]:
    """The notebook's store without rebuilding its cards: exams and forecasts only read it,
    and a rebuild of a 5,000-page notebook takes longer than the forecast itself."""
    from notedeck.notebook import notebook_root
    from notedeck.study.store import Store, default_db_url

    with reported_errors():
        root = notebook_root(path)
    if root is None:
        root = load(path).root  # fails, saying what was skipped
    with reported_errors(), Store.open(db or default_db_url(root)) as opened:
        yield opened.for_notebook(root)
