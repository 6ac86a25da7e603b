"""The CLI and the browser at once: 200 answers over HTTP while `notedeck build` runs in a
loop on the same store, each build adding a point so that it writes. Nothing is lost and no
one meets "database is locked". Nothing here is timed; the test counts."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from notedeck.study.store import Store
from tests.helpers import write_notes
from tests.web.conftest import JsonClient

ANSWERS = 200
_CLI = "import sys\nfrom notedeck.cli import app\napp(sys.argv[1:], prog_name='notedeck')\n"


def _notes(root: Path) -> Path:
    points = "\n".join(
        f"* Treaty number {n} was signed in {1800 + n} by envoy Zorbel{n}" for n in range(260)
    )
    return write_notes(
        root,
        {
            "treaties.md": f"# Treaties\n\n## Causes\n\n### Diplomacy\n\n{points}\n",
            "growing.md": "# Growing page\n\n## Notes added while reviewing\n\n",
        },
    )


def _builds(notes: Path, db_url: str, stop: threading.Event, results: list[Any]) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    n = 0
    while not stop.is_set():
        n += 1
        with (notes / "growing.md").open("a", encoding="utf-8") as note:
            note.write(f"* Build {n} noted the year {1900 + n % 100}\n")
        results.append(
            subprocess.run(
                [sys.executable, "-c", _CLI, "build", str(notes), "--db", db_url],
                capture_output=True,
                text=True,
                env=env,
                timeout=300,
                check=False,
            )
        )


def test_answers_over_http_while_builds_run(serve, tmp_path: Path) -> None:
    notes = _notes(tmp_path / "notes")
    live = serve(notes, watch=False, new_limit=10_000)
    stop = threading.Event()
    builds: list[subprocess.CompletedProcess[str]] = []
    builder = threading.Thread(target=_builds, args=(notes, live.db_url, stop, builds))
    builder.start()
    acknowledged: list[str] = []
    failures: list[str] = []
    try:
        client = JsonClient(live.url)
        card = client.request("GET", "/api/review")[1]["card"]
        while len(acknowledged) < ANSWERS and card is not None:
            status, answer = client.request(
                "POST", "/api/review/answer", {"card_id": card["id"], "rating": 3}
            )
            if status != 200:
                failures.append(f"{status}: {answer}")
                break
            acknowledged.append(card["id"])
            card = answer["card"]
        client.close()
    finally:
        stop.set()
        builder.join()

    assert failures == [], f"answers refused: {failures}"
    assert len(acknowledged) == ANSWERS, f"only {len(acknowledged)} cards came up to answer"
    with Store.open(live.db_url) as store:
        logged = [r.card_id for r in store.review_history()]
    assert sorted(logged) == sorted(acknowledged), (
        f"{len(set(acknowledged) - set(logged))} acknowledged answers missing from the log"
    )
    assert builds, "no build ran while the answers were given"
    broken = [b.stderr for b in builds if b.returncode != 0 or "locked" in b.stderr + b.stdout]
    assert broken == [], f"{len(broken)} of {len(builds)} builds failed: {broken[:2]}"
    reports = [json.loads(b.stdout) for b in builds if b.stdout.startswith("{")]
    assert not reports or all(r["active"] > 0 for r in reports)
