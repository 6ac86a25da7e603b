"""`notedeck plan` and `notedeck feedback`: essays from the student's own factors."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
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
    progress_bar,
)
from notedeck.cli.terminal import echo

if TYPE_CHECKING:
    from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, SupportsEmbed
    from notedeck.model import Notebook

QuestionArg = Annotated[str, typer.Argument(help="The exam question, in quotes.")]
MarkdownOpt = Annotated[
    bool, typer.Option("--md", help="Print the plan as Markdown a student can print.")
]
EssayArg = Annotated[
    Path, typer.Argument(help="The essay, as Markdown or plain text.", show_default=False)
]
QuestionOpt = Annotated[
    str, typer.Option("--question", "-q", help="The question the essay answers.")
]


def register(app: typer.Typer) -> None:
    app.command()(plan)
    app.command()(feedback)


@contextmanager
def _embeddings() -> Iterator[tuple[EmbedderLoad | SupportsEmbed, EmbeddingCache]]:
    """The sentence model (or why it is missing) and the on-disk vector cache.

    The first plan on a big notebook embeds every page once (minutes for thousands of
    pages), so the model reports its progress there.
    """
    from notedeck.essay.embed import EmbeddingCache, ReportingEmbedder, load_embedder

    loaded = load_embedder()
    with EmbeddingCache() as cache, progress_bar("Embedding notes") as progress:
        if loaded.embedder is None:
            yield loaded, cache
        else:
            yield ReportingEmbedder(loaded.embedder, progress), cache


def plan(
    question: QuestionArg,
    path: PathArg = None,
    json_output: JsonOpt = False,
    markdown: MarkdownOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Plan an essay (PEEL paragraphs) from your own factors, evidence and link statements."""
    from notedeck.essay.plan import plan_essay, plan_to_markdown

    notebook = _notes_to_plan_from(path, no_cache=no_cache)
    with _embeddings() as (embedder, cache):
        result = plan_essay(notebook, question, embedder=embedder, cache=cache)
    _warn(result.warnings)
    if json_output:
        print_json(result.to_dict())
    elif markdown:
        echo(plan_to_markdown(result))
    else:
        from rich.markdown import Markdown

        console().print(Markdown(plan_to_markdown(result)))


def feedback(
    essay: EssayArg,
    question: QuestionOpt,
    path: PathArg = None,
    json_output: JsonOpt = False,
    no_cache: NoCacheOpt = False,
) -> None:
    """Read an essay against your notes: factors used and missed, links, dates, level."""
    from notedeck.essay.feedback import give_feedback

    try:
        text = essay.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        fail(f"Cannot read the essay {essay}: {exc.strerror}.")
    notebook = _notes_to_plan_from(path, no_cache=no_cache)
    with _embeddings() as (embedder, cache):
        result = give_feedback(notebook, question, text, embedder=embedder, cache=cache)
    _warn(result.warnings)
    if json_output:
        print_json(result.to_dict())
        return
    from notedeck.cli.render import feedback_view

    console().print(feedback_view(result))


def _notes_to_plan_from(path: Path | None, *, no_cache: bool) -> Notebook:
    """The notebook; `load` exits 2 when it holds no page to plan from."""
    return load(path, no_cache=no_cache)


def _warn(warnings: Sequence[str]) -> None:
    for warning in warnings:
        echo(f"Warning: {warning}", err=True)
