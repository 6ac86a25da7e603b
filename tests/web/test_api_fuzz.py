"""Schemathesis against the app's own OpenAPI document: no input makes the API fail with a 500.

Requests carry a session cookie and its CSRF token, so POSTs reach the handlers instead of
stopping at the CSRF check; examples are bounded so the run stays well under a minute.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error

from notedeck.notebook import bundled_example
from notedeck.web.app import create_app
from notedeck.web.security import Guard
from tests.web.conftest import start_server

GUARD = Guard()
SESSION = "fuzz-session"
HEADERS = {
    "Cookie": f"notedeck_session={SESSION}",
    "X-CSRF-Token": GUARD.csrf_for(SESSION),
}


@pytest.fixture
def api_schema(tmp_path: Path) -> Iterator[Any]:
    db_url = f"sqlite:///{tmp_path / 'fuzz.sqlite'}"
    live = start_server(create_app(bundled_example(), db_url, guard=GUARD, watch=False), db_url)
    try:
        yield schemathesis.openapi.from_url(f"{live.url}/api/openapi.json")
    finally:
        live.stop()


def test_no_request_gets_a_server_error(api_schema: Any) -> None:
    operations = [result.ok() for result in api_schema.get_all_operations()]
    fuzzed = [op for op in operations if op.path not in _SLOW]
    assert len(fuzzed) >= 11, f"the OpenAPI document lists only {[op.path for op in fuzzed]}"
    for operation in fuzzed:

        @given(case=operation.as_strategy())
        @settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
        def call(case: Any) -> None:
            response = case.call(headers=HEADERS)
            case.validate_response(response, checks=[not_a_server_error])
            assert response.status_code != 403, f"{case.method} {case.path}: CSRF refused it"

        started = time.perf_counter()
        call()
        print(f"{operation.method.upper()} {operation.path}: {time.perf_counter() - started:.1f} s")


# The essay endpoints load the sentence model and rank every factor: seconds a call (the
# browser test drives them), and `/api/changes` waits up to 25 s by design (a long poll).
_SLOW = frozenset({"/api/plan", "/api/feedback", "/api/changes"})
