"""Measure essay plans and feedback on the blind essay test set (`tests/fixtures/essay-eval/`).

    python bench/essay_quality.py [--split dev|dev-b|…|dev-g|test|both|all] [--lexical]
        [--misses]

The notebook (16 pages, several topics that share vocabulary) was written by helpers who had
not read `src/notedeck/essay/`, with 120 questions and 16 graded essays split once into dev
and test; `dev-b` is a second dev batch (40 questions, 16 essays) written later by a new
helper, to tune on beside dev, and `dev-c` to `dev-m` eleven more (40 questions
each). `both` is dev and test, `all` every split. For each split this
reports the figures issue 10 asks for:

* R-precision of the ranked factors (the top |relevant| of `plan.ranked`);
* precision of the main paragraphs (for/against/main; extras, the weak factors, not counted);
* plans that use a trap factor as a main paragraph;
* bound mismatches said plainly (no main paragraph when nothing fits the time bound);
* stated factor found (or, when the notes have none, none claimed);
* question type right;
* feedback level exact and within one, and the F1 of the factors it says the essay used;
* on `dev` and `test`, questions no page answers (`uncovered/`) that get no plan.

`--misses` lists the questions behind each shortfall, on the dev batches only. Results go to
`bench/out/essay-quality.json`.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from notedeck.essay.embed import EmbeddingCache, load_embedder  # noqa: E402
from notedeck.essay.feedback import give_feedback  # noqa: E402
from notedeck.essay.plan import Role, plan_essay  # noqa: E402
from notedeck.essay.rank import FactorRef  # noqa: E402
from notedeck.notebook import load_notebook  # noqa: E402

EVAL = ROOT / "tests" / "fixtures" / "essay-eval"
OUT = ROOT / "bench" / "out"
_LEVELS = {"L1": 1, "L2": 2, "L3": 3, "L4": 4}


def factor_id(ref: FactorRef) -> str:
    return f"{ref.page}#{ref.factor}"


def _ids(value: str | list[str] | None) -> set[str]:
    """A key's factor ids: one, several (a compare question's second side), or none."""
    if value is None:
        return set()
    return {value} if isinstance(value, str) else set(value)


SPLITS = ("dev", *(f"dev-{letter}" for letter in "bcdefghijklm"), "test")


def _questions() -> dict[str, dict[str, Any]]:
    every: dict[str, dict[str, Any]] = {}
    for split in SPLITS:
        for q in json.loads((EVAL / split / "questions.json").read_text(encoding="utf-8")):
            every[q["id"]] = q
    return every


def evaluate(split: str, *, embedder: Any, cache: EmbeddingCache, misses: bool) -> dict[str, Any]:
    notebook = load_notebook(EVAL / "notebook", cache_dir=False)
    questions = json.loads((EVAL / split / "questions.json").read_text(encoding="utf-8"))
    r_precisions: list[float] = []
    main_hits = main_total = 0
    trap_plans = stated_right = stated_total = type_right = 0
    mismatch_right = mismatch_total = 0
    missed: list[str] = []
    for q in questions:
        plan = plan_essay(notebook, q["question"], embedder=embedder, cache=cache)
        type_right += plan.question.type.value == q["type"]
        mains = [factor_id(p.factor) for p in plan.paragraphs if p.role is not Role.EXTRA]
        relevant = set(q["relevant"])
        allowed = relevant | _ids(q.get("stated")) | _ids(q.get("stated_also"))
        if q.get("bound_mismatch"):
            mismatch_total += 1
            mismatch_right += not mains
            if mains and misses:
                missed.append(f"{q['id']} bound mismatch planned anyway: {mains}")
        elif relevant:
            top = [factor_id(ref) for ref, _ in plan.ranked[: len(relevant)]]
            r_precisions.append(len(relevant & set(top)) / len(relevant))
            main_total += len(mains)
            main_hits += sum(m in allowed for m in mains)
            if misses and set(mains) - allowed:
                missed.append(f"{q['id']} off-key mains {sorted(set(mains) - allowed)}")
        if set(mains) & set(q.get("traps", [])):
            trap_plans += 1
            if misses:
                missed.append(f"{q['id']} trap {sorted(set(mains) & set(q['traps']))}")
        if q["type"] in ("how_far", "to_what_extent", "significance", "compare"):
            stated_total += 1
            found = factor_id(plan.stated) if plan.stated else None
            wanted = _ids(q.get("stated"))
            ok = found in wanted if wanted else found is None
            stated_right += ok
            if misses and not ok:
                missed.append(f"{q['id']} stated {found} want {q.get('stated')}")
    essays_file = EVAL / split / "essays.json"
    essays = json.loads(essays_file.read_text(encoding="utf-8")) if essays_file.exists() else []
    every = _questions()
    exact = within = 0
    f1s: list[float] = []
    for essay in essays:
        text = (EVAL / split / essay["file"]).read_text(encoding="utf-8")
        question = every[essay["question_id"]]["question"]
        feedback = give_feedback(notebook, question, text, embedder=embedder, cache=cache)
        got, want = _LEVELS[feedback.level.value], essay["level"]
        exact += got == want
        within += abs(got - want) <= 1
        used = {factor_id(f) for f in feedback.factors_used}
        truth = set(essay["factors_used"])
        hits = len(used & truth)
        precision = hits / len(used) if used else float(not truth)
        recall = hits / len(truth) if truth else float(not used)
        f1s.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
        if misses and got != want:
            missed.append(f"{essay['id']} ({essay['kind']}) level L{got}, want L{want}")
    # Questions no page answers (`uncovered/`): the plan should say so, not plan anyway.
    uncovered_file = EVAL / "uncovered" / f"{split}.json"
    uncovered = json.loads(uncovered_file.read_text("utf-8")) if uncovered_file.exists() else []
    refused = 0
    for q in uncovered:
        plan = plan_essay(notebook, q["question"], embedder=embedder, cache=cache)
        refused += not plan.paragraphs
        if misses and plan.paragraphs:
            missed.append(f"{q['id']} uncovered, planned anyway: {q['question']}")
    counted = len(questions)
    result: dict[str, Any] = {
        "split": split,
        "questions": counted,
        "r_precision": round(statistics.mean(r_precisions), 3) if r_precisions else None,
        "main_paragraph_precision": round(main_hits / main_total, 3) if main_total else None,
        "trap_plans": f"{trap_plans}/{counted}",
        "bound_mismatch_said": f"{mismatch_right}/{mismatch_total}",
        "stated_found": f"{stated_right}/{stated_total}",
        "type_right": f"{type_right}/{counted}",
        "essays": len(essays),
        "level_exact": f"{exact}/{len(essays)}",
        "level_within_one": f"{within}/{len(essays)}",
        "factor_f1": round(statistics.mean(f1s), 3) if f1s else None,
        "uncovered_refused": f"{refused}/{len(uncovered)}",
    }
    if misses:
        result["misses"] = missed
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=(*SPLITS, "both", "all"), default="both")
    parser.add_argument("--lexical", action="store_true", help="rank by words only, no model")
    parser.add_argument("--misses", action="store_true", help="list shortfalls (dev only)")
    args = parser.parse_args()
    named = {"both": ("dev", "test"), "all": SPLITS}
    splits = named.get(args.split, (args.split,))
    embedder = None if args.lexical else load_embedder()
    results = []
    with (
        tempfile.TemporaryDirectory(prefix="notedeck-essay-eval-") as tmp,
        EmbeddingCache(Path(tmp)) as cache,
    ):
        for split in splits:
            dev_only = args.misses and split.startswith("dev")
            results.append(evaluate(split, embedder=embedder, cache=cache, misses=dev_only))
    for r in results:
        shown = {k: v for k, v in r.items() if k != "misses"}
        print(" · ".join(f"{k} {v}" for k, v in shown.items()))
        for miss in r.get("misses", []):
            print(f"      {miss}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "essay-quality.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
