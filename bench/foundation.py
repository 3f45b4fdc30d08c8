"""Benchmark of the foundation: parse rate, share of miniF2F-valid proved by the decision
procedures at a fixed budget, tactic checks per second, and the machine.

    python bench/foundation.py [--timeout 10] [--workers 2] [--limit 0]

Prints a table; writes per-theorem results to results/bench_foundation.jsonl.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from prover.checkers.sympy_checker import SympyChecker  # noqa: E402
from prover.decide.limits import cpu_count  # noqa: E402
from prover.errors import LeanSyntaxError  # noqa: E402
from prover.runner.batch import run_batch  # noqa: E402
from prover.runner.suite import load_suite  # noqa: E402
from prover.state import load_theorem  # noqa: E402

MINIF2F = ROOT.parent / "shared" / "benchmarks" / "minif2f" / "valid.jsonl"
CHECK_TACTICS = ["norm_num", "nlinarith", "ring", "linarith", "omega", "decide"]


def machine() -> str:
    return f"{platform.machine()} {platform.processor() or ''} {cpu_count()} cores, Python {platform.python_version()}"


def checks_per_second(theorems, per_check_s: float = 2.0) -> tuple[float, int]:
    """Apply each tactic of CHECK_TACTICS to each goal; median checks per second."""
    checker = SympyChecker()
    times = []
    for t in theorems:
        for tac in CHECK_TACTICS:
            start = time.monotonic()
            checker.apply(t.goal, tac, budget_s=per_check_s)
            times.append(time.monotonic() - start)
    return (1.0 / statistics.median(times) if times else 0.0), len(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(MINIF2F))
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=cpu_count())
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--search", action="store_true", help="Prove with search (default: decision procedures alone).")
    args = ap.parse_args()
    entries = load_suite(args.suite)
    if args.limit:
        entries = entries[: args.limit]
    parsed = []
    for e in entries:
        try:
            parsed.append(load_theorem(e.statement, name=e.name, header=e.header))
        except LeanSyntaxError:
            pass
    out = ROOT / "results" / "bench_foundation.jsonl"
    out.parent.mkdir(exist_ok=True)
    if out.exists():
        out.unlink()
    start = time.monotonic()
    results = run_batch(entries, args.timeout, args.workers, out, use_search=args.search)
    wall = time.monotonic() - start
    proved = [r for r in results if r["status"] == "proved"]
    sample = parsed[:: max(len(parsed) // 40, 1)]
    cps, n_checks = checks_per_second(sample)
    rows = [
        ("machine", machine()),
        ("suite", f"{args.suite} ({len(entries)} theorems)"),
        ("parse rate", f"{len(parsed)}/{len(entries)} = {100 * len(parsed) / len(entries):.1f}%"),
        (f"proved at {args.timeout:g}s/problem, {args.workers} workers, "
         f"{'search' if args.search else 'decision procedures alone'}",
         f"{len(proved)}/{len(entries)} = {100 * len(proved) / len(entries):.1f}%"),
        ("median time per proof", f"{statistics.median([r['time_s'] for r in proved]):.3f}s" if proved else "-"),
        ("batch wall time", f"{wall:.1f}s"),
        ("median tactic checks per second", f"{cps:.1f} (over {n_checks} checks)"),
    ]
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    methods = {}
    for r in proved:
        for m in r["methods"]:
            methods[m["method"]] = methods.get(m["method"], 0) + 1
    print("closing methods used:", json.dumps(methods))


if __name__ == "__main__":
    main()
