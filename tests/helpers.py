"""Paths and small builders shared by tests."""

from __future__ import annotations

import re
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


_MARKUP_PATTERNS = {
    "bold or italics": r"\*\*|__|(?<![\w*])\*(?=\w)[^*\n]*\w\*(?!\w)|(?<!\w)_[a-z][^_\n]*_(?!\w)",
    "inline code": r"`",
    "HTML": r"</?[a-zA-Z][\w-]*(?:\s[^>]*)?/?>|&(?:#x?[0-9a-fA-F]+|[a-z]+);",
    "link": r"\]\(|\[\[|\]\]|https?://|www\.",
    "cloze or highlight markup": r"\{\{|\}\}|==\S",
    "GitBook block": r"\{%",
    "table": r"\|.*\|",
    "heading line": r"(?m)^#{1,6}\s",
    "label": r"(?m)^\s*(?:[-*]\s+)?(?:S|L|Link|P|E|Point):\s",
    "cut short": r"…|\.\.\.(?!\])",
    "empty brackets": r"\(\s*\)|\[\s*\]",
    "file path": r"(?<![\w/])[\w.-]+/[\w.-]+\.(?:py|js|ts|md|json|yaml|yml|txt|html|css|sh)\b",
}
_MARKUP = {name: re.compile(pattern) for name, pattern in _MARKUP_PATTERNS.items()}


def markup_in(text: str) -> str | None:
    """What markup or structure a card side still shows, or None when it is plain text.

    Written apart from the card code on purpose: it checks the cards from the outside.
    """
    for name, pattern in _MARKUP.items():
        if match := pattern.search(text):
            return f"{name}: {match.group(0)!r} in {text[:80]!r}"
    return None
