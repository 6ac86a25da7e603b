"""A slip of the keyboard told apart from jargon, names and coinages."""

from __future__ import annotations

import pytest

from notedeck.derive.slips import likely_meant


@pytest.mark.parametrize(
    ("word", "meant"),
    [("persmission", "permission"), ("retreive", "retrieve"), ("parliments", "parliaments"),
     ("goverment", "government"), ("seperate", "separate")],
)  # fmt: skip
def test_slips_get_the_common_word_meant(word: str, meant: str) -> None:
    assert likely_meant(word) == meant


@pytest.mark.parametrize(
    "word",
    ["gcloud", "iframe", "keypair", "whitespaces", "sandboxed", "refetch", "probers",
     "realtime", "lookup", "checkin", "wifi", "regex", "tuple"],
)  # fmt: skip
def test_jargon_and_coinages_are_not_slips(word: str) -> None:
    assert likely_meant(word) is None
