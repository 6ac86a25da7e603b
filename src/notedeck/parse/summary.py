"""GitBook's `SUMMARY.md` and `.gitbook.yaml`: which pages a space has, in which order."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

import yaml

_LINK = re.compile(r"^\s*[*+-]\s+\[(?P<title>[^\]]*)\]\((?P<target><[^>]*>|[^)\s]*)")
_HEADING = re.compile(r"^#\s+(.+?)\s*#*\s*$")
_DEFAULT_TITLES = {"table of contents", "summary", "contents"}


@dataclass(frozen=True, slots=True)
class SummaryEntry:
    """One page link in SUMMARY.md, with the link's target relative to the space root."""

    path: str
    title: str
    line: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The parsed table of contents.

    Attributes:
        title: the summary's `#` heading unless it is GitBook's default "Table of contents".
        entries: page links in reading order (nested links flattened depth first).
    """

    title: str | None
    entries: tuple[SummaryEntry, ...]


@dataclass(frozen=True, slots=True)
class GitbookConfig:
    """`.gitbook.yaml`: where the space's files live, relative to the repository."""

    root: str = "."
    summary: str = "SUMMARY.md"
    readme: str = "README.md"
    problem: str | None = None


def parse_summary(text: str, summary_dir: str = "") -> Summary:
    """Read a GitBook SUMMARY.md. Links are made relative to the space root.

    Args:
        text: the file's text.
        summary_dir: the folder of SUMMARY.md relative to the root ("" when at the root).
    """
    title = None
    entries: list[SummaryEntry] = []
    seen: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        if title is None and (heading := _HEADING.match(line)):
            candidate = heading.group(1).strip()
            title = None if candidate.lower() in _DEFAULT_TITLES else candidate
            continue
        link = _LINK.match(line)
        if not link:
            continue
        target = link.group("target").strip("<>")
        target = (unquote(target) if "%" in target else target).split("#", 1)[0]
        if not target or "://" in target or target.startswith("mailto:"):
            continue
        path = _resolve(summary_dir, target)
        if path not in seen:
            seen.add(path)
            entries.append(SummaryEntry(path, link.group("title").strip(), number))
    return Summary(title, tuple(entries))


def _resolve(summary_dir: str, target: str) -> str:
    """`target` relative to the space root; a plain relative path (the usual case) is as is."""
    if target.startswith("/"):  # GitBook reads `/a.md` from the space's root
        return posixpath.normpath(target.lstrip("/")) if target.strip("/") else "."
    if summary_dir or target.startswith(("./", "../")) or "/." in target or "//" in target:
        return posixpath.normpath(posixpath.join(summary_dir, target))
    return target.removesuffix("/") or "."


def parse_gitbook_config(text: str) -> GitbookConfig:
    """Read `.gitbook.yaml`; anything unreadable falls back to GitBook's defaults."""
    # GitBook's editor has been seen writing zero-width spaces before keys (`\u200bstructure:`).
    text = text.replace("\u200b", "").replace("\ufeff", "")
    try:
        data: Any = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        return GitbookConfig(problem=str(exc).splitlines()[0])
    if data is None:
        return GitbookConfig()
    if not isinstance(data, dict):
        return GitbookConfig(problem="it is not a mapping of `key: value` lines")
    found = data.get("structure")
    structure: dict[str, Any] = found if isinstance(found, dict) else {}
    return GitbookConfig(
        root=str(data.get("root") or "."),
        summary=str(structure.get("summary") or "SUMMARY.md"),
        readme=str(structure.get("readme") or "README.md"),
    )
