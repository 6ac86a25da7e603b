"""A whole notebook's scheduled columns kept on disk between runs, under the store's version.

`exam status` on an exam over every page reads every card: 313,000 rows on the 5,000-page
bench notebook, 0.8 s of its 2.3 s. Between two runs with no build, answer or suspend in
between those rows are the same, so the columns are saved in notedeck's cache directory (it
works for a PostgreSQL store as for a SQLite file) and read back in a few hundredths of a
second.

A saved copy is used only under the exact version it was read at (`Store.columns_version`):
the notebook's row (when it was first stored, and its revision, which every build, adoption
and suspend raises) and the answer log's newest id and row count (an answer adds a row with
an id never used before, an undo deletes one). Anything else is a miss, and so is a file
that is not what this module writes: the cache directory is only as trusted as whoever can
write to it, so the file is read with `marshal` (plain values only, never code) and every
array's size and bounds are checked before use.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

import numpy as np

from notedeck.study.scheduled import CardIds, ScheduledColumns

__all__ = ["FORMAT", "SavedColumns"]

#: Raised whenever the saved form or the meaning of a column changes.
FORMAT = "scheduled-columns-1"
# Card ids are joined by this to be saved as one string, split only if an id is read
# (`CardIds`); a store whose ids hold it is not saved.
_SEPARATOR = "\n"


class SavedColumns:
    """The saved columns of one notebook of one store, in `folder`.

    Args:
        folder: where to keep the file (notedeck's cache directory).
        where: the store as messages name it (its file, or its URL without the password).
        notebook_id: the notebook's id in that store.
    """

    def __init__(self, folder: Path, where: str, notebook_id: int) -> None:
        name = hashlib.sha256(f"{where}\0{notebook_id}".encode(errors="surrogateescape"))
        self.path = folder / "exam-columns" / f"{name.hexdigest()[:24]}.bin"

    def load(self, version: str) -> ScheduledColumns | None:
        """The columns saved under `version`; None when there are none, or not of that version,
        or the file is not one this module wrote."""
        try:
            data = self.path.read_bytes()
        except OSError:
            return None
        try:
            return _decode(marshal.loads(data), version)
        except (ValueError, TypeError, EOFError, IndexError):
            return None

    def save(self, version: str, columns: ScheduledColumns) -> None:
        """Keep `columns` as read at `version`, replacing any older copy at once (a reader
        sees the old file or the new one, never half of one). A cache that cannot be
        written is no error: the next run reads the store again."""
        if any(_SEPARATOR in card_id for card_id in columns.ids):
            return
        blob = marshal.dumps(
            (
                FORMAT,
                version,
                len(columns),
                _SEPARATOR.join(columns.ids),
                columns.places,
                columns.id_rank.astype("<i8").tobytes(),
                columns.place.astype("<i8").tobytes(),
                columns.stability.astype("<f8").tobytes(),
                columns.difficulty.astype("<f8").tobytes(),
                columns.last_review.astype("<f8").tobytes(),
            )
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".part")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(blob)
                os.replace(temporary, self.path)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return


def _decode(value: object, version: str) -> ScheduledColumns | None:
    """The columns in an unmarshalled file, or None for another format or version.

    Raises:
        ValueError, TypeError, IndexError: the file does not have the shape `save` writes.
    """
    if not isinstance(value, tuple) or len(value) != 10:
        raise ValueError("not a saved columns file")
    kind, saved_version, n, ids_text, places, *arrays = value
    if kind != FORMAT or saved_version != version:
        return None
    if not isinstance(n, int) or not isinstance(ids_text, str) or not isinstance(places, tuple):
        raise TypeError("not a saved columns file")
    if (ids_text.count(_SEPARATOR) + 1 if n else len(ids_text)) != n:
        raise ValueError("card ids do not match the count")
    ids = CardIds(ids_text, n, _SEPARATOR)
    if not all(
        type(place) is tuple
        and len(place) == 3
        and type(place[0]) is str
        and (place[1] is None or type(place[1]) is str)
        and (place[2] is None or type(place[2]) is str)
        for place in places
    ):
        raise TypeError("a place is not (page, section, factor)")
    id_rank, place_of, stability, difficulty, last_review = (
        np.frombuffer(raw, dtype=dtype).astype(target)
        for raw, dtype, target in zip(
            arrays, ("<i8", "<i8", "<f8", "<f8", "<f8"), (np.intp, np.intp, float, float, float),
            strict=True,
        )
    )  # fmt: skip
    if any(len(column) != n for column in (id_rank, place_of, stability, difficulty, last_review)):
        raise ValueError("columns of different lengths")
    if n and not (id_rank.min() >= 0 and id_rank.max() < n):
        raise IndexError("an id rank out of range")
    if n and not (place_of.min() >= 0 and place_of.max() < len(places)):
        raise IndexError("a place out of range")
    return ScheduledColumns(
        ids=ids,
        id_rank=id_rank,
        places=places,
        place=place_of,
        stability=stability,
        difficulty=difficulty,
        last_review=last_review,
    )
