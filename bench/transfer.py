"""Transfer through memory: prove suites the prover may learn from (memory on), then prove an
evaluation suite with that memory and, separately, with an empty one, at the same budget.
Reports both pass rates and the evaluation proofs that apply a lemma learned before.

    python bench/transfer.py --learn bench/suites/curriculum.jsonl bench/suites/search_suite.jsonl \
        results/minif2f_train.jsonl --eval results/minif2f_eval.jsonl [--timeout 10]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import machine  # noqa: E402
from bench.self_improvement import proved_names, run_half  # noqa: E402
from prover.decide.limits import cpu_count  # noqa: E402
from prover.runner.suite import load_suite  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--learn", nargs="+", required=True, help="Suites proved first, memory on.")
    ap.add_argument("--eval", required=True)
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=cpu_count())
    ap.add_argument("--encoder", default="auto")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="prover-transfer-"))
    evaluation = load_suite(args.eval)
    print(f"machine: {machine()}; {args.timeout:g}s/problem, {args.workers} workers, encoder {args.encoder}")
    for i, suite in enumerate(args.learn):
        entries = load_suite(suite)
        results, _ = run_half(entries, work / "memory", args.timeout, args.workers, args.encoder, f"learn{i}")
        print(f"learn {suite}: proved {sum(r['status'] == 'proved' for r in results)}/{len(entries)}")
    shutil.copytree(work / "memory", work / "eval_with_memory")
    with_mem, session = run_half(evaluation, work / "eval_with_memory", args.timeout, args.workers, args.encoder, "eval")
    empty, _ = run_half(evaluation, work / "eval_empty", args.timeout, args.workers, args.encoder, "eval")
    learned = {n for n, d in session.graph.graph.nodes(data=True) if str(d.get("suite", "")).startswith("learn")}
    applying = sorted(r["name"] for r in with_mem if r["status"] == "proved"
                      and any(lemma.get("node") in learned for lemma in r.get("lemmas", [])))
    p_mem, p_empty = (sum(r["status"] == "proved" for r in rs) for rs in (with_mem, empty))
    n = len(evaluation)
    print(f"eval with the learned memory: {p_mem}/{n} = {100 * p_mem / n:.1f}%")
    print(f"eval with an empty memory:    {p_empty}/{n} = {100 * p_empty / n:.1f}%")
    print(f"eval proofs applying a learned lemma: {len(applying)} {applying}")
    gained = sorted(proved_names(with_mem) - proved_names(empty))
    lost = sorted(proved_names(empty) - proved_names(with_mem))
    print(f"proved only with the learned memory: {gained}; only without: {lost}")
    print(f"results and memories: {work}")


if __name__ == "__main__":
    main()
