"""The app factory: `create_app(root, db_url)` wires the workspace, security and screens.

Server-rendered pages (Jinja2) and a JSON API under `/api/` read the same library calls the
CLI makes; the OpenAPI document is at `/api/openapi.json`.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, tzinfo
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles

from notedeck.derive.timeline import TimelineMemo
from notedeck.errors import EssayError, ExamError, NotebookNotFound, NotedeckError, StoreError
from notedeck.page_cache import DEFAULT_MAX_PAGE_BYTES
from notedeck.web import deps
from notedeck.web.essays import Essays
from notedeck.web.exams import NoSuchExam
from notedeck.web.live import watch_notes
from notedeck.web.reviewing import NotShown, ReviewDesk
from notedeck.web.routes import api, exams, health, live, plan, reader, review, stats, timeline
from notedeck.web.security import Guard, make_middleware
from notedeck.web.workspace import Workspace

_HERE = Path(__file__).parent
# Which failure is which status; anything else a NotedeckError is a 500 with its message.
_STATUS: tuple[tuple[type[NotedeckError], int], ...] = (
    (NotShown, 409),
    (NotebookNotFound, 404),
    (EssayError, 400),
    (NoSuchExam, 404),
    (ExamError, 400),
    (StoreError, 503),
)


def create_app(
    root: Path | None,
    db_url: str | None = None,
    *,
    guard: Guard | None = None,
    watch: bool = True,
    use_cache: bool = True,
    new_limit: int = 20,
    clock: Callable[[], datetime] | None = None,
    tz: tzinfo | None = None,
    max_page_bytes: int = DEFAULT_MAX_PAGE_BYTES,
) -> FastAPI:
    """The app over the notebook at `root` (None: the bundled example) and its store.

    Args:
        root: notebook folder or file.
        db_url: review store URL; default as the CLI's (`$NOTEDECK_DB` or one file per notebook).
        guard: where the app listens and the token it requires; default loopback, no token.
        watch: reload the notes when a file changes (watchfiles).
        use_cache: read pages through the page cache, as the CLI does.
        new_limit: most new cards a review sitting introduces.
        clock: the time now, UTC-aware; a parameter so tests can fix it.
        tz: the learner's time zone for "today"; default the machine's.
        max_page_bytes: a larger note file is skipped with a finding, as in the CLI.

    Raises:
        NotedeckError: the notes cannot be found or the store cannot be opened.
    """
    now = clock or (lambda: datetime.now(UTC))
    zone = tz or datetime.now().astimezone().tzinfo or UTC
    workspace = Workspace(
        root,
        db_url,
        use_cache=use_cache,
        clock=now,
        max_page_bytes=max_page_bytes,
        links=deps.links_for,
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Load the thread pool that runs the routes (and its event-loop backend) now: the
        # first page a student opens would otherwise wait ~10-30 ms for it.
        await anyio.to_thread.run_sync(lambda: None)
        # What is loaded by now (the notes, their cards, the word list) lives as long as the
        # app: kept out of the garbage collector's full passes, which otherwise scan it all
        # (~100 ms) at some request soon after start, and at intervals after.
        gc.freeze()
        stop = threading.Event()
        watcher = None
        if watch:
            watcher = threading.Thread(
                target=watch_notes, args=(workspace, stop), name="notedeck-watch", daemon=True
            )
            watcher.start()
        try:
            yield
        finally:
            stop.set()
            if watcher is not None:
                watcher.join(timeout=5)
            workspace.close()
            gc.unfreeze()

    app = FastAPI(
        title="notedeck",
        summary="Read, review and plan from Markdown revision notes.",
        docs_url=None,  # the interactive docs load scripts from a CDN; the CSP forbids that
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.workspace = workspace
    app.state.desk = ReviewDesk(lambda: workspace.store, clock=now, tz=zone, new_limit=new_limit)
    app.state.templates = templates = Jinja2Templates(directory=_HERE / "templates")
    templates.env.filters["strip_icon"] = deps.strip_icon
    for name in templates.env.list_templates():  # compiled now (~1 ms each), not on first view
        templates.env.get_template(name)
    app.state.tz = zone
    app.state.essays = Essays()
    app.state.timeline_memo = TimelineMemo()  # after an edit, only edited pages are read
    app.state.clock = now
    app.middleware("http")(make_middleware(guard or Guard()))
    app.mount("/static", StaticFiles(directory=_HERE / "static"), name="static")
    for module in (reader, review, health, timeline, stats, plan, live, api):
        app.include_router(module.router)
    app.include_router(exams.router)
    app.include_router(exams.api)
    _handle_errors(app)
    return app


def error_body(status: int, message: str) -> dict[str, object]:
    """The one shape of every JSON error: `{"error": {"status": …, "message": …}}`."""
    return {"error": {"status": status, "message": message}}


def _handle_errors(app: FastAPI) -> None:
    def respond(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(error_body(status, message), status_code=status)
        return deps.render(
            request, "error.html", status_code=status, status=status, message=message
        )

    @app.exception_handler(NotedeckError)
    async def notedeck_error(request: Request, exc: NotedeckError) -> Response:
        status = next((code for kind, code in _STATUS if isinstance(exc, kind)), 500)
        return respond(request, status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return respond(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return respond(request, 422, f"{where}: {first.get('msg', 'invalid request')}")
