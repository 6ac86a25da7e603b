"""What an export wrote."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

from notedeck.errors import ExportError

__all__ = ["ExportError", "ExportReport", "ExportReportDict"]


class ExportReportDict(TypedDict):
    format: str
    path: str | None
    notes: int
    cards: int
    decks: list[str]


@dataclass(frozen=True, slots=True)
class ExportReport:
    """The outcome of one export.

    Attributes:
        format: `apkg`, `csv-anki` or `csv-quizlet`.
        path: the file written, or None when the export went to an open stream.
        notes: notes (rows) written; one per notedeck card.
        cards: cards the target will study: a reversed note gives 2, a cloze one per `cN`.
        decks: deck names used, sorted; empty for Quizlet, which has no decks.
    """

    format: str
    path: Path | None
    notes: int
    cards: int
    decks: tuple[str, ...] = ()

    def to_dict(self) -> ExportReportDict:
        return {
            "format": self.format,
            "path": str(self.path) if self.path is not None else None,
            "notes": self.notes,
            "cards": self.cards,
            "decks": list(self.decks),
        }
