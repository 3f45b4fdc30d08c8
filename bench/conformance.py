"""Conformance of the kernel's tactic models with Mathlib's own tactic tests.

Prints, per tactic: examples translated, agreeing, disagreeing (with the reason), and out
of the kernel's fragment. `python -m bench.conformance [--verbose]`.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.conformance.cases import load_cases, run_case  # noqa: E402


def main(verbose: bool = False) -> int:
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    disagreements = []
    start = time.perf_counter()
    for case in load_cases():
        row = rows[case.family]
        if case.expect == "out":
            row["out"] += case.weight
            continue
        row["translated"] += 1
        got, reason = run_case(case)
        if got == case.expect:
            row["agree"] += 1
        else:
            row["disagree"] += 1
            disagreements.append((case, got, reason))
        if verbose:
            print(f"{'ok ' if got == case.expect else 'BAD'} {case} expect={case.expect} got={got} {reason}")
    print(f"{'tactic':<19} {'translated':>10} {'agree':>6} {'disagree':>9} {'out':>5}")
    for name in sorted(rows):
        r = rows[name]
        print(f"{name:<19} {r['translated']:>10} {r['agree']:>6} {r['disagree']:>9} {r['out']:>5}")
    total = {k: sum(r[k] for r in rows.values()) for k in ("translated", "agree", "disagree", "out")}
    print(f"{'total':<19} {total['translated']:>10} {total['agree']:>6} {total['disagree']:>9} {total['out']:>5}")
    for case, got, reason in disagreements:
        print(f"disagrees: {case}: Lean {case.expect}s, kernel {got}s ({reason})")
    elapsed = time.perf_counter() - start
    print(f"{total['translated']} kernel checks (parse, preprocess, find and check the certificate) "
          f"in {elapsed:.1f} s: {total['translated'] / elapsed:.0f} checks/s")
    return 0


if __name__ == "__main__":
    sys.exit(main("--verbose" in sys.argv))
