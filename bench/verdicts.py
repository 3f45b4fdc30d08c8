"""Proving power in the kernel's verdicts: `checked`, `true-by-oracle`, `disproved`, counted
separately on one run of a suite (default miniF2F-valid) at a fixed budget, with search.

    python bench/verdicts.py [--timeout 10] [--workers 2] [--limit 0] [--suite FILE]

Prints the counts, the machine, certificate checks per second (every checked proof replayed
through the kernel checker afterwards, in this process) and the median time to a checked
proof, and lists what stays `true-by-oracle` by reason. Per-theorem results go to
results/bench_verdicts.jsonl.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import MINIF2F, machine  # noqa: E402
from prover.checkers.kernel_checker import KernelChecker, certify  # noqa: E402
from prover.runner.batch import run_batch  # noqa: E402
from prover.runner.suite import load_suite  # noqa: E402
from prover.search.verdict import VERDICTS, counts  # noqa: E402
from prover.state import load_theorem  # noqa: E402


def shape(statement: str) -> str:
    """A coarse reason class for a statement left true by oracle."""
    if "∣" in statement or "%" in statement or "Nat.Prime" in statement or "≡" in statement:
        return "divisibility / residues (beyond omega's linear fragment, or not reconstructed)"
    if any(f in statement for f in ("Real.sqrt", "√", "Real.log", "Real.exp", "Real.cos", "Real.sin", "Real.pi")):
        return "transcendental functions"
    if "∑" in statement or "∏" in statement or "Finset" in statement:
        return "sums and products"
    if "ℕ →" in statement or "ℝ →" in statement or "ℤ →" in statement or "ℚ →" in statement:
        return "functions and recurrences"
    if "/" in statement:
        return "division (denominators not cleared by the finders)"
    return "polynomial arithmetic (no certificate found)"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(MINIF2F))
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--offset", type=int, default=0)
    ap.add_argument("--out", default=str(ROOT / "results" / "bench_verdicts.jsonl"))
    ap.add_argument("--resume", action="store_true", help="Keep the results already in --out.")
    args = ap.parse_args()
    entries = load_suite(args.suite)[args.offset:]
    if args.limit:
        entries = entries[: args.limit]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    done = {}
    if args.resume and out.exists():
        done = {r["name"]: r for r in map(json.loads, out.read_text().splitlines())}
    elif out.exists():
        out.unlink()
    todo = [e for e in entries if e.name not in done]
    started = time.monotonic()
    results = dict(done)
    run_batch(todo, args.timeout, args.workers, out, lambda r: results.__setitem__(r["name"], r), use_search=True)
    wall = time.monotonic() - started
    rs = [results[e.name] for e in entries if e.name in results]
    c = counts(rs)
    n = len(rs)
    print(f"suite {Path(args.suite).name}: {n} theorems, {args.timeout:g} s each, {args.workers} workers, "
          f"{wall:.0f} s wall; machine: {machine()}")
    for v in VERDICTS:
        print(f"  {v:15s} {c[v]:4d}  {100 * c[v] / max(n, 1):5.1f}%")
    checked_times = [r["time_s"] for r in rs if r.get("verdict") == "checked"]
    if checked_times:
        print(f"median time to a checked proof: {statistics.median(checked_times):.2f} s")
    # Certificate checks per second: every checked proof replayed through the kernel checker.
    statements = {e.name: e for e in entries}
    steps, spent = 0, 0.0
    for r in rs:
        if r.get("verdict") != "checked":
            continue
        e = statements[r["name"]]
        goal = load_theorem(e.statement, name=e.name, header=e.header).goal
        t0 = time.monotonic()
        cert = certify(goal, r["proof"], KernelChecker())
        spent += time.monotonic() - t0
        steps += len(cert.steps)
        if not cert.ok:
            print(f"  ! {r['name']}: checked proof does not replay: {cert.message}")
    if steps:
        print(f"certificate checks: {steps} kernel steps in {spent:.2f} s = {steps / spent:.1f} checks/s "
              "(replay of every checked proof, structural steps included)")
    reasons = Counter()
    methods = Counter()
    for r in rs:
        if r.get("verdict") == "true-by-oracle":
            reasons[shape(statements[r["name"]].statement)] += 1
            for m in r.get("oracle") or []:
                methods[m.split(":")[0]] += 1
    if reasons:
        print("true-by-oracle, by statement shape:")
        for k, v in reasons.most_common():
            print(f"  {v:4d}  {k}")
        print("true-by-oracle, closing methods without a kernel certificate:")
        for k, v in methods.most_common():
            print(f"  {v:4d}  {k}")


if __name__ == "__main__":
    main()
