"""Machine text: what no card asks for, told apart from the prose around it."""

from __future__ import annotations

import pytest

from notedeck.derive.machine import is_machine_answer, is_machine_front, machine_spans


@pytest.mark.parametrize(
    "token",
    [
        "v2.3.1", "1.0.0-beta", "config/settings.yaml", "https://example.com/a?b=1",
        "www.example.org", "image.png", "docs/img/diagram-1.svg", "#anchor-id", "foo()",
        "os.path.join(a)", "timeout=30", 'style="color:blue;"', "snake_case", "camelCase",
        "--verbose", "&lt;", "/usr/bin/env", "~/notes", "./run.sh", "src/app/main.py",
        "std::vector", "0x41f994", "<mark",
    ],
)  # fmt: skip
def test_machine_tokens_are_found_whole(token: str) -> None:
    text = f"see {token} here"
    assert [text[a:b] for a, b in machine_spans(text)] == [token.removesuffix(" ")]
    assert is_machine_answer(token)


@pytest.mark.parametrize(
    "prose",
    [
        "e.g. the i.e. U.S. army", "1.5 million in 1918/19", "he/she and/or Nazi/Soviet",
        "cause -> effect", "V = IR and F = ma", "1 kWh = 3.6 MJ at 0 kPa", "mRNA and tRNA",
        "Hitler became chancellor in 1933.", "28/9/1912", "192.168.0.1", "Node.js and Vue.js",
        "O(n²) and f(x)", "KeyError and McCarthy", "£6.6bn (c. 1929)", "#1 hit",
        "the attribute(s) of a key", "avoid update/insert/delete anomalies", "[/link] and [/]",
    ],
)  # fmt: skip
def test_prose_is_not_machine_text(prose: str) -> None:
    assert machine_spans(prose) == ()


def test_a_version_ends_a_sentence_and_an_address_is_not_a_version() -> None:
    text = "solved in 4.2.2. Then 10.0.0.1 and 192.168.0.1 answered"
    assert [text[a:b] for a, b in machine_spans(text)] == ["4.2.2"]


def test_a_front_is_machine_made_with_an_address_or_mostly_code() -> None:
    assert is_machine_front("Set [...] in config/settings.yaml")
    assert is_machine_front("Released in [...] as v2.3.1")
    assert is_machine_front("x=foo() then y=bar(x) gives [...]")
    assert not is_machine_front("dict.get returns a default instead of raising a [...] error")


def test_a_front_showing_a_gitbook_tag_is_machine_made() -> None:
    assert is_machine_front("Descriptions accept advanced blocks such as {% tabs %}: [...]")
