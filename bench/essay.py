"""Benchmark the essay planner: cold embedding, warm plan latency, memory and plan quality.

    python bench/essay.py [--pages 5000] [--questions 20] [--cold-pages N]

Makes (or reuses) the synthetic notebook of `make_notebook.py`, then measures

* cold index: the ranking index of the whole notebook with a fresh vector cache (every short
  text embedded by the model), and the lexical part alone; with `--cold-pages N` only the
  first N pages are embedded cold and the figure for all pages is extrapolated (labelled);
* warm start: the index again in a "new process" (in-memory caches cleared, vectors read
  from the SQLite cache);
* warm plan latency: `plan_essay` over `--questions` questions about the synthetic pages,
  index in memory; each question's own embedding is included (first pass) and cached
  (second pass); target 0.3 s;
* peak memory: maximum resident set size of this process, and the index's vector bytes;
* quality: the planner on the test question set over the example notebook (plus the Spain
  fixture page): recall and precision of the chosen main/for/against factors against the
  expected ones, and whether the stated factor was found;
* the blind essay set (`tests/fixtures/essay-eval/`, see `essay_quality.py`): issue 10's
  figures on dev and on test. `--quality-only` prints these and stops.

Prints a table and writes `bench/out/essay.json`.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))

import make_notebook

from notedeck.essay import index as ranking_index
from notedeck.essay.embed import EmbeddingCache, load_embedder
from notedeck.essay.plan import Role, plan_essay
from notedeck.model import Notebook
from notedeck.notebook import bundled_example, load_notebook

OUT = Path(__file__).parent / "out"
WARM_TARGET_S = 0.3


def _clear_memory() -> None:
    ranking_index._WORDS.clear()
    ranking_index._PAGE_VECTORS.clear()
    ranking_index._INDEXES.clear()
    ranking_index._WITH_VECTORS.clear()


def _questions(notebook: Notebook, count: int) -> list[str]:
    """Questions of every type about the synthetic pages' own names and factors."""
    templates = (
        "Explain why {leader} rose to power in {country}.",
        "How far was {factor} responsible for the rise of {leader}?",
        "How significant was {factor} in the rise of {leader}?",
        "To what extent was {factor} the main reason for the rise of {leader}?",
        "How did {leader} consolidate power in {country}?",
    )
    out: list[str] = []
    for page in notebook.pages[1 : 1 + 10 * count : 10]:
        m = re.search(r"(?:of|by|under) (\w+) in (\w+)", page.title)
        factors = [f.title for _, f in page.factors() if not f.weak]
        if not m or not factors:
            continue
        leader, country = m.groups()
        template = templates[len(out) % len(templates)]
        out.append(template.format(leader=leader, country=country, factor=factors[0]))
        if len(out) == count:
            break
    return out


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def bench_first_plan(notebook: Notebook, model: Any, asked: list[str]) -> dict[str, Any]:
    """What a student waits for on a notebook never planned from: the first plan (a fresh
    process, no vectors stored: the lexical index, then only the pages the question's words
    point at embedded), a second question, and a plan after one page is edited."""
    out: dict[str, Any] = {}
    with (
        tempfile.TemporaryDirectory(prefix="notedeck-bench-first-") as tmp,
        EmbeddingCache(Path(tmp)) as cache,
    ):
        _clear_memory()
        for label, question in (("first_s", asked[0]), ("second_question_s", asked[1])):
            before = model.texts_embedded
            t = time.perf_counter()
            plan_essay(notebook, question, embedder=model, cache=cache)
            out[label] = round(time.perf_counter() - t, 2)
            out[label.removesuffix("_s") + "_texts_embedded"] = model.texts_embedded - before
        page = notebook.pages[1]  # new content as far as every cache can tell
        edited = replace(page, digest=page.digest + "-edited")
        changed = replace(notebook, pages=(notebook.pages[0], edited, *notebook.pages[2:]))
        t = time.perf_counter()
        plan_essay(changed, asked[0], embedder=model, cache=cache)
        out["after_one_page_edit_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        plan_essay(changed, asked[0], embedder=model, cache=cache)
        out["warm_s"] = round(time.perf_counter() - t, 3)
    return out


def bench_scale(root: Path, pages: int, questions: int, cold_pages: int | None) -> dict[str, Any]:
    started = time.perf_counter()
    notebook = load_notebook(root, cache_dir=OUT / "page-cache")
    load_s = time.perf_counter() - started
    load = load_embedder()
    assert load.embedder is not None, load.reason
    model = load.embedder
    result: dict[str, Any] = {"pages": len(notebook.pages), "notebook_load_s": round(load_s, 2)}

    asked = _questions(notebook, questions)
    result["first_plan"] = bench_first_plan(notebook, model, asked)

    with tempfile.TemporaryDirectory(prefix="notedeck-bench-vectors-") as tmp:
        cold = notebook
        if cold_pages:
            cold = Notebook(notebook.root, notebook.title, notebook.pages[:cold_pages])
        _clear_memory()
        t = time.perf_counter()
        ranking_index.notebook_index(cold)
        lexical_s = time.perf_counter() - t
        before = model.texts_embedded
        with EmbeddingCache(Path(tmp)) as cache:
            t = time.perf_counter()
            ranking_index.notebook_index(cold, embedder=model, cache=cache)
            embed_s = time.perf_counter() - t
        texts = model.texts_embedded - before
        scale = len(notebook.pages) / len(cold.pages)
        result["cold"] = {
            "pages_embedded": len(cold.pages),
            "texts_embedded": texts,
            "lexical_index_s": round(lexical_s, 2),
            "embedding_s": round(embed_s, 1),
            "texts_per_s": round(texts / embed_s, 1),
            "extrapolated": cold_pages is not None,
            "embedding_s_all_pages": round(embed_s * scale, 1),
        }
        if cold_pages:  # the rest, so warm figures cover every page
            with EmbeddingCache(Path(tmp)) as cache:
                ranking_index.notebook_index(notebook, embedder=model, cache=cache)

        with EmbeddingCache(Path(tmp)) as cache:
            _clear_memory()
            t = time.perf_counter()
            index = ranking_index.notebook_index(notebook, embedder=model, cache=cache)
            result["warm_start_index_s"] = round(time.perf_counter() - t, 2)
            vectors = sum(
                v.nbytes
                for v in (index.page_vectors, index.section_vectors, index.factor_vectors)
                if v is not None
            )
            result["index_rows"] = {"sections": len(index.sections), "factors": len(index.factors)}
            result["index_vector_mb"] = round(vectors / 1e6, 1)

            passes: list[list[float]] = []
            planned = 0
            for _ in range(2):
                times = []
                for q in asked:
                    t = time.perf_counter()
                    plan = plan_essay(notebook, q, embedder=model, cache=cache)
                    times.append(time.perf_counter() - t)
                    planned += plan.planned
                passes.append(times)
        result["warm_plan"] = {
            "questions": len(asked),
            "planned": planned // 2,
            "first_pass_median_s": round(statistics.median(passes[0]), 4),
            "first_pass_p95_s": round(_percentile(passes[0], 0.95), 4),
            "cached_median_s": round(statistics.median(passes[1]), 4),
            "cached_p95_s": round(_percentile(passes[1], 0.95), 4),
            "target_s": WARM_TARGET_S,
            "examples": asked[:5],
        }
    result["maxrss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return result


def bench_quality() -> dict[str, Any]:
    from tests.essay.test_plan import CASES  # the question set the tests pin down

    load = load_embedder()
    with tempfile.TemporaryDirectory(prefix="notedeck-bench-quality-") as tmp:
        root = Path(tmp) / "modern-history"
        shutil.copytree(bundled_example(), root)
        shutil.copy(
            Path(__file__).parents[1] / "tests/fixtures/notes/essay_spain.md",
            root / "essay_spain.md",
        )
        notebook = load_notebook(root, cache_dir=False)
        rows = []
        with EmbeddingCache(Path(tmp) / "vectors") as cache:
            for mode, embedder in (("hybrid", load), ("lexical", None)):
                for question, _qtype, page, _section, stated, expected in CASES:
                    plan = plan_essay(notebook, question, embedder=embedder, cache=cache)
                    chosen = {
                        (p.factor.page, p.factor.factor)
                        for p in plan.paragraphs
                        if p.role is not Role.EXTRA
                    }
                    want = {(page, f) for f in expected}
                    hit = len(chosen & want)
                    rows.append(
                        {
                            "mode": mode,
                            "question": question,
                            "recall": hit / len(want),
                            "precision": hit / len(chosen) if chosen else 0.0,
                            "stated_expected": stated is not None,
                            "stated_found": stated is not None
                            and plan.stated is not None
                            and (plan.stated.page, plan.stated.factor) == (page, stated),
                        }
                    )
    summary = {}
    for mode in ("hybrid", "lexical"):
        mine = [r for r in rows if r["mode"] == mode]
        stated = [r for r in mine if r["stated_expected"]]
        summary[mode] = {
            "questions": len(mine),
            "recall": round(statistics.mean(r["recall"] for r in mine), 3),
            "precision": round(statistics.mean(r["precision"] for r in mine), 3),
            "stated_found": f"{sum(r['stated_found'] for r in stated)}/{len(stated)}",
        }
    return {"summary": summary, "rows": rows}


def blind_set_figures() -> list[dict[str, Any]]:
    """Issue 10's figures on each split of the blind essay set, with the real model."""
    import essay_quality

    model = load_embedder()
    with (
        tempfile.TemporaryDirectory(prefix="notedeck-bench-blind-") as tmp,
        EmbeddingCache(Path(tmp)) as cache,
    ):
        return [
            essay_quality.evaluate(split, embedder=model, cache=cache, misses=False)
            for split in ("dev", "test")
        ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--cold-pages", type=int, default=None, help="embed only N pages cold")
    parser.add_argument("--json", type=Path, default=OUT / "essay.json")
    parser.add_argument(
        "--quality-only",
        action="store_true",
        help="only the blind test set's dev and test figures (bench/essay_quality.py)",
    )
    args = parser.parse_args(argv)

    splits = blind_set_figures()
    for figures in splits:
        print(" · ".join(f"{k} {v}" for k, v in figures.items()))
    if args.quality_only:
        return 0
    root = make_notebook.default_out_dir(args.pages)
    if make_notebook.is_current(root, args.pages):
        print(f"reusing {root}")
    else:
        make_notebook.make_notebook(args.pages, root)
        print(f"wrote {root}")
    scale = bench_scale(root, args.pages, args.questions, args.cold_pages)
    quality = bench_quality()
    result = {"scale": scale, "quality": quality, "blind_set": splits}
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")

    cold, warm, first = scale["cold"], scale["warm_plan"], scale["first_plan"]
    label = " (extrapolated)" if cold["extrapolated"] else ""
    rows = [
        ("pages", f"{scale['pages']}"),
        ("notebook load (page cache warm)", f"{scale['notebook_load_s']} s"),
        ("first plan, nothing embedded", f"{first['first_s']} s "
                                         f"({first['first_texts_embedded']} texts embedded)"),
        ("second question", f"{first['second_question_s']} s "
                            f"({first['second_question_texts_embedded']} texts embedded)"),
        ("plan after a one-page edit", f"{first['after_one_page_edit_s']} s"),
        ("index rows", f"{scale['index_rows']['sections']} sections, "
                       f"{scale['index_rows']['factors']} factors"),
        ("cold lexical index", f"{cold['lexical_index_s']} s ({cold['pages_embedded']} pages)"),
        ("cold embedding", f"{cold['embedding_s']} s for {cold['texts_embedded']} texts "
                           f"({cold['texts_per_s']}/s)"),
        (f"cold embedding, all pages{label}", f"{cold['embedding_s_all_pages']} s"),
        ("warm start (vectors from SQLite)", f"{scale['warm_start_index_s']} s"),
        ("warm plan, new question", f"median {warm['first_pass_median_s']} s, "
                                    f"p95 {warm['first_pass_p95_s']} s (target {WARM_TARGET_S})"),
        ("warm plan, repeated question", f"median {warm['cached_median_s']} s, "
                                         f"p95 {warm['cached_p95_s']} s"),
        ("peak RSS", f"{scale['maxrss_mb']} MB (vectors {scale['index_vector_mb']} MB)"),
    ]  # fmt: skip
    for mode, s in quality["summary"].items():
        rows.append((f"quality ({mode})", f"recall {s['recall']}, precision {s['precision']}, "
                                          f"stated found {s['stated_found']}"))  # fmt: skip
    width = max(len(k) for k, _ in rows)
    for key, value in rows:
        print(f"{key:<{width}}  {value}")
    print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
