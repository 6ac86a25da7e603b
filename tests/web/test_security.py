"""The security list of issue 13, checked against a real server over real HTTP.

Raw requests (`http.client`) so that paths reach the server exactly as written: a client
library would tidy `../` away before sending.
"""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from notedeck.web.security import Guard

ESCAPES = (
    "/page/../SUMMARY.md",
    "/page/..%2fSUMMARY.md",
    "/asset/../../etc/passwd",
    "/asset/..%2f..%2fetc%2fpasswd",
    "/asset/%2e%2e/%2e%2e/etc/passwd",
    "/asset/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/asset/assets/../../outside.png",
    "/asset/..\\..\\etc\\passwd",
    "/asset/.%2e/outside.png",
    "/static/../app.py",
    "/static/..%2fapp.py",
    "/static/%2e%2e/app.py",
    "/api/pages/../../etc/passwd",
    "/api/pages/..%2f..%2fetc%2fpasswd",
    "/./asset/assets/cover.png",
)


def _request(
    url: str, method: str, path: str, headers: dict[str, str] | None = None, body: str = ""
) -> http.client.HTTPResponse:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in {"Host": parts.netloc, **(headers or {})}.items():
        connection.putheader(name, value)
    data = body.encode()
    if data:
        connection.putheader("Content-Length", str(len(data)))
    connection.endheaders(data or None)
    response = connection.getresponse()
    response.read()
    connection.close()
    return response


def _cookie_and_csrf(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request("GET", "/api/session")
    response = connection.getresponse()
    csrf = re.search(rb'"csrf":"([0-9a-f]+)"', response.read())
    cookie = response.getheader("set-cookie", "").split(";", 1)[0]
    connection.close()
    assert csrf and cookie, "GET /api/session gave no token or cookie"
    return cookie, csrf.group(1).decode()


def test_no_path_escapes_the_notebook(serve, gitbook_notes: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes((gitbook_notes / "assets" / "cover.png").read_bytes())
    (gitbook_notes / "assets" / "link.png").symlink_to(tmp_path / "outside.png")
    live = serve(gitbook_notes, watch=False)
    assert _request(live.url, "GET", "/asset/assets/cover.png").status == 200
    seen = {path: _request(live.url, "GET", path).status for path in ESCAPES}
    seen["/asset/assets/link.png"] = _request(live.url, "GET", "/asset/assets/link.png").status
    seen["/asset/hostile.md"] = _request(live.url, "GET", "/asset/hostile.md").status
    assert set(seen.values()) == {404}, (
        f"answers that are not 404: { {p: s for p, s in seen.items() if s != 404} }"
    )


def test_state_changes_need_post_csrf_and_our_origin(serve, example: Path) -> None:
    live = serve(example, watch=False)
    cookie, csrf = _cookie_and_csrf(live.url)
    json_body = '{"card_id": "x", "rating": 3}'
    plain = {"Cookie": cookie, "Content-Type": "application/json"}
    assert _request(live.url, "POST", "/api/review/answer", plain, json_body).status == 403
    wrong = {**plain, "X-CSRF-Token": "0" * 64}
    assert _request(live.url, "POST", "/api/review/answer", wrong, json_body).status == 403
    foreign = {**plain, "X-CSRF-Token": csrf, "Origin": "http://evil.example"}
    assert _request(live.url, "POST", "/api/review/answer", foreign, json_body).status == 403
    null = {**plain, "X-CSRF-Token": csrf, "Origin": "null"}
    assert _request(live.url, "POST", "/api/review/undo", null).status == 403
    own = {**plain, "X-CSRF-Token": csrf, "Origin": live.url}
    assert _request(live.url, "POST", "/api/review/undo", own).status == 200
    form = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    assert _request(live.url, "POST", "/review/undo", form, "csrf=nope").status == 403
    assert _request(live.url, "POST", "/review/undo", form, f"csrf={csrf}").status == 303
    assert _request(live.url, "GET", "/review/undo").status in (404, 405)


def test_every_state_change_is_a_post_refused_without_csrf(serve, example: Path) -> None:
    import json

    live = serve(example, watch=False)
    parts = urlsplit(live.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request("GET", "/api/openapi.json")
    document = json.loads(connection.getresponse().read())
    connection.close()
    api_methods = {m for item in document["paths"].values() for m in item}
    assert api_methods == {"get", "post"}, f"the API uses {api_methods}"
    posts = [p for p, item in document["paths"].items() if "post" in item]
    posts += ["/review/answer", "/review/undo", "/review/suspend", "/review/finish"]
    posts += ["/plan/feedback"]
    assert len(posts) >= 9, posts
    cookie, _csrf = _cookie_and_csrf(live.url)
    form = {"Cookie": cookie, "Content-Type": "application/x-www-form-urlencoded"}
    refused = {p: _request(live.url, "POST", p, form, "card_id=x&rating=3").status for p in posts}
    assert set(refused.values()) == {403}, f"POSTs not refused: {refused}"


def test_scripts_run_only_by_nonce(serve, gitbook_notes: Path) -> None:
    live = serve(gitbook_notes, watch=False)
    parts = urlsplit(live.url)
    for path in ("/page/hostile.md", "/page/gitbook-page.md", "/review", "/health", "/stats"):
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        connection.request("GET", path)
        response = connection.getresponse()
        html = response.read().decode()
        policy = response.getheader("content-security-policy", "")
        connection.close()
        nonce = re.search(r"script-src 'nonce-([\w-]+)'", policy)
        assert nonce and "unsafe-inline" not in policy, f"{path}: policy {policy!r}"
        scripts = re.findall(r"<script\b[^>]*>", html)
        assert scripts and all(f'nonce="{nonce.group(1)}"' in s for s in scripts), scripts
        handlers = re.findall(r"<[^>]+\son\w+\s*=", html)
        assert handlers == [], f"{path}: inline handlers {handlers}"


def test_loopback_app_refuses_other_host_names(serve, example: Path) -> None:
    live = serve(example, watch=False)
    assert _request(live.url, "GET", "/health").status == 200
    rebound = _request(live.url, "GET", "/health", {"Host": "attacker.example"})
    assert rebound.status == 400


def test_beyond_loopback_the_token_is_required(serve, example: Path) -> None:
    live = serve(example, watch=False, guard=Guard(loopback=False, token="sesame-123"))
    assert _request(live.url, "GET", "/health").status == 401
    assert _request(live.url, "GET", "/health?token=wrong").status == 401
    admitted = _request(live.url, "GET", "/health?token=sesame-123")
    assert admitted.status == 303 and admitted.getheader("location") == "/health"
    cookie = admitted.getheader("set-cookie", "").split(";", 1)[0]
    assert _request(live.url, "GET", "/health", {"Cookie": cookie}).status == 200
    bearer = {"Authorization": "Bearer sesame-123"}
    assert _request(live.url, "GET", "/api/findings", bearer).status == 200


@pytest.mark.parametrize("hostile", ["<script>", "onerror=", "javascript:"])
def test_the_api_never_serves_note_html_unescaped(serve, gitbook_notes: Path, hostile: str) -> None:
    live = serve(gitbook_notes, watch=False)
    parts = urlsplit(live.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    connection.request("GET", "/page/hostile.md")
    html = connection.getresponse().read().decode()
    connection.close()
    body = html.split('<div class="body">', 1)[1]
    assert hostile not in body
