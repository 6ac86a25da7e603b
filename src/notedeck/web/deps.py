"""What a route needs from the app: the workspace, the review desk, and a template renderer.

Kept on `app.state` by the factory, so several apps (tests, benchmarks) live side by side.
"""

from __future__ import annotations

from posixpath import normpath
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

from notedeck.model import Page
from notedeck.web.render import Links
from notedeck.web.reviewing import ReviewDesk
from notedeck.web.workspace import Snapshot, Workspace


def workspace(request: Request) -> Workspace:
    found: Workspace = request.app.state.workspace
    return found


def snapshot(request: Request) -> Snapshot:
    return workspace(request).current()


def desk(request: Request) -> ReviewDesk:
    found: ReviewDesk = request.app.state.desk
    return found


def page_url(page_id: str) -> str:
    return "/page/" + quote(page_id)


def asset_url(path: str) -> str:
    return "/asset/" + quote(path)


def cover_url(page: Page) -> str:
    """The cover image: a web address as given, a notebook file through `/asset/`, else none."""
    cover = (page.cover or "").strip()
    if cover.startswith(("https://", "http://")):
        return cover
    if not cover or ":" in cover.split("/", 1)[0] or cover.startswith("/"):
        return ""
    base = page.id.rsplit("/", 1)[0] + "/" if "/" in page.id else ""
    joined = normpath(base + cover)
    return "" if joined.startswith("..") else asset_url(joined)


def strip_icon(title: str, icon: str | None) -> str:
    """The title without its leading emoji, which the reader shows apart."""
    if icon and title.startswith(icon):
        return title[len(icon) :].lstrip()
    return title


def links_for(snap: Snapshot) -> Links:
    titles = {page.id: page.title for page in snap.notebook.pages}
    return Links(frozenset(titles), page_url, asset_url, titles)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    """A page from `templates/`, with what `base.html` needs: the sidebar, the nonce for
    scripts, the CSRF token for forms, and the notes' version for live reload."""
    templates: Jinja2Templates = request.app.state.templates
    snap = snapshot(request)
    base = {
        "notebook": snap.notebook,
        "version": snap.version,
        "reload_error": snap.error,
        "nonce": getattr(request.state, "nonce", ""),
        "csrf": getattr(request.state, "csrf", ""),
        "page_url": page_url,
        "cover_url": cover_url,
    }
    return templates.TemplateResponse(
        request, template, {**base, **context}, status_code=status_code
    )
