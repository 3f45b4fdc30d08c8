"""Search vs decision procedures alone on a suite, same budget, same machine, one run.

    python bench/search.py [--suite S] [--timeout 30] [--workers 2] [--limit 0]

Prints, for each mode: proved, median time to proof, expansions per second; then the
theorems only search proved. Per-theorem results go to results/bench_search_{mode}.jsonl.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import MINIF2F, machine  # noqa: E402
from prover.decide.limits import cpu_count  # noqa: E402
from prover.runner.batch import run_batch  # noqa: E402
from prover.runner.suite import load_suite  # noqa: E402


def run(entries, timeout, workers, use_search, name):
    out = ROOT / "results" / f"bench_search_{name}.jsonl"
    out.parent.mkdir(exist_ok=True)
    if out.exists():
        out.unlink()
    start = time.monotonic()
    results = run_batch(entries, timeout, workers, out, use_search=use_search)
    return results, time.monotonic() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(MINIF2F))
    ap.add_argument("--timeout", type=float, default=30.0)
    ap.add_argument("--workers", type=int, default=cpu_count())
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    entries = load_suite(args.suite)[: args.limit or None]
    print(f"machine: {machine()}; suite: {args.suite} ({len(entries)}); {args.timeout:g}s/problem, {args.workers} workers")
    table = {}
    for name, use_search in (("decision-procedures", False), ("search", True)):
        results, wall = run(entries, args.timeout, args.workers, use_search, name)
        proved = [r for r in results if r["status"] == "proved"]
        exp = sum(r.get("expansions", 0) for r in results)
        busy = sum(r["time_s"] for r in results)
        table[name] = {r["name"] for r in proved}
        print(f"{name:>20}: proved {len(proved)}/{len(entries)} = {100 * len(proved) / len(entries):.1f}%  "
              f"median time to proof {statistics.median([r['time_s'] for r in proved]) if proved else 0:.2f}s  "
              f"expansions/s {exp / max(busy, 1e-9):.2f}  wall {wall:.0f}s  "
              f"statuses {dict(Counter(r['status'] for r in results))}")
    only = sorted(table["search"] - table["decision-procedures"])
    lost = sorted(table["decision-procedures"] - table["search"])
    print(f"proved only by search ({len(only)}): {', '.join(only)}")
    print(f"proved only without search ({len(lost)}): {', '.join(lost)}")


if __name__ == "__main__":
    main()
