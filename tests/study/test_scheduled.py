"""`ScheduledColumns`: the store's rows as columns, checked against a plain Python reading."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from notedeck.study.scheduled import CardRow, ScheduledColumns, StateRow

_ids = st.text(alphabet="0a9fé", min_size=1, max_size=4)
_rows = st.lists(
    st.tuples(
        _ids,
        st.sampled_from(["b.md", "a.md", "é.md", "a/c.md"]),
        st.sampled_from([None, "Causes", "Effects"]),
        st.sampled_from([None, "Army", "Money"]),
        st.integers(1, 4),
    ),
    max_size=40,
    unique_by=lambda row: row[0],
)


def _states(rows: list[CardRow], data: st.DataObject) -> list[StateRow]:
    """Answered states for some of the cards, plus one of a card from another notebook."""
    states: list[StateRow] = [("elsewhere", 3.0, 5.0, 1_700_000_000_000_000)]
    for row in rows:
        if data.draw(st.booleans()):
            stability = data.draw(st.sampled_from([None, 0.5, 12.25]))
            difficulty = data.draw(st.sampled_from([None, 1.0, 7.5]))
            micros = data.draw(st.integers(1_600_000_000_000_000, 1_800_000_000_000_000))
            states.append((row[0], stability, difficulty, micros))
    return states


@settings(max_examples=200, deadline=None)
@given(rows=_rows, data=st.data())
def test_columns_are_the_rows_in_notes_order_with_their_states(
    rows: list[CardRow], data: st.DataObject
) -> None:
    states = _states(rows, data)
    columns = ScheduledColumns.from_rows(rows, reversed(states))

    ordered = sorted(rows, key=lambda r: (r[1], r[4], r[0]))
    assert columns.ids == tuple(r[0] for r in ordered)
    places = list(dict.fromkeys(r[1:4] for r in ordered))
    assert columns.places == tuple(places)
    assert [columns.places[i] for i in columns.place.tolist()] == [r[1:4] for r in ordered]
    by_rank = [columns.ids[i] for i in np.argsort(columns.id_rank, kind="stable").tolist()]
    assert by_rank == sorted(columns.ids)
    known = {s[0]: s for s in states}
    for i, card_id in enumerate(columns.ids):
        state = known.get(card_id)
        got = (columns.stability[i], columns.difficulty[i], columns.last_review[i])
        if state is None:
            assert all(math.isnan(x) for x in got)
            continue
        want = [math.nan if x is None else x for x in state[1:3]] + [state[3] / 10**6]
        assert [x if not math.isnan(x) else "nan" for x in got] == [
            x if not math.isnan(x) else "nan" for x in want
        ]
    keep = np.array([i % 2 == 0 for i in range(len(columns))], dtype=bool)
    assert columns.where(keep).ids == tuple(columns.ids[i] for i in np.flatnonzero(keep))
