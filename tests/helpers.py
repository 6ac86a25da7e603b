"""Paths and small builders shared by tests."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
NOTES = FIXTURES / "notes"
# The reference user's real page lives beside the repository, never inside it.
SEED_DIR = REPO.parent / "shared" / "seeds"


def as_new_process() -> None:
    """Empty every in-memory cache, so only what is on disk survives, as in a new process."""
    from notedeck import page_cache
    from notedeck.derive import cards, dictionary, terms

    page_cache.forget_memory()
    dictionary.forget_memory()
    cards.forget_memory()
    terms.forget_memory()


def seed_files() -> list[Path]:
    return sorted(SEED_DIR.glob("*.txt")) + sorted(SEED_DIR.glob("*.md"))


def write_notes(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write a small notebook: {relative path: text or bytes}."""
    for name, content in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            target.write_bytes(content)
        else:
            target.write_text(content, encoding="utf-8")
    return root
