"""Self-improvement, measured honestly: prove half A of a suite with the memory on; then
prove half B with A's memory and, separately, with an empty (library-only) memory, at the
same budget. Reports both pass rates on B and how many B proofs used a step proposed from a
node learned on A. A theorem's own node is never retrieved for it.

    python bench/self_improvement.py [--suite S] [--timeout 10] [--workers 2] [--encoder auto]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import MINIF2F, machine  # noqa: E402
from prover.decide.limits import cpu_count  # noqa: E402
from prover.memory.session import MemorySession  # noqa: E402
from prover.runner.batch import run_batch  # noqa: E402
from prover.runner.suite import load_suite  # noqa: E402


def run_half(entries, folder: Path, timeout, workers, encoder, label):
    session = MemorySession(folder, encoder, suite=label)
    results = run_batch(entries, timeout, workers, folder.with_suffix(".jsonl"), use_search=True, memory=session)
    session.save()
    return results, session


def proved_names(results) -> set[str]:
    return {r["name"] for r in results if r["status"] == "proved"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(MINIF2F))
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=cpu_count())
    ap.add_argument("--encoder", default="auto")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    entries = load_suite(args.suite)
    rng = random.Random(args.seed)
    rng.shuffle(entries)
    half_a, half_b = entries[: len(entries) // 2], entries[len(entries) // 2:]
    work = Path(tempfile.mkdtemp(prefix="prover-selfimprove-"))
    print(f"machine: {machine()}; suite {args.suite}: A {len(half_a)}, B {len(half_b)}; "
          f"{args.timeout:g}s/problem, {args.workers} workers, encoder {args.encoder}")
    res_a, session_a = run_half(half_a, work / "memA", args.timeout, args.workers, args.encoder, "A")
    learned_a = {n for n, d in session_a.graph.graph.nodes(data=True) if d.get("suite") == "A" and d["kind"] != "failed"}
    print(f"A with memory: proved {sum(r['status'] == 'proved' for r in res_a)}/{len(half_a)}; "
          f"memory learned {len(learned_a)} nodes")
    shutil.copytree(work / "memA", work / "memB_with_A")
    res_b_mem, _ = run_half(half_b, work / "memB_with_A", args.timeout, args.workers, args.encoder, "B")
    res_b_empty, _ = run_half(half_b, work / "memB_empty", args.timeout, args.workers, args.encoder, "B")
    used = [r["name"] for r in res_b_mem if r["status"] == "proved" and any(
        t.get("source", "").startswith("memory:") and t["source"].split(":", 1)[1] in learned_a for t in r.get("tactics", []))]
    p_mem = sum(r["status"] == "proved" for r in res_b_mem)
    p_empty = sum(r["status"] == "proved" for r in res_b_empty)
    print(f"B with A's memory: proved {p_mem}/{len(half_b)} = {100 * p_mem / len(half_b):.1f}%")
    print(f"B with empty memory: proved {p_empty}/{len(half_b)} = {100 * p_empty / len(half_b):.1f}%")
    print(f"B proofs that used a step proposed from a node learned on A: {len(used)} {used}")
    only_mem = sorted(proved_names(res_b_mem) - proved_names(res_b_empty))
    print(f"proved on B only with A's memory: {only_mem}")
    print(f"results and memories: {work}")


if __name__ == "__main__":
    main()
