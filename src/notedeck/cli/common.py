"""What every command shares: the PATH argument, `--json`, progress and error handling."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from notedeck.cli.terminal import SafeConsole, echo, write_json
from notedeck.errors import NotedeckError
from notedeck.model import Notebook
from notedeck.page_cache import DEFAULT_MAX_PAGE_BYTES

if TYPE_CHECKING:
    from rich.console import Console

PathArg = Annotated[
    Path | None,
    typer.Argument(
        help="Notebook folder or Markdown file. Default: the bundled example notebook.",
        show_default=False,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON instead of a rich view.")]
NoCacheOpt = Annotated[
    bool, typer.Option("--no-cache", help="Parse every page afresh, ignoring the page cache.")
]


def fail(message: str, code: int = 2) -> NoReturn:
    """Print one line to stderr and exit; the single place commands report failures."""
    echo(f"Error: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn library errors into a one-line message and exit code 2."""
    try:
        yield
    except NotedeckError as exc:
        fail(str(exc))


def console() -> Console:
    """Rich output on stdout, without control characters from the notes (`terminal.py`)."""
    return SafeConsole()


def print_json(data: Any) -> None:
    """JSON on stdout: indented for a person at a terminal, one line for a program.

    Python's JSON encoder is written in C only for unindented output; indenting the 17,000
    findings of a 5,000-page notebook took 0.3 s, more than loading the notebook.
    """
    indent = 2 if sys.stdout.isatty() else None
    write_json(json.dumps(data, ensure_ascii=False, indent=indent) + "\n")


def print_json_streamed(fields: Mapping[str, Any]) -> None:
    """Like `print_json` for an object whose iterator values are arrays written item by
    item, so only one item is in memory at a time; the text is what `print_json` would print.

    A 5,000-page notebook as one dict took 780 MB to dump; streamed, only one page's dict
    exists at a time.
    """
    pretty, write = sys.stdout.isatty(), write_json

    def dump(value: Any, depth: int) -> str:
        if not pretty:
            return json.dumps(value, ensure_ascii=False)
        text = json.dumps(value, ensure_ascii=False, indent=2)  # no raw newlines in strings
        return text.replace("\n", "\n" + "  " * depth)

    def gap(depth: int) -> str:
        return "\n" + "  " * depth if pretty else ""

    comma = "," if pretty else ", "
    write("{")
    for number, (key, value) in enumerate(fields.items()):
        write((comma if number else "") + gap(1) + dump(key, 1) + ": ")
        if not isinstance(value, Iterator):
            write(dump(value, 1))
            continue
        write("[")
        count = 0
        for count, item in enumerate(value, start=1):
            write((comma if count > 1 else "") + gap(2) + dump(item, 2))
        write((gap(1) if count else "") + "]")
    write(gap(0) + "}\n")


@dataclass(slots=True)
class Options:
    """Options given before the command (`notedeck --max-page-mb 50 check`), set by the
    app's callback on every run (`cli/__init__.py`) and read by `load`."""

    max_page_mb: float = DEFAULT_MAX_PAGE_BYTES / 2**20


options = Options()
MaxPageOpt = Annotated[
    float,
    typer.Option(
        "--max-page-mb",
        min=0.001,
        help="Skip (with a finding) any page larger than this many MB.",
    ),
]


def load(path: Path | None, *, no_cache: bool = False) -> Notebook:
    """Load the notebook, with a progress bar on stderr when many pages must be parsed.

    Every command reads notes through here, so a folder without a single page fails the
    same way for all of them.
    """
    from notedeck.notebook import load_notebook

    limit = int(options.max_page_mb * 2**20)
    with reported_errors(), progress_bar("Reading notes") as progress:
        notebook = load_notebook(
            path, cache_dir=not no_cache, progress=progress, max_page_bytes=limit
        )
    if not notebook.pages:
        fail(no_notes_message(notebook))
    return notebook


@contextmanager
def progress_bar(label: str, *, minimum: int = 200) -> Iterator[Callable[[int, int], None]]:
    """A `(done, total)` callback drawing a bar on stderr, shown only when there is a lot to
    do and stderr is a terminal, so scripts and `--json` output stay clean."""
    from rich.progress import Progress

    console = SafeConsole(stderr=True)
    bar: Progress | None = None
    task = None

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if total - done < minimum or not console.is_terminal:
                return
            bar = Progress(console=console, transient=True)
            bar.start()
            task = bar.add_task(label, total=total)
        bar.update(task, completed=done)  # type: ignore[arg-type]

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


def no_notes_message(notebook: Notebook) -> str:
    """The one line every command prints for a folder with no page to read."""
    from notedeck.notebook import shown_path

    message = f"no Markdown notes found in {shown_path(notebook.root)}"
    skipped = [f.message for f in notebook.findings if f.page is not None]
    if skipped:
        more = f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""
        message += f"; skipped: {skipped[0]}{more}"
    return message
