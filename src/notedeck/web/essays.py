"""Essay plans and feedback for the app, with the sentence model loaded once per app.

The CLI loads the model per command; a server answers many questions, so it keeps one
`EmbedderLoad` (or the reason the model is missing, and then plans by words as the CLI does).
"""

from __future__ import annotations

import threading

import nh3
import pyromark

from notedeck.essay.embed import EmbedderLoad, EmbeddingCache, load_embedder
from notedeck.essay.feedback import Feedback, give_feedback
from notedeck.essay.plan import EssayPlan, plan_essay, plan_to_markdown
from notedeck.model import Notebook

MAX_QUESTION = 500
MAX_ESSAY = 100_000


class Essays:
    """Plans and feedback over one app's notes."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._embedder: EmbedderLoad | None = None

    def _loaded(self) -> EmbedderLoad:
        with self._lock:
            if self._embedder is None:
                self._embedder = load_embedder()
            return self._embedder

    def plan(self, notebook: Notebook, question: str) -> EssayPlan:
        with EmbeddingCache() as cache:
            return plan_essay(notebook, question, embedder=self._loaded(), cache=cache)

    def feedback(self, notebook: Notebook, question: str, essay: str) -> Feedback:
        with EmbeddingCache() as cache:
            return give_feedback(notebook, question, essay, embedder=self._loaded(), cache=cache)


def plan_html(plan: EssayPlan) -> str:
    """The plan as the CLI's `--md` prints it, as sanitised HTML."""
    return nh3.clean(pyromark.html(plan_to_markdown(plan)), url_schemes={"http", "https"})
