"""What keeps the app to its user: where it listens, who may call it, and what a page may run.

- Path escapes: any `..` segment (or a backslash) in a request path is a 404, before routing.
- Host: on a loopback address only `localhost`/`127.0.0.1`/`[::1]` Host headers are served,
  so a web page cannot reach the app through DNS rebinding.
- Token: listening elsewhere requires the token printed at start (`?token=` once, then a
  cookie, or `Authorization: Bearer`).
- Cross-site requests: every POST needs a CSRF token tied to the browser's session cookie,
  and a request whose Origin is not the app's own is refused.
- Content-Security-Policy: scripts run only with the nonce of the response that sent them.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode

from fastapi import HTTPException, Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

SESSION_COOKIE = "notedeck_session"
TOKEN_COOKIE = "notedeck_token"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True, slots=True)
class Guard:
    """The app's security settings.

    Attributes:
        loopback: the app listens on a loopback address only (the default).
        token: required from every client when set (listening beyond loopback).
        secret: signs CSRF tokens; new on every start.
    """

    loopback: bool = True
    token: str | None = None
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def csrf_for(self, sid: str) -> str:
        return hmac.new(self.secret, sid.encode(), hashlib.sha256).hexdigest()


def escapes(path: str) -> bool:
    """A path with a `..` segment or a backslash: it could only be meant to leave a folder."""
    return "\\" in path or any(part in ("..", ".") for part in path.split("/")[1:] if part)


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def make_middleware(
    guard: Guard,
) -> Callable[[Request, Callable[[Request], Awaitable[Response]]], Awaitable[Response]]:
    """The one middleware every request passes: checks first, security headers last."""

    async def middleware(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        raw = request.scope.get("raw_path", b"").decode("latin-1").split("?", 1)[0]
        if escapes(request.url.path) or escapes(raw) or "%2e%2e" in raw.lower():
            return PlainTextResponse("Not found.", status_code=404)
        host = _host_name(request.headers.get("host", ""))
        if guard.loopback and host not in LOOPBACK_HOSTS:
            return PlainTextResponse("This notedeck only answers on localhost.", status_code=400)
        if guard.token is not None:
            given = request.query_params.get("token")
            if given is not None and hmac.compare_digest(given, guard.token):
                query = urlencode([(k, v) for k, v in parse_qsl(request.url.query) if k != "token"])
                target = request.url.path + (f"?{query}" if query else "")
                response: Response = RedirectResponse(target, status_code=303)
                response.set_cookie(TOKEN_COOKIE, guard.token, httponly=True, samesite="strict")
                return response
            presented = request.cookies.get(TOKEN_COOKIE) or _bearer(request)
            if not presented or not hmac.compare_digest(presented, guard.token):
                return PlainTextResponse(
                    "This notedeck needs the token printed when it started (?token=…).",
                    status_code=401,
                )
        if request.method in _UNSAFE and not _same_origin(request):
            return PlainTextResponse("Cross-site request refused.", status_code=403)
        sid = request.cookies.get(SESSION_COOKIE)
        fresh = not sid or len(sid) > 64
        if fresh:
            sid = secrets.token_urlsafe(24)
        assert sid is not None
        nonce = secrets.token_urlsafe(16)
        request.state.sid = sid
        request.state.nonce = nonce
        request.state.csrf = guard.csrf_for(sid)
        response = await call_next(request)
        if fresh:
            response.set_cookie(SESSION_COOKIE, sid, httponly=True, samesite="strict")
        headers = response.headers
        headers["Content-Security-Policy"] = (
            f"default-src 'self'; script-src 'nonce-{nonce}'; style-src 'self'; "
            "img-src 'self' https: data:; object-src 'none'; base-uri 'none'; "
            "frame-ancestors 'none'; form-action 'self'; connect-src 'self'"
        )
        headers["X-Content-Type-Options"] = "nosniff"
        headers["Referrer-Policy"] = "same-origin"  # "no-referrer" makes a form's Origin "null"
        headers["X-Frame-Options"] = "DENY"
        return response

    return middleware


def _bearer(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


def _same_origin(request: Request) -> bool:
    """No Origin (a script or curl) passes here and meets the CSRF check; a browser always
    sends one with a POST, and it must be this app's own."""
    origin = request.headers.get("origin")
    if origin is None:
        return True
    host = request.headers.get("host", "")
    return origin in (f"http://{host}", f"https://{host}")


async def require_csrf(request: Request) -> None:
    """Dependency of every state-changing route: the session's CSRF token, from the
    `X-CSRF-Token` header or the form's `csrf` field.

    Raises:
        HTTPException: 403 when the token is missing or wrong.
    """
    expected: str = request.state.csrf
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not given or not hmac.compare_digest(given, expected):
        raise HTTPException(403, "Missing or wrong CSRF token; reload the page and try again.")
