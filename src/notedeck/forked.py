"""One job spread over every core: forked workers that inherit what they work on.

A cold build derives names and cards for thousands of pages. Sending each page to a worker
would cost more than the work; a forked worker already has the parent's memory, so it is
given only a range of positions and sends back its results. Below a few hundred items, or on
one core, the work is done in this process.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from notedeck.derive import dictionary

__all__ = ["forked_map"]

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS = 300  # fewer than this: forking costs more than it saves

_INHERITED: tuple[Callable[[Any, Any], Any], Sequence[Any], Any] | None = None


def forked_map(function: Callable[[T, Any], R], items: Sequence[T], shared: Any = None) -> list[R]:
    """`[function(item, shared) for item in items]`, on every core when there are many items.

    `function` must be a module-level function; `items` and `shared` are inherited by the
    workers, never pickled. The word list is loaded first, so workers share it too.
    """
    global _INHERITED
    workers = os.cpu_count() or 1
    if workers < 2 or len(items) < MIN_ITEMS:
        return [function(item, shared) for item in items]
    import multiprocessing  # here: a rebuild of a few pages never pays for these imports
    from concurrent.futures import ProcessPoolExecutor

    dictionary.load()
    size = max(16, len(items) // (workers * 8))
    spans = [(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    _INHERITED = (function, items, shared)
    try:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context, initializer=gc.freeze) as pool:
            return [result for chunk in pool.map(_run, spans) for result in chunk]
    finally:
        _INHERITED = None


def _run(span: tuple[int, int]) -> list[Any]:
    """In a worker: `function` over the inherited items in `span`."""
    assert _INHERITED is not None
    function, items, shared = _INHERITED
    return [function(item, shared) for item in items[span[0] : span[1]]]
