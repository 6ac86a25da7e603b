"""The reader: the notebook in SUMMARY order, one page at a time, with study extras."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import FileResponse, RedirectResponse, Response

from notedeck.web import deps

router = APIRouter(include_in_schema=False)

# Files a page may show from its folder: images and documents it links to. Anything else
# (HTML, SVG with scripts in it, the notes' own sources) is not served.
_ASSET_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".pdf": "application/pdf",
}


@router.get("/")
def home(request: Request) -> Response:
    ids = deps.snapshot(request).notebook.page_ids()
    return RedirectResponse(deps.page_url(ids[0]), status_code=303)


@router.get("/page/{page_id:path}")
def page(request: Request, page_id: str) -> Response:
    snap = deps.snapshot(request)
    try:
        shown = snap.notebook.page(page_id)
    except KeyError:
        raise HTTPException(404, f"No page {page_id!r} in this notebook.") from None
    rendered = deps.workspace(request).rendered(shown, snap)
    ids = snap.notebook.page_ids()
    at = ids.index(page_id)
    return deps.render(
        request,
        "reader.html",
        page=shown,
        body=rendered.html,
        title_line=rendered.title_line,
        previous=ids[at - 1] if at > 0 else None,
        following=ids[at + 1] if at + 1 < len(ids) else None,
        findings=len(shown.findings),
        live=True,
    )


@router.get("/asset/{path:path}")
def asset(request: Request, path: str) -> Response:
    """A file from the notebook folder; nothing outside it, whatever the path says."""
    root = deps.workspace(request).root.resolve()
    kind = _ASSET_TYPES.get(Path(path).suffix.lower())
    target = (root / path).resolve()
    if kind is None or not target.is_relative_to(root) or not target.is_file():
        raise HTTPException(404, "No such file in the notebook.")
    return FileResponse(target, media_type=kind)
