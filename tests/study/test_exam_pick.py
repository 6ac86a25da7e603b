"""The exam planner's choice of a day's cards, against sorting every card."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.study.exam import gain_order
from notedeck.study.exam_pick import pick_in_time


def _pick_plainly(
    gain: np.ndarray, worth: np.ndarray, seconds: np.ndarray, budget: float
) -> np.ndarray:
    """Every card sorted by gain per second, then the worthwhile ones that start in time."""
    order = gain_order(gain, seconds)
    useful = order[worth[order]]
    started = np.cumsum(seconds[useful]) - seconds[useful]
    return useful[started < budget]


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(0, 400),
    distinct=st.integers(1, 6),
    budget=st.sampled_from([0.0, 5.0, 60.0, 600.0, 1800.0]),
    seed=st.integers(0, 2**16),
)
def test_the_days_picks_are_those_of_sorting_every_card(
    n: int, distinct: int, budget: float, seed: int
) -> None:
    # Few distinct gains, as when most cards are new: the case a partial sort can get wrong.
    rng = np.random.default_rng(seed)
    gain = rng.choice(rng.random(distinct), n)
    seconds = rng.choice(np.array([0.5, 4.0, 10.0, 10.0, 31.5]), n)
    worth = rng.random(n) < 0.8
    assert pick_in_time(gain, worth, seconds, budget).tolist() == (
        _pick_plainly(gain, worth, seconds, budget).tolist()
    )
