"""Search with and without the language model, same suites, same budget, same run.

    python bench/lm_search.py [--suite S ...] [--timeout 10] [--workers 2] [--model default]

Memory is off in both arms, so the only difference is the LM (its proposals and its
ranking of every candidate). For each suite and arm it prints proved, tactic checks and
seconds per proof (over theorems both arms prove), LM calls, and the proofs with a step the
LM proposed; then the theorems only one arm proved. Per-theorem results go to
results/lm_search_{suite}_{arm}.jsonl.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import machine  # noqa: E402
from bench.self_improvement import proved_names  # noqa: E402
from prover.decide.limits import cpu_count  # noqa: E402
from prover.policy.compose import load_lm  # noqa: E402
from prover.runner.batch import run_batch  # noqa: E402
from prover.runner.suite import load_suite  # noqa: E402

SUITES = [ROOT / "results" / "minif2f_eval.jsonl", ROOT / "bench" / "suites" / "search_suite.jsonl"]


def lm_steps(result: dict) -> int:
    return sum(1 for s in result.get("tactics", []) if s.get("source") == "lm")


def run_arm(entries, suite: Path, arm: str, lm, timeout: float, workers: int) -> tuple[dict, float]:
    out = ROOT / "results" / f"lm_search_{suite.stem}_{arm}.jsonl"
    out.parent.mkdir(exist_ok=True)
    out.unlink(missing_ok=True)
    start = time.monotonic()
    results = run_batch(entries, timeout, workers, out, lm=lm)
    return {r["name"]: r for r in results}, time.monotonic() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", action="append", default=None, help="a suite (repeatable); default: miniF2F eval half and the search suite")
    ap.add_argument("--timeout", type=float, default=10.0)
    ap.add_argument("--workers", type=int, default=cpu_count())
    ap.add_argument("--model", default="default")
    args = ap.parse_args()
    suites = [Path(s) for s in args.suite] if args.suite else SUITES
    print(f"machine: {machine()}; {args.timeout:g}s/problem, {args.workers} workers, memory off; model {args.model}")
    for suite in suites:
        entries = load_suite(str(suite))
        arms = {}
        for arm, model in (("none", "none"), ("lm", args.model)):
            arms[arm] = run_arm(entries, suite, arm, load_lm(model), args.timeout, args.workers)
        both = proved_names(arms["none"][0].values()) & proved_names(arms["lm"][0].values())
        print(f"\n{suite.name} ({len(entries)} theorems)")
        for arm, (res, wall) in arms.items():
            proved = proved_names(res.values())
            shared = [res[n] for n in both]
            checks = statistics.mean(r.get("tactic_calls", 0) for r in shared) if shared else 0.0
            secs = statistics.mean(r["time_s"] for r in shared) if shared else 0.0
            with_lm = sorted(n for n in proved if lm_steps(res[n]))
            print(f"  {arm:>4}: proved {len(proved)}/{len(entries)} = {100 * len(proved) / len(entries):.1f}%  "
                  f"on the {len(both)} both prove: {checks:.1f} tactic checks, {secs:.2f} s per proof  "
                  f"LM calls {sum(r.get('lm_calls', 0) for r in res.values())}  wall {wall:.0f}s  "
                  f"proofs with an LM step {len(with_lm)}{': ' + ', '.join(with_lm) if with_lm else ''}")
        for a, b in (("lm", "none"), ("none", "lm")):
            only = sorted(proved_names(arms[a][0].values()) - proved_names(arms[b][0].values()))
            print(f"  only {a} ({len(only)}): {', '.join(only)}")


if __name__ == "__main__":
    main()
