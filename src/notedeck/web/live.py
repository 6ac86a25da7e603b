"""Live reload: a note file saved is in the app within a second.

watchfiles reports changes under the notebook folder; the workspace reloads through the page
cache and rebuilds the cards (identity kept, as in `build`), and browsers waiting on
`/api/changes` hear of the new version.
"""

from __future__ import annotations

import threading
from pathlib import Path

from watchfiles import Change, watch

from notedeck.notebook import NOTE_SUFFIXES
from notedeck.web.workspace import Workspace

# watchfiles waits 1.6 s for a burst of events to end by default; an editor's save is one
# burst of a few events within milliseconds, so 50 ms is enough and keeps a reload under 1 s.
_DEBOUNCE_MS = 50
_STEP_MS = 20
_WATCHED_NAMES = frozenset({".gitbook.yaml", "SUMMARY.md"})


def is_note_change(change: Change, path: str) -> bool:
    """A change that can alter what the app shows: a note, the summary or GitBook config."""
    name = Path(path).name
    return name in _WATCHED_NAMES or name.lower().endswith(NOTE_SUFFIXES)


def watch_notes(workspace: Workspace, stop: threading.Event) -> None:
    """Reload `workspace` on every burst of note changes until `stop` is set."""
    root = workspace.root
    for _changes in watch(
        root,
        watch_filter=is_note_change,
        debounce=_DEBOUNCE_MS,
        step=_STEP_MS,
        stop_event=stop,
        rust_timeout=500,
        yield_on_timeout=False,
        raise_interrupt=False,
    ):
        workspace.reload()
