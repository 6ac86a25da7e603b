"""`notedeck serve` as a user starts it: the address it prints answers, on loopback unless
`--host` says otherwise, and then only with the printed token."""

from __future__ import annotations

import asyncio
import os
import re
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from typer.testing import CliRunner

from notedeck.cli import app
from notedeck.cli.serve import listening_socket

_CLI = "import sys\nfrom notedeck.cli import app\napp(sys.argv[1:], prog_name='notedeck')\n"


@contextmanager
def _serving(*args: str, db: Path) -> Iterator[tuple[str, str]]:
    """Start `notedeck serve ARGS` and yield (the line it printed, the address in it)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _CLI,
            "serve",
            *args,
            "--port",
            "0",
            "--no-watch",
            "--db",
            f"sqlite:///{db}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stdout is not None
        printed = ""
        while "serving" not in printed:
            line = process.stdout.readline()
            if not line:
                raise AssertionError(f"serve stopped: {process.stderr.read()}")  # type: ignore[union-attr]
            printed += line
        address = re.search(r"http://\S+", printed.split("serving", 1)[1])
        assert address, printed
        yield printed, address.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_prints_a_loopback_address_that_answers(tmp_path: Path) -> None:
    with _serving(db=tmp_path / "s.sqlite") as (printed, address):
        assert address.startswith("http://127.0.0.1:"), printed
        assert "Modern History Revision" in printed
        with urllib.request.urlopen(address + "health") as response:
            assert response.status == 200
            assert "Health of the notes" in response.read().decode()


def test_serve_beyond_loopback_requires_the_printed_token(tmp_path: Path) -> None:
    with _serving("--host", "0.0.0.0", db=tmp_path / "s.sqlite") as (printed, address):
        token = re.search(r"token is required: (\S+)", printed)
        assert token and address.endswith(f"?token={token.group(1)}"), printed
        bare = address.split("?", 1)[0].replace("0.0.0.0", "127.0.0.1")
        try:
            urllib.request.urlopen(bare + "api/findings")
            raise AssertionError("answered without the token")
        except urllib.error.HTTPError as refused:
            assert refused.code == 401
        request = urllib.request.Request(
            bare + "api/findings", headers={"Authorization": f"Bearer {token.group(1)}"}
        )
        with urllib.request.urlopen(request) as response:
            assert response.status == 200


def test_serve_on_a_missing_folder_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "nowhere" in result.stderr and "Traceback" not in result.output


def test_served_connections_send_each_response_without_waiting_for_an_ack() -> None:
    """Headers and body go out as two writes; without TCP_NODELAY the body waits for the
    client's delayed ACK, and every click in the app takes 40 ms more."""
    nodelay: list[int] = []

    async def accept_one(sock: socket.socket) -> None:
        def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            peer = writer.get_extra_info("socket")
            nodelay.append(peer.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            writer.close()

        server = await asyncio.start_server(connected, sock=sock)
        port = sock.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        while not nodelay:
            await asyncio.sleep(0.01)
        writer.close()
        server.close()

    # A thread of its own: a browser test before this one may leave an event loop running.
    sock = listening_socket("127.0.0.1", 0)
    thread = threading.Thread(target=lambda: asyncio.run(accept_one(sock)))
    thread.start()
    thread.join(timeout=30)
    assert nodelay and nodelay[0] != 0
