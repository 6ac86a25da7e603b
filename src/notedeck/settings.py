"""Which checks run: `notedeck.toml` at the notebook root, and a page's own front matter.

Product documentation and course notes are not essay notes, and checks written for essays
drowned everything else on them. So the essay checks run by default only on a page that has
a link statement, and either file can say otherwise:

    # notedeck.toml                      # a page's front matter
    [checks]                             # ---
    essay = true                         # notedeck:
    spelling = false                     #   checks: {essay: false, disable: [REPEATED_WORD]}
    disable = ["REPEATED_WORD"]          # ---
    enable = []

A page's setting wins over the notebook's. A setting that cannot be read is a finding naming
the file and line, and the default stands in for it: a typo never stops a build.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from notedeck.model import Finding, Severity

SETTINGS_FILE = "notedeck.toml"
ESSAY_CHECKS = frozenset({"NO_LINK_STATEMENT", "NO_EVIDENCE", "WEAK_FACTOR"})
"""Checks that only make sense for essay notes (factors tied to a question by link statements)."""
SPELLING_CHECKS = frozenset({"LIKELY_MISSPELLING", "INCONSISTENT_SPELLING"})
KNOWN_CHECKS = ESSAY_CHECKS | SPELLING_CHECKS | frozenset(
    {
        "BAD_FRONT_MATTER", "BAD_GITBOOK_YAML", "BINARY_FILE", "DEEP_NESTING", "EMPTY_PAGE",
        "EMPTY_SECTION", "MISSING_PAGE", "MOJIBAKE_REPAIRED", "NAME_NOT_UTF8", "NOT_A_FILE",
        "NOT_IN_SUMMARY", "NOT_UTF8", "PAGE_TOO_BIG", "REPEATED_WORD", "UNREADABLE_FILE",
    }
)  # fmt: skip
"""Codes notedeck is known to report; another code in `disable` gets an info finding (a typo?)."""
BAD_SETTINGS = "BAD_SETTINGS"
ESSAY_CHECKS_OFF = "ESSAY_CHECKS_OFF"
"""A page whose essay checks were left quiet because it has no link statement; the notebook
turns these into one info finding (`quiet_note`)."""
_TOML_LINE = re.compile(r" ?\(at line (\d+), column \d+\)")
_GROUPS = ("essay", "spelling")
_LISTS = ("disable", "enable")


@dataclass(frozen=True, slots=True)
class CheckSwitches:
    """What one settings source says about checks; None or empty where it says nothing.

    Attributes:
        essay: the essay checks (`ESSAY_CHECKS`) on or off; None: on where the page has a
            link statement.
        spelling: the spelling checks (`SPELLING_CHECKS`) on or off; None: on.
        disable: finding codes turned off.
        enable: finding codes turned on, whatever their group says.
    """

    essay: bool | None = None
    spelling: bool | None = None
    disable: frozenset[str] = frozenset()
    enable: frozenset[str] = frozenset()

    def under(self, notebook: CheckSwitches) -> CheckSwitches:
        """These (a page's) switches, falling back to the notebook's where they say nothing.

        A code the page enables is no longer disabled by the notebook, and the other way round.
        """
        return CheckSwitches(
            essay=self.essay if self.essay is not None else notebook.essay,
            spelling=self.spelling if self.spelling is not None else notebook.spelling,
            disable=(notebook.disable - self.enable) | self.disable,
            enable=(notebook.enable - self.disable) | self.enable,
        )

    def allows(self, code: str, *, essay_page: bool) -> bool:
        """Whether a finding with this code is reported on a page.

        `essay_page`: the page has a link statement, which turns the essay checks on when
        no setting decides.
        """
        if code in self.enable:
            return True
        if code in self.disable:
            return False
        if code in ESSAY_CHECKS:
            return self.essay if self.essay is not None else essay_page
        if code in SPELLING_CHECKS:
            return self.spelling is not False
        return True

    def stamp(self) -> str:
        """A short fingerprint, part of every page's cache key: other settings, other findings."""
        if self == CheckSwitches():
            return ""
        text = repr((self.essay, self.spelling, sorted(self.disable), sorted(self.enable)))
        return hashlib.sha256(text.encode()).hexdigest()[:12]


@dataclass(frozen=True, slots=True)
class Settings:
    """The notebook's settings file, read.

    Attributes:
        checks: its `[checks]` table.
        findings: problems reading it, each naming the file and line.
    """

    checks: CheckSwitches = CheckSwitches()
    findings: tuple[Finding, ...] = ()


def read_settings(folders: Iterable[Path]) -> Settings:
    """The first `notedeck.toml` found in `folders`; defaults when there is none."""
    for folder in folders:
        file = folder / SETTINGS_FILE
        if file.is_file():
            try:
                data = file.read_bytes()
            except OSError as exc:
                message = f"Cannot read {SETTINGS_FILE}: {exc.strerror}; the default checks apply."
                return Settings(findings=(_bad(message, SETTINGS_FILE, None),))
            return parse_settings(data.decode("utf-8", errors="replace").removeprefix("\ufeff"))
    return Settings()


def parse_settings(text: str) -> Settings:
    """`notedeck.toml`'s text as settings. Pure: never raises, a problem is a finding."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = _TOML_LINE.search(str(exc))
        line = int(match.group(1)) if match else max(len(text.splitlines()), 1)
        why = _TOML_LINE.sub("", str(exc)).replace(" (at end of document)", "").strip()
        message = f"{SETTINGS_FILE} is not valid TOML ({why}); the default checks apply."
        return Settings(findings=(_bad(message, SETTINGS_FILE, line),))
    findings: list[Finding] = []
    checks = data.get("checks", {})
    for key in data:
        if key != "checks":
            findings.append(
                _bad(
                    f"{SETTINGS_FILE}: unknown table or key '{key}' (notedeck reads [checks]); "
                    "it is ignored.",
                    SETTINGS_FILE,
                    _line_of(text, key),
                )
            )
    if not isinstance(checks, dict):
        message = f"{SETTINGS_FILE}: 'checks' must be a table; the default checks apply."
        return Settings(
            findings=(*findings, _bad(message, SETTINGS_FILE, _line_of(text, "checks")))
        )
    switches = _switches(
        checks, where=SETTINGS_FILE, line_of=lambda key: _line_of(text, key), findings=findings
    )
    return Settings(switches, tuple(findings))


def page_switches(
    front_matter: Mapping[str, Any], page_id: str, text: str = ""
) -> tuple[CheckSwitches, tuple[Finding, ...]]:
    """What a page's front matter (`notedeck: {checks: {...}}`) says about checks.

    `text` is the page's text, read only to name the line of a setting that is wrong.
    """
    block = front_matter.get("notedeck")
    if block is None:
        return CheckSwitches(), ()
    line = _line_of(text, "notedeck")
    checks = block.get("checks") if isinstance(block, dict) else None
    if not isinstance(checks, dict):
        message = (
            "Front matter 'notedeck' should be a mapping with a 'checks' mapping, e.g. "
            "`notedeck: {checks: {essay: true}}`; it is ignored."
        )
        return CheckSwitches(), (_bad(message, page_id, line),)
    findings: list[Finding] = []
    switches = _switches(
        checks,
        where="Front matter 'notedeck.checks'",
        line_of=lambda _: line,
        findings=findings,
        page=page_id,
    )
    return switches, tuple(findings)


def quiet_note(pages: list[str]) -> Finding | None:
    """The one notebook finding that says where essay checks were left quiet, and how to turn
    them on; None when they were quiet nowhere."""
    if not pages:
        return None
    where = f"'{pages[0]}'" if len(pages) == 1 else f"{len(pages)} pages (first '{pages[0]}')"
    return Finding(
        ESSAY_CHECKS_OFF,
        Severity.INFO,
        f"Essay checks ({', '.join(sorted(ESSAY_CHECKS))}) are off on {where}: no link "
        "statement ('**S: …**') there, so they are not read as essay notes. To turn them "
        f"on, write `[checks]` `essay = true` in {SETTINGS_FILE}, or "
        "`notedeck: {checks: {essay: true}}` in a page's front matter.",
    )


def _switches(
    table: Mapping[str, Any],
    *,
    where: str,
    line_of: Callable[[str], int | None],
    findings: list[Finding],
    page: str = SETTINGS_FILE,
) -> CheckSwitches:
    """A `checks` table as switches; each bad entry is a finding and is left out."""
    groups: dict[str, bool] = {}
    lists: dict[str, frozenset[str]] = {}
    for key, value in table.items():
        if key in _GROUPS:
            if isinstance(value, bool):
                groups[key] = value
            elif value != "auto":
                findings.append(
                    _bad(
                        f"{where}: '{key}' must be true or false (or \"auto\"), not {value!r}; "
                        "the default applies.",
                        page,
                        line_of(key),
                    )
                )
        elif key in _LISTS:
            codes = [value] if isinstance(value, str) else value
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                findings.append(
                    _bad(
                        f"{where}: '{key}' must be a list of finding codes, like "
                        '["REPEATED_WORD"]; it is ignored.',
                        page,
                        line_of(key),
                    )
                )
                continue
            wanted = lists[key] = frozenset(c.strip().upper() for c in codes)
            for code in sorted(wanted - KNOWN_CHECKS - {BAD_SETTINGS, ESSAY_CHECKS_OFF}):
                findings.append(
                    Finding(
                        BAD_SETTINGS,
                        Severity.INFO,
                        f"{where}: '{code}' in '{key}' is not a check notedeck knows "
                        "(a typo?); it is kept.",
                        page,
                        line_of(key),
                    )
                )
        else:
            findings.append(
                _bad(
                    f"{where}: unknown setting '{key}' (known: essay, spelling, disable, "
                    "enable); it is ignored.",
                    page,
                    line_of(key),
                )
            )
    enable = lists.get("enable", frozenset())
    return CheckSwitches(
        essay=groups.get("essay"),
        spelling=groups.get("spelling"),
        disable=lists.get("disable", frozenset()) - enable,
        enable=enable,
    )


def _line_of(text: str, key: str) -> int | None:
    """The first line (1-based) that starts with `key` as a TOML or YAML key."""
    pattern = re.compile(rf"^\s*[\"']?{re.escape(key)}[\"']?\s*[:=\]]|^\s*\[{re.escape(key)}\]")
    for number, line in enumerate(text.splitlines(), start=1):
        if pattern.match(line):
            return number
    return None


def _bad(message: str, page: str, line: int | None) -> Finding:
    return Finding(BAD_SETTINGS, Severity.WARNING, message, page, line)
