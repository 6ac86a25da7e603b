"""Draw a seeded sample of `LIKELY_MISSPELLING` findings from real notes, for judging by hand.

    python bench/spelling_sample.py [SPACES_DIR ...] [--size 50] [--seed 12]
                                    [--out bench/out/spelling-judged.json] [--src DIR]

Runs `notedeck check --json` (the real CLI, in a subprocess) over every space folder under
each SPACES_DIR (default: the real GitBook spaces `bench/fetch_gitbook.py` writes to
bench/out/gitbook-fetched), counts
findings by code, and samples `--size` `LIKELY_MISSPELLING` findings with `--seed`. Each
sampled item carries the word, the suggestion and the source line, so a person can judge it
without opening the notes. An item already judged in `--out` (same space, page, line and
word) keeps its verdict and reason; precision is reported over the judged items:

    {"verdict": "misspelling" | "not", "reason": "..."}

A word is a misspelling when its writer would want it corrected (`retreive`, `lenght`); it
is not when it is a name, jargon, a coinage or another language (`gcloud`, `modulo`).

`--src` runs another checkout's sources (the figure before a change): the committed
`spelling-judged-before.json` is `--src ../main/src --out bench/out/spelling-judged-before.json`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SPACES = ROOT / "bench" / "out" / "gitbook-fetched"
_WORD = re.compile(r"^'([^']+)' is not in the dictionary\.(?: Did you mean '([^']+)'\?)?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("spaces", nargs="*", type=Path, default=[DEFAULT_SPACES])
    parser.add_argument("--size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "spelling-judged.json")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="notedeck sources to run")
    args = parser.parse_args()

    by_code: Counter[str] = Counter()
    found: list[dict[str, Any]] = []
    folders = sorted(f for spaces in args.spaces for f in spaces.iterdir() if f.is_dir())
    for folder in folders:
        findings = _check(folder, args.src)
        by_code.update(f["code"] for f in findings)
        for finding in findings:
            if finding["code"] == "LIKELY_MISSPELLING":
                found.append(_item(folder, finding))
    rng = random.Random(args.seed)
    sample = rng.sample(found, min(args.size, len(found)))
    sample.sort(key=lambda item: (item["space"], item["page"], item["line"] or 0))
    judged = _judged(args.out)
    for item in sample:
        item.update(judged.get(_key(item), {"verdict": None, "reason": ""}))
    verdicts = Counter(item["verdict"] for item in sample if item["verdict"])
    precision = verdicts["misspelling"] / sum(verdicts.values()) if verdicts else None
    report = {
        "spaces": [folder.name for folder in folders],
        "findings_by_code": dict(by_code.most_common()),
        "likely_misspellings": len(found),
        "sample": {"size": len(sample), "seed": args.seed},
        "judged": sum(verdicts.values()),
        "misspellings": verdicts["misspelling"],
        "precision": round(precision, 3) if precision is not None else None,
        "items": sample,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in report.items() if k != "items"}, indent=1))


def _check(folder: Path, src: Path) -> list[dict[str, Any]]:
    """The findings `notedeck check --json` gives for one space, through the real CLI."""
    cli = shutil.which("notedeck") or str(Path(sys.executable).parent / "notedeck")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(src), *sys.path]))
    done = subprocess.run(
        [cli, "check", str(folder), "--json", "--no-cache"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    if done.returncode not in (0, 1):
        print(f"{folder.name}: exit {done.returncode}: {done.stderr.strip()}", file=sys.stderr)
        return []
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


def _item(folder: Path, finding: dict[str, Any]) -> dict[str, Any]:
    match = _WORD.match(finding["message"])
    word, guess = (match.group(1), match.group(2)) if match else (finding["message"], None)
    return {
        "space": folder.name,
        "page": finding["page"],
        "line": finding["line"],
        "word": word,
        "suggestion": guess,
        "text": _source_line(folder, finding["page"], finding["line"]),
    }


def _source_line(folder: Path, page: str | None, line: int | None) -> str:
    """The line a finding names, for the judge; a `.gitbook.yaml` root may sit lower."""
    if page is None or line is None:
        return ""
    candidates = [folder / page, *folder.glob(f"*/{page}")]
    for path in candidates:
        if path.is_file():
            lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
            return lines[line - 1].strip()[:300] if 0 < line <= len(lines) else ""
    return ""


def _key(item: dict[str, Any]) -> tuple[str, str, int, str]:
    return item["space"], item["page"], item["line"] or 0, item["word"]


def _judged(path: Path) -> dict[tuple[str, str, int, str], dict[str, Any]]:
    """Verdicts already written into the output file, by item."""
    if not path.is_file():
        return {}
    items = json.loads(path.read_text(encoding="utf-8")).get("items", [])
    return {
        _key(item): {"verdict": item["verdict"], "reason": item["reason"]}
        for item in items
        if item.get("verdict")
    }


if __name__ == "__main__":
    main()
