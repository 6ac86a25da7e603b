"""How far a second careful reader agrees with the essay test set's keys: the ceiling to read
the planner's figures against.

    python bench/essay_agreement.py

A helper who had read neither the planner nor the keys listed, for each of the 120 dev and
test questions, the factors a good essay would argue (`tests/fixtures/essay-eval/human/`).
For each split this prints how much of the key that reader found (the counterpart of the
planner's R-precision), how much of what they listed the key allows (the counterpart of its
main-paragraph precision), and how often they said nothing fits a bound the notes miss.
"""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import Any

EVAL = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "essay-eval"


def _ids(value: str | list[str] | None) -> set[str]:
    if not value:
        return set()
    return {value} if isinstance(value, str) else set(value)


def agreement(split: str, answers: dict[str, set[str]]) -> dict[str, Any]:
    questions = json.loads((EVAL / split / "questions.json").read_text(encoding="utf-8"))
    found: list[float] = []
    sizes: list[int] = []
    allowed_share: list[float] = []
    mismatch_said = mismatch_total = 0
    for q in questions:
        listed = answers.get(q["id"])
        if listed is None:
            continue
        sizes.append(len(listed))
        if q.get("bound_mismatch"):
            mismatch_total += 1
            mismatch_said += not listed
            continue
        relevant = set(q["relevant"])
        if not relevant:
            continue
        allowed = relevant | _ids(q.get("stated")) | _ids(q.get("stated_also"))
        found.append(len(listed & relevant) / len(relevant))
        if listed:
            allowed_share.append(len(listed & allowed) / len(listed))
    return {
        "split": split,
        "questions": len(found) + mismatch_total,
        "key_found": round(statistics.mean(found), 3),
        "listed_allowed": round(statistics.mean(allowed_share), 3),
        "bound_mismatch_said": f"{mismatch_said}/{mismatch_total}",
        "factors_listed_mean": round(statistics.mean(sizes), 2),
    }


def main() -> None:
    rows = json.loads((EVAL / "human" / "answers.json").read_text(encoding="utf-8"))
    answers = {row["id"]: set(row["relevant"]) for row in rows}
    for split in ("dev", "test"):
        print(json.dumps(agreement(split, answers)))


if __name__ == "__main__":
    main()
