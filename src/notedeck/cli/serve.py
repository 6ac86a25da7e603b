"""`notedeck serve`: the web app over the notes, on this machine by default."""

from __future__ import annotations

import secrets
import socket
from typing import Annotated

import typer

from notedeck.cli.common import PathArg, fail, options, reported_errors
from notedeck.cli.study import DbOpt
from notedeck.cli.terminal import echo

HostOpt = Annotated[
    str,
    typer.Option(
        "--host",
        help="Address to listen on. Anything but 127.0.0.1/localhost requires a token, "
        "printed at start.",
    ),
]
PortOpt = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port (0: any free one).")]
NoWatchOpt = Annotated[
    bool, typer.Option("--no-watch", help="Do not reload the notes when a file changes.")
]


def register(app: typer.Typer) -> None:
    app.command()(serve)


def listening_socket(host: str, port: int) -> socket.socket:
    """A socket already listening, so connections wait from now on while the server starts.

    The protocol is named because asyncio sets TCP_NODELAY only on connections whose socket says
    it is TCP: with proto 0 every response waits 40 ms on the client's delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(
    path: PathArg = None,
    db: DbOpt = None,
    host: HostOpt = "127.0.0.1",
    port: PortOpt = 8765,
    no_watch: NoWatchOpt = False,
) -> None:
    """Read, review and plan in the browser: starts the app and prints its address."""
    import uvicorn

    from notedeck.web.app import create_app
    from notedeck.web.security import LOOPBACK_HOSTS, Guard

    loopback = host in LOOPBACK_HOSTS
    guard = Guard(loopback=loopback, token=None if loopback else secrets.token_urlsafe(24))
    limit = int(options.max_page_mb * 2**20)
    with reported_errors():
        app = create_app(path, db, guard=guard, watch=not no_watch, max_page_bytes=limit)
    try:
        sock = listening_socket(host, port)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    port = sock.getsockname()[1]
    # Browsers hold a long poll open for live reload; Ctrl+C should not wait 20 s for it.
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    shown = f"[{host}]" if ":" in host else host
    address = f"http://{shown}:{port}/"
    if guard.token:
        address += f"?token={guard.token}"
        echo(f"Listening beyond this machine; the token is required: {guard.token}")
    echo(f"notedeck is serving {app.state.workspace.current().notebook.title} at {address}")
    echo("Press Ctrl+C to stop.")
    server.run(sockets=[sock])
