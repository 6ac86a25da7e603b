"""notedeck: revision notes in, flashcards, essay plans and a revision schedule out."""

from notedeck.errors import NotedeckError
from notedeck.model import (
    Card,
    CardKind,
    ExplicitCard,
    Factor,
    Finding,
    Notebook,
    Page,
    Point,
    Section,
    Severity,
    Source,
    Statement,
)

__all__ = [
    "Card",
    "CardKind",
    "ExplicitCard",
    "Factor",
    "Finding",
    "Notebook",
    "NotedeckError",
    "Page",
    "Point",
    "Section",
    "Severity",
    "Source",
    "Statement",
]
__version__ = "0.1.0"
