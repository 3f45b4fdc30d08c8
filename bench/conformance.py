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
        if got == case.lean:
            row["agree"] += 1
        else:
            row["disagree"] += 1
            disagreements.append((case, got, reason))
        if verbose:
            print(f"{'ok ' if got == case.lean else 'BAD'} {case} expect={case.expect} got={got} {reason}")
    print(f"{'tactic':<19} {'translated':>10} {'agree':>6} {'disagree':>9} {'out':>5}")
    for name in sorted(rows):
        r = rows[name]
        print(f"{name:<19} {r['translated']:>10} {r['agree']:>6} {r['disagree']:>9} {r['out']:>5}")
    total = {k: sum(r[k] for r in rows.values()) for k in ("translated", "agree", "disagree", "out")}
    print(f"{'total':<19} {total['translated']:>10} {total['agree']:>6} {total['disagree']:>9} {total['out']:>5}")
    elapsed = time.perf_counter() - start
    for case, got, reason in disagreements:
        known = " (known, listed `accept*`)" if case.known_disagreement and got == "refuse" else ""
        print(f"disagrees{known}: {case}: Lean {case.lean}s, kernel {got}s ({reason})")
    print(f"{total['translated']} kernel checks (parse, preprocess, find and check the certificate) "
          f"in {elapsed:.1f} s: {total['translated'] / elapsed:.0f} checks/s")
    certificate_speed()
    return 0


def certificate_speed() -> None:
    """Exact Farkas checks alone: every accepted linarith/nlinarith case, its certificate
    found once (untrusted LP), then re-checked by the kernel many times."""
    from prover.kernel import linarith as L
    from prover.kernel.lemmas import resolve
    from prover.kernel.tactics import split_args
    from prover.kernel.untrusted.farkas import find_certificate
    from prover.state import load_theorem

    jobs = []
    for case in load_cases():
        if case.expect != "accept" or case.family not in ("linarith", "nlinarith"):
            continue
        goal = load_theorem(case.statement).goal
        name, only, terms = split_args(case.tactic)
        hints = [(t, resolve(goal, t)) for t in terms]
        hyps = hints if only else list(goal.hypotheses) + hints
        for problems in L.runs(hyps, goal.target, name == "nlinarith"):
            for problem in problems:
                cert = find_certificate(problem)
                if cert is not None:
                    jobs.append((problem, cert))
                    break
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 2.0:
        for problem, cert in jobs:
            assert L.check_certificate(problem, cert)
            n += 1
    elapsed = time.perf_counter() - start
    print(f"certificate checks alone: {n / elapsed:.0f} per second ({len(jobs)} certificates, exact arithmetic)")


if __name__ == "__main__":
    sys.exit(main("--verbose" in sys.argv))
