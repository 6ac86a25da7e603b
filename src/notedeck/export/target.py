"""Where an export may write: a regular file or a new path, replaced in one step.

An export used to write `out.partial` and rename it over `out`, whatever `out` was: a symlink
was replaced by a plain file, and run as root, `export anki /dev/full` would have replaced the
device itself. Now a target that exists must be a regular file; anything else (a device, a
FIFO, a socket, a symlink, a folder) is refused before anything is written. The new file is
written beside the target under a fresh name (`mkstemp`, so no file of that name is followed
or reused), synced, and renamed over the target, so a reader sees the old file or the new one,
never half of one. A file that is replaced keeps its permissions.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from notedeck.errors import ExportError

__all__ = ["check_target", "replacing"]

_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


def check_target(out: Path) -> os.stat_result | None:
    """The target's own status when it is a regular file, None when it does not exist yet.

    Raises:
        ExportError: the target exists and is not a regular file, or cannot be looked at.
    """
    try:
        status = os.lstat(out)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    if stat.S_ISREG(status.st_mode):
        return status
    kind = next((name for test, name in _KINDS if test(status.st_mode)), "not a regular file")
    raise ExportError(
        f"refusing to write {out}: it is {kind}; export writes only to a regular file or a new path"
    )


@contextmanager
def replacing(out: Path) -> Iterator[Path]:
    """A new temporary file beside `out` to write; renamed over `out` when the block succeeds,
    removed when it fails.

    Parent folders are created.

    Raises:
        ExportError: `out` is not a regular file or a new path, or cannot be written.
    """
    existing = check_target(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.chmod(partial, stat.S_IMODE(existing.st_mode) if existing else _new_file_mode())
        with partial.open("rb") as written:
            os.fsync(written.fileno())
        check_target(out)  # once more: it may have changed while we wrote
        os.replace(partial, out)
    except OSError as exc:
        _discard(partial)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        _discard(partial)
        raise


def _new_file_mode() -> int:
    """What `open(path, "w")` would give a new file: 0o666 less the umask."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def _discard(partial: Path) -> None:
    with contextlib.suppress(OSError):
        partial.unlink(missing_ok=True)
