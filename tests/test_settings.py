"""`notedeck.toml` and front-matter settings: parsed without raising, and which wins."""

from __future__ import annotations

from notedeck.settings import CheckSwitches, page_switches, parse_settings


def test_a_page_setting_wins_over_the_notebook() -> None:
    notebook = parse_settings('[checks]\nessay = true\ndisable = ["REPEATED_WORD"]\n').checks
    page, problems = page_switches(
        {"notedeck": {"checks": {"essay": False, "enable": ["REPEATED_WORD"]}}}, "p.md"
    )
    assert problems == ()
    switches = page.under(notebook)
    assert not switches.allows("NO_EVIDENCE", essay_page=True)
    assert switches.allows("REPEATED_WORD", essay_page=False)


def test_the_defaults_follow_the_page() -> None:
    switches = CheckSwitches()
    assert switches.allows("NO_LINK_STATEMENT", essay_page=True)
    assert not switches.allows("NO_LINK_STATEMENT", essay_page=False)
    assert switches.allows("LIKELY_MISSPELLING", essay_page=False)
    assert switches.stamp() == ""


def test_enable_beats_a_group_switched_off() -> None:
    switches = parse_settings('[checks]\nessay = false\nenable = ["NO_EVIDENCE"]\n').checks
    assert switches.allows("NO_EVIDENCE", essay_page=False)
    assert not switches.allows("NO_LINK_STATEMENT", essay_page=True)


def test_auto_is_the_default_and_settings_change_the_stamp() -> None:
    auto = parse_settings('[checks]\nessay = "auto"\n')
    assert auto.findings == () and auto.checks == CheckSwitches()
    assert parse_settings("[checks]\nspelling = false\n").checks.stamp() != ""


def test_a_table_that_is_not_a_table_is_named() -> None:
    settings = parse_settings('checks = "all"\n')
    [problem] = settings.findings
    assert (problem.code, problem.page, problem.line) == ("BAD_SETTINGS", "notedeck.toml", 1)
    assert settings.checks == CheckSwitches()
