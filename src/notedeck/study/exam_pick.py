"""A day's cards for the exam planner: the best gain per second first, as many as start
within the day's minutes.

A day holds a few hundred answers, and a scope may hold 300,000 cards; a forecast picks a
day's cards for each day to the exam. Sorting every card each time (35 ms for 313,000 varied
keys) cost a second over a thirty-day forecast, so only the cards that can fit are sorted.
The result is the same as sorting them all, as `exam.gain_order` does
(`tests/study/test_exam_pick.py` checks it against that plain way).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from notedeck.study import fsrs_arrays as fa

__all__ = ["pick_in_time"]


def pick_in_time(
    gain: fa.FloatArray, worth: npt.NDArray[np.bool_], seconds: fa.FloatArray, budget_seconds: float
) -> fa.IntArray:
    """Indices best gain per second first, while the day's time lasts (the last may overrun).

    Only cards worth their time are picked. The result is the head of `exam.gain_order` over
    the cards worth it, cut where the time runs out. Only the cards that can fit are sorted
    (`_best`); if they all fit after all, every card is sorted.
    """
    useful = np.flatnonzero(worth)
    if not len(useful):
        return useful
    if len(useful) == len(worth):  # every card: the arrays as they are, not copies
        cost, key = seconds, -(gain / seconds)
    else:
        cost = seconds[useful]
        key = -(gain[useful] / cost)
    # Each card starts at least the cheapest card's seconds after the one before it.
    most = int(budget_seconds // cost.min()) + 2
    order = _best(key, most) if most < len(useful) else np.argsort(key, kind="stable")
    started = np.cumsum(cost[order]) - cost[order]
    fits = started < budget_seconds
    if len(order) < len(useful) and fits[-1]:
        order = np.argsort(key, kind="stable")
        started = np.cumsum(cost[order]) - cost[order]
        fits = started < budget_seconds
    return useful[order[fits]]


def _best(key: fa.FloatArray, count: int) -> fa.IntArray:
    """The first `count` of `np.argsort(key, kind="stable")`, without sorting all of `key`.

    New cards share one state, so most keys are often one value; numpy's partition is slow
    on such a block (60 ms for 313,000 keys, against 2 ms), so that value is taken out first:
    the keys below it, then its block in index order, then the keys above it.
    """
    common = _most_common(key[:: max(1, len(key) // 256)])
    head = _smallest(key, np.flatnonzero(key < common), count)
    if len(head) < count:
        head = np.concatenate((head, np.flatnonzero(key == common)[: count - len(head)]))
    if len(head) < count:
        above = _smallest(key, np.flatnonzero(key > common), count - len(head))
        head = np.concatenate((head, above))
    head = np.sort(head)  # index order, so that the stable sort breaks ties by index
    return head[np.argsort(key[head], kind="stable")]


def _most_common(values: fa.FloatArray) -> float:
    """The most frequent value, the smallest of equally frequent ones (as `np.unique`'s
    counts and `argmax` give it, without `np.unique`, whose first call imports `numpy.ma`:
    7 ms of a run of `exam status`)."""
    ordered = np.sort(values)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    runs = np.diff(np.append(starts, len(ordered)))
    return float(ordered[starts[runs.argmax()]])


def _smallest(key: fa.FloatArray, among: fa.IntArray, count: int) -> fa.IntArray:
    """The `count` indices of `among` with the smallest keys, ties to the lower index."""
    if len(among) <= count:
        return among
    values = key[among]
    cut = np.partition(values, count - 1)[count - 1]
    below = among[values < cut]
    return np.concatenate((below, among[values == cut][: count - len(below)]))
