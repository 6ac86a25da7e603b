"""`/api/changes`: a browser waits here to hear that the notes changed, then reloads."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request

from notedeck.web import deps

router = APIRouter(tags=["live"])


@router.get("/api/changes")
def changes(
    request: Request,
    since: Annotated[int, Query(ge=0, le=2**53)] = 0,
    wait: Annotated[float, Query(ge=0, le=25)] = 0,
) -> dict[str, Any]:
    """The notes' version, once it passes `since` or `wait` seconds have passed."""
    workspace = deps.workspace(request)
    version = workspace.wait_for_change(since, wait) if wait else workspace.current().version
    return {"version": version, "error": workspace.current().error}
