"""The exceptions notedeck raises. Broken notes are findings, not exceptions; these are failures."""


class NotedeckError(Exception):
    """Base class for every error notedeck raises on purpose."""


class NotebookNotFound(NotedeckError):
    """The notebook path does not exist or cannot be read."""


class StoreError(NotedeckError):
    """The review store could not be opened, migrated or written."""


class ModelUnavailable(NotedeckError):
    """The embedding model could not be loaded or failed its checksum."""


class EssayError(NotedeckError):
    """A question or essay that notedeck cannot work with."""


class ExportError(NotedeckError):
    """Cards could not be exported (a missing or repeated card id, an unwritable file)."""


class EmbeddingCacheError(NotedeckError):
    """The embedding cache file could not be read or written."""


class ExamError(NotedeckError):
    """An exam that cannot be added, found or planned for (a past date, no study time)."""
